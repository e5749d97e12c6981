import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// War where the operator looks: the mode in the header, the map's mobilization lens, a drill's
/// watermark and feed, and a wall that shows the war view by itself.
@Suite("War and drill on every screen")
struct WarModeTests {
  static let war = try! JiangsanAtWar()
  static let drill = try! JiangsanAtWar(drill: true)

  @Test("the mode comes from the ledger where the operator looks; the header names the order and its key")
  func mode() throws {
    var app = warApp(Self.war, width: 160, height: 48)
    #expect(app.mode == .war)
    let lines = render(app)
    #expect(lines[0].hasSuffix("  战时 ─ 11-21 21:10:00 ─ 操作 王芳  ┐"))
    #expect(lines[2].contains("   战时 M1 全员告知：今晚集中转运（w 查看）"))
    // Outside the order's scope, at peace; the district above it says an order is open inside.
    press(&app, .escape)
    #expect(app.mode == .peace)
    #expect(render(app)[2].contains("   战时 M1 全员告知：今晚集中转运（w 查看）"))
    #expect(warApp(Self.drill, width: 160, height: 48).mode == .drill)
    #expect(dashboard(try jiangsan(), width: 160, height: 48).mode == .peace)
  }

  @Test("the mobilization lens: offered only while an order is open; a tile is its stairwell's share reached")
  func mobilizationLens() throws {
    var peace = dashboard(try jiangsan(), width: 160, height: 48)
    press(&peace, .character("6"))
    #expect(peace.lens == .openTickets)
    press(&peace, .character(":"))
    type("lens ", into: &peace)
    #expect(!(peace.palette.input?.rows.contains { $0.text.contains("动员进度") } ?? true))

    var app = warApp(Self.war, width: 160, height: 48)
    press(&app, .character("6"))
    #expect(app.lens == .mobilization)
    let order = try #require(Self.war.ledger.mobilizations[Self.war.order])
    let units = app.map().units
    let classes = app.tileClasses()
    for (unit, step) in zip(units, classes) {
      let tally = try #require(order.squad(at: unit.place)).tally
      let expected =
        tally.settled == tally.households
        ? 0
        : tally.reached * 4 >= tally.households * 3
          ? 1
          : tally.reached * 2 >= tally.households
            ? 2
            : tally.reached * 4 >= tally.households ? 3 : 4
      #expect(step == expected, "\(Self.war.ledger.fieldName(of: unit.place))")
    }
    let finished = try #require(units.firstIndex { $0.place == Self.war.finished })
    let silent = try #require(units.firstIndex { $0.place == Self.war.silent })
    #expect(classes[finished] == 0 && classes[silent] == 4)
    let lines = render(app)
    #expect(lines[4].contains("┌  全域图 · 动员进度  ─") && lines[4].contains("  进度 58%  ┐"))
    #expect(lines[5].hasPrefix("│□ 完成  ▪ ≥75%  ■ ≥50%  ▲ ≥25%  ✖ <25%"))
    // The silent stairwell's wide tile counts its 21 households to visit; a done one is in the
    // done colour.
    #expect(lines.contains { $0.contains("✖21") })
    let buffer = screenBuffer(of: app)
    let done = (0..<buffer.area.height).flatMap { y in (0..<80).map { buffer.cell(x: $0, y: y) } }.filter {
      $0.symbol == "□" && $0.style.foreground == Theme.fallback[.ok]
    }
    #expect(done.count == 2, "the legend's □ and the finished stairwell's tile")
    // When the order closes, the lens goes with it.
    var war = Self.war
    try war.log.append(.mobilizationClosed(war.order, .completed, note: ""), at: JiangsanAtWar.now)
    _ = app.update(.message(.events(Array(war.log.events.suffix(1)))))
    #expect(app.lens == .openTickets)
  }

