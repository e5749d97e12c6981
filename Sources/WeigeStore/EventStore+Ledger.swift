import Foundation
import GRDB
import GRDBSQLite
import WeigeCore

extension EventStore {
  /// Opening a large store replays at most this many events past the newest snapshot before it
  /// writes a new one: about a tenth of a second of replay.
  public static let defaultSnapshotInterval: Int64 = 50_000

  /// The state as of `last` (the newest event when nil): the newest snapshot at or before it, plus
  /// the events after that snapshot. Equal to a full replay, only faster.
  public func ledger(through last: Int64? = nil) throws -> Ledger {
    var ledger = try newestSnapshot(through: last) ?? Ledger()
    try replay(into: &ledger, through: last)
    return ledger
  }

  /// The state as of now, saving a fresh snapshot when the tail past the last one has grown long.
  /// A snapshot that cannot be written (a full disk, a read-only file) never stops the store from
  /// opening: the events are the truth, and the next open replays them again.
  public func openLedger() throws -> Ledger {
    let snapshot = try newestSnapshot(through: nil)
    var ledger = snapshot ?? Ledger()
    try replay(into: &ledger, through: nil)
    if access != .readOnly, ledger.lastSequence - (snapshot?.lastSequence ?? 0) >= snapshotInterval {
      do {
        try saveSnapshot(of: ledger)
      } catch {
        notice("no snapshot was written (\(error)); the store opened from its events")
      }
    }
    return ledger
  }

  /// The state from the first event to `last`, ignoring snapshots: the reference a snapshot must equal.
  public func replayFromScratch(through last: Int64? = nil) throws -> Ledger {
    var ledger = Ledger()
    try replay(into: &ledger, through: last)
    return ledger
  }

  /// Folds the events after `ledger.lastSequence`, through `last`, into `ledger`.
  ///
  /// The hot path of opening a store: it reads only the columns the fold needs, through SQLite's
  /// C API straight from its buffers, because GRDB's row decoding costs more than the fold itself
  /// (measured: 155,000 events/s through `forEachEvent`, against a 500,000/s target).
  public func replay(into ledger: inout Ledger, through last: Int64? = nil) throws {
    try writer.read { db in
      let statement = try db.makeStatement(
        sql: "SELECT seq, time, actor, kind, payload FROM events WHERE seq > ? AND seq <= ? ORDER BY seq")
      try statement.setArguments([ledger.lastSequence, last ?? Int64.max])
      let row = statement.sqliteStatement
      while true {
        let code = sqlite3_step(row)
        if code == SQLITE_DONE { break }
        guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        let sequence = sqlite3_column_int64(row, 0)
        let kindBytes = UnsafeRawBufferPointer(
          start: sqlite3_column_text(row, 3), count: Int(sqlite3_column_bytes(row, 3)))
        guard let kind = EventKind(utf8: kindBytes) else {
          throw StoreError.unreadableEvent(
            sequence: sequence, reason: "unknown kind '\(String(decoding: kindBytes, as: UTF8.self))'")
        }
        let payload = UnsafeRawBufferPointer(
          start: sqlite3_column_blob(row, 4), count: Int(sqlite3_column_bytes(row, 4)))
        let body: EventBody
        do {
          body = try EventBody.decode(kind: kind, payload: payload)
        } catch {
          throw StoreError.unreadableEvent(sequence: sequence, reason: "\(kind.name): \(error)")
        }
        let actor = String(
          decoding: UnsafeRawBufferPointer(
            start: sqlite3_column_text(row, 2), count: Int(sqlite3_column_bytes(row, 2))),
          as: UTF8.self)
        ledger.apply(
          body, sequence: sequence, time: Timestamp(milliseconds: sqlite3_column_int64(row, 1)), actor: actor)
      }
    }
  }

  public func saveSnapshot(of ledger: Ledger) throws {
    let bytes = Data(ledger.snapshot())
    try writer.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO snapshots (seq, format, created, state) VALUES (?, ?, ?, ?)",
        arguments: [ledger.lastSequence, Ledger.snapshotFormat, Timestamp.now.rawValue, bytes])
    }
  }

  /// Decodes the newest snapshot straight from SQLite's buffer: at city scale the blob is about
  /// 60 MB, and a copy of it would be a seventh of the memory budget.
  func newestSnapshot(through last: Int64?) throws -> Ledger? {
    try writer.read { db in
      let statement = try db.makeStatement(
        sql: "SELECT seq, state FROM snapshots WHERE format = ? AND seq <= ? ORDER BY seq DESC LIMIT 1")
      try statement.setArguments([Ledger.snapshotFormat, last ?? Int64.max])
      let row = statement.sqliteStatement
      let code = sqlite3_step(row)
      if code == SQLITE_DONE { return nil }
      guard code == SQLITE_ROW else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
      let bytes = UnsafeRawBufferPointer(
        start: sqlite3_column_blob(row, 1), count: Int(sqlite3_column_bytes(row, 1)))
      do {
        return try Ledger(snapshot: bytes)
      } catch {
        throw StoreError.unreadableEvent(sequence: sqlite3_column_int64(row, 0), reason: "snapshot: \(error)")
      }
    }
  }

  /// Watches for events that other processes append, polling every `interval` (a cheap MAX(seq)
  /// on the primary key, and the store's generation), and hands each new run to `handler` until
  /// `keepGoing` says stop. When the history was replaced (`demo --force`: a new generation, or
  /// the sequence went backwards) it says so with `.replaced` and goes on from the new start.
  public func follow(
    after sequence: Int64, every interval: Duration = .milliseconds(200),
    while keepGoing: () -> Bool = { true },
    _ handler: (FollowUpdate) throws -> Void
  ) throws {
    var seen = sequence
    var generation = try self.generation()
    while keepGoing() {
      let now = try position()
      if now.generation != generation || now.sequence < seen {
        generation = now.generation
        seen = 0
        try handler(.replaced)
        continue
      }
      if now.sequence > seen {
        let fresh = try events(after: seen, limit: 10_000)
        if let last = fresh.last { seen = last.sequence }
        try handler(.events(fresh))
        continue
      }
      Thread.sleep(
        forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
    }
  }
}

/// What a follower hears from the store.
public enum FollowUpdate: Sendable {
  /// Events other processes appended, in order.
  case events([RecordedEvent])
  /// The history was replaced under the follower: what it folded is gone; it must start again
  /// from the store as it is now (the events that follow begin at the new history's start).
  case replaced
}
