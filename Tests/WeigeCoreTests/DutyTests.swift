import Testing
import WeigeTestSupport

@testable import WeigeCore

@Suite("The duty desk's clocks, escalation, roster and handover")
struct DutyTests {
  let ticket = TicketID(1044)

  @Test("the shipped policy: 5 working days for a normal nuisance, 10 for development, critical wall-clock")
  func shippedPolicy() {
    let policy = SlaPolicy.shipped
    #expect(policy.terms(.nuisance, .normal).resolve == .workingDays(5))
    #expect(policy.terms(.development, .normal).resolve == .workingDays(10))
    #expect(policy.terms(.urgentAid, .normal).resolve == .workingDays(2))
    #expect(policy.terms(.development, .urgent).resolve == .workingDays(1))
    #expect(policy.terms(.nuisance, .critical).sign == .wallClockMinutes(30))
    #expect(policy.terms(.nuisance, .critical).resolve == .wallClockMinutes(720))
    #expect(policy.terms(.nuisance, .normal).warningPercent == 75)
    #expect(policy.terms(.nuisance, .normal).ladder.map(\.name) == ["网格长", "社区书记", "街道"])
  }

  @Test("limits as the policy file and --by write them")
  func limitText() {
    for (text, limit) in [
      ("5 working days", WorkingTimeLimit.workingDays(5)), ("1 working day", .workingDays(1)),
      ("4 working hours", .workingMinutes(240)), ("90 working minutes", .workingMinutes(90)),
      ("30 minutes", .wallClockMinutes(30)), ("12 hours", .wallClockMinutes(720)),
    ] {
      #expect(WorkingTimeLimit(parsing: text) == limit)
      #expect(limit.text == text)
    }
    #expect(WorkingTimeLimit.workingDays(5).chineseText == "5个工作日")
    #expect(WorkingTimeLimit.wallClockMinutes(720).chineseText == "12小时")
    for bad in ["5", "five working days", "5 days", "5 working", "-1 hours", "3 working weeks", ""] {
      #expect(WorkingTimeLimit(parsing: bad) == nil)
    }
  }

  @Test("limits as a Chinese screen types them: the forms chineseText writes, and shorter")
  func chineseLimitText() {
    for (text, limit) in [
      ("2个工作日", WorkingTimeLimit.workingDays(2)), ("2工作日", .workingDays(2)), ("2 工作日", .workingDays(2)),
      ("4个工作小时", .workingMinutes(240)), ("4工作时", .workingMinutes(240)), ("90个工作分钟", .workingMinutes(90)),
      ("12小时", .wallClockMinutes(720)), ("30分钟", .wallClockMinutes(30)),
    ] {
      #expect(WorkingTimeLimit(parsing: text) == limit)
      #expect(WorkingTimeLimit(parsing: limit.chineseText) == limit)
    }
    for bad in ["两天", "2天", "工作日", "2个", "-2工作日", "2工作周", "1234567工作日"] {
      #expect(WorkingTimeLimit(parsing: bad) == nil)
    }
  }

  @Test("a ticket's clocks: 签收 in working hours from 派单, 办结 in working days from the request, 预警 at 75 %")
  func clocks() throws {
    let ledger = try dutyStairwell()
    let clocks = Deadline.clocks(of: ledger.tickets[ticket]!, calendar: .shipped)
    // Dispatched Saturday 20:50: the four working hours are Monday's 08:30–12:00 and 13:30–14:00.
    let sign = try #require(clocks.sign)
    #expect(sign.deadline == novemberTime(23, 14))
    #expect(sign.warningAt == novemberTime(23, 11, 30))
    #expect(sign.next == DutyStep(index: 0, due: novemberTime(23, 14), level: nil))
    // Requested Saturday: Monday 23 to Friday 27 are the five working days.
    let resolve = try #require(clocks.resolve)
    #expect(resolve.deadline == novemberTime(27, 17, 30))
    #expect(resolve.warningAt == novemberTime(26, 15, 38))
    #expect(resolve.next?.level?.name == "网格长")
    #expect(clocks.nearest == sign)
    #expect(sign.phase(at: novemberTime(23, 10)) == .running)
    #expect(sign.phase(at: novemberTime(23, 12)) == .warning)
    #expect(sign.phase(at: novemberTime(23, 14, 1)) == .overdue)
    #expect(!resolve.usesWeekdayFallback)
  }

