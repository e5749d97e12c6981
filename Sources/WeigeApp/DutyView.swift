import WeigeCore
import WeigeUI

/// The duty desk's screens (值班台, issue 13): the queue of everything open by the clock that
/// runs out first, and a shift's handover brief; and the header's duty line and bell.
extension Dashboard {
  /// The queue is wide enough for class, place and owner from this many columns; narrower, it
  /// keeps the clocks and the matter (the place is one Enter away).
  static let dutyWideColumns = 120

  func renderDuty(in area: Rect, into buffer: inout Buffer) {
    let l = language
    let duty = dutyRows()
    let rows = duty.rows
    var warning = 0
    var overdue = 0
    var overdueAlerts = 0
    var unsigned = 0
    for row in rows {
      switch row.nearest?.phase(at: now) {
      case .warning?: warning += 1
      // Tickets as the header counts them (超时 N there and here agree); alerts past their 确认 apart.
      case .overdue?:
        if case .alert = row.subject { overdueAlerts += 1 } else { overdue += 1 }
      default: break
      }
      if row.first?.kind == .sign { unsigned += 1 }
    }
    let place = navigation.focus.map { ledger.fieldName(of: $0) } ?? l("全域", "everywhere")
    // Narrow, the count of everything open is left to the header (开 N).
    let wide = area.width >= Self.dutyWideColumns
    let totals =
      (wide ? l("待办 \(grouped(rows.count)) · ", "open \(grouped(rows.count)) · ") : "")
      + l(
        "待签收 \(unsigned) · 预警 \(warning) · 超时 \(overdue)",
        "to sign \(unsigned) · warning \(warning) · overdue \(overdue)")
      + (overdueAlerts > 0 ? l(" · 告警超时 \(overdueAlerts)", " · alerts overdue \(overdueAlerts)") : "")
    let frame = block(l("值班台", "duty desk") + " · " + place, focused: true, trailing: totals)
    buffer.render(frame, in: area)
    var inner = frame.inner(area)
    guard inner.height > 1 else { return }
    if duty.usesWeekdayFallback {
      buffer.write(
        l(
          "※ 部分时限按周一至周五计：该年份还没有国务院放假通知",
          "※ some deadlines count Monday to Friday: no State Council notice for that year yet"),
        x: inner.x, y: inner.y, style: theme.style(.warn), maxWidth: inner.width)
      inner = Rect(x: inner.x, y: inner.y + 1, width: inner.width, height: inner.height - 1)
    }
    guard !rows.isEmpty else {
      buffer.write(
        l("此处没有待办：没有未结工单，也没有未确认的告警", "nothing open here: no open tickets, no unacknowledged alerts"),
        x: inner.x, y: inner.y, style: theme.style(.muted), maxWidth: inner.width)
      return
    }
    // Only the rows a screen can show are worded: a city desk has thousands open.
    let selection = navigation.detailSelection
    let first = Table.scrollOffset(
      selected: selection, offset: 0, visibleRows: inner.height - 1, rowCount: rows.count)
    let shown = Array(rows[first..<min(rows.count, first + inner.height - 1)])
    let cells = shown.map { dutyCells($0, wide: wide) }
    func width(_ column: Int, _ title: String) -> Constraint {
      .length(max(TextWidth.of(title), cells.map { $0[column].width }.max() ?? 0))
    }
    var titles = [
      "#", l("级", "lvl"), l("状态", "state"), l("签收/确认", "sign/ack"), l("办结", "resolve"), l("督办", "escalated"),
    ]
    var widths = titles.indices.map { width($0, titles[$0]) }
    if wide {
      titles += [l("类别", "class"), l("责任人", "owner"), l("地点", "place")]
      widths += [width(6, titles[6]), width(7, titles[7]), width(8, titles[8])]
    }
    titles.append(l("事项", "matter"))
    widths.append(.fill(1))
    let table = Table(
      columns: zip(titles, widths).map { Table.Column(Line($0), width: $1) },
      rows: cells.map { Table.Row($0, style: theme.style(.text)) },
      selected: selection - first, headerStyle: theme.style(.muted), selectionStyle: theme.selectionStyle)
    buffer.render(table, in: inner)
  }

  /// One row's cells, in the table's column order.
  private func dutyCells(_ row: DutyRow, wide: Bool) -> [Line] {
    let l = language
    let clock = { (clock: DutyClock?) in
      clock.map { Line(self.clockWords($0), style: self.clockStyle($0)) }
        ?? Line("—", style: self.theme.style(.muted))
    }
    let urgency = urgency(of: row.subject)
    let ringing = bell.pending.contains { cause in
      switch cause {
      case .ticket(let id): row.subject == .ticket(id)
      case .alert(let id): row.subject == .alert(id)
      case .escalation(let subject): row.subject == subject
      }
    }
    let mark = ringing || newArrivals.contains(arrival(of: row.subject)) ? "●" : ""
    // An alert goes by what it is, never by its internal id (its kind and place are in the row).
    let name: String
    switch row.subject {
    case .ticket(let id): name = id.description
    case .alert: name = language("告警", "alert")
    }
    var cells: [Line] = [
      Line(mark + name, style: mark.isEmpty ? .plain : theme.style(.critical).bolded()),
      Line(urgency.name(l), style: urgencyStyle(urgency)),
    ]
    var owner = "—"
    var demand = "—"
    var matter = ""
    var place: PlaceID?
    switch row.subject {
    case .ticket(let id):
      let ticket = ledger.tickets[id]
      cells.append(Line(ticket?.status.name(l) ?? ""))
      owner = ticket?.assignee.flatMap { ledger.people[$0]?.name } ?? l("未派单", "none yet")
      demand = ticket.map { l(String($0.demandClass.chineseName.suffix(2)), $0.demandClass.key) } ?? "—"
      matter = ticket?.title ?? ""
      place = ticket?.place
    case .alert(let id):
      let alert = ledger.alerts[id]
      cells.append(Line(l("告警未确认", "alert"), style: alert.map { alertStyle($0.kind) } ?? .plain))
      matter = alert.map { $0.kind.name(l) + " " + $0.text } ?? ""
      place = alert?.place
    }
    cells += [clock(row.first), clock(row.resolve), Line(escalationWords(row.subject))]
    if wide {
      cells += [Line(demand), Line(owner), Line(place.map { ledger.fieldName(of: $0) } ?? "")]
    } else if let place {
      matter = ledger.fieldName(of: place) + " " + matter
    }
    cells.append(Line(matter))
    return cells
  }

