import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// The 江三社区 demo with a week of history, as the store would fold it.
func jiangsan() throws -> Ledger { try recordedDemo(.jiangsan, days: 7).ledger }

/// Opens the palette with `:` and types `text` a character at a time, as an input method sends it.
func type(_ text: String, into app: inout Dashboard) {
  for character in text { press(&app, .character(character)) }
}

@Suite("The command palette")
struct PaletteTests {
  static let ledger = try! jiangsan()

  /// What an operator types, and the line that must come first.
  @Test(
    "first result",
    arguments: [
      ("江三社区", "江三社区"),  // Chinese
      ("jssq", "江三社区"),  // initials
      ("changjiang", "长江小区"),  // full pinyin
      ("cjxy", "长江西苑"),
      ("cjxq 3 2", "长江小区 3幢2单元"),  // initials and numbers, in terms
      ("cjxq 3 2 302", "长江小区 3幢2单元 302室"),  // a household by room
      ("长江 3幢2", "长江小区 3幢2单元"),  // mixed
      ("cj3幢", "长江小区 3幢"),
      ("chanjiang", "长江小区"),  // a typo: a letter left out
      ("linzhi", "林志 长江小区 3幢2单元"),  // a person, with their stairwell
      ("lz", "林志 长江小区 3幢2单元"),
      ("zhangwei", "张伟晨 长江西苑 8幢1单元"),
      ("1047", "#1047 雨污管网老化需改造 长江小区 1幢1单元 办结"),  // a ticket by number
      ("#1043", "#1043 电动车楼道内充电 长江西苑 7幢2单元 接单"),
      ("楼道灯", "#1044 楼道灯损坏需更换 长江小区 5幢2单元 办结"),  // a ticket by its matter
      ("disp", "dispatch TICKET PERSON 派单"),  // a command
      ("goto", "goto PLACE 转到地点"),
      ("tc", "quit 退出"),  // a command by its Chinese name's initials
    ])
  func firstResult(query: String, expected: String) {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type(query, into: &app)
    #expect(app.palette.input?.rows.first?.text == expected)
  }

  @Test("the palette draws over the map, matched characters highlighted, every row as wide as the screen")
  func rendering() {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .control("p"))
    type("jssq", into: &app)
    let lines = render(app)
    let top = try! #require(lines.firstIndex { $0.contains("┏  命令  ━") })
    #expect(lines[top + 1].contains("┃: jssq▏"))
    #expect(lines[top + 2].contains("┃  命令、地点、户、人员、工单：中文、拼音或首字母"))
    #expect(lines[top + 3].contains("┃› 地点 江三社区 "))
    for line in lines { #expect(TextWidth.of(line) == 120, "\(line)") }
    // 江三社区 matched by its initials: all four characters bold in the accent colour, on the
    // selected row's background; the kind label before them is not matched.
    var buffer = Buffer(area: Rect(size: app.screenSize))
    app.view(into: &buffer, area: buffer.area)
    let row = lines[top + 3]
    let start = TextWidth.of(row[..<row.range(of: "› 地点 ")!.upperBound])
    for column in stride(from: start, to: start + 8, by: 2) {
      #expect(buffer.cell(x: column, y: top + 3).style.foreground == Theme.fallback[.accent])
    }
    #expect(buffer.cell(x: start - 3, y: top + 3).style.foreground != Theme.fallback[.accent])
    press(&app, .escape)
    #expect(app.palette.input == nil)
    #expect(!render(app).contains { $0.contains("┏  命令  ━") })
  }

  @Test("Enter on a stairwell shows it over the map of its grid; Esc lands on its tile")
  func gotoStairwell() throws {
    var app = dashboard(Self.ledger, width: 160, height: 48)
    press(&app, .character(":"))
    type("cjxq 3 2", into: &app)
    press(&app, .enter)
    #expect(app.palette.input == nil)
    guard case .stairwell(let id)? = app.navigation.details.last else { throw Failure("no stairwell detail") }
    #expect(app.ledger.path(of: id).map(\.name).suffix(3) == ["第一微网格", "3幢", "2单元"])
    #expect(render(app).contains { $0.contains("一长二员 · 长江小区3幢2单元") })
    press(&app, .escape)
    #expect(render(app)[0].contains("微格 › 滨江区 › 长河街道 › 江三社区 › 长江小区 › 第一微网格"))
    #expect(app.map().units[app.navigation.cursor].place == id)
  }

