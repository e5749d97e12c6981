/// A limit on a clock: in working days, in working minutes (or hours), or wall-clock for
/// emergencies. Limits are positive (the CLI refuses others; `due` answers any value without
/// trapping, short of an overflow of thousands of years).
public enum WorkingTimeLimit: Hashable, Sendable {
  /// Ends at the close of the Nth working day after the day of receipt.
  case workingDays(Int)
  /// Ends when this many working minutes have passed since receipt.
  case workingMinutes(Int)
  /// Ends this many minutes of the wall clock after receipt, nights and holidays included.
  case wallClockMinutes(Int)

  public static func workingHours(_ hours: Int) -> Self { .workingMinutes(hours * 60) }
  public static func wallClockHours(_ hours: Int) -> Self { .wallClockMinutes(hours * 60) }
}

/// When a limit runs out.
public struct Due: Hashable, Sendable {
  public var moment: Timestamp
  /// Some day the answer depends on is in a year the calendar has no notice for, where Monday to
  /// Friday were taken as the working days: the screen must say so beside the deadline.
  public var usesWeekdayFallback: Bool

  public init(moment: Timestamp, usesWeekdayFallback: Bool) {
    self.moment = moment
    self.usesWeekdayFallback = usesWeekdayFallback
  }
}

/// Working time between two moments.
public struct WorkingSpan: Hashable, Sendable {
  /// Negative when the second moment is before the first.
  public var milliseconds: Int64
  /// As for `Due`: the days between the moments include a year with no notice.
  public var usesWeekdayFallback: Bool

  public var minutes: Int64 { milliseconds / 60_000 }
}

/// What kind of day a day is.
public enum DayKind: String, Hashable, Sendable, CaseIterable {
  /// Monday to Friday, no holiday.
  case workday
  /// Saturday or Sunday, no make-up work.
  case weekend
  /// A statutory day off (放假), as a year's notice gives it.
  case holiday
  /// A weekend day worked in exchange for a holiday (调休上班).
  case makeUpWorkday
  /// A day off the user's file adds for this place.
  case localDayOff

  public var isWorking: Bool { self == .workday || self == .makeUpWorkday }
}

/// One day as the calendar sees it.
public struct CalendarDay: Hashable, Sendable {
  public var date: CivilDate
  public var kind: DayKind
  /// The holiday a day off or make-up day belongs to.
  public var holiday: Holiday.Name?
  /// False when no notice covers the day's year: its kind is Monday–Friday's guess.
  public var isKnown: Bool

  public var isWorking: Bool { kind.isWorking }
}

extension Holiday {
  /// A holiday's names without its days, as a day carries it.
  public struct Name: Hashable, Sendable {
    public var name: String
    public var englishName: String

    public init(name: String, englishName: String) {
      self.name = name
      self.englishName = englishName
    }

    public func callAsFunction(_ language: Language) -> String { language(name, englishName) }
  }
}

/// Answers working-time questions in O(1) each, on China Standard Time (UTC+8, no daylight
/// saving): when a limit runs out (`due`), and how much working time lies between two moments
/// (`workingTime`). Every open ticket's clocks are asked again on every tick, so no question loops
/// over days or minutes.
///
/// **The counting rule.** The day a ticket is received does not count, whatever the hour: a limit
/// of N working days ends at the close of the Nth working day after it (17:30 by default).
/// A limit in working hours counts only the minutes inside the working hours of working days,
/// starting from the moment of receipt (after hours, from the next opening). Emergency limits are
/// wall-clock. Beyond the years the calendar has a notice for, Monday to Friday are working days,
/// and the answer says so (`usesWeekdayFallback`).
///
/// **How it is O(1).** A table holds, for each day from 1 January of the first year the policy
/// names to 31 December of the last, the number of working days before it (its working-day
/// ordinal) and the number of days before it in years without a notice; its inverse holds the day
/// of each working-day ordinal. Every working day has the same hours, so the working minutes
/// before a day are its ordinal times the minutes of a day, and two 1,441-entry tables turn a
/// minute of the day into working minutes and back. Outside the table, Monday–Friday counting is
/// closed-form arithmetic on weeks, glued to the table's ends.
public struct WorkingCalendar: Sendable {
  public let policy: WorkingTimePolicy
  public var hours: WorkingHours { policy.hours }

