/// A register read from a file: its rows of cell text, as the spreadsheet numbers them, whatever
/// the format (CSV or XLSX). Cells hold text as a person reads it in the spreadsheet: a number
/// as its digits (`13812345678`, not `1.3812345678E10`), a date as `2026-11-30`.
public struct SheetTable: Sendable, Equatable {
  /// The file's name as the user gave it, for messages.
  public var file: String
  /// The sheet's name (nil for CSV, which has one).
  public var sheet: String?
  /// Rows in order, blank rows left out; each knows its number in the file.
  public var rows: [SheetRow]
  /// Cell ranges merged in the sheet (headers spanning columns or rows); each is filled with its
  /// first cell's text when the header is read.
  public var merges: [CellRange]

  public init(file: String, sheet: String?, rows: [SheetRow], merges: [CellRange] = []) {
    self.file = file
    self.sheet = sheet
    self.rows = rows
    self.merges = merges
  }

  /// Where a cell is, as a spreadsheet user finds it: `households.xlsx 户籍!F213`, `people.csv F12`.
  public func location(row: Int, column: Int?) -> String {
    let cell = (column.map(columnLetters) ?? "") + String(row)
    let name = file.split(separator: "/").last.map(String.init) ?? file
    guard let sheet else { return column == nil ? "\(name) row \(row)" : "\(name) \(cell)" }
    return column == nil ? "\(name) \(sheet) row \(row)" : "\(name) \(sheet)!\(cell)"
  }
}

/// One row of a register: its number in the file (1 for the first) and its cells from column A.
public struct SheetRow: Sendable, Equatable {
  public var number: Int
  public var cells: [String]

  public init(number: Int, cells: [String]) {
    self.number = number
    self.cells = cells
  }

  public func cell(_ column: Int) -> String { column < cells.count ? cells[column] : "" }
  public var isBlank: Bool { cells.allSatisfy { $0.allSatisfy(\.isWhitespace) } }
}

/// A rectangle of cells, rows and columns counted from 1 and 0 as `SheetRow` does.
public struct CellRange: Sendable, Equatable {
  public var firstRow: Int
  public var lastRow: Int
  public var firstColumn: Int
  public var lastColumn: Int

  /// A range as XLSX writes it (`D1:F1`); nil when it is not one.
  public init?(reference: Substring) {
    let ends = reference.split(separator: ":")
    guard let first = ends.first.flatMap(cellCoordinates), let last = ends.last.flatMap(cellCoordinates)
    else {
      return nil
    }
    firstRow = first.row
    lastRow = last.row
    firstColumn = first.column
    lastColumn = last.column
  }
}

/// `A` for column 0, `Z` for 25, `AA` for 26.
public func columnLetters(_ column: Int) -> String {
  var letters = ""
  var rest = column + 1
  while rest > 0 {
    let digit = (rest - 1) % 26
    letters = String(UnicodeScalar(UInt8(65 + digit))) + letters
    rest = (rest - 1) / 26
  }
  return letters
}

/// `F213` as (row 213, column 5).
func cellCoordinates(_ reference: Substring) -> (row: Int, column: Int)? {
  cellCoordinates(reference.utf8)
}

/// A cell reference's bytes as (row, column), as the sheet's XML hands them.
func cellCoordinates(_ reference: some Sequence<UInt8>) -> (row: Int, column: Int)? {
  var column = 0
  var row = 0
  var sawLetter = false
  for byte in reference {
    switch byte {
    case 65...90:
      column = column * 26 + Int(byte - 64)
      sawLetter = true
    case 97...122:
      column = column * 26 + Int(byte - 96)
      sawLetter = true
    case 48...57:
      row = row * 10 + Int(byte - 48)
    default:
      return nil
    }
  }
  guard sawLetter, row > 0 else { return nil }
  return (row, column - 1)
}
