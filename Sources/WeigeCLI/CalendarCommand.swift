import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeConfig
import WeigeCore

/// `weige calendar`: working time on China's holiday calendar (issue 13, the duty desk's first room).
struct CalendarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calendar",
    abstract: "Working time on China's holiday calendar: when a limit runs out, and a month's days.",
    subcommands: [CalendarDue.self, CalendarShow.self])
}

extension WorkingCalendar {
  /// The calendar in force: the user's file over the shipped one, as the dashboard counts on, so
  /// `stats`, the exports and the screen call the same tickets overdue.
  static func user() throws -> WorkingCalendar {
    do {
      return WorkingCalendar(try CalendarFile.policy().policy)
    } catch {
      throw CLIError(error.description)
    }
  }
}

/// What both subcommands take.
struct CalendarOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A calendar file to read over the shipped one (default: $XDG_CONFIG_HOME/weige/calendar.toml if it exists).",
      valueName: "file"))
  var calendar: String?

  @Option(help: "zh or en.")
  var lang: Language = .zh

  @Flag(help: "Print one JSON object.")
  var json = false

  /// The shipped calendar overlaid with the user's file, and that file's path.
  func load() throws -> (calendar: WorkingCalendar, file: String?) {
    do {
      let (policy, file) = try CalendarFile.policy(path: calendar)
      return (WorkingCalendar(policy), file)
    } catch {
      throw CLIError(error.description)
    }
  }
}

/// `weige calendar due`: the deadline of a limit started at a moment.
struct CalendarDue: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "due",
    abstract:
      "When a limit runs out: N working days (the day of receipt does not count), working hours, or wall-clock hours.",
    discussion: """
      A limit of N working days ends at the close of the Nth working day after the day of receipt \
      (17:30 by default). Working hours count only the working hours of working days. Wall-clock \
      hours (emergencies) count every hour. Beyond the years the calendar knows, Monday to Friday \
      are counted as working days, and the answer says so.
      """)

  @Option(help: "When it was received, China time: \"2026-02-13 10:00\" (default: now).")
  var from: String?

  @Option(name: .customLong("working-days"), help: "A limit in working days.")
  var workingDays: Int?

  @Option(name: .customLong("working-hours"), help: "A limit in working hours.")
  var workingHours: Int?

  @Option(name: .customLong("wall-clock-hours"), help: "A wall-clock limit in hours (emergencies).")
  var wallClockHours: Int?

  @OptionGroup var options: CalendarOptions

  func run() throws {
    let received: Timestamp
    if let from {
      guard let moment = ChinaTime.parse(from) else {
        throw CLIError(
          "--from '\(from)' is not a time: write it as 2026-02-13 10:00 (China time, a day that exists)")
      }
      received = moment
    } else {
      received = .now
    }
    let limit = try self.limit()
    let (calendar, file) = try options.load()
    let due = calendar.due(from: received, limit: limit)
    let unknown = unknownYears(calendar, from: received, to: due.moment)
    if options.json {
      try printJSON(
        DueReport(
          from: ChinaTime.text(received), limit: LimitReport(limit), due: ChinaTime.text(due.moment),
          dueMilliseconds: due.moment.rawValue, usesWeekdayFallback: due.usesWeekdayFallback,
          unknownYears: due.usesWeekdayFallback ? unknown : [], knownYears: calendar.policy.knownYears,
          hours: calendar.hours.periods.map(\.text), calendarFile: file))
      return
    }
    print(ChinaTime.text(due.moment))
    if due.usesWeekdayFallback {
      print(fallbackNote(unknown, known: calendar.policy.knownYears, language: options.lang))
    }
  }

  /// The one limit given, within sense.
  func limit() throws -> WorkingTimeLimit {
    let given = [workingDays, workingHours, wallClockHours].compactMap { $0 }
    guard given.count == 1 else {
      throw CLIError(
        "give one limit: --working-days N, --working-hours N or --wall-clock-hours N"
          + (given.isEmpty ? "" : " (not \(given.count))"))
    }
    if let workingDays {
      guard (1...3650).contains(workingDays) else {
        throw CLIError("--working-days takes 1 to 3650 working days, not \(workingDays)")
      }
      return .workingDays(workingDays)
    }
    if let workingHours {
      guard (1...30_000).contains(workingHours) else {
        throw CLIError("--working-hours takes 1 to 30000 working hours, not \(workingHours)")
      }
      return .workingHours(workingHours)
    }
    let hours = wallClockHours!
    guard (1...87_600).contains(hours) else {
      throw CLIError("--wall-clock-hours takes 1 to 87600 hours, not \(hours)")
    }
    return .wallClockHours(hours)
  }

  /// The years without a notice between the two moments.
  func unknownYears(_ calendar: WorkingCalendar, from: Timestamp, to: Timestamp) -> [Int] {
    let (first, last) = (CivilDate(inChina: from).year, CivilDate(inChina: to).year)
    return (min(first, last)...max(first, last)).filter { !calendar.knows(year: $0) }
  }
}

