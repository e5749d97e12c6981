import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// 江三社区 at the pinned moment (Saturday 21 November 2026, 20:45) with three tickets of known
/// terms: one dispatched late on Friday and not yet signed for, one overdue since Wednesday, and
/// one that will not run out for days.
struct DutyFixture {
  static let jiangsan = try! recordedDemo(.jiangsan, days: 7)
  /// 4 working hours to sign, 3 working days to resolve, a two-level ladder.
  static let terms = SlaTerms(
    sign: .workingHours(4), remind: .workingHours(1), resolve: .workingDays(3),
    acknowledge: .wallClockMinutes(10),
    warningPercent: 75,
    ladder: [
      EscalationLevel(name: "网格长", englishName: "grid leader", after: .workingMinutes(0)),
      EscalationLevel(name: "社区书记", englishName: "community party secretary", after: .workingDays(1)),
    ])
  static let unsigned = TicketID(9001)
  static let overdue = TicketID(9002)
  static let later = TicketID(9003)

  let stairwell: PlaceID
  let assignee: PersonID
  var app: Dashboard

  init(width: Int = 160, height: Int = 48, language: Language = .zh) throws {
    let ledger = Self.jiangsan.ledger
    stairwell = try #require(ledger.places(named: "长江小区/3幢/2单元").first).id
    app = Dashboard(
      ledger: ledger, now: pinnedNow, theme: .fallback, language: language, operatorName: "王芳",
      screenSize: Size(width: width, height: height), recent: Array(Self.jiangsan.events.suffix(50)))
    assignee = try #require(app.team(of: stairwell).first).person
    let friday = CivilDate(year: 2026, month: 11, day: 20)!
    let wednesday = CivilDate(year: 2026, month: 11, day: 18)!
    file(Self.unsigned, "楼道灯不亮", at: friday.inChina(minute: 16 * 60 + 30), terms: Self.terms)
    send(
      .ticketDispatched(Self.unsigned, assignee: assignee), to: &app, at: friday.inChina(minute: 16 * 60 + 30)
    )
    var fourHours = Self.terms
    fourHours.resolve = .workingHours(4)
    file(Self.overdue, "电梯困人后续检修", at: wednesday.inChina(minute: 9 * 60), terms: fourHours)
    file(Self.later, "加装电梯意见征集", at: pinnedNow, terms: Self.terms, demandClass: .development)
  }

  private mutating func file(
    _ id: TicketID, _ title: String, at time: Timestamp, terms: SlaTerms, demandClass: DemandClass = .nuisance
  ) {
    let due = WorkingCalendar.shipped.due(from: time, limit: terms.resolve).moment
    send(
      .ticketRequested(
        TicketRequest(
          id: id, title: title, demandClass: demandClass, urgency: .normal, source: .hotline,
          place: stairwell,
          household: nil, dueAt: due, terms: terms)), to: &app, at: time)
  }

  /// The queue's row of `id`, as rendered.
  func row(of id: TicketID) -> String? { render(app).first { $0.contains("\(id) ") } }
}

