import Foundation
import GRDB
import Synchronization
import WeigeCore

/// Why the store refused or failed; each case names the place to look.
public enum StoreError: Error, Equatable, CustomStringConvertible {
  /// Another writer moved the stream on since the caller read it.
  case versionConflict(stream: String, expected: Int, actual: Int)
  /// A stored event cannot be read back: a broken event line.
  case unreadableEvent(sequence: Int64, reason: String)
  case notEmpty(path: String)

  public var description: String {
    switch self {
    case .versionConflict(let stream, let expected, let actual):
      "version conflict on \(stream): expected version \(expected), but the store is at \(actual); reload and retry"
    case .unreadableEvent(let sequence, let reason):
      "event #\(sequence) cannot be read: \(reason)"
    case .notEmpty(let path):
      "\(path) already holds events; pass --force to replace them"
    }
  }
}

/// The append-only event log (DESIGN.md §6) in one SQLite file.
///
/// Durability: WAL with `synchronous = FULL`, so an acknowledged append survives a killed process
/// and a power cut (NORMAL would survive only the former). One fsync costs about 0.3 ms here, which
/// keeps an interactive append well under its 2 ms budget; bulk ingests pay it once per transaction.
public final class EventStore: @unchecked Sendable {
  /// The file, or nil for an in-memory store.
  public let path: String?
  let writer: any DatabaseWriter
  private var checkpointer: Checkpointer?

