import Foundation
import WeigeCore
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads a sheet of an XLSX workbook into a `SheetTable`.
///
/// The workbook is a ZIP archive of XML parts (ECMA-376): ZIPFoundation opens it and inflates
/// each part, and Foundation's `XMLParser` (libxml2's SAX parser underneath) streams through
/// them, so a 100,000-row sheet is never held as a tree. Shared strings, inline strings, formula
/// strings, booleans, numbers (shown as the digits a person sees, not `1.38E10`), dates (by
/// their cell style), merged ranges and blank rows are all read.
public enum XLSXReader {
  /// The sheet named `sheet`, or the workbook's first sheet.
  public static func read(path: String, sheet: String? = nil) throws(LedgerFileError) -> SheetTable {
    let file = path
    func fail(_ reason: String) -> LedgerFileError { LedgerFileError(file: file, reason: reason) }
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw fail("is not an XLSX workbook (not a ZIP archive: \(error))")
    }
    func part(_ name: String) throws(LedgerFileError) -> Data? {
      guard let entry = archive[name] else { return nil }
      var data = Data()
      data.reserveCapacity(Int(entry.uncompressedSize))
      do {
        _ = try archive.extract(entry, bufferSize: 1 << 16, skipCRC32: false) { data.append($0) }
      } catch {
        throw fail("part \(name) could not be read: \(error)")
      }
      return data
    }
    guard let workbookXML = try part("xl/workbook.xml") else {
      throw fail("is not an XLSX workbook (it has no xl/workbook.xml)")
    }
    let workbook = WorkbookParts()
    parse(workbookXML, with: workbook)
    let relations = RelationParts()
    if let data = try part("xl/_rels/workbook.xml.rels") { parse(data, with: relations) }
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
    guard let sheetXML = try part(sheetPath) else {
      throw fail("sheet '\(chosen.name)' is missing (\(sheetPath))")
    }
    let strings = SharedStringParts()
    if let data = try part("xl/sharedStrings.xml") { parse(data, with: strings) }
    let styles = StyleParts()
    if let data = try part("xl/styles.xml") { parse(data, with: styles) }
    let cells = SheetParts(
      strings: strings.strings, dateStyles: styles.dateStyles, date1904: workbook.date1904)
    let parser = parser(sheetXML)
    parser.delegate = cells
    guard parser.parse() else {
      throw fail("sheet '\(chosen.name)' is not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "")")
    }
    return SheetTable(file: file, sheet: chosen.name, rows: cells.rows, merges: cells.merges)
  }

  /// A parser fed from a stream, which hands libxml2 the part a chunk at a time: given a whole
  /// part of more than 10 MB at once (a 20,000-row sheet), libxml2 refuses it.
  private static func parser(_ data: Data) -> XMLParser {
    XMLParser(stream: InputStream(data: data))
  }

  private static func parse(_ data: Data, with delegate: XMLParserDelegate) {
    let parser = parser(data)
    parser.delegate = delegate
    _ = parser.parse()
  }
}

/// The sheets of `xl/workbook.xml` in order, and its date system.
private final class WorkbookParts: NSObject, XMLParserDelegate {
  var sheets: [(name: String, relation: String)] = []
  var date1904 = false

  func parser(
    _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch element {
    case "sheet":
      let relation = attributes.first { $0.key == "r:id" || $0.key.hasSuffix(":id") }?.value ?? ""
      sheets.append((attributes["name"] ?? "", relation))
    case "workbookPr":
      date1904 = ["1", "true"].contains(attributes["date1904"] ?? "")
    default:
      break
    }
  }
}

/// Relationship ids to their parts, from `xl/_rels/workbook.xml.rels`.
private final class RelationParts: NSObject, XMLParserDelegate {
  var targets: [String: String] = [:]

  func parser(
    _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    if element == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
      targets[id] = target
    }
  }
}

