import Foundation
import PostgresNIO
import Synchronization
import WeigeCore

/// The event store of a shared room (DESIGN.md §6) on a PostgreSQL server: the same log as
/// `SQLiteEventStore` — global sequence, unique event ids, a version per stream, snapshots — for
/// rooms on several machines. Its tables live in the schema `weige`, created and migrated here.
///
/// **No follower skips an event.** A follower reads `seq > last`; with a plain sequence column
/// two writers can commit out of order (#8 visible while #7 is still in flight), and a follower
/// that read up to #8 would never see #7. The cure chosen here is the serialising counter row:
/// every appending transaction first locks the one row of `weige.store` (`SELECT … FOR UPDATE`),
/// takes its sequence numbers from it and writes the new last sequence back, so sequence order
/// is commit order and a number is visible only once every smaller one is. The alternatives cost
/// more than they save at a room's rate (a few appends a second, 8 desks at most): a
/// `pg_snapshot_xmin` horizon lets followers lag behind the oldest open transaction and needs a
/// transaction id column, and a high-water mark needs a second writer of its own. An append holds
/// the lock for the one round trip of `AppendProcedure` (measured in `weige bench store`), and
/// the row also gives `position()` its answer in one primary-key read.
///
/// **Live followers** hear of each commit through NOTIFY on `weige_events`, whose payload is only
/// the new last sequence; they then read from their own position, and poll once a second in case
/// a notification was missed (see `waitForAppend`).
public final class PostgresEventStore: EventStore, @unchecked Sendable {
  /// The schema steps, in order; `weige.schema_version` holds how many are applied. A store whose
  /// version is higher was written by a newer Weige and is refused.
  static let migrations: [[String]] = [
    [
      "CREATE SCHEMA IF NOT EXISTS weige",
      "CREATE TABLE weige.schema_version (version integer NOT NULL)",
      "INSERT INTO weige.schema_version VALUES (0)",
      // The counter row: see the type's comment.
      """
      CREATE TABLE weige.store (
        generation bytea NOT NULL, created bigint NOT NULL, last_seq bigint NOT NULL)
      """,
      """
      CREATE TABLE weige.events (
        seq bigint PRIMARY KEY, id bytea NOT NULL UNIQUE, stream text NOT NULL,
        version integer NOT NULL, time bigint NOT NULL, actor text NOT NULL, kind text NOT NULL,
        payload bytea NOT NULL, UNIQUE (stream, version))
      """,
      """
      CREATE TABLE weige.snapshots (
        seq bigint PRIMARY KEY, format integer NOT NULL, created bigint NOT NULL, state bytea NOT NULL)
      """,
    ],
    // An append in one round trip; the tables are as they were.
    AppendProcedure.definitions,
    // The append's expected-version check without a read of the table (see `AppendProcedure`).
    [AppendProcedure.appendEvents],
    // Meter readings beside the events (`MeterReadingStore`), and an append whose batch goes in
    // as one statement rather than event by event (see `AppendProcedure`).
    [meterReadingsTable, AppendProcedure.appendEvents],
  ]

  /// The oldest schema version whose tables this build reads as they are: a read-only open of an
  /// older store than the binary knows reads it without upgrading it (only a writer upgrades).
  static let readableFrom = 1

  public let location: String
  public let access: StoreAccess
  public var snapshotInterval = defaultSnapshotInterval
  /// How bulk loads send their rows.
  public var bulkFormat = PostgresBulkFormat.unnest
  /// How often a follower reads the position when no notification came: the fallback.
  public static let pollInterval: Duration = .seconds(1)
  let server: PostgresLocation
  let session: PostgresSession
  private let password: String?
  private let listener = Mutex<PostgresListener?>(nil)
  private let pendingNotices = Mutex<[String]>([])

  /// Opens the store at `url`, creating its schema when `access` is `.create`.
  public init(
    url: String, access: StoreAccess, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    server = try PostgresLocation(url: url, environment: environment)
    location = server.description
    self.access = access
    var notices: [String] = []
    password = server.password(environment: environment, notices: &notices)
    session = try PostgresSession(location: server, password: password)
    try migrate()
    pendingNotices.withLock { $0 = notices }
  }

