import Testing
import WeigeCore
import WeigeTestSupport

/// 2单元 of `smallStairwell` with its whole team (李明 head, 王芳 information officer, 赵强
/// logistics officer) and both households visited on the 20th; its ticket #1043 is open.
private func fullTeam() throws -> Ledger {
  var ledger = try smallStairwell()
  let t = pinnedNow
  let bodies: [EventBody] = [
    .personRegistered(Person(id: PersonID(3), name: "赵强", household: nil, phone: "", isPartyMember: false)),
    .roleAssigned(PersonID(2), RoleAssignment(role: "information", place: PlaceID(3))),
    .roleAssigned(PersonID(3), RoleAssignment(role: "logistics", place: PlaceID(3))),
    .visitRecorded(HouseholdID(1), visitor: PersonID(2), note: "每月走访"),
    .visitRecorded(HouseholdID(2), visitor: PersonID(2), note: "每月走访"),
  ]
  for body in bodies { try ledger.execute(body, at: t.adding(hours: -24), actor: "王芳") }
  return ledger
}

private let november = CivilMonth("2026-11")!
private let stairwell = PlaceID(3)

/// The reason `rule` gave, in Chinese.
private func reason(_ rating: StairwellStars, _ rule: StarRule) -> StarReason? {
  rating.reasons.first { $0.rule == rule }
}

@Suite("Star-rated stairwells: each rule at its edge, and why")
struct StarRuleTests {
  @Test("a complete team gives its star; an empty post costs it, named")
  func team() throws {
    var ledger = try fullTeam()
    #expect(reason(ledger.starRating(of: stairwell, in: november), .team)?.earned == true)
    #expect(reason(ledger.starRating(of: stairwell, in: november), .team)?.chinese == "一长二员齐全")
    try ledger.execute(
      .roleVacated(PersonID(3), RoleAssignment(role: "logistics", place: stairwell), reason: "搬离"),
      at: pinnedNow,
      actor: "王芳")
    let short = try #require(reason(ledger.starRating(of: stairwell, in: november), .team))
    #expect(!short.earned)
    #expect(short.chinese == "缺保障员")
    #expect(short.english == "no logistics officer")
  }

  @Test(
    "a past month is rated on the team and tickets it had at its end: a post vacated and a ticket rated since change nothing"
  )
  func pastMonthOnTheLiveLedger() throws {
    let atEnd = try fullTeam()
    var live = atEnd
    let december = november.next.startInChina.adding(hours: 8)
    try live.execute(
      .roleVacated(PersonID(3), RoleAssignment(role: "logistics", place: stairwell), reason: "搬离"),
      at: december, actor: "王芳")
    for body: EventBody in [
      .ticketDispatched(TicketID(1043), assignee: PersonID(2)), .ticketAccepted(TicketID(1043)),
      .ticketResolved(TicketID(1043), note: "已清理"), .ticketRated(TicketID(1043), score: 5, comment: ""),
    ] {
      live.apply(body, time: december, actor: "王芳")
    }
    // The live ledger rates November as the ledger at November's end does (`weige stars --month`).
    #expect(live.starRatings(under: nil, in: november) == atEnd.starRatings(under: nil, in: november))
    let past = live.starRating(of: stairwell, in: november)
    #expect(reason(past, .team)?.chinese == "一长二员齐全")
    #expect(reason(past, .tickets)?.chinese == "工单 0/1 件办结并评价 未达80%")
    // The month under way has the team as it is now.
    #expect(reason(live.starRating(of: stairwell, in: november.next), .team)?.chinese == "缺保障员")
    #expect(live.teamHistory[stairwell]?.last == TeamChange(time: december, missing: ["logistics"]))
    let bytes = live.snapshot()
    let reopened = try bytes.withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(reopened?.teamHistory == live.teamHistory)
  }

