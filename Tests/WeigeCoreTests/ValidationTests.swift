import Testing
import WeigeCore
import WeigeTestSupport

@Suite("Core refuses illegal events and changes nothing")
struct ValidationTests {
  /// Asserts that `body` is refused with an English message containing `words` (and a Chinese one
  /// containing `chinese`, or some Chinese), and the state is untouched.
  func expectRefused(_ body: EventBody, in ledger: Ledger, saying words: String, chinese: String? = nil) {
    var copy = ledger
    do {
      try copy.execute(body, at: pinnedNow.adding(hours: 1), actor: "王芳")
      Issue.record("\(body.kind.name) was accepted")
    } catch {
      #expect(error.english.contains(words), "\(error.english)")
      #expect(chinese.map(error.chinese.contains) ?? true, "\(error.chinese)")
      #expect(error.chinese.unicodeScalars.contains { $0.value >= 0x4E00 })
      #expect(error.message(.zh) == error.chinese && "\(error)" == error.chinese)
    }
    #expect(copy == ledger)
  }

  @Test("dispatching a resolved ticket")
  func dispatchClosed() throws {
    var ledger = try smallStairwell()
    let id = TicketID(1043)
    for body in [
      EventBody.ticketDispatched(id, assignee: PersonID(1)), .ticketAccepted(id),
      .ticketResolved(id, note: "已处理"),
    ] {
      try ledger.execute(body, at: pinnedNow, actor: "王芳")
    }
    expectRefused(
      .ticketDispatched(id, assignee: PersonID(2)), in: ledger, saying: "ticket #1043 is 办结",
      chinese: "工单 #1043 当前为「办结」；只有「点单/退单/派单」的工单才能派单")
  }

  @Test("a household in a missing stairwell")
  func householdInMissingStairwell() throws {
    let household = Household(
      id: HouseholdID(9), stairwell: PlaceID(77), room: "502", residents: 2, aged60Plus: 0, contactName: "陈静",
      contactPhone: "13700000000", flags: [])
    expectRefused(.householdRegistered(household), in: try smallStairwell(), saying: "not a stairwell")
  }

  @Test("a stairwell head appointed twice")
  func headTwice() throws {
    expectRefused(
      .roleAssigned(PersonID(2), RoleAssignment(role: "head", place: PlaceID(3))), in: try smallStairwell(),
      saying: "already has its 楼道长 (李明)", chinese: "已有楼道长（李明），请先卸任")
  }

  @Test(
    "other refusals say what and why",
    arguments: [
      (EventBody.ticketRated(TicketID(1043), score: 5, comment: ""), "only a 办结 ticket can be rated"),
      (.ticketReturned(TicketID(1043), reason: ""), "only a 派单/接单 ticket can be returned"),
      (.ticketEscalated(TicketID(1043)), "not overdue"),
      (
        .placeAdded(Place(id: PlaceID(4), parent: PlaceID(3), level: .building, name: "5幢")),
        "cannot sit inside"
      ),
      (.roleAssigned(PersonID(1), RoleAssignment(role: "mayor", place: PlaceID(3))), "no role 'mayor'"),
      (.visitRecorded(HouseholdID(404), visitor: nil, note: ""), "there is no household-404"),
    ])
  func refusals(body: EventBody, words: String) throws {
    expectRefused(body, in: try smallStairwell(), saying: words)
  }

  @Test("a 两长两员 catalogue needs no code: a 楼栋长 serves a building")
  func otherCatalogue() throws {
    var ledger = try smallStairwell()
    expectRefused(.catalogueDefined(.twoHeadsTwoOfficers), in: ledger, saying: "role 'head' is still held")
    try ledger.execute(
      .roleVacated(PersonID(1), RoleAssignment(role: "head", place: PlaceID(3)), reason: "换届"), at: pinnedNow,
      actor: "王芳")
    try ledger.execute(.catalogueDefined(.twoHeadsTwoOfficers), at: pinnedNow, actor: "王芳")
    try ledger.execute(
      .roleAssigned(PersonID(1), RoleAssignment(role: "building-head", place: PlaceID(2))), at: pinnedNow,
      actor: "王芳")
    expectRefused(
      .roleAssigned(PersonID(2), RoleAssignment(role: "building-head", place: PlaceID(3))), in: ledger,
      saying: "serves a building")
    let baseline = ledger.baseline(of: nil, now: pinnedNow)
    #expect(baseline.roles["building-head"]?.filled == 1)
    #expect(baseline.roles["building-head"]?.partyShare == 1)
  }
}