/// What `calendar due --json` prints.
private struct DueReport: Encodable {
  var from: String
  var limit: LimitReport
  var due: String
  var dueMilliseconds: Int64
  var usesWeekdayFallback: Bool
  var unknownYears: [Int]
  var knownYears: [Int]
  var hours: [String]
  var calendarFile: String?

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(from, forKey: .from)
    try container.encode(limit, forKey: .limit)
    try container.encode(due, forKey: .due)
    try container.encode(dueMilliseconds, forKey: .dueMilliseconds)
    try container.encode(usesWeekdayFallback, forKey: .usesWeekdayFallback)
    try container.encode(unknownYears, forKey: .unknownYears)
    try container.encode(knownYears, forKey: .knownYears)
    try container.encode(hours, forKey: .hours)
    try container.encode(calendarFile, forKey: .calendarFile)  // null rather than absent
  }

  enum CodingKeys: String, CodingKey {
    case from, limit, due, dueMilliseconds, usesWeekdayFallback, unknownYears, knownYears, hours, calendarFile
  }
}

private struct LimitReport: Encodable {
  var kind: String
  var value: Int
  var unit: String

  init(_ limit: WorkingTimeLimit) {
    switch limit {
    case .workingDays(let days): (kind, value, unit) = ("workingDays", days, "days")
    case .workingMinutes(let minutes): (kind, value, unit) = ("workingMinutes", minutes, "minutes")
    case .wallClockMinutes(let minutes): (kind, value, unit) = ("wallClockMinutes", minutes, "minutes")
    }
  }
}

/// The line that says a deadline or a month counts Monday to Friday.
func fallbackNote(_ unknown: [Int], known: [Int], language: Language) -> String {
  let years = unknown.map(String.init).joined(separator: language("、", ", "))
  let knownText = yearRanges(known)
  return language(
    "注意：\(years)年没有已知的国务院放假通知，按周一至周五计工作日（已知：\(knownText.isEmpty ? "无" : knownText)）",
    "note: no State Council holiday notice is known for \(years); Monday to Friday are counted as working days (known: \(knownText.isEmpty ? "none" : knownText))"
  )
}

/// `2025–2026, 2028`.
func yearRanges(_ years: [Int]) -> String {
  var parts: [String] = []
  var index = 0
  let sorted = years.sorted()
  while index < sorted.count {
    var end = index
    while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
    parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])–\(sorted[end])")
    index = end + 1
  }
  return parts.joined(separator: ", ")
}

