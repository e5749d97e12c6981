import Foundation
import Testing
import WeigeCore

/// A China time as the CLI takes it.
private func at(_ text: String) -> Timestamp {
  guard let moment = ChinaTime.parse(text) else { fatalError("not a time: \(text)") }
  return moment
}

private func date(_ text: String) -> CivilDate {
  guard let day = CivilDate(text) else { fatalError("not a day: \(text)") }
  return day
}

private let shipped = WorkingCalendar.shipped

/// The deadline as the CLI prints it, and whether it leaned on the Monday–Friday fallback.
private func due(
  _ from: String, _ limit: WorkingTimeLimit, on calendar: WorkingCalendar = shipped
) -> (String, Bool) {
  let answer = calendar.due(from: at(from), limit: limit)
  // The day-by-day reference must agree on every example too.
  #expect(calendar.dueCountingDays(from: at(from), limit: limit) == answer, "\(from) \(limit)")
  return (ChinaTime.text(answer.moment), answer.usesWeekdayFallback)
}

@Suite("Working time on China's holiday calendar")
struct WorkingCalendarTests {
  @Test("the issue's example: three working days from Friday 13 February 2026 end on the 25th at 17:30")
  func issueExample() {
    // Sat 14 Feb is a make-up working day, 15–23 Feb are the Spring Festival.
    #expect(due("2026-02-13 10:00", .workingDays(3)) == ("2026-02-25 17:30", false))
  }

  @Test("the day of receipt never counts, whether it is a working day, a day off or after hours")
  func dayOfReceipt() {
    #expect(due("2026-03-10 08:00", .workingDays(1)) == ("2026-03-11 17:30", false))
    #expect(due("2026-03-10 23:59", .workingDays(1)) == ("2026-03-11 17:30", false))
    #expect(due("2026-02-13 20:00", .workingDays(3)) == ("2026-02-25 17:30", false))
    // Received during the Spring Festival: the first working day after it is Tue 24 Feb.
    #expect(due("2026-02-15 09:00", .workingDays(1)) == ("2026-02-24 17:30", false))
    #expect(due("2026-02-18 14:00", .workingDays(3)) == ("2026-02-26 17:30", false))
    // Received on a plain Saturday.
    #expect(due("2026-03-07 11:00", .workingDays(1)) == ("2026-03-09 17:30", false))
  }

  @Test("make-up Saturdays and Sundays (调休上班) are working days")
  func makeUpDays() {
    #expect(due("2026-02-13 10:00", .workingDays(1)) == ("2026-02-14 17:30", false))  // Sat
    #expect(due("2026-02-27 10:00", .workingDays(1)) == ("2026-02-28 17:30", false))  // Sat
    #expect(due("2026-05-08 10:00", .workingDays(1)) == ("2026-05-09 17:30", false))  // Sat
    #expect(due("2026-01-03 10:00", .workingDays(1)) == ("2026-01-04 17:30", false))  // Sun
    #expect(due("2026-09-19 10:00", .workingDays(1)) == ("2026-09-20 17:30", false))  // Sun
    #expect(due("2025-01-24 10:00", .workingDays(1)) == ("2025-01-26 17:30", false))  // Sun, 2025
    #expect(due("2025-04-25 10:00", .workingDays(2)) == ("2025-04-28 17:30", false))  // Sun 27 Apr, Mon
    // Working hours run on a make-up day as on any other.
    #expect(due("2026-02-13 17:00", .workingHours(2)) == ("2026-02-14 10:00", false))
  }

