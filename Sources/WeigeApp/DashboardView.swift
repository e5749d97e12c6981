import Foundation
import WeigeCore
import WeigeUI

/// Where each part of the main screen goes:
///
///     ┌ header: border and two lines of figures ────────────────┐
///     ├─ map (the rest) ───────────────────┬─ tickets (50 %) ────┤
///     │                                    ├─ feed (30 %) ───────┤
///     │                                    ├─ alerts (the rest) ─┤
///     └────────────────────────────────────┴─ side: 32 %, 30…56 ─┘
///      footer: one row of key hints
struct DashboardLayout {
  var header: Rect
  var map: Rect
  var tickets: Rect
  var feed: Rect
  var alerts: Rect
  var footer: Rect
  var body: Rect

  /// The header: its border above and below the baseline's two lines (households, stairwells,
  /// posts, party shares, visits; then tickets and alerts).
  static let headerHeight = 4
  /// The footer: one row of key hints, or the filter being typed.
  static let footerHeight = 1
  /// The side panes take about a third of the width: the map (一屏知全域) keeps two thirds.
  static let sidePercent = 32
  /// At 80 columns a third would be 25: 30 keeps a ticket's number, urgency, time left and the
  /// start of its matter readable (five-digit numbers and 超23h29m included).
  static let sideMinimum = 30
  /// At 56 a ticket row has room for its place as the field writes it and its matter
  /// (`placeAndMatter`); past that, the columns do more for the map's tiles.
  static let sideMaximum = 56
  /// The tickets, which the desk acts on, take half of the side; the live feed 30 %; the alerts,
  /// fewer and each one a line, the fifth that is left.
  static let ticketsPercent = 50
  static let feedPercent = 30

  init(size: Size) {
    let area = Rect(size: size)
    let rows = Layout.vertical([.length(Self.headerHeight), .fill(1), .length(Self.footerHeight)]).split(area)
    header = rows[0]
    body = rows[1]
    footer = rows[2]
    let sideWidth = min(Self.sideMaximum, max(Self.sideMinimum, size.width * Self.sidePercent / 100))
    let columns = Layout.horizontal([.fill(1), .length(sideWidth)]).split(body)
    map = columns[0]
    let side = Layout.vertical([.percentage(Self.ticketsPercent), .percentage(Self.feedPercent), .fill(1)])
      .split(columns[1])
    tickets = side[0]
    feed = side[1]
    alerts = side[2]
  }
}

extension Dashboard {
  public func view(into buffer: inout Buffer, area: Rect) {
    let layout = DashboardLayout(size: area.size)
    buffer.fill(area, with: Cell(" ", style: theme.style(.text)))
    renderHeader(layout.header, into: &buffer)
    if let detail = navigation.details.last {
      renderDetail(detail, in: layout.body, into: &buffer)
    } else {
      renderMap(layout.map, into: &buffer)
      renderTickets(layout.tickets, into: &buffer)
      renderFeed(layout.feed, into: &buffer)
      renderAlerts(layout.alerts, into: &buffer)
    }
    // A drill marks every screen, over whatever is blank, so that nobody takes it for war.
    if showsDrill {
      buffer.render(Watermark(language("演练", "DRILL"), style: theme.style(.drillWatermark)), in: layout.body)
    }
    renderFooter(layout.footer, into: &buffer)
    if navigation.showsHelp { renderHelp(area, into: &buffer) }
    if let input = palette.input { renderPalette(input, in: area, into: &buffer) }
  }

  func block(_ title: String, focused: Bool = false, trailing: String? = nil) -> Block {
    Block(
      title: Line(" \(title) ", style: focused ? theme.style(.accent).bolded() : theme.style(.title)),
      trailingTitle: trailing.map { Line(" \($0) ", style: theme.style(.muted)) },
      borderStyle: focused ? theme.style(.accent) : theme.style(.border), style: theme.style(.text))
  }

  // MARK: Header