  @Test("a command with arguments: chosen by typing its name and a space, each argument by Enter")
  func dispatchAppendsTheEvent() throws {
    let ticket = try #require(Self.ledger.tickets.values.first { $0.status == .dispatched })
    let person = try #require(Self.ledger.people.values.first { $0.name == "林志" })
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("dispatch ", into: &app)
    #expect(app.palette.input?.command == .dispatch)
    type("#\(ticket.id.rawValue)", into: &app)
    press(&app, .enter)
    type("linzhi", into: &app)
    #expect(render(app).contains { $0.contains("┃: dispatch › \(ticket.id) › linzhi▏") })
    let sent = press(&app, .enter)
    #expect(app.palette.input == nil)
    let appends = storeAppends(in: sent)
    try #require(appends.count == 1)
    let (events, expected, summary) = appends[0]
    #expect(events.map(\.body) == [.ticketDispatched(ticket.id, assignee: person.id)])
    #expect(events.map(\.actor) == ["王芳"])
    #expect(expected == [ticket.id.stream: ticket.timeline.count])
    #expect(summary == "派单 \(ticket.id) → 林志")
    #expect(app.ledger == Self.ledger, "the ledger moves only when the store's events come back")
    _ = app.update(.message(.appended(summary: summary)))
    #expect(render(app).last!.contains("派单 \(ticket.id) → 林志"))
  }

