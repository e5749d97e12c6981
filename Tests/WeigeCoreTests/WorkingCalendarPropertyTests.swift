import Foundation
import Testing
import WeigeCore

/// A slow reference that shares nothing with `WorkingCalendar` but the policy's days: Foundation's
/// calendar names each day and its weekday, and limits are found by walking minute by minute.
private struct MinuteWalker {
  let off: Set<String>
  let work: Set<String>
  let local: Set<String>
  let known: Set<Int>
  /// Whether each minute of a day (0…1439) lies in a working period.
  let workingMinute: [Bool]
  let close: Int
  let calendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    return calendar
  }()
  /// Days already named: Foundation's calendar is slow, and the walks cross the same days again.
  final class Cache { var days: [Int64: (working: Bool, known: Bool)] = [:] }
  let cache = Cache()

  init(_ policy: WorkingTimePolicy) {
    let holidays = policy.years.flatMap(\.holidays)
    off = Set(holidays.flatMap(\.daysOff).map(\.description))
    work = Set(holidays.flatMap(\.workingDays).map(\.description))
    local = Set(policy.localDaysOff.flatMap(\.daysOff).map(\.description))
    known = Set(policy.knownYears)
    let periods = policy.hours.periods
    workingMinute = (0..<1440).map { minute in periods.contains { $0.start <= minute && minute < $0.end } }
    close = policy.hours.periods.last!.end
  }

  /// Whether the China day with this number (days since 1970-01-01) is worked, and whether its
  /// year has a notice.
  func day(_ number: Int64) -> (working: Bool, known: Bool) {
    if let found = cache.days[number] { return found }
    let parts = calendar.dateComponents(
      [.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(number * 86_400 - 8 * 3_600)))
    let text = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    let working =
      local.contains(text)
      ? false : work.contains(text) ? true : off.contains(text) ? false : parts.weekday! % 7 > 1
    cache.days[number] = (working, known.contains(parts.year!))
    return (working, known.contains(parts.year!))
  }

  static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }

  /// Minutes since the epoch, China time, of a moment on a whole minute.
  static func localMinute(_ moment: Timestamp) -> Int64 { moment.rawValue / 60_000 + 480 }
  static func moment(localMinute: Int64) -> Timestamp {
    Timestamp(milliseconds: (localMinute - 480) * 60_000)
  }

  func isWorkingMinute(_ minuteOfDay: Int64) -> Bool { workingMinute[Int(minuteOfDay)] }

  func due(from received: Timestamp, limit: WorkingTimeLimit) -> Due {
    switch limit {
    case .wallClockMinutes(let minutes):
      return Due(moment: received.adding(minutes: minutes), usesWeekdayFallback: false)
    case .workingDays(let count):
      var number = Self.floorDivide(Self.localMinute(received), 1440)
      var counted = 0
      var fallback = false
      while counted < count {
        number += 1
        let info = day(number)
        fallback = fallback || !info.known
        if info.working { counted += 1 }
      }
      return Due(
        moment: Self.moment(localMinute: number * 1440 + Int64(close)), usesWeekdayFallback: fallback)
    case .workingMinutes(let minutes):
      var local = Self.localMinute(received)
      var number = Self.floorDivide(local, 1440)
      var info = day(number)
      var fallback = !info.known
      var counted = 0
      while true {
        let today = Self.floorDivide(local, 1440)
        if today != number {
          number = today
          info = day(number)
          fallback = fallback || !info.known
        }
        if info.working && isWorkingMinute(local - today * 1440) {
          counted += 1
          if counted == minutes {
            return Due(moment: Self.moment(localMinute: local + 1), usesWeekdayFallback: fallback)
          }
        }
        local += 1
      }
    }
  }

  /// Working minutes from `start` to `end` (both on whole minutes), negative when `end` is earlier.
  func workingMinutes(from start: Timestamp, to end: Timestamp) -> Int64 {
    let (a, b) = (Self.localMinute(min(start, end)), Self.localMinute(max(start, end)))
    var count: Int64 = 0
    var number = Int64.min
    var working = false
    for local in a..<b {
      let today = Self.floorDivide(local, 1440)
      if today != number {
        number = today
        working = day(number).working
      }
      if working && isWorkingMinute(local - today * 1440) { count += 1 }
    }
    return start <= end ? count : -count
  }
}

