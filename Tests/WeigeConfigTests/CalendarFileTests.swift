import Foundation
import Testing
import WeigeConfig
import WeigeCore
import WeigeTestSupport

private func at(_ text: String) -> Timestamp { ChinaTime.parse(text)! }

private func dueText(_ calendar: WorkingCalendar, _ from: String, _ limit: WorkingTimeLimit) -> String {
  ChinaTime.text(calendar.due(from: at(from), limit: limit).moment)
}

/// A folder of its own for each test, removed after it.
private struct Folder {
  let path = temporaryPath("weige-calendar")

  init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }

  func write(_ text: String, to name: String = "calendar.toml") throws -> String {
    let file = path + "/" + name
    try FileManager.default.createDirectory(
      atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    return file
  }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

@Suite("The calendar file: the shipped one and a user's")
struct CalendarFileTests {
  @Test(
    "china-holidays.toml read by the user file's parser equals ChinaHolidays.swift (run scripts/gen_holidays.py after an edit)"
  )
  func shippedFileMatchesGeneratedSwift() throws {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/WeigeCore/Time/china-holidays.toml").path
    let file = try CalendarFile.load(path: source)
    #expect(file.hours == WorkingTimePolicy.shipped.hours)
    #expect(file.years == WorkingTimePolicy.shipped.years)
    #expect(file.localDaysOff.isEmpty)
    #expect(file.years.map(\.year) == [2025, 2026])
  }

  @Test("a user's file adds a year, a local day off and its own hours")
  func userFileOverlays() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let path = try folder.write(
      """
      # our street office
      [hours]
      periods = ["09:00-12:00", "13:00-17:00"]

      [years.2027]
      source = "国务院办公厅关于2027年部分节假日安排的通知（假设）"

      [years.2027."元旦"]
      en = "New Year's Day"
      off = ["2027-01-01..2027-01-03"]

      [years.2027."春节"]
      off = ["2027-02-06..2027-02-12"]
      work = ["2027-02-14", "2027-02-20"]

      [local."区庆"]
      en = "District day"
      off = ["2026-03-11"]
      """, to: "config/weige/calendar.toml")
    let (policy, file) = try CalendarFile.policy(environment: ["XDG_CONFIG_HOME": folder.path + "/config"])
    #expect(file == path)
    #expect(policy.knownYears == [2025, 2026, 2027])
    #expect(policy.years.last?.holidays.map(\.name) == ["元旦", "春节"])
    #expect(policy.years.last?.holidays[1].englishName == "春节")
    let calendar = WorkingCalendar(policy)
    #expect(calendar.hours.description == "09:00–12:00, 13:00–17:00")
    // The local day off, and the new hours' close.
    #expect(dueText(calendar, "2026-03-10 10:00", .workingDays(1)) == "2026-03-12 17:00")
    // 2027 is known now: no fallback across its new year and Spring Festival.
    let newYear = calendar.due(from: at("2026-12-31 10:00"), limit: .workingDays(1))
    #expect(ChinaTime.text(newYear.moment) == "2027-01-04 17:00")
    #expect(!newYear.usesWeekdayFallback)
    #expect(dueText(calendar, "2027-02-05 10:00", .workingDays(1)) == "2027-02-14 17:00")  // a make-up Sunday
    #expect(calendar.day(CivilDate("2026-03-11")!).holiday?(.en) == "District day")
    // No file where the environment points: the shipped calendar.
    let (shipped, none) = try CalendarFile.policy(environment: ["XDG_CONFIG_HOME": folder.path + "/nowhere"])
    #expect(none == nil)
    #expect(shipped == .shipped)
  }

  @Test("a year in the user's file replaces the shipped year of the same number")
  func userYearReplacesShipped() throws {
    let folder = try Folder()
    defer { folder.remove() }
    let path = try folder.write(
      """
      [years.2026."春节"]
      off = ["2026-02-16..2026-02-20"]
      """)
    let (policy, _) = try CalendarFile.policy(path: path)
    let year = try #require(policy.years.first { $0.year == 2026 })
    #expect(year.holidays.count == 1)
    #expect(year.source == path)
    let calendar = WorkingCalendar(policy)
    #expect(calendar.isWorkingDay(CivilDate("2026-10-01")!))
    #expect(!calendar.isWorkingDay(CivilDate("2026-02-14")!))  // no longer a make-up Saturday
    #expect(dueText(calendar, "2026-02-13 10:00", .workingDays(3)) == "2026-02-25 17:30")
  }

  /// Text, the key the error must name, and words its reason must hold.
  static let broken: [(String, String, String)] = [
    ("[years.2027.\"春节\"]\noff = [\"2027-02-30\"]", "years.2027.春节.off[0]", "'2027-02-30' is not a day"),
    (
      "[years.2027.\"春节\"]\noff = [\"2027-02-12..2027-02-06\"]", "years.2027.春节.off[0]",
      "ends before it starts"
    ),
    (
      "[years.2027.\"春节\"]\noff = [\"2027-02-06..2027-12-06\"]", "years.2027.春节.off[0]", "longer than a month"
    ),
    ("[years.2027.\"春节\"]\noff = [\"2029-02-06\"]", "years.2027.春节.off[0]", "not in or next to 2027"),
    ("[years.2027.\"春节\"]\noff = \"2027-02-06\"", "years.2027.春节.off", "is not a list"),
    ("[years.2027.\"春节\"]\noff = [20270206]", "years.2027.春节.off[0]", "20270206 is not a day"),
    ("[years.2027.\"春节\"]\nwork = [\"2027-02-14\"]", "years.2027.春节.off", "missing"),
    (
      "[years.2027.\"春节\"]\noff = [\"2027-02-06\"]\nwork = [\"2027-02-15\"]", "years.2027.春节.work",
      "2027-02-15 is a Monday"
    ),
    (
      "[years.2027.\"春节\"]\noff = [\"2027-02-06\"]\nwork = [\"2027-02-06\"]", "years.2027.春节",
      "both in off and in work"
    ),
    (
      "[years.2027.\"春节\"]\noff = [\"2027-02-06\"]\n[years.2027.\"元宵\"]\noff = [\"2027-02-06\"]",
      "years.2027.春节", "2027-02-06 is already a day of 元宵"
    ),
    ("[years.2027.\"春节\"]\noff = [\"2027-02-06\", \"2027-02-06\"]", "years.2027.春节.off[1]", "listed twice"),
    ("[years.2027.\"春节\"]\noff = [\"2027-02-06\"]\nnote = \"x\"", "years.2027.春节.note", "unknown key"),
    ("[years.2027.\"春节\"]\nen = 3\noff = [\"2027-02-06\"]", "years.2027.春节.en", "3 is not an English name"),
    ("[years.27.\"春节\"]\noff = [\"2027-02-06\"]", "years.27", "'27' is not a year from 2000 to 2100"),
    ("[years.2027]\nsource = \"x\"", "years.2027", "no holidays"),
    (
      "[years.2027]\nsource = 5\n[years.2027.\"春节\"]\noff = [\"2027-02-06\"]", "years.2027.source", "5 is not"
    ),
    ("years = 3", "years", "must be tables"),
    ("[holidays]\noff = []", "holidays", "unknown key"),
    ("[hours]\nperiods = [\"13:30-17:30\", \"08:30-12:00\"]", "hours.periods", "in order of the day"),
    ("[hours]\nperiods = [\"08:30-12:00\", \"11:30-17:30\"]", "hours.periods", "must not overlap"),
    ("[hours]\nperiods = [\"8:30-12:00\"]", "hours.periods[0]", "'8:30-12:00' is not a period"),
    ("[hours]\nperiods = [\"12:00-08:30\"]", "hours.periods[0]", "the start before the end"),
    ("[hours]\nperiods = []", "hours.periods", "missing"),
    ("[hours]\nstart = \"08:30\"", "hours.start", "unknown key"),
    ("[local.\"区庆\"]\noff = [\"2026-03-11\"]\nwork = [\"2026-03-14\"]", "local.区庆.work", "days off only"),
    ("[local.\"区庆\"]\noff = [\"9999-03-11\"]", "local.区庆.off[0]", "not in a year from 2000 to 2100"),
    (
      "[local.\"\(String(repeating: "区", count: 41))\"]\noff = [\"2026-03-11\"]",
      "local.\(String(repeating: "区", count: 41))", "is not a name"
    ),
    (
      "[local.\"区\u{1B}庆\"]\noff = [\"2026-03-11\"]", "line 1, column 10",
      "control character U+1B in a string"
    ),
    // The shape, before the TOML parser sees it: line and column.
    ("[years.2027\noff = 1", "line 1, column 12", "expected ']'"),
    ("[years.2027.\"春节\"]\noff = [2027-02-06]", "line 2, column 12", "dates and times are written in quotes"),
    (
      "[years.2027.\"春节\"]\noff = { a = 1 }", "line 2, column 7",
      "inline tables are not used in calendar files"
    ),
    ("[[years]]", "line 1, column 2", "[[arrays of tables]] are not used in calendar files"),
    // A make-up day of the user's year on a shipped year's day off.
    (
      "[years.2027.\"元旦\"]\noff = [\"2027-01-01\"]\nwork = [\"2026-10-03\"]", "years",
      "2026-10-03 is a day off of 国庆节 (2026) and a working day of 元旦 (2027)"
    ),
  ]

  @Test("bad input is an error naming the file, the key or line, and the value", arguments: broken.indices)
  func errors(_ index: Int) throws {
    let (text, key, reason) = Self.broken[index]
    let folder = try Folder()
    defer { folder.remove() }
    let path = try folder.write(text)
    do {
      _ = try CalendarFile.policy(path: path)
      Issue.record("accepted: \(text)")
    } catch {
      #expect(error.file == path, "\(error)")
      #expect(error.key == key, "\(error)")
      #expect(error.reason.contains(reason), "\(error)")
      #expect(!error.description.contains("\n"))
    }
  }

  @Test("an explicit file must exist and be text; the description reads file: key: reason")
  func missingFile() throws {
    let folder = try Folder()
    defer { folder.remove() }
    #expect(
      throws: ConfigFileError(file: folder.path + "/none.toml", key: "(file)", reason: "no such file")
    ) {
      try CalendarFile.policy(path: folder.path + "/none.toml")
    }
    #expect(
      throws: ConfigFileError(file: folder.path, key: "(file)", reason: "cannot be read as UTF-8 text")
    ) {
      try CalendarFile.policy(path: folder.path)
    }
    let latin = folder.path + "/latin1.toml"
    try Data([0x5B, 0xE9, 0x5D]).write(to: URL(fileURLWithPath: latin))
    #expect(throws: ConfigFileError(file: latin, key: "(file)", reason: "cannot be read as UTF-8 text")) {
      try CalendarFile.policy(path: latin)
    }
    #expect(
      ConfigFileError(file: "/x/calendar.toml", key: "hours.periods[0]", reason: "bad").description
        == "/x/calendar.toml: hours.periods[0]: bad")
  }
}