  @Test(
    "ticket new asks for the place, the urgency, the demand class and the title, and files 点单 at the next number"
  )
  func newTicket() throws {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character("n"))
    #expect(app.palette.input?.command == .ticketNew)
    type("cjxq 3 2", into: &app)
    press(&app, .enter)
    // A stairwell: the room next, the whole stairwell first, then its households by room.
    #expect(app.palette.input?.nextArgument == .room)
    #expect(app.palette.input?.rows.first?.text == "整个楼道（不指定住户）")
    let stairwell = try #require(Self.ledger.places(named: "长江小区/3幢/2单元").first).id
    let home = try #require(
      Self.ledger.householdsByStairwell[stairwell]?.compactMap { Self.ledger.households[$0] }.first {
        $0.room == "302"
      })
    type("302", into: &app)
    #expect(app.palette.input?.rows.first?.item == .household(home.id))
    press(&app, .enter)
    type("teji", into: &app)
    #expect(app.palette.input?.rows.first?.text == "critical 特急")
    press(&app, .enter)
    #expect(
      render(app).contains {
        $0.contains("┃: ticket new › 长江小区 3幢2单元 › 302室 \(home.contactName) › critical 特急 › ▏")
      })
    #expect(
      app.palette.input?.rows.map(\.text) == ["发展难事 development", "扶弱济贫急事 urgent-aid", "影响和谐烦事 nuisance"])
    type("nuisance", into: &app)
    press(&app, .enter)
    press(&app, .enter)
    #expect(app.palette.input?.error == "请先输入事项，再按 Enter", "a ticket needs a title")
    type("消防通道堆放杂物", into: &app)
    let appends = storeAppends(in: press(&app, .enter))
    try #require(appends.count == 1 && appends[0].events.count == 1)
    let (event, expected) = (appends[0].events[0], appends[0].expected)
    guard case .ticketRequested(let request) = event.body else { throw Failure("not 点单: \(event.body)") }
    let next = TicketID(Self.ledger.tickets.keys.last!.rawValue + 1)
    #expect(request.id == next)
    #expect(expected == [next.stream: 0])
    #expect(request.urgency == .critical)
    #expect(request.demandClass == .nuisance)
    #expect(request.title == "消防通道堆放杂物")
    #expect(request.household == home.id)
    // Opened under the shipped SLA policy's terms, its 办结 deadline counted from them.
    let opening = Deadline.opening(at: pinnedNow, .nuisance, .critical, policy: .shipped, calendar: .shipped)
    #expect(request.terms == opening.terms)
    #expect(request.dueAt == opening.dueAt)
    #expect(Self.ledger.path(of: request.place).map(\.name).suffix(2) == ["3幢", "2单元"])
  }

  @Test("80×24 and English: the palette fits and every row keeps the screen's width")
  func smallScreenInEnglish() {
    var app = Dashboard(
      ledger: Self.ledger, now: pinnedNow, theme: .fallback, language: .en, operatorName: "王芳",
      screenSize: Size(width: 80, height: 24))
    press(&app, .character(":"))
    type("cjxq 3 2", into: &app)
    let lines = render(app)
    #expect(lines.contains { $0.contains("┃› plc  长江小区 3幢2单元") })
    #expect(lines.contains { $0.contains("commands, places, households, people, tickets") })
    for line in lines { #expect(TextWidth.of(line) == 80, "\(line)") }
  }

  @Test("return takes a reason as typed; rate offers 1 to 5; theme offers what the CLI found")
  func returnRateAndTheme() throws {
    let ticket = try #require(Self.ledger.tickets.values.first { $0.status == .dispatched })
    var app = dashboard(Self.ledger, width: 120, height: 40)
    var mono = Theme.fallback
    mono.name = "mono"
    app.themes = [.fallback, mono]
    press(&app, .character(":"))
    type("return #\(ticket.id.rawValue)", into: &app)
    press(&app, .enter)
    type("不属本楼道", into: &app)
    #expect(
      storeAppends(in: press(&app, .enter)).flatMap(\.events).map(\.body) == [
        .ticketReturned(ticket.id, reason: "不属本楼道")
      ])
    // Only a resolved ticket can be rated: naming another by its number says so at once.
    press(&app, .character(":"))
    type("rate #\(ticket.id.rawValue)", into: &app)
    press(&app, .enter)
    #expect(app.palette.input?.error?.hasSuffix("只有「办结」的工单才能评单") == true)
    press(&app, .escape)
    let resolved = try #require(Self.ledger.tickets.values.first { $0.status == .resolved })
    press(&app, .character(":"))
    type("rate #\(resolved.id.rawValue)", into: &app)
    press(&app, .enter)
    #expect(app.palette.input?.rows.map(\.text) == ["5 ★★★★★", "4 ★★★★", "3 ★★★", "2 ★★", "1 ★"])
    press(&app, .escape, .character(":"))
    type("theme mo", into: &app)
    press(&app, .enter)
    #expect(app.theme.name == "mono")
  }

  @Test("a command Core refuses shows its reason in the palette and changes nothing")
  func refusedCommand() throws {
    let ticket = try #require(Self.ledger.tickets.values.first { $0.status == .accepted })
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("accept #\(ticket.id.rawValue)", into: &app)
    let sent = press(&app, .enter)
    let message = "工单 \(ticket.id) 当前为「接单」；只有「派单」的工单才能接单"
    #expect(app.palette.input?.error == message)
    #expect(render(app).contains { $0.contains(message) })
    #expect(storeAppends(in: sent).isEmpty)
    #expect(app.ledger == Self.ledger)
    press(&app, .escape)
    #expect(app.palette.input == nil)
    // In English, Core says the same in English.
    press(&app, .character(":"))
    type("lang en", into: &app)
    press(&app, .enter, .character(":"))
    type("accept #\(ticket.id.rawValue)", into: &app)
    press(&app, .enter)
    #expect(app.palette.input?.error == "ticket \(ticket.id) is 接单; only a 派单 ticket can be accepted (接单)")
  }

  @Test("Backspace on an empty argument takes back the last choice, then the command")
  func backspace() {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("lang ", into: &app)
    #expect(app.palette.input?.nextArgument == .language)
    press(&app, .backspace)
    #expect(app.palette.input?.command == nil)
    #expect(app.palette.input?.text == "lang")
    press(&app, .character(" "), .character("e"), .enter)
    #expect(app.language == .en)
    #expect(render(app).last!.contains("?  help"))
  }

  @Test("Tab completes the command; lens, then filter by initials")
  func tabAndFixedLists() {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("len", into: &app)
    press(&app, .tab)
    #expect(app.palette.input?.command == .lens)
    type("chaoshi", into: &app)
    #expect(app.palette.input?.rows.first?.text == "超时工单 overdue tickets")
    press(&app, .enter)
    #expect(app.lens == .overdueTickets)
    press(&app, .character(":"))
    type("filter cjxy", into: &app)
    press(&app, .enter)
    #expect(app.filter.text == "cjxy")
    #expect(app.filter.matches?.isEmpty == false)
  }

  @Test("a person or ticket chosen without a command opens its detail; Up/Down and Ctrl-N/Ctrl-P move")
  func entitiesAndMoving() throws {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("lz", into: &app)
    press(&app, .down, .control("n"), .up, .control("p"))
    #expect(app.palette.input?.selection == 0)
    _ = app.update(.input(.mouse(MouseEvent(kind: .wheelDown, x: 60, y: 20))))
    #expect(app.palette.input?.selection == 1)
    _ = app.update(.input(.mouse(MouseEvent(kind: .wheelUp, x: 60, y: 20))))
    #expect(app.palette.input?.selection == 0)
    press(&app, .enter)
    let linzhi = try #require(Self.ledger.people.values.first { $0.name == "林志" })
    #expect(app.navigation.details.last == .person(linzhi.id))
    press(&app, .character(":"))
    type("1047", into: &app)
    press(&app, .enter)
    #expect(app.navigation.details.last == .ticket(TicketID(1047)))
  }

  @Test("what the operator chooses ranks first among equals next time, and is kept for the runtime")
  func frecency() {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    #expect(app.palette.input?.rows.prefix(2).map(\.item) == [.command(.goto), .command(.lens)])
    type("长江", into: &app)
    #expect(app.palette.input?.rows.prefix(2).map(\.text) == ["长江小区", "长江西苑"])
    #expect(press(&app, .down, .enter).contains { if case .saveFrecency = $0 { true } else { false } })
    press(&app, .character(":"))
    #expect(app.palette.input?.rows.first?.text == "长江西苑", "nothing typed: the favourites, then the commands")
    type("长江", into: &app)
    #expect(app.palette.input?.rows.first?.text == "长江西苑")
  }

  @Test("with a runtime the index builds in the background; typing meanwhile is answered when it lands")
  func backgroundBuild() throws {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    let builds = app.preparePalette().compactMap {
      if case .buildPalette(let build) = $0 { build } else { nil }
    }
    let build = try #require(builds.first)
    press(&app, .character(":"))
    #expect(render(app).contains { $0.contains("正在建立索引…") })
    type("窨井盖", into: &app)
    #expect(app.palette.input?.rows.isEmpty == true)
    // Filed while the index was being built from the ledger before it.
    _ = app.update(.message(.events([Self.manholeTicket()])))
    _ = app.update(.message(build.run()))
    #expect(app.palette.input?.rows.first?.item == .ticket(TicketID(2001)))
  }

  @Test("a ticket filed while the palette is open can be chosen at once")
  func refreshAfterEvents() {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("dispatch 窨井盖", into: &app)
    #expect(app.palette.input?.rows.isEmpty == true)
    _ = app.update(.message(.events([Self.manholeTicket()])))
    #expect(app.palette.input?.rows.first?.item == .ticket(TicketID(2001)))
  }

  /// 点单 #2001 from another operator's process, as the store follower delivers it.
  static func manholeTicket() -> RecordedEvent {
    let place = ledger.places.values.first { $0.level == .stairwell }!.id
    let request = TicketRequest(
      id: TicketID(2001), title: "窨井盖松动", demandClass: .nuisance, urgency: .urgent, source: .patrol,
      place: place, household: nil, dueAt: pinnedNow.adding(hours: 24))
    return RecordedEvent(
      sequence: ledger.lastSequence + 1, id: .generate(), stream: "ticket-2001", version: 1, time: pinnedNow,
      actor: "陈静", body: .ticketRequested(request))
  }

  @Test("in a ticket's detail, d opens dispatch for that ticket; the help lists keys and commands")
  func directKeys() {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("#1043", into: &app)
    press(&app, .enter)
    press(&app, .character("d"))
    #expect(app.palette.input?.command == .dispatch)
    #expect(app.palette.input?.arguments.map(\.item) == [.ticket(TicketID(1043))])
    #expect(app.palette.input?.nextArgument == .person)
    press(&app, .escape, .character("?"))
    let help = render(app)
    #expect(help.contains { $0.contains(": dispatch TICKET PERSON") && $0.contains("[d] 派单") })
    #expect(help.contains { $0.contains(":  Ctrl-P") })
  }
}

