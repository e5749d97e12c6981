import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

@Suite("The screen says when it is not live, and when the store was replaced")
struct LivenessTests {
  @Test("a follower that stopped puts 未实时 and the time in the header until it follows again")
  func notLive() throws {
    var app = dashboard(try chunjiang().ledger, width: 120, height: 40)
    #expect(render(app)[0].hasSuffix(" 平时 ─ 11-21 20:45:00 ─ 操作 王芳  ┐"))
    _ = app.update(.message(.followStopped(since: pinnedNow.adding(minutes: -2))))
    #expect(render(app)[0].hasSuffix(" 未实时 自 20:43:00 ─ 平时 ─ 11-21 20:45:00 ─ 操作 王芳  ┐"))
    app.language = .en
    #expect(render(app)[0].contains(" not live since 20:43:00 ─ peace ─ "))
    _ = app.update(.message(.followStopped(since: nil)))
    #expect(!render(app)[0].contains("not live"))
  }

  @Test(
    "the header names the mode: 平时 as the other titles, 战时 and 演练 in the war colour",
    arguments: [
      (ScreenMode.peace, "平时", "peace"), (.war, "战时", "war"), (.drill, "演练", "drill"),
    ])
  func mode(mode: ScreenMode, chinese: String, english: String) throws {
    var ledger = try chunjiang().ledger
    if mode != .peace {
      let community = try #require(dashboard(ledger, width: 80, height: 24).navigation.focus)
      try ledger.execute(
        issue(over: community, in: ledger, drill: mode == .drill), at: pinnedNow, actor: "王芳")
    }
    var app = dashboard(ledger, width: 80, height: 24)
    #expect(app.mode == mode)
    let lines = render(app)
    #expect(
      lines[0] == "┌  微格 › 滨江区 › 浦沿街道 › 春江社区  ──  \(chinese) ─ 11-21 20:45:00 ─ 操作 王芳  ┐")
    let buffer = screenBuffer(of: app)
    let word = try #require(firstCell(String(chinese.prefix(1)), row: 0, in: buffer))
    let clock = try #require(firstCell("1", row: 0, in: buffer))
    #expect(clock.style == app.theme.style(.title))
    #expect(word.style == (mode == .peace ? app.theme.style(.title) : app.theme.style(.war).bolded()))
    app.language = .en
    #expect(render(app)[0].contains("  \(english) ─ 11-21 20:45:00 ─ operator "))
  }

  @Test("a replaced store reloads the screen from the new history and says so")
  func replaced() throws {
    let (ledger, events) = try chunjiang()
    var app = dashboard(ledger, width: 120, height: 40, recent: events)
    press(&app, .enter)
    var fresh = Ledger()
    for event in events.prefix(60) { fresh.apply(event) }
    _ = app.update(.message(.replaced(fresh, recent: Array(events.prefix(60)))))
    #expect(app.ledger == fresh)
    #expect(app.navigation.details.isEmpty)
    #expect(render(app).last?.contains("存储已被替换") == true)
  }
}

@Suite("The help overlay fits the screen it is on")
struct HelpOverlayTests {
  @Test("at 80×24 every key shows, nothing is written over the border, and the rest are counted")
  func smallScreen() throws {
    var app = dashboard(try chunjiang().ledger, width: 80, height: 24)
    press(&app, .character("?"))
    let lines = render(app)
    #expect(lines.first?.hasPrefix("┏  按键  ━") == true)
    #expect(lines.last == "┗" + String(repeating: "━", count: 78) + "┛")
    for line in lines.dropFirst().dropLast() {
      #expect(line.hasPrefix("┃") && line.hasSuffix("┃"), "\(line)")
      #expect(TextWidth.of(line) == 80, "\(line)")
    }
    for key in ["↑↓←→ hjkl", "Enter", "Tab Shift-Tab", "c  1-7", "w", "b  r a s e", ":  Ctrl-P", "q  Ctrl-C"]
    {
      #expect(lines.contains { $0.hasPrefix("┃ " + key + " ") }, "\(key)")
    }
    #expect(lines.contains { $0.contains("打开工单、人员、告警、住户") })
    #expect(lines[22].contains("… 另有 ") && lines[22].contains(" 条命令：按 : 打开命令面板查看"))
  }
}

@Suite("A wall display takes no action and comes back by itself")
struct WallTests {
  @Test(
    "no palette, no action hints; the lens and its countdown in the footer; the next lens returns to the map")
  func wall() throws {
    var app = Dashboard(
      ledger: try chunjiang().ledger, now: pinnedNow, theme: .fallback, operatorName: "大屏", isWall: true,
      screenSize: Size(width: 120, height: 40))
    app.lensCycleSeconds = 10
    let footer = { (app: Dashboard) in render(app).last ?? "" }
    #expect(footer(app).contains("镜头 开放工单 · 10 秒后切换"))
    #expect(!footer(app).contains("命令") && !footer(app).contains("过滤"))
    press(&app, .character(":"))
    press(&app, .control("p"))
    press(&app, .character("g"))
    #expect(app.palette.input == nil)
    _ = app.update(.message(.tick(pinnedNow.advanced(bySeconds: 3))))
    #expect(footer(app).contains("7 秒后切换"))
    let home = app.navigation.focus
    press(&app, .enter, .enter)
    #expect(app.navigation.focus != home || !app.navigation.details.isEmpty)
    _ = app.update(.message(.cycleLens))
    #expect(app.navigation.details.isEmpty && app.navigation.focus == home)
    #expect(footer(app).contains("镜头 超时工单 · 10 秒后切换"))
  }
}

extension Timestamp {
  fileprivate func advanced(bySeconds seconds: Int64) -> Timestamp {
    Timestamp(milliseconds: rawValue + seconds * 1000)
  }
}