/// `weige calendar show 2026-02`: the month's days, days off and make-up working days marked.
struct CalendarShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print a month with its days off (休) and make-up working days (班) marked.")

  @Argument(help: "The month, as yyyy-MM (2026-02).")
  var month: String

  @OptionGroup var options: CalendarOptions

  func run() throws {
    guard let civil = CivilMonth(month) else {
      throw CLIError("month '\(month)' is not a month: write it as 2026-02 (yyyy-MM)")
    }
    let (year, number) = (civil.year, civil.month)
    let (calendar, file) = try options.load()
    let days = calendar.month(number, of: year)
    if options.json {
      try printJSON(MonthReport(calendar: calendar, year: year, month: number, days: days, file: file))
    } else {
      print(
        MonthGrid(calendar: calendar, year: year, month: number, days: days, file: file).text(options.lang))
    }
  }
}

/// What `calendar show --json` prints.
private struct MonthReport: Encodable {
  struct Day: Encodable {
    var date: String
    var weekday: Int
    var kind: String
    var working: Bool
    var holiday: String?
    var holidayEnglish: String?

    /// A day without a holiday says so with nulls, so that every day has the same keys.
    func encode(to encoder: Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(date, forKey: .date)
      try container.encode(weekday, forKey: .weekday)
      try container.encode(kind, forKey: .kind)
      try container.encode(working, forKey: .working)
      try container.encode(holiday, forKey: .holiday)
      try container.encode(holidayEnglish, forKey: .holidayEnglish)
    }

    enum CodingKeys: String, CodingKey { case date, weekday, kind, working, holiday, holidayEnglish }
  }

  var month: String
  var known: Bool
  var source: String?
  var workingDays: Int
  var hours: [String]
  var knownYears: [Int]
  var calendarFile: String?
  var days: [Day]

  init(calendar: WorkingCalendar, year: Int, month: Int, days: [CalendarDay], file: String?) {
    self.month = String(days[0].date.description.prefix(7))
    known = calendar.knows(year: year)
    source = calendar.notice(of: year)?.source
    workingDays = days.filter(\.isWorking).count
    hours = calendar.hours.periods.map(\.text)
    knownYears = calendar.policy.knownYears
    calendarFile = file
    self.days = days.map {
      Day(
        date: $0.date.description, weekday: $0.date.weekday, kind: $0.kind.rawValue, working: $0.isWorking,
        holiday: $0.holiday?.name, holidayEnglish: $0.holiday?.englishName)
    }
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(month, forKey: .month)
    try container.encode(known, forKey: .known)
    try container.encode(source, forKey: .source)
    try container.encode(workingDays, forKey: .workingDays)
    try container.encode(hours, forKey: .hours)
    try container.encode(knownYears, forKey: .knownYears)
    try container.encode(calendarFile, forKey: .calendarFile)
    try container.encode(days, forKey: .days)
  }

  enum CodingKeys: String, CodingKey {
    case month, known, source, workingDays, hours, knownYears, calendarFile, days
  }
}

/// A month as text: a week a row, Monday first; a day off 休 (H), a make-up working day 班 (W), a
/// local day off 假 (L); then the holidays of the month, the working days and hours, the source.
struct MonthGrid {
  let calendar: WorkingCalendar
  let year: Int
  let month: Int
  let days: [CalendarDay]
  let file: String?

  static let marks: [DayKind: (zh: String, en: String)] = [
    .holiday: ("休", "H"), .makeUpWorkday: ("班", "W"), .localDayOff: ("假", "L"),
  ]

