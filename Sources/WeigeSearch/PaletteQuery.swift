// What the operator typed, split into terms and compiled into the bit tables the matcher uses.

/// Space-separated terms are ANDed, as in fzf's extended mode: `cjxq 3 2` must find cjxq, 3 and
/// 2 somewhere in a candidate, in any order (the order typed ranks higher).
public struct PaletteQuery: Sendable, Equatable {
  /// The text as typed.
  public let text: String
  /// Folded units of each term (lowercase ASCII, full-width forms made plain).
  let terms: [[UInt16]]

  /// A term longer than this is cut: the matcher tracks query positions in one 64-bit word, bit
  /// `i` meaning "the first i characters are matched".
  static let maximumTermLength = 63

  public init(_ text: String) {
    self.text = text
    let table = UnitTable.shared
    var terms: [[UInt16]] = []
    var term: [UInt16] = []
    for unit in text.utf16 {
      let info = table.info[Int(unit)]
      let folded = UInt16(info & UnitTable.foldMask)
      if CharClass(rawValue: UInt8(info >> UnitTable.classShift & 7)) == .white {
        if !term.isEmpty { terms.append(term) }
        term.removeAll()
      } else if term.count < Self.maximumTermLength {
        term.append(folded)
      }
    }
    if !term.isEmpty { terms.append(term) }
    self.terms = terms
  }

  /// True when there is nothing to match: every candidate qualifies.
  public var isEmpty: Bool { terms.isEmpty }

  /// Whether every candidate matching `self` also matches `other`'s narrower query, so `other`
  /// can be answered by rescanning only `self`'s matches. True when `other` only appends to the
  /// text: a longer term is a longer subsequence, and a new term is one more condition.
  public func isNarrowed(by other: PaletteQuery) -> Bool {
    !isEmpty && other.text.utf16.starts(with: text.utf16)
  }
}

/// One term as the matcher wants it: for each query character, the positions it occurs at.
struct CompiledTerm {
  /// Folded query units.
  let units: UnsafeMutablePointer<UInt16>
  let count: Int
  /// `ascii[c]` has bit i set when the term's i-th character is the ASCII character c.
  let ascii: UnsafeMutablePointer<UInt64>
  /// The same for the term's non-ASCII characters (Han, mostly), few enough to search linearly.
  let otherUnits: UnsafeMutablePointer<UInt16>
  let otherPositions: UnsafeMutablePointer<UInt64>
  let otherCount: Int
  /// Whether the term has ASCII letters, the only characters pinyin can match.
  let hasLetters: Bool
  /// Per UTF-16 code unit, the query positions a match can start from at that unit: where the
  /// query has that character, or the first letter of one of its readings. Built per query (a
  /// fraction of a millisecond) so that the scan spends one look-up on each unit that cannot
  /// match, which is most of them.
  let startable: UnsafeMutablePointer<UInt64>
  /// Bit `count`: reaching it means the whole term is matched.
  var goal: UInt64 { 1 << UInt64(count) }

  init(_ term: [UInt16]) {
    count = term.count
    units = .allocate(capacity: count)
    units.initialize(from: term, count: count)
    ascii = .allocate(capacity: 128)
    ascii.initialize(repeating: 0, count: 128)
    var others: [(UInt16, UInt64)] = []
    var hasLetters = false
    for (position, unit) in term.enumerated() {
      let bit: UInt64 = 1 << UInt64(position)
      if unit < 0x80 {
        ascii[Int(unit)] |= bit
        hasLetters = hasLetters || (0x61...0x7A).contains(unit)
      } else if let slot = others.firstIndex(where: { $0.0 == unit }) {
        others[slot].1 |= bit
      } else {
        others.append((unit, bit))
      }
    }
    self.hasLetters = hasLetters
    otherCount = others.count
    otherUnits = .allocate(capacity: max(1, others.count))
    otherPositions = .allocate(capacity: max(1, others.count))
    for (slot, other) in others.enumerated() {
      otherUnits[slot] = other.0
      otherPositions[slot] = other.1
    }
    startable = .allocate(capacity: 0x1_0000)
    startable.initialize(repeating: 0, count: 0x1_0000)
    let table = UnitTable.shared
    for unit in 0..<0x80 {
      startable[unit] = ascii[Int(table.info[unit] & UnitTable.foldMask)]
    }
    for (folded, positions) in others + (0..<0x80).map({ (UInt16($0), ascii[$0]) }) where positions != 0 {
      if folded >= 0x80 { startable[Int(folded)] |= positions }
      for unit in table.foldedFrom[folded] ?? [] { startable[Int(unit)] |= positions }
    }
    if hasLetters {
      for unit in table.hanUnits {
        let set = Int(table.info[Int(unit)] >> UnitTable.setShift)
        for slot in Int(table.setStarts[set])..<Int(table.setStarts[set + 1]) {
          startable[Int(unit)] |= ascii[Int(table.syllables[slot] & 0x7F)]
        }
      }
    }
  }

  /// Positions of the query character(s) equal to a folded candidate unit.
  @inline(__always)
  func positions(of folded: UInt16) -> UInt64 {
    if folded < 0x80 { return ascii[Int(folded)] }
    var positions: UInt64 = 0
    for slot in 0..<otherCount where otherUnits[slot] == folded { positions |= otherPositions[slot] }
    return positions
  }

  /// Positions where a query character equals an ASCII letter of a syllable.
  @inline(__always)
  func positions(ofLetter letter: UInt64) -> UInt64 { ascii[Int(letter & 0x7F)] }

  func deallocate() {
    units.deallocate()
    ascii.deallocate()
    otherUnits.deallocate()
    otherPositions.deallocate()
    startable.deallocate()
  }
}

/// A query's terms compiled, freed when the search is done with them.
final class CompiledQuery: @unchecked Sendable {
  let terms: [CompiledTerm]
  /// Prefilter bits a candidate must have (`UnitTable.maskBit` of every query character).
  let mask: UInt64
  /// The longest term, to size the matcher's scratch rows.
  let longestTerm: Int
  /// No candidate scores more than this (`Score.ceiling`, plus the order bonus of every term
  /// after the first).
  let ceiling: Int32

  init(_ query: PaletteQuery) {
    terms = query.terms.map(CompiledTerm.init)
    mask = query.terms.joined().reduce(0) { $0 | UnitTable.maskBit($1) }
    longestTerm = query.terms.map(\.count).max() ?? 0
    ceiling =
      query.terms.reduce(0) { $0 + Score.ceiling(termLength: $1.count) }
      + Score.termOrder * Int32(max(0, query.terms.count - 1))
  }

  deinit {
    for term in terms { term.deallocate() }
  }
}
