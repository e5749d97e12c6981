import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeStoreTestSupport
import WeigeTestSupport

@Suite("Escalation written exactly once by several processes", .serialized)
struct DutyWatchTests {
  /// 春江小区 with three critical tickets and an alert, all opened hours ago on the wall clock:
  /// #1001 dispatched and never signed for (its reminder and 网格长 for 签收, and the three levels
  /// of 办结: five steps); #1002 signed for in time (the three of 办结 only); #1003 signed for and
  /// extended by two days (none); a fire alert nobody acknowledged (reminder and 网格长: two).
  func store(_ backend: Backend, now: Timestamp) throws -> any EventStore {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    var ledger = try store.openLedger()
    let stairwell = try #require(ledger.places.values.first { $0.level == .stairwell }).id
    let person = try #require(ledger.people.keys.first)
    let requested = now.adding(hours: -20)
    var events: [NewEvent] = []
    func add(_ body: EventBody, at time: Timestamp) throws {
      try ledger.execute(body, at: time, actor: "王芳")
      events.append(NewEvent(time: time, actor: "王芳", body: body))
    }
    for number in 1001...1003 {
      let id = TicketID(number)
      let (terms, due) = Deadline.opening(
        at: requested, .urgentAid, .critical, policy: .shipped, calendar: .shipped)
      try add(
        .ticketRequested(
          TicketRequest(
            id: id, title: "独居老人家中漏水", demandClass: .urgentAid, urgency: .critical, source: .hotline,
            place: stairwell, household: nil, dueAt: due, terms: terms)), at: requested)
      try add(.ticketDispatched(id, assignee: person), at: requested.adding(minutes: 5))
      if number >= 1002 { try add(.ticketAccepted(id), at: requested.adding(minutes: 10)) }
      if number == 1003 {
        let to = try #require(
          Deadline.extended(ledger.tickets[id]!, by: .wallClockMinutes(2880), calendar: .shipped))
        try add(
          .ticketExtended(id, by: .wallClockMinutes(2880), to: to, reason: "等待维修", approver: "赵建国"),
          at: requested.adding(minutes: 20))
      }
    }
    let fire = AlertKind.bikeShedFire
    try add(
      .alertRaised(
        AlertRaise(
          id: ledger.nextAlertID, kind: fire, place: stairwell, household: nil, text: "车棚烟感报警",
          terms: SlaPolicy.shipped.terms(fire.demandClass, fire.urgency))), at: now.adding(hours: -2))
    try store.append(events)
    return store
  }

  func escalations(_ store: any EventStore) throws -> [RecordedEvent] {
    try store.events().filter { $0.body.kind == .escalated }
  }

  @Test(
    "three watchers at once: each step appended once, by one of them; signing and 延期 keep the others quiet; the log audits clean",
    arguments: Backend.allCases)
  func threeWatchers(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let store = try store(backend, now: .now)
    let watchers = try ["王芳", "刘洋", "陈静"].map { name in
      try backend.weige(["duty", "watch", "--store", store.location, "--operator", name, "--interval", "0.2"])
    }
    defer {
      for watcher in watchers {
        kill(watcher.pid, SIGTERM)
        watcher.wait()
        watcher.removeOutput()
      }
    }
    let deadline = Date().addingTimeInterval(30)
    while try escalations(store).count < 10, Date() < deadline { usleep(100_000) }
    // Another second of all three polling: nothing more, nothing twice.
    Thread.sleep(forTimeInterval: 1.5)
    let steps = try escalations(store).map { event -> String in
      guard case .escalated(let step) = event.body else { return "" }
      return "\(step.subject) \(step.clock.englishName) \(step.step)"
    }
    #expect(steps.count == 10)
    #expect(Set(steps).count == steps.count)
    #expect(
      Set(steps) == [
        "#1001 sign 0", "#1001 sign 1", "#1001 resolve 0", "#1001 resolve 1", "#1001 resolve 2",
        "#1002 resolve 0", "#1002 resolve 1", "#1002 resolve 2", "alert-1 acknowledge 0",
        "alert-1 acknowledge 1",
      ])
    #expect(Set(try escalations(store).map(\.actor)).isSubset(of: ["王芳", "刘洋", "陈静"]))
    var audit = LogAudit()
    try store.forEachEvent { audit.check($0) }
    #expect(audit.findings.isEmpty, "\(audit.findings)")
    // What the watchers printed: each step once across the three.
    let printed = watchers.flatMap { $0.output.split(separator: "\n") }
    #expect(printed.count == 10)
  }

  @Test(
    "watch --once, three at once: the same steps, once; a fourth run finds nothing due",
    arguments: Backend.allCases)
  func onceRacing(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let store = try store(backend, now: .now)
    let runs = try (0..<3).map { index in
      try backend.weige(["duty", "watch", "--once", "--store", store.location, "--operator", "值班台\(index)"])
    }
    for run in runs {
      #expect(run.wait() == 0)
      run.removeOutput()
    }
    #expect(try escalations(store).count == 10)
    let (status, output) = try runWeige(
      environment: backend.environment,
      ["duty", "watch", "--once", "--store", store.location, "--lang", "en"])
    #expect(status == 0)
    #expect(output == "nothing due\n")
  }
}
