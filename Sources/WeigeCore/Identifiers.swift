import Foundation
import Synchronization

/// What an `Identifier` names; its prefix makes ids readable in logs and stream names.
public protocol IdentifiedEntity {
  static var prefix: String { get }
  /// How operators see the id; the stream prefix unless the field has its own habit (#1043).
  static var displayPrefix: String { get }
}

extension IdentifiedEntity {
  public static var displayPrefix: String { prefix }
}

/// A typed integer id, so a household id can never be passed where a place id is wanted.
public struct Identifier<Entity: IdentifiedEntity>: RawRepresentable, Hashable, Comparable, Sendable,
  CustomStringConvertible
{
  public var rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }
  public init(_ rawValue: Int) { self.rawValue = rawValue }
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
  public var description: String { Entity.displayPrefix + String(rawValue) }
  /// The event stream of this entity, e.g. `ticket-1043`.
  public var stream: String { Entity.prefix + String(rawValue) }
}

public enum PlaceEntity: IdentifiedEntity { public static let prefix = "place-" }
public enum HouseholdEntity: IdentifiedEntity { public static let prefix = "household-" }
public enum PersonEntity: IdentifiedEntity { public static let prefix = "person-" }
public enum TicketEntity: IdentifiedEntity {
  public static let prefix = "ticket-"
  public static let displayPrefix = "#"
}
public enum AlertEntity: IdentifiedEntity { public static let prefix = "alert-" }
public enum MobilizationEntity: IdentifiedEntity {
  public static let prefix = "mobilization-"
  public static let displayPrefix = "M"
}

/// A place in the tree: district, street, community, compound, grid, building or stairwell.
public typealias PlaceID = Identifier<PlaceEntity>
/// A household (户), the leaf of the place tree.
public typealias HouseholdID = Identifier<HouseholdEntity>
/// A person who holds a role: a team member, a grid worker, a reserve.
public typealias PersonID = Identifier<PersonEntity>
/// A ticket's number, shown to operators as `#1043`.
public typealias TicketID = Identifier<TicketEntity>
/// An alert raised by a sensor or a camera.
public typealias AlertID = Identifier<AlertEntity>
/// A mobilization order (动员令), shown to operators as `M3`.
public typealias MobilizationID = Identifier<MobilizationEntity>

extension Identifier {
  /// An id as a person types it: as shown (`M3`, `#1043`, either case), as its stream
  /// (`mobilization-3`), or the bare number.
  public init?(typed text: String) {
    var digits = Substring(text)
    for prefix in [Entity.prefix, Entity.displayPrefix] where !prefix.isEmpty {
      if digits.lowercased().hasPrefix(prefix.lowercased()) {
        digits = digits.dropFirst(prefix.count)
        break
      }
    }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let value = Int(digits), value > 0 else {
      return nil
    }
    self.init(value)
  }
}

/// Milliseconds since the Unix epoch; integers keep the fold and the codec cheap.
public struct Timestamp: RawRepresentable, Hashable, Comparable, Sendable {
  public var rawValue: Int64
  public init(rawValue: Int64) { self.rawValue = rawValue }
  public init(milliseconds: Int64) { self.rawValue = milliseconds }
  public init(_ date: Date) { self.rawValue = Int64((date.timeIntervalSince1970 * 1000).rounded()) }
  public static var now: Timestamp { Timestamp(Date()) }
  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  public var date: Date { Date(timeIntervalSince1970: Double(rawValue) / 1000) }
  public func adding(minutes: Int) -> Timestamp {
    Timestamp(milliseconds: rawValue + Int64(minutes) * 60_000)
  }
  public func adding(hours: Int) -> Timestamp { adding(minutes: hours * 60) }

  /// The start of this moment's calendar month in China Standard Time (UTC+8, no daylight saving),
  /// which is the month the field's "本月走访" counts in.
  public var startOfMonthInChina: Timestamp {
    let calendar = Self.chinaCalendar
    let parts = calendar.dateComponents([.year, .month], from: date)
    return Timestamp(calendar.date(from: parts)!)
  }

  /// Midnight before this moment in China Standard Time, where "today" (今日办结) starts.
  public var startOfDayInChina: Timestamp {
    Timestamp(milliseconds: rawValue - (rawValue + 8 * 3_600_000) % 86_400_000)
  }

  /// `yyyy-MM-dd HH:mm:ss` in China Standard Time.
  public var chinaDateTime: String {
    let c = Self.chinaCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "00" }
    return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
  }

  /// `HH:mm` in China Standard Time: a deadline or a projected finish on the same evening.
  public var chinaClock: String { String(chinaDateTime.dropFirst(11).prefix(5)) }

  static let chinaCalendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 8 * 3600)!
    return calendar
  }()
}

/// A moment in a `--json` answer as the screen shows it: `2026-11-21 20:45:03`, China time.
extension Timestamp: Encodable {
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(chinaDateTime)
  }
}

/// A globally unique event id: 16 bytes, time-ordered so that index inserts stay local.
public struct EventID: Hashable, Sendable, CustomStringConvertible {
  public var high: UInt64
  public var low: UInt64
  public init(high: UInt64, low: UInt64) {
    self.high = high
    self.low = low
  }

  /// A new id: milliseconds in the top 48 bits (as in UUIDv7), then 16 bits of a counter that
  /// starts at random in each process (UUIDv7's `rand_a` as a counter: one process's ids made in
  /// one millisecond stay in order), then 64 random bits. One `getrandom` an id, not two: a
  /// register of 100,000 households makes 101,400 ids at once.
  public static func generate(at time: Timestamp = .now) -> EventID {
    var generator = SystemRandomNumberGenerator()
    let count = sequence.wrappingAdd(1, ordering: .relaxed).oldValue
    return EventID(
      high: UInt64(truncatingIfNeeded: time.rawValue) << 16 | UInt64(count), low: generator.next())
  }

  private static let sequence = Atomic<UInt16>(UInt16.random(in: .min ... .max))

  public init?(bytes: some Collection<UInt8>) {
    guard bytes.count == 16 else { return nil }
    var high: UInt64 = 0
    var low: UInt64 = 0
    for (index, byte) in bytes.enumerated() {
      if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
    }
    self.init(high: high, low: low)
  }

  public var bytes: [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
      + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
  }

  public var description: String {
    let hex = bytes.map { byte in
      let digits = String(byte, radix: 16)
      return digits.count == 1 ? "0" + digits : digits
    }.joined()
    return hex
  }
}