  /// Brings the schema to this build's version, under an advisory lock so that two processes
  /// opening a new store at once do not both create it; refuses a newer schema and a `weige`
  /// schema that is not a store's.
  private func migrate() throws {
    let known = Self.migrations.count
    try session.transaction { connection in
      if access != .readOnly { try connection.execute("SELECT pg_advisory_xact_lock(\(Self.advisoryKey))") }
      let tables = try connection.rows(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'weige'"
      ).map { try $0.decode(String.self) }
      var version = 0
      if tables.contains("schema_version") {
        version = Int(try connection.rows("SELECT version FROM weige.schema_version")[0].decode(Int32.self))
      } else if !tables.isEmpty {
        throw StoreError.notAStore(
          path: location,
          reason: "its schema weige holds tables Weige did not make (\(tables.sorted().prefix(5)))")
      } else if access != .create {
        throw StoreError.missing(path: location)
      }
      if version > known { throw StoreError.newerSchema(path: location, version: version) }
      guard version < known else { return }
      guard access != .readOnly else {
        if version >= Self.readableFrom { return }
        throw StoreError.notAStore(
          path: location,
          reason: "its schema is version \(version); open it once with a writing command to upgrade")
      }
      for step in Self.migrations[version...] {
        for statement in step { try connection.execute(PostgresQuery(unsafeSQL: statement)) }
      }
      if version == 0 {
        try connection.execute(
          "INSERT INTO weige.store VALUES (\(ByteBuffer(bytes: EventID.generate().bytes)), \(Timestamp.now.rawValue), 0)"
        )
      }
      try connection.execute("UPDATE weige.schema_version SET version = \(Int32(known))")
    }
  }

  /// The advisory lock key of schema changes: "Weig", as SQLite's application id.
  static let advisoryKey: Int64 = 0x5765_6967

  public func takeNotices() -> [String] {
    pendingNotices.withLock { notices in
      defer { notices = [] }
      return notices
    }
  }

  public func notice(_ text: String) { pendingNotices.withLock { $0.append(text) } }

  /// Whether another Weige process is connected to this database (`application_name` names them).
  public func isOpenElsewhere() -> Bool {
    let others = try? session.withConnection { connection in
      try connection.rows(
        """
        SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
        AND application_name LIKE 'weige %' AND application_name <> \("weige \(getpid())")
        """
      )[0].decode(Int64.self)
    }
    return (others ?? 0) > 0
  }

  // MARK: Appending

  public func append(_ events: [NewEvent], expectedVersions: [String: Int]) throws -> [RecordedEvent] {
    precondition(access != .readOnly, "append on a store opened read-only")
    guard !events.isEmpty else { return [] }
    return try session.withConnection { connection in
      let answer = try connection.rows(
        AppendProcedure.call(events, expectedVersions: expectedVersions), "appending")
      return try AppendProcedure.recorded(events, answer: answer[0])
    }
  }

  public func bulkLoad(_ mode: BulkLoadMode, _ produce: (_ emit: ([NewEvent]) throws -> Void) throws -> Void)
    throws -> Int
  {
    precondition(access != .readOnly, "bulk load on a store opened read-only")
    return try session.transaction { connection in
      var appender = try PostgresAppender(connection: connection, format: bulkFormat)
      switch mode {
      case .intoEmpty:
        if try appender.last > 0 || !connection.rows("SELECT 1 FROM weige.events LIMIT 1").isEmpty {
          throw StoreError.notEmpty(path: location)
        }
      case .replacingAll:
        try appender.eraseAll()
      }
      try produce { chunk in try appender.ingest(chunk) }
      try appender.finish()
      // Statistics now, not when autovacuum next looks: until then the planner guesses a third
      // of the table for a follower's `seq > last` and scans all of it.
      try connection.execute("ANALYZE weige.events")
      return appender.appended
    }
  }

  // MARK: Reading

  public func position() throws -> (sequence: Int64, generation: Data) {
    try session.withConnection { connection in
      let (sequence, generation) = try connection.rows("SELECT last_seq, generation FROM weige.store")[0]
        .decode(
          (Int64, ByteBuffer).self)
      return (sequence, Data(generation.readableBytesView))
    }
  }

  public func lastSequence() throws -> Int64 { try position().sequence }

  public func generation() throws -> Data { try position().generation }

  public func version(of stream: String) throws -> Int {
    try session.withConnection { connection in
      Int(
        try connection.rows("SELECT COALESCE(MAX(version), 0) FROM weige.events WHERE stream = \(stream)")[0]
          .decode(Int32.self))
    }
  }

  public func sequence(atOrBefore time: Timestamp) throws -> Int64 {
    try session.withConnection { connection in
      try connection.rows("SELECT COALESCE(MAX(seq), 0) FROM weige.events WHERE time <= \(time.rawValue)")[0]
        .decode(Int64.self)
    }
  }

  /// How many rows one read of a range fetches: a page of a long replay.
  static let page = 20_000

  public func events(after sequence: Int64, limit: Int) throws -> [RecordedEvent] {
    var events: [RecordedEvent] = []
    try forEachRow(after: sequence, through: nil, limit: limit) { events.append(try $0.recorded()) }
    return events
  }

  public func events(in stream: String) throws -> [RecordedEvent] {
    try session.withConnection { connection in
      try connection.rows(
        "SELECT \(unescaped: eventColumns) FROM weige.events WHERE stream = \(stream) ORDER BY version"
      )
      .map { try StoredEvent($0).recorded() }
    }
  }

  public func forEachEvent(
    after sequence: Int64, through last: Int64?, _ body: (RecordedEvent) throws -> Void
  )
    throws
  {
    try forEachRow(after: sequence, through: last, limit: .max) { try body(try $0.recorded()) }
  }