  @Test("visits: exactly at the bar gives the star, one household under it does not")
  func visits() throws {
    let ledger = try fullTeam()
    var rules = StarRules.standard
    // Both of two households visited: 100 %, over 95 %.
    let all = try #require(reason(ledger.starRating(of: stairwell, in: november, rules: rules), .visits))
    #expect(all.earned && all.chinese == "走访 2/2 户 (100%) ≥95%")
    var half = try smallStairwell()
    try half.execute(.visitRecorded(HouseholdID(1), visitor: nil, note: ""), at: pinnedNow, actor: "王芳")
    rules.visitPercent = 50
    #expect(reason(half.starRating(of: stairwell, in: november, rules: rules), .visits)?.earned == true)
    rules.visitPercent = 51
    let under = try #require(reason(half.starRating(of: stairwell, in: november, rules: rules), .visits))
    #expect(!under.earned)
    #expect(under.chinese == "走访 1/2 户 (50%) 未达51%")
    #expect(under.english == "visited 1/2 (50%) under 51%")
    // November's visit does not count for December.
    #expect(
      reason(half.starRating(of: stairwell, in: CivilMonth("2026-12")!, rules: rules), .visits)?.earned
        == false)
  }

  @Test("tickets: a month without any passes; the share closed and rated and the mean rating at their edges")
  func tickets() throws {
    var ledger = try fullTeam()
    let october = CivilMonth("2026-10")!
    #expect(reason(ledger.starRating(of: stairwell, in: october), .tickets)?.chinese == "本月无工单")
    let open = try #require(reason(ledger.starRating(of: stairwell, in: november), .tickets))
    #expect(!open.earned && open.chinese == "工单 0/1 件办结并评价 未达80%")
    // A second ticket, resolved and rated 5; #1043 resolved and rated 3: a mean of exactly 4.
    let t = pinnedNow
    let second = TicketRequest(
      id: TicketID(1044), title: "楼道灯不亮", demandClass: .nuisance, urgency: .normal, source: .hotline,
      place: stairwell, household: nil, dueAt: t.adding(hours: 24))
    for body: EventBody in [
      .ticketRequested(second), .ticketDispatched(TicketID(1044), assignee: PersonID(2)),
      .ticketAccepted(TicketID(1044)), .ticketResolved(TicketID(1044), note: "已换灯"),
      .ticketRated(TicketID(1044), score: 5, comment: "满意"),
    ] {
      try ledger.execute(body, at: t, actor: "王芳")
    }
    var rules = StarRules.standard
    rules.ticketPercent = 50
    #expect(reason(ledger.starRating(of: stairwell, in: november, rules: rules), .tickets)?.earned == true)
    rules.ticketPercent = 51
    #expect(reason(ledger.starRating(of: stairwell, in: november, rules: rules), .tickets)?.earned == false)
    for body: EventBody in [
      .ticketDispatched(TicketID(1043), assignee: PersonID(2)), .ticketAccepted(TicketID(1043)),
      .ticketResolved(TicketID(1043), note: "已清理"), .ticketRated(TicketID(1043), score: 3, comment: "较慢"),
    ] {
      try ledger.execute(body, at: t, actor: "王芳")
    }
    let mean4 = try #require(reason(ledger.starRating(of: stairwell, in: november), .tickets))
    #expect(mean4.earned && mean4.chinese == "工单 2/2 件办结并评价，均分 4.0")
    rules = .standard
    rules.ticketRating = 5
    let low = try #require(reason(ledger.starRating(of: stairwell, in: november, rules: rules), .tickets))
    #expect(!low.earned)
    #expect(low.english == "2/2 tickets resolved and rated, mean 4.0 under 5")
  }

  @Test("a convention counts from the moment it is adopted to the month's end, not after")
  func convention() throws {
    var lastMoment = try fullTeam()
    let end = november.endInChina
    try lastMoment.execute(
      .conventionAdopted(stairwell, title: "文明楼道公约"), at: Timestamp(milliseconds: end.rawValue - 1),
      actor: "王芳")
    let adopted = try #require(reason(lastMoment.starRating(of: stairwell, in: november), .convention))
    #expect(adopted.earned && adopted.chinese == "公约「文明楼道公约」")
    var nextMonth = try fullTeam()
    try nextMonth.execute(.conventionAdopted(stairwell, title: "文明楼道公约"), at: end, actor: "王芳")
    let none = try #require(reason(nextMonth.starRating(of: stairwell, in: november), .convention))
    #expect(!none.earned && none.chinese == "未订楼道公约" && none.english == "no convention")
    #expect(reason(nextMonth.starRating(of: stairwell, in: november.next), .convention)?.earned == true)
    #expect(throws: DomainError.self) {
      try nextMonth.execute(.conventionAdopted(stairwell, title: "另一份公约"), at: end, actor: "王芳")
    }
  }

  @Test("the stars add up the rules that gave them; a rule of 0 stars is off and not listed")
  func total() throws {
    var ledger = try fullTeam()
    try ledger.execute(.conventionAdopted(stairwell, title: "文明楼道公约"), at: pinnedNow, actor: "王芳")
    let rating = ledger.starRating(of: stairwell, in: november)
    // Team, visits, convention; the open ticket costs the fourth.
    #expect(rating.stars == 3 && rating.maximum == 4 && rating.glyphs == "★★★☆")
    var rules = StarRules.standard
    rules.ticketStars = 0
    let without = ledger.starRating(of: stairwell, in: november, rules: rules)
    #expect(without.stars == 3 && without.maximum == 3 && !without.reasons.contains { $0.rule == .tickets })
    #expect(ledger.starRatings(under: nil, in: november) == [rating])
  }
}