  /// The day number of the table's first day, and the number of days it holds.
  let firstDay: Int
  let dayCount: Int
  /// `workingBefore[i]`: working days among the table's days `0..<i` (`dayCount + 1` entries).
  let workingBefore: [Int32]
  /// `unknownBefore[i]`: days among `0..<i` in years without a notice.
  let unknownBefore: [Int32]
  /// `workingDayIndex[k]`: the table index of the working day with ordinal `k`.
  let workingDayIndex: [Int32]
  /// `workedBefore[m]`: working minutes of a working day before minute `m` (1,441 entries).
  let workedBefore: [Int32]
  /// `minuteOfWorkingMinute[k]`: the minute of the day in which a working day's `k`th working
  /// minute (from 0) lies.
  let minuteOfWorkingMinute: [Int32]
  let dayWorkingMilliseconds: Int64
  let closeMinute: Int
  /// Kinds and holidays of the table's days that are not Monday–Friday's plain rule.
  let marked: [Int: (kind: DayKind, holiday: Holiday.Name)]
  let knownYears: Set<Int>

  /// The calendar Weige ships (`china-holidays.toml`).
  public static let shipped = WorkingCalendar(.shipped)

  public init(_ policy: WorkingTimePolicy) {
    self.policy = policy
    knownYears = Set(policy.knownYears)
    var marked: [Int: (kind: DayKind, holiday: Holiday.Name)] = [:]
    func mark(_ days: [CivilDate], _ kind: DayKind, _ holiday: Holiday) {
      for day in days {
        marked[day.dayNumber] = (kind, Holiday.Name(name: holiday.name, englishName: holiday.englishName))
      }
    }
    // Later marks win: the rule's order backwards.
    for year in policy.years { for holiday in year.holidays { mark(holiday.daysOff, .holiday, holiday) } }
    for year in policy.years {
      for holiday in year.holidays { mark(holiday.workingDays, .makeUpWorkday, holiday) }
    }
    for holiday in policy.localDaysOff { mark(holiday.daysOff, .localDayOff, holiday) }
    self.marked = marked

    let years = policy.knownYears + marked.keys.map { CivilDate(dayNumber: $0).year }
    if let first = years.min(), let last = years.max() {
      firstDay = CivilDate(year: first, month: 1, day: 1)!.dayNumber
      dayCount = CivilDate(year: last, month: 12, day: 31)!.dayNumber + 1 - firstDay
    } else {
      firstDay = 0
      dayCount = 0
    }
    var workingBefore = [Int32](repeating: 0, count: dayCount + 1)
    var unknownBefore = [Int32](repeating: 0, count: dayCount + 1)
    var workingDayIndex: [Int32] = []
    workingDayIndex.reserveCapacity(dayCount)
    for index in 0..<dayCount {
      let date = CivilDate(dayNumber: firstDay + index)
      let kind = marked[date.dayNumber]?.kind ?? (date.isWeekend ? .weekend : .workday)
      if kind.isWorking { workingDayIndex.append(Int32(index)) }
      workingBefore[index + 1] = workingBefore[index] + (kind.isWorking ? 1 : 0)
      unknownBefore[index + 1] = unknownBefore[index] + (knownYears.contains(date.year) ? 0 : 1)
    }
    self.workingBefore = workingBefore
    self.unknownBefore = unknownBefore
    self.workingDayIndex = workingDayIndex

    var workedBefore = [Int32](repeating: 0, count: 1441)
    var minuteOfWorkingMinute: [Int32] = []
    for minute in 0..<1440 {
      let working = policy.hours.periods.contains { $0.start <= minute && minute < $0.end }
      if working { minuteOfWorkingMinute.append(Int32(minute)) }
      workedBefore[minute + 1] = workedBefore[minute] + (working ? 1 : 0)
    }
    self.workedBefore = workedBefore
    self.minuteOfWorkingMinute = minuteOfWorkingMinute
    dayWorkingMilliseconds = Int64(policy.hours.minutesPerDay) * 60_000
    closeMinute = policy.hours.close
  }

  // MARK: Questions

