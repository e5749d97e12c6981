import Foundation
import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// The dashboard on a war's state at 21:10, its feed the last 50 events, as the runner opens it.
func warApp(
  _ war: JiangsanAtWar, width: Int, height: Int, language: Language = .zh, now: Timestamp = JiangsanAtWar.now,
  isWall: Bool = false
) -> Dashboard {
  Dashboard(
    ledger: war.ledger, now: now, theme: .fallback, language: language, operatorName: "王芳", isWall: isWall,
    screenSize: Size(width: width, height: height), recent: Array(war.log.events.suffix(50)))
}

@Suite("The war view")
struct WarViewTests {
  static let war = try! JiangsanAtWar()

  @Test(
    "the header: mode, order, task, scope and countdown; reached of every household, squads, outcomes",
    arguments: [(80, 24), (160, 48), (200, 60)])
  func header(width: Int, height: Int) throws {
    var app = warApp(Self.war, width: width, height: height)
    press(&app, .character("w"))
    var lines = render(app)
    #expect(lines[1].hasPrefix("│战时 M1 全员告知：今晚集中转运 · 告知 · 江三社区 "))
    #expect(lines[1].hasSuffix(" 剩余 20:00（时限 21:30）│"))
    #expect(lines[2].hasPrefix("│已告知 1,573 / 2,688 58.5%  突击小组 出发 92 · 完成 0 · 缺员 0 · 受阻 1 / 94"))
    // The other outcomes where there is room for them; never at the cost of the squads.
    #expect(lines[2].contains("不在家 39 · 拒绝 4 · 无法联系 0 · 未报 1,072") == (width >= 160))
    for (row, line) in lines.enumerated() { #expect(TextWidth.of(line) == width, "row \(row): \(line)") }
    app.language = .en
    lines = render(app)
    #expect(lines[0].contains(" war ─ 11-21 21:10:00 ─ "))
    #expect(lines[1].hasPrefix("│war M1 全员告知：今晚集中转运 · notify · 江三社区 "))
    #expect(lines[1].hasSuffix(" left 20:00 (deadline 21:30)│"))
    #expect(
      lines[2].hasPrefix("│told 1,573 / 2,688 58.5%  squads active 92 · done 0 · short 0 · blocked 1 / 94"))
    #expect(lines[2].contains("not home 39 · refused 4 · unreachable 0 · unreported 1,072") == (width >= 160))
    for (row, line) in lines.enumerated() { #expect(TextWidth.of(line) == width, "row \(row): \(line)") }
  }

  @Test(
    "the countdown: as text while there is time, the warning colour in the last fifth, overdue with +mm:ss after",
    arguments: [
      (25.0, "剩余 20:00", StyleRole.text, false), (37, "剩余 08:00", .warn, false),
      (48, "超时 +03:00", .critical, true),
    ])
  func countdown(minutes: Double, text: String, role: StyleRole, reversed: Bool) throws {
    var app = warApp(Self.war, width: 160, height: 48, now: at(minutes))
    press(&app, .character("w"))
    let row = render(app)[1]
    #expect(row.contains(text + "（时限 21:30）"))
    let buffer = screenBuffer(of: app)
    let column = TextWidth.of(row[..<row.range(of: text)!.lowerBound])
    let cell = buffer.cell(x: column, y: 1)
    #expect(cell.style.foreground == Theme.fallback[role])
    #expect(cell.style.bold && cell.style.reverse == reversed)
  }

  @Test(
    "laggards in Core's order: the blocked squad first with its reason, the silent one next; masked phones")
  func laggards() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    press(&app, .character("w"))
    let lines = render(app)
    let top = try #require(lines.firstIndex { $0.contains("落后楼道：受阻、缺员在前，再按落后户数") })
    #expect(lines[top + 1].hasPrefix("│ 楼道              进度（│ 应达）"))
    let order = try #require(Self.war.ledger.mobilizations[Self.war.order])
    let expected = order.laggards(at: JiangsanAtWar.now)
    #expect(expected.first?.stairwell == Self.war.blocked)
    #expect(expected.dropFirst().first?.stairwell == Self.war.silent)
    let shown = lines[(top + 2)..<(lines.count - 2)]
    for (row, entry) in zip(shown, expected) {
      #expect(row.dropFirst(2).hasPrefix(Self.war.ledger.fieldName(of: entry.stairwell)), "\(row)")
    }
    #expect(shown.first!.hasPrefix("│›长江小区4幢3单元  "))
    #expect(shown.first!.contains("19/30 超前 2户     受阻：单元门禁损坏…"))
    // The silent squad: nothing reached, the bar's │ where it should be by now, 12 households
    // and at the 1·26 pace 19 minutes behind.
    #expect(shown.dropFirst().first!.contains("│ 长江小区7幢4单元  ░░░░░░░░░░░░│░░░░░░░░░  0/21 12户 19分    待命"))
    let squad = try #require(order.squad(at: Self.war.blocked))
    let head = try #require(Self.war.ledger.people[squad.members[0].person])
    #expect(shown.first!.contains(head.name + " " + head.phone.prefix(3) + "****" + head.phone.suffix(4)))
    #expect(!lines.joined().contains(head.phone))
  }

