import Foundation
import WeigeCore
import WeigeUI

/// Where each part of the war view goes, in the body between the header and the footer:
///
///     1 M1 全员告知… │ 2 M2 … │ 3 M0 复盘      tabs, when there is more than one order
///     ┌ 进度 ───────────────┐┌ 预计完成 ──────┐  the top band: 40 % of the rest, 8…20 rows;
///     │ chart                ││ ETA, rate,     │  the chart 60 % of the width, the outlook
///     │                      ││ revisit rounds │  (projection and households to revisit) the rest
///     └──────────────────────┘└────────────────┘
///     ┌ 落后楼道 ──────────────────────────────┐  the rest: every stairwell, one row each,
///     └────────────────────────────────────────┘  those needing help first
struct WarLayout {
  var tabs: Rect?
  var chart: Rect
  var outlook: Rect
  var laggards: Rect

  /// The band of the chart and the outlook: enough rows for a chart with a legend, an axis and
  /// labels and three rows of plot (8 with its border), at most 20 so that a wall's laggards
  /// keep most of the screen.
  static let bandPercent = 40
  static let bandRows = 8...20
  static let chartPercent = 60

  init(body: Rect, tabs: Bool) {
    var rest = body
    if tabs {
      self.tabs = Rect(x: body.x, y: body.y, width: body.width, height: 1)
      rest = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
    }
    let band = min(
      Self.bandRows.upperBound, max(Self.bandRows.lowerBound, rest.height * Self.bandPercent / 100))
    let rows = Layout.vertical([.length(band), .fill(1)]).split(rest)
    let columns = Layout.horizontal([.percentage(Self.chartPercent), .fill(1)]).split(rows[0])
    chart = columns[0]
    outlook = columns[1]
    laggards = rows[1]
  }
}

extension Dashboard {
  /// The war view of an order: live while it is open, its after-action report once closed.
  func renderWar(_ id: MobilizationID, in area: Rect, into buffer: inout Buffer) {
    guard let order = ledger.mobilizations[id] else { return }
    let orders = warOrders()
    let tabs = orders.count > 1
    if !order.isOpen {
      renderReport(of: order, in: area, tabs: tabs ? orders : nil, into: &buffer)
      return
    }
    let layout = WarLayout(body: area, tabs: tabs)
    if let row = layout.tabs { renderOrderTabs(orders, shown: id, in: row, into: &buffer) }
    renderProgressChart(of: order, in: layout.chart, into: &buffer)
    renderOutlook(of: order, in: layout.outlook, into: &buffer)
    renderLaggards(of: order, in: layout.laggards, into: &buffer)
  }

  /// One tab per order, numbered for the keys that pick them: `1 M1 全员告知：今晚… │ 2 M2 演练 …`.
  func renderOrderTabs(
    _ orders: [MobilizationID], shown: MobilizationID, in row: Rect, into buffer: inout Buffer
  ) {
    let titles = orders.enumerated().map { position, id -> Line in
      guard let order = ledger.mobilizations[id] else { return Line("\(id)") }
      let words =
        "\(position + 1) \(id) " + (order.isDrill ? language("演练 ", "drill ") : "")
        + Line(order.title).truncated(to: Self.tabTitleWidth).spans.map(\.content).joined()
        + (order.isOpen ? "" : language(" 复盘", " report"))
      return Line(words, style: theme.style(order.isOpen ? .war : .muted))
    }
    buffer.render(
      Tabs(
        titles, selected: orders.firstIndex(of: shown) ?? 0, style: theme.style(.text),
        selectedStyle: theme.selectionStyle, divider: "│"), in: row)
  }

  /// An order's title in its tab: 全员告知：今晚集中转运 whole; a longer one cut.
  static let tabTitleWidth = 22

  // MARK: Header