@Suite("Volunteer hours and points: a balance never goes below zero")
struct PointsTests {
  @Test(
    "hours earn points by the rule; an exchange past the balance is refused, clearly, and changes nothing")
  func negativeBalance() throws {
    var ledger = try fullTeam()
    let rules = StarRules.standard
    #expect(rules.points(forMinutes: 90) == 15)
    try ledger.execute(
      .volunteerHoursRecorded(VolunteerHours(person: PersonID(1), activity: "平安巡查", minutes: 90, points: 15)),
      at: pinnedNow, actor: "王芳")
    try ledger.execute(
      .pointsRedeemed(PointsRedemption(person: PersonID(1), points: 15, reward: "毛巾两条")), at: pinnedNow,
      actor: "王芳")
    #expect(ledger.recognition.accounts[PersonID(1)]?.balance == 0)
    let before = ledger
    let refusal = #expect(throws: DomainError.self) {
      try ledger.execute(
        .pointsRedeemed(PointsRedemption(person: PersonID(1), points: 1, reward: "理发服务券")), at: pinnedNow,
        actor: "王芳")
    }
    #expect(refusal?.chinese == "积分不足：李明 余 0 分，兑换「理发服务券」需 1 分")
    #expect(refusal?.english == "not enough points: 李明 has 0, and \"理发服务券\" takes 1")
    #expect(ledger == before)
    // Someone who never volunteered has nothing to spend; nothing is spent in zero.
    #expect(throws: DomainError.self) {
      try ledger.execute(
        .pointsRedeemed(PointsRedemption(person: PersonID(3), points: 10, reward: "大米一袋")), at: pinnedNow,
        actor: "王芳")
    }
    #expect(throws: DomainError.self) {
      try ledger.execute(
        .pointsRedeemed(PointsRedemption(person: PersonID(1), points: 0, reward: "大米一袋")), at: pinnedNow,
        actor: "王芳")
    }
    let account = try #require(ledger.recognition.accounts[PersonID(1)])
    #expect(account.minutes == 90 && account.earned == 15 && account.spent == 15)
    #expect(account.minutes(in: november) == 90 && account.minutes(in: november.next) == 0)
  }

  @Test("volunteer time is a minute to a day")
  func hoursBounds() throws {
    let ledger = try fullTeam()
    for minutes in [0, VolunteerHours.mostMinutes + 1] {
      #expect(throws: DomainError.self) {
        try ledger.validate(
          .volunteerHoursRecorded(
            VolunteerHours(person: PersonID(1), activity: "平安巡查", minutes: minutes, points: 0)), at: pinnedNow
        )
      }
    }
    try ledger.validate(
      .volunteerHoursRecorded(
        VolunteerHours(person: PersonID(1), activity: "平安巡查", minutes: VolunteerHours.mostMinutes, points: 0)),
      at: pinnedNow)
  }
}

