import Foundation
import PostgresNIO
import WeigeCore

/// A bulk load (`PostgresEventStore.bulkLoad`) within one transaction that holds the lock of the
/// counter row (`weige.store`), so the sequence numbers it hands out are the next ones and commit
/// in their order. Interactive appends go through `AppendProcedure` instead.
struct PostgresAppender {
  let connection: Connected
  /// The last sequence number, as locked and then as appended.
  private(set) var last: Int64
  private(set) var appended = 0
  /// Whether the transaction changed anything followers must hear of.
  private var changed = false
  /// Bulk loads start on an empty log: each stream's version and each id's sequence so far, so
  /// that rows go in by the thousand without asking the server per event.
  private var versions: [String: Int] = [:]
  private var sequences: [EventID: Int64] = [:]
  private let format: PostgresBulkFormat
  private var pending = BulkRows()

  init(connection: Connected, format: PostgresBulkFormat) throws {
    self.connection = connection
    self.format = format
    last = try connection.rows("SELECT last_seq FROM weige.store FOR UPDATE")[0].decode(Int64.self)
  }

  /// Appends a bulk load's events, sent a few thousand rows at a time in `format`.
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
      if pending.count >= BulkRows.batch { try flush() }
    }
  }

  private mutating func flush() throws {
    guard pending.count > 0 else { return }
    switch format {
    case .unnest: _ = try connection.rows(pending.insert)
    case .copy: try connection.copy(pending.copyText(), into: "events", columns: BulkRows.columns)
    }
    appended += pending.count
    changed = true
    pending = BulkRows()
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

  /// An id seen twice in one load is skipped only for the same event (see
  /// `SQLiteEventStore.Appender.requireSame` for what "the same" means).
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

/// An interactive append in one round trip: `CALL weige.append(…)` with the batch as one array
/// per column. The procedure (schema step 2) does on the server what an append needs — locks the
/// counter row, inserts the batch's new events at their streams' next versions in one statement
/// (skipping an id already stored for the same event, refusing one stored for another), checks
/// the expected versions, moves the counter, NOTIFYs — and then COMMITs inside the call, so the call's answer comes only after the
/// commit is durable. (A plain statement in an implicit transaction would not do: in the extended
/// protocol the server commits at Sync, after the statement's CommandComplete, and postgres-nio
/// 1.33 settles a query on CommandComplete, so an error at commit — a full NOTIFY queue, say —
/// would reach it after the append was already acknowledged.) Any error rolls the whole batch
/// back. What the procedure refuses comes back as SQLSTATE `WG001`/`WG002` with a JSON detail,
/// turned into the same `StoreError` as SQLite's (`StoreError.init(_:at:doing:)`).
enum AppendProcedure {
  /// A stale expected version: detail `{"stream", "expected", "actual"}`.
  static let versionConflictState = "WG001"
  /// An id stored for another event: detail `{"id", "sequence"}`.
  static let idReusedState = "WG002"

  /// Schema step 2: the function that appends inside a transaction, and the procedure that
  /// calls it and commits. Steps 3 and 4 put a new body in the function's place (`CREATE OR
  /// REPLACE`; every step runs this build's text). Step 2's first body checked the expected
  /// versions by reading the events past the batch's start, a plan that scanned the whole table
  /// on each append before autovacuum had analysed it after a bulk load (28 ms median on the
  /// binjiang preset, 0.1 ms with statistics); step 3's inserted event by event in a loop, so a
  /// 100,000-household import paid an INSERT's executor start and a version lookup per event
  /// (16.4 s on PostgreSQL against 3.0 s into SQLite). Step 4's plans the batch in one statement:
  /// each event's stored twin by id and its stream's newest version, by index; sequence numbers
  /// from the counter row and versions per stream with window functions over the batch's order;
  /// one INSERT of every new event. The refusals are then those the loop met first, in the
  /// batch's order: an id stored (or earlier in the batch) for another event, and a stream whose
  /// version before its first new event is not the expected one (so that a retried batch, its
  /// events all skipped, is a no-op rather than a conflict). A refusal rolls back the insert with
  /// the rest of the call.
  static let definitions = [appendEvents, appendProcedure]

  /// The function; `CREATE OR REPLACE` so that steps 3 and 4 can put it in place of step 2's.
  /// Columns are qualified throughout: the result columns are PL/pgSQL variables too. Its plans
  /// are generic, made once a connection: PostgreSQL would otherwise plan the batch's statement
  /// afresh on every call (its arrays are parameters), which tripled a one-event append's time on
  /// the server (median 0.13–0.17 ms for the loop, 0.46–0.60 ms planned each call, 0.16 ms
  /// generic; pgbench calling the procedure without waiting for the disk, load 8–9); a generic
  /// plan for 101,400 events takes as long as one made for them (1.26–1.36 s).
  static let appendEvents = """
    CREATE OR REPLACE FUNCTION weige.append_events(
      ids bytea[], streams text[], times bigint[], actors text[], kinds text[], payloads bytea[],
      expected_streams text[], expected_versions integer[])
    RETURNS TABLE (ordinal integer, new_seq bigint, new_version integer)
    LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
    DECLARE
      head bigint;
      added_ordinals integer[];
      added_seqs bigint[];
      added_versions integer[];
      refusal jsonb;
    BEGIN
      -- The counter row: see PostgresEventStore.
      SELECT s.last_seq INTO head FROM weige.store s FOR UPDATE;
      WITH batch AS MATERIALIZED (
        -- Each event, the event stored under its id if any, and where its id first comes in the batch.
        SELECT b.ordinal::integer AS place, b.id, b.stream, b.time, b.actor, b.kind, b.payload,
          stored.seq AS stored_seq, stored.stream AS stored_stream, stored.kind AS stored_kind,
          stored.payload AS stored_payload, min(b.ordinal) OVER (PARTITION BY b.id)::integer AS first_place
        FROM unnest(ids, streams, times, actors, kinds, payloads)
          WITH ORDINALITY AS b(id, stream, time, actor, kind, payload, ordinal)
        LEFT JOIN weige.events stored ON stored.id = b.id
      ),
      fresh AS MATERIALIZED (
        -- The new events: sequence numbers on from the counter, versions on from each stream's newest.
        SELECT n.place, n.id, n.stream, n.time, n.actor, n.kind, n.payload,
          head + row_number() OVER (ORDER BY n.place) AS seq,
          (newest.version + row_number() OVER (PARTITION BY n.stream ORDER BY n.place))::integer AS version,
          newest.version AS before
        FROM batch n
        CROSS JOIN LATERAL (
          SELECT COALESCE(MAX(x.version), 0) AS version FROM weige.events x WHERE x.stream = n.stream) newest
        WHERE n.stored_seq IS NULL AND n.first_place = n.place
      ),
      added AS (
        INSERT INTO weige.events (seq, id, stream, version, time, actor, kind, payload)
        SELECT f.seq, f.id, f.stream, f.version, f.time, f.actor, f.kind, f.payload FROM fresh f
      ),
      refusals AS (
        -- A re-sent event is skipped only when it is the same event: stream, kind and payload.
        SELECT r.place, jsonb_build_object(
          'state', '\(AppendProcedure.idReusedState)',
          'message', format('event id %s is stored at %s for another event', encode(r.id, 'hex'),
            COALESCE(r.stored_seq, twin.seq)),
          'detail', jsonb_build_object('id', encode(r.id, 'hex'), 'sequence', COALESCE(r.stored_seq, twin.seq))
        ) AS refusal
        FROM batch r LEFT JOIN fresh twin ON twin.place = r.first_place
        WHERE (r.stored_seq IS NOT NULL OR r.first_place <> r.place)
          AND (COALESCE(r.stored_stream, twin.stream) <> r.stream OR COALESCE(r.stored_kind, twin.kind) <> r.kind
            OR COALESCE(r.stored_payload, twin.payload) <> r.payload)
        UNION ALL
        -- A stream's expectation, at its first new event.
        SELECT f.place, jsonb_build_object(
          'state', '\(AppendProcedure.versionConflictState)',
          'message', format('stream %s is at version %s, not %s', f.stream, f.before, x.version),
          'detail', jsonb_build_object('stream', f.stream, 'expected', x.version, 'actual', f.before)
        )
        FROM fresh f JOIN unnest(expected_streams, expected_versions) AS x(stream, version) ON x.stream = f.stream
        WHERE f.version = f.before + 1 AND f.before <> x.version
      )
      SELECT
        (SELECT COALESCE(array_agg(f.place ORDER BY f.place), '{}') FROM fresh f),
        (SELECT COALESCE(array_agg(f.seq ORDER BY f.place), '{}') FROM fresh f),
        (SELECT COALESCE(array_agg(f.version ORDER BY f.place), '{}') FROM fresh f),
        (SELECT r.refusal FROM refusals r ORDER BY r.place LIMIT 1)
      INTO added_ordinals, added_seqs, added_versions, refusal;
      IF refusal IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = refusal ->> 'state', MESSAGE = refusal ->> 'message',
          DETAIL = (refusal -> 'detail')::text;
      END IF;
      IF cardinality(added_ordinals) = 0 THEN
        RETURN;
      END IF;
      head := head + cardinality(added_ordinals);
      UPDATE weige.store SET last_seq = head;
      PERFORM pg_notify('\(PostgresSession.channel)', head::text);
      RETURN QUERY SELECT * FROM unnest(added_ordinals, added_seqs, added_versions);
    END $$
    """

  static let appendProcedure = """
    CREATE PROCEDURE weige.append(
      ids bytea[], streams text[], times bigint[], actors text[], kinds text[], payloads bytea[],
      expected_streams text[], expected_versions integer[],
      INOUT new_ordinals integer[], INOUT new_seqs bigint[], INOUT new_versions integer[])
    LANGUAGE plpgsql AS $$
    BEGIN
      SELECT COALESCE(array_agg(a.ordinal ORDER BY a.ordinal), '{}'),
        COALESCE(array_agg(a.new_seq ORDER BY a.ordinal), '{}'),
        COALESCE(array_agg(a.new_version ORDER BY a.ordinal), '{}')
      INTO new_ordinals, new_seqs, new_versions
      FROM weige.append_events(ids, streams, times, actors, kinds, payloads, expected_streams, expected_versions) a;
      COMMIT;
    END $$
    """

  /// The call appending `events`, as one statement with one array per column.
  static func call(_ events: [NewEvent], expectedVersions: [String: Int]) -> PostgresQuery {
    let ids = events.map { ByteBuffer(bytes: $0.id.bytes) }
    let streams = events.map(\.body.stream)
    let times = events.map(\.time.rawValue)
    let actors = events.map(\.actor)
    let kinds = events.map(\.body.kind.name)
    let payloads = events.map { ByteBuffer(bytes: $0.body.encoded()) }
    let expected = expectedVersions.sorted { $0.key < $1.key }
    let expectedStreams = expected.map(\.key)
    let expectedVersions = expected.map { Int32($0.value) }
    return """
      CALL weige.append(\(ids), \(streams), \(times), \(actors), \(kinds), \(payloads), \(expectedStreams), \
      \(expectedVersions), NULL::integer[], NULL::bigint[], NULL::integer[])
      """
  }

  /// The events the call's answer says were new, as recorded.
  static func recorded(_ events: [NewEvent], answer row: PostgresRow) throws -> [RecordedEvent] {
    let (ordinals, sequences, versions) = try row.decode(([Int32], [Int64], [Int32]).self)
    return zip(ordinals, zip(sequences, versions)).map { ordinal, new in
      let event = events[Int(ordinal) - 1]
      return RecordedEvent(
        sequence: new.0, id: event.id, stream: event.body.stream, version: Int(new.1), time: event.time,
        actor: event.actor, body: event.body)
    }
  }
}

/// How a bulk load sends its rows: both keep every guarantee (one transaction under the counter
/// row's lock; sequence and versions assigned here, since a bulk load starts on an empty log);
/// `weige bench store --store postgres://…` measures them side by side.
public enum PostgresBulkFormat: String, Sendable, CaseIterable {
  /// One array per column, unnested into rows by an INSERT: binary, prepared on the server.
  case unnest
  /// `COPY … FROM STDIN` in text form, the one postgres-nio 1.33 offers (`copyFrom`; bytea as
  /// hex, so a payload travels at twice its size).
  case copy
}

/// A bulk load's rows waiting to be sent.
struct BulkRows {
  /// Rows per statement: large enough that round trips vanish, small enough to keep memory flat.
  static let batch = 5_000
  static let columns = ["seq", "id", "stream", "version", "time", "actor", "kind", "payload"]
  private var events: [(sequence: Int64, version: Int, event: NewEvent)] = []
  var count: Int { events.count }

  mutating func add(sequence: Int64, event: NewEvent, version: Int) {
    events.append((sequence, version, event))
  }

  /// The rows as the `unnest` statement's arrays.
  var insert: BulkInsert {
    var insert = BulkInsert()
    for (sequence, version, event) in events {
      insert.add(sequence: sequence, event: event, version: version)
    }
    return insert
  }

  /// The rows in COPY's text form: tab-separated columns, one line a row, the characters text
  /// must escape escaped, bytea as `\x` and hex.
  func copyText() -> ByteBuffer {
    var text = ByteBuffer()
    text.reserveCapacity(events.count * 256)
    func field(_ value: String) {
      for byte in value.utf8 {
        switch byte {
        case UInt8(ascii: "\\"): text.writeStaticString("\\\\")
        case UInt8(ascii: "\t"): text.writeStaticString("\\t")
        case UInt8(ascii: "\n"): text.writeStaticString("\\n")
        case UInt8(ascii: "\r"): text.writeStaticString("\\r")
        default: text.writeInteger(byte)
        }
      }
      text.writeInteger(UInt8(ascii: "\t"))
    }
    func bytes(_ value: [UInt8]) {
      text.writeStaticString("\\\\x")
      for byte in value {
        text.writeInteger(hexDigits[Int(byte >> 4)])
        text.writeInteger(hexDigits[Int(byte & 0xF)])
      }
    }
    for (sequence, version, event) in events {
      field(String(sequence))
      bytes(event.id.bytes)
      text.writeInteger(UInt8(ascii: "\t"))
      field(event.body.stream)
      field(String(version))
      field(String(event.time.rawValue))
      field(event.actor)
      field(event.body.kind.name)
      bytes(event.body.encoded())
      text.writeInteger(UInt8(ascii: "\n"))
    }
    return text
  }
}

private let hexDigits = Array("0123456789abcdef".utf8)

/// Many events in one statement, as one array per column unnested into rows.
struct BulkInsert: PostgresPreparedStatement {
  static let sql = """
    INSERT INTO weige.events (seq, id, stream, version, time, actor, kind, payload)
    SELECT * FROM unnest($1::bigint[], $2::bytea[], $3::text[], $4::integer[], $5::bigint[], $6::text[],
      $7::text[], $8::bytea[])
    """
  typealias Row = Void
  var sequences: [Int64] = []
  var ids: [ByteBuffer] = []
  var streams: [String] = []
  var versions: [Int32] = []
  var times: [Int64] = []
  var actors: [String] = []
  var kinds: [String] = []
  var payloads: [ByteBuffer] = []

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
