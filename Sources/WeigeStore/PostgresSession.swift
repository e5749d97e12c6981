import Foundation
import PostgresNIO
import Synchronization

// Written against postgres-nio 1.33.2: `PostgresConnection.connect(on:configuration:id:logger:)`,
// the EventLoopFuture `query(_:logger:)`, `execute(_: PostgresPreparedStatement, logger:)`,
// `copyFrom(table:columns:format:logger:writeData:)` and `listen(on:consume:)`. The store's
// protocol is synchronous (its callers are a terminal's update loop and plain threads), so each
// call waits on a future; none runs on an event loop itself.

/// The connection to the server a store talks through: opened when first needed, and opened
/// again on the next call after the server went away, so that a dashboard comes back by itself.
/// Calls from several threads take turns: a transaction owns the connection until it ends.
final class PostgresSession: Sendable {
  let location: PostgresLocation
  private let configuration: PostgresConnection.Configuration
  private let connection = Mutex<PostgresConnection?>(nil)
  private static let connectionIDs = Atomic<Int>(0)

  /// postgres-nio's log stays quiet: Weige says what went wrong in its own errors, which never
  /// carry the password.
  static let logger: Logger = {
    var logger = Logger(label: "weige.postgres")
    logger.logLevel = .critical
    return logger
  }()

  /// The NOTIFY channel every commit announces its new last sequence on.
  static let channel = "weige_events"

  init(location: PostgresLocation, password: String?) throws {
    self.location = location
    let tls: PostgresConnection.Configuration.TLS
    if location.requiresTLS {
      var settings = TLSConfiguration.makeClientConfiguration()
      // sslmode=require encrypts without checking the certificate, as libpq does; verify-full checks both.
      settings.certificateVerification = location.verifiesCertificate ? .fullVerification : .none
      do {
        tls = .require(try NIOSSLContext(configuration: settings))
      } catch {
        throw StoreError.server(location: location.description, reason: "setting up TLS: \(error)")
      }
    } else {
      tls = .disable
    }
    var configuration = PostgresConnection.Configuration(
      host: location.host, port: location.port, username: location.user, password: password,
      database: location.database, tls: tls)
    configuration.options.connectTimeout = .seconds(5)
    // Durable acknowledgements whatever the server's default; the name lets `isOpenElsewhere`
    // find other Weige processes.
    configuration.options.additionalStartupParameters = [
      ("synchronous_commit", "on"), ("application_name", "weige \(getpid())"),
    ]
    self.configuration = configuration
  }

  /// A new connection of its own, for LISTEN, which must not share one with queries in turn.
  func connect() throws -> PostgresConnection {
    let id = Self.connectionIDs.wrappingAdd(1, ordering: .relaxed).newValue
    do {
      return try PostgresConnection.connect(
        on: PostgresConnection.defaultEventLoopGroup.any(), configuration: configuration, id: id,
        logger: Self.logger
      ).wait()
    } catch {
      throw StoreError(error, at: location, doing: "connecting")
    }
  }

  /// Runs `body` holding the connection, opening it first when there is none (or it was lost).
  func withConnection<T>(_ body: (Connected) throws -> T) throws -> T {
    try connection.withLock { held in
      if held == nil || held?.isClosed == true { held = try connect() }
      let connected = Connected(connection: held!, location: location)
      defer {
        // A connection the server dropped is replaced on the next call.
        if held?.isClosed == true { held = nil }
      }
      return try body(connected)
    }
  }

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  func transaction<T>(_ body: (Connected) throws -> T) throws -> T {
    try withConnection { connected in
      try connected.execute("BEGIN")
      let result: T
      do {
        result = try body(connected)
      } catch {
        try? connected.execute("ROLLBACK")
        throw error
      }
      try connected.execute("COMMIT")
      return result
    }
  }

  func close() {
    connection.withLock { held in
      _ = try? held?.close().wait()
      held = nil
    }
  }

  deinit { close() }
}

/// The connection while a caller holds it.
struct Connected {
  let connection: PostgresConnection
  let location: PostgresLocation

  /// Every row of `query`.
  func rows(_ query: PostgresQuery, _ doing: @autoclosure () -> String = "querying") throws -> [PostgresRow] {
    do {
      return Array(try connection.query(query, logger: PostgresSession.logger).wait())
    } catch {
      throw StoreError(error, at: location, doing: doing())
    }
  }

  func execute(_ query: PostgresQuery) throws {
    _ = try rows(query, "running \(query.sql.prefix(40))")
  }

