import CXlsxWriter
import Foundation
import WeigeConfig
import WeigeCore
import WeigeUI

/// What `weige export` writes.
public enum ExportKind: String, CaseIterable, Sendable {
  case households, teams, roster
}

/// A cell of an export: text, or a number Excel can sum.
public enum ExportCell: Sendable, Equatable {
  case text(String)
  case number(Int)

  var text: String {
    switch self {
    case .text(let text): text
    case .number(let number): String(number)
    }
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
      sheet: "户籍", header: placeHeaders + ["室号", "户主", "联系电话", "人数", "60岁以上"] + flags.map(\.chinese) + tags,
      rows: [])
    table.summed = [placeHeaders.count + 3, placeHeaders.count + 4]
    table.counted = Set(placeHeaders.count + 5..<table.header.count)
    for stairwell in stairwells {
      let places = placeCells(ledger, stairwell)
      for id in ledger.householdsByStairwell[stairwell, default: []] {
        guard let home = ledger.households[id] else { continue }
        let phone = reveal ? home.contactPhone : ResidentNumbers.maskedPhone(home.contactPhone)
        table.rows.append(
          places + [.text(home.room), .text(home.contactName), .text(phone), .number(home.residents)]
            + [.number(home.aged60Plus)] + flags.map { .text(home.flags.contains($0.flag) ? "是" : "") }
            + tags.map { .text(home.tags.contains($0) ? "是" : "") })
      }
    }
    return table
  }

  /// Every post holder under `scope`, place by place in the catalogue's order of roles.
  public static func teams(of ledger: Ledger, under scope: PlaceID?, reveal: Bool) -> ExportTable {
    var table = ExportTable(sheet: "队伍", header: placeHeaders + ["职务", "姓名", "联系电话", "党员"], rows: [])
    table.counted = [placeHeaders.count + 3]
    for place in ledger.subtree(of: scope) {
      for role in ledger.catalogue.roles {
        for id in ledger.holders[RoleAssignment(role: role.id, place: place), default: []] {
          guard let person = ledger.people[id] else { continue }
          let phone = reveal ? person.phone : ResidentNumbers.maskedPhone(person.phone)
          table.rows.append(
            placeCells(ledger, place) + [
              .text(role.name), .text(person.name), .text(phone), .text(person.isPartyMember ? "是" : "否"),
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

  /// Writes the table as XLSX through libxlsxwriter: a bold header row frozen above the data, an
  /// autofilter, columns as wide as their widest text (a Chinese character counts two), and a
  /// totals row (合计) of formulas. The file is created 0600 before anything is written to it.
  public func writeXLSX(to path: String) throws(LedgerFileError) {
    try Self.createPrivate(path)
    guard let workbook = workbook_new(path) else {
      throw LedgerFileError(file: path, reason: "could not be created")
    }
    let worksheet = workbook_add_worksheet(workbook, sheet)
    let bold = workbook_add_format(workbook)
    format_set_bold(bold)
    var widths = header.map { TextWidth.of($0) }
    for (column, title) in header.enumerated() {
      worksheet_write_string(worksheet, 0, lxw_col_t(column), title, bold)
    }
    for (index, row) in rows.enumerated() {
      for (column, cell) in row.enumerated() {
        let at = (lxw_row_t(index + 1), lxw_col_t(column))
        switch cell {
        case .text(let text):
          if !text.isEmpty { worksheet_write_string(worksheet, at.0, at.1, text, nil) }
        case .number(let number):
          worksheet_write_number(worksheet, at.0, at.1, Double(number), nil)
        }
        widths[column] = max(widths[column], TextWidth.of(cell.text))
      }
    }
    if !summed.isEmpty || !counted.isEmpty, !rows.isEmpty {
      let last = lxw_row_t(rows.count + 1)
      worksheet_write_string(worksheet, last, 0, "合计", bold)
      for column in summed.union(counted) {
        let letters = columnLetters(column)
        let range = "\(letters)2:\(letters)\(rows.count + 1)"
        let formula = summed.contains(column) ? "=SUM(\(range))" : "=COUNTIF(\(range),\"是\")"
        worksheet_write_formula(worksheet, last, lxw_col_t(column), formula, bold)
      }
    }
    worksheet_freeze_panes(worksheet, 1, 0)
    worksheet_autofilter(worksheet, 0, 0, lxw_row_t(rows.count), lxw_col_t(max(header.count - 1, 0)))
    for (column, width) in widths.enumerated() {
      worksheet_set_column(worksheet, lxw_col_t(column), lxw_col_t(column), Double(width + 2), nil)
    }
    let closed = workbook_close(workbook)
    guard closed == LXW_NO_ERROR else {
      throw LedgerFileError(
        file: path, reason: "could not be written: \(String(cString: lxw_strerror(closed)))")
    }
  }

  /// Writes the table as CSV: UTF-8 with a BOM (what Excel on a Chinese Windows opens correctly),
  /// or GB18030 when asked. Created 0600.
  public func writeCSV(to path: String, encoding: TextEncoding = .utf8) throws(LedgerFileError) {
    func quoted(_ field: String) -> String {
      guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    let lines = ([header] + rows.map { $0.map(\.text) }).map { $0.map(quoted).joined(separator: ",") }
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