  /// When `limit`, started at `received`, runs out (see the counting rule above).
  public func due(from received: Timestamp, limit: WorkingTimeLimit) -> Due {
    switch limit {
    case .wallClockMinutes(let minutes):
      return Due(moment: received.adding(minutes: minutes), usesWeekdayFallback: false)
    case .workingDays(let count):
      let next = CivilDate(inChina: received).dayNumber + 1
      let last = workingDay(ordinal: ordinal(of: next) + count - 1)
      return Due(
        moment: Timestamp(milliseconds: Self.startMilliseconds(of: last) + Int64(closeMinute) * 60_000),
        usesWeekdayFallback: hasUnknownDays(from: next, through: last))
    case .workingMinutes(let minutes):
      let moment = moment(atWorkingMilliseconds: workingMilliseconds(at: received) + Int64(minutes) * 60_000)
      // The last working instant is just before the deadline: a period that ends at 24:00 ends
      // in its own day, whatever the next day is.
      let lastDay = CivilDate(inChina: Timestamp(milliseconds: max(received.rawValue, moment.rawValue - 1)))
      return Due(
        moment: moment,
        usesWeekdayFallback: hasUnknownDays(
          from: CivilDate(inChina: received).dayNumber, through: lastDay.dayNumber))
    }
  }

  /// The working time from `start` to `end` (negative when `end` is earlier): what is left on a
  /// clock, or how much of it is used.
  public func workingTime(from start: Timestamp, to end: Timestamp) -> WorkingSpan {
    let (a, b) = (CivilDate(inChina: start).dayNumber, CivilDate(inChina: end).dayNumber)
    return WorkingSpan(
      milliseconds: workingMilliseconds(at: end) - workingMilliseconds(at: start),
      usesWeekdayFallback: hasUnknownDays(from: min(a, b), through: max(a, b)))
  }

  /// Whether `moment` is inside working hours on a working day.
  public func isWorkingTime(_ moment: Timestamp) -> Bool {
    let local = moment.rawValue + ChinaTime.offsetMilliseconds
    let day = CivilDate.floorDivide(local, ChinaTime.dayMilliseconds)
    let minute = Int((local - Int64(day) * ChinaTime.dayMilliseconds) / 60_000)
    return isWorking(day: day) && workedBefore[minute + 1] > workedBefore[minute]
  }

  /// What kind of day `date` is, and the holiday behind it.
  public func day(_ date: CivilDate) -> CalendarDay {
    let known = knownYears.contains(date.year)
    if let mark = marked[date.dayNumber] {
      return CalendarDay(date: date, kind: mark.kind, holiday: mark.holiday, isKnown: known)
    }
    return CalendarDay(date: date, kind: date.isWeekend ? .weekend : .workday, holiday: nil, isKnown: known)
  }

  /// Every day of a month.
  public func month(_ month: Int, of year: Int) -> [CalendarDay] {
    guard let first = CivilDate(year: year, month: month, day: 1) else { return [] }
    return (0..<CivilDate.daysIn(month: month, of: year)).map { day(first.adding(days: $0)) }
  }

  /// Whether a year has a notice (else Monday–Friday is assumed in it).
  public func knows(year: Int) -> Bool { knownYears.contains(year) }

  /// The year's notice, if the calendar has one.
  public func notice(of year: Int) -> HolidayYear? { policy.years.first { $0.year == year } }

  // MARK: The tables

  /// The number of working days before day number `day`, counted from the table's first day
  /// (negative before it): Monday–Friday arithmetic outside the table.
  @inline(__always)
  func ordinal(of day: Int) -> Int {
    let index = day - firstDay
    if index < 0 { return Self.weekdaysBefore(day) - Self.weekdaysBefore(firstDay) }
    if index > dayCount {
      return Int(workingBefore[dayCount]) + Self.weekdaysBefore(day)
        - Self.weekdaysBefore(firstDay + dayCount)
    }
    return Int(workingBefore[index])
  }

  /// The day number of the working day whose ordinal is `ordinal`.
  @inline(__always)
  func workingDay(ordinal: Int) -> Int {
    let total = workingDayIndex.count
    if ordinal < 0 { return Self.weekday(number: ordinal + Self.weekdaysBefore(firstDay)) }
    if ordinal >= total {
      return Self.weekday(number: ordinal - total + Self.weekdaysBefore(firstDay + dayCount))
    }
    return firstDay + Int(workingDayIndex[ordinal])
  }

  @inline(__always)
  func isWorking(day: Int) -> Bool {
    let index = day - firstDay
    guard index >= 0, index < dayCount else { return CivilDate.floorModulo(day + 3, 7) < 5 }
    return workingBefore[index + 1] != workingBefore[index]
  }

  /// Days in years without a notice among `first...last` (day numbers), from the table and, outside
  /// it, every day.
  @inline(__always)
  func hasUnknownDays(from first: Int, through last: Int) -> Bool {
    unknownBefore(last + 1) > unknownBefore(first)
  }

