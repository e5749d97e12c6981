import CXlsxWriter
import Foundation
import WeigeConfig
import WeigeCore
import WeigeUI

/// What `weige export` writes: a register, the tickets or visits, or a report (`ReportKind`).
public enum ExportKind: String, CaseIterable, Sendable {
  case households, teams, roster, tickets, visits, report
}

/// A cell of an export: text, or a number Excel can sum, shown as a whole number, with one
/// decimal (hours) or as a percentage (a share).
public enum ExportCell: Sendable, Equatable {
  case text(String)
  case number(Int)
  case decimal(Double)
  case share(Double)

  /// An optional figure (a mean of nothing) as a decimal or share, else an empty cell.
  static func decimal(or value: Double?) -> ExportCell { value.map { .decimal($0) } ?? .text("") }
  static func share(or value: Double?) -> ExportCell { value.map { .share($0) } ?? .text("") }

  /// As CSV writes it and a column's width is measured.
  var text: String {
    switch self {
    case .text(let text): text
    case .number(let number): String(number)
    case .decimal(let value): String(format: "%.1f", value)
    case .share(let value): String(format: "%.1f%%", value * 100)
    }
  }

  /// Excel's number format for it; nil for text and whole numbers.
  var numberFormat: String? {
    switch self {
    case .text, .number: nil
    case .decimal: "0.0"
    case .share: "0.0%"
    }
  }
}

/// Where a cell is in a table's data (row 0 is the first under the header).
public struct CellPosition: Hashable, Sendable {
  public var row: Int
  public var column: Int
  public init(row: Int, column: Int) {
    self.row = row
    self.column = column
  }
}

/// A register as exported: one sheet, a header row, rows, and which columns a totals row sums
/// (numbers) or counts (是 marks). Its headers are the ones `weige import` recognises, so an
/// export imports back.
public struct ExportTable: Sendable {
  public var sheet: String
  public var header: [String]
  public var rows: [[ExportCell]]
  /// Columns summed (人数) or counting 是 (独居) in the totals row; none for a roster.
  public var summed: Set<Int> = []
  public var counted: Set<Int> = []
  /// A totals row worked out by its maker (shares and medians do not sum), written in bold
  /// instead of formulas.
  public var totals: [ExportCell]?
  /// Cells marked as needing attention (coverage under its target, a vacant post): red on pink.
  public var marked: Set<CellPosition> = []
  /// Columns kept in view when scrolling right (the header row always is).
  public var frozenColumns = 0

  /// The households under `scope` (everything when nil), in the tree's order, numbers masked
  /// unless `reveal`.
  public static func households(of ledger: Ledger, under scope: PlaceID?, reveal: Bool) -> ExportTable {
    let flags = HouseholdFlags.all
    var tags: [String] = []
    let stairwells = stairwellsInOrder(ledger, under: scope)
    for stairwell in stairwells {
      for id in ledger.householdsByStairwell[stairwell, default: []] {
        for tag in ledger.households[id]?.tags ?? [] where !tags.contains(tag) { tags.append(tag) }
      }
    }
    var table = ExportTable(
      sheet: "户籍",
      header: placeHeaders + ["室号", "户主", "联系电话", "身份证号", "人数", "60岁以上"] + flags.map(\.chinese) + tags,
      rows: [])
    table.summed = [placeHeaders.count + 4, placeHeaders.count + 5]
    table.counted = Set(placeHeaders.count + 6..<table.header.count)
    for stairwell in stairwells {
      let places = placeCells(ledger, stairwell)
      for id in ledger.householdsByStairwell[stairwell, default: []] {
        guard let home = ledger.households[id] else { continue }
        let phone = reveal ? home.contactPhone : ResidentNumbers.maskedPhone(home.contactPhone)
        let idNumber = reveal ? home.contactIDNumber : ResidentNumbers.maskedID(home.contactIDNumber)
        table.rows.append(
          places + [.text(home.room), .text(home.contactName), .text(phone), .text(idNumber)]
            + [.number(home.residents)]
            + [.number(home.aged60Plus)] + flags.map { .text(home.flags.contains($0.flag) ? "是" : "") }
            + tags.map { .text(home.tags.contains($0) ? "是" : "") })
      }
    }
    return table
  }