  func text(_ language: Language) -> String {
    let englishMonths = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December",
    ]
    var lines = [language("\(year)年\(month)月", "\(englishMonths[month - 1]) \(year)")]
    let heads =
      language == .zh ? ["一", "二", "三", "四", "五", "六", "日"] : ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
    lines.append(heads.map { $0.padded(to: 4) }.joined(separator: " ").trimmingTrailingSpaces)
    var row = Array(repeating: "    ", count: days[0].date.weekday - 1)
    for day in days {
      let number = day.date.day < 10 ? " \(day.date.day)" : "\(day.date.day)"
      let mark = Self.marks[day.kind].map { language == .zh ? $0.zh : $0.en + " " } ?? "  "
      row.append(number + mark)
      if row.count == 7 {
        lines.append(row.joined(separator: " ").trimmingTrailingSpaces)
        row = []
      }
    }
    if !row.isEmpty { lines.append(row.joined(separator: " ").trimmingTrailingSpaces) }
    lines.append("")
    lines.append(
      language(
        "休 放假   班 调休上班   假 本地休息日",
        "H day off (holiday)   W make-up working day (调休)   L local day off"))
    lines += holidayLines(language)
    let working = days.filter(\.isWorking).count
    lines.append(
      language(
        "工作日 \(working) 天；工作时间 \(calendar.hours)",
        "\(working) working days; working hours \(calendar.hours)"))
    if let notice = calendar.notice(of: year) {
      lines.append(language("依据：", "source: ") + notice.source)
    } else {
      lines.append(fallbackNote([year], known: calendar.policy.knownYears, language: language))
    }
    if let file { lines.append(language("日历文件：", "calendar file: ") + file) }
    return lines.joined(separator: "\n")
  }

  /// One line per holiday or local day off with a day in this month: all its days off and
  /// make-up days, wherever they fall.
  func holidayLines(_ language: Language) -> [String] {
    var seen: [Holiday.Name] = []
    for day in days { if let name = day.holiday, !seen.contains(name) { seen.append(name) } }
    let all = calendar.policy.years.flatMap(\.holidays) + calendar.policy.localDaysOff
    return seen.compactMap { name in
      let holidays = all.filter { $0.name == name.name && $0.englishName == name.englishName }
      let relevant = holidays.filter { holiday in
        (holiday.daysOff + holiday.workingDays).contains { $0.year == year }
      }
      guard let holiday = relevant.first ?? holidays.first else { return nil }
      let local = calendar.policy.localDaysOff.contains(holiday)
      var parts = [
        language(
          "\(Self.ranges(holiday.daysOff, language))\(local ? "本地休息" : "放假")",
          "off \(Self.ranges(holiday.daysOff, language))")
      ]
      if !holiday.workingDays.isEmpty {
        let days = holiday.workingDays.map { Self.dayWithWeekday($0, language) }
        parts.append(language(days.joined(separator: "、") + "上班", "working " + days.joined(separator: ", ")))
      }
      return holiday.name(language) + language("：", ": ") + parts.joined(separator: language("；", "; "))
    }
  }

  /// Consecutive days as ranges: `2月15日至23日`, `Feb 15–23`.
  static func ranges(_ days: [CivilDate], _ language: Language) -> String {
    var runs: [(CivilDate, CivilDate)] = []
    for day in days.sorted() {
      if let last = runs.last, last.1.adding(days: 1) == day {
        runs[runs.count - 1].1 = day
      } else {
        runs.append((day, day))
      }
    }
    return runs.map { first, last in
      if first == last { return dayText(first, language) }
      if language == .zh {
        return dayText(first, language) + "至"
          + (first.month == last.month ? "\(last.day)日" : dayText(last, language))
      }
      return dayText(first, language) + "–"
        + (first.month == last.month ? "\(last.day)" : dayText(last, language))
    }.joined(separator: language("、", ", "))
  }

  static let englishMonths = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  static func dayText(_ day: CivilDate, _ language: Language) -> String {
    language("\(day.month)月\(day.day)日", "\(englishMonths[day.month - 1]) \(day.day)")
  }

  static func dayWithWeekday(_ day: CivilDate, _ language: Language) -> String {
    let zh = ["一", "二", "三", "四", "五", "六", "日"]
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return language(
      "\(dayText(day, language))（周\(zh[day.weekday - 1])）", "\(en[day.weekday - 1]) \(dayText(day, language))"
    )
  }
}

extension String {
  fileprivate var trimmingTrailingSpaces: String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