  @inline(__always)
  func unknownBefore(_ day: Int) -> Int {
    let index = day - firstDay
    if index < 0 { return index }
    if index > dayCount { return Int(unknownBefore[dayCount]) + index - dayCount }
    return Int(unknownBefore[index])
  }

  /// Working milliseconds from the table's first day to `moment`.
  @inline(__always)
  func workingMilliseconds(at moment: Timestamp) -> Int64 {
    let local = moment.rawValue + ChinaTime.offsetMilliseconds
    let day = CivilDate.floorDivide(local, ChinaTime.dayMilliseconds)
    let base = Int64(ordinal(of: day)) * dayWorkingMilliseconds
    guard isWorking(day: day) else { return base }
    let into = local - Int64(day) * ChinaTime.dayMilliseconds
    let minute = Int(into / 60_000)
    let before = Int64(workedBefore[minute])
    let inMinute = workedBefore[minute + 1] > workedBefore[minute] ? into - Int64(minute) * 60_000 : 0
    return base + before * 60_000 + inMinute
  }

  /// The earliest moment at which `workingMilliseconds` reaches `target`: a deadline that ends at
  /// the close of a period is that close, not the next opening.
  @inline(__always)
  func moment(atWorkingMilliseconds target: Int64) -> Timestamp {
    let days = CivilDate.floorDivide(target - 1, dayWorkingMilliseconds)
    let rest = target - Int64(days) * dayWorkingMilliseconds  // 1...dayWorkingMilliseconds
    let day = workingDay(ordinal: days)
    let minute = (rest - 1) / 60_000
    let local =
      Int64(day) * ChinaTime.dayMilliseconds + Int64(minuteOfWorkingMinute[Int(minute)]) * 60_000
      + (rest - minute * 60_000)
    return Timestamp(milliseconds: local - ChinaTime.offsetMilliseconds)
  }

  static func startMilliseconds(of day: Int) -> Int64 {
    Int64(day) * ChinaTime.dayMilliseconds - ChinaTime.offsetMilliseconds
  }

  /// Monday–Friday days from Monday 1970-01-05 (day number 4) up to `day`, negative before it.
  @inline(__always)
  static func weekdaysBefore(_ day: Int) -> Int {
    let offset = day - 4
    let weeks = CivilDate.floorDivide(offset, 7)
    return weeks * 5 + min(offset - weeks * 7, 5)
  }

  /// The weekday (Monday–Friday) whose `weekdaysBefore` is `number`.
  @inline(__always)
  static func weekday(number: Int) -> Int {
    let weeks = CivilDate.floorDivide(number, 5)
    return 4 + weeks * 7 + (number - weeks * 5)
  }
}

extension WorkingCalendar {
  /// Whether `date` is a working day (O(1)).
  public func isWorkingDay(_ date: CivilDate) -> Bool { isWorking(day: date.dayNumber) }

  /// The same answer as `due`, found by counting day by day from the day of receipt: the
  /// reference that `weige bench calendar` measures `due` against, and that the tests compare with.
  /// Positive limits only.
  public func dueCountingDays(from received: Timestamp, limit: WorkingTimeLimit) -> Due {
    switch limit {
    case .wallClockMinutes:
      return due(from: received, limit: limit)
    case .workingDays(let count):
      var day = CivilDate(inChina: received)
      var counted = 0
      var fallback = false
      repeat {
        day = day.adding(days: 1)
        fallback = fallback || !knownYears.contains(day.year)
        if isWorkingDay(day) { counted += 1 }
      } while counted < count
      return Due(moment: day.inChina(minute: closeMinute), usesWeekdayFallback: fallback)
    case .workingMinutes(let minutes):
      var day = CivilDate(inChina: received)
      var from = received.rawValue - day.startInChina.rawValue
      var left = Int64(minutes) * 60_000
      var fallback = false
      while true {
        fallback = fallback || !knownYears.contains(day.year)
        if isWorkingDay(day) {
          for period in hours.periods {
            let start = max(Int64(period.start) * 60_000, from)
            let span = Int64(period.end) * 60_000 - start
            guard span > 0 else { continue }
            if left <= span {
              return Due(
                moment: Timestamp(milliseconds: day.startInChina.rawValue + start + left),
                usesWeekdayFallback: fallback)
            }
            left -= span
          }
        }
        day = day.adding(days: 1)
        from = 0
      }
    }
  }
}
