import Foundation
import Testing
import WeigeTestSupport

@testable import WeigeCore

@Suite("The field as events: orders, squads, households reached")
struct MobilizationTests {
  let ground: WarGround

  init() throws { ground = try WarGround() }

  @Test(
    "squads: the stairwell's team first, its reserves for a vacancy, then the grid's; fewer than three short-handed"
  )
  func squadFormation() throws {
    let squads = ground.ledger.formSquads(for: WarGround.community)
    #expect(
      squads.map(\.stairwell) == [WarGround.unit1, WarGround.unit2, WarGround.unit3, WarGround.westUnit])
    // 1单元: head, information, logistics; its reserve 赵四 is not needed there.
    #expect(squads[0].members == [PersonID(1), PersonID(2), PersonID(3)])
    // 2单元 has no logistics officer: its first reserve, 孙七, fills the post.
    #expect(squads[1].members == [PersonID(5), PersonID(6), PersonID(7)])
    // 3单元 has only its head: the grid's spare reserves (赵四 of 1单元, 周九 of 2单元) fill it.
    #expect(squads[2].members == [PersonID(8), PersonID(4), PersonID(9)])
    // 长江西苑's grid has nobody to spare.
    #expect(squads[3].members == [PersonID(10)])
    #expect(ground.ledger.formSquads(for: WarGround.peaceUnit).map(\.members) == [[PersonID(11)]])