@Suite("先锋 and the 红黑榜")
struct HonourTests {
  @Test("a vanguard person names a person, the lists name a stairwell; a vanguard once a month")
  func honours() throws {
    var ledger = try fullTeam()
    let vanguard = Honour(
      kind: .vanguardPerson, subject: .person(PersonID(2)), month: november, reason: "志愿 12小时")
    try ledger.execute(.honourAwarded(vanguard), at: pinnedNow, actor: "王芳")
    let twice = #expect(throws: DomainError.self) {
      try ledger.execute(.honourAwarded(vanguard), at: pinnedNow, actor: "王芳")
    }
    #expect(twice?.chinese == "王芳 已是 2026-11 先锋个人")
    #expect(throws: DomainError.self) {
      try ledger.execute(
        .honourAwarded(
          Honour(kind: .vanguardPerson, subject: .stairwell(stairwell), month: november, reason: "好")),
        at: pinnedNow, actor: "王芳")
    }
    let building = #expect(throws: DomainError.self) {
      try ledger.execute(
        .honourAwarded(Honour(kind: .black, subject: .stairwell(PlaceID(2)), month: november, reason: "堆物")),
        at: pinnedNow, actor: "王芳")
    }
    #expect(building?.chinese == "3幢 是楼幢，不是楼道")
    // The lists may name a stairwell again: conduct is listed each time it happens.
    let black = Honour(kind: .black, subject: .stairwell(stairwell), month: november, reason: "楼道堆放杂物未清理")
    try ledger.execute(.honourAwarded(black), at: pinnedNow, actor: "王芳")
    try ledger.execute(.honourAwarded(black), at: pinnedNow, actor: "王芳")
    #expect(ledger.recognition.honours(in: november).map(\.honour.kind) == [.vanguardPerson, .black, .black])
    #expect(ledger.recognition.honours(in: november.next).isEmpty)
    #expect(EventBody.honourAwarded(black).summary(in: ledger) == "黑榜 3幢2单元：楼道堆放杂物未清理")
  }

  @Test(
    "a 先锋 is withdrawn by its kind, subject and month, with a reason; a list entry, or one never given, is not"
  )
  func withdrawVanguard() throws {
    var ledger = try fullTeam()
    let vanguard = Honour(
      kind: .vanguardStairwell, subject: .stairwell(stairwell), month: november, reason: "满星楼道")
    let black = Honour(kind: .black, subject: .stairwell(stairwell), month: november, reason: "堆物")
    try ledger.execute(.honourAwarded(vanguard), at: pinnedNow, actor: "王芳")
    try ledger.execute(.honourAwarded(black), at: pinnedNow, actor: "王芳")
    func withdrawal(_ kind: HonourKind, month: CivilMonth = november, reason: String = "评选有误") -> EventBody {
      .honourWithdrawn(
        Honour(kind: kind, subject: .stairwell(stairwell), month: month, reason: reason), awardedAt: nil)
    }
    let listed = #expect(throws: DomainError.self) {
      try ledger.execute(withdrawal(.black), at: pinnedNow, actor: "王芳")
    }
    #expect(listed?.chinese == "黑榜条目须指明是哪一条（上榜时间）")
    let never = #expect(throws: DomainError.self) {
      try ledger.execute(withdrawal(.vanguardStairwell, month: november.previous), at: pinnedNow, actor: "王芳")
    }
    #expect(never?.english == "3幢2单元 is not a vanguard stairwell of 2026-10")
    #expect(throws: DomainError.self) {
      try ledger.execute(withdrawal(.vanguardStairwell, reason: " "), at: pinnedNow, actor: "王芳")
    }
    try ledger.execute(withdrawal(.vanguardStairwell), at: pinnedNow, actor: "王芳")
    #expect(ledger.recognition.honours(in: november).map(\.honour.kind) == [.black])
    #expect(
      withdrawal(.vanguardStairwell).summary(in: ledger) == "撤销先锋楼道 3幢2单元 (2026-11)：评选有误")
    #expect(throws: DomainError.self) {
      try ledger.execute(withdrawal(.vanguardStairwell), at: pinnedNow, actor: "王芳")
    }
    // Once withdrawn, it may be given again.
    try ledger.execute(.honourAwarded(vanguard), at: pinnedNow, actor: "王芳")
  }

  @Test("a 红黑榜 entry is withdrawn by when it was given: that one leaves, the others stay, the log keeps it")
  func withdrawListEntry() throws {
    var ledger = try fullTeam()
    let later = pinnedNow.adding(hours: 2)
    let first = Honour(kind: .black, subject: .stairwell(stairwell), month: november, reason: "堆物")
    let second = Honour(kind: .black, subject: .stairwell(stairwell), month: november, reason: "电动车入户充电")
    try ledger.execute(.honourAwarded(first), at: pinnedNow, actor: "王芳")
    try ledger.execute(.honourAwarded(second), at: later, actor: "王芳")
    let mistake = Honour(kind: .black, subject: .stairwell(stairwell), month: november, reason: "误报")
    let wrongTime = #expect(throws: DomainError.self) {
      try ledger.execute(
        .honourWithdrawn(mistake, awardedAt: later.adding(hours: 1)), at: later, actor: "王芳")
    }
    #expect(wrongTime?.chinese.hasPrefix("3幢2单元 没有 ") == true)
    let withdrawal = EventBody.honourWithdrawn(mistake, awardedAt: later)
    try ledger.execute(withdrawal, at: later, actor: "王芳")
    #expect(ledger.recognition.honours(in: november).map(\.honour.reason) == ["堆物"])
    #expect(withdrawal.summary(in: ledger).hasPrefix("撤销黑榜 3幢2单元 (2026-11-"))
    #expect(throws: DomainError.self) { try ledger.execute(withdrawal, at: later, actor: "王芳") }
    // An older build's withdrawal has no time (nor its byte): it reads back as a 先锋's, by kind,
    // subject and month.
    let bytes = EventBody.honourWithdrawn(mistake, awardedAt: nil).encoded()
    let older = try Array(bytes.dropLast()).withUnsafeBytes {
      try EventBody.decode(kind: .honourWithdrawn, payload: $0)
    }
    #expect(older == .honourWithdrawn(mistake, awardedAt: nil))
  }

  @Test("recognition survives a snapshot whole")
  func snapshot() throws {
    var ledger = try fullTeam()
    for body: EventBody in [
      .conventionAdopted(stairwell, title: "文明楼道公约"),
      .volunteerHoursRecorded(
        VolunteerHours(person: PersonID(1), activity: "平安巡查", minutes: 120, points: 20)),
      .pointsRedeemed(PointsRedemption(person: PersonID(1), points: 20, reward: "大米一袋")),
      .honourAwarded(Honour(kind: .red, subject: .stairwell(stairwell), month: november, reason: "楼道整洁无堆物")),
    ] {
      try ledger.execute(body, at: pinnedNow, actor: "王芳")
    }
    let bytes = ledger.snapshot()
    let restored = try bytes.withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored?.recognition == ledger.recognition)
  }

  @Test("the demo gives 72 % of stairwells a convention, and volunteers hours, points and honours")
  func demo() throws {
    let ledger = try demoEvents(.jiangsan, days: 30).ledger
    let stairwells = ledger.places.values.filter { $0.level == .stairwell }.count
    #expect(ledger.recognition.conventions.count == Int((Double(stairwells) * 0.72).rounded()))
    let accounts = ledger.recognition.accounts.values
    #expect(accounts.allSatisfy { $0.balance >= 0 })
    #expect(accounts.contains { !$0.redemptions.isEmpty })
    let kinds = Set(ledger.recognition.honours.map(\.honour.kind))
    #expect(kinds == Set(HonourKind.allCases))
  }
}

