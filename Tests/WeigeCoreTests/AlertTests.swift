import Testing
import WeigeCore
import WeigeTestSupport

/// `smallStairwell` with a fire alert raised at 302 an hour before `pinnedNow`.
func stairwellWithAlert() throws -> (ledger: Ledger, alert: AlertID) {
  var ledger = try smallStairwell()
  let id = AlertID(20)
  try ledger.execute(
    .alertRaised(
      AlertRaise(id: id, kind: .bikeShedFire, place: PlaceID(3), household: HouseholdID(1), text: "车棚烟感报警")),
    at: pinnedNow, actor: "感知设备")
  return (ledger, id)
}

@Suite("Alerts: acknowledged, turned into tickets, cleared")
struct AlertTests {
  @Test("the fold keeps who acknowledged, the ticket and every step; a snapshot keeps them too")
  func fold() throws {
    var (ledger, id) = try stairwellWithAlert()
    let ticket = ledger.nextTicketID
    let request = TicketRequest(
      id: ticket, title: "车棚火情：车棚烟感报警", demandClass: .urgentAid, urgency: .critical, source: .sensor,
      place: PlaceID(3), household: HouseholdID(1), dueAt: pinnedNow.adding(hours: 2))
    try ledger.execute(.alertAcknowledged(id), at: pinnedNow.adding(minutes: 1), actor: "王芳")
    try ledger.execute(.ticketRequested(request), at: pinnedNow.adding(minutes: 2), actor: "王芳")
    try ledger.execute(.alertTicketed(id, ticket: ticket), at: pinnedNow.adding(minutes: 2), actor: "王芳")
    try ledger.execute(.alertCleared(id, note: "已处置"), at: pinnedNow.adding(minutes: 30), actor: "李明")
    let alert = try #require(ledger.alerts[id])
    #expect(alert.acknowledgedAt == pinnedNow.adding(minutes: 1))
    #expect(alert.acknowledgedBy == "王芳")
    #expect(alert.ticket == ticket)
    #expect(alert.clearedAt == pinnedNow.adding(minutes: 30))
    #expect(alert.history.map(\.kind) == [.raised, .acknowledged, .ticketed, .cleared])
    #expect(alert.history.map(\.actor) == ["感知设备", "王芳", "王芳", "李明"])
    #expect(alert.history.map(\.note) == ["车棚烟感报警", "", "\(ticket)", "已处置"])
    #expect(ledger.versions[.alert(id)] == 4)
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored == ledger)
  }

  @Test("a stream written by a laxer build: a second acknowledgement or link changes nothing")
  func foldIsTotal() throws {
    var (ledger, id) = try stairwellWithAlert()
    ledger.apply(.alertAcknowledged(id), time: pinnedNow.adding(minutes: 1), actor: "王芳")
    ledger.apply(.alertAcknowledged(id), time: pinnedNow.adding(minutes: 2), actor: "李明")
    ledger.apply(.alertTicketed(id, ticket: TicketID(1043)), time: pinnedNow.adding(minutes: 3), actor: "王芳")
    ledger.apply(.alertTicketed(id, ticket: TicketID(1044)), time: pinnedNow.adding(minutes: 4), actor: "王芳")
    let alert = try #require(ledger.alerts[id])
    #expect(alert.acknowledgedBy == "王芳")
    #expect(alert.ticket == TicketID(1043))
    #expect(alert.history.count == 3)
  }

  /// Refused with an English message containing `words`, and nothing changed.
  func expectRefused(_ body: EventBody, in ledger: Ledger, saying words: String, chinese: String) {
    var copy = ledger
    do {
      try copy.execute(body, at: pinnedNow.adding(hours: 1), actor: "王芳")
      Issue.record("\(body.kind.name) was accepted")
    } catch {
      #expect(error.english.contains(words), "\(error.english)")
      #expect(error.chinese.contains(chinese), "\(error.chinese)")
    }
    #expect(copy == ledger)
  }

  @Test("refusals: acknowledged or ticketed twice, either after clearing, a ticket that does not exist")
  func refusals() throws {
    let (raised, id) = try stairwellWithAlert()
    expectRefused(
      .alertTicketed(id, ticket: TicketID(9999)), in: raised, saying: "there is no ticket #9999",
      chinese: "没有工单 #9999")
    expectRefused(
      .alertAcknowledged(AlertID(404)), in: raised, saying: "there is no alert-404", chinese: "没有")

    var acknowledged = raised
    try acknowledged.execute(.alertAcknowledged(id), at: pinnedNow, actor: "王芳")
    expectRefused(
      .alertAcknowledged(id), in: acknowledged,
      saying: "bike-shed fire alert at 2单元 was already acknowledged by 王芳",
      chinese: "车棚火情（2单元） 已由 王芳 于")

    var ticketed = raised
    try ticketed.execute(.alertTicketed(id, ticket: TicketID(1043)), at: pinnedNow, actor: "王芳")
    expectRefused(
      .alertTicketed(id, ticket: TicketID(1043)), in: ticketed, saying: "is already ticket #1043",
      chinese: "车棚火情（2单元） 已转工单 #1043")

    var cleared = raised
    try cleared.execute(.alertCleared(id, note: "误报"), at: pinnedNow, actor: "王芳")
    for body in [
      EventBody.alertAcknowledged(id), .alertTicketed(id, ticket: TicketID(1043)),
      .alertCleared(id, note: ""),
    ] {
      expectRefused(body, in: cleared, saying: "is already cleared", chinese: "车棚火情（2单元） 已解除")
    }
  }

  @Test("the log words them by the alert's kind and place, never its id, in both languages")
  func summaries() throws {
    let (ledger, id) = try stairwellWithAlert()
    #expect(EventBody.alertAcknowledged(id).summary(in: ledger) == "确认 车棚火情 3幢2单元")
    #expect(
      EventBody.alertTicketed(id, ticket: TicketID(1043)).summary(in: ledger, language: .en)
        == "to a ticket (转工单) bike-shed fire 3幢2单元 → #1043")
    #expect(EventBody.alertCleared(id, note: "已处置").summary(in: ledger) == "解除 车棚火情 3幢2单元：已处置")
    #expect(EventKind.alertAcknowledged.name == "alert.acknowledged")
    #expect(EventKind(name: "alert.ticketed") == .alertTicketed)
    #expect(EventBody.alertTicketed(id, ticket: TicketID(1043)).stream == "alert-20")
  }
}
