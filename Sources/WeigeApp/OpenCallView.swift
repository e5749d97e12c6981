import WeigeCore
import WeigeUI

/// The 揭榜 board (`J`, issue 16 §2): every item on the three lists, overdue first, the partner
/// units ranked by items completed and the street's ratings (赛比), and residents' requests
/// awaiting the community (待审点单).
extension Dashboard {
  /// From this many columns the ranking stands beside the items; narrower, below them.
  static let boardSideBySideColumns = 120

  func renderOpenCalls(in area: Rect, into buffer: inout Buffer) {
    let l = language
    let board = ledger.openCalls
    let counts = board.counts(at: now)
    let pending = board.pendingRequests
    let wide = area.width >= Self.boardSideBySideColumns
    let totals = l(
      "榜单 \(counts.posted) · 服务 \(grouped(counts.personTimes)) 人次",
      "\(counts.posted) items · \(grouped(counts.personTimes)) person-times")
    let frame = block(l("揭榜赛比", "open calls (揭榜)"), focused: true, trailing: wide ? totals : nil)
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    guard inner.height > 2 else { return }
    let columns: [Line] =
      [
        Line(l("待揭榜 \(counts.open)", "open \(counts.open)"), style: theme.style(.text)),
        Line(l("已揭榜 \(counts.claimed)", "claimed \(counts.claimed)"), style: theme.style(.accent)),
        Line(
          l("超时 \(counts.overdue)", "overdue \(counts.overdue)"),
          style: theme.style(counts.overdue > 0 ? .danger : .muted)),
        Line(l("已完成 \(counts.done)", "done \(counts.done)"), style: theme.style(.ok)),
        Line(l("已评单 \(counts.rated)", "rated \(counts.rated)"), style: theme.style(.muted)),
      ]
      + (counts.withdrawn == 0
        ? []
        : [Line(l("已撤榜 \(counts.withdrawn)", "withdrawn \(counts.withdrawn)"), style: theme.style(.muted))])
      + (pending.isEmpty
        ? []
        : [Line(l("待审点单 \(pending.count)", "requests \(pending.count)"), style: theme.style(.warn))])
    var summary = columns.flatMap { [$0.spans, [Span("  ")]].flatMap { $0 } }
    if !wide { summary += [Span(totals, style: theme.style(.muted))] }
    buffer.render(Paragraph([Line(summary)]), in: Rect(x: inner.x, y: inner.y, width: inner.width, height: 1))
    let body = Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2)
    let parts =
      wide
      ? Layout.horizontal([.fill(1), .length(1), .length(56)]).split(body)
      : Layout.vertical([.percentage(55), .length(1), .fill(1)]).split(body)
    renderCallTable(board, wide: wide, in: parts[0], into: &buffer)
    // The requests waiting stand under the ranking, the oldest first, in what the ranking's title,
    // header and top three leave (on a short screen only their count, in the line above, is shown).
    let shown = min(pending.count, Self.pendingRequestRows, max(0, parts[2].height - 6))
    let side =
      shown == 0
      ? [parts[2]]
      : Layout.vertical([.fill(1), .length(1), .length(shown + 1)]).split(parts[2])
    renderStandings(board, wide: wide, in: side[0], into: &buffer)
    if let area = side.dropFirst(2).first { renderPendingRequests(pending, in: area, into: &buffer) }
  }

  /// At most this many requests waiting are listed under the ranking (their count is in the header).
  static let pendingRequestRows = 5

  /// 待审点单: each request's number, what is wanted, who asked and how, and when.
  private func renderPendingRequests(_ pending: [RequestRecord], in area: Rect, into buffer: inout Buffer) {
    let l = language
    buffer.write(
      l("待审点单 \(pending.count) · 派单或答复", "requests waiting \(pending.count) · post or decline"), x: area.x,
      y: area.y, style: theme.style(.title).bolded(), maxWidth: area.width)
    for (row, record) in pending.prefix(max(0, area.height - 1)).enumerated() {
      let line = Line([
        Span(record.id.description + " ", style: theme.style(.warn)),
        Span(
          String(ChinaTime.text(record.requestedAt).dropFirst(5).prefix(5)) + " ", style: theme.style(.muted)),
        Span(record.request.wish + " "),
        Span(record.request.requesterName(in: ledger, l), style: theme.style(.muted)),
      ])
      buffer.render(
        Paragraph([line]), in: Rect(x: area.x, y: area.y + 1 + row, width: area.width, height: 1))
    }
  }

  /// The board's selected item, in the board's order.
  public func selectedCall() -> OpenCall? {
    let calls = ledger.openCalls.ordered(at: now)
    return calls.isEmpty ? nil : calls[min(navigation.detailSelection, calls.count - 1)]
  }

  /// The items in the board's order, the selected row kept in view.
  private func renderCallTable(_ board: OpenCallBoard, wide: Bool, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let calls = board.ordered(at: now)
    guard !calls.isEmpty else {
      buffer.write(
        l("尚未发榜：按 : 输入 call post 发布需求、项目、服务", "nothing posted yet: : call post puts an item up"),
        x: area.x, y: area.y, style: theme.style(.muted), maxWidth: area.width)
      return
    }
    let selection = min(navigation.detailSelection, calls.count - 1)
    let first = Table.scrollOffset(
      selected: selection, offset: 0, visibleRows: area.height - 1, rowCount: calls.count)
    let shown = calls[first..<min(calls.count, first + max(0, area.height - 1))]
    let cells = shown.map { callCells($0, board, wide: wide) }
    var titles = [l("编号", "item"), l("清单", "list"), l("状态", "state"), l("时限", "by"), l("承接单位", "taker")]
    titles += [l("人次", "served")]
    if wide { titles += [l("点单", "request"), l("地点", "place")] }
    titles.append(l("事项", "item title"))
    let widths: [Constraint] = titles.indices.map { column in
      column == titles.count - 1
        ? .fill(1) : .length(max(TextWidth.of(titles[column]), cells.map { $0[column].width }.max() ?? 0))
    }
    let table = Table(
      columns: zip(titles, widths).map { Table.Column(Line($0), width: $1) },
      rows: cells.map { Table.Row($0, style: theme.style(.text)) },
      selected: selection - first, headerStyle: theme.style(.muted), selectionStyle: theme.selectionStyle)
    buffer.render(table, in: area)
  }

  /// One item's cells: its state says 已超时 over 待揭榜 or 已揭榜 when its by-when has passed.
  private func callCells(_ call: OpenCall, _ board: OpenCallBoard, wide: Bool) -> [Line] {
    let l = language
    let state: Line
    switch (call.phase(at: now), call.status) {
    case (.overdue?, _): state = Line(DeadlinePhase.overdue.name(l), style: theme.style(.danger))
    case (.warning?, _): state = Line(call.status.name(l), style: theme.style(.warn))
    case (_, .rated):
      state = Line(call.rating.map { l("评\($0)星", "rated \($0)★") } ?? "", style: theme.style(.ok))
    case (_, .done): state = Line(call.status.name(l), style: theme.style(.ok))
    case (_, .withdrawn): state = Line(call.status.name(l), style: theme.style(.muted))
    default: state = Line(call.status.name(l))
    }
    var cells = [
      Line(call.id.description),
      Line(l(call.posting.list.shortName.chinese, call.posting.list.shortName.english)),
      state, Line(String(ChinaTime.text(call.posting.dueBy).dropFirst(5).prefix(5))),
      Line(
        call.unit.flatMap { board.units[$0]?.name } ?? "—",
        style: call.unit == nil ? theme.style(.muted) : .plain),
      Line(call.personTimes == 0 ? "" : "\(call.personTimes)"),
    ]
    if wide {
      // The resident's request it answers (点单); blank when the community posted it unasked.
      cells += [
        Line(call.posting.request?.description ?? "", style: theme.style(.muted)),
        Line(ledger.fieldName(of: call.posting.place)),
      ]
    }
    cells.append(Line(call.posting.title))
    return cells
  }

  /// 赛比: the units ranked, a unit with nothing done yet at the bottom.
  private func renderStandings(_ board: OpenCallBoard, wide: Bool, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let standings = board.standings()
    guard area.height > 1 else { return }
    buffer.write(
      l("赛比 · 共建单位排名", "赛比 · partner units ranked"), x: area.x, y: area.y,
      style: theme.style(.title).bolded(), maxWidth: area.width)
    guard !standings.isEmpty else {
      buffer.write(
        l("尚无共建单位：weige units add 登记", "no partner units yet: weige units add registers one"), x: area.x,
        y: area.y + 1, style: theme.style(.muted), maxWidth: area.width)
      return
    }
    let cells: [[Line]] = standings.prefix(max(0, area.height - 2)).enumerated().map { rank, standing in
      [
        Line("\(rank + 1)"), Line(standing.unit.name),
        Line(l(standing.unit.kind.name, standing.unit.kind.id), style: theme.style(.muted)),
        Line("\(standing.completed)"), Line(standing.inHand == 0 ? "" : "\(standing.inHand)"),
        Line(standing.averageRating.map { String(format: "%.1f", $0) } ?? "—"),
        Line("\(standing.personTimes)"),
      ]
    }
    let titles = [
      l("名次", "#"), l("单位", "unit"), l("类别", "kind"), l("完成", "done"), l("在办", "held"), l("评分", "rating"),
      l("人次", "served"),
    ]
    let widths: [Constraint] = titles.indices.map { column in
      .length(max(TextWidth.of(titles[column]), cells.map { $0[column].width }.max() ?? 0))
    }
    let table = Table(
      columns: zip(titles, widths).map { Table.Column(Line($0), width: $1) },
      rows: cells.map { Table.Row($0, style: theme.style(.text)) }, selected: nil,
      headerStyle: theme.style(.muted), selectionStyle: theme.selectionStyle)
    buffer.render(table, in: Rect(x: area.x, y: area.y + 1, width: area.width, height: area.height - 1))
  }
}

