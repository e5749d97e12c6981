import Foundation
import WeigeConfig

/// A register file that cannot be read at all (as opposed to a cell that is wrong).
public struct LedgerFileError: Error, Equatable, CustomStringConvertible {
  public var file: String
  public var reason: String

  public init(file: String, reason: String) {
    self.file = file
    self.reason = reason
  }

  public var description: String { "\(file): \(reason)" }
}

/// Opens a register by what it is: an XLSX workbook (a ZIP archive, whatever its name) or CSV.
public enum LedgerFile {
  /// How a ZIP archive, and so an XLSX workbook, begins.
  private static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]

  /// Refuses a path that names no file (a typo, a folder) before anything is opened for it.
  public static func requireFile(_ path: String) throws(LedgerFileError) {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
      throw LedgerFileError(file: path, reason: "no such file")
    }
  }

  /// Whether `path` is a ZIP archive, which `read` reads as an XLSX workbook.
  static func isWorkbook(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    return ((try? handle.read(upToCount: 4)) ?? Data()).starts(with: zipMagic)
  }

  public static func read(
    path: String, sheet: String? = nil, encoding: TextEncoding? = nil
  ) throws(LedgerFileError) -> SheetTable {
    try requireFile(path)
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw LedgerFileError(file: path, reason: "could not be read")
    }
    let magic = (try? handle.read(upToCount: 4)) ?? Data()
    try? handle.close()
    if magic.starts(with: zipMagic) {
      return try XLSXReader.read(path: path, sheet: sheet)
    }
    if magic.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
      throw LedgerFileError(
        file: path, reason: "is an old Excel .xls workbook: save it as .xlsx (or CSV) and import that")
    }
    if let sheet {
      throw LedgerFileError(file: path, reason: "is CSV, which has no sheets (--sheet \(sheet))")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw LedgerFileError(file: path, reason: "could not be read")
    }
    return try CSVReader.read(data, file: path, encoding: encoding)
  }
}

/// A CSV register as a spreadsheet saves it, decoded by `TextDecoding` and cut into records by
/// `CSVRecords`.
public enum CSVReader {
  public static func read(
    _ data: Data, file: String, encoding: TextEncoding? = nil
  ) throws(LedgerFileError) -> SheetTable {
    let text: String
    do {
      text = try TextDecoding.text([UInt8](data), encoding: encoding)
    } catch {
      throw LedgerFileError(file: file, reason: error.description)
    }
    let records: [[String]]
    do {
      records = try CSVRecords.records(text)
    } catch {
      throw LedgerFileError(
        file: file, reason: "is not CSV: the quote opened in row \(error.record) is never closed")
    }
    var rows: [SheetRow] = []
    rows.reserveCapacity(records.count)
    for (index, cells) in records.enumerated() {
      let row = SheetRow(number: index + 1, cells: cells)
      if !row.isBlank { rows.append(row) }
    }
    return SheetTable(file: file, sheet: nil, rows: rows)
  }
}