  /// Opens or creates the store at `path`, readable by its owner only.
  public init(path: String) throws {
    self.path = path
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    // SQLite gives its -wal and -shm files the main file's mode, so creating it 0600 covers all three.
    if !FileManager.default.fileExists(atPath: path) {
      let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else {
        throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
      }
      close(descriptor)
    }
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    let pool = try DatabasePool(path: path, configuration: configuration)
    // DatabasePool sets NORMAL on its writer after our own setup; FULL must come last.
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      // Left to SQLite, a checkpoint runs inside whichever commit crosses 1,000 WAL pages, and that
      // append waits several milliseconds for it; the background checkpointer does it instead.
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
    }
    writer = pool
    try Self.migrator.migrate(writer)
    checkpointer = try Checkpointer(path: path)
  }

  /// A store that lives in memory, for unit tests of everything above the file.
  public init() throws {
    path = nil
    checkpointer = nil
    writer = try DatabaseQueue()
    try Self.migrator.migrate(writer)
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("events") { db in
      try db.execute(
        sql: """
          CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            id BLOB NOT NULL UNIQUE,
            stream TEXT NOT NULL,
            version INTEGER NOT NULL,
            time INTEGER NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload BLOB NOT NULL,
            UNIQUE (stream, version)
          );
          CREATE TABLE snapshots (
            seq INTEGER PRIMARY KEY,
            format INTEGER NOT NULL,
            created INTEGER NOT NULL,
            state BLOB NOT NULL
          );
          """)
    }
    return migrator
  }

  /// The column list every insert uses, shared with the benchmark's sqlite3 reference.
  public static let insertSQL =
    "INSERT INTO events (id, stream, version, time, actor, kind, payload) VALUES (?, ?, ?, ?, ?, ?, ?)"

  // MARK: Appending

  /// Appends `events` atomically and durably, in order.
  ///
  /// Idempotent by event id: an event whose id is already stored is skipped, so re-sending a
  /// batch after a lost acknowledgement changes nothing. `expectedVersions` names, for any stream,
  /// the version the caller last saw; if the stream has moved on, nothing is written and
  /// `StoreError.versionConflict` says so. Returns the events that were new.
  @discardableResult
  public func append(_ events: [NewEvent], expectedVersions: [String: Int] = [:]) throws -> [RecordedEvent] {
    checkpointer?.noteAppend()
    return try writer.write { db in
      var batch = Appender(db: db, expectedVersions: expectedVersions)
      return try events.compactMap { try batch.append($0) }
    }
  }

  /// Runs `produce` in one transaction: everything it appends lands together, or nothing does.
  /// For bulk loads (a demo district, an imported ledger); returns how many events were new.
  public func ingest(_ produce: (inout Appender) throws -> Void) throws -> Int {
    try writer.writeWithoutTransaction { db in
      // A bulk load touches index pages all over a file that outgrows SQLite's default 2 MB page
      // cache; 128 MB for the load's duration keeps them in memory.
      try db.execute(sql: "PRAGMA cache_size = -131072")
      defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
      var appended = 0
      try db.inTransaction(.immediate) {
        var appender = Appender(db: db, expectedVersions: [:])
        try produce(&appender)
        appended = appender.appended
        return .commit
      }
      // A bulk load leaves its every page in the WAL; folding them back now keeps the next
      // interactive appends from sharing the disk with a background checkpoint of hundreds of MB.
      // Best effort: the background checkpointer may hold the checkpoint lock, and the data is
      // committed either way.
      _ = try? db.checkpoint(.truncate)
      return appended
    }
  }

  /// Appends within one open transaction, remembering stream versions as it goes.
  public struct Appender {
    let db: Database
    let expectedVersions: [String: Int]
    var versions: [String: Int] = [:]
    public private(set) var appended = 0

    init(db: Database, expectedVersions: [String: Int]) {
      self.db = db
      self.expectedVersions = expectedVersions
    }

    /// Removes every event and snapshot, inside the same transaction as what follows: a forced
    /// demo that fails half-way leaves the old store as it was.
    public mutating func eraseAll() throws {
      try db.execute(sql: "DELETE FROM events; DELETE FROM snapshots")
      versions = [:]
    }

    /// Appends one event; nil when its id was already stored.
    public mutating func append(_ event: NewEvent) throws -> RecordedEvent? {
      let stream = event.body.stream
      let current: Int
      if let known = versions[stream] {
        current = known
      } else {
        current =
          try Int.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(version) FROM events WHERE stream = ?"), arguments: [stream])
          ?? 0
      }
      let statement = try db.cachedStatement(
        sql: EventStore.insertSQL + " ON CONFLICT (id) DO NOTHING")
      statement.setUncheckedArguments([
        Data(event.id.bytes), stream, current + 1, event.time.rawValue, event.actor, event.body.kind.name,
        Data(event.body.encoded()),
      ])
      try statement.execute()
      guard db.changesCount == 1 else { return nil }
      // The expectation is checked on a stream's first new event, after duplicates are skipped,
      // so that a retried batch is a no-op rather than a conflict.
      if versions[stream] == nil, let expected = expectedVersions[stream], expected != current {
        throw StoreError.versionConflict(stream: stream, expected: expected, actual: current)
      }
      versions[stream] = current + 1
      appended += 1
      return RecordedEvent(
        sequence: db.lastInsertedRowID, id: event.id, stream: stream, version: current + 1, time: event.time,
        actor: event.actor, body: event.body)
    }
  }

  // MARK: Reading

  /// The newest sequence number; 0 for an empty store.
  public func lastSequence() throws -> Int64 {
    try writer.read { try Int64.fetchOne($0, sql: "SELECT MAX(seq) FROM events") ?? 0 }
  }

  /// The version a stream is at; 0 if it has no events.
  public func version(of stream: String) throws -> Int {
    try writer.read {
      try Int.fetchOne($0, sql: "SELECT MAX(version) FROM events WHERE stream = ?", arguments: [stream]) ?? 0
    }
  }

  /// The last event recorded at or before `time`. Events are appended with the appender's clock,
  /// so sequence order is time order and "as of a time" is a prefix of the log.
  public func sequence(atOrBefore time: Timestamp) throws -> Int64 {
    try writer.read {
      try Int64.fetchOne($0, sql: "SELECT MAX(seq) FROM events WHERE time <= ?", arguments: [time.rawValue])
        ?? 0
    }
  }

  /// Calls `body` with each event after `sequence`, through `last` when given, in order, reading
  /// payloads straight from SQLite's buffers.
  public func forEachEvent(
    after sequence: Int64 = 0, through last: Int64? = nil, _ body: (RecordedEvent) throws -> Void
  ) throws {
    try writer.read { db in
      let rows = try Row.fetchCursor(
        db,
        sql:
          "SELECT seq, id, stream, version, time, actor, kind, payload FROM events WHERE seq > ? AND seq <= ? ORDER BY seq",
        arguments: [sequence, last ?? Int64.max])
      while let row = try rows.next() {
        try body(try Self.decode(row))
      }
    }
  }

  /// A stored row as it is on disk, for dumps and benchmarks that must see the exact bytes.
  public struct RawRow {
    public var id: Data
    public var stream: String
    public var version: Int
    public var time: Int64
    public var actor: String
    public var kind: String
    public var payload: Data
  }

  public func forEachRawRow(_ body: (RawRow) throws -> Void) throws {
    try writer.read { db in
      let rows = try Row.fetchCursor(
        db, sql: "SELECT id, stream, version, time, actor, kind, payload FROM events ORDER BY seq")
      while let row = try rows.next() {
        try body(
          RawRow(
            id: row[0], stream: row[1], version: row[2], time: row[3], actor: row[4], kind: row[5],
            payload: row[6]))
      }
    }
  }

  /// The events after `sequence`, at most `limit` of them.
  public func events(after sequence: Int64 = 0, limit: Int = .max) throws -> [RecordedEvent] {
    try writer.read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT seq, id, stream, version, time, actor, kind, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        arguments: [sequence, Int64(clamping: limit)]
      ).map(Self.decode)
    }
  }

  /// A stream's events in order: a ticket's whole timeline, say.
  public func events(in stream: String) throws -> [RecordedEvent] {
    try writer.read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT seq, id, stream, version, time, actor, kind, payload FROM events WHERE stream = ? ORDER BY version",
        arguments: [stream]
      ).map(Self.decode)
    }
  }

  /// SQLite's `synchronous` level on the writer: 2 is FULL.
  public func synchronousLevel() throws -> Int {
    try writer.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
  }

  static func decode(_ row: Row) throws -> RecordedEvent {
    let sequence: Int64 = row[0]
    let kindName: String = row[6]
    guard let kind = EventKind(name: kindName) else {
      throw StoreError.unreadableEvent(sequence: sequence, reason: "unknown kind '\(kindName)'")
    }
    guard let id = try row.withUnsafeData(atIndex: 1, { $0.flatMap { EventID(bytes: $0) } }) else {
      throw StoreError.unreadableEvent(sequence: sequence, reason: "the id is not 16 bytes")
    }
    let body: EventBody
    do {
      body = try row.withUnsafeData(atIndex: 7) { data in
        try (data ?? Data()).withUnsafeBytes { buffer throws(BinaryDecodingError) in
          try EventBody.decode(kind: kind, payload: buffer)
        }
      }
    } catch {
      throw StoreError.unreadableEvent(sequence: sequence, reason: "\(kindName): \(error)")
    }
    return RecordedEvent(
      sequence: sequence, id: id, stream: row[2], version: row[3], time: Timestamp(milliseconds: row[4]),
      actor: row[5], body: body)
  }
}