/// One item (Enter on the board): what it asks and by when, who took it, the service reported,
/// the street's rating, and every step with who took it.
extension Dashboard {
  func renderOpenCall(_ id: OpenCallID, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let board = ledger.openCalls
    guard let call = board.calls[id] else { return }
    let posting = call.posting
    let rows = Layout.vertical([.length(9), .fill(1)]).split(area)
    let frame = block(l("榜单", "item") + " \(id) · " + posting.title, focused: true)
    buffer.render(frame, in: rows[0])
    let phase = call.phase(at: now)
    let state = call.status.name(l) + (phase == .overdue ? " · " + DeadlinePhase.overdue.name(l) : "")
    let taker = call.unit.flatMap { board.units[$0] }
    let label = { (chinese: String, english: String) in
      Span(l(chinese, english) + " ", style: theme.style(.muted))
    }
    let lines: [Line] = [
      Line([
        label("清单", "list"), Span(posting.list.name(l) + "   "), label("状态", "state"),
        Span(state, style: phase == .overdue ? theme.style(.danger) : theme.style(.accent)),
      ]),
      Line([label("地点", "place"), Span(ledger.fieldName(of: posting.place))]),
      Line([label("来源", "origin"), Span(origin(of: posting))]),
      Line([label("所需", "needs"), Span(posting.need)]),
      Line([
        label("发榜", "posted"), Span(call.postedAt.chinaDateTime + "   "), label("时限", "by"),
        Span(posting.dueBy.chinaDateTime, style: phase == .overdue ? theme.style(.danger) : .plain),
      ]),
      Line([
        label("承接单位", "taker"),
        Span(taker.map { l("\($0.name)（\($0.kind.name)）", "\($0.name) (\($0.kind.englishName))") } ?? "—"),
        Span(call.claimedAt.map { "   " + l("揭榜于 ", "claimed ") + $0.chinaDateTime } ?? ""),
      ]),
      Line([
        label("服务人次", "person-times"), Span("\(call.personTimes)   "), label("评单", "rating"),
        Span(call.rating.map { String(repeating: "★", count: $0) + " \($0)" } ?? "—"),
      ]),
    ]
    buffer.render(Paragraph(lines), in: frame.inner(rows[0]))
    let timeline = block(l("全程记录", "timeline"), trailing: "\(call.history.count)")
    buffer.render(timeline, in: rows[1])
    let steps = call.history.map { step in
      Table.Row([
        Line(step.time.chinaDateTime, style: theme.style(.muted)),
        Line(step.kind.name(l), style: theme.style(.accent)), Line(step.actor),
        Line(step.personTimes == 0 ? "" : "\(step.personTimes)"), Line(step.note),
      ])
    }
    buffer.render(
      Table(
        columns: [
          .init(Line(l("时间", "time")), width: .length(19)), .init(Line(l("环节", "step")), width: .length(8)),
          .init(Line(l("经办", "by")), width: .length(10)),
          .init(Line(l("人次", "served")), width: .length(6), alignment: .right),
          .init(Line(l("说明", "note")), width: .fill(1)),
        ], rows: steps, headerStyle: theme.style(.muted)), in: timeline.inner(rows[1]))
  }

  /// Where an item came from: a resident's request (点单), with who asked, how and when, or the
  /// community's own posting.
  private func origin(of posting: OpenCallPosting) -> String {
    let l = language
    guard let id = posting.request, let record = ledger.openCalls.requests[id] else {
      return l("社区发布", "posted by the community")
    }
    return l("点单 ", "request ") + "\(id) · " + record.request.requesterName(in: ledger, l) + " · "
      + record.requestedAt.chinaDateTime + " · " + record.request.wish
  }
}