    let ledger = try ground.atWar()
    let order = try #require(ledger.mobilizations[MobilizationID(1)])
    #expect(order.squadCounts.squads == 4)
    #expect(order.squadCounts.standingBy == 4)
    #expect(order.squadCounts.shortHanded == 1)
    #expect(order.squad(at: WarGround.westUnit)?.isShortHanded == true)
    #expect(order.issuedBy == "王芳")
    #expect(order.issuedAt == pinnedNow)
  }

  @Test("squads are recorded in the order: a later change of the team rewrites nothing")
  func squadsAreHistory() throws {
    var ledger = try ground.atWar()
    try ledger.execute(
      .roleVacated(PersonID(3), RoleAssignment(role: "logistics", place: WarGround.unit1), reason: "搬离本楼道"),
      at: minute(1), actor: "王芳")
    #expect(
      ledger.mobilizations[MobilizationID(1)]?.squad(at: WarGround.unit1)?.members.map(\.person) == [
        PersonID(1), PersonID(2), PersonID(3),
      ])
    // A fresh formation would take the reserve instead; the recorded squad does not change.
    #expect(ledger.formSquads(for: WarGround.unit1).first?.members.contains(PersonID(3)) == false)
  }

  @Test("an open order puts its scope at war; the last order over a place closing returns it to peace")
  func peaceAndWar() throws {
    var ledger = ground.ledger
    #expect(ledger.warState(of: WarGround.unit1) == .peace)
    try ledger.execute(ground.order(), at: pinnedNow, actor: "王芳")
    for place in [WarGround.community, WarGround.compound, WarGround.unit1, WarGround.westUnit] {
      #expect(ledger.isAtWar(place))
      #expect(ledger.mobilizations(covering: place).map(\.id) == [MobilizationID(1)])
    }
    #expect(!ledger.isAtWar(WarGround.peaceUnit))
    #expect(ledger.mobilizations(within: PlaceID(12)).isEmpty)
    #expect(ledger.mobilizations(within: WarGround.community).map(\.id) == [MobilizationID(1)])
    try ledger.execute(
      .mobilizationClosed(MobilizationID(1), .stoodDown, note: "风险解除"), at: minute(10), actor: "王芳")
    #expect(ledger.warState(of: WarGround.unit1) == .peace)
    #expect(ledger.openMobilizations.isEmpty)
    #expect(ledger.mobilizations[MobilizationID(1)]?.closing == .stoodDown)
    #expect(ledger.mobilizations[MobilizationID(1)]?.closedAt == minute(10))
  }

  @Test(
    "nested scopes: an order inside another takes whoever is free; closing the inner keeps the outer at war")
  func nestedScopes() throws {
    var ledger = try ground.atWar()
    // Everyone of 长江小区 serves in the community order's squads: the inner order's squads are empty.
    let inner = ground.order(2, over: WarGround.compound, title: "核酸采样", in: ledger)
    guard case .mobilizationIssued(let issued) = inner else { return }
    #expect(issued.squads.map(\.members) == [[], [], []])
    try ledger.execute(inner, at: minute(1), actor: "王芳")
    #expect(
      ledger.mobilizations(covering: WarGround.unit1).map(\.id) == [MobilizationID(1), MobilizationID(2)])
    #expect(ledger.mobilizations(covering: WarGround.westUnit).map(\.id) == [MobilizationID(1)])
    // 1单元's squad is done with the outer order: its people may serve the inner one.
    try ledger.execute(
      .squadStatusChanged(MobilizationID(1), stairwell: WarGround.unit1, status: .done, note: ""),
      at: minute(2),
      actor: "王芳")
    try ledger.execute(
      .squadAttached(MobilizationID(2), stairwell: WarGround.unit1, person: PersonID(1)), at: minute(3),
      actor: "王芳")
    try ledger.execute(
      .mobilizationClosed(MobilizationID(2), .completed, note: ""), at: minute(4), actor: "王芳")
    #expect(ledger.warState(of: WarGround.unit1) == .war)
    #expect(ledger.mobilizations(covering: WarGround.unit1).map(\.id) == [MobilizationID(1)])
    // A drill over the peaceful community is a drill there, and war stays war where it was.
    try ledger.execute(
      ground.order(3, over: PlaceID(12), title: "演练", drill: true, in: ledger), at: minute(5), actor: "王芳")
    #expect(ledger.warState(of: WarGround.peaceUnit) == .drill)
    #expect(ledger.isAtWar(WarGround.peaceUnit))
    #expect(ledger.warState(of: WarGround.unit1) == .war)
  }

  @Test("a later report replaces an earlier one; every figure keeps all households in its denominator")
  func outcomesAndDenominator() throws {
    var ledger = try ground.atWar()
    let id = MobilizationID(1)
    let h302 = ground.household(WarGround.unit2, "302")
    try ledger.execute(
      .householdsReported(id, [HouseholdReport(household: h302, outcome: .notHome)]), at: minute(3),
      actor: "刘洋")
    var order = try #require(ledger.mobilizations[id])
    #expect(order.tally.households == 12)
    #expect(order.tally.notHome == 1)
    #expect(order.tally.reached == 0)
    #expect(order.tally.outstanding == 12)
    #expect(order.squad(at: WarGround.unit2)?.status == .active)
    #expect(order.squadCounts.active == 1 && order.squadCounts.standingBy == 3)
    try ledger.execute(
      .householdsReported(id, [HouseholdReport(household: h302, outcome: .reached)]), at: minute(9),
      actor: "陈静")
    order = try #require(ledger.mobilizations[id])
    #expect(
      order.outcome(of: h302) == HouseholdOutcomeRecord(outcome: .reached, time: minute(9), reporter: "陈静"))
    #expect(order.tally.notHome == 0)
    #expect(order.tally.reached == 1)
    #expect(order.squad(at: WarGround.unit2)?.tally.reached == 1)
    #expect(order.squad(at: WarGround.unit2)?.tally.households == 5)
    #expect(order.curve.reached(at: minute(8)) == 0)
    #expect(order.curve.reached(at: minute(9)) == 1)
    #expect(order.tally.reachedShare == 1.0 / 12)

    // The whole stairwell at once: all reached except 302 not home and 401 refused.
    let spec = try ReachSpec(parsing: ["all", "except", "302", "notHome", "401", "refused"])
    let reports = try ledger.reports(spec, in: WarGround.unit2)
    #expect(reports.count == 5)
    try ledger.execute(.householdsReported(id, reports), at: minute(12), actor: "刘洋")
    order = try #require(ledger.mobilizations[id])
    let unit2 = try #require(order.squad(at: WarGround.unit2))
    #expect(unit2.tally.reached == 3)
    #expect(unit2.tally.notHome == 1)
    #expect(unit2.tally.refused == 1)
    #expect(unit2.tally.outstanding == 1)
    #expect(unit2.finishedAt == nil)
    #expect(order.tally.reached == 3)
    #expect(order.tally.households == 12)
    #expect(order.tally.unreported == 7)
    #expect(order.curve.reached(at: minute(12)) == 3)

    // A household registered in a stairwell of the order joins the denominator.
    try ledger.execute(
      .householdRegistered(
        Household(
          id: HouseholdID(99), stairwell: WarGround.unit3, room: "102", residents: 1, aged60Plus: 0,
          contactName: "新住户", contactPhone: "", flags: [])), at: minute(13), actor: "底数导入")
    #expect(ledger.mobilizations[id]?.tally.households == 13)
    #expect(ledger.mobilizations[id]?.squad(at: WarGround.unit3)?.tally.households == 2)
  }

  @Test("an order is done when no household is left to visit, and undone when one comes back")
  func finishing() throws {
    var ledger = try ground.atWar()
    let id = MobilizationID(1)
    for (stairwell, time) in [
      (WarGround.unit1, 10.0), (WarGround.unit2, 20), (WarGround.unit3, 30), (WarGround.westUnit, 40),
    ] {
      let reports = try ledger.reports(try ReachSpec(parsing: ["all"]), in: stairwell)
      try ledger.execute(.householdsReported(id, reports), at: minute(time), actor: "刘洋")
    }
    var order = try #require(ledger.mobilizations[id])
    #expect(order.finishedAt == minute(40))
    #expect(order.squad(at: WarGround.unit1)?.finishedAt == minute(10))
    #expect(order.projection(at: minute(50)).statement(.zh) == "已于 21:25 完成，比时限早 5 分")
    let h101 = ground.household(WarGround.westUnit, "101")
    try ledger.execute(
      .householdsReported(id, [HouseholdReport(household: h101, outcome: .notHome)]), at: minute(41),
      actor: "郑霞")
    order = try #require(ledger.mobilizations[id])
    #expect(order.finishedAt == nil)
    #expect(order.squad(at: WarGround.westUnit)?.finishedAt == nil)
    try ledger.execute(
      .householdsReported(id, [HouseholdReport(household: h101, outcome: .refused)]), at: minute(42),
      actor: "郑霞")
    order = try #require(ledger.mobilizations[id])
    #expect(order.finishedAt == minute(42))
    #expect(order.tally.reached == 11)
    #expect(order.curve.reached(at: minute(40)) == 12)
    #expect(order.curve.reached(at: minute(42)) == 11)
  }

  @Test("nothing of an order, drill or war, changes the peace-time figures")
  func peaceTimeFiguresUntouched() throws {
    for drill in [true, false] {
      let before = ground.ledger.baseline(of: nil, now: minute(60))
      var ledger = try ground.atWar(drill: drill)
      let id = MobilizationID(1)
      for stairwell in [WarGround.unit1, WarGround.unit2] {
        try ledger.execute(
          .householdsReported(id, try ledger.reports(try ReachSpec(parsing: ["all"]), in: stairwell)),
          at: minute(5), actor: "刘洋")
      }
      try ledger.execute(
        .squadStatusChanged(id, stairwell: WarGround.unit3, status: .blocked, note: "单元门损坏"), at: minute(6),
        actor: "王芳")
      try ledger.execute(.deadlineExtended(id, to: minute(60), reason: "雨天"), at: minute(7), actor: "王芳")
      try ledger.execute(.mobilizationClosed(id, .completed, note: ""), at: minute(50), actor: "王芳")
      #expect(ledger.baseline(of: nil, now: minute(60)) == before)
      #expect(ledger.households.values.allSatisfy { $0.lastVisit == nil })
      #expect(ledger.mobilizations[id]?.isDrill == drill)
    }
  }

  @Test(
    "the countdown turns to warning in the last fifth and overdue after; the deadline spans and moments parse"
  )
  func countdownAndDeadlines() throws {
    let order = try #require(try ground.atWar().mobilizations[MobilizationID(1)])
    #expect(order.countdown(at: minute(0)).text == "45:00")
    #expect(order.countdown(at: minute(35.9)).phase == .running)
    #expect(order.countdown(at: minute(36)).phase == .warning)
    #expect(order.countdown(at: minute(44.5)).text == "00:30")
    #expect(order.countdown(at: minute(47.25)).phase == .overdue)
    #expect(order.countdown(at: minute(47.25)).text == "+02:15")
    #expect(Countdown(millisecondsLeft: 3_723_000, phase: .running).text == "1:02:03")

    #expect(try DeadlineSpec(parsing: "45m") == .within(milliseconds: 2_700_000))
    #expect(try DeadlineSpec(parsing: "1h30m") == .within(milliseconds: 5_400_000))
    #expect(try DeadlineSpec(parsing: "45分钟") == .within(milliseconds: 2_700_000))
    #expect(try DeadlineSpec(parsing: "90s") == .within(milliseconds: 90_000))
    // 21:30 after an issue at 20:45 is the same evening; 08:00 is the next morning.
    #expect(Deadline.order(issuedAt: pinnedNow, try DeadlineSpec(parsing: "21:30")) == minute(45))
    #expect(Deadline.order(issuedAt: pinnedNow, try DeadlineSpec(parsing: "08:00")) == minute(675))
    #expect(Deadline.order(issuedAt: pinnedNow, try DeadlineSpec(parsing: "2026-11-21 22:45")) == minute(120))
    #expect(Deadline.extended(minute(45), try DeadlineSpec(parsing: "15m")) == minute(60))
    for bad in ["45x", "0m", "25:00", "", "m45", "2026-13-01 10:00"] {
      #expect(throws: DomainError.self, "\(bad)") { try DeadlineSpec(parsing: bad) }
    }
  }

  @Test("reports as squads phone them in: all, all done except, single rooms, in Chinese too")
  func reachSpecs() throws {
    let ledger = ground.ledger
    func outcomes(_ words: String) throws(DomainError) -> [String: HouseholdOutcome] {
      let reports = try ledger.reports(
        try ReachSpec(parsing: words.split(separator: " ").map(String.init)), in: WarGround.unit2)
      return Dictionary(
        uniqueKeysWithValues: reports.map { (ledger.households[$0.household]!.room, $0.outcome) })
    }
    #expect(try outcomes("all").values.allSatisfy { $0 == .reached })
    #expect(try outcomes("all").count == 5)
    #expect(
      try outcomes("all done except 302 not-home and 401 refused")
        == ["101": .reached, "102": .reached, "301": .reached, "302": .notHome, "401": .refused])
    #expect(
      try outcomes("all except 302") == ["101": .reached, "102": .reached, "301": .reached, "401": .reached])
    #expect(
      try outcomes("全部 除 302室 不在家") == [
        "101": .reached, "102": .reached, "301": .reached, "302": .notHome, "401": .reached,
      ])
    #expect(try outcomes("302 notHome") == ["302": .notHome])
    #expect(try outcomes("302") == ["302": .reached])
    #expect(try outcomes("101,102 unreachable") == ["101": .reached, "102": .unreachable])
    #expect(try outcomes("all notHome").values.allSatisfy { $0 == .notHome })
    for (bad, english) in [
      ("", "names its households"), ("all 302", "after 'all'"), ("all except", "needs the rooms"),
      ("notHome", "needs a room before it"), ("902 refused", "there is no room 902 in 长江小区3幢2单元"),
      ("302 302", "named twice"),
    ] {
      do {
        _ = try outcomes(bad)
        Issue.record("'\(bad)' was accepted")
      } catch {
        #expect(error.english.contains(english), "\(bad): \(error.english)")
      }
    }
    #expect(throws: DomainError.self) {
      try ledger.reports(try ReachSpec(parsing: ["all"]), in: WarGround.compound)
    }
  }

  @Test("every event kind and its summary in both languages; a drill's every line says 演练")
  func summaries() throws {
    var ledger = try ground.atWar(drill: true)
    let id = MobilizationID(1)
    let h302 = ground.household(WarGround.unit2, "302")
    let issued = ground.order(drill: true)
    #expect(
      issued.summary(in: ledger)
        == "演练 动员令 M1 全员告知：今晚集中转运 · 告知 · 江三社区 · 时限 21:30 · 突击小组 4 个（缺员 1）")
    #expect(
      issued.summary(in: ledger, language: .en)
        == "drill mobilization order (动员令) M1 全员告知：今晚集中转运 · notify · 江三社区 · deadline 21:30 · 4 squads (1 short-handed)"
    )
    let report = EventBody.householdsReported(id, [HouseholdReport(household: h302, outcome: .reached)])
    #expect(report.summary(in: ledger) == "演练 M1 长江小区3幢2单元 302室 已告知")
    #expect(report.summary(in: ledger, language: .en) == "drill M1 长江小区3幢2单元 302 told")
    let bulk = EventBody.householdsReported(
      id,
      try ledger.reports(try ReachSpec(parsing: ["all", "except", "302", "notHome"]), in: WarGround.unit2))
    #expect(bulk.summary(in: ledger) == "演练 M1 长江小区3幢2单元 上报 5 户：已告知 4、不在家 1")
    #expect(
      EventBody.squadStatusChanged(id, stairwell: WarGround.unit3, status: .blocked, note: "单元门损坏").summary(
        in: ledger)
        == "演练 M1 长江小区3幢3单元 突击小组 受阻：单元门损坏")
    #expect(
      EventBody.squadAttached(id, stairwell: WarGround.westUnit, person: PersonID(12)).summary(
        in: ledger, language: .en)
        == "drill M1 长江西苑1幢1单元 squad reinforced by 冯立")
    #expect(
      EventBody.deadlineExtended(id, to: minute(60), reason: "雨天").summary(in: ledger) == "演练 M1 延期至 21:45：雨天"
    )
    #expect(
      EventBody.mobilizationClosed(id, .stoodDown, note: "").summary(in: ledger, language: .en)
        == "drill M1 stood down")
    try ledger.execute(report, at: minute(1), actor: "刘洋")
    #expect(EventKind.householdsReported.name == "households.reported")
    #expect(EventKind(name: "mobilization.issued") == .mobilizationIssued)
    #expect(report.stream == "mobilization-1")
    #expect(report.mobilizationID == id)
    #expect(ledger.versions[.mobilization(id)] == 2)
    #expect(ledger.nextMobilizationID == MobilizationID(2))
    #expect(MobilizationID(typed: "m7") == MobilizationID(7))
    #expect(MobilizationID(typed: "mobilization-7") == MobilizationID(7))
    #expect(MobilizationID(typed: "7") == MobilizationID(7))
    #expect(MobilizationID(typed: "M") == nil && MobilizationID(typed: "M-1") == nil)
  }
}
