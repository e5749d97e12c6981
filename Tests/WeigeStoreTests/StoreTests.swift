import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeStoreTestSupport
import WeigeTestSupport

/// The 春江小区 demo's events, the store tests' usual district.
func chunjiangEvents(days: Int = 7) throws -> [NewEvent] { try demoEvents(.chunjiang, days: days).events }

func visit(_ household: Int, id: EventID = .generate()) -> NewEvent {
  NewEvent(
    id: id, time: pinnedNow, actor: "李明",
    body: .visitRecorded(HouseholdID(household), visitor: nil, note: "每月走访"))
}

@Suite("The event store, on SQLite and on PostgreSQL")
struct StoreTests {
  @Test("appends are ordered, versioned per stream and read back equal", arguments: Backend.allCases)
  func appendAndRead(backend: Backend) throws {
    let store = try backend.makeStore()
    let events = try chunjiangEvents(days: 2)
    let recorded = try store.append(events)
    #expect(recorded.map(\.sequence) == Array(1...Int64(events.count)))
    #expect(try store.events().map(\.body) == events.map(\.body))
    let visits = try store.events(in: HouseholdID(1).description)
    #expect(visits.map(\.version) == Array(1...visits.count))
  }

  @Test("re-appending the same event id is a no-op, not a duplicate", arguments: Backend.allCases)
  func idempotent(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    let event = visit(1)
    #expect(try store.append([event]).count == 1)
    let before = try store.lastSequence()
    #expect(try store.append([event, event]).isEmpty)
    #expect(try store.lastSequence() == before)
  }

  @Test(
    "an id stored again by another writer, at another time: skipped; with other contents: refused",
    arguments: Backend.allCases)
  func sameEventFromAnotherWriter(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    let event = visit(1)
    try store.append([event], expectedVersions: ["household-1": 1])
    // A duty clock's step that a second process noticed a second later: the first is kept, and
    // the second's expectation (decided before the first landed) is not a conflict.
    var later = event
    later.time = pinnedNow.adding(minutes: 1)
    later.actor = "刘洋"
    #expect(try store.append([later], expectedVersions: ["household-1": 1]).isEmpty)
    #expect(try store.events(in: "household-1").last?.actor == "李明")
    var other = event
    other.body = .visitRecorded(HouseholdID(1), visitor: nil, note: "另一件事")
    #expect(throws: StoreError.self) { try store.append([other]) }
  }

  @Test("a stale expected version is refused, and the whole batch with it", arguments: Backend.allCases)
  func versionConflict(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    try store.append([visit(1)], expectedVersions: ["household-1": 1])
    let before = try store.lastSequence()
    #expect(throws: StoreError.versionConflict(stream: "household-1", expected: 1, actual: 2)) {
      try store.append([visit(2), visit(1)], expectedVersions: ["household-1": 1])
    }
    #expect(try store.lastSequence() == before)
    #expect(try store.version(of: "household-2") == 1)
  }

  @Test("the file is the owner's alone, and commits are fsynced (synchronous = FULL)")
  func fileModeAndDurability() throws {
    let path = temporaryStorePath()
    let store = try SQLiteEventStore(path: path)
    try store.append([visit(1)])
    for file in [path, path + "-wal"] {
      let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(file)")
    }
    #expect(try store.synchronousLevel() == 2)
  }

  @Test("opening from a snapshot plus the tail equals a full replay", arguments: Backend.allCases)
  func snapshotPlusTail(backend: Backend) throws {
    let store = try backend.makeStore()
    let events = try chunjiangEvents()
    try store.append(Array(events[..<800]))
    try store.saveSnapshot(of: try store.openLedger())
    try store.append(Array(events[800...]))
    let opened = try backend.reopen(store.location).ledger()
    #expect(opened.lastSequence == Int64(events.count))
    #expect(opened == (try store.replayFromScratch()))
  }

  @Test(
    "a snapshot of the format before mobilization orders is passed over: the store opens from its events",
    arguments: Backend.allCases)
  func olderSnapshotFormat(backend: Backend) throws {
    let store = try backend.makeStore()
    let events = try chunjiangEvents(days: 1)
    try store.append(events)
    try store.saveSnapshot(of: try store.openLedger())
    #expect(try store.newestSnapshot(through: nil) != nil)
    // As a build of format 3 left it: the row says 3, and its bytes start with 3.
    let older =
      backend == .sqlite
      ? "UPDATE snapshots SET format = 3, state = X'03' || substr(state, 2)"
      : "UPDATE snapshots SET format = 3, state = '\\x03'::bytea || substr(state, 2)"
    #expect(try backend.tamper(store.location, older) == 0)
    let reopened = try backend.reopen(store.location)
    #expect(try reopened.newestSnapshot(through: nil) == nil)
    #expect(try reopened.ledger() == (try reopened.replayFromScratch()))
    #expect(try reopened.ledger().lastSequence == Int64(events.count))
  }

  @Test("a snapshot cut short names its sequence number", arguments: Backend.allCases)
  func brokenSnapshot(backend: Backend) throws {
    let store = try backend.makeStore()
    let events = try chunjiangEvents(days: 1)
    try store.append(events)
    try store.saveSnapshot(of: try store.openLedger())
    let cut = "UPDATE snapshots SET state = substr(state, 1, length(state) - 100)"
    #expect(try backend.tamper(store.location, cut) == 0)
    #expect {
      _ = try backend.reopen(store.location).newestSnapshot(through: nil)
    } throws: { error in
      "\(error)".hasPrefix("event #\(events.count) cannot be read: snapshot: payload ends before field")
    }
  }

  @Test("time travel: the state as of a sequence number or a moment", arguments: Backend.allCases)
  func timeTravel(backend: Backend) throws {
    let store = try backend.makeStore()
    let events = try chunjiangEvents()
    try store.append(events)
    try store.saveSnapshot(of: try store.ledger(through: 500))
    let asOf = try store.ledger(through: 700)
    #expect(asOf.lastSequence == 700)
    #expect(asOf == (try store.replayFromScratch(through: 700)))
    let moment = events[699].time
    let sequence = try store.sequence(atOrBefore: moment)
    #expect(sequence >= 700)
    #expect(try store.events(after: sequence, limit: 1).first.map { $0.time > moment } ?? true)
  }

  @Test("a broken event names its sequence number", arguments: Backend.allCases)
  func brokenEvent(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    // Cut the payload short behind the store's back, with the sqlite3 shell or psql.
    #expect(
      try backend.tamper(store.location, "UPDATE events SET payload = substr(payload, 1, 3) WHERE seq = 5")
        == 0)
    #expect {
      _ = try store.replayFromScratch()
    } throws: { error in
      "\(error)".hasPrefix("event #5 cannot be read: place.added")
    }
  }
}