  /// The war view's two header lines: the order (mode, title, task, scope) and its countdown;
  /// then households reached of every household in scope, the squads, the outcomes.
  func renderWarHeadline(_ order: Mobilization, in inner: Rect, into buffer: inout Buffer) {
    let l = language
    let modeWord = order.isOpen ? mode.name(l) : l("复盘", "report")
    let right: Span
    if order.isOpen {
      let countdown = order.countdown(at: now)
      let word = countdown.phase == .overdue ? l("超时 ", "overdue ") : l("剩余 ", "left ")
      right = Span(
        word + countdown.text + l("（时限 ", " (deadline ") + order.clock(order.deadline)
          + l("）", ")"), style: countdownStyle(countdown.phase))
    } else {
      let closing = order.closing?.name(l) ?? ""
      right = Span(
        l("已\(closing) ", "\(closing) ") + order.clock(order.closedAt ?? now),
        style: theme.style(.title).bolded())
    }
    let rightWidth = min(right.width, inner.width / 2)
    let left = Line([
      Span(modeWord, style: theme.style(.war).bolded()),
      Span(" \(order.id) " + order.title, style: theme.style(.title).bolded()),
      Span(" · " + order.task.name(l) + " · " + ledger.fieldName(of: order.scope), style: theme.style(.text)),
    ])
    buffer.write(left, in: Rect(x: inner.x, y: inner.y, width: inner.width - rightWidth - 1, height: 1))
    buffer.write(
      Line([right], alignment: .right),
      in: Rect(x: inner.right - rightWidth, y: inner.y, width: rightWidth, height: 1))
    // The second line leaves out whole pieces that do not fit on a narrow screen, in this order
    // of importance: reached, (a report's finish,) the squads, the other outcomes.
    var pieces = [[reachedSpan(order.tally, task: order.task)], squadSpans(order.squadCounts)]
    if !order.isOpen, let report = afterActionReport(of: order) {
      pieces.insert([Span(report.finish, style: theme.style(.text).bolded())], at: 1)
    }
    pieces.append(outcomeSpans(order.tally))
    var spans: [Span] = []
    var used = 0
    for piece in pieces {
      let width = piece.reduce(0) { $0 + $1.width } + (spans.isEmpty ? 0 : 2)
      guard used + width <= inner.width else { continue }
      if !spans.isEmpty { spans.append(Span("  ")) }
      spans += piece
      used += width
    }
    buffer.write(Line(spans), in: Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: 1))
  }

  /// `已告知 1,912 / 2,688 71.1%`: the denominator is every household in scope.
  func reachedSpan(_ tally: OutcomeTally, task: MobilizationTask) -> Span {
    Span(
      HouseholdOutcome.reached.name(language, task: task)
        + " \(grouped(tally.reached)) / \(grouped(tally.households)) " + percent(tally.reachedShare),
      style: theme.style(.accent).bolded())
  }

  /// `突击小组 出发 80 · 完成 10 · 缺员 4 · 受阻 1 / 94`: blocked and short-handed squads in the
  /// colours that call for help when there are any. Short enough to follow the reached figure
  /// on an 80-column screen.
  func squadSpans(_ counts: SquadCounts) -> [Span] {
    let l = language
    let alarming = { (count: Int, role: StyleRole) in
      count > 0 ? theme.style(role).bolded() : theme.style(.text)
    }
    return [
      Span(
        l("突击小组 ", "squads ") + SquadStatus.active.name(l) + " \(grouped(counts.active)) · "
          + SquadStatus.done.name(l) + " \(grouped(counts.done)) · ", style: theme.style(.text)),
      Span(l("缺员", "short") + " \(grouped(counts.shortHanded))", style: alarming(counts.shortHanded, .warn)),
      Span(" · "),
      Span(
        SquadStatus.blocked.name(l) + " \(grouped(counts.blocked))",
        style: alarming(counts.blocked, .critical)),
      Span(" / \(grouped(counts.squads))", style: theme.style(.text)),
    ]
  }

  /// `不在家 40 · 拒绝 3 · 无法联系 1 · 未报 732`: every household not reached, by why.
  func outcomeSpans(_ tally: OutcomeTally) -> [Span] {
    let l = language
    let parts = [HouseholdOutcome.notHome, .refused, .unreachable].map {
      "\($0.name(l)) \(grouped(tally.count($0)))"
    }
    return [
      Span(
        (parts + [l("未报 ", "unreported ") + grouped(tally.unreported)]).joined(separator: " · "),
        style: theme.style(.text))
    ]
  }

  /// The countdown in the text colour, the warning colour in the last fifth of the order's time
  /// (`Deadline.warningShare`), the critical colour once past it.
  func countdownStyle(_ phase: DeadlinePhase) -> Style {
    switch phase {
    case .running: theme.style(.text).bolded()
    case .warning: theme.style(.warn).bolded()
    case .overdue: theme.style(.critical).bolded().reversed()
    }
  }

  // MARK: Chart

  /// Households reached over time against the straight line needed to finish on the deadline and
  /// against the 1·26 pace, all three from Core, from the issue to the deadline (or to now, or
  /// the close, when later); the deadline is marked.
  func renderProgressChart(of order: Mobilization, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let frame = block(
      l("进度", "progress"),
      trailing: l("户", "households") + " \(grouped(order.tally.households))")
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    guard inner.width > 8, inner.height > 3 else { return }
    let end = max(order.deadline, order.closedAt ?? now)
    let reachedUntil = min(end, order.closedAt ?? now)
    let span = Double(max(1, end.rawValue - order.issuedAt.rawValue))
    // Two samples a column: as fine as the Braille dots across.
    let samples = max(2, inner.width * 2)
    func x(_ time: Timestamp) -> Double { Double(time.rawValue - order.issuedAt.rawValue) }
    let moments = (0..<samples).map {
      Timestamp(milliseconds: order.issuedAt.rawValue + Int64(span * Double($0) / Double(samples - 1)))
    }
    let shown = max(2, Int(Double(samples) * x(reachedUntil) / span))
    let reached = order.reachedCurve(to: reachedUntil, count: shown).map {
      LineChart.Point(x: x($0.time), y: Double($0.reached))
    }
    let households = Double(max(1, order.tally.households))
    var xLabels = [LineChart.Label(0, order.clock(order.issuedAt))]
    if order.isOpen && now < order.deadline { xLabels.append(.init(x(now), order.clock(now))) }
    xLabels.append(.init(x(order.deadline), order.clock(order.deadline)))
    if end > order.deadline { xLabels.append(.init(x(end), order.clock(end))) }
    var yLabels = [LineChart.Label(0, "0"), .init(households, grouped(order.tally.households))]
    if inner.height >= 9 { yLabels.append(.init(households / 2, grouped(order.tally.households / 2))) }
    let chart = LineChart(
      series: [
        .init(
          l("1·26 节奏", "1·26 pace"),
          points: moments.map { .init(x: x($0), y: order.referenceReached(at: $0)) },
          style: theme.style(.muted), pattern: .dotted),
        .init(
          l("按时所需", "needed"),
          points: moments.map { .init(x: x($0), y: order.neededReached(at: $0)) },
          style: theme.style(.warn), pattern: .dashed),
        .init(
          HouseholdOutcome.reached.name(l, task: order.task), points: reached,
          style: theme.style(.accent).bolded()),
      ], x: 0...span, y: 0...households, xLabels: xLabels, yLabels: yLabels, marker: x(order.deadline),
      axisStyle: theme.style(.border), labelStyle: theme.style(.muted), markerStyle: theme.style(.war))
    buffer.render(chart, in: inner)
  }

  // MARK: Outlook

  /// Core's projected finish in words (it moves with every report and every tick), the rate it
  /// comes from, the households by outcome, then the households not home stairwell by stairwell:
  /// the revisit round.
  func renderOutlook(of order: Mobilization, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let frame = block(l("预计完成", "outlook"))
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    guard inner.width > 0 else { return }
    let projection = order.projection(at: now)
    var lines = Line.wrapping(projection.statement(l), width: inner.width, style: projectionStyle(projection))
    if projection.state == .projected {
      let rate = String(format: "%.1f", projection.settledPerMinute)
      lines += Line.wrapping(
        l(
          "近 \(spanText(projection.windowMilliseconds, .zh)) 每分钟 \(rate) 户",
          "\(rate) households a minute over the last \(spanText(projection.windowMilliseconds, .en))"),
        width: inner.width, style: theme.style(.muted))
    }
    lines += Line.wrapping(
      outcomeSpans(order.tally).map(\.content).joined(), width: inner.width, style: theme.style(.text))
    let revisit = order.tally.notHome
    if revisit > 0 && lines.count + 2 < inner.height {
      lines.append(Line(""))
      lines.append(
        Line(
          l("不在家 待复访 \(grouped(revisit)) 户", "not home, to revisit: \(grouped(revisit))"),
          style: theme.style(.warn).bolded()))
      let room = inner.height - lines.count
      let rounds = revisitRounds(of: order, limit: room + 1)
      for (position, round) in rounds.enumerated() {
        if position == room - 1 && rounds.count > room {
          lines.append(Line(l("…", "…"), style: theme.style(.muted)))
          break
        }
        lines.append(
          Line([
            Span(ledger.fieldName(of: round.stairwell) + " ", style: theme.style(.muted)),
            Span(round.rooms.joined(separator: " "), style: theme.style(.text)),
          ]))
      }
    }
    buffer.render(Paragraph(lines), in: inner)
  }

  /// On time (finished or projected) in the ok colour; projected late in the critical colour;
  /// finished late, or no projection (no reports, or none lately), in the warning colour.
  func projectionStyle(_ projection: Projection) -> Style {
    let onTime = (projection.minutesEarly ?? 0) >= 0
    switch projection.state {
    case .finished: return onTime ? theme.style(.ok).bolded() : theme.style(.warn).bolded()
    case .projected: return onTime ? theme.style(.ok).bolded() : theme.style(.critical).bolded()
    case .stalled, .notStarted: return theme.style(.warn)
    }
  }

  // MARK: Laggards

  /// Every stairwell of the order in Core's laggard order — blocked, short-handed, then most
  /// behind the share of the deadline it has used — with its bar against where it should be, how
  /// far behind, its squad's state and who is in it (phones masked).
  func renderLaggards(of order: Mobilization, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let rows = laggards(of: order)
    let frame = block(
      l("落后楼道：受阻、缺员在前，再按落后户数", "laggards: blocked, short-handed, then most behind"), focused: true,
      trailing: l("\(rows.count) 个楼道", "\(rows.count) stairwells"))
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    guard inner.height > 1, inner.width > 20 else { return }
    let visible = inner.height - 1
    let first = Table.scrollOffset(
      selected: navigation.detailSelection, offset: 0, visibleRows: visible, rowCount: rows.count)
    let shown = rows[first..<min(rows.count, first + visible)]
    let names = shown.map { ledger.fieldName(of: $0.stairwell) }
    let counts = shown.map { "\($0.tally.reached)/\($0.tally.households)" }
    let countWidth = counts.map(TextWidth.of).max() ?? 0
    let columns = LaggardColumns(width: inner.width, nameWidth: names.map(TextWidth.of).max() ?? 4)
    let header: [(String, Int)] = [
      (l("楼道", "stairwell"), columns.name), (l("进度（│ 应达）", "progress │ due"), columns.bar),
      (l("落后", "behind"), columns.behind), (l("小组", "squad"), columns.status),
      (
        columns.showsPhones ? l("突击小组成员（电话已隐去）", "members (phones masked)") : l("成员", "members"),
        columns.members
      ),
    ]
    var x = inner.x + 1
    for (title, width) in header where width > 0 {
      buffer.write(title, x: x, y: inner.y, style: theme.style(.muted), maxWidth: width)
      x += width + 1
    }
    for (offset, entry) in shown.enumerated() {
      let y = inner.y + 1 + offset
      let selected = first + offset == navigation.detailSelection
      // Counts right-aligned to one width, so that every bar is as long as the others.
      let count = String(repeating: " ", count: countWidth - TextWidth.of(counts[offset])) + counts[offset]
      renderLaggard(
        entry, name: names[offset], count: count, columns: columns, selected: selected, x: inner.x, y: y,
        into: &buffer)
    }
  }

  /// One laggard's row; the selected one marked `›` with its name in the selection's colours.
  private func renderLaggard(
    _ entry: StairwellProgress, name: String, count: String, columns: LaggardColumns, selected: Bool, x: Int,
    y: Int,
    into buffer: inout Buffer
  ) {
    let l = language
    let squad = entry.squad
    buffer.write(selected ? "›" : " ", x: x, y: y, style: theme.style(.accent).bolded())
    var column = x + 1
    buffer.write(
      Line(name), in: Rect(x: column, y: y, width: columns.name, height: 1),
      style: selected ? theme.selectionStyle : theme.style(.text))
    column += columns.name + 1
    let households = max(1, entry.tally.households)
    let barStyle: Style =
      squad.status == .blocked
      ? theme.style(.critical)
      : entry.isFinished || entry.behind < 0.5 ? theme.style(.ok) : theme.style(.warn)
    buffer.render(
      Gauge(
        ratio: Double(entry.tally.reached) / Double(households),
        label: count, filledStyle: barStyle,
        emptyStyle: theme.style(.muted), labelStyle: theme.style(.text),
        target: entry.isFinished ? nil : entry.expected / Double(households),
        targetStyle: theme.style(.text).bolded()),
      in: Rect(x: column, y: y, width: columns.bar, height: 1))
    column += columns.bar + 1
    buffer.write(
      behindText(entry), x: column, y: y,
      style: entry.behind >= 0.5 && !entry.isFinished ? theme.style(.warn) : theme.style(.muted),
      maxWidth: columns.behind)
    column += columns.behind + 1
    var status = squad.status.name(l) + (squad.blockedReason.map { l("：", ": ") + $0 } ?? "")
    if squad.isShortHanded {
      status += l(
        " 缺\(Squad.fullStrength - squad.members.count)", " short \(Squad.fullStrength - squad.members.count)")
    }
    let statusStyle =
      squad.status == .blocked
      ? theme.style(.critical).bolded()
      : squad.isShortHanded ? theme.style(.warn).bolded() : theme.style(.text)
    buffer.write(
      Line(status), in: Rect(x: column, y: y, width: columns.status, height: 1), style: statusStyle)
    column += columns.status + 1
    guard columns.members > 0 else { return }
    let members = squad.members.map { member -> String in
      let person = ledger.people[member.person]
      let name = (member.attachedAt == nil ? "" : "+") + (person?.name ?? member.person.description)
      return columns.showsPhones ? name + " " + mask(person?.phone ?? "") : name
    }
    buffer.write(
      Line(members.joined(separator: "  ")), in: Rect(x: column, y: y, width: columns.members, height: 1),
      style: theme.style(.text))
  }

  /// `5户 8分`: households behind the stairwell's share of the deadline, and that as a full
  /// squad's time at the 1·26 pace (Core's `behindSeconds`); `超前 2户` ahead; `—` on pace.
  func behindText(_ entry: StairwellProgress) -> String {
    let l = language
    if entry.isFinished { return l("完成", "done") }
    let households = Int(entry.behind.rounded())
    if households >= 1 {
      let minutes = Int((entry.behindSeconds / 60).rounded(.up))
      return l("\(households)户 \(minutes)分", "\(households) hh \(minutes) min")
    }
    return households <= -1 ? l("超前 \(-households)户", "ahead \(-households)") : "—"
  }
}

/// The laggard table's columns at a width: the stairwell as the field names it, a bar as wide as
/// the screen allows (its label `28/32` inside), how far behind, the squad's state, and its
/// members with their masked phones where they fit, names alone where they do not.
struct LaggardColumns {
  var name: Int
  var bar: Int
  var behind: Int
  var status: Int
  var members: Int
  var showsPhones: Bool

  /// `5户 19分` or `ahead 12`: 12 columns either language.
  static let behindWidth = 12
  /// A member with a masked phone (`欧阳娜娜 138****5678`) takes about 20 columns; three of them
  /// with their gaps, 64.
  static let phonesWidth = 64

  init(width: Int, nameWidth: Int) {
    // The selection mark, then five columns with a space between each.
    let room = width - 1 - 4
    name = min(22, max(8, nameWidth))
    bar = width >= 140 ? 28 : width >= 100 ? 20 : 14
    behind = Self.behindWidth
    status = width >= 180 ? 30 : width >= 140 ? 20 : 10
    members = max(0, room - name - bar - behind - status)
    if members < 8 {
      status += members
      members = 0
    }
    showsPhones = members >= Self.phonesWidth
  }
}
