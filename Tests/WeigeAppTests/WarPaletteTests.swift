import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// The war room's palette commands: each builds Core's events, validated by Core on the state it
/// was decided on, expected at that state's stream versions; a refusal stays in the palette.
@Suite("The war room's palette commands")
struct WarPaletteTests {
  static let peace = try! jiangsan()
  static let war = try! JiangsanAtWar()

  /// Runs a palette line: `:`, then each part typed and taken with Enter.
  func run(_ app: inout Dashboard, _ command: String, _ parts: [String]) -> [DashboardEffect] {
    press(&app, .character(":"))
    type(command + " ", into: &app)
    var effects: [DashboardEffect] = []
    for part in parts {
      type(part, into: &app)
      effects += press(&app, .enter)
    }
    return effects
  }

  /// The one append among `effects`.
  func appended(_ effects: [DashboardEffect]) throws -> (
    events: [NewEvent], expected: [String: Int], summary: String
  ) {
    let appends = storeAppends(in: effects)
    try #require(appends.count == 1, "one append, not \(appends.count)")
    return appends[0]
  }

  @Test("mobilize SCOPE TASK DEADLINE TITLE issues M1 with the squads Core forms, 45m from now")
  func mobilize() throws {
    var app = dashboard(Self.peace, width: 160, height: 48)
    let effects = run(&app, "mobilize", ["jssq", "notify", "45m", "全员告知：今晚集中转运"])
    #expect(app.palette.input == nil)
    let (events, expected, summary) = try appended(effects)
    let community = place(named: "江三社区", in: Self.peace)
    #expect(events.map(\.body) == [issue(over: community, in: Self.peace)])
    #expect(expected == ["mobilization-1": 0], "a new order's stream is expected not to exist yet")
    #expect(summary == "动员令 M1 全员告知：今晚集中转运 · 告知 · 江三社区 · 时限 21:30 · 突击小组 94 个")
    // A time is the next such time; a drill is the same order marked 演练.
    var drill = dashboard(Self.peace, width: 160, height: 48)
    let drilled = try appended(run(&drill, "drill", ["cjxq", "sample", "21:50", "核酸演练"]))
    guard case .mobilizationIssued(let order) = drilled.events.first?.body else { throw Failure("no order") }
    #expect(order.isDrill && order.task.id == "sample" && order.deadline == at(65))
    #expect(order.scope == place(named: "长江小区", in: Self.peace))
    #expect(drilled.summary.hasPrefix("演练 动员令 M1 核酸演练 · 核酸 · 长江小区"))
  }

  @Test("mobilize offers the room's own tasks (a flood's 排查 and 转移), not the lockdown's")
  func roomsOwnTasks() throws {
    var ledger = Self.peace
    let flood = floodTasks
    try ledger.execute(.taskCatalogueDefined(flood), at: at(0), actor: "王芳")
    var app = dashboard(ledger, width: 160, height: 48)
    press(&app, .character(":"))
    type("mobilize jssq", into: &app)
    press(&app, .enter)
    #expect(app.palette.input?.rows.map(\.text) == ["check 排查", "evacuate 转移"])
    press(&app, .escape)
    let effects = run(&app, "mobilize", ["jssq", "evacuate", "2h", "防汛转移"])
    let (events, _, summary) = try appended(effects)
    guard case .mobilizationIssued(let order) = events.first?.body else { throw Failure("no order") }
    #expect(order.task == flood.tasks[1])
    #expect(summary.hasPrefix("动员令 M1 防汛转移 · 转移 · 江三社区"))
  }

  @Test("mobilize refusals: a deadline it cannot read, a second open order of the same title and scope")
  func mobilizeRefused() throws {
    var app = dashboard(Self.peace, width: 160, height: 48)
    var effects = run(&app, "mobilize", ["jssq", "notify", "soon", "全员告知：今晚集中转运"])
    #expect(storeAppends(in: effects).isEmpty)
    #expect(app.palette.input?.error == "'soon' 不是时长（45m、1h30m、45分钟）或时刻（21:30、2026-11-21 21:30）")
    var war = warApp(Self.war, width: 160, height: 48)
    effects = run(&war, "mobilize", ["jssq", "notify", "45m", "全员告知：今晚集中转运"])
    #expect(storeAppends(in: effects).isEmpty)
    #expect(war.palette.input?.error == "江三社区 已有进行中的动员令 M1「全员告知：今晚集中转运」")
  }

