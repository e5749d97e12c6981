/// A calendar month as people in China name it (`2026-11`): the span from 00:00 of its first day
/// to 00:00 of the next month's, China Standard Time. What a street's monthly figures (本月走访,
/// 本月工单) and `--month` select by.
public struct CivilMonth: Hashable, Comparable, Sendable, CustomStringConvertible {
  public let year: Int
  /// 1…12.
  public let month: Int

  /// Nil for a month that does not exist (month 13).
  public init?(year: Int, month: Int) {
    guard (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  /// Reads `yyyy-MM` strictly: a four-digit year and a two-digit month 01–12.
  public init?(_ text: some StringProtocol) {
    let fields = text.split(separator: "-", omittingEmptySubsequences: false)
    guard fields.count == 2, fields[0].count == 4, fields[1].count == 2,
      fields.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let year = Int(fields[0]), let month = Int(fields[1])
    else { return nil }
    self.init(year: year, month: month)
  }

  /// The month `moment` falls in, in China.
  public init(inChina moment: Timestamp) {
    let day = CivilDate(inChina: moment)
    year = day.year
    month = day.month
  }

  /// Its first day.
  public var firstDay: CivilDate { CivilDate(year: year, month: month, day: 1)! }

  /// The month after it.
  public var next: CivilMonth {
    month == 12 ? CivilMonth(year: year + 1, month: 1)! : CivilMonth(year: year, month: month + 1)!
  }

  /// The month before it.
  public var previous: CivilMonth {
    month == 1 ? CivilMonth(year: year - 1, month: 12)! : CivilMonth(year: year, month: month - 1)!
  }

  /// Its name as a calendar says it: 十一月, November.
  public func name(_ language: Language) -> String {
    let chinese = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"][month - 1] + "月"
    let english = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
      "November", "December",
    ][month - 1]
    return language(chinese, english)
  }

  /// 00:00 of its first day in China.
  public var startInChina: Timestamp { firstDay.startInChina }

  /// 00:00 of the next month's first day in China: the first moment not in it.
  public var endInChina: Timestamp { next.startInChina }

  /// Whether `moment` falls in the month, in China.
  public func contains(_ moment: Timestamp) -> Bool { moment >= startInChina && moment < endInChina }

  /// `yyyy-MM`.
  public var description: String { String(firstDay.description.prefix(7)) }

  public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}
