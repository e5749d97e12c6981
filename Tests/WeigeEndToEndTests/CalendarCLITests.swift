import Foundation
import Testing
import WeigeTestSupport

/// What `weige calendar due` and `weige calendar show` print, read from the real binary, with a
/// configuration folder of the test's own (so a developer's calendar.toml never leaks in).
@Suite(
  "weige calendar's printed output", .enabled(if: FileManager.default.isExecutableFile(atPath: weigeBinary)))
struct CalendarCLITests {
  let folder = temporaryPath("weige-calendar")

  init() throws {
    try FileManager.default.createDirectory(atPath: folder + "/weige", withIntermediateDirectories: true)
  }

  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CONFIG_HOME"] = folder
    return environment
  }

  /// Standard output of a run that must succeed.
  func calendar(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let (status, output) = try Child.run(["calendar"] + arguments, environment: environment)
    #expect(
      status == 0, "weige calendar \(arguments.joined(separator: " ")) exited with \(status)",
      sourceLocation: sourceLocation)
    return output
  }

  /// Standard output and error together of a run that must fail.
  func failure(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let quoted = arguments.map { "'\($0)'" }.joined(separator: " ")
    let (status, output) = try Child.run(
      ["-c", "'\(weigeBinary)' calendar \(quoted) 2>&1"], executable: "/bin/sh", environment: environment)
    #expect(status != 0, "weige calendar \(quoted) succeeded", sourceLocation: sourceLocation)
    return output
  }

  func object(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func dueFollowsTheIssuesExample() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try calendar("due", "--from", "2026-02-13 10:00", "--working-days", "3") == "2026-02-25 17:30\n")
    #expect(try calendar("due", "--from", "2026-03-10 11:00", "--working-hours", "2") == "2026-03-10 14:30\n")
    #expect(
      try calendar("due", "--from", "2026-02-14 23:00", "--wall-clock-hours", "2") == "2026-02-15 01:00\n")
    let json = try object(try calendar("due", "--from", "2026-02-13 10:00", "--working-days", "3", "--json"))
    #expect(
      Set(json.keys) == [
        "from", "limit", "due", "dueMilliseconds", "usesWeekdayFallback", "unknownYears", "knownYears",
        "hours",
        "calendarFile",
      ])
    #expect(json["due"] as? String == "2026-02-25 17:30")
    #expect(json["dueMilliseconds"] as? Int == 1_772_011_800_000)
    #expect(json["usesWeekdayFallback"] as? Bool == false)
    #expect(json["knownYears"] as? [Int] == [2025, 2026])
    #expect(json["hours"] as? [String] == ["08:30-12:00", "13:30-17:30"])
    #expect(json["calendarFile"] is NSNull)
    let limit = try #require(json["limit"] as? [String: Any])
    #expect(limit["kind"] as? String == "workingDays")
    #expect(limit["value"] as? Int == 3)
    #expect(limit["unit"] as? String == "days")
  }

  @Test func dueSaysWhenItCountsMondayToFriday() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      try calendar("due", "--from", "2026-12-30 10:00", "--working-days", "3")
        == "2027-01-04 17:30\n注意：2027年没有已知的国务院放假通知，按周一至周五计工作日（已知：2025–2026）\n")
    #expect(
      try calendar("due", "--from", "2026-12-30 10:00", "--working-days", "3", "--lang", "en")
        == "2027-01-04 17:30\nnote: no State Council holiday notice is known for 2027; Monday to Friday are counted as working days (known: 2025–2026)\n"
    )
    let json = try object(try calendar("due", "--from", "2026-12-30 10:00", "--working-days", "3", "--json"))
    #expect(json["usesWeekdayFallback"] as? Bool == true)
    #expect(json["unknownYears"] as? [Int] == [2027])
  }

  @Test func showPrintsTheMonthWithDaysOffAndMakeUpDays() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      try calendar("show", "2026-02") == """
        2026年2月
        一   二   三   四   五   六   日
                                       1
         2    3    4    5    6    7    8
         9   10   11   12   13   14班 15休
        16休 17休 18休 19休 20休 21休 22休
        23休 24   25   26   27   28班

        休 放假   班 调休上班   假 本地休息日
        春节：2月15日至23日放假；2月14日（周六）、2月28日（周六）上班
        工作日 16 天；工作时间 08:30–12:00, 13:30–17:30
        依据：国务院办公厅关于2026年部分节假日安排的通知，2025-11-04

        """)
    #expect(
      try calendar("show", "2026-09", "--lang", "en") == """
        September 2026
        Mo   Tu   We   Th   Fr   Sa   Su
              1    2    3    4    5    6
         7    8    9   10   11   12   13
        14   15   16   17   18   19   20W
        21   22   23   24   25H  26H  27H
        28   29   30

        H day off (holiday)   W make-up working day (调休)   L local day off
        National Day: off Oct 1–7; working Sun Sep 20, Sat Oct 10
        Mid-Autumn Festival: off Sep 25–27
        22 working days; working hours 08:30–12:00, 13:30–17:30
        source: 国务院办公厅关于2026年部分节假日安排的通知，2025-11-04

        """)
    let json = try object(try calendar("show", "2026-02", "--json"))
    #expect(
      Set(json.keys) == [
        "month", "known", "source", "workingDays", "hours", "knownYears", "calendarFile", "days",
      ])
    #expect(json["month"] as? String == "2026-02")
    #expect(json["workingDays"] as? Int == 16)
    let days = try #require(json["days"] as? [[String: Any]])
    #expect(days.count == 28)
    #expect(days[13]["date"] as? String == "2026-02-14")
    #expect(days[13]["kind"] as? String == "makeUpWorkday")
    #expect(days[13]["weekday"] as? Int == 6)
    #expect(days[13]["holiday"] as? String == "春节")
    #expect(days[14]["kind"] as? String == "holiday")
    #expect(days[0]["holiday"] is NSNull)
    // A month with no notice says how it counts.
    let january = try calendar("show", "2027-01").split(separator: "\n").map(String.init)
    #expect(january.last == "注意：2027年没有已知的国务院放假通知，按周一至周五计工作日（已知：2025–2026）")
    #expect(try object(try calendar("show", "2027-01", "--json"))["known"] as? Bool == false)
  }

  @Test func badDatesGetOneLineNamingTheField() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      try failure("due", "--from", "2026-02-30 10:00", "--working-days", "3")
        == "Error: --from '2026-02-30 10:00' is not a time: write it as 2026-02-13 10:00 (China time, a day that exists)\n"
    )
    #expect(
      try failure("due", "--from", "2026-02-13 25:00", "--working-days", "3").hasPrefix("Error: --from "))
    #expect(
      try failure("show", "2026-13")
        == "Error: month '2026-13' is not a month: write it as 2026-02 (yyyy-MM)\n")
    #expect(
      try failure("due", "--from", "2026-02-13 10:00", "--working-days", "0")
        == "Error: --working-days takes 1 to 3650 working days, not 0\n")
    #expect(
      try failure("due", "--from", "2026-02-13 10:00")
        == "Error: give one limit: --working-days N, --working-hours N or --wall-clock-hours N\n")
  }

  @Test func theUsersFileAddsALocalDayOffAndABrokenOneIsNamed() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let file = folder + "/weige/calendar.toml"
    try """
    [local."区庆"]
    en = "District day"
    off = ["2026-03-11"]
    """.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(try calendar("due", "--from", "2026-03-10 10:00", "--working-days", "1") == "2026-03-12 17:30\n")
    let march = try calendar("show", "2026-03").split(separator: "\n").map(String.init)
    #expect(march.contains(" 9   10   11假 12   13   14   15"))
    #expect(march.contains("区庆：3月11日本地休息"))
    #expect(march.last == "日历文件：\(file)")
    #expect(try calendar("show", "2026-03", "--lang", "en").contains("District day: off Mar 11\n"))

    try """
    [local."区庆"]
    off = ["2026-03-32"]
    """.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(
      try failure("show", "2026-03")
        == "Error: \(file): local.区庆.off[0]: '2026-03-32' is not a day: write \"yyyy-MM-dd\" or a range \"yyyy-MM-dd..yyyy-MM-dd\", a day that exists\n"
    )
    // --calendar names another file, which must exist.
    #expect(
      try failure("show", "2026-03", "--calendar", folder + "/none.toml")
        == "Error: \(folder)/none.toml: (file): no such file\n")
  }
}
