import Foundation
import WeigeCore

/// The event store as every caller sees it (DESIGN.md §6): append-only, ordered, idempotent by
/// event id, optimistic concurrency by expected version per stream, snapshots, followers. SQLite
/// (`SQLiteEventStore`) keeps a room's log in a file; PostgreSQL (`PostgresEventStore`) keeps a
/// shared room's on a server. Like GRDB's `DatabaseWriter`, callers hold `any EventStore` and never name the
/// concrete type; what a store does with its events (the snapshot policy, following, deciding on
/// a state) is written once, in the extension below, over these primitives. Every store keeps
/// meter readings beside its events (`MeterReadingStore`), so that a room on either takes sensors.
public protocol EventStore: MeterReadingStore, Sendable {
  /// Where the store is, as its user named it: a path or a URL, for messages.
  var location: String { get }
  var access: StoreAccess { get }
  /// Opening replays at most this many events past the newest snapshot before writing a new one.
  var snapshotInterval: Int64 { get set }

  /// Appends `events` atomically and durably, in order. Idempotent by event id (a re-sent event is
  /// skipped; an id stored with other contents is `StoreError.idReused`); a stream listed in
  /// `expectedVersions` that has moved on refuses the whole batch (`StoreError.versionConflict`).
  func append(_ events: [NewEvent], expectedVersions: [String: Int]) throws -> [RecordedEvent]
  /// A bulk load in one transaction (a demo district, an imported ledger): everything `produce`
  /// emits lands together, or nothing does. Returns how many events were new.
  func bulkLoad(_ mode: BulkLoadMode, _ produce: (_ emit: ([NewEvent]) throws -> Void) throws -> Void) throws
    -> Int

  /// The newest sequence number; 0 for an empty store.
  func lastSequence() throws -> Int64
  /// The newest sequence number and the generation, read together: what a follower polls.
  func position() throws -> (sequence: Int64, generation: Data)
  /// The id of this store's history: new at creation and at every replacement.
  func generation() throws -> Data
  /// The version a stream is at; 0 if it has no events.
  func version(of stream: String) throws -> Int
  /// The last event recorded at or before `time` (sequence order is time order: see the SQLite store).
  func sequence(atOrBefore time: Timestamp) throws -> Int64
  /// The events after `sequence`, at most `limit` of them.
  func events(after sequence: Int64, limit: Int) throws -> [RecordedEvent]
  /// A stream's events in order: a ticket's whole timeline, say.
  func events(in stream: String) throws -> [RecordedEvent]
  /// Calls `body` with each event after `sequence`, through `last` when given, in order.
  func forEachEvent(after sequence: Int64, through last: Int64?, _ body: (RecordedEvent) throws -> Void)
    throws
  /// Folds the events after `ledger.lastSequence`, through `last`, into `ledger`, reading them the
  /// backend's fastest way (replay must beat 500,000 events a second).
  func replay(into ledger: inout Ledger, through last: Int64?) throws

  /// The newest snapshot of the folded state at or before `last`, in this build's format.
  func newestSnapshot(through last: Int64?) throws -> Ledger?
  func saveSnapshot(of ledger: Ledger) throws

  /// Whether another process has this store open now; `demo --force` asks before replacing it.
  func isOpenElsewhere() -> Bool
  /// Returns when the log may have moved past `sequence`, or after at most `interval`: what a
  /// follower does between polls. A file store just sleeps; a server store is woken by a notification.
  func waitForAppend(past sequence: Int64, upTo interval: Duration) throws
  /// What opening or using the store did that its user should hear about, each handed out once.
  func takeNotices() -> [String]
  func notice(_ text: String)
}

/// How a command means to use a store: a command that only reads never creates or changes a
/// file, and opens a store it may not write (mode 0400) all the same.
public enum StoreAccess: Sendable {
  case readOnly
  /// Opens an existing store for appending.
  case readWrite
  /// Opens a store, creating it (and only it: never its folder) when there is none yet.
  case create
}

/// What a bulk load does with what the store already holds.
public enum BulkLoadMode: Sendable {
  /// Refuses (`StoreError.notEmpty`) if the store holds events, checked inside the load's own
  /// transaction, so two loads started at once cannot both find it empty.
  case intoEmpty
  /// Replaces every event and snapshot and gives the store a new generation, in the same
  /// transaction: a load that fails half-way leaves the old history as it was.
  case replacingAll
}

/// Opening a large store replays at most this many events past the newest snapshot before it
/// writes a new one: about a tenth of a second of replay.
public let defaultSnapshotInterval: Int64 = 50_000

/// Opens the store `location` names: a `postgres://` URL names a shared room's server, anything
/// else a SQLite file. The one place that chooses a backend.
public func openEventStore(_ location: String, access: StoreAccess) throws -> any EventStore {
  if PostgresLocation.isPostgres(location) {
    return try PostgresEventStore(url: location, access: access)
  }
  return try SQLiteEventStore(path: location, access: access)
}

extension EventStore {
  public func waitForAppend(past sequence: Int64, upTo interval: Duration) throws {
    Thread.sleep(
      forTimeInterval: Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18)
  }

  @discardableResult
  public func append(_ events: [NewEvent]) throws -> [RecordedEvent] {
    try append(events, expectedVersions: [:])
  }

