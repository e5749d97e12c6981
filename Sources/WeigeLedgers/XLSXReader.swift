import Foundation
import WeigeCore
import ZIPFoundation

/// Reads a sheet of an XLSX workbook into a `SheetTable`.
///
/// The workbook is a ZIP archive of XML parts (ECMA-376): ZIPFoundation opens it and inflates
/// each part on a second thread (`InflatedPart`), and libxml2's SAX2 parser (`XMLPartParser`)
/// streams through them as they inflate,
/// so a 100,000-row sheet is never held whole, as text or as a tree. Shared strings, inline
/// strings, formula strings, booleans, numbers (shown as the digits a person sees, not
/// `1.38E10`), dates (by their cell style), merged ranges and blank rows are all read.
public enum XLSXReader {
  /// The sheet named `sheet`, or the workbook's first sheet.
  public static func read(path: String, sheet: String? = nil) throws(LedgerFileError) -> SheetTable {
    try read(path: path, sheet: sheet, rowsRead: nil)
  }

  /// The sheet, handing its rows to `rowsRead` a few hundred at a time as they are parsed (see
  /// `ImportPlan.plan(_:reading:…)`, which plans them meanwhile); the table returned holds them all
  /// and the merged ranges, which a sheet lists only after its rows.
  static func read(
    path: String, sheet: String? = nil, rowsRead: ((SheetRows) -> Void)?
  ) throws(LedgerFileError) -> SheetTable {
    let file = path
    func fail(_ reason: String) -> LedgerFileError { LedgerFileError(file: file, reason: reason) }
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw fail("is not an XLSX workbook (not a ZIP archive: \(error))")
    }
    /// Streams part `name` through `reader`; false when the workbook has no such part.
    func parse(_ name: String, with reader: XMLPartReader) throws(LedgerFileError) -> Bool {
      guard let entry = archive[name] else { return false }
      let parser = XMLPartParser(reader)
      do {
        try InflatedPart(entry, of: archive).forEachChunk { chunk in
          chunk.withUnsafeBytes { parser.push($0) }
        }
      } catch {
        throw fail("part \(name) could not be read: \(error)")
      }
      if let problem = parser.finish() { throw fail("part \(name) is not well-formed XML (\(problem))") }
      return true
    }
    let workbook = WorkbookParts()
    guard try parse("xl/workbook.xml", with: workbook) else {
      throw fail("is not an XLSX workbook (it has no xl/workbook.xml)")
    }
    let relations = RelationParts()
    _ = try parse("xl/_rels/workbook.xml.rels", with: relations)
    guard !workbook.sheets.isEmpty else { throw fail("has no sheets") }
    let chosen: (name: String, relation: String)
    if let sheet {
      guard let found = workbook.sheets.first(where: { $0.name == sheet }) else {
        let names = workbook.sheets.map(\.name).joined(separator: ", ")
        throw fail("has no sheet '\(sheet)': its sheets are \(names)")
      }
      chosen = found
    } else {
      chosen = workbook.sheets[0]
    }
    guard let target = relations.targets[chosen.relation] else {
      throw fail("sheet '\(chosen.name)' has no part in the workbook's relations")
    }
    let sheetPath = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
    let strings = SharedStringParts()
    _ = try parse("xl/sharedStrings.xml", with: strings)
    let styles = StyleParts()
    _ = try parse("xl/styles.xml", with: styles)
    let cells = SheetParts(
      strings: strings.strings, dateStyles: styles.dateStyles, date1904: workbook.date1904,
      rowsRead: rowsRead.map { listener in
        { rows, lastRow in listener(SheetRows(sheet: chosen.name, lastRow: lastRow, rows: rows)) }
      })
    guard try parse(sheetPath, with: cells) else {
      throw fail("sheet '\(chosen.name)' is missing (\(sheetPath))")
    }
    cells.handOver()
    return SheetTable(file: file, sheet: chosen.name, rows: cells.rows, merges: cells.merges)
  }
}

/// The sheets of `xl/workbook.xml` in order, and its date system.
private final class WorkbookParts: XMLPartReader {
  var sheets: [(name: String, relation: String)] = []
  var date1904 = false

  func start(_ element: XMLName, _ attributes: XMLAttributes) {
    if element.is("sheet") {
      sheets.append((attributes.string("name") ?? "", attributes.string("id") ?? ""))
    } else if element.is("workbookPr") {
      date1904 = ["1", "true"].contains(attributes.string("date1904") ?? "")
    }
  }
}

/// Relationship ids to their parts, from `xl/_rels/workbook.xml.rels`.
private final class RelationParts: XMLPartReader {
  var targets: [String: String] = [:]