  /// The rows of a statement the server keeps prepared on this connection (parsed and planned once).
  func rows<Statement: PostgresPreparedStatement>(_ statement: Statement) throws -> [Statement.Row]
  where Statement.Row: Sendable {
    let connection = connection
    do {
      return try StoreExecutor.shared.wait(on: connection.eventLoop) {
        var rows: [Statement.Row] = []
        for try await row in try await connection.execute(statement, logger: PostgresSession.logger) {
          rows.append(row)
        }
        return rows
      }
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(error, at: location, doing: "running \(String(describing: Statement.self))")
    }
  }
}

extension Connected {
  /// Sends `text`, rows in COPY's text form, into `table` of the schema `weige` through
  /// `COPY … FROM STDIN`, inside the caller's transaction. postgres-nio quotes the table name as
  /// one identifier, so the schema comes from the transaction's search path.
  func copy(_ text: ByteBuffer, into table: String, columns: [String]) throws {
    try execute("SET LOCAL search_path = weige")
    let connection = connection
    do {
      try StoreExecutor.shared.wait(on: connection.eventLoop) {
        try await connection.copyFrom(table: table, columns: columns, logger: PostgresSession.logger) {
          writer in
          try await writer.write(text)
        }
      }
    } catch {
      throw StoreError(error, at: location, doing: "copying rows into \(table)")
    }
  }
}

/// Runs the store's async work (postgres-nio's prepared statements, COPY and LISTEN) on threads of its
/// own, off Swift's cooperative pool: the store's callers block until it is done, and a caller
/// that is itself on the pool (a test runner's thread, say) would otherwise leave no thread to
/// run it — with two cores, two such callers deadlock.
final class StoreExecutor: TaskExecutor {
  static let shared = StoreExecutor()
  private let queue = DispatchQueue(label: "weige.postgres", attributes: .concurrent)

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    let executor = asUnownedTaskExecutor()
    queue.async { job.runSynchronously(on: executor) }
  }

  /// Starts `body` on this executor.
  func start(_ body: @escaping @Sendable () async -> Void) {
    Task(executorPreference: self) { await body() }
  }

  /// Runs `body` here and waits for its result on the calling thread.
  func wait<T: Sendable>(on loop: any EventLoop, _ body: @escaping @Sendable () async throws -> T) throws -> T
  {
    let promise = loop.makePromise(of: T.self)
    start {
      do {
        promise.succeed(try await body())
      } catch {
        promise.fail(error)
      }
    }
    return try promise.futureResult.wait()
  }
}

extension StoreError {
  /// What the server or the network said, in words: postgres-nio's own description of its error
  /// is deliberately generic, so the server's message and SQLSTATE are taken from its fields.
  init(_ error: any Error, at location: PostgresLocation, doing: String) {
    if let error = error as? StoreError {
      self = error
      return
    }
    guard let error = error as? PSQLError else {
      self = .server(location: location.description, reason: "\(doing): \(error)")
      return
    }
    if let state = error.serverInfo?[.sqlState], let detail = error.serverInfo?[.detail],
      let refusal = Self(appendRefusal: state, detail: detail)
    {
      self = refusal
    } else if let message = error.serverInfo?[.message] {
      let state = error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? ""
      self = .server(location: location.description, reason: "\(doing): \(message)\(state)")
    } else if let underlying = error.underlying {
      self = .server(location: location.description, reason: "\(doing): \(underlying)")
    } else if error.code == .serverClosedConnection || error.code == .clientClosedConnection {
      self = .server(
        location: location.description,
        reason: "\(doing): the server closed the connection (gone away or restarted); an append in "
          + "flight may or may not have landed, and appending the same events again is safe")
    } else {
      self = .server(location: location.description, reason: "\(doing): \(error.code)")
    }
  }

  /// What `weige.append` refused (see `AppendProcedure`), as SQLite says it; nil for other errors.
  private init?(appendRefusal state: String, detail: String) {
    struct Detail: Decodable {
      var stream: String?
      var expected: Int?
      var actual: Int?
      var id: String?
      var sequence: Int64?
    }
    guard let detail = try? JSONDecoder().decode(Detail.self, from: Data(detail.utf8)) else { return nil }
    switch state {
    case AppendProcedure.versionConflictState:
      guard let stream = detail.stream, let expected = detail.expected, let actual = detail.actual else {
        return nil
      }
      self = .versionConflict(stream: stream, expected: expected, actual: actual)
    case AppendProcedure.idReusedState:
      guard let id = detail.id, let sequence = detail.sequence else { return nil }
      self = .idReused(id: id, sequence: sequence)
    default:
      return nil
    }
  }
}
