import Foundation
import WeigeCore

/// Moves a room's log from one store to another (a SQLite file to a shared room's server, or
/// back): every event with its id, time, actor, stream and version, and the newest snapshot.
///
/// Resumable: the target must hold a prefix of the source (checked event by event, by id), and
/// the copy goes on after it in transactions of `batch` events; an interrupted run leaves whole
/// batches, and appends are idempotent by id, so running it again continues and duplicates nothing.
public struct StoreMigration {
  public let source: any EventStore
  public let target: any EventStore
  /// Events per transaction on the target.
  public var batch = 10_000

  public init(from source: any EventStore, to target: any EventStore) {
    self.source = source
    self.target = target
  }

  public struct Report: Codable, Sendable, Equatable {
    /// Events the target already held when this run began (a resumed migration's earlier runs).
    public var alreadyThere: Int64
    public var copied: Int
    public var events: Int64
    public var snapshotCopied: Bool
    /// FNV-1a over every event's id, stream, version, time, actor, kind and payload, in order:
    /// equal on both sides, or the migration failed.
    public var checksum: String
  }

  public enum Failure: Error, CustomStringConvertible, Equatable {
    case notAPrefix(target: String, sequence: Int64)
    case mismatch(what: String, source: String, target: String)

    public var description: String {
      switch self {
      case .notAPrefix(let target, let sequence):
        "\(target) already holds other events (event #\(sequence) differs from the source's); "
          + "migrate into an empty store, or one an earlier run of the same migration filled"
      case .mismatch(let what, let source, let target):
        "after copying, the \(what) differ: source \(source), target \(target)"
      }
    }
  }

  /// Copies what the target lacks, then verifies counts and checksums; `progress` hears the
  /// number of events copied so far after each batch.
  public func run(progress: (Int) -> Void = { _ in }) throws -> Report {
    let already = try target.lastSequence()
    if already > 0 {
      var position: Int64 = 0
      var targetIDs: [EventID] = []
      try target.forEachEvent(after: 0, through: already) { targetIDs.append($0.id) }
      try source.forEachEvent(after: 0, through: already) { event in
        position += 1
        if targetIDs[Int(position - 1)] != event.id {
          throw Failure.notAPrefix(target: target.location, sequence: event.sequence)
        }
      }
      if position != already { throw Failure.notAPrefix(target: target.location, sequence: position + 1) }
    }
    var copied = 0
    var pending: [NewEvent] = []
    func flush() throws {
      guard !pending.isEmpty else { return }
      copied += try target.append(pending, expectedVersions: [:]).count
      pending = []
      progress(copied)
    }
    try source.forEachEvent(after: already, through: nil) { event in
      pending.append(NewEvent(id: event.id, time: event.time, actor: event.actor, body: event.body))
      if pending.count >= batch { try flush() }
    }
    try flush()
    var snapshotCopied = false
    if let snapshot = try source.newestSnapshot(through: nil),
      try target.newestSnapshot(through: nil)?.lastSequence != snapshot.lastSequence
    {
      try target.saveSnapshot(of: snapshot)
      snapshotCopied = true
    }
    let (sourceCount, sourceSum) = try Self.checksum(of: source)
    let (targetCount, targetSum) = try Self.checksum(of: target)
    guard sourceCount == targetCount else {
      throw Failure.mismatch(what: "event counts", source: "\(sourceCount)", target: "\(targetCount)")
    }
    guard sourceSum == targetSum else {
      throw Failure.mismatch(what: "checksums", source: sourceSum, target: targetSum)
    }
    return Report(
      alreadyThere: already, copied: copied, events: sourceCount, snapshotCopied: snapshotCopied,
      checksum: sourceSum)
  }

  /// The number of events and their FNV-1a 64 checksum, read in sequence order.
  public static func checksum(of store: any EventStore) throws -> (Int64, String) {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    func mix(_ bytes: some Sequence<UInt8>) {
      for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
      }
      // A separator, so that moving a byte between two fields changes the sum.
      hash = (hash ^ 0xff) &* 0x100_0000_01b3
    }
    var count: Int64 = 0
    try store.forEachEvent(after: 0, through: nil) { event in
      count += 1
      mix(event.id.bytes)
      mix(event.stream.utf8)
      mix(String(event.version).utf8)
      mix(String(event.time.rawValue).utf8)
      mix(event.actor.utf8)
      mix(event.body.kind.name.utf8)
      mix(event.body.encoded())
    }
    return (count, String(hash, radix: 16))
  }
}