  /// Appends events decided on `ledger`'s state: each stream is expected at the version the ledger
  /// folded, so a writer whose state is stale gets `StoreError.versionConflict` instead of writing
  /// over what another writer appended (a new entity's stream is expected not to exist yet).
  @discardableResult
  public func append(_ events: [NewEvent], decidedOn ledger: Ledger) throws -> [RecordedEvent] {
    var expected: [String: Int] = [:]
    for event in events where expected[event.body.stream] == nil {
      expected[event.body.stream] = ledger.versions[event.body.streamKey]
    }
    return try append(events, expectedVersions: expected)
  }

  public func events(after sequence: Int64 = 0) throws -> [RecordedEvent] {
    try events(after: sequence, limit: .max)
  }

  public func forEachEvent(after sequence: Int64 = 0, _ body: (RecordedEvent) throws -> Void) throws {
    try forEachEvent(after: sequence, through: nil, body)
  }

  public func replay(into ledger: inout Ledger) throws { try replay(into: &ledger, through: nil) }

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
    var ledger = try newestSnapshot(through: nil) ?? Ledger()
    // Only the position is kept: a second reference to the snapshot's state would make the
    // replay below copy every table it touches (a city's households alone are over 100 MB).
    let snapshotSequence = ledger.lastSequence
    try replay(into: &ledger, through: nil)
    if access != .readOnly, ledger.lastSequence - snapshotSequence >= snapshotInterval {
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

  /// Watches for events that other processes append, polling every `interval` (a cheap MAX(seq)
  /// on the primary key, and the store's generation) or when the store wakes it, and hands each new run to `handler` until
  /// `keepGoing` says stop. When the history was replaced (`demo --force`: a new generation, or
  /// the sequence went backwards) it says so with `.replaced` and goes on from the new start.
  public func follow(
    after sequence: Int64, every interval: Duration = .milliseconds(200),
    while keepGoing: () -> Bool = { true },
    _ handler: (FollowUpdate) throws -> Void
  ) throws {
    let start = try position()
    // A start past the end (`log --follow --since 999999`) waits at the end: only a sequence
    // going back below what was seen means the history was replaced.
    var seen = min(sequence, start.sequence)
    var generation = start.generation
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
      try waitForAppend(past: seen, upTo: interval)
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

/// Why the store refused or failed; each case names the place to look.
public enum StoreError: Error, Equatable, CustomStringConvertible {
  /// Another writer moved the stream on since the caller read it.
  case versionConflict(stream: String, expected: Int, actual: Int)
  /// A stored event cannot be read back: a broken event line.
  case unreadableEvent(sequence: Int64, reason: String)
  case notEmpty(path: String)
  /// An event id already stored for a different event: two writers made the same id.
  case idReused(id: String, sequence: Int64)
  /// The file is not a Weige store, and Weige will not touch it.
  case notAStore(path: String, reason: String)
  case missing(path: String)
  /// Others can read the file and this user cannot tighten it: residents' data stays out.
  case readableByOthers(path: String, mode: String)
  /// Another process has the store open, so replacing its events would pull history from under it.
  case heldOpen(path: String)
  /// A store written by a newer Weige.
  case newerSchema(path: String, version: Int)
  /// A location this build cannot open.
  case unsupported(location: String, reason: String)
  /// The PostgreSQL server refused, failed or could not be reached.
  case server(location: String, reason: String)

  /// The refusal in the screen's language; the cases an operator meets on a Chinese screen
  /// (another operator was first) are worded in Chinese, the rest name files and stay English.
  public func message(_ language: Language) -> String {
    switch self {
    case .versionConflict(let stream, _, _) where language == .zh:
      "\(stream) 刚被其他操作员更新，本次未写入；画面已随之刷新，请看过后再试"
    case .versionConflict(let stream, _, _):
      "another operator just changed \(stream); nothing was written. The screen has caught up: look, then try again"
    default:
      description
    }
  }

  public var description: String {
    switch self {
    case .versionConflict(let stream, let expected, let actual):
      "version conflict on \(stream): expected version \(expected), but the store is at \(actual); reload and retry"
    case .unreadableEvent(let sequence, let reason):
      "event #\(sequence) cannot be read: \(reason)"
    case .notEmpty(let path):
      "\(path) already holds events; pass --force to replace them"
    case .idReused(let id, let sequence):
      "event id \(id) is already stored as #\(sequence) with different contents; nothing was written"
    case .notAStore(let path, let reason):
      "\(path) is not a Weige store: \(reason); nothing was changed"
    case .missing(let path):
      "no store at \(path); create one with `weige demo --preset jiangsan --store \(path)`"
    case .readableByOthers(let path, let mode):
      "\(path) is readable by other users (mode \(mode)) and owned by someone else; "
        + "ask its owner to `chmod 600` it before residents' data is written"
    case .heldOpen(let path):
      "another process has \(path) open (a dashboard, simulate or log --follow); "
        + "close it, or pass --force twice to replace its events anyway"
    case .newerSchema(let path, let version):
      "\(path) was written by a newer Weige (schema \(version)); upgrade this one to open it"
    case .unsupported(let location, let reason):
      "cannot open \(location): \(reason)"
    case .server(let location, let reason):
      "the PostgreSQL store \(location) failed while \(reason)"
    }
  }
}