  public func replay(into ledger: inout Ledger, through last: Int64?) throws {
    try forEachRow(after: ledger.lastSequence, through: last, limit: .max) { row in
      ledger.apply(
        try row.body(), sequence: row.sequence, time: Timestamp(milliseconds: row.time), actor: row.actor)
    }
  }

  /// The stored rows after `sequence`, page by page (keyset on `seq`); the connection is free
  /// between pages. Read through postgres-nio's future API, which collects a page's rows on the
  /// event loop: its async row sequence costs a hop between threads for every row.
  private func forEachRow(
    after sequence: Int64, through last: Int64?, limit: Int, _ body: (StoredEvent) throws -> Void
  ) throws {
    var after = sequence
    var left = limit
    while left > 0 {
      let count = min(left, Self.page)
      let rows = try session.withConnection { connection in
        try connection.rows(
          """
          SELECT \(unescaped: eventColumns) FROM weige.events WHERE seq > \(after) AND seq <= \(last ?? .max)
          ORDER BY seq LIMIT \(Int64(count))
          """
        ).map(StoredEvent.init)
      }
      for row in rows { try body(row) }
      guard rows.count == count, let final = rows.last else { return }
      after = final.sequence
      left -= count
    }
  }

  // MARK: Snapshots

  public func saveSnapshot(of ledger: Ledger) throws {
    let state = ByteBuffer(bytes: ledger.snapshot())
    try session.withConnection { connection in
      try connection.execute(
        """
        INSERT INTO weige.snapshots (seq, format, created, state)
        VALUES (\(ledger.lastSequence), \(Int32(Ledger.snapshotFormat)), \(Timestamp.now.rawValue), \(state))
        ON CONFLICT (seq) DO UPDATE SET format = excluded.format, created = excluded.created, state = excluded.state
        """)
    }
  }

  public func newestSnapshot(through last: Int64?) throws -> Ledger? {
    let row = try session.withConnection { connection in
      try connection.rows(
        """
        SELECT seq, state FROM weige.snapshots WHERE format = \(Int32(Ledger.snapshotFormat))
        AND seq <= \(last ?? .max) ORDER BY seq DESC LIMIT 1
        """
      ).first?.decode((Int64, ByteBuffer).self)
    }
    guard let (sequence, state) = row else { return nil }
    do {
      return try state.withUnsafeReadableBytes { try Ledger(snapshot: $0) }
    } catch {
      throw StoreError.unreadableEvent(sequence: sequence, reason: "snapshot: \(error)")
    }
  }

  // MARK: Following

  /// Waits until a notification says the log moved on, or a second has gone by. The
  /// first call starts listening on a connection of its own and returns at once, so that the
  /// follower reads its position again after LISTEN took effect and misses no commit in between.
  /// A listener whose connection was lost throws: the follower says it is not live, and starts
  /// again (catching up from its own position) once the server answers.
  public func waitForAppend(past sequence: Int64, upTo interval: Duration) throws {
    let (current, fresh) = try listener.withLock { held -> (PostgresListener, Bool) in
      if let held, held.isAlive { return (held, false) }
      held?.stop()
      let started = try PostgresListener(connection: session.connect(), location: server)
      held = started
      return (started, true)
    }
    if fresh { return }
    current.wait(timeout: Self.pollInterval)
    if !current.isAlive {
      throw StoreError.server(location: location, reason: "following: the server closed the connection")
    }
  }

  deinit {
    listener.withLock { $0?.stop() }
  }
}

/// One event as stored, its payload not yet decoded.
struct StoredEvent: Sendable {
  var sequence: Int64
  var id: ByteBuffer
  var stream: String
  var version: Int
  var time: Int64
  var actor: String
  var kind: String
  var payload: ByteBuffer

  init(_ row: PostgresRow) throws {
    let version: Int32
    (sequence, id, stream, version, time, actor, kind, payload) = try row.decode(
      (Int64, ByteBuffer, String, Int32, Int64, String, String, ByteBuffer).self)
    self.version = Int(version)
  }

  func body() throws -> EventBody {
    guard let kind = EventKind(name: kind) else {
      throw StoreError.unreadableEvent(sequence: sequence, reason: "unknown kind '\(self.kind)'")
    }
    do {
      return try payload.withUnsafeReadableBytes { buffer throws(BinaryDecodingError) in
        try EventBody.decode(kind: kind, payload: buffer)
      }
    } catch {
      throw StoreError.unreadableEvent(sequence: sequence, reason: "\(kind.name): \(error)")
    }
  }

  func recorded() throws -> RecordedEvent {
    guard let id = id.withUnsafeReadableBytes({ EventID(bytes: $0) }) else {
      throw StoreError.unreadableEvent(sequence: sequence, reason: "the id is not 16 bytes")
    }
    return RecordedEvent(
      sequence: sequence, id: id, stream: stream, version: version, time: Timestamp(milliseconds: time),
      actor: actor, body: try body())
  }
}

/// The columns every read of whole events returns, in `StoredEvent`'s order.
private let eventColumns = "seq, id, stream, version, time, actor, kind, payload"
