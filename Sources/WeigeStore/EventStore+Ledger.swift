import Foundation
import GRDB
import WeigeCore

extension EventStore {
  /// Opening a large store replays at most this many events past the newest snapshot before it
  /// writes a new one: about a tenth of a second of replay.
  public static let snapshotInterval: Int64 = 50_000

  /// The state as of `last` (the newest event when nil): the newest snapshot at or before it, plus
  /// the events after that snapshot. Equal to a full replay, only faster.
  public func ledger(through last: Int64? = nil) throws -> Ledger {
    var ledger = try newestSnapshot(through: last) ?? Ledger()
    try forEachEvent(after: ledger.lastSequence, through: last) { ledger.apply($0) }
    return ledger
  }

  /// The state as of now, saving a fresh snapshot when the tail past the last one has grown long.
  public func openLedger() throws -> Ledger {
    let snapshot = try newestSnapshot(through: nil)
    var ledger = snapshot ?? Ledger()
    try forEachEvent(after: ledger.lastSequence) { ledger.apply($0) }
    if ledger.lastSequence - (snapshot?.lastSequence ?? 0) >= Self.snapshotInterval {
      try saveSnapshot(of: ledger)
    }
    return ledger
  }

  /// The state from the first event to `last`, ignoring snapshots: the reference a snapshot must equal.
  public func replayFromScratch(through last: Int64? = nil) throws -> Ledger {
    var ledger = Ledger()
    try forEachEvent(through: last) { ledger.apply($0) }
    return ledger
  }

  public func saveSnapshot(of ledger: Ledger) throws {
    let bytes = Data(ledger.snapshot())
    try writer.write { db in
      try db.execute(
        sql: "INSERT OR REPLACE INTO snapshots (seq, format, created, state) VALUES (?, ?, ?, ?)",
        arguments: [ledger.lastSequence, Ledger.snapshotFormat, Timestamp.now.rawValue, bytes])
    }
  }

  func newestSnapshot(through last: Int64?) throws -> Ledger? {
    try writer.read { db in
      guard
        let row = try Row.fetchOne(
          db, sql: "SELECT seq, state FROM snapshots WHERE format = ? AND seq <= ? ORDER BY seq DESC LIMIT 1",
          arguments: [Ledger.snapshotFormat, last ?? Int64.max])
      else { return nil }
      let sequence: Int64 = row[0]
      do {
        return try (row.dataNoCopy(atIndex: 1) ?? Data()).withUnsafeBytes { buffer throws(BinaryDecodingError) in
          try Ledger(snapshot: buffer)
        }
      } catch {
        throw StoreError.unreadableEvent(sequence: sequence, reason: "snapshot: \(error)")
      }
    }
  }

  /// Watches for events that other processes append, polling every `interval` (a cheap MAX(seq)
  /// on the primary key), and hands each new run to `handler` until `keepGoing` says stop.
  public func follow(
    after sequence: Int64, every interval: Duration = .milliseconds(200), while keepGoing: () -> Bool = { true },
    _ handler: ([RecordedEvent]) throws -> Void
  ) throws {
    var seen = sequence
    while keepGoing() {
      if try lastSequence() > seen {
        let fresh = try events(after: seen, limit: 10_000)
        if let last = fresh.last { seen = last.sequence }
        try handler(fresh)
        continue
      }
      Thread.sleep(forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
    }
  }
}
