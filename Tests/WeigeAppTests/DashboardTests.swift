import Testing
import WeigeApp
import WeigeCore
import WeigeTerminal
import WeigeTestSupport
import WeigeUI

/// The 春江小区 demo with a week of history, as a store would hand it to the dashboard.
func chunjiang() throws -> (ledger: Ledger, events: [RecordedEvent]) { try recordedDemo(.chunjiang, days: 7) }

func dashboard(_ ledger: Ledger, width: Int, height: Int, recent: [RecordedEvent] = []) -> Dashboard {
  Dashboard(
    ledger: ledger, now: pinnedNow, theme: .fallback, operatorName: "王芳",
    screenSize: Size(width: width, height: height), recent: recent)
}

/// The screen as text rows, through the same renderer the terminal uses.
func render(_ app: Dashboard) -> [String] {
  let backend = TestBackend(width: app.screenSize.width, height: app.screenSize.height)
  Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
  return backend.lines
}

/// Types `keys` one after another; the effects their updates returned, in order.
@discardableResult
func press(_ app: inout Dashboard, _ keys: Key...) -> [DashboardEffect] {
  keys.flatMap { app.update(.input(.key($0))).effects }
}

@Suite("The dashboard, rendered as text")
struct DashboardTests {
  @Test("120×40: header, baseline, map grouped by grid, side panes, key hints")
  func mainScreen() throws {
    let (ledger, events) = try chunjiang()
    let lines = render(dashboard(ledger, width: 120, height: 40, recent: Array(events.suffix(20))))
    #expect(lines[0].hasPrefix("┌  微格 › 滨江区 › 浦沿街道 › 春江社区  ─"))
    #expect(lines[0].hasSuffix("─  平时 ─ 11-21 20:45:00 ─ 操作 王芳  ┐"))
    #expect(lines[1].hasPrefix("│户 383  楼道 26  在岗 "))
    #expect(lines[2].hasPrefix("│工单 开 "))
    #expect(lines[4].hasPrefix("┌  全域图 · 开放工单  ─"))
    #expect(lines[5].hasPrefix("│□ 无工单  ▪ 1单  ■ 2单  ▲ 3–4单  ✖ ≥5单   "))
    #expect(lines[6].hasPrefix("│春江小区微网格        ▸□   □   □   □   □   □   □   □   □   □   □   □   □       2│"))
    #expect(lines[4].contains("┌  待办工单  ─"))
    #expect(lines.contains { $0.contains("┌  实时动态  ─") })
    #expect(lines.contains { $0.contains("┌  告警  ─") })
    #expect(lines[39].hasPrefix("  ?  帮助   /  过滤   Tab  切换   Enter  下钻   Esc  返回   c  镜头   w  战时   q  退出"))
  }

  @Test(
    "every size from 80×24 to 200×60 keeps each row exactly as wide as the screen",
    arguments: [
      (80, 24), (120, 40), (200, 60),
    ])
  func alignment(width: Int, height: Int) throws {
    let lines = render(dashboard(try chunjiang().ledger, width: width, height: height))
    #expect(lines.count == height)
    for (row, line) in lines.enumerated() {
      #expect(TextWidth.of(line) == width, "row \(row): \(line)")
    }
    #expect(lines[0].hasPrefix("┌  微格 › 滨江区"))
    #expect(lines.last!.contains("?  帮助"))
  }

  @Test("Enter opens a stairwell with its team and households; Esc comes back")
  func drillIntoStairwell() throws {
    var app = dashboard(try chunjiang().ledger, width: 120, height: 40)
    press(&app, .enter)
    let detail = render(app)
    print(detail.joined(separator: "\n"))
    #expect(detail[4].hasPrefix("┌  一长二员 · 春江小区1幢1单元  ─"))
    #expect(detail[5].hasPrefix("│楼道长"))
    #expect(detail.contains { $0.contains("户主") && $0.contains("最近走访") })
    #expect(detail.contains { $0.contains("│101 ") })
    // In English the roles and flags are English too, the names as they are.
    app.language = .en
    let english = render(app)
    #expect(english[5].hasPrefix("│stairwell head      "), "\(english[5])")
    #expect(english.allSatisfy { TextWidth.of($0) == 120 })
    app.language = .zh
    press(&app, .escape)
    #expect(render(app)[4].hasPrefix("┌  全域图"))
    press(&app, .escape)
    #expect(render(app)[0].hasPrefix("┌  微格 › 滨江区 › 浦沿街道  ─"))
  }