@Suite("The month the stars are shown for (Ledger.ratedMonth)")
struct RatedMonthTests {
  let december = CivilMonth("2026-12")!

  @Test("on the 1st, before any visit of the new month, the month before is shown, and says so")
  func monthStart() throws {
    let ledger = try fullTeam()
    let first = december.startInChina
    #expect(ledger.ratedMonth(at: first) == RatedMonth(month: november, isCurrent: false))
    #expect(ledger.ratedMonth(at: first).label(.zh) == "十一月 (上月)")
    #expect(ledger.ratedMonth(at: first).label(.en) == "November (last month)")
    // Its stars are November's, visits and all, as the month ended.
    let rating = ledger.starRating(of: stairwell, in: ledger.ratedMonth(at: first).month)
    #expect(reason(rating, .visits)?.earned == true)
  }

  @Test("the month under way is shown from its first visit, at 00:00 of the 1st and not a moment before")
  func firstVisit() throws {
    var before = try fullTeam()
    let first = december.startInChina
    try before.execute(
      .visitRecorded(HouseholdID(1), visitor: PersonID(2), note: "跨月"), at: first.adding(minutes: -1),
      actor: "王芳")
    #expect(before.ratedMonth(at: first.adding(hours: 9)).month == november)
    var ledger = try fullTeam()
    try ledger.execute(
      .visitRecorded(HouseholdID(1), visitor: PersonID(2), note: "月初走访"), at: first, actor: "王芳")
    let shown = ledger.ratedMonth(at: first.adding(hours: 9))
    #expect(shown == RatedMonth(month: december, isCurrent: true))
    #expect(shown.label(.zh) == "十二月 (本月)")
    #expect(shown.label(.en) == "December (this month)")
  }