  func start(_ element: XMLName, _ attributes: XMLAttributes) {
    if element.is("Relationship"), let id = attributes.string("Id"), let target = attributes.string("Target")
    {
      targets[id] = target
    }
  }
}

/// The shared string table: each `<si>`'s text, its rich-text runs joined, phonetic runs left out.
private final class SharedStringParts: XMLPartReader {
  var strings: [String] = []
  private var current: [UInt8] = []
  private var inText = false
  private var inPhonetic = false

  func start(_ element: XMLName, _ attributes: XMLAttributes) {
    if element.is("si") {
      current.removeAll(keepingCapacity: true)
    } else if element.is("t") {
      inText = !inPhonetic
    } else if element.is("rPh") {
      inPhonetic = true
    }
  }

  func characters(_ text: UnsafeBufferPointer<UInt8>) {
    if inText { current.append(contentsOf: text) }
  }

  func end(_ element: XMLName) {
    if element.is("si") {
      strings.append(String(decoding: current, as: UTF8.self))
    } else if element.is("t") {
      inText = false
    } else if element.is("rPh") {
      inPhonetic = false
    }
  }
}

/// Which cell styles (`s="3"`) show a date, from `xl/styles.xml`'s number formats.
private final class StyleParts: XMLPartReader {
  var dateStyles = Set<Int>()
  private var customDates = Set<Int>()
  private var inCellFormats = false
  private var styleIndex = 0

  /// Excel's built-in date and time formats, among them the Chinese ones (27–36, 50–58).
  private static let builtInDates = Set(Array(14...22) + Array(27...36) + Array(45...47) + Array(50...58))

  func start(_ element: XMLName, _ attributes: XMLAttributes) {
    if element.is("numFmt") {
      if let id = attributes.int("numFmtId"), Self.isDate(attributes.string("formatCode") ?? "") {
        customDates.insert(id)
      }
    } else if element.is("cellXfs") {
      inCellFormats = true
      styleIndex = 0
    } else if element.is("xf") && inCellFormats {
      let format = attributes.int("numFmtId") ?? 0
      if Self.builtInDates.contains(format) || customDates.contains(format) { dateStyles.insert(styleIndex) }
      styleIndex += 1
    }
  }

  func end(_ element: XMLName) {
    if element.is("cellXfs") { inCellFormats = false }
  }

  /// A format code shows a date when, outside quoted text and `[…]` (colours, locales, elapsed
  /// time), it has a year, month, day or Chinese 年月日.
  static func isDate(_ code: String) -> Bool {
    var plain = ""
    var quoted = false
    var bracket = false
    for character in code {
      switch character {
      case "\"": quoted.toggle()
      case "[" where !quoted: bracket = true
      case "]" where !quoted: bracket = false
      default: if !quoted && !bracket { plain.append(character) }
      }
    }
    let lowered = plain.lowercased()
    return lowered != "general" && lowered.contains { "ydm年月日".contains($0) }
  }
}

/// A worksheet's cells as text, row by row; blank rows are left out. The reader libxml2 calls
/// holds its state in one struct (`SheetCursor`), so that each callback is one access to the
/// class's storage, checked once for exclusivity, rather than one for each field it touches.
private final class SheetParts: XMLPartReader {
  private var cursor: SheetCursor

  init(
    strings: [String], dateStyles: Set<Int>, date1904: Bool,
    rowsRead: (([SheetRow], Int?) -> Void)?
  ) {
    cursor = SheetCursor(strings: strings, dateStyles: dateStyles, date1904: date1904, rowsRead: rowsRead)
  }

  var rows: [SheetRow] { cursor.rows }
  var merges: [CellRange] { cursor.merges }
  func handOver() { cursor.handOver() }
  func start(_ element: XMLName, _ attributes: XMLAttributes) { cursor.start(element, attributes) }
  func characters(_ bytes: UnsafeBufferPointer<UInt8>) { cursor.characters(bytes) }
  func end(_ element: XMLName) { cursor.end(element) }
}

private struct SheetCursor {
  /// A cell's `t`: what its text is.
  private enum CellType {
    case number, shared, boolean, text

    init(_ attribute: UnsafeBufferPointer<UInt8>?) {
      guard let attribute else {
        self = .number
        return
      }
      self =
        switch attribute.count == 1 ? attribute[0] : 0 {
        case UInt8(ascii: "n"): .number
        case UInt8(ascii: "s"): .shared
        case UInt8(ascii: "b"): .boolean
        default: .text  // inlineStr, str (a formula's text), e (an error such as #N/A)
        }
    }
  }