  @Test("reach STAIRWELL all except 401 notHome 1102 refused: one event for the stairwell, Core's reports")
  func reachStairwell() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    let ledger = Self.war.ledger
    let effects = run(&app, "reach", ["cjxq 4 3", "all except 401 notHome 1102 refused"])
    let (events, expected, summary) = try appended(effects)
    let reports = try ledger.reports(
      ReachSpec(parsing: ["all", "except", "401", "notHome", "1102", "refused"]), in: Self.war.blocked)
    #expect(events.map(\.body) == [.householdsReported(Self.war.order, reports)])
    #expect(reports.count == 30 && reports.filter { $0.outcome == .reached }.count == 28)
    #expect(expected == ["mobilization-1": ledger.versions[.mobilization(Self.war.order)]])
    #expect(summary == "M1 长江小区4幢3单元 上报 30 户：已告知 28、不在家 1、拒绝 1")
  }

  @Test("reach HOUSEHOLD OUTCOME: one household of the order")
  func reachHousehold() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    let effects = run(&app, "reach", ["cjxq 4 3 401", "不在家"])
    let home = try #require(
      Self.war.ledger.householdsByStairwell[Self.war.blocked]?.first {
        Self.war.ledger.households[$0]?.room == "401"
      })
    #expect(
      try appended(effects).events.map(\.body) == [
        .householdsReported(Self.war.order, [HouseholdReport(household: home, outcome: .notHome)])
      ])
  }

  @Test("reach refusals: a room the stairwell lacks, an outcome it cannot read, a stairwell no order covers")
  func reachRefused() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    _ = run(&app, "reach", ["cjxq 4 3", "all except 9901 notHome"])
    #expect(app.palette.input?.error == "长江小区4幢3单元 没有 9901室")
    press(&app, .escape)
    _ = run(&app, "reach", ["cjxq 4 3 401", "maybe"])
    #expect(app.palette.input?.error?.hasPrefix("'maybe' 不是上报结果") == true)
    var peace = dashboard(Self.peace, width: 160, height: 48)
    let effects = run(&peace, "reach", ["cjxq 4 3", "all"])
    #expect(storeAppends(in: effects).isEmpty)
    #expect(peace.palette.input?.error == "长江小区4幢3单元 没有进行中的动员令")
  }

  @Test("from the war view: a reinforces the selected squad, s sets it out again, e extends, each one event")
  func warKeys() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    press(&app, .character("w"))
    // The blocked squad is selected; its own reserve comes first among the people offered.
    press(&app, .character("a"))
    #expect(render(app).contains { $0.contains("┃: attach › 长江小区4幢3单元 › ▏") })
    type("wjt", into: &app)
    let reserve = try #require(Self.war.ledger.people.values.first { $0.name == "王静桐" })
    var sent = try appended(press(&app, .enter))
    #expect(
      sent.events.map(\.body) == [
        .squadAttached(Self.war.order, stairwell: Self.war.blocked, person: reserve.id)
      ])
    #expect(sent.summary == "M1 长江小区4幢3单元 突击小组 增援 王静桐")
    // Setting out again asks for no reason; a block does.
    press(&app, .character("s"))
    type("active", into: &app)
    sent = try appended(press(&app, .enter))
    #expect(
      sent.events.map(\.body) == [
        .squadStatusChanged(Self.war.order, stairwell: Self.war.blocked, status: .active, note: "")
      ])
    press(&app, .character("j"), .character("s"))
    type("blocked", into: &app)
    #expect(press(&app, .enter).isEmpty)
    #expect(render(app).contains { $0.contains("受阻原因（Enter 确定）") })
    type("电梯停运", into: &app)
    sent = try appended(press(&app, .enter))
    #expect(
      sent.events.map(\.body) == [
        .squadStatusChanged(Self.war.order, stairwell: Self.war.silent, status: .blocked, note: "电梯停运")
      ])
    press(&app, .character("e"))
    type("15m", into: &app)
    press(&app, .enter)
    type("楼栋多、老人多", into: &app)
    sent = try appended(press(&app, .enter))
    #expect(sent.events.map(\.body) == [.deadlineExtended(Self.war.order, to: at(60), reason: "楼栋多、老人多")])
    #expect(sent.summary == "M1 延期至 21:45：楼栋多、老人多")
  }

  @Test("standdown and complete close the order; once it is closed, a report for its ground is refused")
  func closing() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    var sent = try appended(run(&app, "standdown", ["", "转运车辆提前到达"]))
    #expect(sent.events.map(\.body) == [.mobilizationClosed(Self.war.order, .stoodDown, note: "转运车辆提前到达")])
    sent = try appended(run(&app, "complete", [""]))
    #expect(sent.events.map(\.body) == [.mobilizationClosed(Self.war.order, .completed, note: "")])
    // Once the close comes back from the store, a report on the order is refused.
    var war = Self.war
    try war.log.append(.mobilizationClosed(war.order, .completed, note: ""), at: JiangsanAtWar.now)
    var closed = warApp(war, width: 160, height: 48)
    _ = run(&closed, "reach", ["cjxq 4 3", "all"])
    #expect(closed.palette.input?.error == "长江小区4幢3单元 没有进行中的动员令")
  }

  @Test("the commands are found by their Chinese names' initials, as the others are")
  func chineseNames() {
    for (query, command) in [
      ("fbdyl", "mobilize"), ("sbzh", "reach"), ("zytjxz", "attach"), ("dylyq", "extend"),
    ] {
      var app = dashboard(Self.peace, width: 120, height: 40)
      press(&app, .character(":"))
      type(query, into: &app)
      #expect(app.palette.input?.rows.first?.text.hasPrefix(command + " ") == true, "\(query)")
    }
  }
}