/// The shared string table: each `<si>`'s text, its rich-text runs joined, phonetic runs left out.
private final class SharedStringParts: NSObject, XMLParserDelegate {
  var strings: [String] = []
  private var current = ""
  private var inText = false
  private var inPhonetic = false

  func parser(
    _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch element {
    case "si": current = ""
    case "t": inText = !inPhonetic
    case "rPh": inPhonetic = true
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?
  ) {
    switch element {
    case "si": strings.append(current)
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }
}

/// Which cell styles (`s="3"`) show a date, from `xl/styles.xml`'s number formats.
private final class StyleParts: NSObject, XMLParserDelegate {
  var dateStyles = Set<Int>()
  private var customDates = Set<Int>()
  private var inCellFormats = false
  private var styleIndex = 0

  /// Excel's built-in date and time formats, among them the Chinese ones (27–36, 50–58).
  private static let builtInDates = Set(Array(14...22) + Array(27...36) + Array(45...47) + Array(50...58))

  func parser(
    _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch element {
    case "numFmt":
      if let id = attributes["numFmtId"].flatMap(Int.init), Self.isDate(attributes["formatCode"] ?? "") {
        customDates.insert(id)
      }
    case "cellXfs":
      inCellFormats = true
      styleIndex = 0
    case "xf" where inCellFormats:
      let format = attributes["numFmtId"].flatMap(Int.init) ?? 0
      if Self.builtInDates.contains(format) || customDates.contains(format) { dateStyles.insert(styleIndex) }
      styleIndex += 1
    default:
      break
    }
  }

  func parser(
    _ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if element == "cellXfs" { inCellFormats = false }
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

/// A worksheet's cells as text, row by row; blank rows are left out.
private final class SheetParts: NSObject, XMLParserDelegate {
  let strings: [String]
  let dateStyles: Set<Int>
  let date1904: Bool
  var rows: [SheetRow] = []
  var merges: [CellRange] = []

  private var rowNumber = 0
  private var cells: [String] = []
  private var column = 0
  private var type = ""
  private var style = 0
  private var text = ""
  private var collecting = false

  init(strings: [String], dateStyles: Set<Int>, date1904: Bool) {
    self.strings = strings
    self.dateStyles = dateStyles
    self.date1904 = date1904
  }

  func parser(
    _ parser: XMLParser, didStartElement element: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch element {
    case "c":
      column = attributes["r"].flatMap { cellCoordinates(Substring($0))?.column } ?? cells.count
      type = attributes["t"] ?? "n"
      style = attributes["s"].flatMap(Int.init) ?? 0
      text = ""
    case "v", "t":
      collecting = true
    case "row":
      rowNumber = attributes["r"].flatMap(Int.init) ?? rowNumber + 1
      cells = []
    case "mergeCell":
      if let range = attributes["ref"].flatMap({ CellRange(reference: Substring($0)) }) {
        merges.append(range)
      }
    default:
      break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if collecting { text += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement element: String, namespaceURI: String?, qualifiedName: String?
  ) {
    switch element {
    case "v", "t":
      collecting = false
    case "c":
      let value = cellText()
      guard !value.isEmpty else { return }
      if column >= cells.count {
        cells.append(contentsOf: repeatElement("", count: column + 1 - cells.count))
      }
      cells[column] = value
    case "row":
      let row = SheetRow(number: rowNumber, cells: cells)
      if !row.isBlank { rows.append(row) }
    default:
      break
    }
  }

  private func cellText() -> String {
    switch type {
    case "s":
      guard let index = Int(text), strings.indices.contains(index) else { return "" }
      return strings[index]
    case "b":
      return text == "1" ? "TRUE" : "FALSE"
    case "n":
      guard let number = Double(text) else { return text }
      if dateStyles.contains(style) { return SpreadsheetNumber.date(serial: number, date1904: date1904) }
      return SpreadsheetNumber.text(number, raw: text)
    default:  // inlineStr, str (a formula's text), e (an error such as #N/A)
      return text
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
