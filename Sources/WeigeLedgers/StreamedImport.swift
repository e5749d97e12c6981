import Foundation
import WeigeConfig
import WeigeCore

/// Rows of a sheet as the XLSX reader hands them over, before the whole sheet is read.
struct SheetRows: Sendable {
  let sheet: String
  /// The sheet's last row as its `dimension` says, when it says.
  let lastRow: Int?
  let rows: [SheetRow]
}

extension ImportPlan {
  /// Reads the register at `path` and plans importing it, returning the table too (for a plan
  /// made again after another writer moved on, and for the report). An XLSX sheet's rows are
  /// planned as they are parsed: libxml2 parses on a thread of its own while this one plans, so a
  /// re-import costs the parse rather than the parse and the plan one after the other.
  ///
  /// The plan made that way is the one `plan(_:table:…)` makes, which the tests hold it to: it
  /// is decided on rows as read, and a sheet lists its merged ranges only after its rows, so when
  /// a merge reaches a data row or changes the header the table is planned again whole.
  public static func plan(
    _ kind: ImportKind, reading path: String, sheet: String? = nil, encoding: TextEncoding? = nil,
    into ledger: Ledger, options: ImportOptions, progress: (Int, Int) -> Void = { _, _ in }
  ) throws(LedgerFileError) -> (table: SheetTable, plan: ImportPlan) {
    guard LedgerFile.isWorkbook(path) else {
      let table = try LedgerFile.read(path: path, sheet: sheet, encoding: encoding)
      return (table, try plan(kind, table: table, into: ledger, options: options, progress: progress))
    }
    let stream = RowStream()
    let reader = Thread {
      do throws(LedgerFileError) {
        stream.finish(.success(try XLSXReader.read(path: path, sheet: sheet, rowsRead: stream.put)))
      } catch {
        stream.finish(.failure(error))
      }
    }
    reader.stackSize = 4 << 20
    reader.start()
    var planner = StreamedPlanner(kind: kind, file: path, ledger: ledger, options: options)
    while let batch = stream.next() {
      planner.take(batch)
      if let done = planner.planned { progress(done, planner.expected) }
    }
    let table = try stream.result()
    if planner.importer == nil && planner.failure == nil { planner.start(sheet: table.sheet) }
    if planner.stands(for: table) {
      if let failure = planner.failure { throw failure }
      if var importer = planner.importer { return (table, importer.finished()) }
    }
    return (table, try plan(kind, table: table, into: ledger, options: options, progress: progress))
  }
}

/// Plans rows as they come: the first ten (or up to the map's header row) are held until the
/// header is found among them, then each row is read by the importer as it arrives.
private struct StreamedPlanner {
  let kind: ImportKind
  let file: String
  let ledger: Ledger
  let options: ImportOptions
  private var waiting: [SheetRow] = []
  private(set) var layout: ColumnLayout?
  private(set) var importer: LedgerImporter?
  /// Why the rows read so far cannot be planned (no header, a missing column).
  private(set) var failure: LedgerFileError?
  private var lastRow: Int?

  init(kind: ImportKind, file: String, ledger: Ledger, options: ImportOptions) {
    self.kind = kind
    self.file = file
    self.ledger = ledger
    self.options = options
  }

  /// Data rows planned so far; nil before the header is found.
  var planned: Int? { importer?.plan.rows }
  /// Data rows in all as the sheet's dimension says; 0 when it does not say.
  var expected: Int { max(0, (lastRow ?? 0) - (layout?.headerRow ?? 1)) }

  mutating func take(_ batch: SheetRows) {
    lastRow = batch.lastRow
    guard failure == nil else { return }
    guard importer != nil else {
      waiting += batch.rows
      let enough =
        options.map?.headerRow.map { wanted in (waiting.last?.number ?? 0) >= wanted }
        ?? (waiting.count >= 10)
      if enough { start(sheet: batch.sheet) }
      return
    }
    for row in batch.rows { importer?.read(row) }
  }

  /// Finds the header among the rows held and plans the data rows among them.
  mutating func start(sheet: String?) {
    let head = SheetTable(file: file, sheet: sheet, rows: waiting)
    do throws(LedgerFileError) {
      let layout = try head.layout(catalogue: ledger.catalogue, map: options.map)
      var importer = try LedgerImporter(
        kind: kind, table: SheetTable(file: file, sheet: sheet, rows: []), layout: layout, ledger: ledger,
        options: options)
      for row in waiting where row.number > layout.headerRow { importer.read(row) }
      self.layout = layout
      self.importer = importer
    } catch {
      failure = error
    }
    waiting = []
  }

  /// Whether the plan made on rows as read is the plan of `table` as a whole: true when the sheet
  /// merges no cell, or merges only cells at or above the header and it reads the same with them
  /// filled.
  func stands(for table: SheetTable) -> Bool {
    guard !table.merges.isEmpty else { return true }
    guard let layout else { return false }
    if table.merges.contains(where: { $0.lastRow > layout.headerRow }) { return false }
    var filled = table
    filled.fillMerges()
    return (try? filled.layout(catalogue: ledger.catalogue, map: options.map)) == layout
  }
}

/// Batches of rows from the reading thread to the planning one, and how the reading ended.
private final class RowStream: @unchecked Sendable {
  private let condition = NSCondition()
  private var batches: [SheetRows] = []
  private var ending: Result<SheetTable, LedgerFileError>?

  func put(_ batch: SheetRows) {
    condition.lock()
    batches.append(batch)
    condition.signal()
    condition.unlock()
  }

  func finish(_ result: Result<SheetTable, LedgerFileError>) {
    condition.lock()
    ending = result
    condition.signal()
    condition.unlock()
  }

  /// The next batch, waiting for it; nil once the reader has finished and every batch is taken.
  func next() -> SheetRows? {
    condition.lock()
    defer { condition.unlock() }
    while batches.isEmpty && ending == nil { condition.wait() }
    return batches.isEmpty ? nil : batches.removeFirst()
  }

  /// The table as read, or why it could not be; only after `next` has returned nil.
  func result() throws(LedgerFileError) -> SheetTable {
    condition.lock()
    defer { condition.unlock() }
    return try ending!.get()
  }
}
