// Scoring constants and character classes, after fzf's src/algo/algo.go (v2), with one addition:
// a Han character starts a word of its own, because its pinyin is a word (长江小区 is read like
// ChangJiangXiaoQu, so `cjxq` earns the same bonuses as `CJXQ` against that camel-case name).

/// Score parts of one match. All are small integers so a whole query's score stays far inside
/// the 22 bits the ranking key gives it.
enum Score {
  /// Every matched query character earns this; the bonuses below are fractions of it.
  static let match: Int32 = 16
  /// Opening a gap costs more than extending one, so one long gap beats several short ones
  /// (`ab` in `a__b` beats `a_x_b` only by the opening).
  static let gapStart: Int32 = -3
  static let gapExtension: Int32 = -1

  /// A match at the start of a word is worth half a match: abbreviations (initials) should
  /// beat the same letters found inside words.
  static let boundary: Int32 = match / 2
  /// Punctuation and other non-word characters are as rare in queries as word starts, and
  /// matching one is as deliberate.
  static let nonWord: Int32 = match / 2
  /// camelCase, letter→digit and Han→Han starts are word starts too, but weaker than one after
  /// a space: one extension's worth less, so a real boundary still wins a tie.
  static let camel123: Int32 = boundary + gapExtension
  /// Consecutive matches earn at least what a gap would have cost (start plus one extension),
  /// so keeping characters together never loses to spreading them out.
  static let consecutive: Int32 = -(gapStart + gapExtension)
  /// After a space is the strongest boundary: it separates words people actually type.
  static let boundaryWhite: Int32 = boundary + 2
  /// After `/`, `,`, `:`, `;` or `|`: between a space and a plain word start.
  static let boundaryDelimiter: Int32 = boundary + 1
  /// A digit after a Han character starts a number as surely as one after a space: addresses
  /// write their numbers between Han characters (3幢2单元301室), so the 2 of 2单元 must not lose to
  /// the 2 of a room number ` 201` when the operator types `cjxq 3 2`.
  static let numberAfterHan: Int32 = boundaryWhite
  /// The first query character's bonus counts double: where a match starts says most about
  /// whether it is the one meant (fzf's bonusFirstCharMultiplier).
  static let firstCharMultiplier: Int32 = 2
  /// Space-separated terms found in the order typed (`cjxq 3 2` in 3幢2单元 rather than
  /// 2幢3单元) earn one consecutive bonus per pair: the order is one more adjacency.
  static let termOrder: Int32 = consecutive

  /// The largest bonus any character can earn (a run's later characters earn at most its first's).
  static let maximumBonus: Int32 = [boundaryWhite, boundaryDelimiter, boundary, nonWord, numberAfterHan]
    .max()!

  /// The most a term of `length` characters can score: every character a match at the strongest
  /// boundary. The scan skips aligning a candidate whose ranking key could not reach the kept
  /// ones even with this score (`PaletteIndex.scan`).
  static func ceiling(termLength length: Int) -> Int32 {
    Int32(length) * (match + maximumBonus) + maximumBonus * (firstCharMultiplier - 1)
  }
}

/// Character classes in fzf's order; everything above `nonWord` is part of a word.
enum CharClass: UInt8 {
  case white = 0
  case nonWord
  case delimiter
  case lower
  case upper
  case letter
  case number
  /// A Han character: one syllable, so a word of its own in pinyin.
  case han

  /// The bonus for matching a character of class `self` right after one of class `previous`.
  func bonus(after previous: CharClass) -> Int32 {
    if previous == .han && self == .number { return Score.numberAfterHan }
    if self.rawValue > CharClass.nonWord.rawValue {
      switch previous {
      case .white: return Score.boundaryWhite
      case .delimiter: return Score.boundaryDelimiter
      case .nonWord: return Score.boundary
      default: break
      }
    }
    if previous == .lower && self == .upper || previous != .number && self == .number
      || self == .han
    {
      return Score.camel123
    }
    switch self {
    case .nonWord, .delimiter: return Score.nonWord
    case .white: return Score.boundaryWhite
    default: return 0
    }
  }
}