@Suite("The duty desk (值班台)")
struct DutyDeskTests {
  @Test("z opens the queue: every open ticket and unacknowledged alert, the clock that runs out first on top")
  func queueOrder() throws {
    var fixture = try DutyFixture()
    press(&fixture.app, .character("z"))
    #expect(fixture.app.navigation.details.last == .duty)
    let rows = fixture.app.dutyQueue()
    let open = fixture.app.ledger.tickets.values.filter { $0.status.isOpen }.count
    let alerts = fixture.app.ledger.alerts.values.filter { Deadline.clock(of: $0, calendar: .shipped) != nil }
      .count
    #expect(rows.count == open + alerts)
    let deadlines = rows.map { $0.nearest!.deadline }
    #expect(deadlines == deadlines.sorted())
    let lines = render(fixture.app)
    #expect(lines[4].hasPrefix("┌  值班台 · 江三社区  ─"))
    // Its 超时 is the header's (tickets); alerts past their 确认 are counted apart.
    let overdueAlerts = fixture.app.ledger.alerts.values.filter {
      Deadline.clock(of: $0, calendar: .shipped)?.phase(at: pinnedNow) == .overdue
    }.count
    let overdue = fixture.app.index.figures(under: fixture.app.navigation.focus).overdueTickets
    #expect(lines[2].contains("超时 \(overdue) "))
    #expect(
      lines[4].contains(
        "超时 \(overdue)" + (overdueAlerts > 0 ? " · 告警超时 \(overdueAlerts)" : "") + "  ┐"))
    // The state column is as wide as its widest: an alert's 告警未确认 while one waits (the demo's
    // operators acknowledge most in time), else a ticket's.
    #expect(lines[5].hasPrefix(alerts > 0 ? "│#     级   状态       签收/确认 办结" : "│#     级   状态 签收/确认 办结"))
    #expect(lines[47].hasPrefix("  s  签收   d  派单   u  督办   e  延期   空格  确认铃声   m  静音   H  交接班"))
    // z again goes back to the map.
    press(&fixture.app, .character("z"))
    #expect(fixture.app.navigation.details.isEmpty)
  }

  @Test("clocks count working time: the weekend does not use them up, a night neither, overdue likewise")
  func clockWords() throws {
    var fixture = try DutyFixture()
    press(&fixture.app, .character("z"))
    // Signed for by Monday 11:30 (Friday 16:30–17:30, then Monday from 08:30): 3 working hours left.
    // Resolved by Wednesday's close: Monday to Wednesday left, three working days.
    let unsigned = try #require(fixture.row(of: DutyFixture.unsigned))
    #expect(unsigned.contains(/#9001 一般 派单 +剩3h0m/))
    #expect(unsigned.contains("剩3工作日"))
    // Due Wednesday 14:30; past it by Wednesday's last 3 hours, Thursday and Friday: 2 days 3 hours.
    let overdue = try #require(fixture.row(of: DutyFixture.overdue))
    #expect(overdue.contains("超2工作日3h"))
    #expect(overdue.contains("—"))
    fixture.app.language = .en
    #expect(try #require(fixture.row(of: DutyFixture.overdue)).contains("over 2wd3h"))
    #expect(try #require(fixture.row(of: DutyFixture.unsigned)).contains("left 3h0m"))
    // The overdue clock in the overdue colour, bold, so that it reads without colour too.
    fixture.app.language = .zh
    let y = try #require(render(fixture.app).firstIndex { $0.contains("超2工作日3h") })
    #expect(try #require(firstCell("超", row: y, in: screenBuffer(of: fixture.app))).style.bold)
  }

  @Test("an escalation rings the bell and flashes the header; it repeats until Space; a mute stops the sound")
  func bell() throws {
    var fixture = try DutyFixture()
    let escalation = DutyEscalation(
      subject: .ticket(DutyFixture.overdue), clock: .resolve, step: 0,
      deadline: fixture.app.ledger.tickets[DutyFixture.overdue].map {
        Deadline.clocks(of: $0, calendar: .shipped).resolve!.deadline
      }!)
    let effects = send(.escalated(escalation), to: &fixture.app)
    #expect(effects.contains(.bell))
    #expect(render(fixture.app)[0].contains("铃 1 项未确认（空格确认）"))
    // Not again before the repeat is due; again once it is.
    let soon = fixture.app.update(.message(.tick(pinnedNow.adding(minutes: 2)))).effects
    #expect(!soon.contains(.bell))
    let repeated = fixture.app.update(.message(.tick(pinnedNow.adding(minutes: 3)))).effects
    #expect(repeated.contains(.bell))
    // Space acknowledges: the header is quiet and nothing repeats.
    press(&fixture.app, .character(" "))
    #expect(!render(fixture.app)[0].contains("铃"))
    #expect(!fixture.app.update(.message(.tick(pinnedNow.adding(minutes: 9)))).effects.contains(.bell))
    // Muted, a critical ticket is flagged in the header without a sound; the mute's end sounds it.
    press(&fixture.app, .character("m"))
    let critical = send(
      .ticketRequested(
        TicketRequest(
          id: TicketID(9010), title: "楼道起火冒烟", demandClass: .urgentAid, urgency: .critical, source: .hotline,
          place: fixture.stairwell, household: nil, dueAt: pinnedNow.adding(hours: 12))), to: &fixture.app,
      at: pinnedNow.adding(minutes: 10))
    #expect(!critical.contains(.bell))
    let header = render(fixture.app)[0]
    #expect(header.contains("铃 1 项未确认"))
    #expect(header.contains("静音至"))
    let after = fixture.app.update(.message(.tick(pinnedNow.adding(minutes: 10 + DutyBell.muteMinutes))))
      .effects
    #expect(after.contains(.bell))
  }

  @Test("s signs for the selected ticket (接单), e extends it with a reason and an approver, u escalates")
  func deskKeys() throws {
    var fixture = try DutyFixture()
    press(&fixture.app, .character("z"))
    let rows = fixture.app.dutyQueue()
    let position = try #require(rows.firstIndex { $0.subject == .ticket(DutyFixture.unsigned) })
    for _ in 0..<position { press(&fixture.app, .down) }
    let signed = storeAppends(in: press(&fixture.app, .character("s"), .enter))
    #expect(signed.first?.events.map(\.body) == [.ticketAccepted(DutyFixture.unsigned)])
    let extended = press(&fixture.app, .character("e"))
    #expect(storeAppends(in: extended).isEmpty)
    type("2工作日", into: &fixture.app)
    press(&fixture.app, .enter)
    type("居民出差，下周二才在家", into: &fixture.app)
    press(&fixture.app, .enter)
    type("周建国", into: &fixture.app)
    let appends = storeAppends(in: press(&fixture.app, .enter))
    let ticket = try #require(fixture.app.ledger.tickets[DutyFixture.unsigned])
    let to = try #require(Deadline.extended(ticket, by: .workingDays(2), calendar: .shipped))
    #expect(
      appends.first?.events.map(\.body) == [
        .ticketExtended(
          DutyFixture.unsigned, by: .workingDays(2), to: to, reason: "居民出差，下周二才在家", approver: "周建国")
      ])
    // A limit that cannot be read is refused with the forms it takes, and nothing is appended.
    press(&fixture.app, .character("e"))
    type("两天", into: &fixture.app)
    press(&fixture.app, .enter)
    type("x", into: &fixture.app)
    press(&fixture.app, .enter)
    type("周建国", into: &fixture.app)
    #expect(storeAppends(in: press(&fixture.app, .enter)).isEmpty)
    #expect(render(fixture.app).contains { $0.contains("不是延期时长：写 2工作日、4工作小时 或 12小时") })
    press(&fixture.app, .escape)
    // u on the overdue ticket: 超时督办 by hand.
    let overdue = try #require(
      fixture.app.dutyQueue().firstIndex { $0.subject == .ticket(DutyFixture.overdue) })
    while fixture.app.navigation.detailSelection != overdue {
      press(&fixture.app, fixture.app.navigation.detailSelection < overdue ? .down : .up)
    }
    let escalated = storeAppends(in: press(&fixture.app, .character("u"), .enter))
    #expect(escalated.first?.events.map(\.body) == [.ticketEscalated(DutyFixture.overdue)])
  }

  @Test("换班 from the palette: two shifts swap their operators in one append; a shift given to another")
  func rosterChanges() throws {
    var fixture = try DutyFixture()
    let roster = fixture.app.ledger.duty.roster
    let (sunday, monday) = (
      ShiftID(date: CivilDate(year: 2026, month: 11, day: 22)!, kind: .night),
      ShiftID(date: CivilDate(year: 2026, month: 11, day: 23)!, kind: .night)
    )
    let (first, second) = (try #require(roster[sunday]), try #require(roster[monday]))
    press(&fixture.app, .character(":"))
    type("shift swap", into: &fixture.app)
    press(&fixture.app, .enter)
    for text in ["2026-11-22 夜班", "2026-11-23 night", "家中有事"] {
      type(text, into: &fixture.app)
      if text != "家中有事" { press(&fixture.app, .enter) }
    }
    let swapped = storeAppends(in: press(&fixture.app, .enter))
    #expect(
      swapped.first?.events.map(\.body) == [
        .shiftChanged(
          RosterShift(shift: sunday, operatorName: second.operatorName, leader: first.leader), reason: "家中有事"),
        .shiftChanged(
          RosterShift(shift: monday, operatorName: first.operatorName, leader: second.leader), reason: "家中有事"),
      ])
    // A shift typed wrong is refused with the form it takes; nothing is appended.
    press(&fixture.app, .character(":"))
    type("shift set", into: &fixture.app)
    press(&fixture.app, .enter)
    for text in ["11月22日夜班", "刘洋", "病假"] {
      type(text, into: &fixture.app)
      press(&fixture.app, .enter)
    }
    #expect(render(fixture.app).contains { $0.contains("'11月22日夜班' 不是班次：写 2026-11-23 白班（或 夜班）") })
  }

  @Test(
    "a deadline that leans on Monday–Friday in a year without a notice says so, in the queue and the detail")
  func weekdayFallback() throws {
    var fixture = try DutyFixture()
    var long = DutyFixture.terms
    long.resolve = .workingDays(40)  // from 21 November 2026 into 2027, which has no notice yet
    let due = WorkingCalendar.shipped.due(from: pinnedNow, limit: long.resolve).moment
    send(
      .ticketRequested(
        TicketRequest(
          id: TicketID(9020), title: "加装电梯意见征集", demandClass: .development, urgency: .normal,
          source: .hotline, place: fixture.stairwell, household: nil, dueAt: due, terms: long)),
      to: &fixture.app)
    press(&fixture.app, .character("z"))
    #expect(render(fixture.app).contains { $0.contains("※ 部分时限按周一至周五计") })
    let rows = fixture.app.dutyQueue()
    let position = try #require(rows.firstIndex { $0.subject == .ticket(TicketID(9020)) })
    for _ in 0..<position { press(&fixture.app, .down) }
    press(&fixture.app, .enter)
    #expect(render(fixture.app).contains { $0.contains("※按周一至周五计") })
  }

  @Test("the header says who is on duty, until when, the leader on call, and the unsigned handover")
  func header() throws {
    let fixture = try DutyFixture()
    let ledger = fixture.app.ledger
    let night = try #require(ledger.duty.onDuty(at: pinnedNow))
    let lines = render(fixture.app)
    #expect(
      lines[3].hasSuffix(" 值班 \(night.operatorName) 至 08:30 · 带班 吴丽华 · 交接 2026-11-21 白班 未签 ┘"))
  }

  @Test("H opens the last shift's brief while unsigned; n adds a note, s signs it as the incoming operator")
  func handover() throws {
    var fixture = try DutyFixture()
    let day = ShiftID(date: CivilDate(year: 2026, month: 11, day: 21)!, kind: .day)
    let incoming = try #require(fixture.app.ledger.duty.roster[day.next]).operatorName
    fixture.app.operatorName = incoming
    press(&fixture.app, .character("H"))
    #expect(fixture.app.navigation.details.last == .handover(day))
    let lines = render(fixture.app)
    #expect(lines[4].hasPrefix("┌  交接班简报 · 2026-11-21 白班  ─"))
    #expect(lines[4].hasSuffix("  未签收  ┐"))
    #expect(lines.contains { $0.hasPrefix("│本班工单") })
    press(&fixture.app, .character("n"))
    type("3幢2单元楼道灯已报修，明早电工上门", into: &fixture.app)
    let noted = storeAppends(in: press(&fixture.app, .enter))
    #expect(noted.first?.events.map(\.body) == [.handoverNoted(day, note: "3幢2单元楼道灯已报修，明早电工上门")])
    deliver(noted.flatMap(\.events), to: &fixture.app)
    #expect(render(fixture.app).contains { $0.contains("\(incoming)：3幢2单元楼道灯已报修，明早电工上门") })
    let signed = storeAppends(in: press(&fixture.app, .character("s"), .enter))
    #expect(signed.first?.events.map(\.body) == [.handoverSigned(day)])
    deliver(signed.flatMap(\.events), to: &fixture.app)
    #expect(render(fixture.app)[4].hasSuffix("  已签收  ┐"))
    #expect(render(fixture.app)[3].contains("交接 2026-11-21 白班 已签"))
    // Tab turns to the next shift's brief, the one on duty now.
    press(&fixture.app, .tab)
    #expect(fixture.app.navigation.details.last == .handover(day.next))
  }
}