/// Copies WAL pages back into the main file from its own connection and thread. A passive
/// checkpoint takes no write lock, but its writes and fsync share the disk with an append's fsync;
/// so it runs in the gaps — once the WAL passes 4 MB and no append came for a quarter second — or
/// at once past 64 MB, which bounds the WAL under a long burst. SQLite also checkpoints when the
/// last connection closes.
final class Checkpointer: @unchecked Sendable {
  static let threshold = 4 << 20
  static let ceiling = 64 << 20
  static let quiet: Duration = .milliseconds(250)
  private let connection: DatabaseQueue
  private let lastAppend = Mutex(ContinuousClock.now)
  private let timer: any DispatchSourceTimer
  private let walPath: String

  init(path: String) throws {
    connection = try DatabaseQueue(path: path)
    walPath = path + "-wal"
    timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "weige.checkpoint", qos: .utility))
    timer.schedule(
      deadline: .now() + .milliseconds(500), repeating: .milliseconds(500), leeway: .milliseconds(100))
    timer.setEventHandler { [weak self] in self?.checkpointIfLarge() }
    timer.resume()
  }

  func noteAppend() { lastAppend.withLock { $0 = .now } }

  private func checkpointIfLarge() {
    var info = stat()
    guard stat(walPath, &info) == 0, Int(info.st_size) > Self.threshold else { return }
    let quiet = ContinuousClock.now - lastAppend.withLock { $0 } > Self.quiet
    guard quiet || Int(info.st_size) > Self.ceiling else { return }
    _ = try? connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
  }

  deinit { timer.cancel() }
}