  @Test("签收 missed: a reminder at the deadline, the grid leader two working hours later; signing stops it")
  func signEscalation() throws {
    var ledger = try dutyStairwell()
    #expect(try escalate(&ledger, at: novemberTime(23, 13, 59)).isEmpty)
    let reminder = try escalate(&ledger, at: novemberTime(23, 14, 1))
    #expect(reminder.map(\.escalation.step) == [0])
    #expect(reminder.first?.level == nil)
    // Asked again at the same moment, nothing more is due: the step is in the ledger.
    #expect(try escalate(&ledger, at: novemberTime(23, 14, 1)).isEmpty)
    let escalation = try escalate(&ledger, at: novemberTime(23, 16))
    #expect(escalation.map(\.escalation.step) == [1])
    #expect(escalation.first?.level?.name == "网格长")
    #expect(ledger.tickets[ticket]!.isEscalated)
    #expect(ledger.tickets[ticket]!.escalations.map { $0.text(.zh) } == ["签收提醒", "签收超时督办 → 网格长"])
    // A ticket signed for in time is never reminded.
    var signed = try dutyStairwell()
    try signed.execute(.ticketAccepted(ticket), at: novemberTime(23, 9), actor: "李明")
    #expect(Deadline.clocks(of: signed.tickets[ticket]!, calendar: .shipped).sign == nil)
    #expect(try escalate(&signed, at: novemberTime(25, 9)).isEmpty)
  }

