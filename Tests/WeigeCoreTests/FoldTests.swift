import Testing
import WeigeCore
import WeigeTestSupport

@Suite("The fold from events to state")
struct FoldTests {
  @Test("the same seed and moment give the same events and the same state, under ids of their own")
  func deterministic() throws {
    let first = try demoEvents(.chunjiang)
    let second = try demoEvents(.chunjiang)
    func content(_ events: [NewEvent]) -> [String] { events.map { "\($0.time) \($0.actor) \($0.body)" } }
    #expect(content(first.events) == content(second.events))
    #expect(fold(first.events) == fold(second.events))
    #expect(content(try demoEvents(.chunjiang, seed: 2).events) != content(first.events))
    // Two runs on one store must never take each other's events for re-sent duplicates.
    #expect(Set(first.events.map(\.id)).isDisjoint(with: second.events.map(\.id)))
  }

  @Test("every payload reads back as it was written")
  func payloadRoundTrip() throws {
    // The demo never changes flags, vacates a post, acknowledges an alert, turns one into a
    // ticket or mobilizes; those kinds are added by hand.
    let bodies =
      try demoEvents(.jiangsan, days: 30).events.map(\.body) + [
        .householdFlagsChanged(HouseholdID(7), flags: [.rental, .floatingPopulation], tags: ["群租"]),
        .roleVacated(PersonID(3), RoleAssignment(role: "logistics", place: PlaceID(12)), reason: "搬离本楼道"),
        .alertAcknowledged(AlertID(20)), .alertTicketed(AlertID(20), ticket: TicketID(1043)),
        .householdDetailsChanged(
          HouseholdID(7),
          HouseholdDetails(
            residents: 4, aged60Plus: 1, contactName: "王芳", contactPhone: "13812345678",
            contactIDNumber: "11010519491231002X")),
        .personRegistered(
          Person(
            id: PersonID(9001), name: "赵新", household: nil, phone: "13655556666",
            idNumber: "11010519491231002X",
            isPartyMember: false)),
        .personDetailsChanged(
          PersonID(3), phone: "13900001111", idNumber: "11010519491231002X", isPartyMember: true),
        .numbersRevealed(
          NumbersReveal(place: PlaceID(4), household: nil, reason: "街道核对底数", purpose: "households.xlsx")),
        .openCallWithdrawn(OpenCallID(3), reason: "需求已由物业解决"),
        .openCallReleased(OpenCallID(4), unit: PartnerUnitID(2), reason: "人手不足"),
        .openCallRequested(
          ResidentRequest(
            id: OpenCallRequestID(9), requester: .resident("陈大爷"), channel: .meeting, place: PlaceID(4),
            wish: "增设座椅")),
        .honourWithdrawn(
          Honour(
            kind: .vanguardPerson, subject: .person(PersonID(3)), month: CivilMonth("2026-10")!,
            reason: "评选有误"), awardedAt: pinnedNow),
        .taskCatalogueDefined(floodTasks),
      ] + warBodies + dutyBodies + sensorBodies
    #expect(Set(bodies.map(\.kind)) == Set(EventKind.allCases))
    for body in bodies {
      let decoded = try body.encoded().withUnsafeBytes { try EventBody.decode(kind: body.kind, payload: $0) }
      #expect(decoded == body)
    }
  }