  @Test("the filter dims stairwells that do not match; Ctrl-U starts it over; a flag name works too")
  func filter() throws {
    var app = dashboard(try chunjiang().ledger, width: 120, height: 40)
    press(&app, .character("/"))
    for character in "12幢" { press(&app, .character(character)) }
    // Ctrl-U starts the filter over, as in the palette.
    press(&app, .control("u"))
    #expect(app.filter.text.isEmpty)
    for character in "13幢" { press(&app, .character(character)) }
    #expect(render(app)[39].hasPrefix("/ 13幢▏"))
    press(&app, .enter)
    #expect(app.filter.matches?.count == 2)
    let lines = render(app)
    #expect(lines[5].contains("/ 13幢 → 2 楼道 · "))
    #expect(
      lines[7].hasPrefix("│                       ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   ·   □   ▪1       │")
    )
    press(&app, .escape)
    #expect(app.filter.matches == nil)
    // A place and a flag together: that place's stairwells with such households, counted both ways.
    press(&app, .character("/"))
    for character in "春江 独居" { press(&app, .character(character)) }
    press(&app, .enter)
    let ledger = app.ledger
    let alone = ledger.households.values.filter { $0.flags.contains(.elderlyLivingAlone) }
    #expect(app.filter.matches == Set(alone.map(\.stairwell)))
    #expect(app.filter.households == alone.count)
    #expect(render(app)[5].contains("→ \(Set(alone.map(\.stairwell)).count) 楼道 · \(alone.count) 户"))
    press(&app, .escape)
    press(&app, .character("/"))
    for character in "独居" { press(&app, .character(character)) }
    press(&app, .enter)
    #expect((app.filter.matches?.count ?? 0) > 0)
  }

  @Test("lenses switch with one key, and the help overlay lists the keys")
  func lensAndHelp() throws {
    var app = dashboard(try chunjiang().ledger, width: 120, height: 40)
    press(&app, .character("c"))
    #expect(render(app)[4].hasPrefix("┌  全域图 · 超时工单  ─"))
    press(&app, .character("3"))
    #expect(render(app)[5].hasPrefix("│□ 全部走访  ▪ ≥90%  ■ ≥75%  ▲ ≥50%  ✖ <50%   "))
    press(&app, .character("?"))
    let help = render(app)
    #expect(help.contains { $0.contains(" 按键 ") })
    #expect(help.contains { $0.contains("Enter") && $0.contains("下钻到网格、楼道") })
    press(&app, .escape)
    #expect(!render(app).contains { $0.contains(" 按键 ") })
  }

  @Test("English labels on request")
  func english() throws {
    var app = dashboard(try chunjiang().ledger, width: 120, height: 40)
    app.language = .en
    let lines = render(app)
    #expect(lines[1].hasPrefix("│households 383  stairwells 26  posts filled "))
    #expect(lines[4].hasPrefix("┌  map · open tickets  ─"))
    #expect(lines[39].contains("help"))
  }

  @Test("wall and desk draw wider tiles, with their counts, while every stairwell still has its own")
  func wallTiles() throws {
    let ledger = try chunjiang().ledger
    let wall = Dashboard(
      ledger: ledger, now: pinnedNow, theme: .fallback, operatorName: "王芳", isWall: true,
      screenSize: Size(width: 200, height: 60))
    #expect(wall.map().tileWidth == 4 && wall.map().unitLevel == .stairwell)
    let row = try #require(render(wall).first { $0.contains("春江小区微网格") })
    #expect(
      row.contains(
        "▸□   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   □   ▪1  □   ▪1 "
      ))
    #expect(TextWidth.of(row) == 200)
    // A desk as wide as the wall draws the same; on a small wall the wide tiles wrap, and still fit.
    #expect(dashboard(ledger, width: 200, height: 60).map().tileWidth == 4)
    let small = Dashboard(
      ledger: ledger, now: pinnedNow, theme: .fallback, operatorName: "王芳", isWall: true,
      screenSize: Size(width: 80, height: 24))
    #expect(small.map().fits && small.map().unitLevel == .stairwell)
    #expect(render(small).allSatisfy { TextWidth.of($0) == 80 })
  }

  @Test("the tickets pane widens its columns for five-digit numbers and long overdue times")
  func wideTicketColumns() throws {
    let (ledger, _) = try chunjiang()
    var app = dashboard(ledger, width: 200, height: 60)
    let stairwell = try #require(ledger.places(named: "春江小区/5幢/2单元").first)
    let request = TicketRequest(
      id: TicketID(12345), title: "楼道灯损坏", demandClass: .nuisance, urgency: .critical, source: .patrol,
      place: stairwell.id, household: nil, dueAt: pinnedNow.adding(minutes: -(23 * 60 + 29)))
    let event = RecordedEvent(
      sequence: ledger.lastSequence + 1, id: .generate(), stream: "ticket-12345", version: 1,
      time: pinnedNow.adding(hours: -30), actor: "陈静", body: .ticketRequested(request))
    _ = app.update(.message(.events([event])))
    let row = render(app).first { $0.contains("#12345") } ?? ""
    #expect(row.contains("#12345 特急 超23h29m 点单 春江小区5幢2单元 楼道灯损坏"), "\(row)")
    app.language = .en
    let english = render(app).first { $0.contains("#12345") } ?? ""
    // English state words are longer: the place gives way to the state and the (absent) owner.
    #expect(english.contains("#12345 critical -23h29m requested —      楼道灯损坏"), "\(english)")
  }

  @Test("a new ticket from another process shows in the tickets pane and the feed")
  func liveEvent() throws {
    let (ledger, _) = try chunjiang()
    var app = dashboard(ledger, width: 200, height: 60)
    let stairwell = try #require(ledger.places(named: "春江小区/5幢/2单元").first)
    let request = TicketRequest(
      id: TicketID(9001), title: "消防通道堆放杂物", demandClass: .nuisance, urgency: .critical, source: .patrol,
      place: stairwell.id, household: nil, dueAt: pinnedNow.adding(hours: 2))
    let event = RecordedEvent(
      sequence: ledger.lastSequence + 1, id: .generate(), stream: "ticket-9001", version: 1, time: pinnedNow,
      actor: "陈静", body: .ticketRequested(request))
    #expect(app.update(.message(.events([event]))).reaction == .redraw)
    let lines = render(app)
    #expect(lines[6].contains("#9001 特急 2h0m    点单 春江小区5幢2单元 消防通道堆"))
    let feed = lines.first { $0.contains("点单 #9001") } ?? ""
    #expect(feed.hasSuffix("││20:45 点单 #9001 特急 春江小区5幢2单元 消防通道堆放杂…│"), "\(feed)")
    // In English the same line, the lines before it too; names stay as they are.
    app.language = .en
    let english = render(app).first { $0.contains("requested (点单) #9001") } ?? ""
    #expect(english.contains("││20:45 requested (点单) #9001 critical 春江小区5幢2单…"), "\(english)")
  }
}