  @Test(
    "办结 overdue: the ladder, each level its delay after the deadline; a late watcher appends every missed step"
  )
  func resolveLadder() throws {
    var ledger = try dutyStairwell()
    try ledger.execute(.ticketAccepted(ticket), at: novemberTime(23, 9), actor: "李明")
    #expect(try escalate(&ledger, at: novemberTime(27, 17, 30)).isEmpty)
    #expect(try escalate(&ledger, at: novemberTime(27, 17, 31)).map(\.level?.name) == ["网格长"])
    // Nobody ran a watcher for a week: 社区书记 (Monday 30th's close) and 街道 (Wednesday 2 December's) at once.
    let late = try escalate(&ledger, at: novemberTime(30, 17, 30).adding(hours: 72))
    #expect(late.map(\.level?.name) == ["社区书记", "街道"])
    #expect(
      late.map(\.due) == [
        novemberTime(30, 17, 30), CivilDate(year: 2026, month: 12, day: 2)!.inChina(minute: 1050),
      ])
    #expect(try escalate(&ledger, at: novemberTime(30, 17, 30).adding(hours: 500)).isEmpty)
  }

  @Test("延期 moves the 办结 clock by its limit from the old deadline, and the ladder starts again")
  func extensionMovesTheClock() throws {
    var ledger = try dutyStairwell()
    try ledger.execute(.ticketAccepted(ticket), at: novemberTime(23, 9), actor: "李明")
    _ = try escalate(&ledger, at: novemberTime(28, 9))
    #expect(ledger.tickets[ticket]!.resolveSteps == 1)
    let to = try #require(Deadline.extended(ledger.tickets[ticket]!, by: .workingDays(3), calendar: .shipped))
    #expect(to == CivilDate(year: 2026, month: 12, day: 2)!.inChina(minute: 1050))
    try ledger.execute(
      .ticketExtended(ticket, by: .workingDays(3), to: to, reason: "需等待配件", approver: "赵书记"),
      at: novemberTime(28, 10), actor: "王芳")
    let extended = ledger.tickets[ticket]!
    #expect(extended.dueAt == to)
    #expect(Deadline.clocks(of: extended, calendar: .shipped).resolve?.deadline == to)
    #expect(extended.resolveSteps == 0)
    // The steps taken before the extension do not count again, and nothing is due until the new deadline.
    #expect(try escalate(&ledger, at: novemberTime(30, 18)).isEmpty)
    let again = try escalate(&ledger, at: to.adding(minutes: 1))
    #expect(again.map(\.level?.name) == ["网格长"])
    // The same step of the clock's first run had another id.
    #expect(
      again[0].event(at: .now, actor: "x").id
        != Deadline.eventID(for: again[0].escalation, epoch: ClockRun(start: pinnedNow, extensions: 0)))
  }

  @Test("a ticket keeps the terms it was opened under, whatever policy is in force later")
  func termsAreKept() throws {
    var ledger = try smallStairwell()
    var strict = SlaPolicy.shipped.terms(.nuisance, .normal)
    strict.resolve = .workingDays(1)
    strict.ladder = [EscalationLevel(name: "街道", englishName: "street office", after: .wallClockMinutes(0))]
    try ledger.execute(
      .ticketRequested(
        TicketRequest(
          id: ticket, title: "楼道灯不亮", demandClass: .nuisance, urgency: .normal, source: .hotline,
          place: PlaceID(3), household: nil, dueAt: novemberTime(23, 17, 30), terms: strict)),
      at: pinnedNow, actor: "王芳")
    let opened = ledger.tickets[ticket]!
    #expect(Deadline.clocks(of: opened, calendar: .shipped).resolve?.deadline == novemberTime(23, 17, 30))
    let due = try escalate(&ledger, at: novemberTime(23, 18)).filter {
      $0.escalation.subject == .ticket(ticket)
    }
    #expect(due.map(\.level?.name) == ["街道"])
    // A snapshot keeps the terms too.
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored == ledger)
    // A ticket recorded without terms (the palette, an older log) keeps its own due time, under the shipped ladder.
    let legacy = ledger.tickets[TicketID(1043)]!
    #expect(Deadline.clocks(of: legacy, calendar: .shipped).resolve?.deadline == legacy.dueAt)
  }

  @Test("every process derives the same event for the same step; a step not next or not yet due is refused")
  func exactlyOnceInCore() throws {
    var first = try dutyStairwell()
    let second = first
    let now = novemberTime(23, 14, 5)
    let a = Deadline.dueEscalations(in: first, at: now, calendar: .shipped)
    let b = Deadline.dueEscalations(in: second, at: now.adding(minutes: 1), calendar: .shipped)
    #expect(a.map { $0.event(at: now, actor: "王芳").id } == b.map { $0.event(at: now, actor: "刘洋").id })
    let step = a[0].event(at: now, actor: "王芳")
    try first.execute(step.body, at: now, actor: "王芳")
    #expect(throws: DomainError.self) { try first.validate(step.body, at: now) }
    var early = try dutyStairwell()
    #expect(throws: DomainError.self) { try early.execute(step.body, at: novemberTime(23, 13), actor: "王芳") }
    // A re-dispatch starts a new 签收 clock, whose steps have ids of their own.
    try early.execute(.ticketReturned(ticket, reason: "不在服务范围"), at: novemberTime(23, 10), actor: "李明")
    try early.execute(
      .ticketDispatched(ticket, assignee: PersonID(2)), at: novemberTime(23, 10, 30), actor: "王芳")
    let redispatched = Deadline.dueEscalations(in: early, at: novemberTime(24, 10), calendar: .shipped)
    #expect(redispatched.first?.escalation.clock == .sign)
    #expect(redispatched.first?.event(at: now, actor: "x").id != step.id)
  }

  @Test("an alert not acknowledged is reminded, then escalated; acknowledging stops it")
  func alertEscalation() throws {
    var ledger = try smallStairwell()
    let terms = SlaPolicy.shipped.terms(
      AlertKind.bikeShedFire.demandClass, AlertKind.bikeShedFire.urgency)
    try ledger.execute(
      .alertRaised(
        AlertRaise(
          id: AlertID(1), kind: .bikeShedFire, place: PlaceID(3), household: nil, text: "车棚烟感报警", terms: terms
        )),
      at: pinnedNow, actor: "感知设备")
    var acknowledged = ledger
    #expect(try escalate(&ledger, at: pinnedNow.adding(minutes: 11)).map(\.escalation.step) == [0])
    #expect(try escalate(&ledger, at: pinnedNow.adding(minutes: 26)).map(\.level?.name) == ["网格长"])
    #expect(try escalate(&ledger, at: pinnedNow.adding(hours: 5)).isEmpty)
    #expect(ledger.alerts[AlertID(1)]!.escalations.count == 2)
    try acknowledged.execute(.alertAcknowledged(AlertID(1)), at: pinnedNow.adding(minutes: 3), actor: "王芳")
    #expect(try escalate(&acknowledged, at: pinnedNow.adding(hours: 5)).isEmpty)
  }

  @Test("refusals: 延期 without an approver, on a closed ticket, or by nothing")
  func extensionRefusals() throws {
    var ledger = try dutyStairwell()
    let to = novemberTime(30, 17, 30)
    #expect(throws: DomainError.self) {
      try ledger.execute(
        .ticketExtended(ticket, by: .workingDays(1), to: to, reason: "等配件", approver: ""), at: pinnedNow,
        actor: "王芳")
    }
    #expect(throws: DomainError.self) {
      try ledger.execute(
        .ticketExtended(ticket, by: .workingDays(0), to: to, reason: "等配件", approver: "赵书记"), at: pinnedNow,
        actor: "王芳")
    }
    try ledger.execute(.ticketAccepted(ticket), at: novemberTime(23, 9), actor: "李明")
    try ledger.execute(.ticketResolved(ticket, note: "已更换灯泡"), at: novemberTime(23, 10), actor: "李明")
    #expect(throws: DomainError.self) {
      try ledger.execute(
        .ticketExtended(ticket, by: .workingDays(1), to: to, reason: "等配件", approver: "赵书记"), at: pinnedNow,
        actor: "王芳")
    }
  }

  @Test("the roster: who is on duty at a moment, the night running past midnight; 换班; the last handover")
  func roster() throws {
    var ledger = Ledger()
    let day21 = CivilDate(year: 2026, month: 11, day: 21)!
    let shifts = [
      RosterShift(shift: ShiftID(date: day21, kind: .day), operatorName: "王芳", leader: "赵书记"),
      RosterShift(shift: ShiftID(date: day21, kind: .night), operatorName: "刘洋", leader: "赵书记"),
      RosterShift(shift: ShiftID(date: day21.adding(days: 1), kind: .day), operatorName: "陈静", leader: "孙主任"),
    ]
    try ledger.execute(.rosterImported(shifts, source: "roster.csv"), at: pinnedNow, actor: "王芳")
    #expect(ledger.duty.onDuty(at: novemberTime(21, 9))?.operatorName == "王芳")
    #expect(ledger.duty.onDuty(at: pinnedNow)?.operatorName == "刘洋")
    #expect(ledger.duty.onDuty(at: novemberTime(22, 7))?.shift == ShiftID(date: day21, kind: .night))
    #expect(ledger.duty.onDuty(at: novemberTime(22, 7))?.shift.end == novemberTime(22, 8, 30))
    #expect(ledger.duty.onDuty(at: novemberTime(22, 8, 30))?.operatorName == "陈静")
    #expect(ShiftID(date: day21, kind: .night).hours == "17:30–08:30")
    // The day shift's handover is due, not signed; only the incoming operator (or leader) signs it.
    let last = try #require(ledger.duty.lastHandover(before: pinnedNow))
    #expect(last.shift == ShiftID(date: day21, kind: .day) && !last.handover.isSigned)
    #expect(throws: DomainError.self) {
      try ledger.execute(.handoverSigned(last.shift), at: pinnedNow, actor: "陈静")
    }
    try ledger.execute(
      .handoverNoted(last.shift, note: "3幢电梯停运，已报修"), at: novemberTime(21, 17, 25), actor: "王芳")
    try ledger.execute(.handoverSigned(last.shift), at: novemberTime(21, 17, 35), actor: "刘洋")
    #expect(ledger.duty.lastHandover(before: pinnedNow)?.handover.signedBy == "刘洋")
    #expect(throws: DomainError.self) {
      try ledger.execute(.handoverSigned(last.shift), at: pinnedNow, actor: "刘洋")
    }
    // 换班: 陈静's day goes to 王芳; the roster and its change history say so.
    try ledger.execute(
      .shiftChanged(
        RosterShift(
          shift: ShiftID(date: day21.adding(days: 1), kind: .day), operatorName: "王芳", leader: "孙主任"),
        reason: "陈静请假"), at: pinnedNow, actor: "赵书记")
    #expect(ledger.duty.onDuty(at: novemberTime(22, 9))?.operatorName == "王芳")
    #expect(ledger.duty.changes.first?.before?.operatorName == "陈静")
    #expect(throws: DomainError.self) {
      try ledger.execute(.rosterImported(shifts + [shifts[0]], source: ""), at: pinnedNow, actor: "王芳")
    }
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored == ledger)
  }

  @Test("the feed words every duty-desk event in both languages")
  func summaries() throws {
    let ledger = try dutyStairwell()
    let lines =
      dutyBodies.map { $0.summary(in: ledger) } + dutyBodies.map { $0.summary(in: ledger, language: .en) }
    #expect(
      lines[0] == "延期 #1044 3个工作日，至 2026-11-30 17:30：需等待物业维修（赵书记 批准）")
    #expect(lines[1] == "签收提醒 #1044（时限 2026-11-23 14:00）")
    #expect(lines[4] == "换班 2026-11-22 白班 值班 陈静，带班 赵书记：王芳请假")
    #expect(
      lines[dutyBodies.count]
        == "extended (延期) #1044 3 working days to 2026-11-30 17:30: 需等待物业维修 (approved by 赵书记)")
    #expect(lines[dutyBodies.count + 6] == "handover signed 2026-11-21 day")
  }
}
