import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// Runs the palette's one append through to the screen as the runner does: the events go back
/// to the dashboard as the store recorded them. The summary the footer showed.
@discardableResult
private func send(_ effects: [DashboardEffect], to app: inout Dashboard) throws -> String {
  let appends = storeAppends(in: effects)
  try #require(appends.count == 1)
  deliver(appends[0].events, to: &app)
  return appends[0].summary
}

@Suite("揭榜 from the palette, and an item's detail")
struct OpenCallPaletteTests {
  static let ledger = try! jiangsan()

  @Test("call claim: an open item by its number, a unit by name; the board shows the claim once it is back")
  func claim() throws {
    let board = Self.ledger.openCalls
    let call = try #require(board.ordered(at: pinnedNow).first { $0.status == .open })
    let unit = try #require(Array(board.units.values).first)
    var app = dashboard(Self.ledger, width: 160, height: 48)
    press(&app, .character("J"), .character(":"))
    type("call claim ", into: &app)
    #expect(app.palette.input?.command == .callClaim)
    #expect(
      app.palette.input?.rows.allSatisfy {
        if case .openCall(let id) = $0.item { board.calls[id]?.status == .open } else { false }
      } == true, "only open items are offered")
    type("\(call.id)", into: &app)
    press(&app, .enter)
    type(unit.name, into: &app)
    #expect(render(app).contains { $0.contains("┃: call claim › \(call.id) › \(unit.name)▏") })
    let sent = press(&app, .enter)
    #expect(app.palette.input == nil)
    let appends = storeAppends(in: sent)
    #expect(appends.first?.events.map(\.body) == [.openCallClaimed(call.id, unit: unit.id)])
    #expect(appends.first?.expected == ["opencalls": Self.ledger.versions[.openCalls]])
    #expect(app.ledger.openCalls.calls[call.id]?.status == .open, "nothing moves before the store answers")
    let summary = try send(sent, to: &app)
    #expect(summary == "揭榜 \(call.id) \(call.posting.title) ← \(unit.name)")
    #expect(app.ledger.openCalls.calls[call.id]?.unit == unit.id)
    let row = try #require(
      render(app).first { $0.hasPrefix("│\(call.id) ") || $0.hasPrefix("│ \(call.id) ") })
    // The taker's column names the unit; an item past its by-when says 已超时 before 已揭榜.
    let state = call.isOverdue(at: pinnedNow) ? "已超时" : "已揭榜"
    #expect(row.contains(state) && row.contains(unit.name) && row.contains(call.posting.title), "\(row)")
  }

  @Test(
    "call release offers claimed items only; one named by its number in another state is refused in Chinese")
  func refusals() throws {
    let board = Self.ledger.openCalls
    let open = try #require(board.ordered(at: pinnedNow).first { $0.status == .open })
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("call release ", into: &app)
    type("\(open.id)", into: &app)
    #expect(app.palette.input?.rows.first?.item == .openCall(open.id), "a number typed comes first")
    press(&app, .enter)
    #expect(app.palette.input?.error == "榜单 \(open.id) 当前为「待揭榜」；只有「已揭榜」的榜单才能退榜")
    app.language = .en
    press(&app, .enter)
    #expect(
      app.palette.input?.error == "item \(open.id) is 待揭榜; only a 已揭榜 item can be given back (退榜)")
  }

  @Test(
    "call post asks for the list, the place, the title, what is needed and by when, and posts at the next number"
  )
  func post() throws {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("call post ", into: &app)
    type("services", into: &app)
    press(&app, .enter)
    type("jssq", into: &app)
    press(&app, .enter)
    type("夜间应急修锁", into: &app)
    press(&app, .enter)
    type("锁匠1名", into: &app)
    press(&app, .enter)
    type("3天后", into: &app)
    press(&app, .enter)
    #expect(app.palette.input?.error?.hasPrefix("'3天后' ") == true, "a by-when Core cannot read is refused")
    // Backspace on an empty line takes the last argument back, as for every command.
    press(&app, .backspace)
    type("3d", into: &app)
    let sent = press(&app, .enter)
    #expect(app.palette.input?.error == nil)
    let body = try #require(storeAppends(in: sent).first?.events.first?.body)
    let id = Self.ledger.openCalls.nextCallID
    let community = try #require(Self.ledger.places.values.first { $0.name == "江三社区" })
    #expect(
      body
        == .openCallPosted(
          OpenCallPosting(
            id: id, list: .services, title: "夜间应急修锁", place: community.id, need: "锁匠1名",
            dueBy: pinnedNow.adding(hours: 72))))
    try send(sent, to: &app)
    #expect(app.ledger.openCalls.calls[id]?.posting.title == "夜间应急修锁")
  }

  @Test("progress, done, rate, then 撤榜 and 退榜 on others: each through Core, each on the item's timeline")
  func wholeLife() throws {
    let board = Self.ledger.openCalls
    let claimed = try #require(board.ordered(at: pinnedNow).filter { $0.status == .claimed }.first)
    let others = board.ordered(at: pinnedNow).filter { $0.status == .claimed && $0.id != claimed.id }
    let released = try #require(others.first)
    let withdrawn = try #require(board.ordered(at: pinnedNow).first { $0.status == .open })
    var app = dashboard(Self.ledger, width: 160, height: 48)
    /// `: COMMAND`, then each argument typed and Enter.
    func sendLast(_ words: [String]) throws {
      let effects = enter(words, into: &app)
      #expect(app.palette.input == nil, "\(words): \(app.palette.input?.error ?? "")")
      try send(effects, to: &app)
    }
    try sendLast(["call progress ", "\(claimed.id)", "已进场施工", "4人次"])
    try sendLast(["call done ", "\(claimed.id)", "已验收", "6"])
    try sendLast(["call rate ", "\(claimed.id)", "5"])
    try sendLast(["call release ", "\(released.id)", "人手不足"])
    try sendLast(["call withdraw ", "\(withdrawn.id)", "居民已自行解决"])
    let calls = app.ledger.openCalls.calls
    #expect(calls[claimed.id]?.status == .rated && calls[claimed.id]?.rating == 5)
    #expect(calls[claimed.id]?.personTimes == claimed.personTimes + 10)
    #expect(calls[released.id]?.status == .open && calls[released.id]?.unit == nil)
    #expect(calls[withdrawn.id]?.status == .withdrawn)
    #expect(calls[withdrawn.id]?.history.last?.note == "居民已自行解决")
  }

  @Test("点单 from the palette: a household's request, then posted from it (派单) or declined, each once")
  func requests() throws {
    var app = dashboard(Self.ledger, width: 160, height: 48)
    let asked = enter(["call request ", "长江小区 1幢1单元 101", "hotline", "楼道增设扶手"], into: &app)
    #expect(app.palette.input == nil, "\(app.palette.input?.error ?? "")")
    let id = Self.ledger.openCalls.nextRequestID
    let body = try #require(storeAppends(in: asked).first?.events.first?.body)
    guard case .openCallRequested(let request) = body, case .household(let home) = request.requester else {
      Issue.record("not a household's request: \(body)")
      return
    }
    #expect(request.id == id && request.channel == .hotline && request.wish == "楼道增设扶手")
    #expect(request.place == Self.ledger.households[home]?.stairwell)
    try send(asked, to: &app)

    // The request argument offers only requests awaiting the community.
    press(&app, .character(":"))
    type("call dispatch ", into: &app)
    #expect(
      app.palette.input?.rows.allSatisfy {
        if case .request(let offered) = $0.item {
          app.ledger.openCalls.requests[offered]?.state == .pending
        } else {
          false
        }
      } == true)
    #expect(app.palette.input?.rows.count == app.ledger.openCalls.pendingRequests.count)
    press(&app, .escape)
    let posted = enter(["call dispatch ", "\(id)", "needs", "工人2名", "7d"], into: &app)
    #expect(app.palette.input == nil, "\(app.palette.input?.error ?? "")")
    let call = app.ledger.openCalls.nextCallID
    #expect(
      storeAppends(in: posted).first?.events.first?.body
        == .openCallPosted(
          OpenCallPosting(
            id: call, list: .needs, title: "楼道增设扶手", place: request.place, need: "工人2名",
            dueBy: pinnedNow.adding(hours: 7 * 24), request: id)))
    try send(posted, to: &app)
    #expect(app.ledger.openCalls.requests[id]?.decision == .posted(call))

    // Another waiting request declined with the reason the resident is told; it leaves the list.
    let waiting = try #require(app.ledger.openCalls.pendingRequests.first)
    let declined = enter(["call decline ", "\(waiting.id)", "不属社区公共事务"], into: &app)
    #expect(app.palette.input == nil, "\(app.palette.input?.error ?? "")")
    #expect(try send(declined, to: &app) == "点单未采纳 \(waiting.id) \(waiting.request.wish)：不属社区公共事务")
    #expect(!app.ledger.openCalls.pendingRequests.contains { $0.id == waiting.id })
    // A blank reason is asked for again, by the argument's name.
    let next = try #require(app.ledger.openCalls.pendingRequests.first)
    _ = enter(["call decline ", "\(next.id)", " "], into: &app)
    #expect(app.palette.input?.error == "请先输入不予采纳的理由，再按 Enter", "\(app.palette.input?.error ?? "")")
  }

  @Test("a count of person-times that is not a number is refused with the form it takes")
  func servedWords() throws {
    let claimed = try #require(Self.ledger.openCalls.calls.values.first { $0.status == .claimed })
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("call progress ", into: &app)
    for word in ["\(claimed.id)", "已上门", "四个"] {
      type(word, into: &app)
      press(&app, .enter)
    }
    #expect(app.palette.input?.error == "'四个' 不是服务人次：写一个整数，如 6（没有则写 0）")
  }

  @Test("Enter on the board opens the selected item; J goes back to the board")
  func detail() throws {
    var app = dashboard(Self.ledger, width: 160, height: 48)
    press(&app, .character("J"), .down, .down)
    let selected = try #require(app.selectedCall())
    press(&app, .enter)
    #expect(app.navigation.details == [.openCalls, .openCall(selected.id)])
    let screen = render(app)
    #expect(screen.contains { $0.contains("榜单 \(selected.id) · \(selected.posting.title)") })
    #expect(screen.contains { $0.contains(selected.posting.need) })
    #expect(screen.contains { $0.contains("全程记录") })
    press(&app, .character("J"))
    #expect(app.navigation.details == [.openCalls])
  }

  @Test("on an item's detail, the palette offers that item first when it takes the step")
  func itemInView() throws {
    var app = dashboard(Self.ledger, width: 160, height: 48)
    press(&app, .character("J"))
    for _ in Self.ledger.openCalls.calls.values where app.selectedCall()?.status != .claimed {
      press(&app, .down)
    }
    let claimed = try #require(app.selectedCall())
    try #require(claimed.status == .claimed)
    press(&app, .enter, .character(":"))
    type("call done ", into: &app)
    #expect(app.palette.input?.rows.first?.item == .openCall(claimed.id))
    press(&app, .escape, .character(":"))
    type("call rate ", into: &app)
    #expect(app.palette.input?.rows.first?.item != .openCall(claimed.id), "a claimed item is not rated yet")
  }

  /// A rated item with progress reports, so every line of the detail has something to show.
  static func ratedItem() throws -> OpenCall {
    try #require(
      ledger.openCalls.calls.values.filter {
        $0.status == .rated && $0.history.contains { $0.kind == .progress }
      }
      .first)
  }

  @Test(
    "an item's detail, whole",
    arguments: [(Language.zh, 80, 24), (.zh, 160, 48), (.en, 80, 24), (.en, 160, 48)])
  func golden(language: Language, width: Int, height: Int) throws {
    let call = try Self.ratedItem()
    var app = dashboard(Self.ledger, width: width, height: height)
    app.language = language
    press(&app, .character("J"))
    for _ in Self.ledger.openCalls.calls.values where app.selectedCall()?.id != call.id { press(&app, .down) }
    try #require(app.selectedCall()?.id == call.id)
    press(&app, .enter)
    try expectGolden(drawn(app), named: "opencall-detail-jiangsan-\(language.rawValue)-\(width)x\(height)")
  }
}