@Suite("Emoji and combining marks in a ticket's title")
struct GraphemeTitleTests {
  /// A family (4 emoji joined by ZWJ), a flag (2 regional indicators) and e + U+0301.
  let title = "👨‍👩‍👧‍👦 家庭 🇨🇳 国旗 cafe\u{301}"

  func withTicket() throws -> Dashboard {
    let (ledger, _) = try chunjiang()
    var app = dashboard(ledger, width: 160, height: 48)
    let stairwell = try #require(ledger.places(named: "春江小区/5幢/2单元").first)
    let request = TicketRequest(
      id: TicketID(9001), title: title, demandClass: .nuisance, urgency: .critical, source: .patrol,
      place: stairwell.id, household: nil, dueAt: pinnedNow.adding(hours: 2))
    let event = RecordedEvent(
      sequence: ledger.lastSequence + 1, id: .generate(), stream: "ticket-9001", version: 1, time: pinnedNow,
      actor: "陈静", body: .ticketRequested(request))
    _ = app.update(.message(.events([event])))
    return app
  }

  /// One renderer through all three screens, as in the terminal: the detail's frame is a diff
  /// over the main screen's, and the main screen's again over the detail's.
  @Test("the tickets pane, the detail and the screen after Esc keep every border in its column")
  func bordersStayAligned() throws {
    var app = try withTicket()
    let backend = TestBackend(width: 160, height: 48)
    let renderer = Renderer(backend: backend)
    renderer.draw { app.view(into: &$0, area: $1) }
    let main = backend.lines
    #expect(main[6].hasSuffix("││●#9001 特急 2h0m    点单 —      👨‍👩‍👧‍👦 家庭 🇨🇳 国旗 …│"))
    #expect(main[26].hasSuffix("││20:45 点单 #9001 特急 春江小区5幢2单元 👨‍👩‍👧‍👦 家庭 … │"))

    press(&app, .tab, .enter)
    renderer.draw { app.view(into: &$0, area: $1) }
    let detail = backend.lines
    // 160 columns: the family and the flag are one two-column glyph each, like 工 or 家.
    #expect(detail[4].hasPrefix("┌  工单 #9001 · 👨‍👩‍👧‍👦 家庭 🇨🇳 国旗 café  ─") && detail[4].hasSuffix("─┐"))
    #expect(detail[4].count == 160 - 8)
    #expect(detail[14].hasPrefix("│2026-11-21 20:45:00 点单 陈静     👨‍👩‍👧‍👦 家庭 🇨🇳 国旗 café   "))
    #expect(detail[14].hasSuffix("   │") && detail[14].count == 160 - 10)

    press(&app, .escape)
    renderer.draw { app.view(into: &$0, area: $1) }
    #expect(backend.lines == render(app))
    // Opened, the ticket is no longer new: its row loses the ● and the column its extra width.
    #expect(backend.lines[6].hasSuffix("││#9001 特急 2h0m    点单 —      👨‍👩‍👧‍👦 家庭 🇨🇳 国旗 c…│"))
  }
}

