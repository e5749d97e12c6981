import Foundation
import TOMLKit
import WeigeCore
import WeigeUI

/// What is wrong with a policy file (`calendar.toml`, `sla.toml`): the file, where in it (a key
/// such as `years.2027.春节.off[1]`, or a line and column), and why, naming the value.
public struct ConfigFileError: Error, Hashable, CustomStringConvertible {
  public var file: String
  public var key: String
  public var reason: String

  public init(file: String, key: String, reason: String) {
    self.file = file
    self.key = key
    self.reason = reason
  }

  public var description: String { "\(file): \(key): \(reason)" }

  /// The file's text, as UTF-8; a missing file, a folder or other bytes are refused by name.
  static func text(of path: String) throws(ConfigFileError) -> String {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw ConfigFileError(file: path, key: "(file)", reason: "no such file")
    }
    guard !isFolder.boolValue, let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else { throw ConfigFileError(file: path, key: "(file)", reason: "cannot be read as UTF-8 text") }
    return text
  }

  /// The file's TOML, in the subset Weige's files use (`TOMLSubset`, naming the files as `usage`
  /// does), as a table; an error names the line and column.
  static func table(_ text: String, file: String, usedIn usage: String) throws(ConfigFileError) -> TOMLTable {
    if let failure = TOMLSubset.check(text, usedIn: usage) {
      throw ConfigFileError(
        file: file, key: "line \(failure.line), column \(failure.column)", reason: failure.reason)
    }
    do {
      return try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      let at = error.source.begin
      throw ConfigFileError(
        file: file, key: "line \(at.line), column \(at.column)", reason: error.description)
    } catch {
      throw ConfigFileError(file: file, key: "(file)", reason: "\(error)")
    }
  }

  /// The file at `path` when one is named (it must exist), else the user's default one when it
  /// exists (`$XDG_CONFIG_HOME/weige/NAME`), else nil.
  static func chosenFile(_ path: String?, default name: String, environment: [String: String]) -> String? {
    if let path { return path }
    let found = UserFolders.weige(.config, environment: environment).map { $0 + "/" + name }
    return found.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
  }
}

/// A calendar file (`china-holidays.toml` as shipped, a user's `calendar.toml`) read into Core's
/// plain values. TOML is read here and not in Core, which stays Foundation-only; TOMLKit is
/// reached only through this module (and the themes in WeigeUI).
///
///     [hours]                                   optional: the working periods of a working day
///     periods = ["08:30-12:00", "13:30-17:30"]
///
///     [years.2027]                              a year's notice; replaces a shipped year
///     source = "国务院办公厅关于2027年部分节假日安排的通知"   optional (default: the file)
///     [years.2027."春节"]                        one table a holiday
///     en = "Spring Festival"                    optional English name
///     off = ["2027-02-06..2027-02-13"]          days off: days or ranges, both ends included
///     work = ["2027-02-14"]                     make-up working days: weekend days only
///
///     [local."区庆"]                            a local day off (any year)
///     off = ["2026-03-12"]
public struct CalendarFile: Hashable, Sendable {
  public var hours: WorkingHours?
  public var years: [HolidayYear]
  public var localDaysOff: [Holiday]

  /// The policy to count with: the shipped one, overlaid by the user's file. An explicit `path`
  /// must exist; the default one is read when it exists. Returns the file that was read, if any.
  public static func policy(
    path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigFileError) -> (policy: WorkingTimePolicy, file: String?) {
    guard let file = ConfigFileError.chosenFile(path, default: "calendar.toml", environment: environment)
    else {
      return (.shipped, nil)
    }
    return (try load(path: file).applied(to: .shipped, file: file), file)
  }

  /// Reads and parses a file.
  public static func load(path: String) throws(ConfigFileError) -> CalendarFile {
    try parse(try ConfigFileError.text(of: path), file: path)
  }

  /// The file over `policy`: its hours when it gives them, its years in place of the policy's of
  /// the same number, its local days off added. A day that is a day off in one year's notice and
  /// a working day in another's is an error.
  public func applied(to policy: WorkingTimePolicy, file: String = "calendar file") throws(ConfigFileError)
    -> WorkingTimePolicy
  {
    var result = policy
    if let hours { result.hours = hours }
    for year in years { result.set(year) }
    result.localDaysOff += localDaysOff
    if let clash = result.contradiction() {
      throw ConfigFileError(
        file: file, key: "years",
        reason: "\(clash.day) is a day off of \(clash.off) and a working day of \(clash.work)")
    }
    return result
  }