  @Test(
    "a register's corrections change a household's counts and contact and a person's phone, as Core allows")
  func corrections() throws {
    var ledger = try demoEvents(.chunjiang, days: 1).ledger
    let home = ledger.households.values.first { $0.residents >= 2 }!
    let details = HouseholdDetails(
      residents: 2, aged60Plus: 2, contactName: "新户主", contactPhone: "13900001111")
    try ledger.execute(.householdDetailsChanged(home.id, details), at: pinnedNow, actor: "测试")
    #expect(ledger.households[home.id]?.details == details)
    #expect(ledger.households[home.id]?.flags == home.flags)
    let tooMany = HouseholdDetails(residents: 1, aged60Plus: 2, contactName: "", contactPhone: "")
    #expect(throws: DomainError.self) {
      try ledger.validate(.householdDetailsChanged(home.id, tooMany), at: pinnedNow)
    }
    let person = ledger.people.values.first { !$0.isPartyMember }!
    try ledger.execute(
      .personDetailsChanged(person.id, phone: "13700000000", idNumber: "", isPartyMember: true),
      at: pinnedNow, actor: "测试")
    #expect(ledger.people[person.id]?.phone == "13700000000")
    #expect(ledger.people[person.id]?.isPartyMember == true)
    #expect(ledger.people[person.id]?.roles == person.roles)
  }

  /// Format 2 (before ID numbers) wrote the same fields without the ID number at the end: such a
  /// log reads with none.
  @Test("a log written before ID numbers reads with none")
  func payloadsBeforeIDNumbers() throws {
    let household = Household(
      id: HouseholdID(7), stairwell: PlaceID(12), room: "302", residents: 3, aged60Plus: 1, contactName: "王芳",
      contactPhone: "13812345678", flags: [.rental])
    let bodies: [EventBody] = [
      .householdRegistered(household), .householdDetailsChanged(household.id, household.details),
      .personRegistered(
        Person(id: PersonID(3), name: "赵新", household: nil, phone: "13655556666", isPartyMember: true)),
      .personDetailsChanged(PersonID(3), phone: "13655556666", idNumber: "", isPartyMember: false),
    ]
    for body in bodies {
      var older = body.encoded()
      #expect(older[0] == 3 && older.last == 0)  // the format, and the empty ID number's length
      older[0] = 2
      older.removeLast()
      #expect(try older.withUnsafeBytes { try EventBody.decode(kind: body.kind, payload: $0) } == body)
    }
  }

  @Test("a truncated payload names the field it could not read")
  func truncatedPayload() throws {
    let body = EventBody.ticketReturned(TicketID(1043), reason: "需物业配合处理")
    let bytes = Array(body.encoded().dropLast(4))
    #expect(throws: BinaryDecodingError.truncated(field: "reason")) {
      try bytes.withUnsafeBytes { try EventBody.decode(kind: .ticketReturned, payload: $0) }
    }
  }

  @Test("a snapshot restores exactly the state it was taken from")
  func snapshotRoundTrip() throws {
    let ledger = fold(try demoEvents(.chunjiang).events)
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored == ledger)
  }

  @Test("a snapshot cut short is refused by the field it ends in, wherever it is cut")
  func truncatedSnapshot() throws {
    let bytes = fold(try demoEvents(.chunjiang).events).snapshot()
    for cut in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 97)) {
      #expect(throws: BinaryDecodingError.self) {
        try Array(bytes[..<cut]).withUnsafeBytes { try Ledger(snapshot: $0) }
      }
    }
  }

  @Test("snapshot of a prefix plus the tail equals the full fold")
  func snapshotPlusTail() throws {
    let events = try demoEvents(.chunjiang).events
    let cut = events.count * 2 / 3
    var resumed = try fold(Array(events[..<cut])).snapshot().withUnsafeBytes { try Ledger(snapshot: $0)! }
    for event in recorded(events).dropFirst(cut) { resumed.apply(event) }
    #expect(resumed == fold(events))
  }

  @Test("a ticket's timeline follows 点单 → 派单 → 接单 → 办结 → 评单")
  func ticketFlow() throws {
    var ledger = try smallStairwell()
    let id = TicketID(1043)
    let steps: [EventBody] = [
      .ticketDispatched(id, assignee: PersonID(1)), .ticketAccepted(id),
      .ticketReturned(id, reason: "需物业配合处理"), .ticketDispatched(id, assignee: PersonID(2)),
      .ticketAccepted(id),
      .ticketResolved(id, note: "已清理完毕"), .ticketRated(id, score: 5, comment: "非常满意"),
    ]
    for (minutes, body) in steps.enumerated() {
      try ledger.execute(body, at: pinnedNow.adding(minutes: minutes + 1), actor: "王芳")
    }
    let ticket = try #require(ledger.tickets[id])
    #expect(ticket.status == .rated)
    #expect(ticket.rating == 5)
    #expect(ticket.assignee == PersonID(2))
    #expect(ticket.timeline.map(\.status.chineseName) == ["点单", "派单", "接单", "退单", "派单", "接单", "办结", "评单"])
  }
}
