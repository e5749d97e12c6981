import Foundation
import GRDB
import GRDBSQLite
import Synchronization
import WeigeCore

/// The append-only event log (DESIGN.md §6) in one SQLite file.
///
/// Durability: WAL with `synchronous = FULL`, so an acknowledged append survives a killed process
/// and a power cut (NORMAL would survive only the former). One fsync costs about 0.3 ms here, which
/// keeps an interactive append well under its 2 ms budget; bulk ingests pay it once per transaction.
///
/// A store is marked as Weige's (`application_id`, and a generation id written at creation and
/// at every `--force` replacement), so that Weige never adopts another application's database
/// and a follower notices when the history under it was replaced.
public final class SQLiteEventStore: EventStore, @unchecked Sendable {
  /// `PRAGMA application_id` of every Weige store: "Weig".
  public static let applicationID: Int32 = 0x5765_6967

  /// The file, or nil for an in-memory store.
  public let path: String?
  public var location: String { path ?? ":memory:" }
  public let access: StoreAccess
  let writer: any DatabaseWriter
  /// See `defaultSnapshotInterval`; tests set it low to reach the snapshot path with few events.
  public var snapshotInterval = defaultSnapshotInterval
  private var checkpointer: Checkpointer?
  private let pendingNotices = Mutex<[String]>([])

  /// Opens or creates the store at `path`, readable by its owner only.
  public convenience init(path: String) throws {
    try self.init(path: path, access: .create)
  }

  public init(path: String, access: StoreAccess) throws {
    self.path = path
    self.access = access
    var notices: [String] = []
    try Self.checkFile(at: path, access: access)
    try Self.tightenMode(of: path, access: access, notices: &notices)
    // Identified through a read-only connection first: opening for writing switches a database to
    // WAL, which would already change another application's file.
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = .timeout(10)
    let reader = try DatabaseQueue(path: path, configuration: configuration)
    try Self.checkIdentity(reader, path: path, writable: access != .readOnly)
    if access == .readOnly {
      writer = reader
    } else {
      writer = try Self.openPool(path: path)
      try Self.retryingWhileBusy { try Self.migrator.migrate(writer) }
      checkpointer = try Checkpointer(path: path)
    }
    pendingNotices.withLock { $0 = notices }
  }

  /// A store that lives in memory, for unit tests of everything above the file.
  public init() throws {
    path = nil
    access = .create
    checkpointer = nil
    writer = try DatabaseQueue()
    try Self.migrator.migrate(writer)
  }

  /// What opening or using the store did that its user should hear about (a file's mode
  /// tightened, a snapshot that could not be written); each notice is handed out once.
  public func takeNotices() -> [String] {
    pendingNotices.withLock { notices in
      defer { notices = [] }
      return notices
    }
  }

  public func notice(_ text: String) { pendingNotices.withLock { $0.append(text) } }

  /// Refuses a folder, a missing file where none may be created, and a file that is not SQLite;
  /// creates a missing one `0600` when the command writes.
  private static func checkFile(at path: String, access: StoreAccess) throws {
    var isDirectory: ObjCBool = false
    if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
      guard access == .create else { throw StoreError.missing(path: path) }
      // SQLite gives its -wal and -shm files the main file's mode, so creating it 0600 covers all three.
      let descriptor = open(path, O_CREAT | O_EXCL | O_RDWR | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else {
        if errno == EEXIST { return try checkFile(at: path, access: access) }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        let reason =
          FileManager.default.fileExists(atPath: folder)
          ? String(cString: strerror(errno)) : "its folder \(folder) does not exist"
        throw StoreError.notAStore(path: path, reason: "it cannot be created: \(reason)")
      }
      // No connection to this new file exists yet, so closing a descriptor of it drops no lock.
      close(descriptor)
    } else if isDirectory.boolValue {
      throw StoreError.notAStore(path: path, reason: "it is a folder; --store takes a file")
    }
    // Read through the descriptor the store lock keeps open for the process's life: closing any
    // other descriptor of this file would drop the SQLite locks of stores already open on it.
    guard let header = StoreLock.header(of: path, count: 16) else {
      throw StoreError.notAStore(path: path, reason: "it cannot be read by this user")
    }
    if header.isEmpty {
      guard access == .create else { throw StoreError.notAStore(path: path, reason: "the file is empty") }
    } else if header != Data("SQLite format 3\0".utf8) {
      throw StoreError.notAStore(path: path, reason: "it is not an SQLite database")
    }
  }

  /// Residents' phone numbers must not be readable by other local users: a store, its -wal and
  /// its -shm are tightened to 0600 when this user owns them; otherwise a command that writes refuses.
  private static func tightenMode(of path: String, access: StoreAccess, notices: inout [String]) throws {
    for file in [path, path + "-wal", path + "-shm"] {
      var info = stat()
      guard stat(file, &info) == 0, info.st_mode & 0o077 != 0 else { continue }
      let mode = String(info.st_mode & 0o777, radix: 8)
      if info.st_uid == geteuid(), chmod(file, info.st_mode & 0o700) == 0 {
        notices.append("\(file) was readable by other users (mode \(mode)); now owner only")
      } else if access != .readOnly {
        throw StoreError.readableByOthers(path: file, mode: mode)
      }
    }
  }