  // MARK: Parsing

  /// Parses a calendar file's text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws(ConfigFileError) -> CalendarFile {
    var reader = Reader(file: file)
    return try reader.document(text)
  }

  private struct Reader {
    let file: String

    func fail(_ key: String, _ reason: String) -> ConfigFileError {
      ConfigFileError(file: file, key: key, reason: reason)
    }

    mutating func document(_ text: String) throws(ConfigFileError) -> CalendarFile {
      let table = try ConfigFileError.table(text, file: file, usedIn: "calendar files")
      for key in table.keys where !["hours", "years", "local"].contains(key) {
        throw fail(key, "unknown key (expected [hours], [years.YYYY] or [local.\"名称\"])")
      }
      var result = CalendarFile(hours: nil, years: [], localDaysOff: [])
      if let hours = table["hours"] { result.hours = try self.hours(hours) }
      if let years = table["years"] {
        guard let years = years.table else { throw fail("years", "must be tables: [years.2027]") }
        for key in years.keys.sorted() {
          result.years.append(try year(key, years[key]!))
        }
      }
      if let local = table["local"] {
        guard let local = local.table else { throw fail("local", "must be tables: [local.\"区庆\"]") }
        for name in local.keys.sorted() {
          let holiday = try self.holiday(name, local[name]!, key: "local.\(name)", year: nil)
          guard holiday.workingDays.isEmpty else {
            throw fail(
              "local.\(name).work",
              "local days are days off only; a make-up working day belongs to a year's notice ([years.YYYY])")
          }
          result.localDaysOff.append(holiday)
        }
      }
      return result
    }

    func hours(_ value: TOMLValueConvertible) throws(ConfigFileError) -> WorkingHours {
      guard let table = value.table else { throw fail("hours", "must be a table: [hours]") }
      for key in table.keys where key != "periods" {
        throw fail("hours.\(key)", "unknown key (expected periods)")
      }
      guard let list = table["periods"]?.array, !list.isEmpty else {
        throw fail("hours.periods", "missing: a list of periods such as [\"08:30-12:00\", \"13:30-17:30\"]")
      }
      var periods: [WorkingHours.Period] = []
      for (index, item) in list.enumerated() {
        guard let text = item.string, let period = WorkingHours.Period(text) else {
          throw fail(
            "hours.periods[\(index)]",
            "\(Self.quoted(item)) is not a period: write \"08:30-12:00\" (HH:mm-HH:mm, the start before the end)"
          )
        }
        periods.append(period)
      }
      guard let hours = WorkingHours(periods) else {
        throw fail(
          "hours.periods",
          "\(periods.map { "\"\($0.text)\"" }.joined(separator: ", ")): the periods must be in order of the day and must not overlap"
        )
      }
      return hours
    }

    func year(_ key: String, _ value: TOMLValueConvertible) throws(ConfigFileError) -> HolidayYear {
      guard key.count == 4, key.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(key),
        (2000...2100).contains(year)
      else { throw fail("years.\(key)", "'\(key)' is not a year from 2000 to 2100") }
      guard let table = value.table else {
        throw fail("years.\(key)", "must be a table: [years.\(key)] with one [years.\(key).\"名称\"] a holiday")
      }
      var source = "\(file)"
      var holidays: [Holiday] = []
      for name in table.keys.sorted() {
        let item = table[name]!
        if name == "source" {
          guard let text = item.string, Self.printable(text, limit: FreeText.shortLimit) else {
            throw fail("years.\(key).source", "\(Self.quoted(item)) is not the notice's name (a \"string\")")
          }
          source = text
          continue
        }
        holidays.append(try holiday(name, item, key: "years.\(key).\(name)", year: year))
      }
      guard !holidays.isEmpty else {
        throw fail(
          "years.\(key)", "no holidays: give each as a table, [years.\(key).\"春节\"] with off = [...]")
      }
      var seen: [CivilDate: String] = [:]
      for holiday in holidays {
        for day in holiday.daysOff + holiday.workingDays {
          if let other = seen[day] {
            throw fail("years.\(key).\(holiday.name)", "\(day) is already a day of \(other)")
          }
          seen[day] = holiday.name
        }
      }
      holidays.sort {
        ($0.daysOff.first ?? CivilDate(dayNumber: .max), $0.name) < (
          $1.daysOff.first ?? CivilDate(dayNumber: .max), $1.name
        )
      }
      return HolidayYear(year: year, source: source, holidays: holidays)
    }

    /// A holiday's table; `year` nil for a local day off (any date).
    func holiday(_ name: String, _ value: TOMLValueConvertible, key: String, year: Int?)
      throws(ConfigFileError)
      -> Holiday
    {
      guard let table = value.table else {
        throw fail(key, "must be a table: [\(key)] with off = [\"yyyy-MM-dd\", …]")
      }
      guard Self.printable(name, limit: 40) else {
        throw fail(key, "'\(name)' is not a name for a holiday (1 to 40 printable characters)")
      }
      for field in table.keys where !["en", "off", "work"].contains(field) {
        throw fail("\(key).\(field)", "unknown key (expected en, off, work)")
      }
      var english: String?
      if let item = table["en"] {
        guard let text = item.string, Self.printable(text, limit: 80) else {
          throw fail("\(key).en", "\(Self.quoted(item)) is not an English name (a \"string\")")
        }
        english = text
      }
      let off = try days(table["off"], key: "\(key).off", year: year)
      guard !off.isEmpty else { throw fail("\(key).off", "missing: the days off, [\"yyyy-MM-dd\", …]") }
      let work = try days(table["work"], key: "\(key).work", year: year)
      for day in work where !day.isWeekend {
        throw fail(
          "\(key).work",
          "\(day) is a \(Self.weekdayNames[day.weekday - 1]), already a working day: a make-up working day (调休上班) is a Saturday or Sunday"
        )
      }
      if let both = off.first(where: work.contains) {
        throw fail(key, "\(both) is both in off and in work")
      }
      return Holiday(name: name, englishName: english, daysOff: off, workingDays: work)
    }

    /// A list of days and `a..b` ranges, each day once, in order.
    func days(_ value: TOMLValueConvertible?, key: String, year: Int?) throws(ConfigFileError)
      -> [CivilDate]
    {
      guard let value else { return [] }
      guard let list = value.array else {
        throw fail(
          key, "\(Self.quoted(value)) is not a list: write [\"yyyy-MM-dd\", \"yyyy-MM-dd..yyyy-MM-dd\"]")
      }
      var days: [CivilDate] = []
      for (index, item) in list.enumerated() {
        let at = "\(key)[\(index)]"
        let hint = "write \"yyyy-MM-dd\" or a range \"yyyy-MM-dd..yyyy-MM-dd\""
        guard let text = item.string else { throw fail(at, "\(Self.quoted(item)) is not a day: \(hint)") }
        let ends = text.components(separatedBy: "..")
        guard (1...2).contains(ends.count), let first = CivilDate(ends[0]),
          let last = ends.count == 2 ? CivilDate(ends[1]) : first
        else { throw fail(at, "'\(text)' is not a day: \(hint), a day that exists") }
        guard first <= last else { throw fail(at, "'\(text)' ends before it starts") }
        guard last.dayNumber - first.dayNumber < 31 else {
          throw fail(at, "'\(text)' is longer than a month: is a year or a month mistyped?")
        }
        if let year, !(year - 1...year + 1).contains(first.year) || !(year - 1...year + 1).contains(last.year)
        {
          throw fail(at, "'\(text)' is not in or next to \(year)")
        }
        if year == nil, !(2000...2100).contains(first.year) || !(2000...2100).contains(last.year) {
          throw fail(at, "'\(text)' is not in a year from 2000 to 2100")
        }
        for number in first.dayNumber...last.dayNumber {
          let day = CivilDate(dayNumber: number)
          guard !days.contains(day) else { throw fail(at, "\(day) is listed twice") }
          days.append(day)
        }
      }
      return days.sorted()
    }

    /// Text that may reach a terminal (no controls, not only spaces) and is not too long.
    static func printable(_ text: String, limit: Int) -> Bool {
      (try? FreeText.check(text, field: ("", ""), limit: limit)) != nil
    }

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    /// A value as the file wrote it, for a message.
    static func quoted(_ value: TOMLValueConvertible) -> String {
      if let text = value.string { return "'\(text)'" }
      return "\(value)".trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }
}