  /// Every post holder under `scope`, place by place in the catalogue's order of roles.
  public static func teams(of ledger: Ledger, under scope: PlaceID?, reveal: Bool) -> ExportTable {
    var table = ExportTable(
      sheet: "队伍", header: placeHeaders + ["职务", "姓名", "联系电话", "身份证号", "党员"], rows: [])
    table.counted = [placeHeaders.count + 4]
    for place in ledger.subtree(of: scope) {
      for role in ledger.catalogue.roles {
        for id in ledger.holders[RoleAssignment(role: role.id, place: place), default: []] {
          guard let person = ledger.people[id] else { continue }
          let phone = reveal ? person.phone : ResidentNumbers.maskedPhone(person.phone)
          let idNumber = reveal ? person.idNumber : ResidentNumbers.maskedID(person.idNumber)
          table.rows.append(
            placeCells(ledger, place) + [
              .text(role.name), .text(person.name), .text(phone), .text(idNumber),
              .text(person.isPartyMember ? "是" : "否"),
            ])
        }
      }
    }
    return table
  }

  /// The team roster a street asks for: a row a place that holds posts (each stairwell for 一长二员),
  /// its holders by role (names joined by 、, so the roster imports back as a team register), its
  /// vacancies (`RoleDefinition.vacancies`, as every figure counts them) and the party members
  /// among its post holders, summed in the 合计 row.
  public static func roster(of ledger: Ledger, under scope: PlaceID?) -> ExportTable {
    let roles = ledger.catalogue.roles
    var table = ExportTable(
      sheet: "队伍名册", header: placeHeaders + roles.map(\.name) + ["空缺", "党员人数"], rows: [])
    table.summed = [table.header.count - 2, table.header.count - 1]
    let levels = Set(roles.map(\.level))
    for place in ledger.subtree(of: scope) where levels.contains(ledger.places[place]?.level ?? .district) {
      let level = ledger.places[place]?.level
      var vacancies = 0
      var party = 0
      var names: [ExportCell] = []
      for role in roles {
        let holders = ledger.holders[RoleAssignment(role: role.id, place: place), default: []]
        let people = holders.compactMap { ledger.people[$0] }
        names.append(.text(role.level == level ? people.map(\.name).joined(separator: "、") : ""))
        guard role.level == level, !role.isReserve else { continue }
        vacancies += role.vacancies(held: holders.count)
        party += people.filter(\.isPartyMember).count
      }
      table.rows.append(placeCells(ledger, place) + names + [.number(vacancies), .number(party)])
    }
    return table
  }

  static let placeLevels: [PlaceLevel] = [
    .district, .street, .community, .compound, .grid, .building, .stairwell,
  ]
  static let placeHeaders = ["区", "街道", "社区", "小区", "网格", "楼栋", "单元"]

  static func placeCells(_ ledger: Ledger, _ place: PlaceID) -> [ExportCell] {
    let path = ledger.path(of: place)
    return placeLevels.map { level in .text(path.first { $0.level == level }?.name ?? "") }
  }

  static func stairwellsInOrder(_ ledger: Ledger, under scope: PlaceID?) -> [PlaceID] {
    ledger.subtree(of: scope).filter { ledger.places[$0]?.level == .stairwell }
  }

  /// Writes the table as XLSX: a workbook of this one sheet (`ExportWorkbook.writeXLSX`).
  public func writeXLSX(to path: String) throws(LedgerFileError) {
    try ExportWorkbook(sheets: [self]).writeXLSX(to: path)
  }

  /// Writes the table as CSV: UTF-8 with a BOM (what Excel on a Chinese Windows opens correctly),
  /// or GB18030 when asked. Created 0600.
  public func writeCSV(to path: String, encoding: TextEncoding = .utf8) throws(LedgerFileError) {
    func quoted(_ field: String) -> String {
      guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    let lines = ([header] + (rows + (totals.map { [$0] } ?? [])).map { $0.map(\.text) }).map {
      $0.map(quoted).joined(separator: ",")
    }
    let text = lines.joined(separator: "\r\n") + "\r\n"
    guard let body = TextDecoding.bytes(text, in: encoding) else {
      throw LedgerFileError(
        file: path, reason: "holds characters \(encoding.rawValue) cannot write: use utf-8")
    }
    let bytes = (encoding == .utf8 ? [0xEF, 0xBB, 0xBF] : []) + body
    try Self.createPrivate(path)
    guard let handle = FileHandle(forWritingAtPath: path) else {
      throw LedgerFileError(file: path, reason: "could not be opened for writing")
    }
    handle.write(Data(bytes))
    try? handle.close()
  }

  /// Creates (or empties) the file owner-only: residents' data never sits readable by others.
  static func createPrivate(_ path: String) throws(LedgerFileError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard descriptor >= 0 else {
      throw LedgerFileError(file: path, reason: "could not be created: \(String(cString: strerror(errno)))")
    }
    fchmod(descriptor, 0o600)
    close(descriptor)
  }
}

/// Sheets written together as one XLSX file: a report of grids and of stairwells, say.
public struct ExportWorkbook: Sendable {
  public var sheets: [ExportTable]

