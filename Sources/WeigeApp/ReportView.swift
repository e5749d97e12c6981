import WeigeCore
import WeigeUI

/// Where each part of the after-action report goes, in the body between the header and the footer:
///
///     1 M1 全员告知… │ 2 M0 复盘                 tabs, when there is more than one order
///     ┌ 经过 ──────────────┐┌ 进度 ──────────────┐  the timeline and the curve: 55 % of the rest
///     │ 20:45 王芳 发布…    ││ chart               │
///     └────────────────────┘└─────────────────────┘
///     ┌ 最慢的十个楼道 ────┐┌ 尚未完成的住户 ─────┐  the slowest stairwells with their squads, and
///     └────────────────────┘└─────────────────────┘  households not home, refused or unreachable
struct ReportLayout {
  var tabs: Rect?
  var timeline: Rect
  var chart: Rect
  var slowest: Rect
  var outstanding: Rect

  static let topPercent = 55

  init(body: Rect, tabs: Bool) {
    var rest = body
    if tabs {
      self.tabs = Rect(x: body.x, y: body.y, width: body.width, height: 1)
      rest = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
    }
    let rows = Layout.vertical([.percentage(Self.topPercent), .fill(1)]).split(rest)
    let top = Layout.horizontal([.percentage(50), .fill(1)]).split(rows[0])
    let bottom = Layout.horizontal([.percentage(50), .fill(1)]).split(rows[1])
    timeline = top[0]
    chart = top[1]
    slowest = bottom[0]
    outstanding = bottom[1]
  }
}

/// A report as the cache keeps it.
struct KeptReport { var report: AfterActionReport? }

extension Dashboard {
  /// Core's after-action report of a closed order, worded once in the screen's language (a
  /// closed order never changes); nil for an open order, whose war view is live.
  func afterActionReport(of order: Mobilization) -> AfterActionReport? {
    guard !order.isOpen else { return nil }
    // Wrapped: the cache tells a kept value by casting, and a nil cast to an optional passes.
    return reportCache.value(for: ReportKey(order: order.id, language: language)) {
      KeptReport(report: ledger.afterActionReport(of: order.id, at: now, language: language))
    }.report
  }

  /// 复盘: the order's timeline, its curve against the deadline, the ten slowest stairwells with
  /// their squads, and the households still not reached.
  func renderReport(
    of order: Mobilization, in area: Rect, tabs orders: [MobilizationID]?, into buffer: inout Buffer
  ) {
    guard let report = afterActionReport(of: order) else { return }
    let l = language
    let layout = ReportLayout(body: area, tabs: orders != nil)
    if let row = layout.tabs, let orders { renderOrderTabs(orders, shown: order.id, in: row, into: &buffer) }

    let timelineFrame = block(l("复盘 · 经过", "after-action report: timeline"), focused: true)
    buffer.render(timelineFrame, in: layout.timeline)
    let entries = report.timeline.map { entry in
      Line([
        Span(order.clock(entry.time) + " ", style: theme.style(.muted)),
        Span(entry.actor.isEmpty ? "" : entry.actor + " ", style: theme.style(.accent)),
        Span(entry.text, style: theme.style(.text)),
      ])
    }
    buffer.render(Paragraph(entries), in: timelineFrame.inner(layout.timeline))

    renderProgressChart(of: order, in: layout.chart, into: &buffer)

    let slowFrame = block(l("最慢的楼道", "slowest stairwells"), trailing: "\(report.slowest.count)")
    buffer.render(slowFrame, in: layout.slowest)
    let slowRows = report.slowest.map { slow in
      Table.Row([
        Line(slow.stairwell),
        Line("\(slow.households.reached)/\(slow.households.households)"),
        Line(
          slow.secondsPerHousehold.map { l("\(Int($0.rounded()))秒/户", "\(Int($0.rounded())) s/hh") } ?? "—"),
        Line(slow.status + (slow.shortHanded ? l(" 缺员", " short") : "")),
        Line(slow.squad.joined(separator: " ")),
      ])
    }
    buffer.render(
      Table(
        columns: [
          .init(Line(l("楼道", "stairwell")), width: .length(18)),
          .init(Line(l("完成", "done")), width: .length(7)),
          .init(Line(l("用时", "time")), width: .length(9)), .init(Line(l("小组", "squad")), width: .length(10)),
          .init(Line(l("突击小组", "members")), width: .fill(1)),
        ], rows: slowRows, headerStyle: theme.style(.muted)), in: slowFrame.inner(layout.slowest))

    let outstandingFrame = block(
      l("尚未完成的住户", "households not reached"), trailing: "\(report.outstanding.count)")
    buffer.render(outstandingFrame, in: layout.outstanding)
    let inner = outstandingFrame.inner(layout.outstanding)
    let homes = report.outstanding.prefix(inner.height).map { home in
      Line([
        Span(home.stairwell + " " + home.room + l("室 ", " "), style: theme.style(.text)),
        Span(home.outcome + " ", style: theme.style(.warn)),
        Span(home.reporter + " " + order.clock(home.time), style: theme.style(.muted)),
      ])
    }
    buffer.render(Paragraph(Array(homes)), in: inner)
  }
}
