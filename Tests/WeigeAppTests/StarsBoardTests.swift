import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// 江三社区 with thirty days of history at the pinned moment: long enough to cross 1 November,
/// when October's 先锋 are chosen.
private let jiangsan30 = try! recordedDemo(.jiangsan, days: 30)

@Suite("The board of stars and the 红黑榜, the 星级 lens, and the wall that shows them")
struct StarsBoardTests {
  @Test(
    "the board on 江三社区, whole",
    arguments: [
      (Language.zh, 80, 24), (.zh, 160, 48), (.en, 80, 24), (.en, 160, 48),
    ])
  func golden(language: Language, width: Int, height: Int) throws {
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: pinnedNow, theme: .fallback, language: language, operatorName: "王芳",
      screenSize: Size(width: width, height: height))
    press(&app, .character("S"))
    try expectGolden(drawn(app), named: "stars-jiangsan-\(language.rawValue)-\(width)x\(height)")
  }

  @Test("S opens the board; the selected stairwell's rules explain its stars; Enter opens it, S comes back")
  func keys() throws {
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: pinnedNow, theme: .fallback, operatorName: "王芳",
      screenSize: Size(width: 160, height: 48))
    press(&app, .character("S"))
    #expect(app.navigation.details == [.stars])
    let ratings = app.boardRatings()
    #expect(ratings.count == 94)
    #expect(zip(ratings, ratings.dropFirst()).allSatisfy { $0.stars >= $1.stars })
    press(&app, .down, .down)
    let chosen = ratings[2]
    let screen = render(app)
    let title = app.ledger.fieldName(of: chosen.stairwell) + " " + chosen.glyphs
    #expect(screen.contains { $0.contains(title) })
    for reason in chosen.reasons {
      #expect(screen.contains { $0.contains((reason.earned ? "★ " : "☆ ")) && $0.contains(reason.chinese) })
    }
    press(&app, .enter)
    #expect(app.navigation.details == [.stars, .stairwell(chosen.stairwell)])
    press(&app, .character("S"))
    #expect(app.navigation.details == [.stars])
    press(&app, .character("S"))
    #expect(app.navigation.details.isEmpty)
  }

  @Test("the 星级 lens colours a stairwell by its stars: full stars calm, none the worst")
  func lens() throws {
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: pinnedNow, theme: .fallback, operatorName: "王芳",
      screenSize: Size(width: 160, height: 48))
    press(&app, .character("7"))
    #expect(app.lens == .stars)
    let ratings = Dictionary(uniqueKeysWithValues: app.boardRatings().map { ($0.stairwell, $0) })
    let units = app.map().units
    let classes = app.tileClasses()
    var seen = Set<Int>()
    for (unit, level) in zip(units, classes) {
      guard let rating = ratings[unit.place] else { continue }
      // Four rules, one class a star.
      #expect(level == rating.maximum - rating.stars)
      seen.insert(level)
    }
    #expect(seen.count > 1)
    let screen = render(app)
    #expect(screen.contains { $0.contains("全域图 · 星级楼道") })
    // The status line under the cursor says the stairwell's stars.
    let first = try #require(ratings[units[app.navigation.cursor].place])
    #expect(screen.contains { $0.contains("· 星级 " + first.glyphs + " ") })
  }

  @Test(
    "a wall shows the stars' board, then the 揭榜 board, after its last lens, says so, and goes back to its first lens and map"
  )
  func wallCycle() throws {
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: pinnedNow, theme: .fallback, operatorName: "大屏", isWall: true,
      screenSize: Size(width: 120, height: 40))
    app.lensCycleSeconds = 10
    func shownNow() -> String {
      switch app.navigation.details {
      case [.stars]: "board"
      case [.openCalls]: "calls"
      default: "\(app.lens)"
      }
    }
    var shown: [String] = []
    for _ in 0..<(Lens.peaceTime.count + 2) {
      shown.append(shownNow())
      _ = app.update(.message(.cycleLens))
    }
    shown.append(shownNow())
    #expect(shown == Lens.peaceTime.map { "\($0)" } + ["board", "calls", "openTickets"])
    #expect(app.navigation.details.isEmpty)
    for _ in 0..<(Lens.peaceTime.count - 1) { _ = app.update(.message(.cycleLens)) }
    _ = app.update(.message(.cycleLens))
    #expect(app.navigation.details == [.stars])
    #expect(render(app).last?.contains("星级与红黑榜 · 十一月 (本月) · 10 秒后切换") == true)
    #expect(render(app).contains { $0.contains("红黑榜 · 十一月 (本月)") })
    // The 揭榜 board's turn: its counts and ranking, the wall's note in the footer, no keys offered.
    _ = app.update(.message(.cycleLens))
    let board = render(app)
    #expect(board.contains { $0.contains("揭榜赛比") && $0.contains("榜单 35") })
    #expect(board.last?.contains("揭榜赛比 · 10 秒后切换") == true, "\(board.last ?? "")")
    #expect(!board.contains { $0.contains("Enter  详情") })
    // A district that has posted nothing has no 揭榜 turn: from the stars' board to the first lens.
    var places = Ledger()
    for place in jiangsan30.ledger.places.values.sorted(by: { $0.id < $1.id }) {
      try places.execute(.placeAdded(place), at: pinnedNow, actor: "底数导入")
    }
    var bare = Dashboard(
      ledger: places, now: pinnedNow, theme: .fallback, operatorName: "大屏", isWall: true,
      screenSize: Size(width: 120, height: 40))
    for _ in 0..<Lens.peaceTime.count { _ = bare.update(.message(.cycleLens)) }
    #expect(bare.navigation.details == [.stars])
    _ = bare.update(.message(.cycleLens))
    #expect(bare.navigation.details.isEmpty && bare.lens == Lens.peaceTime[0])
  }

  /// 09:00 on 1 December in China: the demo's history ends on 21 November, so nothing of
  /// December has been done.
  static let monthStart = CivilMonth("2026-12")!.startInChina.adding(hours: 9)

  @Test("on the 1st the board, the lens and the wall show last month's stars, and say which month")
  func monthStart() throws {
    let november = CivilMonth("2026-11")!
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: Self.monthStart, theme: .fallback, operatorName: "王芳",
      screenSize: Size(width: 160, height: 48))
    press(&app, .character("S"))
    #expect(app.boardRatings().count == 94)
    #expect(app.boardRatings().allSatisfy { $0.month == november })
    let board = render(app)
    #expect(board.contains { $0.contains("星级楼道 · 十一月 (上月) · 江三社区") })
    #expect(board.contains { $0.contains("红黑榜 · 十一月 (上月)") })
    #expect(board.contains { $0.contains("志愿时长 · 十一月 (上月)") })
    press(&app, .character("S"), .character("7"))
    #expect(render(app).contains { $0.contains("全域图 · 星级楼道 · 十一月 (上月)") })
    app.language = .en
    #expect(render(app).contains { $0.contains("map · star rating · November (last month)") })

    var wall = Dashboard(
      ledger: jiangsan30.ledger, now: Self.monthStart, theme: .fallback, operatorName: "大屏", isWall: true,
      screenSize: Size(width: 120, height: 40))
    for _ in 0..<Lens.peaceTime.count { _ = wall.update(.message(.cycleLens)) }
    #expect(wall.navigation.details == [.stars])
    #expect(render(wall).last?.contains("星级与红黑榜 · 十一月 (上月)") == true)
  }

  @Test("the board at a month's start, whole", arguments: [(Language.zh, 160, 48), (.en, 120, 40)])
  func monthStartGolden(language: Language, width: Int, height: Int) throws {
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: Self.monthStart, theme: .fallback, language: language,
      operatorName: "王芳",
      screenSize: Size(width: width, height: height))
    press(&app, .character("S"))
    try expectGolden(drawn(app), named: "stars-monthstart-jiangsan-\(language.rawValue)-\(width)x\(height)")
  }

  @Test(
    "at a month's start, a post vacated today leaves last month's team star on the board, as the CLI rates it"
  )
  func monthStartLiveTeam() throws {
    let november = CivilMonth("2026-11")!
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: Self.monthStart, theme: .fallback, operatorName: "王芳",
      screenSize: Size(width: 160, height: 48))
    press(&app, .character("S"))
    let before = app.boardRatings()
    let complete = try #require(
      before.first { $0.reasons.contains { $0.rule == .team && $0.earned } })
    let (assignment, person) = try #require(
      app.ledger.holders.first { assignment, people in
        // A team post held by as many as it has: vacating one leaves it short.
        let role = app.ledger.catalogue.role(assignment.role)
        return assignment.place == complete.stairwell && !people.isEmpty && role?.isReserve == false
          && people.count <= role?.posts ?? 0
      }.map {
        ($0.key, $0.value[0])
      })
    deliver(
      [
        NewEvent(
          time: Self.monthStart, actor: "王芳", body: .roleVacated(person, assignment, reason: "搬离"))
      ], to: &app)
    let after = try #require(app.boardRatings().first { $0.stairwell == complete.stairwell })
    #expect(after == complete, "November's team was complete at its end")
    #expect(app.boardRatings() == before, "nothing of November moved")
    #expect(
      app.ledger.starRating(of: complete.stairwell, in: november.next).reasons.first { $0.rule == .team }?
        .earned
        == false, "December's team is short")
  }

  @Test("events on the board re-rate the stairwells they touch, and it equals rating every stairwell again")
  func incremental() throws {
    let november = CivilMonth("2026-11")!
    var app = Dashboard(
      ledger: jiangsan30.ledger, now: pinnedNow, theme: .fallback, operatorName: "王芳",
      screenSize: Size(width: 160, height: 48))
    press(&app, .character("S"))
    let before = app.boardRatings()
    let weakest = try #require(before.last)
    let ledger = app.ledger
    var bodies: [EventBody] = ledger.householdsByStairwell[weakest.stairwell, default: []].map {
      .visitRecorded($0, visitor: nil, note: "每月走访")
    }
    if ledger.recognition.conventions[weakest.stairwell] == nil {
      bodies.append(.conventionAdopted(weakest.stairwell, title: "文明楼道公约"))
    }
    let strongest = try #require(before.first)
    if let (assignment, person) = ledger.holders.first(where: {
      $0.key.place == strongest.stairwell && !$0.value.isEmpty
    }).map({ ($0.key, $0.value[0]) }) {
      bodies.append(.roleVacated(person, assignment, reason: "搬离"))
    }
    bodies.append(
      .honourAwarded(
        Honour(kind: .red, subject: .stairwell(weakest.stairwell), month: november, reason: "整改到位")))
    for body in bodies {
      deliver([NewEvent(time: pinnedNow, actor: "王芳", body: body)], to: &app)
      let whole = app.ledger.starRatings(under: nil, in: november).enumerated().sorted {
        ($0.element.stars, -$0.offset) > ($1.element.stars, -$1.offset)
      }.map(\.element)
      #expect(app.boardRatings() == whole, "\(body.kind.name)")
    }
    let after = try #require(app.boardRatings().first { $0.stairwell == weakest.stairwell })
    #expect(after.stars > weakest.stars)
  }
}