  @Test("b opens the worst laggard's stairwell with its squad and outcomes; Esc is back on the war view")
  func worstLaggard() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    press(&app, .character("w"), .character("b"))
    #expect(app.navigation.details.last == .stairwell(Self.war.blocked))
    let lines = render(app)
    #expect(lines[1].hasPrefix("│战时 M1 全员告知"), "the war header stays over the stairwell")
    #expect(lines.contains { $0.contains("┌  突击小组 · M1 · 受阻  ") })
    #expect(lines.contains { $0.contains("│受阻：单元门禁损坏，无法进入") })
    #expect(lines.contains { $0.contains("│已告知 19 / 30 63.3%  不在家 3 · 拒绝 0 · 无法联系 0 · 未报 8") })
    #expect(lines.contains { $0.contains("│401   ") && $0.hasSuffix("不在家  │") })
    press(&app, .escape)
    #expect(app.navigation.details.last == .war(Self.war.order))
    // Enter opens the selected row's stairwell too; j moves the selection.
    press(&app, .character("j"), .enter)
    #expect(app.navigation.details.last == .stairwell(Self.war.silent))
    press(&app, .escape, .escape)
    #expect(app.navigation.details.isEmpty)
  }

  @Test(
    "the outlook: Core's projection in words, its rate, the outcomes, and the rooms to revisit by stairwell")
  func outlook() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    press(&app, .character("w"))
    let lines = render(app)
    let order = try #require(Self.war.ledger.mobilizations[Self.war.order])
    let statement = order.projection(at: JiangsanAtWar.now).statement(.zh)
    // The district's recent rate alone would finish at 21:28, but one stairwell has not set out:
    // its 21 households at the middle squad's pace run 29 minutes past the deadline.
    #expect(statement == "预计超时 29 分（21:58 完成）")
    #expect(lines[5].contains("││\(statement)  "))
    #expect(lines.contains { $0.contains("││近 4 分 30 秒 每分钟 61.1 户") })
    #expect(lines.contains { $0.contains("││不在家 待复访 39 户") })
    #expect(lines.contains { $0.contains("││长江小区4幢3单元 401 702 1102") })
  }

  @Test("several orders: a numbered tab each, Tab and the numbers switch; a closed one shows its report")
  func orders() throws {
    var war = Self.war
    let compound = place(named: "长江小区", in: war.ledger)
    try war.log.append(
      issue(2, over: compound, in: war.ledger, title: "核酸采样", minutes: 60, at: at(20), drill: true),
      at: at(20))
    try war.log.append(.mobilizationClosed(MobilizationID(2), .stoodDown, note: "演练结束"), at: at(24))
    try war.log.append(issue(3, over: compound, in: war.ledger, title: "送物资", at: at(24)), at: at(24))
    var app = warApp(war, width: 160, height: 48)
    press(&app, .character("w"))
    var lines = render(app)
    #expect(lines[4].hasPrefix(" 1 M1 全员告知：今晚集中转运 │ 2 M3 送物资 │ 3 M2 演练 核酸采样 复盘 "))
    press(&app, .tab)
    #expect(app.navigation.details.last == .war(MobilizationID(3)))
    press(&app, .character("3"))
    lines = render(app)
    #expect(lines[1].hasPrefix("│复盘 M2 核酸采样 · 告知 · 长江小区 "))
    #expect(lines[1].hasSuffix(" 已解除 21:09│"))
    #expect(lines.contains { $0.contains("┌  复盘 · 经过  ") })
    #expect(lines.contains { $0.contains("21:09 王芳 动员令解除：演练结束") })
    press(&app, .backTab)
    #expect(app.navigation.details.last == .war(MobilizationID(3)))
    press(&app, .escape)
    #expect(app.navigation.details.isEmpty)
  }

  @Test("w where no order was ever issued says so and stays on the map")
  func noOrder() throws {
    var app = dashboard(try chunjiang().ledger, width: 120, height: 40)
    press(&app, .character("w"))
    #expect(app.navigation.details.isEmpty)
    #expect(render(app).last!.contains("此处没有动员令"))
  }
}
