import GRDB
import GRDBSQLite
import WeigeCore

/// Where meter readings are kept: a table beside the events, not the events themselves (see
/// SensorWatch.swift for why). A table rather than an in-memory rolling window, because
/// `weige intake` runs as separate processes (one file, then the next, or the webhook server
/// restarted) and the 12-hour rule needs the readings of 12 hours ago whichever process has them.
/// Kept short: readings older than `retainedMilliseconds` behind the feed are pruned.
public protocol MeterReadingStore: AnyObject {
  /// Stores `readings` (a reading for a meter and moment already stored replaces it) and returns,
  /// for each meter they touched, its newest reading and the baseline the 12-hour rule judges it
  /// against, in one transaction.
  func record(_ readings: [MeterReading]) throws -> [MeterWindow]
  /// Meters whose newest reading is at or before `time`, with that reading: what the device-fault
  /// sweep looks at.
  func meters(lastReportedAtOrBefore time: Timestamp) throws -> [MeterReading]
  /// Drops readings older than `time`, keeping each meter's newest.
  func pruneReadings(before time: Timestamp) throws
  /// Drops every reading: a demo written over the store brings its own meters' (`writeDemo`).
  func removeAllReadings() throws
}

/// A meter's newest reading and its baseline (`WaterRule.baselineTime(for:)`).
public struct MeterWindow: Sendable, Equatable {
  public var latest: MeterReading
  public var baseline: MeterReading?

  public var verdict: WaterVerdict { WaterRule.verdict(latest: latest, baseline: baseline) }
}

/// Two days: the 12-hour window and its baseline with room for a feed that fell behind.
public let retainedMilliseconds: Int64 = 48 * 3_600_000

func createMeterReadings(_ db: Database) throws {
  // WITHOUT ROWID: the key is the only index a reading needs, and the rows are tiny.
  try db.execute(
    sql: """
      CREATE TABLE meter_readings (
        meter TEXT NOT NULL,
        time INTEGER NOT NULL,
        volume INTEGER NOT NULL,
        PRIMARY KEY (meter, time)
      ) WITHOUT ROWID
      """)
}

extension SQLiteEventStore {
  public func record(_ readings: [MeterReading]) throws -> [MeterWindow] {
    precondition(access != .readOnly, "readings recorded on a store opened read-only")
    return try writer.write { db in
      let insert = try ReadingStatement(
        db, sql: "INSERT OR REPLACE INTO meter_readings (meter, time, volume) VALUES (?, ?, ?)")
      var touched: [String] = []
      var seen = Set<String>()
      for reading in readings {
        _ = try insert.step(reading.meter, reading.time.rawValue, reading.volume.rawValue)
        if seen.insert(reading.meter).inserted { touched.append(reading.meter) }
      }
      let newest = try ReadingStatement(
        db, sql: "SELECT time, volume FROM meter_readings WHERE meter = ? ORDER BY time DESC LIMIT 1")
      let atOrBefore = try ReadingStatement(
        db,
        sql:
          "SELECT time, volume FROM meter_readings WHERE meter = ? AND time <= ? ORDER BY time DESC LIMIT 1")
      return try touched.compactMap { meter in
        guard let latest = try newest.step(meter) else { return nil }
        let base = try atOrBefore.step(meter, WaterRule.baselineTime(for: latest.time).rawValue)
        return MeterWindow(latest: latest, baseline: base)
      }
    }
  }

  public func meters(lastReportedAtOrBefore time: Timestamp) throws -> [MeterReading] {
    try writer.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT meter, MAX(time) AS time, volume FROM meter_readings GROUP BY meter HAVING MAX(time) <= ?
          """, arguments: [time.rawValue]
      ).map { Self.reading($0["meter"], $0) }
    }
  }

  public func pruneReadings(before time: Timestamp) throws {
    try writer.write { db in
      try db.execute(
        sql: """
          DELETE FROM meter_readings WHERE time < ?
            AND time < (SELECT MAX(time) FROM meter_readings AS newest WHERE newest.meter = meter_readings.meter)
          """, arguments: [time.rawValue])
    }
  }

  public func removeAllReadings() throws {
    try writer.write { db in try db.execute(sql: "DELETE FROM meter_readings") }
  }

  private static func reading(_ meter: String, _ row: Row) -> MeterReading {
    MeterReading(
      meter: meter, time: Timestamp(milliseconds: row["time"]), volume: WaterVolume(rawValue: row["volume"]))
  }
}

/// One of `record`'s statements, bound and stepped through SQLite's C API: GRDB's
/// `StatementArguments` and `Row` boxed each value and were most of `record`'s time in
/// `weige bench intake`'s profile (the same remedy as `SQLiteEventStore.Appender`'s insert).
private struct ReadingStatement {
  let db: Database
  let sql: String
  let handle: OpaquePointer

  init(_ db: Database, sql: String) throws {
    self.db = db
    self.sql = sql
    handle = try db.cachedStatement(sql: sql).sqliteStatement
  }

  /// Binds the meter and up to two integers in order, steps once, and reads the first row's
  /// time and volume as the meter's reading; nil when there is no row.
  func step(_ meter: String, _ first: Int64? = nil, _ second: Int64? = nil) throws -> MeterReading? {
    defer { sqlite3_reset(handle) }
    _ = sqlite3_bind_text(handle, 1, meter, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
    if let first { _ = sqlite3_bind_int64(handle, 2, first) }
    if let second { _ = sqlite3_bind_int64(handle, 3, second) }
    switch sqlite3_step(handle) {
    case SQLITE_ROW:
      return MeterReading(
        meter: meter, time: Timestamp(milliseconds: sqlite3_column_int64(handle, 0)),
        volume: WaterVolume(rawValue: sqlite3_column_int64(handle, 1)))
    case SQLITE_DONE:
      return nil
    case let code:
      throw DatabaseError(
        resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
        sql: sql)
    }
  }
}