/// SplitMix64, so that a failing case is the same on every run.
private struct SplitMix {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

@Suite("Working time: the O(1) answer against a minute-walking reference")
struct WorkingCalendarPropertyTests {
  /// Receipts from mid-2024 (before the first known year) to mid-2027 (after the last).
  static let first = CivilDate(year: 2024, month: 6, day: 1)!.dayNumber
  static let last = CivilDate(year: 2027, month: 8, day: 1)!.dayNumber

  /// Odd hours that start at midnight and end at midnight, local days off over a make-up
  /// Saturday and in a year without a notice, and a year of the user's.
  static var oddPolicy: WorkingTimePolicy {
    var policy = WorkingTimePolicy.shipped
    policy.hours = WorkingHours([
      .init(start: 0, end: 120), .init(start: 480, end: 720), .init(start: 1320, end: 1440),
    ])!
    policy.localDaysOff = [
      Holiday(name: "区庆", daysOff: [CivilDate("2026-02-14")!, CivilDate("2026-03-11")!]),
      Holiday(name: "区运会", daysOff: [CivilDate("2027-03-03")!]),
    ]
    policy.set(
      HolidayYear(
        year: 2024, source: "test",
        holidays: [Holiday(name: "国庆节", daysOff: (0..<7).map { CivilDate("2024-10-01")!.adding(days: $0) })]))
    return policy
  }

  @Test(
    "deadlines agree with walking minute by minute, on 1,000 random questions per policy", arguments: [0, 1])
  func deadlines(_ which: Int) {
    let policy = which == 0 ? WorkingTimePolicy.shipped : Self.oddPolicy
    let calendar = WorkingCalendar(policy)
    let walker = MinuteWalker(policy)
    var random = SplitMix(state: UInt64(which) + 41)
    let edges = [0, 1, 479, 480, 509, 510, 719, 720, 810, 1049, 1050, 1319, 1320, 1439]
    var fallbacks = 0
    for _ in 0..<1_000 {
      let day = Self.first + random.below(Self.last - Self.first)
      let minute = random.below(4) == 0 ? edges[random.below(edges.count)] : random.below(1440)
      let received = CivilDate(dayNumber: day).inChina(minute: minute)
      let limit: WorkingTimeLimit =
        switch random.below(5) {
        case 0, 1: .workingDays(1 + random.below(25))
        case 2, 3: .workingMinutes(1 + random.below(policy.hours.minutesPerDay * 8))
        default: .wallClockMinutes(1 + random.below(10_000))
        }
      let expected = walker.due(from: received, limit: limit)
      let answer = calendar.due(from: received, limit: limit)
      #expect(answer == expected, "\(ChinaTime.text(received)) \(limit)")
      #expect(
        calendar.dueCountingDays(from: received, limit: limit) == expected,
        "\(ChinaTime.text(received)) \(limit)")
      if answer.usesWeekdayFallback { fallbacks += 1 }
    }
    // Both sides of the known years were asked about.
    #expect(fallbacks > 100)
  }

  @Test(
    "working time between two moments agrees with counting minutes, on 500 random pairs per policy",
    arguments: [0, 1])
  func spans(_ which: Int) {
    let policy = which == 0 ? WorkingTimePolicy.shipped : Self.oddPolicy
    let calendar = WorkingCalendar(policy)
    let walker = MinuteWalker(policy)
    var random = SplitMix(state: UInt64(which) + 7)
    for _ in 0..<500 {
      let day = Self.first + random.below(Self.last - Self.first)
      let start = CivilDate(dayNumber: day).inChina(minute: random.below(1440))
      let end = start.adding(minutes: random.below(20_000) - 5_000)
      let span = calendar.workingTime(from: start, to: end)
      #expect(
        span.minutes == walker.workingMinutes(from: start, to: end),
        "\(ChinaTime.text(start)) → \(ChinaTime.text(end))")
      #expect(span.milliseconds % 60_000 == 0)
      // Whatever is left from `start`, the deadline that long after it is `end` or the earliest
      // moment with as much working time.
      if span.minutes > 0 {
        let due = calendar.due(from: start, limit: .workingMinutes(Int(span.minutes)))
        #expect(due.moment <= end)
        #expect(calendar.workingTime(from: due.moment, to: end).minutes == 0)
      }
    }
  }
}