  func renderHeader(_ area: Rect, into buffer: inout Buffer) {
    let crumbs =
      ["微格"] + (navigation.focus.map { ledger.path(of: $0).map(\.name) } ?? [language("全域", "everywhere")])
    let clock = now.chinaDateTime.dropFirst(5)
    // A screen that stopped following the store says so, and since when, where the clock is read.
    let live =
      notLiveSince.map { language("未实时 自 ", "not live since ") + $0.chinaDateTime.suffix(8) + " ─ " } ?? ""
    let style = notLiveSince == nil ? theme.style(.title) : theme.style(.danger).bolded()
    // War and a drill in the war colour, so that nobody reads a mobilization as a normal day.
    let modeStyle = mode == .peace ? style : theme.style(.war).bolded()
    let frame = Block(
      title: Line(" " + crumbs.joined(separator: " › ") + " ", style: theme.style(.partyRed).bolded()),
      trailingTitle: Line(
        (bellSpan().map { [$0] } ?? []) + [
          Span(" \(live)", style: style), Span(mode.name(language), style: modeStyle),
          Span(" ─ \(clock) ─ \(language("操作", "operator")) \(operatorName) ", style: style),
        ]),
      borderStyle: theme.style(.border), style: theme.style(.text))
    buffer.render(frame, in: area)
    renderDutyLine(area, into: &buffer)
    let inner = frame.inner(area)
    if let war = warViewOrder.flatMap({ ledger.mobilizations[$0] }) {
      renderWarHeadline(war, in: inner, into: &buffer)
      return
    }
    let k = headline()
    let l = language
    let party = k.partyShares.map { String(Int(($0 * 100).rounded())) }.joined(separator: "/")
    let first =
      "\(l("户", "households")) \(grouped(k.figures.households))  \(l("楼道", "stairwells")) \(grouped(k.figures.stairwells))  "
      + "\(l("在岗", "posts filled")) \(percent(k.postsFilled))  \(l("党员", "party")) \(party)%  "
      + "\(l("本月走访", "visited this month")) \(percent(k.coverage))"
    // Overdue tickets and active alerts take the warning colour, bold, when there are any.
    let alarming = { (count: Int) in count > 0 ? theme.style(.warn).bolded() : theme.style(.text) }
    var second: [Span] = [
      Span("\(l("工单", "tickets")) \(l("开", "open")) \(grouped(k.figures.openTickets)) "),
      Span(
        "\(l("超时", "overdue")) \(grouped(k.figures.overdueTickets))",
        style: alarming(k.figures.overdueTickets)),
      Span(
        " \(l("今日办结", "resolved today")) \(k.resolvedToday) \(l("满意", "rating")) \(k.rating.map { String(format: "%.1f", $0) } ?? "—")   "
      ),
      Span("\(l("告警", "alerts")) \(k.figures.activeAlerts)", style: alarming(k.figures.activeAlerts)),
    ]
    let unitLevel = map().unitLevel
    if unitLevel != .stairwell {
      second.append(Span("   " + l("聚合到", "aggregated to ") + unitLevel.name(l) + l("", "s")))
    }
    // The orders open where the operator looks, and the key that shows them: the one over the
    // place by its title; those inside it (a community at war in a district) by their number.
    let open = openOrdersInView()
    if let first = open.first {
      let words =
        open.count == 1
        ? (first.isDrill ? ScreenMode.drill : .war).name(l) + " \(first.id) \(first.title)"
        : l("动员令 \(open.count) 个进行中", "\(open.count) orders open")
      second.append(Span("   " + words + l("（w 查看）", " (w shows)"), style: theme.style(.war).bolded()))
    }
    if !newArrivals.isEmpty {
      second.append(
        Span(
          "   ● \(newArrivals.count) \(l("条新的紧急事项", "new urgent"))", style: theme.style(.critical).bolded()))
    }
    buffer.write(first, x: inner.x, y: inner.y, style: theme.style(.text), maxWidth: inner.width)
    buffer.write(
      Line(second), in: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: 1),
      style: theme.style(.text))
  }

  /// The header's figures for the place in focus.
  struct Headline {
    var figures = AreaFigures()
    var postsFilled = 0.0
    var partyShares: [Double] = []
    var coverage = 0.0
    var resolvedToday = 0
    var rating: Double?
  }

  func headline() -> Headline {
    var h = Headline()
    h.figures = index.figures(under: navigation.focus)
    let f = h.figures
    h.partyShares = (0..<min(AreaFigures.countedRoles, index.teamRoles.count)).map {
      f.roleHolders[$0] == 0 ? 0 : Double(f.roleParty[$0]) / Double(f.roleHolders[$0])
    }
    h.postsFilled = f.teamPosts == 0 ? 0 : Double(f.teamPosts - f.vacantPosts) / Double(f.teamPosts)
    h.coverage = f.households == 0 ? 0 : Double(f.visitedThisMonth) / Double(f.households)
    h.resolvedToday = f.resolvedToday
    h.rating = f.ratings == 0 ? nil : Double(f.ratingSum) / Double(f.ratings)
    return h
  }

  // MARK: Map

  func renderMap(_ area: Rect, into buffer: inout Buffer) {
    let model = map()
    let title =
      language("全域图", "map") + " · " + lens.name(language)
      + (lens == .stars ? " · " + rated.label(language) : "")
    let tileFigures = lensFigures()
    var whole = LensFigures(area: index.figures(under: navigation.focus))
    for figures in tileFigures {
      whole.reach += figures.reach
      whole.stars += figures.stars
    }
    let total = lens.figureName(language) + " " + lens.figure(of: whole)
    let frame = block(title, focused: navigation.pane == .map, trailing: total)
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    guard inner.height > 1 else { return }
    var x = 0
    for (step, label) in zip(lens.classes, lens.legend(language)) {
      x += buffer.write(
        String(Lens.glyphs[step]), x: inner.x + x, y: inner.y, style: tileStyle(step),
        maxWidth: inner.width - x)
      x += buffer.write(
        " " + label + "  ", x: inner.x + x, y: inner.y, style: theme.style(.text), maxWidth: inner.width - x)
    }
    if model.unitLevel != .stairwell {
      x += buffer.write(
        lens.aggregationNote(language) + "  ", x: inner.x + x, y: inner.y, style: theme.style(.text),
        maxWidth: inner.width - x)
    }
    if filter.matches != nil {
      let count = model.units.reduce(0) { $0 + $1.matching }
      let counts = language(
        "\(count) 楼道 · \(filter.households) 户", "\(count) stairwells · \(filter.households) households")
      buffer.write(
        "/ \(filter.text) → \(counts)", x: inner.x + x, y: inner.y, style: theme.style(.warn),
        maxWidth: inner.width - x)
    }
    let classes = tileClasses()
    var position = 0
    let groups = model.groups.map { group in
      let groupStart = position
      let tiles = group.units.map { unit -> TileMap.Tile in
        defer { position += 1 }
        guard unit.matching > 0 else { return TileMap.Tile("·", style: theme.style(.muted), text: "") }
        let step = classes[position]
        // A wide tile says its count; one too long for it says only that there are many.
        let count = lens.count(of: tileFigures[position])
        let digits = String(count)
        let text = count == 0 ? "" : digits.count <= model.tileWidth - 2 ? digits : "+"
        return TileMap.Tile(Lens.glyphs[step], style: tileStyle(step), text: text)
      }
      // The group's tiles hold everything under it, each ticket on one tile: their sum.
      var figures = LensFigures(area: AreaFigures())
      for tile in groupStart..<position {
        figures.area += tileFigures[tile].area
        figures.reach += tileFigures[tile].reach
        figures.stars += tileFigures[tile].stars
      }
      let trailer = lens.figure(of: figures, compact: true).replacingOccurrences(of: ",", with: "")
      return TileMap.Group(
        group.label, tiles: tiles,
        trailer: String(repeating: " ", count: model.trailerWidth - trailer.count) + trailer)
    }
    let top = inner.y + 1
    let height = inner.height - 1
    // One column scrolls to keep the cursor in view; several columns always fit.
    let offset = model.columns.count == 1 ? max(0, rowOfUnit(navigation.cursor, in: model) - height + 1) : 0
    var first = 0
    for (column, range) in model.columns.enumerated() {
      let rect = Rect(
        x: inner.x + column * (model.columnWidth + 1), y: top, width: model.columnWidth, height: height)
      let shown = Array(groups[range])
      buffer.render(
        TileMap(
          shown, labelStyle: theme.style(.text), trailerStyle: theme.style(.text),
          offset: offset, labelWidth: labelWidth, tileWidth: model.tileWidth,
          cursor: navigation.pane == .map ? navigation.cursor - first : nil, cursorStyle: cursorStyle),
        in: rect)
      first += shown.reduce(0) { $0 + $1.tiles.count }
    }
    if navigation.pane == .map, model.units.indices.contains(navigation.cursor) {
      let unit = model.units[navigation.cursor]
      let f = tileFigures[navigation.cursor].area
      let l = language
      // A place's own tile holds only what was filed at it: no households or teams.
      let note =
        unit.isOwn
        ? " \(ledger.fieldName(of: unit.place))\(l("（本级）", " (itself)")) · \(l("开", "open")) \(f.openTickets)"
          + " · \(l("超时", "overdue")) \(f.overdueTickets) · \(l("告警", "alerts")) \(f.activeAlerts) "
        : " \(ledger.fieldName(of: unit.place)) · \(l("户", "hh")) \(f.households) · \(l("开", "open")) \(f.openTickets)"
          + " · \(l("超时", "overdue")) \(f.overdueTickets) · \(l("走访", "visited")) \(f.visitedThisMonth)/\(f.households)"
          + " · \(l("空缺", "vacant")) \(f.vacantPosts) · \(l("关怀", "care")) \(f.needsCare)"
          + starsNote(of: unit.place) + " "
      buffer.write(
        note, x: area.x + 2, y: area.bottom - 1, style: theme.style(.accent), maxWidth: max(0, area.width - 4)
      )
    }
  }

  /// A tile of class `step` (0…4): the lens's colour for it, and bold from class 3 up, so the
  /// tiles needing action stand out on a terminal with few colours too.
  func tileStyle(_ step: Int) -> Style {
    // A stairwell whose squad is done with every household takes the done colour.
    let color = lens == .mobilization && step == 0 ? theme[.ok] : theme.lens(Double(step) / 4)
    return Style(foreground: color, background: theme[.background], bold: step >= 3)
  }

  /// The cursor's tile: reversed and bold in the accent colour, on a theme without colours too.
  var cursorStyle: Style { Style(foreground: theme[.accent], bold: true, reverse: true) }

  /// The row a unit sits on in a one-column map, for scrolling.
  func rowOfUnit(_ unit: Int, in model: MapModel) -> Int {
    var row = 0
    var seen = 0
    for group in model.groups {
      if unit < seen + group.units.count { return row + (unit - seen) / model.tilesPerRow }
      seen += group.units.count
      row += model.rows(of: group)
    }
    return row
  }

  // MARK: Side panes

  /// Columns a ticket's place and matter need together: a stairwell as the field says it
  /// (长江小区12幢2单元, 17) and the start of the matter.
  static let placeAndMatter = 26
  /// Columns the matter keeps whatever else the pane shows: six characters say what is wrong.
  static let matterMinimum = 12

  func renderTickets(_ area: Rect, into buffer: inout Buffer) {
    let tickets = openTickets()
    let frame = block(
      language("待办工单", "open tickets"), focused: navigation.pane == .tickets, trailing: "\(tickets.count)")
    buffer.render(frame, in: area)
    // Rows past what the pane shows are never drawn; formatting them would cost every frame.
    let shown = tickets.prefix(navigation.ticketSelection + area.height).compactMap { ledger.tickets[$0.id] }
    let levels = shown.map { $0.urgency.name(language) }
    let left = shown.map(timeLeft)
    let numbers = shown.map { (newArrivals.contains(.ticket($0.id)) ? "●" : "") + "\($0.id)" }
    let states = shown.map { $0.status.name(language) }
    let owners = shown.map { $0.assignee.flatMap { ledger.people[$0]?.name } ?? "—" }
    let widths = [
      max(5, numbers.map(TextWidth.of).max() ?? 0), max(4, levels.map(TextWidth.of).max() ?? 0),
      max(7, left.map(TextWidth.of).max() ?? 0),
    ]
    // What the room allows after number, urgency and time left: the matter first (at 80×24 the
    // pane has about ten columns: the matter, which says what is wrong), then the state (派单 or
    // 接单: whether anyone has it), then the place, then who has it (one Enter away).
    var room = frame.inner(area).width - widths.reduce(0, +) - widths.count
    func fits(_ texts: [String], keeping rest: Int) -> Int? {
      let width = max(2, texts.map(TextWidth.of).max() ?? 0)
      guard room - width - 1 >= rest else { return nil }
      room -= width + 1
      return width
    }
    let stateWidth = fits(states, keeping: Self.matterMinimum)
    let ownerWidth = fits(
      owners, keeping: room >= Self.placeAndMatter ? Self.placeAndMatter : Self.matterMinimum)
    let matterOnly = room < Self.placeAndMatter
    let rows = shown.indices.map { row in
      let ticket = shown[row]
      var cells = [
        Line(
          numbers[row],
          style: newArrivals.contains(.ticket(ticket.id)) ? theme.style(.critical).bolded() : .plain),
        Line(levels[row], style: urgencyStyle(ticket.urgency)),
        Line(left[row], style: timeLeftStyle(ticket)),
      ]
      if stateWidth != nil { cells.append(Line(states[row])) }
      if ownerWidth != nil { cells.append(Line(owners[row])) }
      cells.append(Line(matterOnly ? ticket.title : ledger.fieldName(of: ticket.place) + " " + ticket.title))
      return Table.Row(cells, style: theme.style(.text))
    }
    // As wide as the rows shown need: a city numbers its tickets past #10000, and 超23h29m is
    // eight columns.
    var columns: [Table.Column] = [
      .init("#", width: .length(widths[0])), .init(Line(language("级", "lvl")), width: .length(widths[1])),
      .init(Line(language("剩余", "left")), width: .length(widths[2])),
    ]
    if let stateWidth { columns.append(.init(Line(language("状态", "state")), width: .length(stateWidth))) }
    if let ownerWidth { columns.append(.init(Line(language("承办", "owner")), width: .length(ownerWidth))) }
    columns.append(
      .init(
        Line(matterOnly ? language("事项", "matter") : language("地点 事项", "place · matter")), width: .fill(1)))
    let table = Table(
      columns: columns, rows: Array(rows),
      selected: navigation.pane == .tickets ? navigation.ticketSelection : nil,
      headerStyle: theme.style(.muted),
      selectionStyle: theme.selectionStyle)
    buffer.render(table, in: frame.inner(area))
  }

  func renderFeed(_ area: Rect, into buffer: inout Buffer) {
    let frame = block(language("实时动态", "live feed"), focused: navigation.pane == .feed)
    buffer.render(frame, in: area)
    let lines = feed.dropFirst(navigation.feedOffset).prefix(area.height).map { line in
      Line([
        Span(String(line.time.chinaDateTime.dropFirst(11).prefix(5)) + " ", style: theme.style(.muted)),
        Span(line.text(language), style: theme.style(.text)),
      ])
    }
    buffer.render(Paragraph(Array(lines)), in: frame.inner(area))
  }

  func renderAlerts(_ area: Rect, into buffer: inout Buffer) {
    let alerts = activeAlerts()
    let frame = block(
      language("告警", "alerts"), focused: navigation.pane == .alerts, trailing: "\(alerts.count)")
    buffer.render(frame, in: area)
    // Likewise: a city can have thousands of active alerts, and the pane shows a screenful.
    let shown = alerts.prefix(navigation.alertSelection + area.height).compactMap { ledger.alerts[$0.id] }
    let items = shown.map { alert in
      let isNew = newArrivals.contains(.alert(alert.id))
      return Line(
        [
          Span(isNew ? "●" : " ", style: theme.style(.critical).bolded()),
          Span(moment(alert.raisedAt) + " ", style: theme.style(.text)),
          Span(alert.kind.name(language), style: alertStyle(alert.kind)),
        ] + sensorMarks(alert) + [
          Span(" "),
          Span(ledger.fieldName(of: alert.place) + " " + alert.text, style: theme.style(.text)),
        ])
    }
    buffer.render(
      ListView(
        items, selected: navigation.pane == .alerts ? navigation.alertSelection : nil,
        selectionStyle: theme.selectionStyle),
      in: frame.inner(area))
  }

  // MARK: Footer and help

  func renderFooter(_ area: Rect, into buffer: inout Buffer) {
    if filter.isEditing {
      let prompt = "/ " + filter.text
      let width = buffer.write(prompt, x: area.x, y: area.y, style: theme.style(.accent))
      buffer.write("▏", x: area.x + width, y: area.y, style: theme.style(.accent))
      buffer.write(
        language(
          "  名称、拼音、首字母或标记（独居、出租…）· Enter 确定 · Esc 取消",
          "  name, pinyin, initials or a flag · Enter keep · Esc clear"),
        x: area.x + width + 1, y: area.y, style: theme.style(.muted))
      return
    }
    let hints = footerHints()
    // The last command's outcome takes the right end; the hints keep what is left of the row. A
    // wall display says there which lens is on and when the next comes.
    let notice = self.notice ?? (isWall ? wallLensNote() : nil)
    let noticeWidth = notice.map { min(TextWidth.of($0) + 2, area.width / 2) } ?? 0
    buffer.render(
      KeyHintBar(hints, keyStyle: theme.style(.accent).reversed(), labelStyle: theme.style(.muted)),
      in: Rect(x: area.x, y: area.y, width: area.width - noticeWidth, height: 1))
    if let notice {
      buffer.write(
        notice, x: area.right - noticeWidth + 1, y: area.y, style: theme.style(.warn),
        maxWidth: noticeWidth - 1)
    }
  }

  /// `镜头 走访覆盖 · 12 秒后切换`: the wall's lens, and with `--cycle`, the seconds to the next.
  func wallLensNote() -> String {
    let name =
      switch navigation.details.last {
      case .stars?: language("星级与红黑榜 · ", "stars and the red-black list · ") + rated.label(language)
      case .openCalls?: language("揭榜赛比", "open calls and the units' ranking")
      default: language("镜头 ", "lens: ") + lens.name(language)
      }
    guard let cycle = lensCycleSeconds else { return name }
    let since = Int((now.rawValue - lensChangedAt.rawValue) / 1000)
    let left = max(1, cycle - since % cycle)
    return name + language(" · \(left) 秒后切换", " · next in \(left) s")
  }

  /// The keys for what is on screen: an alert's actions in its detail, moving and opening in a
  /// stairwell or household, the main screen's keys elsewhere; on a wall, only looking around.
  func footerHints() -> [KeyHintBar.Hint] {
    let l = language
    if isWall {
      return [
        .init("Enter", l("下钻", "drill down")), .init("Esc", l("返回", "back")), .init("c", l("镜头", "lens")),
        .init("?", l("帮助", "help")), .init("q", l("退出", "quit")),
      ]
    }
    switch navigation.details.last {
    case .war(let id)? where ledger.mobilizations[id]?.isOpen == true:
      return [
        .init("b", l("最落后", "worst laggard")), .init("Enter", l("打开楼道", "open stairwell")),
        .init("r", l("上报", "report")), .init("a", l("增援", "reinforce")), .init("s", l("小组状态", "squad")),
        .init("e", l("延期", "extend")), .init("Tab", l("切换动员令", "next order")), .init("Esc", l("返回", "back")),
        .init(":", l("命令", "command")),
      ]
    case .war?:
      return [
        .init("Tab", l("切换动员令", "next order")), .init("Esc", l("返回", "back")), .init("?", l("帮助", "help")),
      ]
    case .alert(let id)?:
      let alert = ledger.alerts[id]
      let opens =
        alert?.ticket != nil
        ? l("打开工单", "open ticket")
        : alert?.household != nil ? l("打开住户", "open household") : l("打开楼道", "open stairwell")
      return [
        .init("a", l("确认", "acknowledge")), .init("x", l("解除", "clear")), .init("t", l("转工单", "to ticket")),
        .init("Enter", opens), .init("Esc", l("返回", "back")), .init("?", l("帮助", "help")),
      ]
    case .stairwell?:
      return [
        .init("j k", l("选择", "select")), .init("Tab", l("一长二员/工单/住户", "team/tickets/households")),
        .init("Enter", l("打开", "open")), .init("Esc", l("返回", "back")), .init("?", l("帮助", "help")),
      ]
    case .household?:
      return [
        .init("j k", l("选择工单", "select ticket")), .init("Enter", l("打开工单", "open ticket")),
        .init("v", l("查看号码", "see numbers")), .init("Esc", l("返回", "back")), .init("?", l("帮助", "help")),
      ]
    case .ticket?:
      return [
        .init("d", l("派单", "dispatch")), .init("a", l("接单", "accept")), .init("r", l("办结", "resolve")),
        .init("Enter", l("打开承办人", "open assignee")), .init("Esc", l("返回", "back")),
        .init("?", l("帮助", "help")),
      ]
    case .person?:
      return [.init("Esc", l("返回", "back")), .init("?", l("帮助", "help")), .init(":", l("命令", "command"))]
    case .duty?:
      return [
        .init("s", l("签收", "sign")), .init("d", l("派单", "dispatch")), .init("u", l("督办", "escalate")),
        .init("e", l("延期", "extend")), .init(l("空格", "Space"), l("确认铃声", "ack bell")),
        .init("m", l("静音", "mute")), .init("H", l("交接班", "handover")), .init("Enter", l("打开", "open")),
        .init("Esc", l("返回", "back")),
      ]
    case .openCalls?:
      return [
        .init("j k", l("选择", "select")), .init("Enter", l("详情", "detail")),
        .init("J", l("返回全域图", "back to the map")), .init("Esc", l("返回", "back")),
        .init("?", l("帮助", "help")), .init(":", l("命令", "command")),
      ]
    case .openCall?:
      return [
        .init(":", l("揭榜、进展、完成、评单、撤榜、退榜", "claim, report, done, rate, withdraw, give back")),
        .init("J", l("返回榜单", "back to the board")), .init("Esc", l("返回", "back")),
        .init("?", l("帮助", "help")),
      ]
    case .stars?:
      return [
        .init("j k", l("选择楼道", "select")), .init("Enter", l("打开楼道", "open stairwell")),
        .init("S", l("返回", "back")), .init("Esc", l("返回", "back")), .init("?", l("帮助", "help")),
      ]
    case .handover?:
      return [
        .init("n", l("写交班说明", "add a note")), .init("s", l("接班签收", "sign")),
        .init("Tab", l("下一班", "next shift")), .init("j k", l("滚动", "scroll")), .init("Esc", l("返回", "back")),
      ]
    default:
      return [
        .init("?", l("帮助", "help")), .init("/", l("过滤", "filter")), .init("Tab", l("切换", "pane")),
        .init("Enter", l("下钻", "drill down")), .init("Esc", l("返回", "back")), .init("c", l("镜头", "lens")),
        .init("w", l("战时", "war")), .init("q", l("退出", "quit")), .init(":", l("命令", "command")),
      ]
    }
  }

  /// The help's width: the longest English command line, its usage (`: ticket new PLACE URGENCY
  /// CLASS TITLE`) and summary (`[t] turn an alert into a ticket (转工单)`) 40 columns each,
  /// fits between the border and a margin each side.
  static let helpWidth = 84

  func renderHelp(_ area: Rect, into buffer: inout Buffer) {
    let l = language
    let keys: [(String, String)] = [
      ("↑↓←→ hjkl", l("在图块、工单、告警间移动", "move over tiles, tickets, alerts")),
      (
        "Enter",
        l("下钻到网格、楼道；打开工单、人员、告警、住户", "drill in; open a ticket, person, alert, household")
      ),
      ("Tab", l("楼道详情中：一长二员 → 工单 → 住户", "in a stairwell: team → tickets → households")),
      ("a  x  t", l("告警：确认、解除（写说明）、转工单", "an alert: acknowledge, clear with a note, to a ticket")),
      ("v", l("住户详情中：查看完整号码（写明原因，记入日志）", "in a household: see its numbers whole (a logged reason)")),
      ("Esc", l("返回上一级 / 清除过滤", "climb back / clear the filter")),
      ("Tab Shift-Tab", l("切换窗格：全域图、工单、动态、告警", "cycle panes: map, tickets, feed, alerts")),
      ("/", l("过滤：名称、拼音、首字母或标记", "filter by name, pinyin, initials or flag")),
      (
        "c  1-7",
        l(
          "切换镜头：工单、超时、走访、空缺、关怀、动员进度、星级",
          "lens: tickets, overdue, visits, vacancies, care, mobilization, stars")
      ),
      ("S", l("星级楼道与红黑榜：星级说明、先锋、志愿时长积分", "stars and the red-black list: why, vanguards, volunteers")),
      ("w", l("战时：动员令、倒计时、落后楼道；已结束的看复盘", "war view: order, countdown, laggards; a closed one's report")),
      (
        "b  r a s e",
        l("战时：最落后楼道；上报、增援、小组状态、延期", "in the war view: worst laggard; report, reinforce, squad, extend")
      ),
      (
        "z  H", l("值班台：按时限排列的待办；交接班简报", "the duty desk: everything open by its clock; the handover brief")
      ),
      (
        "J",
        l("揭榜赛比：榜单与单位排名；Enter 详情；: call 揭榜等", "open calls (揭榜); Enter: an item; : call claims…")
      ),
      (
        "s d u e  空格 m",
        l("值班台：签收、派单、督办、延期；确认铃声、静音", "duty desk: sign, dispatch, escalate, extend; ack the bell, mute")
      ),
      ("PgUp PgDn", l("翻页", "page")), ("?", l("帮助（任意键关闭）", "this help (any key closes)")),
      (":  Ctrl-P", l("命令面板：命令、地点、户、人员、工单", "palette: commands, places, households, people, tickets")),
      ("q  Ctrl-C", l("退出", "quit")),
    ]
    let commands = PaletteCommand.allCases.map { command in
      (
        ": " + ([command.name] + command.arguments.map(\.placeholder)).joined(separator: " "),
        (command.directKey.map { "[\($0)] " } ?? "") + command.summary(l)
      )
    }
    let modal = Modal(
      title: Line(" " + l("按键", "keys") + " ", style: theme.style(.title)),
      size: Size(width: Self.helpWidth, height: min(area.height, keys.count + commands.count + 5)),
      style: theme.style(.text), borderStyle: theme.style(.accent))
    buffer.render(modal, in: area)
    let inner = modal.inner(in: area)
    // Every key always shows; the commands fill what room is left, and a last line says how many
    // more the palette holds. Each section's first column is as wide as its widest entry, so the
    // words beside it keep the room a small screen has; nothing is written over the border.
    var y = inner.y + 1
    let bottom = inner.bottom
    func section(_ entries: [(String, String)]) {
      let column = min(inner.width / 2, (entries.map { TextWidth.of($0.0) }.max() ?? 0) + 2)
      for entry in entries where y < bottom {
        buffer.write(entry.0, x: inner.x + 1, y: y, style: theme.style(.accent), maxWidth: column - 1)
        buffer.write(
          entry.1, x: inner.x + 1 + column, y: y, style: theme.style(.text),
          maxWidth: inner.width - column - 2)
        y += 1
      }
    }
    section(keys)
    y += 1
    let room = bottom - y
    if commands.count <= room {
      section(commands)
    } else if room > 0 {
      section(Array(commands.prefix(room - 1)))
      let more = commands.count - (room - 1)
      buffer.write(
        l("… 另有 \(more) 条命令：按 : 打开命令面板查看", "… \(more) more commands: press : for the palette"),
        x: inner.x + 1, y: y, style: theme.style(.muted), maxWidth: inner.width - 2)
    }
  }

  // MARK: Words

  /// Time left on an open ticket (超… once past its deadline); for a closed one, whether it was
  /// resolved in time and by how much, since "time left" means nothing once it is done.
  func timeLeft(_ ticket: Ticket) -> String {
    guard ticket.status.isOpen else {
      guard let resolved = ticket.resolvedAt else { return ticket.status.name(language) }
      let margin = duration(ticket.dueAt.rawValue - resolved.rawValue)
      return resolved > ticket.dueAt
        ? language("超时办结 超", "resolved late by ") + margin
        : language("按时办结 提前", "resolved on time, ahead by ") + margin
    }
    let deadline = openDeadline(ticket)
    let text = duration(deadline.rawValue - now.rawValue)
    return now > deadline ? language("超", "-") + text : text
  }

  /// When an open ticket's nearest clock runs out (its 签收 or its 办结, as the duty desk counts
  /// them: a reopened ticket from its reopening, an extended one from its 延期), wall-clock time
  /// to which the tickets pane counts down; the request's `dueAt` for a ticket the index lacks.
  func openDeadline(_ ticket: Ticket) -> Timestamp {
    index.clocks.clocks(of: ticket.id).nearest?.deadline ?? ticket.dueAt
  }

  /// A span of milliseconds, its sign dropped, in days and hours or hours and minutes: 3d8h, 2h5m.
  func duration(_ milliseconds: Int64) -> String {
    let magnitude = Int(abs(milliseconds) / 60_000)
    return magnitude >= 1440
      ? "\(magnitude / 1440)d\(magnitude % 1440 / 60)h" : "\(magnitude / 60)h\(magnitude % 60)m"
  }

  /// 特急 reversed and bold, 急 bold: they differ without colour too, not only in hue.
  func urgencyStyle(_ urgency: Urgency) -> Style {
    switch urgency {
    case .critical: theme.style(.critical).bolded().reversed()
    case .urgent: theme.style(.danger).bolded()
    case .normal: theme.style(.text)
    }
  }

  /// An hour in milliseconds: the last one before a deadline is when a ticket still open calls
  /// for a hand on it.
  static let lastHour: Int64 = 3_600_000

  /// Overdue in the critical colour, the last hour in the warning colour, the rest as text:
  /// never the dim grey, which vanishes on a projector.
  func timeLeftStyle(_ ticket: Ticket) -> Style {
    guard ticket.status.isOpen else { return theme.style(.text) }
    let deadline = openDeadline(ticket)
    if now > deadline { return theme.style(.critical).bolded() }
    if deadline.rawValue - now.rawValue < Self.lastHour { return theme.style(.warn) }
    return theme.style(.text)
  }

  /// A fire reversed in the critical colour; a thrown object in danger; a water meter (a welfare
  /// check on someone living alone) and a blocked fire lane in the warning colour.
  /// By the kind's urgency, as a ticket's: what rings (`Dashboard.callsBell`) stands out most; a
  /// quiet meter is Weige's own note, not an alarm.
  func alertStyle(_ kind: AlertKind) -> Style {
    guard !kind.isSame(as: .deviceFault) else { return theme.style(.muted) }
    return switch kind.urgency {
    case .critical: theme.style(.critical).bolded().reversed()
    case .urgent: theme.style(.danger).bolded()
    case .normal: theme.style(.warn)
    }
  }

}

/// `12,345`: counts the way the screen and the CLI show them.
public func grouped(_ value: Int) -> String {
  let digits = String(value.magnitude)
  var result = ""
  for (index, digit) in digits.enumerated() {
    if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
    result.append(digit)
  }
  return (value < 0 ? "-" : "") + result
}

func percent(_ fraction: Double) -> String { String(format: "%.1f%%", fraction * 100) }
