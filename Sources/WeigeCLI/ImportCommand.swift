import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeLedgers
import WeigeStore

extension ImportKind: ExpressibleByArgument {}

/// `weige import KIND FILE`: a community's own register (台账) read as Core's events, applied as one
/// batch or not at all.
struct ImportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import a register (台账) from XLSX or CSV: places, households, people or teams.",
    discussion: """
      Columns are found by their usual Chinese headers (楼栋, 单元, 室号, 户主, 联系电话, 身份证号, 人数, \
      60岁以上, 独居, 空巢, 留守, 党员, 流动人口, 出租, 残疾, 低保, 楼道长, 信息员, 保障员, 职务 …); --map names \
      others. A file with any error applies nothing; importing the same file again appends nothing.
      """)

  @OptionGroup var store: StoreOptions

  @Argument(help: "places, households, people or teams.")
  var kind: ImportKind

  @Argument(help: "The register: .xlsx or .csv (UTF-8, UTF-8 with BOM, GB18030/GBK).")
  var file: String

  @Option(help: "The sheet of an XLSX workbook (default: its first).")
  var sheet: String?

  @Option(
    help: ArgumentHelp(
      "A TOML file naming the register's other columns ([columns] \"家庭人口数\" = \"人数\").", valueName: "file"))
  var map: String?

  @Option(help: "The CSV's encoding when it is not guessed: utf-8, gb18030 or gbk.")
  var encoding: String?

  @Flag(help: "Say what would change, and every error, without appending anything.")
  var dryRun = false

  @Flag(help: "Create the places a row names that the store does not have.")
  var createPlaces = false

  @Flag(help: "One JSON object on stdout; no progress bar.")
  var json = false

  func run() throws {
    var textEncoding: TextEncoding?
    if let encoding {
      guard let known = TextEncoding(name: encoding) else {
        throw CLIError("--encoding '\(encoding)' is not one of utf-8, gb18030, gbk")
      }
      textEncoding = known
    }
    let columnMap: ColumnMapFile?
    do {
      columnMap = try map.map { path throws(ConfigFileError) in try ColumnMapFile.load(path: path) }
    } catch {
      throw CLIError(error.description)
    }
    do {
      try LedgerFile.requireFile(file)
    } catch {
      throw CLIError(error.description)
    }
    let target = try store.open(dryRun ? .readOnly : .create)
    var ledger = try target.openLedger()
    let progress = ProgressLine(enabled: !json && isatty(2) == 1)
    let options = ImportOptions(createPlaces: createPlaces, actor: store.actor, map: columnMap)
    // The file is read and planned at once; after the first attempt the table is planned again.
    var table: SheetTable?
    // Decided on the store's state; when another writer changed a stream the plan touches, the
    // state is caught up and the file planned again, so nothing lands on a stale decision.
    for _ in 0..<5 {
      let planned: (table: SheetTable, plan: ImportPlan)
      do {
        if let table {
          planned = (
            table,
            try ImportPlan.plan(kind, table: table, into: ledger, options: options, progress: progress.show)
          )
        } else {
          planned = try ImportPlan.plan(
            kind, reading: file, sheet: sheet, encoding: textEncoding, into: ledger, options: options,
            progress: progress.show)
        }
      } catch {
        throw CLIError(error.description)
      }
      progress.finish()
      let plan = planned.plan
      table = planned.table
      guard plan.isClean, !dryRun, !plan.events.isEmpty else {
        try report(plan, table: planned.table, appended: nil)
        if !plan.isClean { throw ExitCode(1) }
        return
      }
      do {
        let recorded = try target.append(plan.events, decidedOn: ledger)
        try report(plan, table: planned.table, appended: recorded)
        return
      } catch StoreError.versionConflict {
        try target.replay(into: &ledger)
      }
    }
    throw CLIError("other operators kept changing what the file touches; try again")
  }

  func report(_ plan: ImportPlan, table: SheetTable, appended: [RecordedEvent]?) throws {
    if json {
      try printJSON(ImportSummary(plan, table: table, dryRun: dryRun, appended: appended))
      return
    }
    let name = URL(fileURLWithPath: table.file).lastPathComponent + (table.sheet.map { " \($0)" } ?? "")
    print(
      "\(name): \(plan.kind.rawValue): \(grouped(plan.added)) new, \(grouped(plan.changed.count)) changed, "
        + "\(grouped(plan.unchanged)) unchanged (\(grouped(plan.rows)) rows; \(grouped(plan.placesCreated)) places created)"
    )
    for change in plan.changed {
      print("  changed \(change.record): \(change.fields.joined(separator: ", "))")
    }
    if !plan.ignoredColumns.isEmpty {
      print("  columns left out: \(plan.ignoredColumns.joined(separator: ", "))")
    }
    for issue in plan.issues { print("error \(issue)") }
    if !plan.isClean {
      print("\(grouped(plan.issues.count)) errors: nothing appended")
    } else if let appended, let first = appended.first, let last = appended.last {
      print("appended \(grouped(appended.count)) events in one batch (#\(first.sequence)–#\(last.sequence))")
    } else if dryRun {
      print("dry run: \(grouped(plan.events.count)) events would be appended; nothing appended")
    } else {
      print("nothing to append: the store already holds everything the file says")
    }
  }
}

/// `weige import --json`.
struct ImportSummary: Encodable {
  var kind: String
  var file: String
  var sheet: String?
  var rows: Int
  var added: Int
  var changed: [ImportChange]
  var unchanged: Int
  var placesCreated: Int
  var ignoredColumns: [String]
  var issues: [ImportIssue]
  var events: Int
  var dryRun: Bool
  var appended: Bool
  var firstSequence: Int64?
  var lastSequence: Int64?

  init(_ plan: ImportPlan, table: SheetTable, dryRun: Bool, appended: [RecordedEvent]?) {
    kind = plan.kind.rawValue
    file = table.file
    sheet = table.sheet
    rows = plan.rows
    added = plan.added
    changed = plan.changed
    unchanged = plan.unchanged
    placesCreated = plan.placesCreated
    ignoredColumns = plan.ignoredColumns
    issues = plan.issues
    events = plan.events.count
    self.dryRun = dryRun
    self.appended = appended != nil
    firstSequence = appended?.first?.sequence
    lastSequence = appended?.last?.sequence
  }
}

/// Rows done of all, and the rate, redrawn on one stderr line.
final class ProgressLine {
  let enabled: Bool
  let start = Date()
  var shown = false

  init(enabled: Bool) { self.enabled = enabled }

  /// Shows `done` rows of `total`; a total of 0 is not known yet (a sheet that does not say its
  /// size), shown without a bar. Short files (under 2,000 rows) show nothing.
  func show(_ done: Int, _ total: Int) {
    guard enabled, max(done, total) >= 2_000 else { return }
    let rate = Double(done) / max(Date().timeIntervalSince(start), 0.001)
    let width = 30
    let filled = width * min(done, total) / max(total, 1)
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let counts = total == 0 ? "\(grouped(done))" : "\(bar) \(grouped(done))/\(grouped(total))"
    FileHandle.standardError.write(Data("\r\(counts) rows  \(grouped(Int(rate)))/s ".utf8))
    shown = true
  }

  func finish() {
    if shown { FileHandle.standardError.write(Data("\n".utf8)) }
    shown = false
  }
}
