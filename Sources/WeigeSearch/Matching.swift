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
//
// Every reading counts: 幢 is also chuang and 单 also chan and shan, so `chan` matches nearly every
// room in a city; the scan is built for such queries, not only for selective ones.

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
  /// Best value with the last match before the current unit, stored as `value - gapExtension·j`
  /// so that a unit skipped by every row costs nothing: extending all gaps by one unit leaves
  /// the stored values as they are.
  let gapped: UnsafeMutablePointer<Packed>
  /// The unit of the match each gapped value ends with, for the trace.
  let gapOrigin: UnsafeMutablePointer<Int32>
  /// Bonus of the first character of the consecutive run ending at the current unit.
  var chunk: UnsafeMutablePointer<Int32>
  var chunkNext: UnsafeMutablePointer<Int32>

  /// The alignment's state before each word of the last candidate aligned (after each space),
  /// deepest last. The next candidate resumes from the deepest one inside the prefix the two
  /// share, instead of aligning 长江小区 3幢2单元 again for each of its rooms.
  var checkpoints = 0
  let checkpointPositions: UnsafeMutablePointer<Int>
  let checkpointStates: UnsafeMutablePointer<AlignmentState>
  /// Rows of each checkpoint: matched, gapped, gap origin and chunk, `rowLength` apart.
  let checkpointValues: UnsafeMutablePointer<Packed>
  let checkpointExtras: UnsafeMutablePointer<Int32>
  /// The same for the match test (`CompiledTerm.matches`), whose state is one word.
  var reachCheckpoints = 0
  let reachPositions: UnsafeMutablePointer<Int>
  let reachStates: UnsafeMutablePointer<UInt64>

  static let rowLength = PaletteQuery.maximumTermLength + 1
  /// Names have a few words (compound, building and unit, room); deeper ones are not kept.
  static let checkpointLimit = 8

  init() {
    matched = .allocate(capacity: Self.rowLength)
    matchedNext = .allocate(capacity: Self.rowLength)
    gapped = .allocate(capacity: Self.rowLength)
    gapOrigin = .allocate(capacity: Self.rowLength)
    chunk = .allocate(capacity: Self.rowLength)
    chunkNext = .allocate(capacity: Self.rowLength)
    checkpointPositions = .allocate(capacity: Self.checkpointLimit)
    checkpointStates = .allocate(capacity: Self.checkpointLimit)
    checkpointValues = .allocate(capacity: Self.checkpointLimit * Self.rowLength * 2)
    checkpointExtras = .allocate(capacity: Self.checkpointLimit * Self.rowLength * 2)
    reachPositions = .allocate(capacity: Self.checkpointLimit)
    reachStates = .allocate(capacity: Self.checkpointLimit)
  }

  /// Drops the checkpoints past the first `shared` units (those the next candidate shares with
  /// the last one), and returns the deepest left: where to resume, and the state there.
  @inline(__always)
  mutating func resume(within shared: Int) -> (start: Int, state: AlignmentState) {
    while checkpoints > 0 && checkpointPositions[checkpoints - 1] > shared { checkpoints -= 1 }
    guard checkpoints > 0 else { return (0, AlignmentState()) }
    return (checkpointPositions[checkpoints - 1], checkpointStates[checkpoints - 1])
  }

  /// Loads the rows of the deepest checkpoint `resume(within:)` left, to continue from it.
  @inline(__always)
  func restoreRows(_ rows: Int) {
    guard checkpoints > 0 else { return }
    let top = checkpoints - 1
    let values = checkpointValues + top * 2 * Self.rowLength
    let extras = checkpointExtras + top * 2 * Self.rowLength
    for i in 0..<rows {
      matched[i] = values[i]
      gapped[i] = values[Self.rowLength + i]
      chunk[i] = extras[i]
      gapOrigin[i] = extras[Self.rowLength + i]
    }
  }

  /// Records the state before unit `position`.
  @inline(__always)
  mutating func checkpoint(at position: Int, _ state: AlignmentState, rows: Int) {
    guard checkpoints < Self.checkpointLimit else { return }
    let values = checkpointValues + checkpoints * 2 * Self.rowLength
    let extras = checkpointExtras + checkpoints * 2 * Self.rowLength
    for i in 0..<rows {
      values[i] = matched[i]
      values[Self.rowLength + i] = gapped[i]
      extras[i] = chunk[i]
      extras[Self.rowLength + i] = gapOrigin[i]
    }
    checkpointPositions[checkpoints] = position
    checkpointStates[checkpoints] = state
    checkpoints += 1
  }

  /// `resume(within:rows:)` for the match test.
  @inline(__always)
  mutating func resumeReach(within shared: Int) -> (start: Int, state: UInt64) {
    while reachCheckpoints > 0 && reachPositions[reachCheckpoints - 1] > shared { reachCheckpoints -= 1 }
    guard reachCheckpoints > 0 else { return (0, 1) }
    return (reachPositions[reachCheckpoints - 1], reachStates[reachCheckpoints - 1])
  }

  @inline(__always)
  mutating func checkpointReach(at position: Int, _ state: UInt64) {
    guard reachCheckpoints < Self.checkpointLimit else { return }
    reachPositions[reachCheckpoints] = position
    reachStates[reachCheckpoints] = state
    reachCheckpoints += 1
  }

  /// Whether a checkpoint belongs before unit j: at the start of a word after a space.
  @inline(__always)
  static func isCheckpoint(_ j: Int, in units: UnsafePointer<UInt16>) -> Bool {
    j > 0 && (units[j - 1] == 0x20 || units[j - 1] == 0x3000)
  }

  func deallocate() {
    matched.deallocate()
    matchedNext.deallocate()
    gapped.deallocate()
    gapOrigin.deallocate()
    chunk.deallocate()
    chunkNext.deallocate()
    checkpointPositions.deallocate()
    checkpointStates.deallocate()
    checkpointValues.deallocate()
    checkpointExtras.deallocate()
    reachPositions.deallocate()
    reachStates.deallocate()
  }
}

