import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeUI

/// `weige war report`: 复盘 — an order's after-action report (interim while it is open), as text,
/// Markdown or JSON.
struct OrderReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract:
      "The after-action report (复盘) of an order: timeline, finish against the deadline, curve, slowest stairwells, households outstanding."
  )

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The order: M1 (or 1).")
  var order: String

  @Flag(help: "Print Markdown, for a briefing.")
  var markdown = false

  func run() throws {
    let l = output.lang
    let ledger = try store.open(.readOnly).openLedger()
    let id = try resolveOrder(order, in: ledger).id
    guard let report = ledger.afterActionReport(of: id, at: .now, language: l) else { return }
    if output.json {
      try printJSON(report)
      return
    }
    let sections = reportSections(report, language: l)
    print(markdown ? renderMarkdown(sections) : renderText(sections), terminator: "")
  }
}

/// A part of a report: a heading and a table (a heading alone for the title).
struct ReportSection {
  var title: String
  var columns: [String] = []
  var rows: [[String]] = []
}

/// The report's parts in reading order; text and Markdown draw the same parts.
func reportSections(_ r: AfterActionReport, language l: Language) -> [ReportSection] {
  func clock(_ time: Timestamp) -> String { orderClock(time, issuedAt: r.issuedAt, drillSpeed: r.drillSpeed) }
  let h = r.households
  let state: String =
    switch r.state {
    case "open": l("进行中", "open")
    default:
      (r.state == "completed" ? l("完成", "completed") : l("解除", "stood down"))
        + (r.closedAt.map { " " + clock($0) } ?? "")
    }
  let title =
    l("复盘 \(r.order)「\(r.title)」", "After-action report \(r.order) '\(r.title)'")
    + (r.drill ? l(" 演练", " (drill)") : "") + (r.drillSpeed > 1 ? " ×\(r.drillSpeed)" : "")
  let deadline =
    clock(r.deadline)
    + (r.deadline == r.originalDeadline
      ? "" : l("（原 \(clock(r.originalDeadline))）", " (first \(clock(r.originalDeadline)))"))
  let outcomes = [
    (l("已完成", "reached"), h.reached), (l("不在家", "not home"), h.notHome), (l("拒绝", "refused"), h.refused),
    (l("无法联系", "unreachable"), h.unreachable), (l("未上报", "not reported"), h.unreported),
  ].map { "\($0.0) \(grouped($0.1))" }.joined(separator: " · ")
  let squads = r.squads
  var sections = [
    ReportSection(title: title),
    ReportSection(
      title: l("概况", "Summary"), columns: ["", ""],
      rows: [
        [l("任务", "task"), r.task], [l("范围", "scope"), r.scope],
        [l("发令", "issued"), "\(r.issuedBy) \(r.issuedAt.chinaDateTime)"], [l("时限", "deadline"), deadline],
        [l("状态", "state"), state], [l("完成情况", "finish"), r.finish],
        [l("住户", "households"), reachedFigure(h, l) + " · " + outcomes],
        [
          l("突击小组", "squads"),
          "\(squads.squads) · "
            + SquadStatus.allCases.map { "\($0.name(l)) \(squads.count($0))" }.joined(separator: " · ")
            + l(" · 缺员 \(squads.shortHanded)", " · short-handed \(squads.shortHanded)"),
        ],
      ]),
    ReportSection(
      title: l("时间线", "Timeline"), columns: [l("时间", "time"), l("操作人", "by"), l("事项", "what")],
      rows: r.timeline.map { [clock($0.time), $0.actor, $0.text] }),
  ]
  // About ten rows of the curve, each with a bar: enough to see its shape in a terminal.
  let step = max(1, (r.curve.count - 1 + 9) / 10)
  let points =
    stride(from: 0, to: r.curve.count, by: step).map { r.curve[$0] }
    + (r.curve.count > 1 && (r.curve.count - 1) % step != 0 ? [r.curve[r.curve.count - 1]] : [])
  sections.append(
    ReportSection(
      title: l("进度", "Progress"), columns: [l("时间", "time"), l("已完成", "reached"), ""],
      rows: points.map { point in
        let width = h.households == 0 ? 0 : point.reached * 30 / h.households
        return [clock(point.time), grouped(point.reached), String(repeating: "█", count: width)]
      }))
  sections.append(
    ReportSection(
      title: l("最慢的楼道", "Slowest stairwells"),
      columns: [
        l("楼道", "stairwell"), l("已完成", "reached"), l("待走访", "to visit"), l("每户用时", "per household"),
        l("状态", "status"), l("突击小组", "squad"),
      ],
      rows: r.slowest.map { slow in
        [
          slow.stairwell, "\(grouped(slow.households.reached))/\(grouped(slow.households.households))",
          grouped(slow.households.outstanding),
          slow.secondsPerHousehold.map { spanText(Int64($0 * 1000), l) } ?? "—",
          slow.status,
          (slow.squad.isEmpty ? "—" : slow.squad.joined(separator: l("、", ", ")))
            + (slow.shortHanded ? l("（缺员）", " (short-handed)") : ""),
        ]
      }))
  sections.append(
    ReportSection(
      title: l("待回访住户", "Households outstanding"),
      columns: [
        l("楼道", "stairwell"), l("房号", "room"), l("结果", "outcome"), l("上报人", "reported by"), l("时间", "time"),
      ],
      rows: r.outstanding.map { [$0.stairwell, $0.room, $0.outcome, $0.reporter, clock($0.time)] }))
  return sections
}

/// Aligned columns under each heading; an empty table says so.
func renderText(_ sections: [ReportSection]) -> String {
  var lines: [String] = []
  for section in sections {
    if !lines.isEmpty { lines.append("") }
    lines.append(section.title)
    guard !section.columns.isEmpty else { continue }
    let header = section.columns.allSatisfy(\.isEmpty) ? [] : [section.columns]
    let table = header + section.rows
    guard !section.rows.isEmpty else {
      lines.append("  —")
      continue
    }
    let widths = section.columns.indices.map { column in table.map { TextWidth.of($0[column]) }.max() ?? 0 }
    for row in table {
      let cells = row.enumerated().map { column, cell in
        column == row.count - 1 ? cell : cell.padded(to: widths[column] + 2)
      }
      lines.append(("  " + cells.joined()).trimmingTrailingSpaces())
    }
  }
  return lines.joined(separator: "\n") + "\n"
}

/// The same parts as Markdown: the title as a heading, each table under its own.
func renderMarkdown(_ sections: [ReportSection]) -> String {
  func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
  var blocks: [String] = []
  for (index, section) in sections.enumerated() {
    guard index > 0 else {
      blocks.append("# " + section.title)
      continue
    }
    var lines = ["## " + section.title, ""]
    if section.rows.isEmpty {
      lines.append("—")
    } else {
      lines.append("| " + section.columns.map(cell).joined(separator: " | ") + " |")
      lines.append("|" + section.columns.map { _ in "---|" }.joined())
      lines += section.rows.map { "| " + $0.map(cell).joined(separator: " | ") + " |" }
    }
    blocks.append(lines.joined(separator: "\n"))
  }
  return blocks.joined(separator: "\n\n") + "\n"
}

extension String {
  fileprivate func trimmingTrailingSpaces() -> String {
    var result = self
    while result.last == " " { result.removeLast() }
    return result
  }
}