@Suite("The whole district on one screen")
struct WholeDistrictTests {
  @Test("滨江区: all 2,579 stairwells at 200×60; aggregated, and said so, at 80×24")
  func binjiang() throws {
    let ledger = try demoEvents(.binjiang, days: 0).ledger
    let wide = render(dashboard(ledger, width: 200, height: 60))
    // The tiles, and the legend's five: no tickets yet, so every tile is □ but the legend's.
    #expect(wide.joined().filter { Lens.glyphs.contains($0) }.count == 2_579 + 5)
    #expect(wide.joined().filter { $0 == "□" }.count == 2_579 + 1)
    #expect(wide[4].contains("  开 0  ┐"))
    #expect(!wide[2].contains("聚合"))
    let small = render(dashboard(ledger, width: 80, height: 24))
    #expect(small[2].contains("聚合到"))
    #expect(small.allSatisfy { TextWidth.of($0) == 80 })
  }
}

@Suite("The dashboard in the event loop")
struct DashboardLoopTests {
  @Test("keys fed to the test backend come out as frames, the bell is performed, q quits")
  func keysToFrames() throws {
    let (ledger, _) = try chunjiang()
    var app = dashboard(ledger, width: 120, height: 40)
    let backend = TestBackend(width: 120, height: 40)
    let loop = EventLoop<Dashboard.Message>()
    let stairwell = try #require(ledger.places(named: "春江小区/5幢/2单元").first).id
    let critical = request(9301, at: stairwell, urgency: .critical, due: pinnedNow.adding(hours: 2))
    loop.post(
      .events([
        RecordedEvent(
          sequence: ledger.lastSequence + 1, id: .generate(), stream: critical.stream, version: 1,
          time: pinnedNow,
          actor: "陈静", body: critical)
      ]))
    backend.feed(.key(.character("c")))
    backend.feed(.key(.character("?")))
    backend.feed(.key(.escape))
    backend.feed(.key(.character("q")))
    var performed: [DashboardEffect] = []
    loop.run(&app, on: backend, input: backend) { performed.append($0) }
    let frames = backend.frames
    try #require(frames.count == 4)
    #expect(frames[0][4].hasPrefix("┌  全域图 · 开放工单  ─"))
    // The next lens, with the ticket posted meanwhile marked new and the bell rung once.
    #expect(frames[1][4].hasPrefix("┌  全域图 · 超时工单  ─"))
    #expect(frames[1][2].contains("● 1 条新的紧急事项"))
    #expect(performed == [.bell])
    #expect(frames[2].contains { $0.contains(" 按键 ") })
    #expect(frames[3] == render(app))
  }
}