  public init(sheets: [ExportTable]) { self.sheets = sheets }

  /// Writes the sheets through libxlsxwriter, each with a bold header row frozen above the data
  /// (and its `frozenColumns` beside it), an autofilter, columns as wide as their widest text (a
  /// Chinese character counts two), marked cells red on pink, and a totals row: the table's own
  /// (`totals`), else formulas (`SUM`, `COUNTIF` of 是). The file is created 0600 before anything
  /// is written to it.
  public func writeXLSX(to path: String) throws(LedgerFileError) {
    try ExportTable.createPrivate(path)
    guard let workbook = workbook_new(path) else {
      throw LedgerFileError(file: path, reason: "could not be created")
    }
    var formats = Formats(workbook: workbook)
    for table in sheets { write(table, into: workbook, formats: &formats) }
    let closed = workbook_close(workbook)
    guard closed == LXW_NO_ERROR else {
      throw LedgerFileError(
        file: path, reason: "could not be written: \(String(cString: lxw_strerror(closed)))")
    }
  }

  private func write(
    _ table: ExportTable, into workbook: UnsafeMutablePointer<lxw_workbook>, formats: inout Formats
  ) {
    let worksheet = workbook_add_worksheet(workbook, table.sheet)
    var widths = table.header.map { TextWidth.of($0) }
    for (column, title) in table.header.enumerated() {
      worksheet_write_string(worksheet, 0, lxw_col_t(column), title, formats.format(bold: true))
    }
    func put(_ cell: ExportCell, row: Int, column: Int, bold: Bool, marked: Bool) {
      let at = (lxw_row_t(row), lxw_col_t(column))
      let format = formats.format(bold: bold, number: cell.numberFormat, marked: marked)
      switch cell {
      case .text(let text):
        if !text.isEmpty || marked { worksheet_write_string(worksheet, at.0, at.1, text, format) }
      case .number(let number):
        worksheet_write_number(worksheet, at.0, at.1, Double(number), format)
      case .decimal(let value), .share(let value):
        worksheet_write_number(worksheet, at.0, at.1, value, format)
      }
      widths[column] = max(widths[column], TextWidth.of(cell.text))
    }
    for (index, row) in table.rows.enumerated() {
      for (column, cell) in row.enumerated() {
        put(
          cell, row: index + 1, column: column, bold: false,
          marked: table.marked.contains(CellPosition(row: index, column: column)))
      }
    }
    let last = table.rows.count + 1
    if let totals = table.totals {
      for (column, cell) in totals.enumerated() {
        put(cell, row: last, column: column, bold: true, marked: false)
      }
    } else if !table.summed.isEmpty || !table.counted.isEmpty, !table.rows.isEmpty {
      worksheet_write_string(worksheet, lxw_row_t(last), 0, "合计", formats.format(bold: true))
      for column in table.summed.union(table.counted) {
        let letters = columnLetters(column)
        let range = "\(letters)2:\(letters)\(table.rows.count + 1)"
        let formula = table.summed.contains(column) ? "=SUM(\(range))" : "=COUNTIF(\(range),\"是\")"
        worksheet_write_formula(
          worksheet, lxw_row_t(last), lxw_col_t(column), formula, formats.format(bold: true))
      }
    }
    worksheet_freeze_panes(worksheet, 1, lxw_col_t(table.frozenColumns))
    worksheet_autofilter(
      worksheet, 0, 0, lxw_row_t(table.rows.count), lxw_col_t(max(table.header.count - 1, 0)))
    for (column, width) in widths.enumerated() {
      worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), Double(width + 2), nil)
    }
  }

  /// The workbook's cell formats, each made once.
  private struct Formats {
    struct Key: Hashable {
      var bold: Bool
      var number: String?
      var marked: Bool
    }
    let workbook: UnsafeMutablePointer<lxw_workbook>
    var made: [Key: UnsafeMutablePointer<lxw_format>] = [:]

    init(workbook: UnsafeMutablePointer<lxw_workbook>) { self.workbook = workbook }

    /// Nil for a plain cell (libxlsxwriter's default format).
    mutating func format(bold: Bool, number: String? = nil, marked: Bool = false) -> UnsafeMutablePointer<
      lxw_format
    >? {
      let key = Key(bold: bold, number: number, marked: marked)
      if key == Key(bold: false, number: nil, marked: false) { return nil }
      if let format = made[key] { return format }
      let format = workbook_add_format(workbook)!
      if bold { format_set_bold(format) }
      if let number { format_set_num_format(format, number) }
      if marked {
        format_set_font_color(format, lxw_color_t(LXW_COLOR_RED.rawValue))
        format_set_bg_color(format, 0xFFE4E1)
      }
      made[key] = format
      return format
    }
  }
}
