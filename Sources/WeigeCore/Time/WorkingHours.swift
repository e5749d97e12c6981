import Foundation

/// The hours of a working day: one or more periods (08:30–12:00 and 13:30–17:30 by default), the
/// same on every working day. Limits in working hours count only the minutes inside them; a limit
/// in working days ends when the last period closes.
public struct WorkingHours: Hashable, Sendable, CustomStringConvertible {
  /// From `start` to `end`, minutes after 00:00 (`end` 1440 is midnight).
  public struct Period: Hashable, Sendable {
    public let start: Int
    public let end: Int

    public init(start: Int, end: Int) {
      self.start = start
      self.end = end
    }

    /// `08:30-12:00` (an en dash or `–` is also read); nil when it is not two times of day with the
    /// first before the second.
    public init?(_ text: String) {
      let ends = text.split(whereSeparator: { $0 == "-" || $0 == "–" }).map {
        $0.trimmingCharacters(in: .whitespaces)
      }
      guard ends.count == 2, let start = Self.minute(ends[0]), let end = Self.minute(ends[1]), start < end
      else { return nil }
      self.init(start: start, end: end)
    }

    /// `HH:mm` as minutes after 00:00; `24:00` is 1440.
    static func minute(_ text: String) -> Int? {
      let fields = text.split(separator: ":", omittingEmptySubsequences: false)
      guard fields.count == 2, fields.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
        let hour = Int(fields[0]), let minute = Int(fields[1]), (0..<60).contains(minute),
        (0..<24).contains(hour) || (hour == 24 && minute == 0)
      else { return nil }
      return hour * 60 + minute
    }

    /// `08:30-12:00`, as the calendar file writes it.
    public var text: String { "\(ChinaTime.clock(start))-\(ChinaTime.clock(end))" }
  }

  public let periods: [Period]

  /// Nil unless there is at least one period and each starts after the one before ends.
  public init?(_ periods: [Period]) {
    guard !periods.isEmpty,
      periods.allSatisfy({ 0 <= $0.start && $0.start < $0.end && $0.end <= 1440 }),
      zip(periods, periods.dropFirst()).allSatisfy({ $0.end <= $1.start })
    else { return nil }
    self.periods = periods
  }

  /// Working minutes in one working day (450 by default: seven and a half hours).
  public var minutesPerDay: Int { periods.reduce(0) { $0 + $1.end - $1.start } }

  /// When the working day ends: where a limit in working days runs out.
  public var close: Int { periods[periods.count - 1].end }

  /// `08:30–12:00, 13:30–17:30`.
  public var description: String {
    periods.map { "\(ChinaTime.clock($0.start))–\(ChinaTime.clock($0.end))" }.joined(separator: ", ")
  }
}
