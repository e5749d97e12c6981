import Testing
import WeigeTestSupport

@testable import WeigeCore

@Suite("Nothing acknowledged is overwritten, and no text drives a terminal")
struct IntegrityTests {
  /// The ticket `smallStairwell()` files, and a second request for the same number.
  let clash = EventBody.ticketRequested(
    TicketRequest(
      id: TicketID(1043), title: "电动车楼道内充电", demandClass: .nuisance, urgency: .normal, source: .patrol,
      place: PlaceID(3), household: nil, dueAt: pinnedNow.adding(hours: 72)))

  @Test("a ticket requested twice keeps the first; validation refuses the second")
  func ticketRequestedTwice() throws {
    var ledger = try smallStairwell()
    #expect(throws: DomainError.self) { try ledger.validate(clash, at: pinnedNow) }
    ledger.apply(clash, time: pinnedNow, actor: "模拟器")
    #expect(ledger.tickets[TicketID(1043)]?.title == "楼道堆物影响通行")
    #expect(ledger.tickets[TicketID(1043)]?.urgency == .urgent)
    // The duplicate still counts toward the stream's version, as the store counted it.
    #expect(ledger.versions[.ticket(TicketID(1043))] == 2)
  }

  @Test("an alert raised twice or cleared twice keeps its first raise and first clearing")
  func alertTwice() throws {
    var ledger = try smallStairwell()
    let first = AlertRaise(
      id: AlertID(1), kind: .bikeShedFire, place: PlaceID(3), household: nil, text: "车棚火情")
    let second = AlertRaise(
      id: AlertID(1), kind: .thrownObject, place: PlaceID(3), household: nil, text: "高空抛物")
    try ledger.execute(.alertRaised(first), at: pinnedNow, actor: "感知设备")
    ledger.apply(.alertRaised(second), time: pinnedNow.adding(minutes: 1), actor: "感知设备")
    #expect(ledger.alerts[AlertID(1)]?.kind == .bikeShedFire)
    try ledger.execute(.alertCleared(AlertID(1), note: "已处置"), at: pinnedNow.adding(minutes: 5), actor: "王芳")
    #expect(throws: DomainError.self) {
      try ledger.validate(.alertCleared(AlertID(1), note: ""), at: pinnedNow.adding(minutes: 9))
    }
    ledger.apply(.alertCleared(AlertID(1), note: ""), time: pinnedNow.adding(minutes: 9), actor: "王芳")
    #expect(ledger.alerts[AlertID(1)]?.clearedAt == pinnedNow.adding(minutes: 5))
  }

  @Test("versions are kept per stream as the fold goes, and survive a snapshot")
  func versionsKept() throws {
    var ledger = try smallStairwell()
    #expect(ledger.versions[.place(PlaceID(3))] == 2)  // added, then its head appointed
    #expect(ledger.versions[.ticket(TicketID(1043))] == 1)
    #expect(ledger.versions[.ticket(TicketID(1044))] == 0)
    #expect(ledger.nextTicketID == TicketID(1044))
    try ledger.execute(.ticketDispatched(TicketID(1043), assignee: PersonID(1)), at: pinnedNow, actor: "王芳")
    #expect(ledger.versions[.ticket(TicketID(1043))] == 2)
    let copy = try ledger.snapshot().withUnsafeBytes { try #require(try Ledger(snapshot: $0)) }
    #expect(copy == ledger)
    #expect(copy.versions[.ticket(TicketID(1043))] == 2)
  }

  @Test("times before 1970 are written and read back (a typo'd year never traps the snapshot)")
  func timesBefore1970() throws {
    let old = Timestamp(milliseconds: -1_359_878_400_000)  // 1926-11-20
    var ledger = Ledger()
    for (body, time) in try demoEvents(.chunjiang, days: 2).events.map({ ($0.body, $0.time) }) {
      ledger.apply(body, time: Timestamp(milliseconds: time.rawValue - 3_155_760_000_000), actor: "演示")
    }
    ledger.apply(
      .visitRecorded(HouseholdID(1), visitor: nil, note: "走访"), sequence: 99_999, time: old, actor: "李明")
    #expect(ledger.lastEventTime == old)
    let copy = try ledger.snapshot().withUnsafeBytes { try #require(try Ledger(snapshot: $0)) }
    #expect(copy == ledger)
    #expect(copy.households[HouseholdID(1)]?.lastVisit == old)
  }

  @Test("control characters, bidi overrides, spaces-only and overlong text are refused by field")
  func freeText() throws {
    let ledger = try smallStairwell()
    func request(_ title: String) -> EventBody {
      .ticketRequested(
        TicketRequest(
          id: TicketID(1044), title: title, demandClass: .nuisance, urgency: .normal, source: .hotline,
          place: PlaceID(3), household: nil, dueAt: pinnedNow.adding(hours: 72)))
    }
    for title in [
      "\u{1B}[2J\u{1B}[31mX", "楼道\n#99 伪造的一行", "abc\u{202E}gnp.exe", "\u{7}响铃", "\u{9B}31m", "   ", "",
    ] {
      #expect(throws: DomainError.self, "\(title.debugDescription)") {
        try ledger.validate(request(title), at: pinnedNow)
      }
    }
    #expect(throws: DomainError.self) {
      try ledger.validate(request(String(repeating: "堆", count: 201)), at: pinnedNow)
    }
    try ledger.validate(request("楼道堆物 👨‍👩‍👧‍👦 🇨🇳 é"), at: pinnedNow)
    let forged = NewEvent(time: pinnedNow, actor: "\u{1B}]0;PWNED\u{7}", body: request("楼道堆物"))
    do {
      try ledger.validate(forged)
      Issue.record("an operator name with an OSC sequence was accepted")
    } catch {
      #expect(error.english.contains("operator name"))
      #expect(error.english.contains("U+001B"))
    }
    let reason = EventBody.ticketReturned(TicketID(1043), reason: "不归我管\u{1B}[8m")
    var dispatched = ledger
    try dispatched.execute(
      .ticketDispatched(TicketID(1043), assignee: PersonID(1)), at: pinnedNow, actor: "王芳")
    #expect(throws: DomainError.self) { try dispatched.validate(reason, at: pinnedNow) }
  }

  @Test("escaped text shows control characters as \\u{…} and leaves the rest alone")
  func escaping() {
    #expect(FreeText.escaped("楼道堆物") == "楼道堆物")
    #expect(FreeText.escaped("\u{1B}[2Jx\ny\u{202E}") == "\\u{1B}[2Jx\\u{A}y\\u{202E}")
    #expect(FreeText.trimmed("  楼道堆物 \n") == "楼道堆物")
  }

  @Test("trimming takes off exactly the scalars Unicode calls white space, at either end")
  func trimmingAgreesWithUnicode() {
    // Every white-space scalar lies in the Basic Multilingual Plane.
    for value in UInt32(0)...0xFFFF {
      guard let scalar = Unicode.Scalar(value) else { continue }
      let after = "室" + String(Character(scalar))
      let before = String(Character(scalar)) + "室"
      let isSpace = scalar.properties.isWhitespace
      guard FreeText.trimmed(after) == (isSpace ? "室" : after),
        FreeText.trimmed(before) == (isSpace ? "室" : before)
      else {
        Issue.record("U+\(String(value, radix: 16, uppercase: true)) is trimmed wrongly")
        return
      }
    }
  }

  @Test("the audit finds a ticket requested twice, an illegal transition and a version gap")
  func audit() throws {
    let (events, _) = try demoEvents(.chunjiang, days: 3)
    var clean = LogAudit()
    var versions: [String: Int] = [:]
    func record(_ event: NewEvent, _ sequence: Int) -> RecordedEvent {
      let stream = event.body.stream
      versions[stream, default: 0] += 1
      return RecordedEvent(
        sequence: Int64(sequence), id: event.id, stream: stream, version: versions[stream]!, time: event.time,
        actor: event.actor, body: event.body)
    }
    let recorded = events.enumerated().map { record($1, $0 + 1) }
    for event in recorded { clean.check(event) }
    #expect(clean.findings.isEmpty, "\(clean.findings.prefix(3))")
    #expect(clean.checked == events.count)

    let ticket = try #require(clean.ledger.tickets.values.first { $0.status == .rated })
    var bad = clean
    let later = pinnedNow.adding(minutes: 1)
    let twice = NewEvent(
      time: later, actor: "模拟器",
      body: .ticketRequested(
        TicketRequest(
          id: ticket.id, title: "电动车楼道内充电", demandClass: .nuisance, urgency: .normal, source: .patrol,
          place: ticket.place, household: nil, dueAt: later.adding(hours: 72))))
    bad.check(record(twice, recorded.count + 1))
    bad.check(
      record(NewEvent(time: later, actor: "王芳", body: .ticketAccepted(ticket.id)), recorded.count + 2))
    var skipped = record(
      NewEvent(time: later, actor: "王芳", body: .ticketResolved(ticket.id, note: "")), recorded.count + 4)
    skipped.version += 1
    bad.check(skipped)
    #expect(bad.findings.count == 4)
    #expect(bad.findings[0].problem.contains("already exists"))
    #expect(bad.findings[1].problem.contains("only a"))
    #expect(bad.findings[2].problem.contains("sequence numbers skip"))
    #expect(bad.findings[3].problem.contains("expected version"))
  }
}
