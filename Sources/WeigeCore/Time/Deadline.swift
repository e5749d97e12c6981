import Foundation

/// When a ticket must be resolved (办结) and when a mobilization order must be done: the one home
/// of those decisions. A ticket's is today a wall-clock span by urgency; the duty desk (issue 13)
/// grows it into working days on China's holiday calendar with a policy per demand class, and
/// every caller keeps asking here.
public enum Deadline {
  /// The resolve-by moment of a ticket requested at `requestedAt`.
  public static func resolve(requestedAt: Timestamp, urgency: Urgency) -> Timestamp {
    requestedAt.adding(hours: urgency.slaHours)
  }

  /// An order's deadline as the operator gave it, counted from `issuedAt`: a span is added, a
  /// moment is taken as it is.
  public static func order(issuedAt: Timestamp, _ spec: DeadlineSpec) -> Timestamp {
    switch spec {
    case .within(let milliseconds): Timestamp(milliseconds: issuedAt.rawValue + milliseconds)
    case .at(let moment): moment.resolved(after: issuedAt)
    }
  }

  /// An extension of an order whose deadline is `current`: a span moves it that much later, a
  /// moment replaces it.
  public static func extended(_ current: Timestamp, _ spec: DeadlineSpec) -> Timestamp {
    switch spec {
    case .within(let milliseconds): Timestamp(milliseconds: current.rawValue + milliseconds)
    case .at(let moment): moment.resolved(after: current)
    }
  }

  /// The last fifth of an order's time is its warning time (the countdown turns to the warning
  /// colour); past the deadline it is overdue.
  public static let warningShare = 0.2

  /// Where an order issued at `issuedAt` with `deadline` stands at `now`.
  public static func phase(issuedAt: Timestamp, deadline: Timestamp, now: Timestamp) -> DeadlinePhase {
    if now > deadline { return .overdue }
    let allotted = Double(deadline.rawValue - issuedAt.rawValue)
    return Double(deadline.rawValue - now.rawValue) <= allotted * warningShare ? .warning : .running
  }
}

/// Where a deadline stands: time enough, the last fifth, or passed.
public enum DeadlinePhase: UInt8, Sendable, FieldTerm {
  case running, warning, overdue

  public var chineseName: String {
    switch self {
    case .running: "进行中"
    case .warning: "临近时限"
    case .overdue: "已超时"
    }
  }
}

/// A deadline as an operator types it: a span (`45m`, `1h30m`, `90s`, `45分钟`, `2小时`) or a
/// moment (`21:30`, the next such time in China; `2026-11-21 21:30`).
public enum DeadlineSpec: Sendable, Equatable {
  case within(milliseconds: Int64)
  case at(Moment)

  /// A moment of a deadline: a whole date and time, or a time of day that means its next
  /// occurrence after the order's issue (or the deadline it extends).
  public enum Moment: Sendable, Equatable {
    case exactly(Timestamp)
    case clock(hour: Int, minute: Int)

    func resolved(after start: Timestamp) -> Timestamp {
      switch self {
      case .exactly(let time): return time
      case .clock(let hour, let minute):
        let day = start.startOfDayInChina
        let today = Timestamp(milliseconds: day.rawValue + Int64(hour * 60 + minute) * 60_000)
        return today > start ? today : today.adding(hours: 24)
      }
    }
  }

  /// Reads what an operator typed; the refusal says what would have been understood.
  public init(parsing text: String) throws(DomainError) {
    let text = FreeText.trimmed(text)
    if let span = Self.span(text) {
      guard span > 0 else {
        throw DomainError("时限须大于零：\(text)", english: "a deadline span must be above zero, not \(text)")
      }
      self = .within(milliseconds: span)
    } else if let moment = Self.moment(text) {
      self = .at(moment)
    } else {
      throw DomainError(
        "'\(text)' 不是时长（45m、1h30m、45分钟）或时刻（21:30、2026-11-21 21:30）",
        english: "'\(text)' is not a span (45m, 1h30m, 90s) or a time (21:30, 2026-11-21 21:30)")
    }
  }

  /// `1h30m`, `45m`, `90s`, `2小时`, `45分钟`, `45分`, `30秒`: numbers each followed by a unit.
  private static func span(_ text: String) -> Int64? {
    let units: [(String, Int64)] = [
      ("小时", 3_600_000), ("分钟", 60_000), ("min", 60_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
      ("分", 60_000), ("秒", 1_000),
    ]
    var rest = Substring(text.lowercased())
    var total: Int64 = 0
    guard !rest.isEmpty else { return nil }
    while !rest.isEmpty {
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, digits.count <= 6, let number = Int64(digits) else { return nil }
      rest = rest.dropFirst(digits.count)
      guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
      rest = rest.dropFirst(unit.count)
      total += number * scale
    }
    return total
  }

  /// `21:30` or `yyyy-MM-dd HH:mm`, China time.
  private static func moment(_ text: String) -> Moment? {
    func clock(_ part: Substring) -> (Int, Int)? {
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      guard pieces.count == 2, pieces.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
        let hour = Int(pieces[0]), let minute = Int(pieces[1]), (0..<24).contains(hour),
        (0..<60).contains(minute)
      else { return nil }
      return (hour, minute)
    }
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    if parts.count == 1, let (hour, minute) = clock(parts[0]) { return .clock(hour: hour, minute: minute) }
    guard parts.count == 2, let (hour, minute) = clock(parts[1]) else { return nil }
    let date = parts[0].split(separator: "-")
    guard date.count == 3, let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
    guard let moment = Timestamp.chinaCalendar.date(from: components) else { return nil }
    return .exactly(Timestamp(moment))
  }
}