  private static func openPool(path: String) throws -> DatabasePool {
    var configuration = Configuration()
    configuration.busyMode = .timeout(10)
    // Two processes opening a new store at once race to switch it to WAL, and SQLite answers the
    // loser "database is locked" without consulting the busy timeout; the loser tries again.
    let pool = try retryingWhileBusy { try DatabasePool(path: path, configuration: configuration) }
    // DatabasePool sets NORMAL on its writer after our own setup; FULL must come last.
    try pool.writeWithoutTransaction { db in
      try db.execute(sql: "PRAGMA synchronous = FULL")
      // Left to SQLite, a checkpoint runs inside whichever commit crosses 1,000 WAL pages, and that
      // append waits several milliseconds for it; the background checkpointer does it instead.
      try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
    }
    return pool
  }

  static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
    var attempt = 0
    while true {
      do {
        return try body()
      } catch let error as DatabaseError
        where (error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED) && attempt < 100
      {
        attempt += 1
        usleep(50_000)
      }
    }
  }

  /// Weige's own stores only: one that carries the application id, or an empty database (being
  /// created), or one of Weige's stores from before the id (only its tables), adopted on writing.
  private static func checkIdentity(_ writer: any DatabaseWriter, path: String, writable: Bool) throws {
    let (application, tables) = try writer.read { db in
      (
        try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
        try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
      )
    }
    if application == applicationID {
      let known = Set(migrator.migrations)
      let applied = try writer.read { db in
        try String.fetchSet(db, sql: "SELECT identifier FROM grdb_migrations")
      }
      if !applied.isSubset(of: known) {
        throw StoreError.newerSchema(path: path, version: applied.count)
      }
      return
    }
    guard application == 0 else {
      throw StoreError.notAStore(
        path: path, reason: "another application's database (application_id \(application))")
    }
    let weigeTables: Set<String> = ["events", "snapshots", "grdb_migrations", "store", "meter_readings"]
    if tables.isEmpty {
      guard writable else { throw StoreError.notAStore(path: path, reason: "the database is empty") }
      return
    }
    guard tables.isSubset(of: weigeTables), tables.contains("events") else {
      let names = tables.sorted().prefix(5).joined(separator: ", ")
      throw StoreError.notAStore(path: path, reason: "another application's database (tables \(names))")
    }
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
    migrator.registerMigration("identity") { db in
      try db.execute(sql: "PRAGMA application_id = \(applicationID)")
      try db.execute(sql: "CREATE TABLE store (generation BLOB NOT NULL, created INTEGER NOT NULL)")
      try db.execute(
        sql: "INSERT INTO store (generation, created) VALUES (?, ?)",
        arguments: [Data(EventID.generate().bytes), Timestamp.now.rawValue])
    }
    migrator.registerMigration("meter-readings", migrate: createMeterReadings)
    return migrator
  }

  /// The id of this store's history: new at creation and at every replacement (`demo --force`).
  public func generation() throws -> Data {
    try writer.read { db in
      // A store from before the identity migration, opened read-only, has no generation yet.
      guard try db.tableExists("store") else { return Data() }
      return try Data.fetchOne(db, sql: "SELECT generation FROM store") ?? Data()
    }
  }

  /// Whether another process has this store open now; `demo --force` asks before replacing it.
  public func isOpenElsewhere() -> Bool {
    guard let path else { return false }
    return StoreLock.isHeldElsewhere(path)
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
  public func append(_ events: [NewEvent], expectedVersions: [String: Int]) throws -> [RecordedEvent] {
    precondition(access != .readOnly, "append on a store opened read-only")
    checkpointer?.noteAppend()
    return try writer.write { db in
      var batch = Appender(db: db, expectedVersions: expectedVersions)
      try batch.readVersions(of: events.map(\.body.stream))
      return try events.compactMap { try batch.append($0) }
    }
  }

  public func bulkLoad(_ mode: BulkLoadMode, _ produce: (_ emit: ([NewEvent]) throws -> Void) throws -> Void)
    throws -> Int
  {
    try ingest { appender in
      switch mode {
      case .intoEmpty: try appender.requireEmpty(path: path)
      case .replacingAll: try appender.eraseAll()
      }
      try produce { chunk in
        try appender.readVersions(of: chunk.map(\.body.stream))
        for event in chunk { _ = try appender.append(event) }
      }
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
    /// Each stream's version after what this appender wrote to it.
    var versions: [String: Int] = [:]
    /// Streams' versions as stored before this appender wrote to them (`readVersions(of:)`).
    var storedVersions: [String: Int] = [:]
    public private(set) var appended = 0

    init(db: Database, expectedVersions: [String: Int]) {
      self.db = db
      self.expectedVersions = expectedVersions
    }

    /// Refuses to go on when the store holds events; checked inside the write transaction, so
    /// two bulk loads started at once cannot both find it empty.
    public func requireEmpty(path: String?) throws {
      if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM events)") == true {
        throw StoreError.notEmpty(path: path ?? "the store")
      }
    }

    /// Removes every event and snapshot and gives the store a new generation, inside the same
    /// transaction as what follows: a forced demo that fails half-way leaves the old store as it
    /// was, and a follower of the old history sees that it was replaced.
    public mutating func eraseAll() throws {
      try db.execute(sql: "DELETE FROM events; DELETE FROM snapshots; DELETE FROM meter_readings")
      try db.execute(sql: "UPDATE store SET generation = ?", arguments: [Data(EventID.generate().bytes)])
      versions = [:]
      storedVersions = [:]
    }

    /// Reads the stored versions of `streams` in one statement, for the batch to come: a
    /// households register opens 100,000 new streams, and asking `MAX(version)` of each in turn
    /// was a quarter of its append.
    public mutating func readVersions(of streams: [String]) throws {
      let unknown = Array(Set(streams).filter { versions[$0] == nil && storedVersions[$0] == nil })
      guard unknown.count > 1 else { return }
      let names = String(decoding: try JSONEncoder().encode(unknown), as: UTF8.self)
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT streams.value, (SELECT MAX(version) FROM events WHERE stream = streams.value)
          FROM json_each(?) AS streams
          """, arguments: [names])
      while let row = try rows.next() { storedVersions[row[0]] = row[1] ?? 0 }
    }

    /// Appends one event; nil when its id was already stored.
    public mutating func append(_ event: NewEvent) throws -> RecordedEvent? {
      let stream = event.body.stream
      let current: Int
      if let known = versions[stream] ?? storedVersions[stream] {
        current = known
      } else {
        current =
          try Int.fetchOne(
            db.cachedStatement(sql: "SELECT MAX(version) FROM events WHERE stream = ?"), arguments: [stream])
          ?? 0
      }
      try insert(event, stream: stream, version: current + 1)
      guard db.changesCount == 1 else {
        try requireSame(event, stream: stream)
        return nil
      }
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

    /// The row's insert, bound through SQLite's C API: GRDB's `StatementArguments` boxed each of
    /// the seven values and cost a quarter of a large append.
    private func insert(_ event: NewEvent, stream: String, version: Int) throws {
      let statement = try db.cachedStatement(sql: SQLiteEventStore.insertSQL + " ON CONFLICT (id) DO NOTHING")
      let handle = statement.sqliteStatement
      defer { sqlite3_reset(handle) }
      let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
      let id = event.id.bytes
      let payload = event.body.encoded()
      _ = id.withUnsafeBytes { sqlite3_bind_blob(handle, 1, $0.baseAddress, Int32($0.count), transient) }
      _ = sqlite3_bind_text(handle, 2, stream, -1, transient)
      _ = sqlite3_bind_int64(handle, 3, Int64(version))
      _ = sqlite3_bind_int64(handle, 4, event.time.rawValue)
      _ = sqlite3_bind_text(handle, 5, event.actor, -1, transient)
      _ = sqlite3_bind_text(handle, 6, event.body.kind.name, -1, transient)
      _ = payload.withUnsafeBytes { sqlite3_bind_blob(handle, 7, $0.baseAddress, Int32($0.count), transient) }
      let code = sqlite3_step(handle)
      guard code == SQLITE_DONE else {
        throw DatabaseError(
          resultCode: ResultCode(rawValue: code),
          message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
          sql: SQLiteEventStore.insertSQL)
      }
    }

    /// A re-sent event is skipped only when it is the same event: the same stream, kind and
    /// payload. Its time and actor are the circumstances of a write, not the event: a step of a
    /// duty clock that two processes noticed a second apart is one event under one id
    /// (`DueEscalation.event`), and the store keeps the first writer's time and name. An id
    /// stored for different contents means two writers made one id, and is refused rather than
    /// silently dropped.
    private func requireSame(_ event: NewEvent, stream: String) throws {
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT seq, stream, kind, payload FROM events WHERE id = ?"),
        arguments: [Data(event.id.bytes)])
      guard let row else { return }
      let (storedStream, kind, payload): (String, String, Data) = (row[1], row[2], row[3])
      if storedStream != stream || kind != event.body.kind.name || payload != Data(event.body.encoded()) {
        throw StoreError.idReused(id: event.id.description, sequence: row[0])
      }
    }
  }

  // MARK: Reading

  /// The newest sequence number and the generation, read together: what a follower polls.
  public func position() throws -> (sequence: Int64, generation: Data) {
    try writer.read { db in
      let sequence = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0
      let generation =
        try db.tableExists("store")
        ? try Data.fetchOne(db, sql: "SELECT generation FROM store") ?? Data() : Data()
      return (sequence, generation)
    }
  }

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
    after sequence: Int64, through last: Int64?, _ body: (RecordedEvent) throws -> Void
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
  public func events(after sequence: Int64, limit: Int) throws -> [RecordedEvent] {
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
