import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeLedgers
import WeigeStore

extension ExportKind: ExpressibleByArgument {}
extension ReportKind: ExpressibleByArgument {}

/// `weige export households|teams|roster|tickets|visits` and `weige export report
/// coverage|roster|tickets`: the registers, the tickets and visits, and the street's monthly
/// reports as XLSX (or CSV, but for reports); residents' numbers masked unless revealed, and every
/// reveal an event in the log.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "Export a register, the tickets or visits, or a monthly report (report coverage|roster|tickets) as XLSX or CSV (numbers masked unless --reveal)."
  )

  @OptionGroup var store: StoreOptions

  @Argument(
    help:
      "households, teams (a row a post holder), roster (a row a stairwell, with vacancies), tickets, visits, or report."
  )
  var kind: ExportKind

  @Argument(
    help: "After report: coverage (visits per grid and stairwell), roster (posts per role) or tickets.")
  var report: ReportKind?

  @Option(help: "A place by name or path (default: everything).")
  var place: String?

  @Option(
    help:
      "yyyy-MM: tickets filed, visits made, or the report's month, in China time (a report's default: this month)."
  )
  var month: String?

  @Option(help: "xlsx or csv (default: from --out's extension, else xlsx; reports are xlsx).")
  var format: String?

  @Option(
    help: "The file to write (default: KIND[-MONTH].FORMAT, or report-KIND-MONTH.xlsx, here). Created 0600.")
  var out: String?

  @Option(help: "CSV only: utf-8 (with a BOM, the default) or gb18030.")
  var encoding: String?

  @Flag(help: "Write phone numbers whole; needs --reason, and is recorded in the log.")
  var reveal = false

  @Option(help: "Why the numbers are revealed (recorded with the operator).")
  var reason: String?

  func run() throws {
    let chosen = (format ?? out.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? "xlsx")
    guard ["xlsx", "csv"].contains(chosen) else { throw CLIError("--format '\(chosen)' is not xlsx or csv") }
    let textEncoding = try encoding.map { name in
      guard let known = TextEncoding(name: name), known != .gbk else {
        throw CLIError("--encoding '\(name)' is not utf-8 or gb18030")
      }
      return known
    }
    let selected = try month.map(monthOption)
    try check(format: chosen, month: selected)
    let reportMonth = selected ?? CivilMonth(inChina: .now)
    let name =
      report.map { "report-\($0.rawValue)-\(reportMonth)" } ?? kind.rawValue
      + (selected.map { "-\($0)" } ?? "")
    let path = out ?? "\(name).\(chosen)"
    let target = try store.open(reveal ? .readWrite : .readOnly)
    var ledger = try target.openLedger()
    let scope = try place.map { try resolvePlace($0, in: ledger) }
    if reveal { try recordReveal(of: scope, for: path, in: target, ledger: &ledger) }
    var sheets: [ExportTable]
    switch (kind, report) {
    case (.households, _): sheets = [ExportTable.households(of: ledger, under: scope, reveal: reveal)]
    case (.teams, _): sheets = [ExportTable.teams(of: ledger, under: scope, reveal: reveal)]
    case (.roster, _): sheets = [ExportTable.roster(of: ledger, under: scope)]
    case (.tickets, _):
      sheets = [
        ExportTable.tickets(
          of: ledger, under: scope, in: selected, now: .now, calendar: try .user(), reveal: reveal)
      ]
    case (.visits, _):
      sheets = [
        ExportTable.visits(try visits(in: selected, from: target), of: ledger, under: scope, in: selected)
      ]
    case (.report, .coverage?):
      // Visits of a month are read off the ledger as it stood at the month's end.
      let end = try target.sequence(atOrBefore: Timestamp(milliseconds: reportMonth.endInChina.rawValue - 1))
      sheets =
        ExportWorkbook.coverage(of: try target.ledger(through: end), under: scope, in: reportMonth).sheets
    case (.report, .roster?): sheets = ExportWorkbook.roster(of: ledger, under: scope).sheets
    case (.report, .tickets?):
      sheets =
        ExportWorkbook.tickets(
          of: ledger, under: scope, in: reportMonth, now: .now, calendar: try .user()
        ).sheets
    case (.report, nil): throw CLIError("export report needs what: coverage, roster or tickets")
    }
    do {
      if chosen == "xlsx" {
        try ExportWorkbook(sheets: sheets).writeXLSX(to: path)
      } else {
        try sheets[0].writeCSV(to: path, encoding: textEncoding ?? .utf8)
      }
    } catch {
      throw CLIError(error.description)
    }
    let numbers =
      [.households, .teams, .tickets].contains(kind)
      ? reveal ? " (numbers revealed, recorded in the log)" : " (numbers masked)" : ""
    print("\(path): \(sheets.map(\.rows.count).reduce(0, +)) rows\(numbers)")
  }

  /// Refuses options that do not go with the kind, before anything is read or appended.
  private func check(format: String, month: CivilMonth?) throws {
    if report != nil && kind != .report {
      throw CLIError("'\(report!.rawValue)' after '\(kind.rawValue)': only export report takes a report")
    }
    if month != nil && [.households, .teams, .roster].contains(kind) {
      throw CLIError("--month selects tickets, visits and reports, not \(kind.rawValue)")
    }
    if kind == .report && format != "xlsx" {
      throw CLIError("reports are XLSX workbooks: write them with --format xlsx")
    }
    if reveal && (kind == .visits || kind == .report || kind == .roster) {
      throw CLIError(
        "--reveal: \(report.map { "report \($0.rawValue)" } ?? kind.rawValue) holds no residents' numbers")
    }
  }

  /// Every visit in the log (in `month` when given: the log's order is time order, so only that
  /// stretch is read).
  private func visits(in month: CivilMonth?, from target: any EventStore) throws -> [VisitRecord] {
    let from = try month.map {
      try target.sequence(atOrBefore: Timestamp(milliseconds: $0.startInChina.rawValue - 1))
    }
    let through = try month.map {
      try target.sequence(atOrBefore: Timestamp(milliseconds: $0.endInChina.rawValue - 1))
    }
    var visits: [VisitRecord] = []
    try target.forEachEvent(after: from ?? 0, through: through) { event in
      if let visit = VisitRecord(event) { visits.append(visit) }
    }
    return visits
  }

  /// Appends the reveal before a number is written: a reveal that is not in the log does not
  /// happen. It names one place: the scope, else the store's one root.
  private func recordReveal(
    of scope: PlaceID?, for path: String, in target: any EventStore, ledger: inout Ledger
  ) throws {
    let reason = FreeText.trimmed(self.reason ?? "")
    guard !reason.isEmpty else {
      throw CLIError("--reveal needs --reason: why the numbers are needed whole")
    }
    guard let revealed = scope ?? (ledger.roots.count == 1 ? ledger.roots.first : nil) else {
      throw CLIError("--reveal needs --place when the store holds more than one district")
    }
    let event = NewEvent(
      actor: store.actor,
      body: .numbersRevealed(
        NumbersReveal(
          place: revealed, household: nil, reason: reason,
          purpose: "export \(URL(fileURLWithPath: path).lastPathComponent)")))
    do {
      try ledger.validate(event)
    } catch {
      throw CLIError(error.chinese)
    }
    while true {
      do {
        try target.append([event], decidedOn: ledger)
        return
      } catch StoreError.versionConflict {
        try target.replay(into: &ledger)
      }
    }
  }
}
