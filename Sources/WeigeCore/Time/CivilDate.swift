/// A day on the Gregorian calendar as people in China name it: China Standard Time (UTC+8, no
/// daylight saving), so a day is the 24 hours from 00:00 to 24:00 there.
///
/// Held as its day number (days since 1970-01-01), which makes a day's successor, a span of days
/// and the table index of a day plain arithmetic; year, month and day come from it without
/// Foundation's `Calendar` (Howard Hinnant's civil-date algorithms).
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01 (negative before).
  public let dayNumber: Int

  public init(dayNumber: Int) { self.dayNumber = dayNumber }

  /// Nil when there is no such day (2026-02-30, month 13).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, of: year) else { return nil }
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    dayNumber = era * 146_097 + dayOfEra - 719_468
  }

  /// Reads `yyyy-MM-dd` strictly (four-digit year, two-digit month and day, a day that exists).
  public init?(_ text: some StringProtocol) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
    else { return nil }
    self.init(year: year, month: month, day: day)
  }

  /// The day `moment` falls on in China.
  public init(inChina moment: Timestamp) {
    dayNumber = Self.floorDivide(moment.rawValue + ChinaTime.offsetMilliseconds, ChinaTime.dayMilliseconds)
  }

  /// Year, month and day.
  public var components: (year: Int, month: Int, day: Int) {
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  public var year: Int { components.year }
  public var month: Int { components.month }
  public var day: Int { components.day }

  /// ISO weekday: 1 Monday … 7 Sunday (1970-01-01 was a Thursday).
  public var weekday: Int { Self.floorModulo(dayNumber + 3, 7) + 1 }

  /// Saturday or Sunday.
  public var isWeekend: Bool { weekday >= 6 }

  /// 00:00 of this day in China.
  public var startInChina: Timestamp {
    Timestamp(milliseconds: Int64(dayNumber) * ChinaTime.dayMilliseconds - ChinaTime.offsetMilliseconds)
  }

  /// `minute` minutes after 00:00 of this day in China (0…1440).
  public func inChina(minute: Int) -> Timestamp { startInChina.adding(minutes: minute) }

  public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

  /// `yyyy-MM-dd`.
  public var description: String {
    let (year, month, day) = components
    return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.dayNumber < rhs.dayNumber }

  public static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

  public static func daysIn(month: Int, of year: Int) -> Int {
    switch month {
    case 2: isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  @inline(__always)
  static func floorDivide(_ a: Int64, _ b: Int64) -> Int {
    let quotient = a / b
    return Int(a % b < 0 ? quotient - 1 : quotient)
  }

  @inline(__always)
  static func floorDivide(_ a: Int, _ b: Int) -> Int {
    let quotient = a / b
    return a % b < 0 ? quotient - 1 : quotient
  }

  @inline(__always)
  static func floorModulo(_ a: Int, _ b: Int) -> Int {
    let remainder = a % b
    return remainder < 0 ? remainder + b : remainder
  }
}

/// China Standard Time: UTC+8 all year, no daylight saving, so a local time is an offset away.
public enum ChinaTime {
  static let offsetMilliseconds: Int64 = 8 * 3_600_000
  static let dayMilliseconds: Int64 = 86_400_000

  /// Reads `yyyy-MM-dd HH:mm`, `yyyy-MM-dd HH:mm:ss` or `yyyy-MM-dd` (00:00) as China time,
  /// strictly: a day that exists, hours 00–23 (24:00 only as the end of a day), minutes and seconds
  /// 00–59. Nil otherwise.
  public static func parse(_ text: String) -> Timestamp? {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    guard (1...2).contains(parts.count), let date = CivilDate(parts[0]) else { return nil }
    guard parts.count == 2 else { return date.startInChina }
    let fields = parts[1].split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(fields.count),
      fields.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } })
    else { return nil }
    let numbers = fields.compactMap { Int($0) }
    let (hour, minute, second) = (numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0)
    guard minute < 60, second < 60, hour < 24 || (hour == 24 && minute == 0 && second == 0) else {
      return nil
    }
    return Timestamp(
      milliseconds: date.startInChina.rawValue + Int64((hour * 60 + minute) * 60 + second) * 1000)
  }

  /// `yyyy-MM-dd HH:mm`, as deadlines are written (`:ss` added when the seconds are not 0).
  public static func text(_ moment: Timestamp) -> String {
    let date = CivilDate(inChina: moment)
    let into = moment.rawValue - date.startInChina.rawValue
    let second = Int(into / 1000 % 60)
    return "\(date) \(clock(Int(into / 60_000)))"
      + (second == 0 ? "" : second < 10 ? ":0\(second)" : ":\(second)")
  }

  /// `HH:mm` for a minute of the day (1440 is `24:00`).
  public static func clock(_ minuteOfDay: Int) -> String {
    let (hour, minute) = (minuteOfDay / 60, minuteOfDay % 60)
    return "\(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute)"
  }
}