  @Test("across the 2026 National Day and the 2025 Spring Festival")
  func longHolidays() {
    // 1–7 Oct off; Sat 10 Oct worked; Sun 11 Oct off.
    #expect(due("2026-09-30 15:00", .workingDays(1)) == ("2026-10-08 17:30", false))
    #expect(due("2026-09-30 15:00", .workingDays(5)) == ("2026-10-13 17:30", false))
    #expect(due("2026-09-30 17:00", .workingHours(1)) == ("2026-10-08 09:00", false))
    // 28 Jan–4 Feb 2025 off; Sat 8 Feb worked.
    #expect(due("2025-01-27 10:00", .workingDays(1)) == ("2025-02-05 17:30", false))
    #expect(due("2025-01-27 10:00", .workingDays(4)) == ("2025-02-08 17:30", false))
    // 2025's National Day and Mid-Autumn Festival together: 1–8 Oct; Sat 11 Oct worked.
    #expect(due("2025-09-30 10:00", .workingDays(3)) == ("2025-10-11 17:30", false))
  }

  @Test("across the year end: 1–3 January 2026 off, Sunday the 4th worked")
  func yearBoundary() {
    #expect(due("2025-12-31 16:00", .workingDays(1)) == ("2026-01-04 17:30", false))
    #expect(due("2025-12-31 16:00", .workingDays(2)) == ("2026-01-05 17:30", false))
    // 16:00–17:30 on the 31st, then 08:30–10:00 on Sunday the 4th.
    #expect(due("2025-12-31 16:00", .workingHours(3)) == ("2026-01-04 10:00", false))
  }

  @Test(
    "working hours skip lunch and nights, and a limit ending at a close ends there, not at the next opening")
  func workingHours() {
    #expect(due("2026-03-10 11:00", .workingHours(2)) == ("2026-03-10 14:30", false))
    #expect(due("2026-03-10 10:00", .workingHours(2)) == ("2026-03-10 12:00", false))
    #expect(due("2026-03-10 12:30", .workingHours(1)) == ("2026-03-10 14:30", false))
    #expect(due("2026-03-10 06:00", .workingHours(1)) == ("2026-03-10 09:30", false))
    // Overnight, and over a weekend.
    #expect(due("2026-03-10 17:00", .workingHours(1)) == ("2026-03-11 09:00", false))
    #expect(due("2026-03-10 21:00", .workingHours(1)) == ("2026-03-11 09:30", false))
    #expect(due("2026-03-13 16:30", .workingHours(2)) == ("2026-03-16 09:30", false))
    #expect(due("2026-03-10 13:30", .workingHours(4)) == ("2026-03-10 17:30", false))
    // A whole working day is seven and a half hours.
    #expect(due("2026-03-10 08:30", .workingMinutes(450)) == ("2026-03-10 17:30", false))
    #expect(due("2026-03-10 08:30", .workingMinutes(451)) == ("2026-03-11 08:31", false))
    // Seconds carry through.
    #expect(due("2026-03-10 09:00:30", .workingMinutes(60)) == ("2026-03-10 10:00:30", false))
  }

  @Test("emergency limits are wall-clock: nights and holidays count")
  func wallClock() {
    #expect(due("2026-02-14 23:00", .wallClockHours(2)) == ("2026-02-15 01:00", false))
    #expect(due("2030-01-01 10:00", .wallClockMinutes(30)) == ("2030-01-01 10:30", false))
  }