/// The alignment's live rows and best so far, as kept at a checkpoint.
struct AlignmentState {
  var matchedValid: UInt64 = 0
  var gappedValid: UInt64 = 0
  var best = Alignment.none
  var bestEnd = -1
}

/// Where each matched cell came from, so the matched units can be read back for highlighting:
/// the source in the low two bits and the query characters consumed above them, and for a match
/// after a gap the unit of the match before the gap.
struct AlignmentTrace {
  let steps: UnsafeMutablePointer<UInt8>
  let origins: UnsafeMutablePointer<Int32>
  let width: Int

  static let fromStart: UInt8 = 1
  static let fromGap: UInt8 = 2
  static let fromMatch: UInt8 = 3

  /// The units matched by the alignment that ends with the whole term matched at unit `end`.
  func matchedUnits(end: Int, termLength: Int) -> [Int] {
    var units: [Int] = []
    var j = end
    var i = termLength
    while j >= 0 && i > 0 {
      let cell = j * width + i
      let step = steps[cell]
      units.append(j)
      i -= Int(step >> 2)
      switch step & 3 {
      case AlignmentTrace.fromMatch: j -= 1
      case AlignmentTrace.fromGap: j = Int(origins[cell])
      default: j = -1
      }
    }
    return units.reversed()
  }
}

