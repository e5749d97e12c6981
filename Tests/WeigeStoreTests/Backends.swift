import Foundation
import WeigeStoreTestSupport
import WeigeTestSupport

extension Backend {
  /// Runs `sql` on the store behind its back (the sqlite3 shell, or psql with `weige` as the
  /// search path, so that one statement names the same tables in both); the exit status.
  @discardableResult
  func tamper(_ location: String, _ sql: String) throws -> Int32 {
    switch self {
    case .sqlite:
      return try sqlite3(location, sql)
    case .postgres:
      let database = String(location.split(separator: "/").last ?? "")
      do {
        try PostgresServer.running().psql("SET search_path = weige; " + sql, database: database)
        return 0
      } catch {
        return 1
      }
    }
  }
}
