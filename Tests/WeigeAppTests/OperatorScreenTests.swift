import Foundation
import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// 滨江区 with three days of tickets, visits and alerts, built once for every test that needs it.
let binjiangWithHistory: Ledger = {
  var ledger = Ledger()
  try! DemoDistrict(preset: .binjiang, days: 3, now: pinnedNow).generate(chunkSize: 50_000) {
    for event in $0 { ledger.apply(event.body, time: event.time, actor: event.actor) }
  }
  return ledger
}()

/// A tile's figures counted straight from the ledger, without the area index: everything filed
/// at or under `place`, households and teams of the stairwells under it.
func countedFromLedger(_ place: PlaceID, in ledger: Ledger, now: Timestamp, itselfOnly: Bool = false)
  -> AreaFigures
{
  let inside = itselfOnly ? [place] : ledger.subtree(of: place)
  let places = Set(inside)
  let monthStart = now.startOfMonthInChina
  var f = AreaFigures()
  for ticket in ledger.tickets.values where places.contains(ticket.place) && ticket.status.isOpen {
    f.openTickets += 1
    // Overdue as the duty desk's clocks say: its 签收 or its 办结 has run out.
    if ticket.isOverdue(at: now, calendar: .shipped) { f.overdueTickets += 1 }
  }
  let roles = ledger.catalogue.roles.filter { $0.level == .stairwell && $0.posts > 0 && !$0.isReserve }
  for stairwell in inside where ledger.places[stairwell]?.level == .stairwell {
    f.stairwells += 1
    for home in ledger.householdsByStairwell[stairwell, default: []].compactMap({ ledger.households[$0] }) {
      f.households += 1
      if let visit = home.lastVisit, visit >= monthStart { f.visitedThisMonth += 1 }
      if !home.flags.isDisjoint(with: .needsCare) { f.needsCare += 1 }
    }
    for role in roles.prefix(8) {
      f.teamPosts += role.posts
      f.vacantPosts += max(
        0, role.posts - ledger.holders[RoleAssignment(role: role.id, place: stairwell), default: []].count)
    }
  }
  return f
}

/// The class a tile must have: its sum's class, or its worst stairwell's (`Lens.aggregation`).
func expectedClass(of place: PlaceID, lens: Lens, in ledger: Ledger, now: Timestamp) -> Int {
  guard lens.aggregation == .worst, ledger.places[place]?.level != .stairwell else {
    return lens.level(of: LensFigures(area: countedFromLedger(place, in: ledger, now: now)))
  }
  return ledger.subtree(of: place).filter { ledger.places[$0]?.level == .stairwell }
    .map { lens.level(of: LensFigures(area: countedFromLedger($0, in: ledger, now: now))) }.max() ?? 0
}

/// Under the 星级 lens, the class of a tile holding these stairwells, their stars summed from
/// Core's ratings (a place's own tile holds none).
func starClass(_ ratings: [StairwellStars]) -> Int {
  var figures = StarFigures()
  for rating in ratings {
    figures.stairwells += 1
    figures.stars += rating.stars
    figures.maximum += rating.maximum
  }
  return Lens.stars.level(of: LensFigures(area: AreaFigures(), stars: figures))
}

/// The map pane's tile area on screen: below the legend, inside the border.
func mapCells(of app: Dashboard, in buffer: Buffer) -> [Cell] {
  let width = app.screenSize.width
  let mapWidth = width - min(56, max(30, width * 32 / 100))
  return (6..<(app.screenSize.height - 2)).flatMap { y in
    (1..<(mapWidth - 1)).map { buffer.cell(x: $0, y: y) }
  }
}