  @Test("past the last known year Monday to Friday count, and the answer says so")
  func fallback() {
    // 31 Dec 2026 is known; 1 Jan 2027 has no notice, so it is counted as the Friday it is.
    #expect(due("2026-12-30 10:00", .workingDays(1)) == ("2026-12-31 17:30", false))
    #expect(due("2026-12-30 10:00", .workingDays(2)) == ("2027-01-01 17:30", true))
    #expect(due("2026-12-30 10:00", .workingDays(3)) == ("2027-01-04 17:30", true))
    #expect(due("2030-06-14 10:00", .workingDays(1)) == ("2030-06-17 17:30", true))
    #expect(due("2030-06-14 17:00", .workingHours(1)) == ("2030-06-17 09:00", true))
    // Before the first known year too.
    #expect(due("2024-05-01 10:00", .workingDays(1)) == ("2024-05-02 17:30", true))
    #expect(due("2024-12-31 10:00", .workingDays(1)) == ("2025-01-02 17:30", false))
    #expect(due("2024-12-31 10:00", .workingHours(1)) == ("2024-12-31 11:00", true))
    #expect(shipped.workingTime(from: at("2026-12-30 10:00"), to: at("2027-01-04 10:00")).usesWeekdayFallback)
    #expect(
      !shipped.workingTime(from: at("2026-02-13 10:00"), to: at("2026-12-31 10:00")).usesWeekdayFallback)
    let newYear = shipped.day(date("2027-01-01"))
    #expect(newYear.kind == .workday && newYear.holiday == nil && !newYear.isKnown)
    #expect(shipped.day(date("2026-01-01")).isKnown)
  }

  @Test("working time between two moments, and back")
  func workingTimeBetween() {
    // 13 Feb 10:00–17:30 less lunch (6 h), 14, 24 and 25 Feb whole (3 × 7.5 h).
    let span = shipped.workingTime(from: at("2026-02-13 10:00"), to: at("2026-02-25 17:30"))
    #expect(span.minutes == 360 + 3 * 450)
    #expect(!span.usesWeekdayFallback)
    #expect(shipped.workingTime(from: at("2026-02-25 17:30"), to: at("2026-02-13 10:00")).minutes == -1_710)
    #expect(shipped.workingTime(from: at("2026-02-15 00:00"), to: at("2026-02-23 23:59")).minutes == 0)
    #expect(shipped.workingTime(from: at("2026-03-10 12:10"), to: at("2026-03-10 13:20")).minutes == 0)
    #expect(shipped.isWorkingTime(at("2026-02-14 09:00")))
    #expect(!shipped.isWorkingTime(at("2026-02-16 09:00")))
    #expect(!shipped.isWorkingTime(at("2026-03-10 12:00")))
    #expect(shipped.isWorkingTime(at("2026-03-10 11:59")))
  }

  @Test("each day's kind and holiday")
  func days() {
    let festival = Holiday.Name(name: "春节", englishName: "Spring Festival")
    #expect(shipped.day(date("2026-02-14")).kind == .makeUpWorkday)
    #expect(shipped.day(date("2026-02-14")).holiday == festival)
    #expect(shipped.day(date("2026-02-16")).kind == .holiday)
    #expect(shipped.day(date("2026-03-01")).kind == .weekend)
    #expect(shipped.day(date("2026-03-02")).kind == .workday)
    #expect(shipped.day(date("2026-10-01")).holiday?.name == "国庆节")
    let february = shipped.month(2, of: 2026)
    #expect(february.count == 28)
    #expect(february.filter(\.isWorking).count == 16)
    #expect(february.filter { $0.kind == .holiday }.map(\.date.day) == Array(15...23))
    #expect(february.filter { $0.kind == .makeUpWorkday }.map(\.date.day) == [14, 28])
  }

  @Test("the shipped notices: every day the State Council's notices of 2024-11-12 and 2025-11-04 list")
  func shippedNotices() {
    let policy = WorkingTimePolicy.shipped
    #expect(policy.knownYears == [2025, 2026])
    #expect(policy.hours.description == "08:30–12:00, 13:30–17:30")
    #expect(policy.hours.minutesPerDay == 450)
    func off(_ year: Int) -> [String] {
      policy.years.first { $0.year == year }!.holidays.flatMap(\.daysOff).map(\.description)
    }
    func work(_ year: Int) -> [String] {
      policy.years.first { $0.year == year }!.holidays.flatMap(\.workingDays).map(\.description).sorted()
    }
    func span(_ first: String, _ last: String) -> [String] {
      (date(first).dayNumber...date(last).dayNumber).map { CivilDate(dayNumber: $0).description }
    }
    #expect(
      off(2026)
        == span("2026-01-01", "2026-01-03") + span("2026-02-15", "2026-02-23")
        + span("2026-04-04", "2026-04-06")
        + span("2026-05-01", "2026-05-05") + span("2026-06-19", "2026-06-21")
        + span("2026-09-25", "2026-09-27")
        + span("2026-10-01", "2026-10-07"))
    #expect(
      work(2026) == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"])
    #expect(
      off(2025)
        == ["2025-01-01"] + span("2025-01-28", "2025-02-04") + span("2025-04-04", "2025-04-06")
        + span("2025-05-01", "2025-05-05") + span("2025-05-31", "2025-06-02")
        + span("2025-10-01", "2025-10-08"))
    #expect(work(2025) == ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"])
    let workDays = (work(2025) + work(2026)).map(date)
    #expect(workDays.allSatisfy { $0.isWeekend })
    #expect(policy.contradiction() == nil)
  }

  @Test("a local day off, other working hours, and a year of the user's")
  func customPolicy() throws {
    var policy = WorkingTimePolicy.shipped
    policy.localDaysOff = [Holiday(name: "区庆", englishName: "District day", daysOff: [date("2026-03-11")])]
    policy.hours = try #require(WorkingHours([.init(start: 540, end: 720), .init(start: 780, end: 1020)]))
    policy.set(
      HolidayYear(
        year: 2027, source: "test",
        holidays: [
          Holiday(
            name: "元旦", daysOff: [date("2027-01-01"), date("2027-01-02"), date("2027-01-03")],
            workingDays: [date("2027-01-09")])
        ]))
    let calendar = WorkingCalendar(policy)
    #expect(calendar.day(date("2026-03-11")).kind == .localDayOff)
    #expect(due("2026-03-10 10:00", .workingDays(1), on: calendar) == ("2026-03-12 17:00", false))
    #expect(due("2026-03-10 16:30", .workingHours(1), on: calendar) == ("2026-03-12 09:30", false))
    #expect(due("2026-12-31 10:00", .workingDays(1), on: calendar) == ("2027-01-04 17:00", false))
    #expect(due("2027-01-08 10:00", .workingDays(1), on: calendar) == ("2027-01-09 17:00", false))
    #expect(due("2027-12-31 10:00", .workingDays(1), on: calendar) == ("2028-01-03 17:00", true))
    // A local day off in a year with no notice still counts; the answer still says Monday–Friday.
    policy.localDaysOff.append(Holiday(name: "区运会", daysOff: [date("2029-05-07")]))
    #expect(
      due("2029-05-04 10:00", .workingDays(1), on: WorkingCalendar(policy)) == ("2029-05-08 17:00", true))
  }

  @Test("dates: day numbers, weekdays and strict parsing agree with Foundation's calendar")
  func civilDates() throws {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    // From 1600 (Foundation counts Julian days before 1582) to beyond 4000.
    for number in stride(from: -135_000, through: 800_000, by: 997) {
      let day = CivilDate(dayNumber: number)
      let (year, month, dayOfMonth) = day.components
      #expect(CivilDate(year: year, month: month, day: dayOfMonth) == day)
      let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: day.startInChina.date)
      #expect(parts.year == year && parts.month == month && parts.day == dayOfMonth, "\(number)")
      #expect((parts.weekday! + 5) % 7 + 1 == day.weekday, "\(number)")
      #expect(CivilDate(inChina: day.startInChina.adding(minutes: 1439)) == day)
    }
    #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
    #expect(CivilDate("2024-02-29") != nil)
    for bad in ["2026-02-29", "2026-2-13", "2026-13-01", "2026-00-10", "20260213", "2026-02-1x", ""] {
      #expect(CivilDate(bad) == nil, "\(bad)")
    }
    #expect(ChinaTime.parse("2026-02-13 10:00")?.rawValue == 1_770_948_000_000)
    #expect(ChinaTime.parse("2026-02-13") == ChinaTime.parse("2026-02-13 00:00"))
    for bad in ["2026-02-13 25:00", "2026-02-13 10:60", "2026-02-30 10:00", "2026-02-13 1:00", "tomorrow"] {
      #expect(ChinaTime.parse(bad) == nil, "\(bad)")
    }
    #expect(ChinaTime.text(try #require(ChinaTime.parse("2026-02-13 10:00:05"))) == "2026-02-13 10:00:05")
  }
}