extension CompiledTerm {
  /// Whether the term matches the candidate at all. Bit i of `state` means "the first i query
  /// characters can be matched within the units seen so far"; gaps are free, so the state only
  /// grows, and a unit adds the positions it can extend (Shift-And, as in agrep). Most units
  /// extend nothing, which one look-up in `startable` tells.
  ///
  /// Resumes after the first `shared` units, which the last candidate tested had too (see
  /// `AlignmentScratch.checkpoints`).
  @inline(__always)
  func matches(
    _ units: UnsafePointer<UInt16>, count: Int, table: UnitTable, scratch: inout AlignmentScratch,
    shared: Int = 0
  ) -> Bool {
    var (start, state) = scratch.resumeReach(within: shared)
    let goal = self.goal
    if state & goal != 0 { return true }
    for j in start..<count {
      if j > start && AlignmentScratch.isCheckpoint(j, in: units) { scratch.checkpointReach(at: j, state) }
      let unit = Int(units[j])
      guard startable[unit] & state != 0 else { continue }
      let info = table.info[unit]
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

  /// The bonus for matching unit j, from its class and its predecessor's.
  @inline(__always)
  private func bonus(at j: Int, of units: UnsafePointer<UInt16>, table: UnitTable) -> Int32 {
    let current = table.info[Int(units[j])] >> UnitTable.classShift & 7
    let previous =
      j == 0 ? UInt32(CharClass.white.rawValue) : table.info[Int(units[j - 1])] >> UnitTable.classShift & 7
    return table.bonus[Int(previous << 3 | current)]
  }

  /// Whether a one-character term matches: some unit can start it.
  @inline(__always)
  func matchesSingle(_ units: UnsafePointer<UInt16>, count: Int) -> Bool {
    for j in 0..<count where startable[Int(units[j])] & 1 != 0 { return true }
    return false
  }

  /// The best alignment of a one-character term (the first keystroke, over every candidate): the
  /// best-placed unit that can match it, without the alignment's rows.
  @inline(__always)
  func alignSingle(_ units: UnsafePointer<UInt16>, count: Int, table: UnitTable) -> Packed {
    var best = Alignment.none
    for j in 0..<count where startable[Int(units[j])] & 1 != 0 {
      let bonus = bonus(at: j, of: units, table: table)
      best = max(best, Alignment.start(at: j) &+ (Score.match + bonus * Score.firstCharMultiplier) << 8)
    }
    return best
  }

  /// The best alignment's packed value (`Alignment.none` when there is none) and the unit it
  /// ends at. With a trace, records where each matched cell came from.
  ///
  /// Rows are only touched where they hold something: `matchedValid` and `gappedValid` mark the
  /// query positions with a live cell, and a unit is tried only from the live positions whose
  /// query character it can match (`startable`). A unit no live position can use costs one
  /// look-up, and the gaps it extends cost nothing (see `AlignmentScratch.gapped`).
  @inline(__always)
  func align(
    _ units: UnsafePointer<UInt16>, count: Int, table: UnitTable, scratch: inout AlignmentScratch,
    shared: Int = 0, trace: AlignmentTrace? = nil
  ) -> (value: Packed, end: Int) {
    let m = self.count
    let below = goal - 1
    let gapStart = Score.gapStart << 8
    let gapExtension = Score.gapExtension << 8
    let (start, resumed) = scratch.resume(within: trace == nil ? shared : 0)
    if start > 0 {
      // Live rows only move from matched to gapped while no unit extends them, so if no unit
      // after the checkpoint can extend a live row, the checkpoint's best is the answer: the
      // usual case for the rooms of a stairwell.
      let live = 1 | resumed.matchedValid | resumed.gappedValid
      var j = start
      while j < count && startable[Int(units[j])] & live & below == 0 { j += 1 }
      if j == count { return (resumed.best, resumed.bestEnd) }
      scratch.restoreRows(m + 1)
    }
    var matchedValid = resumed.matchedValid
    var gappedValid = resumed.gappedValid
    var best = resumed.best
    var bestEnd = resumed.bestEnd
    var state: AlignmentState {
      AlignmentState(matchedValid: matchedValid, gappedValid: gappedValid, best: best, bestEnd: bestEnd)
    }

    /// Turns the matches that ended at unit j - 1 into gaps, as unit j is skipped.
    @inline(__always)
    func openGaps(at j: Int) {
      var rows = matchedValid
      while rows != 0 {
        let i = rows.trailingZeroBitCount
        rows &= rows - 1
        let stored = scratch.matched[i] &+ gapStart &- gapExtension &* Int32(j)
        if gappedValid >> UInt64(i) & 1 == 0 || stored > scratch.gapped[i] {
          scratch.gapped[i] = stored
          scratch.gapOrigin[i] = Int32(j - 1)
          gappedValid |= 1 << UInt64(i)
        }
      }
    }

    for j in start..<count {
      if j > start && AlignmentScratch.isCheckpoint(j, in: units) {
        scratch.checkpoint(at: j, state, rows: m + 1)
      }
      let unit = Int(units[j])
      var work = startable[unit] & (1 | matchedValid | gappedValid) & below
      guard work != 0 else {
        openGaps(at: j)
        matchedValid = 0
        continue
      }
      let info = table.info[unit]
      let bonus = bonus(at: j, of: units, table: table)
      let exact = positions(of: UInt16(info & UnitTable.foldMask))
      let set = Int(info >> UnitTable.setShift)
      let syllables =
        set != 0 && hasLetters ? Int(table.setStarts[set])..<Int(table.setStarts[set + 1]) : 0..<0
      var nextValid: UInt64 = 0
      let gapDebt = gapExtension &* Int32(j - 1)

      /// Scores matching query characters i..<i+k at unit j, from a fresh start or a gap, and
      /// from a run that ended at the previous unit.
      @inline(__always)
      func consider(_ i: Int, _ k: Int) {
        let target = i + k
        let bit: UInt64 = 1 << UInt64(target)
        var value = Alignment.none
        var chunkBonus = bonus
        var source = AlignmentTrace.fromStart
        if i == 0 || gappedValid >> UInt64(i) & 1 != 0 {
          let fresh = i == 0 ? Alignment.start(at: j) : scratch.gapped[i] &+ gapDebt
          let first = i == 0 ? bonus * Score.firstCharMultiplier : bonus
          let rest = max(bonus, Score.consecutive)
          value = fresh &+ (Int32(k) * Score.match + first + Int32(k - 1) * rest) << 8
          source = i == 0 ? AlignmentTrace.fromStart : AlignmentTrace.fromGap
        }
        if matchedValid >> UInt64(i) & 1 != 0 {
          var runBonus = scratch.chunk[i]
          let first: Int32
          if bonus >= Score.boundary && bonus > runBonus {
            // A stronger word start begins a new run rather than extending the old one.
            runBonus = bonus
            first = bonus
          } else {
            first = max(bonus, runBonus, Score.consecutive)
          }
          let rest = max(runBonus, Score.consecutive)
          let extended = scratch.matched[i] &+ (Int32(k) * Score.match + first + Int32(k - 1) * rest) << 8
          if extended > value {
            value = extended
            chunkBonus = runBonus
            source = AlignmentTrace.fromMatch
          }
        }
        if nextValid & bit == 0 || value > scratch.matchedNext[target] {
          nextValid |= bit
          scratch.matchedNext[target] = value
          scratch.chunkNext[target] = chunkBonus
          if let trace {
            trace.steps[j * trace.width + target] = UInt8(k << 2) | source
            trace.origins[j * trace.width + target] = scratch.gapOrigin[i]
          }
        }
      }

      while work != 0 {
        let i = work.trailingZeroBitCount
        work &= work - 1
        if exact >> UInt64(i) & 1 != 0 { consider(i, 1) }
        for slot in syllables {
          var word = table.syllables[slot]
          var k = 0
          while word != 0 && i + k < m && UInt64(self.units[i + k]) == word & 0xFF {
            k += 1
            consider(i, k)
            word >>= 8
          }
        }
      }
      openGaps(at: j)
      matchedValid = nextValid
      swap(&scratch.matched, &scratch.matchedNext)
      swap(&scratch.chunk, &scratch.chunkNext)
      if matchedValid & goal != 0 && scratch.matched[m] > best {
        best = scratch.matched[m]
        bestEnd = j
      }
    }
    return (best, bestEnd)
  }
}
