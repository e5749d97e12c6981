import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeStoreTestSupport
import WeigeTestSupport

/// Runs the sqlite3 shell on `path`; its exit status.
@discardableResult
func sqlite3(_ path: String, _ sql: String) throws -> Int32 {
  try Child([path, sql], executable: "/usr/bin/sqlite3").wait()
}

func fileMode(_ path: String) -> Int? {
  (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

func fileBytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

@Suite("The store keeps what it acknowledged and touches nothing that is not its own")
struct StoreIntegrityTests {
  @Test("an append decided on a stale state is refused, and nothing is written", arguments: Backend.allCases)
  func staleDecision(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 1))
    let opened = try store.openLedger()
    let stairwell = try #require(opened.householdsByStairwell.keys.min())
    let person = try #require(opened.people[PersonID(1)])
    let filed = NewEvent(
      time: pinnedNow, actor: "王芳",
      body: .ticketRequested(
        TicketRequest(
          id: opened.nextTicketID, title: "楼道灯不亮", demandClass: .nuisance, urgency: .urgent, source: .hotline,
          place: stairwell, household: nil, dueAt: pinnedNow.adding(hours: 24))))
    try store.append([filed], decidedOn: opened)
    let stale = try store.openLedger()
    let ticket = try #require(stale.tickets[opened.nextTicketID])
    // Another operator dispatches the ticket first.
    try store.append(
      [NewEvent(time: pinnedNow, actor: "王芳", body: .ticketDispatched(ticket.id, assignee: person.id))],
      decidedOn: stale)
    let before = try store.lastSequence()
    #expect(throws: StoreError.self) {
      try store.append(
        [NewEvent(time: pinnedNow, actor: "李明", body: .ticketDispatched(ticket.id, assignee: person.id))],
        decidedOn: stale)
    }
    // A new ticket under a number another writer took is refused the same way.
    let number = stale.nextTicketID
    let request = { (title: String) in
      NewEvent(
        time: pinnedNow, actor: "王芳",
        body: .ticketRequested(
          TicketRequest(
            id: number, title: title, demandClass: .nuisance, urgency: .normal, source: .hotline,
            place: ticket.place, household: nil, dueAt: pinnedNow.adding(hours: 72))))
    }
    let fresh = try store.openLedger()
    try store.append([request("楼道堆物影响通行")], decidedOn: fresh)
    #expect(throws: StoreError.self) { try store.append([request("电动车楼道内充电")], decidedOn: fresh) }
    #expect(try store.lastSequence() == before + 1)
    #expect(try store.openLedger().tickets[number]?.title == "楼道堆物影响通行")
  }

  @Test("the fold's versions equal the store's, stream by stream", arguments: Backend.allCases)
  func versionsAgree(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 3))
    let ledger = try store.openLedger()
    var audit = LogAudit()
    try store.forEachEvent { audit.check($0) }
    #expect(audit.findings.isEmpty)
    for ticket in ledger.tickets.values.prefix(20) {
      #expect(ledger.versions[.ticket(ticket.id)] == (try store.version(of: ticket.id.stream)))
    }
    #expect(ledger.versions[.household(HouseholdID(1))] == (try store.version(of: "household-1")))
  }

  @Test(
    "an id already stored for a different event is an error, not a silent skip", arguments: Backend.allCases)
  func idReuse(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    let id = EventID.generate()
    try store.append([visit(1, id: id)])
    #expect(try store.append([visit(1, id: id)]).isEmpty)
    let before = try store.lastSequence()
    #expect {
      try store.append([visit(1), visit(2, id: id)])
    } throws: { error in
      "\(error)".contains("already stored as #\(before)")
    }
    #expect(try store.lastSequence() == before)
  }

  @Test(
    "a bulk load into a store that holds events is refused inside its transaction",
    arguments: Backend.allCases)
  func bulkLoadNeedsEmpty(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    let before = try store.lastSequence()
    #expect(throws: StoreError.notEmpty(path: store.location)) {
      _ = try store.bulkLoad(.intoEmpty) { emit in try emit([visit(1)]) }
    }
    #expect(try store.lastSequence() == before)
  }

  @Test(
    "replacing the history gives a new generation, and a follower hears of it", arguments: Backend.allCases)
  func replacedHistory(backend: Backend) throws {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    let generation = try store.generation()
    #expect(generation.count == 16)
    // One more event to follow, then the history replaced by a one-event store.
    try store.append([visit(1)])
    var updates: [String] = []
    let started = ContinuousClock.now
    let keepGoing = { updates.count < 3 && ContinuousClock.now - started < .seconds(10) }
    try store.follow(after: try store.lastSequence() - 1, every: .milliseconds(10), while: keepGoing) {
      update in
      switch update {
      case .replaced: updates.append("replaced")
      case .events(let events): updates.append("events \(events.map(\.sequence))")
      }
      if updates.count == 1 {
        _ = try store.bulkLoad(.replacingAll) { emit in
          try emit([NewEvent(actor: "底数导入", body: .catalogueDefined(.stairwellTeam))])
        }
      }
    }
    #expect(updates.count == 3)
    #expect(updates.dropFirst() == ["replaced", "events [1]"])
    #expect(try store.generation() != generation)
  }

  @Test("another application's database, a text file, a folder and an empty file are refused untouched")
  func foreignFiles() throws {
    let foreign = temporaryStorePath()
    try sqlite3(foreign, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('张三');")
    let before = fileBytes(foreign)
    for access in [StoreAccess.readOnly, .readWrite, .create] {
      #expect {
        _ = try SQLiteEventStore(path: foreign, access: access)
      } throws: { error in
        "\(error)".contains(foreign) && "\(error)".contains("not a Weige store")
      }
    }
    #expect(fileBytes(foreign) == before)
    #expect(!FileManager.default.fileExists(atPath: foreign + "-wal"))

    let text = temporaryStorePath()
    try Data("楼道长名单\n".utf8).write(to: URL(fileURLWithPath: text))
    #expect(throws: StoreError.notAStore(path: text, reason: "it is not an SQLite database")) {
      _ = try SQLiteEventStore(path: text, access: .readOnly)
    }
    let folder = URL(fileURLWithPath: temporaryStorePath()).deletingLastPathComponent().path
    #expect(throws: StoreError.self) { _ = try SQLiteEventStore(path: folder, access: .readOnly) }
    let empty = temporaryStorePath()
    FileManager.default.createFile(atPath: empty, contents: nil)
    #expect(throws: StoreError.notAStore(path: empty, reason: "the file is empty")) {
      _ = try SQLiteEventStore(path: empty, access: .readOnly)
    }
    #expect(fileBytes(empty) == Data())
    let missing = temporaryStorePath()
    #expect(throws: StoreError.missing(path: missing)) {
      _ = try SQLiteEventStore(path: missing, access: .readOnly)
    }
    #expect(!FileManager.default.fileExists(atPath: missing))
    let nowhere = "/nonexistent-\(UUID().uuidString)/weige.db"
    #expect(throws: StoreError.self) { _ = try SQLiteEventStore(path: nowhere, access: .create) }
    #expect(
      !FileManager.default.fileExists(atPath: URL(fileURLWithPath: nowhere).deletingLastPathComponent().path))
  }

  @Test("a store readable by others is tightened to 0600 with its -wal and -shm, and says so")
  func tightened() throws {
    let path = temporaryStorePath()
    do {
      let store = try SQLiteEventStore(path: path)
      try store.append(try chunjiangEvents(days: 0))
    }
    for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
      chmod(file, 0o644)
    }
    let store = try SQLiteEventStore(path: path, access: .readOnly)
    let notices = store.takeNotices()
    #expect(notices.contains { $0.contains(path) && $0.contains("644") })
    for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
      #expect(fileMode(file) == 0o600, "\(file)")
    }
  }

  @Test("a read-only open writes nothing, and reads a store whose file is 0400")
  func readOnly() throws {
    let path = temporaryStorePath()
    do {
      let store = try SQLiteEventStore(path: path)
      try store.append(try chunjiangEvents(days: 1))
    }
    // No -wal or -shm left behind by the writer once it closed; a reader must not create them.
    let before = fileBytes(path)
    chmod(path, 0o400)
    let store = try SQLiteEventStore(path: path, access: .readOnly)
    store.snapshotInterval = 1
    let ledger = try store.openLedger()
    #expect(ledger.lastSequence > 0)
    #expect(fileBytes(path) == before)
    #expect(try store.generation().count == 16)
  }

  @Test("a second store on the same file in one process leaves the first one's locks alone")
  func twoStoresInOneProcess() throws {
    // Opening must not close a descriptor of the file: POSIX drops every SQLite lock the process
    // holds on a file when any descriptor of it closes (seen in `bench store` as "disk I/O error"
    // after the sqlite3 shell had read the store).
    let path = temporaryStorePath()
    let first = try SQLiteEventStore(path: path)
    _ = try first.bulkLoad(.intoEmpty) { emit in try emit(try chunjiangEvents(days: 7)) }
    for household in 1...300 { try first.append([visit(household)]) }
    try first.saveSnapshot(of: try first.replayFromScratch())
    let second = try SQLiteEventStore(path: path)
    let reader = try SQLiteEventStore(path: path, access: .readOnly)
    // Another process reads and leaves: had this process's locks been dropped, it would believe
    // itself the last connection and checkpoint and delete the WAL from under the stores above.
    try sqlite3(path, "SELECT count(*) FROM events;")
    #expect(try second.ledger() == (try first.ledger()))
    try first.append([visit(2)])
    try second.append([visit(3)])
    #expect(try reader.ledger() == (try first.replayFromScratch()))
  }

  @Test("a snapshot that cannot be written never stops the store from opening")
  func snapshotFailure() throws {
    let path = temporaryStorePath()
    let store = try SQLiteEventStore(path: path)
    try store.append(try chunjiangEvents(days: 1))
    // As a full disk would: every snapshot write fails.
    try sqlite3(
      path,
      "CREATE TRIGGER no_room BEFORE INSERT ON snapshots BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
    )
    let reopened = try SQLiteEventStore(path: path)
    reopened.snapshotInterval = 10
    let ledger = try reopened.openLedger()
    #expect(ledger == (try reopened.replayFromScratch()))
    #expect(reopened.takeNotices().contains { $0.contains("no snapshot was written") })
  }
}
