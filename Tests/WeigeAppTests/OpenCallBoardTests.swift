import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

@Suite("The 揭榜 board (J), as text")
struct OpenCallBoardTests {
  /// The board on 江三社区's week of history, at the pinned moment.
  func board(_ language: Language = .zh, width: Int, height: Int) -> Dashboard {
    let (ledger, events) = GoldenScreenTests.jiangsan
    var app = Dashboard(
      ledger: ledger, now: pinnedNow, theme: .fallback, language: language, operatorName: "王芳",
      screenSize: Size(width: width, height: height), recent: Array(events.suffix(50)))
    press(&app, .character("J"))
    return app
  }

  @Test("J opens the board over the map, J again closes it, and Esc does too")
  func key() {
    var app = board(width: 120, height: 40)
    #expect(app.navigation.details == [.openCalls])
    #expect(render(app).contains { $0.contains("揭榜赛比") && $0.contains("榜单 35") })
    press(&app, .character("J"))
    #expect(app.navigation.details.isEmpty)
    press(&app, .character("J"), .escape)
    #expect(app.navigation.details.isEmpty)
  }

  @Test("the palette's calls command opens the board, found by its name or its Chinese initials")
  func palette() {
    let (ledger, _) = GoldenScreenTests.jiangsan
    for query in ["calls", "jbsb"] {
      var app = dashboard(ledger, width: 120, height: 40)
      press(&app, .character(":"))
      type(query, into: &app)
      #expect(app.palette.input?.rows.first?.text == "calls 揭榜赛比：三张清单与共建单位排名", "\(query)")
      press(&app, .enter)
      #expect(app.navigation.details == [.openCalls], "\(query)")
    }
  }

  @Test(
    "the board on 江三社区, whole",
    arguments: [(Language.zh, 80, 24), (.zh, 160, 48), (.en, 80, 24), (.en, 160, 48)])
  func golden(language: Language, width: Int, height: Int) throws {
    try expectGolden(
      drawn(board(language, width: width, height: height)),
      named: "opencalls-jiangsan-\(language.rawValue)-\(width)x\(height)")
  }

  /// Chinese titles and unit names are two columns a character: every item row's list and state
  /// cells start in the same terminal column, whatever came before them.
  @Test("CJK cells line up in columns", arguments: [(Language.zh, 80), (.zh, 160), (.en, 160)])
  func aligned(language: Language, width: Int) {
    let rows = render(board(language, width: width, height: 48)).filter { $0.contains(#/│ ?J\d+ /#) }
    #expect(rows.count > 10)
    func column(of pattern: Regex<Substring>, in row: String) -> Int? {
      guard let match = row.firstMatch(of: pattern) else { return nil }
      return TextWidth.of(String(row[..<match.range.lowerBound]))
    }
    let lists = Set(rows.compactMap { column(of: language == .zh ? #/[需项服] /# : #/ [NPS] /#, in: $0) })
    #expect(lists.count == 1, "\(rows)")
    let dates = Set(rows.compactMap { column(of: #/\d\d-\d\d /#, in: $0) })
    #expect(dates.count == 1, "\(rows)")
  }

  @Test("the requests waiting (待审点单) stand under the ranking, oldest first; an item says where it came from")
  func requests() throws {
    let (ledger, _) = GoldenScreenTests.jiangsan
    let pending = ledger.openCalls.pendingRequests
    #expect(!pending.isEmpty)
    for (language, width) in [(Language.zh, 160), (.zh, 80), (.en, 160)] {
      let rows = render(board(language, width: width, height: 48))
      // The count beside the board's others, and the list's title.
      let count = language("待审点单 \(pending.count)  ", "requests \(pending.count)  ")
      let title = language(
        "待审点单 \(pending.count) · 派单或答复", "requests waiting \(pending.count) · post or decline")
      #expect(
        rows.filter { $0.contains(count) }.count == 1 && rows.filter { $0.contains(title) }.count == 1,
        "\(rows)")
      let lines = pending.map { record in
        rows.firstIndex { $0.contains("\(record.id) ") && $0.contains(record.request.wish) }
      }
      #expect(lines.allSatisfy { $0 != nil } && lines == lines.sorted { $0! < $1! }, "\(rows)")
    }
    // Enter on an item that answers a request: its detail names the request, who asked and how.
    var app = board(width: 160, height: 48)
    let calls = ledger.openCalls.ordered(at: pinnedNow)
    let index = try #require(calls.firstIndex { $0.posting.request != nil })
    for _ in 0..<index { press(&app, .down) }
    press(&app, .enter)
    let request = try #require(ledger.openCalls.requests[calls[index].posting.request!])
    let detail = render(app)
    #expect(
      detail.contains {
        $0.contains("来源 点单 \(request.id) · \(request.request.requesterName(in: ledger, .zh))")
      }, "\(detail)")
    // One the community posted unasked says so.
    var unasked = board(width: 160, height: 48)
    let other = try #require(calls.firstIndex { $0.posting.request == nil })
    for _ in 0..<other { press(&unasked, .down) }
    press(&unasked, .enter)
    #expect(render(unasked).contains { $0.contains("来源 社区发布") })
  }

  @Test("overdue items come first and say so; the ranking puts the most completed on top")
  func order() throws {
    let (ledger, _) = GoldenScreenTests.jiangsan
    let rows = render(board(width: 160, height: 48))
    let overdue = ledger.openCalls.counts(at: pinnedNow).overdue
    #expect(overdue > 0)
    let items = rows.filter { $0.contains(#/│ ?J\d+ /#) }
    #expect(items.prefix(overdue).allSatisfy { $0.contains("已超时") }, "\(items)")
    #expect(!items.dropFirst(overdue).contains { $0.contains("已超时") })
    let best = try #require(ledger.openCalls.standings().first)
    #expect(rows.contains { $0.contains(" 1 ") && $0.contains(best.unit.name) })
  }
}
