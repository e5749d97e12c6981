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
func countedFromLedger(_ place: PlaceID, in ledger: Ledger, now: Timestamp) -> AreaFigures {
  let inside = ledger.subtree(of: place)
  let places = Set(inside)
  let monthStart = now.startOfMonthInChina
  var f = AreaFigures()
  for ticket in ledger.tickets.values where places.contains(ticket.place) && ticket.status.isOpen {
    f.openTickets += 1
    // Overdue as the duty desk's clocks say: its 签收 or its 办结 has run out.
    let clocks = Deadline.clocks(of: ticket, calendar: .shipped)
    if [clocks.sign, clocks.resolve].contains(where: { $0?.phase(at: now) == .overdue }) {
      f.overdueTickets += 1
    }
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
            let expected = expectedClass(of: unit.place, lens: lens, in: ledger, now: pinnedNow)
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

  @Test(
    "binjiang at 160×48: grids take their stairwells' tickets, the legend its ramp, each group its figure")
  func binjiangScreen() throws {
    var app = dashboard(binjiangWithHistory, width: 160, height: 48)
    // Open tickets: a grid's tile and each community's figure are sums, the title the header's
    // 开; the status line names the grid within its compound.
    #expect(
      render(app) == [
        "┌  微格 › 滨江区  ────────────────────────────────────────────────────────────────────────────────────────────────────────  平时 ─ 11-21 20:45:00 ─ 值班 王芳  ┐",
        "│户 90,216  楼道 2,579  在岗 99.2%  党员 29/35/27%  本月走访 11.7%                                                                                             │",
        "│工单 开 360 超时 24 今日办结 189 满意 4.3   告警 5   聚合到网格                                                                                               │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
        "┌  全域图 · 开放工单  ────────────────────────────────────────────────────────────────────────────  开 360  ┐┌  待办工单  ──────────────────────────────  360  ┐",
        "│□ 无工单  ▪ 1单  ■ 2单  ▲ 3–4单  ✖ ≥5单  图块为合计                                                        ││#     级   剩余     地点 事项                    │",
        "│江三社区    ▸▪ ▪ ■ ▪ ■ ■ ■                         11 民庭社区     ▪ ■ ▪ ▪                                5││#1741 特急 1h15m    西襄花园2幢2单元 困难家庭子… │",
        "│马桥社区     ■ □ ▲ □                                5 杏华社区     ■ ▲ ▪ □                                6││#1241 急   超2d9h   河华家园8幢1单元 独居老人行… │",
        "│伟纷社区     ▪ ▪ ■ ▪                                5 江映社区     ■ □ □                                  2││#1601 急   超13h9m  金香家园13幢3单元 残疾居民出…│",
        "│闻江社区     ✖ □ ▲ □                                9 映绣社区     □ □ ■ ▪                                3││#1671 急   超11h52m 伟竹花园12幢4单元 夜间噪音扰…│",
        "│映桂社区     ■ ■ ▪ ▲                                8 联民社区     ■ ▲ □ ▪                                6││#1638 急   超8h58m  荷星花园12幢3单元 夜间噪音扰…│",
        "│月西社区     ■ ▪ ▲ ▲                               10 庭海社区     ▲ ▲ ▪ ■                                9││#1555 急   超4h31m  波南花园15幢2单元 增设电动车…│",
        "│涛樟社区     ▪ ▲ ▲ ▪                                9 杏马社区     ■ ▲ ■                                  7││#1697 急   1h41m    菱竹花园2幢2单元 雨污管网老… │",
        "│河明社区     ■ ■ □ ▪                                5 马湘社区     ▪ ▲ ✖                                  9││#1916 急   3h40m    桂联小区4幢2单元 高空晾晒滴水│",
        "│桂春社区     ■ ▲ ▲                                  9 伟锦社区     ■ ■ ▲ ▪                                9││#1778 急   4h58m    滨河苑12幢3单元 垃圾分类投放…│",
        "│波灵社区     □ ■ ▪ ▪                                4 闻河社区     □ □ ▲ ▲                                6││#1774 急   6h49m    竹樟公寓4幢1单元 夜间噪音扰民│",
        "│枫钟社区     ▪ ■ □ ▪                                4 闻缤社区     ■ ▲ □                                  5││#1894 急   7h56m    白新家园12幢2单元 车辆占用消…│",
        "│涛河社区     ▪ ▪ ■ ▪                                5 花襄社区     □ □ ▲                                  3││#1765 急   8h19m    彩新苑8幢1单元 邻里停车纠纷  │",
        "│浦江社区     ▲ □ ▪ ■                                6 枫华社区     ▲ □ ■                                  6││#1861 急   8h36m    竹塘公寓5幢1单元 宠物粪便无… │",
        "│桥山社区     ▲ ■ ▪ ■                                8 花春社区     ▲ ■ ▪ ▪                                7││#1840 急   8h44m    春翠苑8幢1单元 楼上渗水漏到… │",
        "│湖钱社区     ■ ■ □ ▪                                5 民波社区     ■ □ ■                                  4││#1758 急   9h58m    马明新村7幢3单元 垃圾分类投… │",
        "│业兴社区     □ ■ ▪                                  3 香南社区     ▪ ■ □                                  3││#1842 急   11h39m   长江西苑9幢1单元 小区停车位… │",
        "│灵菱社区     ▪ ▪ ▪ ■                                5 荷金社区     ▪ ▪ ■ ■                                6││#1912 急   12h56m   桂枫花园9幢3单元 宠物粪便无… │",
        "│滨西社区     ▪ ▪ ▪ ✖                                8 花灵社区     ▲ ▪ ✖                                  9││#1718 急   13h5m    庆明小区15幢1单元 老人就医需…│",
        "│庭金社区     ▪ ▪ □ ✖                               10 沿信社区     ▲ □ ▪ ✖                                9│└─────────────────────────────────────────────────┘",
        "│林绣社区     ▪ ▪ ▪ ▪                                4 湖映社区     □ ▪ ▪ ■                                4│┌  实时动态  ─────────────────────────────────────┐",
        "│灵浦社区     ✖ ■ ▪                                  9                                                      ││                                                 │",
        "│彩江社区     ▪ □ □                                  1                                                      ││                                                 │",
        "│灵林社区     □ ■ ▪ ▪                                4                                                      ││                                                 │",
        "│菱江社区     ■ ▲ □                                  5                                                      ││                                                 │",
        "│杏虹社区     ▪ ▲ □                                  4                                                      ││                                                 │",
        "│兴庭社区     ▪ ▪ ▪                                  3                                                      ││                                                 │",
        "│彩波社区     ■ ■ ▲ ▪                                8                                                      ││                                                 │",
        "│望水社区     ▪ ■ □ □                                3                                                      ││                                                 │",
        "│襄樟社区     ▪ □ ▲                                  4                                                      ││                                                 │",
        "│花沙社区     ▲ ▪ ▪ ▪                                7                                                      ││                                                 │",
        "│华襄社区     ▪ ▲ ▪ □                                5                                                      │└─────────────────────────────────────────────────┘",
        "│星庭社区     ▲ ▲ ■ ▪                                9                                                      │┌  告警  ────────────────────────────────────  5  ┐",
        "│沙沿社区     □ □ ▪ ■                                3                                                      ││   20:00 车棚火情 云浦公寓2幢2单元 车棚烟感报警  │",
        "│香绣社区     □ ▪ □ ✖                                6                                                      ││   19:22 高空抛物 云钟苑9幢3单元 3单元 摄像头识… │",
        "│业星社区     ▲ ▲ ■                                  8                                                      ││   11:23 消防通道堆物 沙浦小区8幢2单元 消防通道… │",
        "│潮金社区     ▪ ▪ ▲ ▲                                9                                                      ││   11-20 03:34 消防通道堆物 伟竹花园1幢2单元 消… │",
        "│滨山社区     □ ▪ ■ ■                                5                                                      ││   11-18 18:03 车棚火情 民湘苑1幢4单元 车棚烟感… │",
        "│钱竹社区     ▪ ▪ ▲ ▪                                6                                                      ││                                                 │",
        "│望湖社区     ▪ ▪ ▲ ▪                                7                                                      ││                                                 │",
        "│波山社区     ▪ □ □ ■                                3                                                      ││                                                 │",
        "└─ 长江小区 第一微网格 · 户 346 · 开 1 · 超时 0 · 走访 32/346 · 空缺 0 · 关怀 29 ───────────────────────────┘└─────────────────────────────────────────────────┘",
        "  ?  帮助   /  过滤   Tab  切换   Enter  下钻   Esc  返回   c  镜头   w  战时   q  退出   :  命令                                                               ",
      ])
    // Visits in English: a share under 50% is ✖ whatever the theme, and the figures are shares.
    press(&app, .character("3"))
    app.language = .en
    #expect(
      render(app) == [
        "┌  微格 › 滨江区  ────────────────────────────────────────────────────────────────────────────────────────────────────  peace ─ 11-21 20:45:00 ─ on duty 王芳  ┐",
        "│households 90,216  stairwells 2,579  posts filled 99.2%  party 29/35/27%  visited this month 11.7%                                                            │",
        "│tickets open 360 overdue 24 resolved today 189 rating 4.3   alerts 5   aggregated to grids                                                                    │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
        "┌  map · visits this month  ─────────────────────────────────────────────────────────────────  visited 11%  ┐┌  open tickets  ──────────────────────────  360  ┐",
        "│□ all visited  ▪ ≥90%  ■ ≥75%  ▲ ≥50%  ✖ <50%  a tile sums its stairwells                                  ││#     lvl      left    place · matter            │",
        "│江三社区    ▸✖ ✖ ✖ ✖ ✖ ✖ ✖                        11% 民庭社区     ✖ ✖ ✖ ✖                              11%││#1741 critical 1h15m   西襄花园2幢2单元 困难家庭…│",
        "│马桥社区     ✖ ✖ ✖ ✖                              12% 杏华社区     ✖ ✖ ✖ ✖                              10%││#1241 urgent   -2d9h   河华家园8幢1单元 独居老人…│",
        "│伟纷社区     ✖ ✖ ✖ ✖                              11% 江映社区     ✖ ✖ ✖                                11%││#1601 urgent   -13h9m  金香家园13幢3单元 残疾居… │",
        "│闻江社区     ✖ ✖ ✖ ✖                              12% 映绣社区     ✖ ✖ ✖ ✖                              11%││#1671 urgent   -11h52m 伟竹花园12幢4单元 夜间噪… │",
        "│映桂社区     ✖ ✖ ✖ ✖                              12% 联民社区     ✖ ✖ ✖ ✖                              11%││#1638 urgent   -8h58m  荷星花园12幢3单元 夜间噪… │",
        "│月西社区     ✖ ✖ ✖ ✖                              13% 庭海社区     ✖ ✖ ✖ ✖                              11%││#1555 urgent   -4h31m  波南花园15幢2单元 增设电… │",
        "│涛樟社区     ✖ ✖ ✖ ✖                              12% 杏马社区     ✖ ✖ ✖                                11%││#1697 urgent   1h41m   菱竹花园2幢2单元 雨污管网…│",
        "│河明社区     ✖ ✖ ✖ ✖                              12% 马湘社区     ✖ ✖ ✖                                12%││#1916 urgent   3h40m   桂联小区4幢2单元 高空晾晒…│",
        "│桂春社区     ✖ ✖ ✖                                11% 伟锦社区     ✖ ✖ ✖ ✖                              12%││#1778 urgent   4h58m   滨河苑12幢3单元 垃圾分类… │",
        "│波灵社区     ✖ ✖ ✖ ✖                              11% 闻河社区     ✖ ✖ ✖ ✖                              12%││#1774 urgent   6h49m   竹樟公寓4幢1单元 夜间噪音…│",
        "│枫钟社区     ✖ ✖ ✖ ✖                              13% 闻缤社区     ✖ ✖ ✖                                11%││#1894 urgent   7h56m   白新家园12幢2单元 车辆占… │",
        "│涛河社区     ✖ ✖ ✖ ✖                              12% 花襄社区     ✖ ✖ ✖                                11%││#1765 urgent   8h19m   彩新苑8幢1单元 邻里停车纠…│",
        "│浦江社区     ✖ ✖ ✖ ✖                              11% 枫华社区     ✖ ✖ ✖                                11%││#1861 urgent   8h36m   竹塘公寓5幢1单元 宠物粪便…│",
        "│桥山社区     ✖ ✖ ✖ ✖                              10% 花春社区     ✖ ✖ ✖ ✖                              12%││#1840 urgent   8h44m   春翠苑8幢1单元 楼上渗水漏…│",
        "│湖钱社区     ✖ ✖ ✖ ✖                              11% 民波社区     ✖ ✖ ✖                                11%││#1758 urgent   9h58m   马明新村7幢3单元 垃圾分类…│",
        "│业兴社区     ✖ ✖ ✖                                12% 香南社区     ✖ ✖ ✖                                10%││#1842 urgent   11h39m  长江西苑9幢1单元 小区停车…│",
        "│灵菱社区     ✖ ✖ ✖ ✖                              10% 荷金社区     ✖ ✖ ✖ ✖                              11%││#1912 urgent   12h56m  桂枫花园9幢3单元 宠物粪便…│",
        "│滨西社区     ✖ ✖ ✖ ✖                              12% 花灵社区     ✖ ✖ ✖                                10%││#1718 urgent   13h5m   庆明小区15幢1单元 老人就… │",
        "│庭金社区     ✖ ✖ ✖ ✖                              12% 沿信社区     ✖ ✖ ✖ ✖                              12%│└─────────────────────────────────────────────────┘",
        "│林绣社区     ✖ ✖ ✖ ✖                              10% 湖映社区     ✖ ✖ ✖ ✖                              11%│┌  live feed  ────────────────────────────────────┐",
        "│灵浦社区     ✖ ✖ ✖                                10%                                                      ││                                                 │",
        "│彩江社区     ✖ ✖ ✖                                11%                                                      ││                                                 │",
        "│灵林社区     ✖ ✖ ✖ ✖                              10%                                                      ││                                                 │",
        "│菱江社区     ✖ ✖ ✖                                11%                                                      ││                                                 │",
        "│杏虹社区     ✖ ✖ ✖                                12%                                                      ││                                                 │",
        "│兴庭社区     ✖ ✖ ✖                                11%                                                      ││                                                 │",
        "│彩波社区     ✖ ✖ ✖ ✖                              11%                                                      ││                                                 │",
        "│望水社区     ✖ ✖ ✖ ✖                              12%                                                      ││                                                 │",
        "│襄樟社区     ✖ ✖ ✖                                11%                                                      ││                                                 │",
        "│花沙社区     ✖ ✖ ✖ ✖                              11%                                                      ││                                                 │",
        "│华襄社区     ✖ ✖ ✖ ✖                              12%                                                      │└─────────────────────────────────────────────────┘",
        "│星庭社区     ✖ ✖ ✖ ✖                              10%                                                      │┌  alerts  ──────────────────────────────────  5  ┐",
        "│沙沿社区     ✖ ✖ ✖ ✖                              11%                                                      ││   20:00 bike-shed fire 云浦公寓2幢2单元 车棚烟… │",
        "│香绣社区     ✖ ✖ ✖ ✖                              12%                                                      ││   19:22 thrown object 云钟苑9幢3单元 3单元 摄像…│",
        "│业星社区     ✖ ✖ ✖                                11%                                                      ││   11:23 blocked fire lane 沙浦小区8幢2单元 消防…│",
        "│潮金社区     ✖ ✖ ✖ ✖                              11%                                                      ││   11-20 03:34 blocked fire lane 伟竹花园1幢2单… │",
        "│滨山社区     ✖ ✖ ✖ ✖                              12%                                                      ││   11-18 18:03 bike-shed fire 民湘苑1幢4单元 车… │",
        "│钱竹社区     ✖ ✖ ✖ ✖                              12%                                                      ││                                                 │",
        "│望湖社区     ✖ ✖ ✖ ✖                              11%                                                      ││                                                 │",
        "│波山社区     ✖ ✖ ✖ ✖                              11%                                                      ││                                                 │",
        "└─ 长江小区 第一微网格 · hh 346 · open 1 · overdue 0 · visited 32/346 · vacant 0 · care 29 ─────────────────┘└─────────────────────────────────────────────────┘",
        "  ?  help   /  filter   Tab  pane   Enter  drill down   Esc  back   c  lens   w  war   q  quit   :  command                                                     ",
      ])
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
        "│来源 巡查   地点 滨江区 › 浦沿街道 › 春江社区 › 春江小区 › 春江小区微网格 › 1幢 › 1单元                               │",
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
    #expect(
      Array(render(app)[2...7]) == [
        "│工单 开 4 超时 0 今日办结 1 满意 3.8   告警 0   ● 1 条新的紧急事项                                                    │",
        "└──────────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘",
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
    #expect(!lane.style.reverse && lane.style.foreground == app.theme[.warn])
    // The header's alert count takes the warning colour once there are any.
    #expect(lines[2].contains("告警 2"))
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
