import Foundation
import SwiftCSV
import WeigeCore

/// A duty roster as a spreadsheet exports it (`weige duty roster import FILE`): one shift a row,
/// UTF-8 (with or without a byte-order mark) or GB18030, as Excel and WPS save CSV on a Chinese
/// Windows. The header names the columns, in Chinese or English, in any order:
///
///     日期,班次,值班员,带班领导            date,shift,operator,leader
///     2026-11-23,白班,王芳,赵建国          2026-11-23,day,王芳,赵建国
///     2026-11-23,夜班,刘洋,赵建国          2026-11-23,night,刘洋,赵建国
///
/// The whole file is read before anything is appended: one bad cell refuses it all, naming the
/// row (as the spreadsheet numbers it, the header being row 1) and the column.
public enum RosterFile {
  /// The columns, each by its Chinese and English header.
  static let columns = [("日期", "date"), ("班次", "shift"), ("值班员", "operator"), ("带班领导", "leader")]

  /// Reads a roster file; errors name it by `path`.
  public static func load(path: String) throws(ConfigFileError) -> [RosterShift] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue,
      let data = FileManager.default.contents(atPath: path)
    else { throw ConfigFileError(file: path, key: "(file)", reason: "no such file") }
    return try parse(data, file: path)
  }

  /// The file's bytes as text, as `TextDecoding` guesses it.
  public static func text(_ data: Data, file: String) throws(ConfigFileError) -> String {
    do {
      return try TextDecoding.text([UInt8](data))
    } catch {
      throw ConfigFileError(file: file, key: "(file)", reason: error.description)
    }
  }

  public static func parse(_ data: Data, file: String) throws(ConfigFileError) -> [RosterShift] {
    let text = try text(data, file: file)
    func fail(_ key: String, _ reason: String) -> ConfigFileError {
      ConfigFileError(file: file, key: key, reason: reason)
    }
    let csv: EnumeratedCSV
    do {
      csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false)
    } catch {
      throw fail("(file)", "is not CSV: \(error)")
    }
    let header = csv.header.map { FreeText.trimmed($0) }
    var index: [Int] = []
    for (chinese, english) in columns {
      guard let at = header.firstIndex(where: { $0 == chinese || $0.lowercased() == english }) else {
        throw fail(
          "row 1", "no column \(chinese) (\(english)): the header is \(header.joined(separator: ","))")
      }
      index.append(at)
    }
    var shifts: [RosterShift] = []
    var rowOf: [ShiftID: Int] = [:]
    for (offset, row) in csv.rows.enumerated() {
      let number = offset + 2
      let cells = row.map { FreeText.trimmed($0) }
      if cells.allSatisfy(\.isEmpty) { continue }
      func cell(_ column: Int) -> (String, String) {
        let at = index[column]
        return (at < cells.count ? cells[at] : "", "row \(number), column \(at + 1) (\(columns[column].0))")
      }
      let (dateText, dateKey) = cell(0)
      guard let date = CivilDate(dateText) else {
        throw fail(dateKey, "'\(dateText)' is not a date: write yyyy-MM-dd, a day that exists")
      }
      let (kindText, kindKey) = cell(1)
      guard
        let kind = ShiftKind.allCases.first(where: {
          $0.chineseName == kindText || $0.englishName == kindText.lowercased()
        })
      else {
        throw fail(kindKey, "'\(kindText)' is not a shift: 白班 or 夜班 (day or night)")
      }
      var names: [String] = []
      for column in 2...3 {
        let (name, key) = cell(column)
        do {
          try FreeText.check(name, field: (columns[column].0, columns[column].1))
        } catch {
          throw fail(key, "'\(name)': \(error.english)")
        }
        names.append(name)
      }
      let shift = ShiftID(date: date, kind: kind)
      if let first = rowOf[shift] {
        throw fail("row \(number)", "\(shift) is also on row \(first): a shift is held once")
      }
      rowOf[shift] = number
      shifts.append(RosterShift(shift: shift, operatorName: names[0], leader: names[1]))
    }
    guard !shifts.isEmpty else { throw fail("(file)", "holds no shifts") }
    return shifts
  }
}