@Suite("The map tells what is open")
struct MapTruthTests {
  /// Every zoom level: stairwells, grids, communities and streets as tiles, on the district, a
  /// street, a community and a grid.
  @Test("every tile's class, at every zoom level and under every lens, is its stairwells' class")
  func tileClassesAtEveryZoom() throws {
    let ledger = binjiangWithHistory
    var levels: Set<PlaceLevel> = []
    for size in [Size(width: 200, height: 60), Size(width: 160, height: 48), Size(width: 90, height: 26)] {
      for drill in 0...3 {
        var app = dashboard(ledger, width: size.width, height: size.height)
        for _ in 0..<drill where app.map().unitLevel != .stairwell { press(&app, .right, .enter) }
        for lens in Lens.peaceTime {
          press(&app, .character(Character("\(lens.rawValue + 1)")))
          let context = "\(size.width)×\(size.height), drilled \(drill), \(lens)"
          let units = app.map().units
          let classes = app.tileClasses()
          levels.insert(app.map().unitLevel)
          for (position, unit) in units.enumerated() {
            let expected =
              lens == .stars
              ? starClass(
                unit.isOwn ? [] : ledger.starRatings(under: unit.place, in: CivilMonth(inChina: pinnedNow)))
              : expectedClass(of: unit.place, lens: lens, in: ledger, now: pinnedNow)
            #expect(classes[position] == expected, "tile \(position) \(context)")
            if classes[position] != expected { break }
          }
          // On screen: each ramp glyph in its class's colour; all tiles shown when the map fits.
          let backend = TestBackend(width: size.width, height: size.height)
          Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
          let cells = mapCells(of: app, in: backend.buffer).filter { !$0.style.reverse }
          for cell in cells {
            guard let step = Lens.glyphs.firstIndex(where: { String($0) == cell.symbol }) else { continue }
            #expect(cell.style.foreground == app.theme.lens(Double(step) / 4), "\(cell.symbol) \(context)")
          }
          if app.map().fits {
            let drawn = cells.compactMap { cell in Lens.glyphs.firstIndex { String($0) == cell.symbol } }
            var hidden = classes
            hidden.remove(at: app.navigation.cursor)  // the cursor's tile is reversed, left out above
            #expect(drawn.sorted() == hidden.sorted(), "\(context)")
          }
        }
      }
    }
    #expect(levels == [.stairwell, .grid, .community])
  }

  /// A grid's 专属 ticket, a compound's and a community's are on no stairwell: each place gets a
  /// tile of its own wherever the tiles are finer than it, and the tiles' tickets add up to the
  /// header's at every zoom level.
  @Test("a ticket filed above the stairwells colours a tile of its own at every zoom level")
  func ticketsFiledAboveStairwells() throws {
    let grid = try #require(
      binjiangWithHistory.subtree(of: nil).first { binjiangWithHistory.places[$0]?.level == .grid })
    let compound = try #require(binjiangWithHistory.ancestor(of: grid, at: .compound))
    let community = try #require(binjiangWithHistory.ancestor(of: grid, at: .community))
    var levels: Set<PlaceLevel> = []
    for size in [Size(width: 200, height: 60), Size(width: 160, height: 48), Size(width: 90, height: 26)] {
      var app = dashboard(binjiangWithHistory, width: size.width, height: size.height)
      let due = pinnedNow.adding(hours: 4)
      for (number, place) in [(9201, grid), (9202, compound), (9203, community)] {
        send(
          request(number, at: place, urgency: .urgent, due: due), to: &app, at: pinnedNow.adding(hours: -1))
      }
      for drill in 0...3 {
        let context = "\(size.width)×\(size.height), drilled \(drill)"
        let units = app.map().units
        let figures = app.unitFigures()
        #expect(
          figures.reduce(0) { $0 + $1.openTickets }
            == app.index.figures(under: app.navigation.focus).openTickets,
          "\(context)")
        let own = units.indices.filter { units[$0].isOwn }
        let inside = Set(app.ledger.subtree(of: app.navigation.focus))
        let coarser = [grid, compound, community].filter {
          inside.contains($0) && app.ledger.places[$0]!.level < app.map().unitLevel
        }
        #expect(Set(own.map { units[$0].place }) == Set(coarser), "\(context)")
        let classes = app.tileClasses()
        for position in own {
          let place = units[position].place
          let counted = countedFromLedger(place, in: app.ledger, now: pinnedNow, itselfOnly: true)
          #expect(counted.openTickets == 1, "\(context)")
          #expect(classes[position] == Lens.openTickets.level(of: LensFigures(area: counted)), "\(context)")
          levels.insert(app.map().unitLevel)
        }
        // Drill into the first tile that stands for stairwells.
        guard let next = units.firstIndex(where: { !$0.isOwn }), app.map().unitLevel != .stairwell else {
          break
        }
        for _ in 0..<next { press(&app, .right) }
        press(&app, .enter)
      }
    }
    #expect(levels.isSuperset(of: [.stairwell, .grid]))

    // On the first stairwell-level map over the grid: the status line names the grid's own
    // tile, and Enter on it selects its ticket in the tickets pane.
    var app = dashboard(binjiangWithHistory, width: 160, height: 48)
    send(request(9201, at: grid, urgency: .urgent, due: pinnedNow.adding(hours: 4)), to: &app)
    while app.map().unitLevel != .stairwell {
      let units = app.map().units
      let next = try #require(
        units.firstIndex { !$0.isOwn && app.ledger.subtree(of: $0.place).contains(grid) })
      for _ in 0..<next { press(&app, .right) }
      press(&app, .enter)
    }
    let position = try #require(app.map().units.firstIndex { $0.isOwn && $0.place == grid })
    for _ in 0..<position { press(&app, .right) }
    #expect(render(app).contains { $0.contains(app.ledger.fieldName(of: grid) + "（本级） · 开 1") })
    press(&app, .enter)
    #expect(app.navigation.pane == .tickets)
    #expect(app.openTickets()[app.navigation.ticketSelection].id == TicketID(9201))
  }

  /// `weige stats` and the screen's header call the same tickets overdue: Core's baseline asks
  /// the duty clocks per ticket, the header the clock index kept event by event.
  @Test("the baseline's 超时 is the header's, place by place")
  func baselineOverdueIsTheHeaders() throws {
    let app = dashboard(binjiangWithHistory, width: 160, height: 48)
    let communities = binjiangWithHistory.places.values.filter { $0.level == .community }.map(\.id)
    #expect(app.index.figures(under: nil).overdueTickets > 0)
    for place in [nil] + communities {
      #expect(
        binjiangWithHistory.baseline(of: place, now: pinnedNow).overdueTickets
          == app.index.figures(under: place).overdueTickets)
    }
  }

  /// Groups are shorter than a row: Down goes to the tile drawn below, not a row's width on.
  @Test("Down and Up on the map move to the tile drawn below and above")
  func verticalMoves() throws {
    var app = dashboard(try jiangsan(), width: 160, height: 48)
    let groups = app.map().groups
    #expect(groups.count > 2 && groups[0].units.count < app.map().tilesPerRow)
    press(&app, .right, .right, .down)
    #expect(app.navigation.cursor == groups[0].units.count + 2)
    press(&app, .down)
    #expect(app.navigation.cursor == groups[0].units.count + groups[1].units.count + 2)
    press(&app, .up, .up, .up)
    #expect(app.navigation.cursor == 2)
    // From a group's last tile, a shorter row below takes its last tile.
    let long = try #require(groups.indices.dropLast().max { groups[$0].units.count < groups[$1].units.count })
    let short = try #require(
      groups.indices.first { $0 > long && groups[$0].units.count < groups[long].units.count })
    let start = { (group: Int) in groups[..<group].reduce(0) { $0 + $1.units.count } }
    for _ in 0..<(start(long) + groups[long].units.count - 1 - 2) { press(&app, .right) }
    for _ in long..<short { press(&app, .down) }
    #expect(app.navigation.cursor == start(short) + groups[short].units.count - 1)
  }

  @Test(
    "binjiang at 160×48: grids take their stairwells' tickets, the legend its ramp, each group its figure")
  func binjiangScreen() throws {
    var app = dashboard(binjiangWithHistory, width: 160, height: 48)
    // Open tickets: a grid's tile and each community's figure are sums, the title the header's
    // 开; the status line names the grid within its compound (Goldens/, as the other whole screens).
    try expectGolden(drawn(app), named: "binjiang-tickets-zh-160x48")
    // Visits in English: a share under 50% is ✖ whatever the theme, and the figures are shares.
    press(&app, .character("3"))
    app.language = .en
    try expectGolden(drawn(app), named: "binjiang-visits-en-160x48")
  }
}

