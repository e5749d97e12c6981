import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// 江三社区 with a fire alert raised at 长江小区1幢1单元 101室 yesterday evening, still active.
let jiangsanWithAlert: (ledger: Ledger, alert: AlertID, household: HouseholdID) = {
  var ledger = PaletteTests.ledger
  let household = HouseholdID(1)
  let stairwell = ledger.households[household]!.stairwell
  let id = ledger.nextAlertID
  try! ledger.execute(
    .alertRaised(
      AlertRaise(id: id, kind: .bikeShedFire, place: stairwell, household: household, text: "车棚烟感报警")),
    at: Timestamp(milliseconds: pinnedNow.rawValue - 26 * 3_600_000 - 40 * 60_000), actor: "感知设备")
  return (ledger, id, household)
}()

/// The dashboard with the alerts pane focused on the alert and its detail open: the demo's
/// cameras have newer alerts, so the cursor goes down to it as an operator would.
func alertDetail(width: Int = 120, height: Int = 40, language: Language = .zh) -> Dashboard {
  var app = dashboard(jiangsanWithAlert.ledger, width: width, height: height)
  app.language = language
  press(&app, .tab, .tab, .tab)
  selectTheAlert(&app)
  press(&app, .enter)
  return app
}

/// Moves the alerts pane's cursor down to the fixture's alert.
func selectTheAlert(_ app: inout Dashboard) {
  let row = app.activeAlerts().firstIndex { $0.id == jiangsanWithAlert.alert } ?? 0
  for _ in 0..<row { press(&app, .down) }
}

/// Hands the appended events back to the dashboard as the store would record them.
func deliver(_ events: [NewEvent], to app: inout Dashboard) {
  let first = app.ledger.lastSequence + 1
  let recorded = events.enumerated().map { index, event in
    RecordedEvent(
      sequence: first + Int64(index), id: event.id, stream: event.body.stream,
      version: app.ledger.versions[event.body.streamKey] + 1, time: event.time, actor: event.actor,
      body: event.body)
  }
  _ = app.update(.message(.events(recorded)))
}

@Suite("Alerts lead somewhere; households open")
struct AlertDetailTests {
  static let alert = jiangsanWithAlert.alert
  static var stream: String { EventBody.alertAcknowledged(alert).stream }

