import Foundation
import Testing
import WeigeStore
import WeigeTestSupport

/// The stores that every test not about SQLite's file runs against: a SQLite file, and a
/// database on a real PostgreSQL server (`PostgresServer`, started by the tests themselves).
public enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case sqlite
  case postgres

  public var testDescription: String { rawValue }

  /// Where a new, empty store of this backend goes: a file not yet made, or a new database.
  public func newLocation() throws -> String {
    switch self {
    case .sqlite: temporaryStorePath()
    case .postgres: try PostgresServer.running().newDatabase()
    }
  }

  /// A new, empty store of this backend.
  public func makeStore() throws -> any EventStore { try reopen(newLocation(), access: .create) }

  /// The same store opened again, as another process would.
  public func reopen(_ location: String, access: StoreAccess = .readWrite) throws -> any EventStore {
    switch self {
    case .sqlite: try SQLiteEventStore(path: location, access: access)
    case .postgres:
      try PostgresEventStore(
        url: location, access: access, environment: try PostgresServer.running().environment)
    }
  }

  /// What a `weige` child needs to reach the store: the password file, for the server.
  public var environment: [String: String] {
    switch self {
    case .sqlite: ProcessInfo.processInfo.environment
    case .postgres: (try? PostgresServer.running().environment) ?? ProcessInfo.processInfo.environment
    }
  }

  /// Starts `weige` with `arguments`, reaching this backend's stores.
  public func weige(_ arguments: [String]) throws -> Child { try Child(arguments, environment: environment) }
}

/// A fresh store file in its own temporary folder (the folder exists; the file does not).
public func temporaryStorePath() -> String {
  let folder = URL(fileURLWithPath: temporaryPath("weige-test"))
  try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  return folder.appendingPathComponent("weige.db").path
}