  let strings: [String]
  let dateStyles: Set<Int>
  let date1904: Bool
  var rows: [SheetRow] = []
  var merges: [CellRange] = []
  /// Hears the rows read since it last heard, and the sheet's last row when it says (`dimension`);
  /// nil when nobody is planning them as they come.
  private let rowsRead: (([SheetRow], Int?) -> Void)?
  private var handedOver = 0
  private var lastRow: Int?

  private var rowNumber = 0
  private var cells: [String] = []
  private var column = 0
  private var type = CellType.number
  private var style = 0
  private var text: [UInt8] = []
  private var collecting = false

  init(
    strings: [String], dateStyles: Set<Int>, date1904: Bool, rowsRead: (([SheetRow], Int?) -> Void)?
  ) {
    self.strings = strings
    self.dateStyles = dateStyles
    self.date1904 = date1904
    self.rowsRead = rowsRead
  }

  /// Hands over the rows read since the last time, as an array of their own: a slice would share
  /// `rows`' buffer with the planning thread, and each append here would copy it all.
  mutating func handOver() {
    guard let rowsRead, rows.count > handedOver else { return }
    rowsRead(Array(rows[handedOver...]), lastRow)
    handedOver = rows.count
  }

  mutating func start(_ element: XMLName, _ attributes: XMLAttributes) {
    if element.is("c") {
      column = attributes.bytes("r").flatMap { cellCoordinates($0)?.column } ?? cells.count
      type = CellType(attributes.bytes("t"))
      style = attributes.int("s") ?? 0
      text.removeAll(keepingCapacity: true)
    } else if element.is("v") || element.is("t") {
      collecting = true
    } else if element.is("row") {
      rowNumber = attributes.int("r") ?? rowNumber + 1
      cells = []
    } else if element.is("mergeCell") {
      if let range = attributes.string("ref").flatMap({ CellRange(reference: Substring($0)) }) {
        merges.append(range)
      }
    } else if element.is("dimension") {
      lastRow = attributes.string("ref").flatMap { CellRange(reference: Substring($0)) }?.lastRow
    }
  }

  mutating func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
    if collecting { text.append(contentsOf: bytes) }
  }

  mutating func end(_ element: XMLName) {
    if element.is("v") || element.is("t") {
      collecting = false
    } else if element.is("c") {
      let value = cellText()
      guard !value.isEmpty else { return }
      if column >= cells.count {
        cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count))
      }
      cells[column] = value
    } else if element.is("row") {
      let row = SheetRow(number: rowNumber, cells: cells)
      if !row.isBlank { rows.append(row) }
      if rows.count - handedOver >= 500 { handOver() }
    }
  }

  private func cellText() -> String {
    switch type {
    case .shared:
      guard let index = Int(String(decoding: text, as: UTF8.self)), strings.indices.contains(index) else {
        return ""
      }
      return strings[index]
    case .boolean:
      return text == [UInt8(ascii: "1")] ? "TRUE" : "FALSE"
    case .number:
      if !dateStyles.contains(style), SpreadsheetNumber.isPlainInteger(text) {
        return String(decoding: text, as: UTF8.self)
      }
      let raw = String(decoding: text, as: UTF8.self)
      guard let number = Double(raw) else { return raw }
      if dateStyles.contains(style) { return SpreadsheetNumber.date(serial: number, date1904: date1904) }
      return SpreadsheetNumber.text(number, raw: raw)
    case .text:
      return String(decoding: text, as: UTF8.self)
    }
  }
}

/// Numbers as a spreadsheet shows them.
enum SpreadsheetNumber {
  /// An integer without its `.0` or exponent (`13812345678`); others as written.
  static func text(_ number: Double, raw: String) -> String {
    if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
    return raw
  }

  /// Whether `bytes` are an integer as `text` would show it: ASCII digits without a leading
  /// zero (or `0` alone), fewer than 16 of them. Most cells of a register are, and skip `Double`.
  static func isPlainInteger(_ bytes: [UInt8]) -> Bool {
    guard !bytes.isEmpty, bytes.count < 16, bytes[0] != UInt8(ascii: "0") || bytes.count == 1 else {
      return false
    }
    return bytes.allSatisfy { (48...57).contains($0) }
  }

  /// A date serial (days since 1899-12-30, or since 1904-01-01) as `2026-11-30`, with `HH:mm`
  /// when it has a time of day.
  static func date(serial: Double, date1904: Bool) -> String {
    // Day 25,569 is 1970-01-01, CivilDate's day 0.
    let days = Int(serial.rounded(.down)) + (date1904 ? 1_462 : 0) - 25_569
    let date = CivilDate(dayNumber: days).description
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let minutes = Int(((serial - serial.rounded(.down)) * 1_440).rounded())
    return minutes == 0 ? date : date + " \(two(minutes / 60)):\(two(minutes % 60))"
  }
}
