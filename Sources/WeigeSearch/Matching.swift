// Matching one term against one candidate: a bit-parallel test of whether it matches at all,
// then fzf's v2 alignment (Smith–Waterman with affine gaps and word bonuses) for the score.
//
// A candidate is a run of UTF-16 units. A query character matches a unit equal to it (after
// folding), and a Han unit also matches any prefix of any of its readings, one query character
// per letter:
//
//     candidate   长      江      小      区      ␠   3    幢   2    单   元
//     readings    chang   jiang   xiao    qu          ·    zhuang   dan  yuan
//                 zhang
//     `cjxq 3 2`  c       j       x       q           3         2
//     `zhangsan`  zhang …                  (needs 三 san after 张 zhang, as in 张三)

/// A packed alignment value: the score in the high bits, `255 - start` in the low byte, so that
/// comparing two values prefers the higher score and then the earlier start, and adding a score
/// delta (shifted) keeps the start.
typealias Packed = Int32

enum Alignment {
  static let none: Packed = .min / 2

  @inline(__always)
  static func start(at unit: Int) -> Packed { Packed(255 - min(unit, 255)) }

  @inline(__always)
  static func score(_ packed: Packed) -> Int32 { packed >> 8 }

  @inline(__always)
  static func startUnit(_ packed: Packed) -> Int { 255 - Int(packed & 0xFF) }
}

/// Scratch rows for the alignment, one set per scanning thread.
struct AlignmentScratch {
  /// Best value with the last match exactly at the current unit, by query characters matched.
  var matched: UnsafeMutablePointer<Packed>
  var matchedNext: UnsafeMutablePointer<Packed>
  /// Best value with the last match before the current unit (the gap already paid for).
  let gapped: UnsafeMutablePointer<Packed>
  /// Bonus of the first character of the consecutive run ending at the current unit.
  var chunk: UnsafeMutablePointer<Int32>
  var chunkNext: UnsafeMutablePointer<Int32>

  static let rowLength = PaletteQuery.maximumTermLength + 1

  init() {
    matched = .allocate(capacity: Self.rowLength)
    matchedNext = .allocate(capacity: Self.rowLength)
    gapped = .allocate(capacity: Self.rowLength)
    chunk = .allocate(capacity: Self.rowLength)
    chunkNext = .allocate(capacity: Self.rowLength)
  }

  func deallocate() {
    matched.deallocate()
    matchedNext.deallocate()
    gapped.deallocate()
    chunk.deallocate()
    chunkNext.deallocate()
  }
}

/// Where each alignment cell came from, so the matched units can be read back for highlighting.
/// A matched cell stores its source in the low two bits and the query characters it consumed
/// above them; a gapped cell stores whether it came from a matched cell.
struct AlignmentTrace {
  let matched: UnsafeMutablePointer<UInt8>
  let gapped: UnsafeMutablePointer<UInt8>
  let width: Int

  static let fromStart: UInt8 = 1
  static let fromGap: UInt8 = 2
  static let fromMatch: UInt8 = 3
}

extension CompiledTerm {
  /// Whether the term matches the candidate at all. Bit i of `state` means "the first i query
  /// characters can be matched within the units seen so far"; gaps are free, so the state only
  /// grows, and a unit adds the positions it can extend (Shift-And, as in agrep).
  @inline(__always)
  func matches(_ units: UnsafePointer<UInt16>, count: Int, table: UnitTable) -> Bool {
    var state: UInt64 = 1
    let goal = self.goal
    for j in 0..<count {
      let info = table.info[Int(units[j])]
      var next = state | (state & positions(of: UInt16(info & UnitTable.foldMask))) << 1
      let set = Int(info >> UnitTable.setShift)
      if set != 0 && hasLetters {
        for slot in Int(table.setStarts[set])..<Int(table.setStarts[set + 1]) {
          var word = table.syllables[slot]
          var reached = state
          while word != 0 {
            reached = (reached & positions(ofLetter: word)) << 1
            if reached == 0 { break }
            next |= reached
            word >>= 8
          }
        }
      }
      state = next
      if state & goal != 0 { return true }
    }
    return false
  }