  @Test(
    "the newest visit answers it, kept through a snapshot; a visit dated past the month does not start it")
  func newestVisit() throws {
    var ledger = try fullTeam()
    let first = december.startInChina
    let latest = try #require(ledger.latestVisit)
    #expect(latest == ledger.households.values.compactMap(\.lastVisit).max())
    // A visit dated next month (a clock ahead) is the newest, yet December has not begun.
    try ledger.execute(
      .visitRecorded(HouseholdID(1), visitor: PersonID(2), note: "时钟超前"),
      at: december.endInChina.adding(hours: 1),
      actor: "王芳")
    #expect(ledger.latestVisit == december.endInChina.adding(hours: 1))
    #expect(ledger.ratedMonth(at: first.adding(hours: 9)).month == november)
    try ledger.execute(
      .visitRecorded(HouseholdID(2), visitor: PersonID(2), note: "月初走访"), at: first.adding(hours: 8),
      actor: "王芳")
    #expect(ledger.ratedMonth(at: first.adding(hours: 9)) == RatedMonth(month: december, isCurrent: true))
    let reopened = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(reopened?.latestVisit == ledger.latestVisit)
    #expect(reopened == ledger)
  }

  @Test("January's month before is December of the year before")
  func newYear() throws {
    let ledger = try fullTeam()
    let january = CivilMonth("2027-01")!
    #expect(ledger.ratedMonth(at: january.startInChina.adding(hours: 10)).month == december)
    #expect(january.previous == december && december.previous == november)
  }
}