/// `: COMMAND`, then each argument typed and Enter; the effects of the last Enter.
@discardableResult
func enter(_ words: [String], into app: inout Dashboard) -> [DashboardEffect] {
  press(&app, .character(":"))
  type(words[0], into: &app)
  var effects: [DashboardEffect] = []
  for word in words.dropFirst() {
    type(word, into: &app)
    effects = press(&app, .enter)
  }
  return effects
}

/// The appends among the effects update returned, leaving the other effects aside.
func storeAppends(in effects: [DashboardEffect]) -> [(
  events: [NewEvent], expected: [String: Int], summary: String
)] {
  effects.compactMap { effect in
    if case .append(let events, let expected, let summary) = effect {
      (events, expected, summary)
    } else {
      nil
    }
  }
}

struct Failure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

@Suite("The palette acts on the ticket named, or says why not")
struct PaletteExactTicketTests {
  static let ledger = PaletteTests.ledger

  @Test("an exact number wins, closed or not: #N opens that ticket, never a nearby one")
  func exactNumberWins() throws {
    let rated = try #require(Self.ledger.tickets.values.first { $0.status == .rated })
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("#\(rated.id.rawValue)", into: &app)
    #expect(app.palette.input?.rows.first?.item == .ticket(rated.id))
    #expect(app.palette.input?.rows.first?.text.hasSuffix("评单") == true)
    press(&app, .enter)
    #expect(app.navigation.details.last == .ticket(rated.id))
  }