  @Test("the alert detail at 120×40: kind, place and room, the date of an earlier day, text, history, keys")
  func detailScreen() {
    let lines = render(alertDetail())
    #expect(
      Array(lines[4...13]) == [
        "┌  告警 · 车棚火情 长江小区1幢1单元  ──────────────────────────────────────────────────────────────────────────────────┐",
        "│类型 车棚火情   状态 待确认                                                                                           │",
        "│地点 滨江区 › 长河街道 › 江三社区 › 长江小区 › 第一微网格 › 1幢 › 1单元                                               │",
        "│住户 101室  孙霞涛  150****4629                                                                                       │",
        "│时间 11-20 18:05                                                                                                      │",
        "│内容 车棚烟感报警                                                                                                     │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
        "┌  经过  ─────────────────────────────────────────────────────────────────────────────────────────────────────────  1  ┐",
        "│时间        环节         经办     说明                                                                                │",
        "│11-20 18:05 告警         感知设备 车棚烟感报警                                                                        │",
      ])
    #expect(lines[39].hasPrefix("  a  确认   x  解除   t  转工单   Enter  打开住户   Esc  返回   ?  帮助"))
  }

  @Test("the alert detail in English at 80×24, every row as wide as the screen")
  func detailScreenEnglishSmall() {
    let lines = render(alertDetail(width: 80, height: 24, language: .en))
    #expect(
      Array(lines[4...13]) == [
        "┌  alert · bike-shed fire 长江小区1幢1单元  ───────────────────────────────────┐",
        "│kind bike-shed fire   state not acknowledged                                  │",
        "│place 滨江区 › 长河街道 › 江三社区 › 长江小区 › 第一微网格 › 1幢 › 1单元      │",
        "│household 101  孙霞涛  150****4629                                            │",
        "│raised 11-20 18:05                                                            │",
        "│text 车棚烟感报警                                                             │",
        "└──────────────────────────────────────────────────────────────────────────────┘",
        "┌  history  ──────────────────────────────────────────────────────────────  1  ┐",
        "│time        step         by       note                                        │",
        "│11-20 18:05 raised       感知设备 车棚烟感报警                                │",
      ])
    #expect(
      lines[23].hasPrefix("  a  acknowledge   x  clear   t  to ticket   Enter  open household   Esc  back"))
    for (row, line) in lines.enumerated() { #expect(TextWidth.of(line) == 80, "row \(row)") }
    let chinese = render(alertDetail(width: 80, height: 24))
    #expect(chinese[5] == "│类型 车棚火情   状态 待确认                                                   │")
    #expect(chinese[23].hasPrefix("  a  确认   x  解除   t  转工单   Enter  打开住户   Esc  返回   ?  帮助"))
  }

  @Test("the alerts pane lists the newest first, an earlier day's time with its date")
  func paneOrder() {
    var app = dashboard(jiangsanWithAlert.ledger, width: 120, height: 40)
    press(&app, .tab, .tab, .tab)
    selectTheAlert(&app)
    #expect(render(app).contains { $0.hasSuffix("│›  11-20 18:05 车棚火情 长江小区1幢…│") })
    let times = app.activeAlerts().map(\.raisedAt)
    #expect(times == times.sorted(by: >))
  }

  @Test("a acknowledges: one event on the alert's stream at its version; the detail and history say who")
  func acknowledge() throws {
    var app = alertDetail()
    press(&app, .character("a"))
    #expect(app.palette.input?.command == .alertAcknowledge)
    #expect(app.palette.input?.arguments.map(\.label) == ["车棚火情 长江小区1幢1单元"])
    let appends = storeAppends(in: press(&app, .enter))
    #expect(appends.count == 1)
    #expect(appends.first?.events.map(\.body) == [.alertAcknowledged(Self.alert)])
    #expect(appends.first?.expected == [Self.stream: 1])
    #expect(appends.first?.summary == "确认 车棚火情 长江小区1幢1单元")
    deliver(appends.flatMap(\.events), to: &app)
    let lines = render(app)
    #expect(lines[5].hasPrefix("│类型 车棚火情   状态 已确认 王芳 20:45  "))
    #expect(lines[14].hasPrefix("│20:45       确认         王芳  "))
    // Twice is refused by Core, in the screen's language, and nothing is appended.
    let sent = press(&app, .character("a"), .enter)
    #expect(app.palette.input?.error?.hasPrefix("车棚火情（1单元） 已由 王芳 于") == true)
    #expect(storeAppends(in: sent).isEmpty)
  }

  @Test("x clears with a note typed in the palette; the feed names the alert, never its id")
  func clearWithNote() throws {
    var app = alertDetail()
    press(&app, .character("x"), .enter)
    #expect(app.palette.input?.error == "请先输入解除说明，再按 Enter")
    type("已处置", into: &app)
    let appends = storeAppends(in: press(&app, .enter))
    #expect(appends.first?.events.map(\.body) == [.alertCleared(Self.alert, note: "已处置")])
    #expect(appends.first?.expected == [Self.stream: 1])
    #expect(appends.first?.summary == "解除 车棚火情 长江小区1幢1单元：已处置")
    deliver(appends.flatMap(\.events), to: &app)
    #expect(app.feed.first?.text(.zh) == "解除 车棚火情 长江小区1幢1单元：已处置")
    #expect(app.feed.first?.text(.en) == "cleared bike-shed fire 长江小区1幢1单元: 已处置")
    let lines = render(app)
    #expect(lines[5].hasPrefix("│类型 车棚火情   状态 已解除  "))
    #expect(lines[14].hasPrefix("│20:45       解除         王芳     已处置  "))
    #expect(!app.activeAlerts().contains { $0.id == Self.alert })
  }

  @Test("t turns it into a ticket: the request and the link in one append, the ticket's stream new")
  func toTicket() throws {
    var app = alertDetail()
    let ledger = jiangsanWithAlert.ledger
    let ticket = ledger.nextTicketID
    let appends = storeAppends(in: press(&app, .character("t"), .enter))
    #expect(appends.count == 1)
    // Opened under the SLA policy's terms for the alert kind's class and urgency (特急: wall-clock).
    let opening = Deadline.opening(at: pinnedNow, .urgentAid, .critical, policy: .shipped, calendar: .shipped)
    let request = TicketRequest(
      id: ticket, title: "车棚火情：车棚烟感报警", demandClass: .urgentAid, urgency: .critical, source: .sensor,
      place: ledger.households[jiangsanWithAlert.household]!.stairwell,
      household: jiangsanWithAlert.household, dueAt: opening.dueAt, terms: opening.terms)
    #expect(
      appends.first?.events.map(\.body) == [
        .ticketRequested(request), .alertTicketed(Self.alert, ticket: ticket),
      ])
    #expect(appends.first?.expected == [ticket.stream: 0, Self.stream: 1])
    #expect(appends.first?.summary == "转工单 车棚火情 长江小区1幢1单元 → \(ticket)")
    deliver(appends.flatMap(\.events), to: &app)
    let lines = render(app)
    #expect(lines[5].hasPrefix("│类型 车棚火情   状态 已转工单 \(ticket)  "))
    #expect(lines[10].hasPrefix("│工单 \(ticket) 点单 12h0m  "))
    #expect(render(app)[39].contains("Enter  打开工单"))
    // Enter follows the alert to its ticket; Esc climbs back.
    press(&app, .enter)
    #expect(app.navigation.details.last == .ticket(ticket))
    press(&app, .escape)
    #expect(app.navigation.details.last == .alert(Self.alert))
    // Again: refused, naming the ticket it already is.
    press(&app, .character("t"), .enter)
    #expect(app.palette.input?.error == "车棚火情（1单元） 已转工单 \(ticket)")
  }

  @Test("the household detail at 120×40 and 80×24: contact with the phone masked, flags, last visit, tickets")
  func householdScreen() throws {
    var app = alertDetail()
    deliver(storeAppends(in: press(&app, .character("t"), .enter)).flatMap(\.events), to: &app)
    // Ticketed, the alert leads to its ticket: the household is opened from its stairwell.
    press(&app, .escape, .escape, .character(":"))
    type("长江小区 1幢1单元", into: &app)
    press(&app, .enter)
    let stairwell = try #require(app.ledger.households[jiangsanWithAlert.household]?.stairwell)
    #expect(app.navigation.details == [.stairwell(stairwell)])
    // Tab: team → tickets → households; the first household is 101.
    press(&app, .tab, .tab)
    let homes = app.ledger.householdsByStairwell[stairwell, default: []]
    #expect(
      app.navigation.detailSelection == app.team(of: stairwell).count + app.tickets(at: stairwell).count)
    let stairwellScreen = render(app)
    #expect(stairwellScreen[39].hasPrefix("  j k  选择   Tab  一长二员/工单/住户   Enter  打开   Esc  返回"))
    // Opening it asks the log for its reveals; this ledger's log holds none.
    let reads = press(&app, .enter)
    #expect(
      reads == [.readReveals(homes[0], streams: NumbersReveal.streams(covering: homes[0], in: app.ledger))])
    _ = app.update(.message(.revealsRead(homes[0], [])))
    #expect(app.navigation.details.last == .household(homes[0]))
    let ticket = app.ledger.nextTicketID.rawValue - 1
    #expect(ticket == 1053)
    #expect(
      Array(render(app)[4...12]) == [
        "┌  住户 · 长江小区1幢1单元 101室  ─────────────────────────────────────────────────────────────────────────────────────┐",
        "│户主 孙霞涛   电话 150****4629                                                                                        │",
        "│人口 4 人   60岁以上 1 人                                                                                             │",
        "│四必联/四掌握 —   标签 —                                                                                              │",
        "│最近走访 未走访                                                                                                       │",
        "│查看号码 无（v 查看，须写明原因）                                                                                     │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
        "┌  工单  ─────────────────────────────────────────────────────────────────────────────────────────────────────────  1  ┐",
        "│#1053 点单 12h0m 车棚火情：车棚烟感报警                                                                               │",
      ])
    app.language = .en
    app.screenSize = Size(width: 80, height: 24)
    let small = render(app)
    #expect(
      Array(small[4...12]) == [
        "┌  household · 长江小区1幢1单元 101  ──────────────────────────────────────────┐",
        "│contact 孙霞涛   phone 150****4629                                            │",
        "│residents 4   aged 60+ 1                                                      │",
        "│flags —   tags —                                                              │",
        "│last visit never                                                              │",
        "│numbers seen never (v to see them, with a reason)                             │",
        "└──────────────────────────────────────────────────────────────────────────────┘",
        "┌  tickets  ──────────────────────────────────────────────────────────────  1  ┐",
        "│#1053 requested 12h0m 车棚火情：车棚烟感报警                                  │",
      ])
    #expect(small[23].hasPrefix("  j k  select ticket   Enter  open ticket   v  see numbers   Esc  back"))
    // Enter opens its ticket; Esc climbs back to the household, then the stairwell.
    press(&app, .enter)
    #expect(app.navigation.details.last == .ticket(TicketID(ticket)))
    press(&app, .escape, .escape)
    #expect(app.navigation.details.last == .stairwell(stairwell))
  }

  @Test("the help overlay lists the alert keys and commands")
  func help() {
    var app = alertDetail()
    press(&app, .character("?"))
    let lines = render(app)
    #expect(lines.contains { $0.contains("a  x  t") && $0.contains("告警：确认、解除（写说明）、转工单") })
    #expect(lines.contains { $0.contains(": alert clear ALERT NOTE") && $0.contains("[x] 解除告警") })
  }
}