  @Test("a drill is watermarked 演练 on the dashboard, the war view, a stairwell and its report; war is not")
  func drillWatermark() throws {
    let watermarked = { (app: Dashboard) -> Bool in
      let buffer = screenBuffer(of: app)
      return (4..<(buffer.area.height - 1)).contains { y in
        (0..<buffer.area.width).contains { x in
          buffer.cell(x: x, y: y).symbol == "演"
            && buffer.cell(x: x, y: y).style.foreground == Theme.fallback[.drillWatermark]
        }
      }
    }
    var app = warApp(Self.drill, width: 160, height: 48)
    #expect(watermarked(app))
    press(&app, .character("w"))
    #expect(render(app)[1].hasPrefix("│演练 M1 全员告知：今晚集中转运"))
    #expect(watermarked(app))
    press(&app, .character("b"))
    #expect(watermarked(app))
    var drill = Self.drill
    try drill.log.append(.mobilizationClosed(drill.order, .completed, note: ""), at: JiangsanAtWar.now)
    var report = warApp(drill, width: 160, height: 48)
    press(&report, .character("w"))
    #expect(render(report)[1].hasPrefix("│复盘 M1 "))
    #expect(watermarked(report))
    // In English too; and never on a real war's screens.
    app.language = .en
    #expect(render(app).joined().contains("DRILL"))
    var war = warApp(Self.war, width: 160, height: 48)
    #expect(!watermarked(war))
    press(&war, .character("w"))
    #expect(!watermarked(war))
  }

  @Test("every feed line of a drill order starts with 演练 (drill), as Core words it")
  func drillFeed() throws {
    let lines = render(warApp(Self.drill, width: 160, height: 48))
    let feed = lines.filter { $0.contains("││2") && $0.contains("M1 ") }
    #expect(!feed.isEmpty)
    for line in feed { #expect(line.contains(" 演练 M1 "), "\(line)") }
    let english = render(warApp(Self.drill, width: 160, height: 48, language: .en))
    #expect(english.contains { $0.contains(" drill M1 ") })
  }

  @Test("an order that closes: the war view on screen becomes its report; elsewhere the footer says so")
  func closing() throws {
    var war = Self.war
    var watching = warApp(war, width: 160, height: 48)
    var elsewhere = watching
    press(&watching, .character("w"))
    let seen = war.log.events.count
    try war.log.append(.mobilizationClosed(war.order, .completed, note: ""), at: JiangsanAtWar.now)
    let closed = Array(war.log.events.suffix(from: seen))
    _ = watching.update(.message(.events(closed)))
    #expect(render(watching)[1].hasPrefix("│复盘 M1 全员告知：今晚集中转运"))
    let report = try #require(
      war.ledger.afterActionReport(of: war.order, at: JiangsanAtWar.now, language: .zh))
    #expect(render(watching)[2].contains(report.finish))
    _ = elsewhere.update(.message(.events(closed)))
    #expect(render(elsewhere).last!.contains("动员令 M1 完成 · 复盘：w"))
    #expect(elsewhere.mode == .peace)
    press(&elsewhere, .character("w"))
    #expect(render(elsewhere)[1].hasPrefix("│复盘 M1 "))
  }

  @Test("a wall shows the war view while an order is open where it looks, and its map when none is")
  func wall() throws {
    var war = Self.war
    var app = warApp(war, width: 160, height: 48, isWall: true)
    #expect(app.navigation.details == [.war(war.order)])
    #expect(render(app)[1].hasPrefix("│战时 M1 全员告知"))
    let seen = war.log.events.count
    try war.log.append(.mobilizationClosed(war.order, .completed, note: ""), at: JiangsanAtWar.now)
    _ = app.update(.message(.events(Array(war.log.events.suffix(from: seen)))))
    #expect(app.navigation.details.isEmpty)
    #expect(render(app)[4].contains("全域图"))
    let compound = place(named: "长江小区", in: war.ledger)
    try war.log.append(issue(2, over: compound, in: war.ledger, title: "送物资", at: at(25)), at: at(25))
    _ = app.update(.message(.events(Array(war.log.events.suffix(1)))))
    #expect(app.navigation.details == [.war(MobilizationID(2))])
    // Its keys only look: Tab to another order, b to a stairwell; no palette.
    press(&app, .character("r"))
    #expect(app.palette.input == nil)
  }
}
