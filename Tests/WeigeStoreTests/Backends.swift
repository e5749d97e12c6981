import Foundation
import Testing
import WeigeStore
import WeigeTestSupport

/// The stores that every test not about SQLite's file runs against: a SQLite file, and a
/// database on a real PostgreSQL server (`PostgresServer`, started by the tests themselves).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case sqlite
  case postgres

  var testDescription: String { rawValue }

  /// A new, empty store of this backend.
  func makeStore() throws -> any EventStore {
    switch self {
    case .sqlite:
      return try SQLiteEventStore(path: temporaryStorePath())
    case .postgres:
      let server = try PostgresServer.running()
      return try PostgresEventStore(
        url: try server.newDatabase(), access: .create, environment: server.environment)
    }
  }

  /// The same store opened again, as another process would.
  func reopen(_ location: String, access: StoreAccess = .readWrite) throws -> any EventStore {
    switch self {
    case .sqlite: try SQLiteEventStore(path: location, access: access)
    case .postgres:
      try PostgresEventStore(
        url: location, access: access, environment: try PostgresServer.running().environment)
    }
  }

  /// What a `weige` child needs to reach the store: the password file, for the server.
  var environment: [String: String] {
    switch self {
    case .sqlite: ProcessInfo.processInfo.environment
    case .postgres: (try? PostgresServer.running().environment) ?? ProcessInfo.processInfo.environment
    }
  }

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

  /// Starts `weige` with `arguments`, reaching this backend's stores.
  func weige(_ arguments: [String]) throws -> Child { try Child(arguments, environment: environment) }
}