  /// The best alignment's packed value (`Alignment.none` when there is none) and the unit it
  /// ends at. With a trace, records where each cell came from.
  @inline(__always)
  func align(
    _ units: UnsafePointer<UInt16>, count: Int, table: UnitTable, scratch: inout AlignmentScratch,
    trace: AlignmentTrace? = nil
  ) -> (value: Packed, end: Int) {
    let m = self.count
    for i in 0...m {
      scratch.matched[i] = Alignment.none
      scratch.gapped[i] = Alignment.none
    }
    var best = Alignment.none
    var bestEnd = -1
    var previousClass: UInt32 = UInt32(CharClass.white.rawValue)
    for j in 0..<count {
      let info = table.info[Int(units[j])]
      let charClass = info >> UnitTable.classShift & 7
      let bonus = table.bonus[Int(previousClass << 3 | charClass)]
      previousClass = charClass
      let exact = positions(of: UInt16(info & UnitTable.foldMask))
      let set = Int(info >> UnitTable.setShift)
      let usePinyin = set != 0 && hasLetters
      for i in 1...m { scratch.matchedNext[i] = Alignment.none }
      let traceRow = trace.map { $0.matched + j * $0.width }

      /// Scores matching query characters i..<i+k at unit j, from a fresh start or a gap, and
      /// from a run that ended at the previous unit.
      @inline(__always)
      func consider(_ i: Int, _ k: Int) {
        let target = i + k
        let fresh = i == 0 ? Alignment.start(at: j) : scratch.gapped[i]
        if fresh > Alignment.none {
          let first = i == 0 ? bonus * Score.firstCharMultiplier : bonus
          let rest = max(bonus, Score.consecutive)
          let value = fresh &+ (Int32(k) * Score.match + first + Int32(k - 1) * rest) << 8
          if value > scratch.matchedNext[target] {
            scratch.matchedNext[target] = value
            scratch.chunkNext[target] = bonus
            traceRow?[target] = UInt8(k << 2) | (i == 0 ? AlignmentTrace.fromStart : AlignmentTrace.fromGap)
          }
        }
        guard i > 0, scratch.matched[i] > Alignment.none else { return }
        var chunkBonus = scratch.chunk[i]
        let first: Int32
        if bonus >= Score.boundary && bonus > chunkBonus {
          // A stronger word start begins a new run rather than extending the old one.
          chunkBonus = bonus
          first = bonus
        } else {
          first = max(bonus, chunkBonus, Score.consecutive)
        }
        let rest = max(chunkBonus, Score.consecutive)
        let value = scratch.matched[i] &+ (Int32(k) * Score.match + first + Int32(k - 1) * rest) << 8
        if value > scratch.matchedNext[target] {
          scratch.matchedNext[target] = value
          scratch.chunkNext[target] = chunkBonus
          traceRow?[target] = UInt8(k << 2) | AlignmentTrace.fromMatch
        }
      }

      for i in 0..<m {
        guard i == 0 || scratch.gapped[i] > Alignment.none || scratch.matched[i] > Alignment.none
        else { continue }
        if exact >> UInt64(i) & 1 != 0 { consider(i, 1) }
        guard usePinyin else { continue }
        for slot in Int(table.setStarts[set])..<Int(table.setStarts[set + 1]) {
          var word = table.syllables[slot]
          var k = 0
          while word != 0 && i + k < m && UInt64(self.units[i + k]) == word & 0xFF {
            k += 1
            consider(i, k)
            word >>= 8
          }
        }
      }
      let gapRow = trace.map { $0.gapped + j * $0.width }
      for i in 1...m {
        let afterMatch = scratch.matched[i] &+ Score.gapStart << 8
        let afterGap = scratch.gapped[i] &+ Score.gapExtension << 8
        scratch.gapped[i] = max(max(afterMatch, afterGap), Alignment.none)
        gapRow?[i] = afterMatch >= afterGap ? 1 : 0
      }
      swap(&scratch.matched, &scratch.matchedNext)
      swap(&scratch.chunk, &scratch.chunkNext)
      if scratch.matched[m] > best {
        best = scratch.matched[m]
        bestEnd = j
      }
    }
    return (best, bestEnd)
  }
}

extension AlignmentTrace {
  /// The units matched by the alignment that ends with the whole term matched at unit `end`.
  func matchedUnits(end: Int, termLength: Int) -> [Int] {
    var units: [Int] = []
    var j = end
    var i = termLength
    var inMatch = true
    while j >= 0 && i > 0 {
      if inMatch {
        let step = matched[j * width + i]
        units.append(j)
        i -= Int(step >> 2)
        if step & 3 == AlignmentTrace.fromStart { break }
        inMatch = step & 3 == AlignmentTrace.fromMatch
      } else {
        inMatch = gapped[j * width + i] == 1
      }
      j -= 1
    }
    return units.reversed()
  }
}