  @Test("dispatch offers only tickets waiting for it; the one-line form takes the number and the person")
  func dispatchList() throws {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("dispatch ", into: &app)
    let offered = app.palette.input?.rows.compactMap { row -> TicketStatus? in
      if case .ticket(let id) = row.item { Self.ledger.tickets[id]?.status } else { nil }
    }
    #expect(offered?.isEmpty == false)
    #expect(offered?.allSatisfy { TicketAction.dispatch.allowedStates.contains($0) } == true)
    press(&app, .escape)

    let waiting = try #require(
      Self.ledger.tickets.values.first { TicketAction.dispatch.allowedStates.contains($0.status) })
    let team = Self.ledger.holders[RoleAssignment(role: "head", place: waiting.place), default: []]
    let head = try #require(team.first.flatMap { Self.ledger.people[$0] })
    press(&app, .character(":"))
    type("dispatch #\(waiting.id.rawValue) ", into: &app)
    #expect(app.palette.input?.arguments.map(\.label) == ["\(waiting.id)"])
    // Nothing typed yet: the ticket's own stairwell team, each with their role.
    #expect(app.palette.input?.rows.first?.text == "\(head.name) 楼道长")
    type(head.name, into: &app)
    let appends = storeAppends(in: press(&app, .enter))
    #expect(appends.flatMap(\.events).map(\.body) == [.ticketDispatched(waiting.id, assignee: head.id)])
  }

  @Test("accepting a ticket in another state is refused when it is chosen, in the screen's language")
  func wrongStateAtOnce() throws {
    let rated = try #require(Self.ledger.tickets.values.first { $0.status == .rated })
    var app = dashboard(Self.ledger, width: 120, height: 40)
    app.language = .en
    press(&app, .character(":"))
    type("accept #\(rated.id.rawValue) ", into: &app)
    #expect(app.palette.input?.error == "ticket \(rated.id) is 评单; only a 派单 ticket can be accepted (接单)")
    #expect(app.palette.input?.arguments.isEmpty == true)
  }

  @Test("random letters: the guesses are marked ≈ and the palette says there was no close match")
  func weakMatches() throws {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("zzz", into: &app)
    let rows = try #require(app.palette.input?.rows)
    #expect(rows.first?.isWeak == true)
    let screen = render(app)
    #expect(screen.contains { $0.contains("没有确切匹配：以下是近似结果（≈），请核对后再按 Enter") })
    #expect(screen.contains { $0.contains("≈ 近似") })
    // Initials typed for a place are no guess: no mark, no warning.
    press(&app, .control("u"))
    type("cjxq", into: &app)
    #expect(app.palette.input?.rows.first?.isWeak == false)
    #expect(!render(app).contains { $0.contains("≈") })
  }

  @Test("nothing matching, and nothing typed, are said in the screen's language")
  func plainRefusals() throws {
    var app = dashboard(Self.ledger, width: 120, height: 40)
    press(&app, .character(":"))
    type("goto ", into: &app)
    type("qqqqqqqqq", into: &app)
    press(&app, .enter)
    #expect(app.palette.input?.error == "没有匹配的地点")
    press(&app, .escape)
    let accepted = try #require(Self.ledger.tickets.values.first { $0.status == .accepted })
    press(&app, .character(":"))
    type("resolve #\(accepted.id.rawValue) ", into: &app)
    press(&app, .enter)
    #expect(app.palette.input?.error == "请先输入办结说明，再按 Enter")
    type("已清理楼道杂物", into: &app)
    #expect(
      storeAppends(in: press(&app, .enter)).flatMap(\.events).map(\.body) == [
        .ticketResolved(accepted.id, note: "已清理楼道杂物")
      ]
    )
  }
}