  private func arrival(of subject: DutySubject) -> Arrival {
    switch subject {
    case .ticket(let id): .ticket(id)
    case .alert(let id): .alert(id)
    }
  }

  // MARK: The handover brief

  func renderHandover(_ shift: ShiftID, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let brief = HandoverBrief(of: shift, in: ledger, at: now, calendar: calendar)
    let signed = brief.handover.isSigned
    let frame = block(
      l("交接班简报", "handover brief") + " · " + shift.name(l), focused: true,
      trailing: signed ? l("已签收", "signed") : l("未签收", "not signed"))
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    let lines = handoverLines(brief, width: inner.width)
    buffer.render(
      Paragraph(Array(lines.dropFirst(navigation.detailSelection).prefix(inner.height))), in: inner)
  }

  /// The brief's lines below its title, wrapped to `width`: headings flush left in the title
  /// colour, items indented as the text has them (a wrapped item keeps its indent).
  func handoverLines(_ brief: HandoverBrief, width: Int) -> [Line] {
    HandoverText(brief: brief, ledger: ledger, language: language, markdown: false).lines.dropFirst().flatMap
    {
      text -> [Line] in
      guard text.hasPrefix(" ") else {
        return Line.wrapping(text, width: width, style: theme.style(.title).bolded())
      }
      return Line.wrapping(
        String(text.drop { $0 == " " }), width: max(1, width - 4), style: theme.style(.text)
      )
      .enumerated().map { Line([Span($0.offset == 0 ? "  " : "    ")] + $0.element.spans) }
    }
  }

  /// The lines of a shift's brief on this screen (what its detail scrolls over).
  func handoverLineCount(_ shift: ShiftID) -> Int {
    let width = DashboardLayout(size: screenSize).body.width - 2
    return handoverLines(HandoverBrief(of: shift, in: ledger, at: now, calendar: calendar), width: width)
      .count
  }

  /// The brief `H` opens: the last shift's while its handover is unsigned (the incoming operator
  /// reads and signs it), else the shift on duty now (the outgoing operator writes into it).
  func handoverInView() -> ShiftID {
    if case .handover(let shift)? = navigation.details.last { return shift }
    if let last = ledger.duty.lastHandover(before: now), !last.handover.isSigned { return last.shift }
    return ShiftID(containing: now)
  }

  // MARK: The header's duty line and bell

  /// Who is on duty and until when, the leader on call, and whether the last handover was signed:
  /// written into the header's lower border, right-aligned.
  func renderDutyLine(_ area: Rect, into buffer: inout Buffer) {
    let l = language
    var spans: [Span] = []
    if let shift = ledger.duty.onDuty(at: now) {
      spans.append(
        Span(
          l(
            " 值班 \(shift.operatorName) 至 \(shift.shift.end.chinaClock) · 带班 \(shift.leader)",
            " on duty \(shift.operatorName) until \(shift.shift.end.chinaClock) · leader \(shift.leader)"),
          style: theme.style(.title)))
    } else {
      spans.append(Span(l(" 排班表中此班无人", " no one rostered now"), style: theme.style(.warn)))
    }
    if let last = ledger.duty.lastHandover(before: now) {
      let signed = last.handover.isSigned
      spans.append(
        Span(
          " · " + l("交接 ", "handover ") + last.shift.name(l) + " "
            + (signed ? l("已签", "signed") : l("未签", "unsigned")),
          style: signed ? theme.style(.title) : theme.style(.warn).bolded()))
    }
    spans.append(Span(" "))
    let line = Line(spans)
    let width = min(area.width - 2, line.width)
    guard width > 0 else { return }
    buffer.write(
      line,
      in: Rect(x: area.x + area.width - 1 - width, y: area.y + area.height - 1, width: width, height: 1),
      style: theme.style(.border))
  }

  /// The bell's words for the header while it rings (flashing: reversed on every other second) or
  /// is muted; nil when neither.
  func bellSpan() -> Span? {
    let l = language
    let muted = bell.isMuted(at: now)
    let mute =
      muted ? l(" 静音至 \(bell.mutedUntil!.chinaClock)", " muted until \(bell.mutedUntil!.chinaClock)") : ""
    guard bell.isRinging else {
      return muted ? Span(mute + " ─", style: theme.style(.muted)) : nil
    }
    let flash = (now.rawValue / 1000) % 2 == 0
    let style = flash ? theme.style(.critical).bolded().reversed() : theme.style(.critical).bolded()
    return Span(
      l(" 铃 \(bell.pending.count) 项未确认（空格确认）", " bell: \(bell.pending.count) unacknowledged (Space)") + mute
        + " ", style: style)
  }
}