/// 春江小区 with one more event, as it arrives from the store; the effects update returned.
@discardableResult
func send(_ body: EventBody, to app: inout Dashboard, at time: Timestamp = pinnedNow, actor: String = "陈静")
  -> [DashboardEffect]
{
  let event = RecordedEvent(
    sequence: app.ledger.lastSequence + 1, id: .generate(), stream: body.stream, version: 1, time: time,
    actor: actor, body: body)
  return app.update(.message(.events([event]))).effects
}

func request(
  _ number: Int, at place: PlaceID, urgency: Urgency, due: Timestamp, title: String = "楼道灯损坏"
) -> EventBody {
  .ticketRequested(
    TicketRequest(
      id: TicketID(number), title: title, demandClass: .nuisance, urgency: urgency, source: .patrol,
      place: place,
      household: nil, dueAt: due))
}

@Suite("Signals for the duty desk")
struct DutySignalTests {
  @Test("a closed ticket says whether it was resolved on time, and by how much, never 超 time left")
  func closedTickets() throws {
    let ledger = try chunjiang().ledger
    var app = dashboard(ledger, width: 120, height: 40)
    let stairwell = try #require(ledger.places(named: "春江小区/1幢/1单元").first).id
    let due = pinnedNow.adding(minutes: -(3 * 1440 + 8 * 60))
    send(request(9101, at: stairwell, urgency: .urgent, due: due), to: &app, at: due.adding(hours: -24))
    send(.ticketResolved(TicketID(9101), note: "已更换"), to: &app, at: due.adding(hours: -2))
    send(request(9102, at: stairwell, urgency: .normal, due: due), to: &app, at: due.adding(hours: -72))
    send(.ticketResolved(TicketID(9102), note: "已处理"), to: &app, at: due.adding(minutes: 5 * 60 + 7))
    // The stairwell's detail lists both; the first ticket in it opens its own.
    press(&app, .enter)
    let stairwellLines = render(app)
    #expect(stairwellLines.contains { $0.contains("#9101 办结 按时办结 提前2h0m 楼道灯损坏") })
    #expect(stairwellLines.contains { $0.contains("#9102 办结 超时办结 超5h7m 楼道灯损坏") })
    #expect(app.index.figures(under: stairwell).overdueTickets == 0)
    let team = app.team(of: stairwell).count
    let position = try #require(app.tickets(at: stairwell).firstIndex { $0.id == TicketID(9101) })
    for _ in 0..<(team + position) { press(&app, .down) }
    press(&app, .enter)
    #expect(
      Array(render(app)[4...9]) == [
        "┌  工单 #9101 · 楼道灯损坏  ───────────────────────────────────────────────────────────────────────────────────────────┐",
        "│状态 办结   紧急 急   类别 影响和谐烦事                                                                               │",
        "│来源 巡查   地点 春江小区1幢1单元                                                                                     │",
        "│点单 2026-11-17 12:45:00   时限 2026-11-18 12:45:00   按时办结 提前2h0m                                               │",
        "│承办 —   评价 —                                                                                                       │",
        "│                                                                                                                      │",
      ])
    app.language = .en
    #expect(
      render(app)[7]
        == "│requested 2026-11-17 12:45:00   due 2026-11-18 12:45:00   resolved on time, ahead by 2h0m                             │"
    )
    press(&app, .escape)
    let late = try #require(app.tickets(at: stairwell).firstIndex { $0.id == TicketID(9102) })
    for _ in 0..<(team + late) { press(&app, .down) }
    press(&app, .enter)
    #expect(render(app)[7].contains("due 2026-11-18 12:45:00   resolved late by 5h7m   "))
  }

  @Test("a critical ticket from elsewhere rings once and is marked ● until the operator selects it")
  func bellAndNewMarker() throws {
    let ledger = try chunjiang().ledger
    var app = dashboard(ledger, width: 120, height: 40)
    let stairwell = try #require(ledger.places(named: "春江小区/5幢/2单元").first).id
    let urgentRings = send(
      request(9201, at: stairwell, urgency: .urgent, due: pinnedNow.adding(hours: 24)), to: &app)
    #expect(urgentRings.isEmpty, "急 does not ring")
    let criticalRings = send(
      request(9202, at: stairwell, urgency: .critical, due: pinnedNow.adding(hours: 2)), to: &app)
    #expect(criticalRings == [.bell])
    // 告警 5: the demo's cameras' and meters' open alerts.
    #expect(
      Array(render(app)[2...7]) == [
        "│工单 开 4 超时 0 今日办结 1 满意 3.8   告警 5   ● 1 条新的紧急事项                                                    │",
        "└──────────────────────────────────────────────────────── 值班 陈静 至 08:30 · 带班 吴丽华 · 交接 2026-11-21 白班 未签 ┘",
        "┌  全域图 · 开放工单  ───────────────────────────────────────────────────  开 4  ┐┌  待办工单  ───────────────────  4  ┐",
        "│□ 无工单  ▪ 1单  ■ 2单  ▲ 3–4单  ✖ ≥5单                                         ││#      级   剩余    事项            │",
        "│春江小区微网格        ▸□   □   □   □   □   □   □   □   □   ■2  □   □   □       4││●#9202 特急 2h0m    楼道灯损坏      │",
        "│                       □   □   □   □   □   □   □   □   □   □   ▪1  □   ▪1       ││#9201  急   1d0h    楼道灯损坏      │",
      ])
    // 特急 reversed and bold, 急 bold only: they differ without colour; time left is not grey.
    let screen = screenBuffer(of: app)
    let critical = try #require(firstCell("特", row: 6, in: screen))
    let urgent = try #require(firstCell("急", row: 7, in: screen))
    #expect(critical.style.reverse && critical.style.bold)
    #expect(!urgent.style.reverse && urgent.style.bold)
    #expect(firstCell("1", row: 7, in: screen, from: 95)?.style == app.theme.style(.text))
    // Looking at it: Tab puts the selection on the most urgent ticket, which is this one.
    press(&app, .tab)
    #expect(app.newArrivals.isEmpty)
    #expect(!render(app)[6].contains("●"))
    #expect(!render(app)[2].contains("新"))
  }

  @Test("a fire rings and is marked in the alerts pane, in another style than a blocked fire lane")
  func fireAlert() throws {
    let ledger = try chunjiang().ledger
    var app = dashboard(ledger, width: 120, height: 40)
    let stairwell = try #require(ledger.places(named: "春江小区/5幢/2单元").first).id
    let next = (ledger.alerts.keys.max()?.rawValue ?? 0) + 1
    let laneRings = send(
      .alertRaised(
        AlertRaise(id: AlertID(next), kind: .blockedFireLane, place: stairwell, household: nil, text: "堆物")),
      to: &app)
    #expect(laneRings.isEmpty)
    let fireRings = send(
      .alertRaised(
        AlertRaise(id: AlertID(next + 1), kind: .bikeShedFire, place: stairwell, household: nil, text: "烟感")),
      to: &app)
    #expect(fireRings == [.bell])
    let lines = render(app)
    #expect(
      lines[32]
        == "│                                                                                ││   20:45 消防通道堆物 春江小区5幢2… │"
    )
    #expect(
      lines[33]
        == "│                                                                                ││  ●20:45 车棚火情 春江小区5幢2单元 …│"
    )
    let screen = screenBuffer(of: app)
    let fire = try #require(firstCell("车", row: 33, in: screen))
    let lane = try #require(firstCell("消", row: 32, in: screen))
    #expect(fire.style.reverse && fire.style.foreground == app.theme[.critical])
    #expect(!lane.style.reverse && lane.style.foreground == app.theme[.danger])
    // The header's alert count (the demo's cameras' and meters' open ones and these two) takes the
    // warning colour once there are any.
    let active = app.ledger.alerts.values.filter { $0.clearedAt == nil }.count
    #expect(active > 2)
    #expect(lines[2].contains("告警 \(active) "))
    #expect(firstCell("告", row: 2, in: screen)?.style == app.theme.style(.warn).bolded())
    #expect(firstCell("超", row: 2, in: screen)?.style == app.theme.style(.text))
    // Selecting it in its pane takes the mark off; the lane above it, selected first, does not.
    press(&app, .tab, .tab, .tab)
    #expect(!app.newArrivals.isEmpty)
    press(&app, .down)
    #expect(app.newArrivals.isEmpty && !render(app)[33].contains("●"))
  }

  @Test("without colour (NO_COLOR, the mono theme) a tile with tickets reads apart from one without")
  func withoutColour() throws {
    let ledger = try chunjiang().ledger
    let mono = try Theme.load(
      path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes/mono.toml").path)
    for theme in [Theme.fallback.downgraded(to: .none), mono] {
      let app = Dashboard(
        ledger: ledger, now: pinnedNow, theme: theme, operatorName: "王芳",
        screenSize: Size(width: 100, height: 30))
      let backend = TestBackend(width: 100, height: 30)
      Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
      #expect(backend.buffer.cells.allSatisfy { ($0.style.foreground ?? .default) == .default })
      // Stairwells 2单元 of 8幢 and 10幢 have a ticket each (▪1), the others none (□).
      #expect(
        Array(backend.lines[4...8]) == [
          "┌  全域图 · 开放工单  ─────────────────────────────────────  开 2  ┐┌  待办工单  ─────────────  2  ┐",
          "│□ 无工单  ▪ 1单  ■ 2单  ▲ 3–4单  ✖ ≥5单                           ││#     级   剩余    事项       │",
          "│春江小区微网格        ▸□   □   □   □   □   □   □   □   □         2││#1007 一般 1d18h   楼道堆物影…│",
          "│                       □   □   □   □   □   □   □   □   □          ││#1008 一般 2d15h   增设无障碍…│",
          "│                       □   □   □   □   □   ▪1  □   ▪1             ││                              │",
        ])
      #expect(
        firstCell("▸", row: 6, in: backend.buffer)?.style.reverse == true, "the cursor shows without colour")
    }
  }
}

/// The screen, styles included, through the renderer the terminal uses.
func screenBuffer(of app: Dashboard) -> Buffer {
  let backend = TestBackend(width: app.screenSize.width, height: app.screenSize.height)
  Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
  return backend.buffer
}

/// The first cell on `row`, from column `from`, that shows `symbol`.
func firstCell(_ symbol: String, row: Int, in buffer: Buffer, from: Int = 0) -> Cell? {
  (from..<buffer.area.width).lazy.map { buffer.cell(x: $0, y: row) }.first { $0.symbol == symbol }
}
