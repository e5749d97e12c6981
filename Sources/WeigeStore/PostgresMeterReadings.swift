import PostgresNIO
import WeigeCore

/// The readings table on a shared room's server (schema step 4), with SQLite's semantics: see
/// `MeterReadingStore`. A batch costs two statements in one transaction whatever its size: the
/// readings go in as one array per column, and every touched meter's newest reading and baseline
/// come back from one query.
extension PostgresEventStore {
  /// `IF NOT EXISTS`, as every step may run again over what it made: the tests rewind a store's
  /// version to replay the upgrade from it.
  static let meterReadingsTable = """
    CREATE TABLE IF NOT EXISTS weige.meter_readings (
      meter text NOT NULL, time bigint NOT NULL, volume bigint NOT NULL, PRIMARY KEY (meter, time))
    """

  public func record(_ readings: [MeterReading]) throws -> [MeterWindow] {
    precondition(access != .readOnly, "readings recorded on a store opened read-only")
    guard !readings.isEmpty else { return [] }
    var insert = ReadingsInsert()
    var touched = MeterWindows(behind: Self.baselineDistance)
    // The last reading of a meter and moment wins, as SQLite's INSERT OR REPLACE has it: an
    // upsert may not touch one row twice in a statement, so the batch sends each key once.
    var position: [ReadingKey: Int] = [:]
    for reading in readings {
      let key = ReadingKey(meter: reading.meter, time: reading.time.rawValue)
      if let index = position[key] {
        insert.volumes[index] = reading.volume.rawValue
        continue
      }
      position[key] = insert.meters.count
      insert.meters.append(reading.meter)
      insert.times.append(reading.time.rawValue)
      insert.volumes.append(reading.volume.rawValue)
      touched.add(reading.meter)
    }
    return try session.transaction { connection in
      _ = try connection.rows(insert)
      return try connection.rows(touched)
    }
  }

  /// How far behind a meter's newest reading its baseline lies: `WaterRule.baselineTime(for:)`
  /// puts it a fixed distance back, which the windows' query takes as its argument.
  static let baselineDistance = -WaterRule.baselineTime(for: Timestamp(milliseconds: 0)).rawValue

  public func meters(lastReportedAtOrBefore time: Timestamp) throws -> [MeterReading] {
    try session.withConnection { connection in
      try connection.rows(
        """
        SELECT newest.meter, newest.time, newest.volume FROM (
          SELECT DISTINCT ON (r.meter) r.meter, r.time, r.volume FROM weige.meter_readings r
          ORDER BY r.meter, r.time DESC) newest
        WHERE newest.time <= \(time.rawValue) ORDER BY newest.meter
        """
      ).map { row in
        let (meter, time, volume) = try row.decode((String, Int64, Int64).self)
        return MeterReading(
          meter: meter, time: Timestamp(milliseconds: time), volume: WaterVolume(rawValue: volume))
      }
    }
  }

  public func pruneReadings(before time: Timestamp) throws {
    precondition(access != .readOnly, "readings pruned on a store opened read-only")
    try session.withConnection { connection in
      try connection.execute(
        """
        DELETE FROM weige.meter_readings r WHERE r.time < \(time.rawValue)
          AND r.time < (SELECT MAX(n.time) FROM weige.meter_readings n WHERE n.meter = r.meter)
        """)
    }
  }

  public func removeAllReadings() throws {
    precondition(access != .readOnly, "readings removed on a store opened read-only")
    try session.withConnection { connection in try connection.execute("DELETE FROM weige.meter_readings") }
  }
}

private struct ReadingKey: Hashable {
  var meter: String
  var time: Int64
}

/// A batch of readings in one statement; a reading for a meter and moment already stored
/// replaces it.
private struct ReadingsInsert: PostgresPreparedStatement {
  static let sql = """
    INSERT INTO weige.meter_readings (meter, time, volume)
    SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
    ON CONFLICT (meter, time) DO UPDATE SET volume = excluded.volume
    """
  typealias Row = Void
  var meters: [String] = []
  var times: [Int64] = []
  var volumes: [Int64] = []

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 3)
    bindings.append(meters)
    bindings.append(times)
    bindings.append(volumes)
    return bindings
  }

  func decodeRow(_ row: PostgresRow) {}
}

/// Each touched meter's newest reading and the newest at or before its baseline time, in the
/// order the batch first touched them: two index probes a meter, in one query.
private struct MeterWindows: PostgresPreparedStatement {
  static let sql = """
    SELECT m.meter, latest.time, latest.volume, base.time, base.volume
    FROM unnest($1::text[]) WITH ORDINALITY AS m(meter, ordinal)
    CROSS JOIN LATERAL (
      SELECT r.time, r.volume FROM weige.meter_readings r WHERE r.meter = m.meter
      ORDER BY r.time DESC LIMIT 1) latest
    LEFT JOIN LATERAL (
      SELECT r.time, r.volume FROM weige.meter_readings r WHERE r.meter = m.meter AND r.time <= latest.time - $2
      ORDER BY r.time DESC LIMIT 1) base ON true
    ORDER BY m.ordinal
    """
  typealias Row = MeterWindow
  let behind: Int64
  private(set) var meters: [String] = []
  private var seen = Set<String>()

  init(behind: Int64) { self.behind = behind }

  mutating func add(_ meter: String) {
    if seen.insert(meter).inserted { meters.append(meter) }
  }

  func makeBindings() -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 2)
    bindings.append(meters)
    bindings.append(behind)
    return bindings
  }

  func decodeRow(_ row: PostgresRow) throws -> MeterWindow {
    let (meter, time, volume, baseTime, baseVolume) = try row.decode(
      (String, Int64, Int64, Int64?, Int64?).self)
    let latest = MeterReading(
      meter: meter, time: Timestamp(milliseconds: time), volume: WaterVolume(rawValue: volume))
    guard let baseTime, let baseVolume else { return MeterWindow(latest: latest, baseline: nil) }
    return MeterWindow(
      latest: latest,
      baseline: MeterReading(
        meter: meter, time: Timestamp(milliseconds: baseTime), volume: WaterVolume(rawValue: baseVolume)))
  }
}
