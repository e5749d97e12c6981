import Foundation
import PostgresNIO
import WeigeCore

/// Appends within one transaction that holds the lock of the counter row (`weige.store`), so
/// the sequence numbers it hands out are the next ones and commit in their order.
struct PostgresAppender {
  let connection: Connected
  let expectedVersions: [String: Int]
  /// The last sequence number, as locked and then as appended.
  private(set) var last: Int64
  private(set) var appended = 0
  /// Whether the transaction changed anything followers must hear of.
  private var changed = false
  /// Streams whose expected version was checked: the first new event of each.
  private var checked: Set<String> = []
  /// For bulk loads, which start on an empty log: each stream's version and each id's sequence
  /// so far, so that rows go in by the thousand without asking the server per event.
  private var versions: [String: Int] = [:]
  private var sequences: [EventID: Int64] = [:]
  private var pending = BulkInsert()

  init(connection: Connected, expectedVersions: [String: Int]) throws {
    self.connection = connection
    self.expectedVersions = expectedVersions
    last = try connection.rows("SELECT last_seq FROM weige.store FOR UPDATE")[0].decode(Int64.self)
  }

  /// Appends one event; nil when its id was already stored for the same event (see
  /// `SQLiteEventStore.Appender.requireSame` for what "the same" means).
  mutating func append(_ event: NewEvent) throws -> RecordedEvent? {
    let stream = event.body.stream
    let payload = event.body.encoded()
    let rows = try connection.rows(
      InsertEvent(
        sequence: last + 1, id: ByteBuffer(bytes: event.id.bytes), stream: stream, time: event.time.rawValue,
        actor: event.actor, kind: event.body.kind.name, payload: ByteBuffer(bytes: payload)))
    guard let version = rows.first.map(Int.init) else {
      try requireSame(event, payload: payload)
      return nil
    }
    // Checked on a stream's first new event, after duplicates are skipped: a retried batch is a
    // no-op rather than a conflict. Throwing rolls the whole transaction back.
    if checked.insert(stream).inserted, let expected = expectedVersions[stream], expected != version - 1 {
      throw StoreError.versionConflict(stream: stream, expected: expected, actual: version - 1)
    }
    last += 1
    appended += 1
    changed = true
    return RecordedEvent(
      sequence: last, id: event.id, stream: stream, version: version, time: event.time, actor: event.actor,
      body: event.body)
  }

  /// Appends a bulk load's events, sent through `unnest` arrays a few thousand rows at a time.
  mutating func ingest(_ events: [NewEvent]) throws {
    for event in events {
      if sequences[event.id] != nil {
        try flush()
        try requireSame(event, payload: event.body.encoded())
        continue
      }
      let stream = event.body.stream
      let version = (versions[stream] ?? 0) + 1
      versions[stream] = version
      last += 1
      sequences[event.id] = last
      pending.add(sequence: last, event: event, version: version)
      if pending.count >= BulkInsert.batch { try flush() }
    }
  }

  private mutating func flush() throws {
    guard pending.count > 0 else { return }
    _ = try connection.rows(pending)
    appended += pending.count
    changed = true
    pending = BulkInsert()
  }

  /// Removes every event and snapshot and gives the store a new generation, in this transaction.
  mutating func eraseAll() throws {
    try connection.execute("DELETE FROM weige.events")
    try connection.execute("DELETE FROM weige.snapshots")
    try connection.execute(
      "UPDATE weige.store SET generation = \(ByteBuffer(bytes: EventID.generate().bytes)), last_seq = 0")
    last = 0
    versions = [:]
    sequences = [:]
    changed = true
  }

  /// Writes the new last sequence into the counter row and announces it; both take effect at commit.
  mutating func finish() throws {
    try flush()
    guard changed else { return }
    try connection.execute(
      """
      WITH moved AS (UPDATE weige.store SET last_seq = \(last) RETURNING last_seq)
      SELECT pg_notify(\(PostgresSession.channel), last_seq::text) FROM moved
      """)
  }

  private func requireSame(_ event: NewEvent, payload: [UInt8]) throws {
    let rows = try connection.rows(
      "SELECT seq, stream, kind, payload FROM weige.events WHERE id = \(ByteBuffer(bytes: event.id.bytes))")
    guard let row = rows.first else { return }
    let (sequence, stream, kind, stored) = try row.decode((Int64, String, String, ByteBuffer).self)
    if stream != event.body.stream || kind != event.body.kind.name
      || !stored.readableBytesView.elementsEqual(payload)
    {
      throw StoreError.idReused(id: event.id.description, sequence: sequence)
    }
  }
}

/// Inserts one event at the next position of its stream, the version found in the same
/// statement; no row when the id is already stored.
struct InsertEvent: PostgresPreparedStatement {
  static let sql = """
    INSERT INTO weige.events (seq, id, stream, version, time, actor, kind, payload)
    SELECT $1, $2, $3, COALESCE(MAX(version), 0) + 1, $4, $5, $6, $7 FROM weige.events WHERE stream = $3
    ON CONFLICT (id) DO NOTHING RETURNING version
    """
  typealias Row = Int32
  var sequence: Int64
  var id: ByteBuffer
  var stream: String
  var time: Int64
  var actor: String
  var kind: String
  var payload: ByteBuffer

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 7)
    bindings.append(sequence)
    bindings.append(id)
    bindings.append(stream)
    bindings.append(time)
    bindings.append(actor)
    bindings.append(kind)
    bindings.append(payload)
    return bindings
  }

  func decodeRow(_ row: PostgresRow) throws -> Int32 { try row.decode(Int32.self) }
}

/// Many events in one statement, as one array per column unnested into rows.
struct BulkInsert: PostgresPreparedStatement {
  static let sql = """
    INSERT INTO weige.events (seq, id, stream, version, time, actor, kind, payload)
    SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::text[], $4::integer[], $5::bigint[], $6::text[],
      $7::text[], $8::bytea[])
    """
  /// Rows per statement: large enough that round trips vanish, small enough to keep memory flat.
  static let batch = 5_000
  typealias Row = Void
  var sequences: [Int64] = []
  var ids: [ByteBuffer] = []
  var streams: [String] = []
  var versions: [Int32] = []
  var times: [Int64] = []
  var actors: [String] = []
  var kinds: [String] = []
  var payloads: [ByteBuffer] = []
  var count: Int { sequences.count }

  mutating func add(sequence: Int64, event: NewEvent, version: Int) {
    sequences.append(sequence)
    ids.append(ByteBuffer(bytes: event.id.bytes))
    streams.append(event.body.stream)
    versions.append(Int32(version))
    times.append(event.time.rawValue)
    actors.append(event.actor)
    kinds.append(event.body.kind.name)
    payloads.append(ByteBuffer(bytes: event.body.encoded()))
  }

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 8)
    bindings.append(sequences)
    bindings.append(ids)
    bindings.append(streams)
    bindings.append(versions)
    bindings.append(times)
    bindings.append(actors)
    bindings.append(kinds)
    bindings.append(payloads)
    return bindings
  }

  func decodeRow(_ row: PostgresRow) {}
}
