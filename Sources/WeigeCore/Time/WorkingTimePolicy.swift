/// One named holiday of a year (春节): its days off and the weekend days worked for it (调休上班);
/// or a local day off, which has no working days.
public struct Holiday: Hashable, Sendable {
  public var name: String
  /// The name with `--lang en`; the Chinese name when the file gives none.
  public var englishName: String
  public var daysOff: [CivilDate]
  public var workingDays: [CivilDate]

  public init(name: String, englishName: String? = nil, daysOff: [CivilDate], workingDays: [CivilDate] = []) {
    self.name = name
    self.englishName = englishName ?? name
    self.daysOff = daysOff
    self.workingDays = workingDays
  }

  public func name(_ language: Language) -> String { language(name, englishName) }
}

/// A year's holidays as the State Council's notice for it sets them, or as a user's file does.
public struct HolidayYear: Hashable, Sendable {
  public var year: Int
  /// The notice (or the file) the days come from, shown beside every month of the year.
  public var source: String
  public var holidays: [Holiday]

  public init(year: Int, source: String, holidays: [Holiday]) {
    self.year = year
    self.source = source
    self.holidays = holidays
  }
}

/// What working time is: the hours of a working day, the years whose holidays are known, and local
/// days off. Plain values, as `china-holidays.toml` and a user's `calendar.toml` give them; a
/// `WorkingCalendar` built from it answers the questions.
///
/// Which kind a day is, first rule that applies: a local day off; a make-up working day (调休上班)
/// of any year's notice; a day off of any year's notice; otherwise Monday–Friday work and the
/// weekend does not. A year with no notice is counted Monday–Friday, and every answer that
/// depends on such a day says so.
public struct WorkingTimePolicy: Hashable, Sendable {
  public var hours: WorkingHours
  /// One per year, in order.
  public private(set) var years: [HolidayYear]
  public var localDaysOff: [Holiday]

  public init(hours: WorkingHours, years: [HolidayYear], localDaysOff: [Holiday] = []) {
    self.hours = hours
    self.years = []
    self.localDaysOff = localDaysOff
    for year in years { set(year) }
  }

  /// What Weige ships: `china-holidays.toml`, as `ChinaHolidays.swift` holds it.
  public static let shipped = WorkingTimePolicy(
    hours: ChinaHolidays.hours, years: ChinaHolidays.years)

  /// Adds a year, or replaces the one of the same number (a user's file corrects a shipped year).
  public mutating func set(_ year: HolidayYear) {
    years.removeAll { $0.year == year.year }
    years.append(year)
    years.sort { $0.year < $1.year }
  }

  /// The years that have a notice.
  public var knownYears: [Int] { years.map(\.year) }

  /// A day that one holiday gives off and another (or the same) makes a working day, if any:
  /// the day and both holidays' names with their years, for the error that names the file.
  public func contradiction() -> (day: CivilDate, off: String, work: String)? {
    var off: [CivilDate: String] = [:]
    for year in years {
      for holiday in year.holidays {
        for day in holiday.daysOff { off[day] = "\(holiday.name) (\(year.year))" }
      }
    }
    for year in years {
      for holiday in year.holidays {
        for day in holiday.workingDays {
          if let other = off[day] { return (day, other, "\(holiday.name) (\(year.year))") }
        }
      }
    }
    return nil
  }
}
