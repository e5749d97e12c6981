import Foundation
import Synchronization

// Answering a query: scan the candidates (or the previous query's matches) on all cores, keep the
// best few per core in a small heap, and trace the matched characters of the winners only.

/// One candidate found by a query, with what the palette needs to draw it.
public struct PaletteMatch: Sendable, Equatable {
  /// Position of the candidate in the list the index was built from.
  public let candidate: Int
  public let score: Int
  /// UTF-16 offsets of the matched characters in the candidate's text, ascending; a Han character
  /// matched by its pinyin counts as matched.
  public let positions: [Int]
}

/// The answer to one query.
public struct PaletteResult: Sendable {
  public let query: PaletteQuery
  /// The best matches, best first.
  public let matches: [PaletteMatch]
  /// Every matching candidate in index order, and when the search did not count, also those it
  /// skipped untested because they could not rank: the next, narrower query rescans only these.
  let candidates: [Int32]
  /// How many candidates match in all, when the search counted them (`counting: true`).
  public let matchCount: Int?
}

/// How much the operator's history favours each candidate; the ranking's tie-breaker after the
/// score (see `Frecency`).
public struct PaletteBoosts: Sendable {
  let levels: [Int32: UInt8]

  public static let none = PaletteBoosts(favourites: [])

  /// Candidates in order of preference, most preferred first; only the first 255 count.
  public init(favourites: [Int]) {
    var levels: [Int32: UInt8] = [:]
    for (rank, candidate) in favourites.prefix(255).enumerated() where levels[Int32(candidate)] == nil {
      levels[Int32(candidate)] = UInt8(255 - rank)
    }
    self.levels = levels
  }

  @inline(__always)
  func level(of candidate: Int32) -> UInt64 { UInt64(levels[candidate] ?? 0) }
}

/// The ranking key of a match as one integer, larger is better: score, then the operator's
/// preference, then shorter text (fzf's default tie-break: the tighter name is likelier meant),
/// then earlier in the list.
///
///     bit 63        42 41     34 33       24 23             0
///         [ score+2²¹ ][ boost  ][1023 - len][ 2²⁴-1 - index ]
enum RankingKey {
  static let scoreBias: Int64 = 1 << 21
  static let boostShift: UInt64 = 34
  static let maximumIndex = 1 << 24 - 1

  @inline(__always)
  static func make(score: Int32, length: Int, candidate: Int32) -> UInt64 {
    let biased = UInt64(min(max(Int64(score) + scoreBias, 0), 2 * scoreBias - 1))
    return biased << 42 | UInt64(1023 - min(length, 1023)) << 24
      | UInt64(maximumIndex - Int(candidate))
  }

  @inline(__always)
  static func candidate(_ key: UInt64) -> Int32 { Int32(maximumIndex - Int(key & 0xFF_FFFF)) }

  @inline(__always)
  static func score(_ key: UInt64) -> Int { Int(Int64(key >> 42) - scoreBias) }
}

/// The lowest key the pieces of a scan have kept `limit` of, shared while they run: a key at or
/// below it cannot be among the best `limit`, whichever piece meets it. The people of a city are
/// ranked against the rooms' best scores instead of each piece finding its own.
final class KeptBar: Sendable {
  private let value = Atomic<UInt64>(0)

  var key: UInt64 { value.load(ordering: .relaxed) }

  /// Raises the bar to `key`, if that is higher.
  func raise(to key: UInt64) {
    var current = value.load(ordering: .relaxed)
    while current < key {
      let (exchanged, original) = value.compareExchange(
        expected: current, desired: key, ordering: .relaxed)
      if exchanged { return }
      current = original
    }
  }
}

/// The `limit` largest keys seen, as a binary min-heap: a candidate that cannot beat the smallest
/// kept key costs one comparison.
struct TopKeys {
  private(set) var keys: [UInt64] = []
  let limit: Int

  init(limit: Int) {
    self.limit = limit
    keys.reserveCapacity(limit)
  }

  /// The key a new one must beat once the heap is full; nothing enters a heap of no places.
  var threshold: UInt64 { limit == 0 ? .max : keys.count < limit ? 0 : keys[0] }

  mutating func insert(_ key: UInt64) {
    guard limit > 0 else { return }
    if keys.count < limit {
      keys.append(key)
      var child = keys.count - 1
      while child > 0 {
        let parent = (child - 1) / 2
        guard keys[parent] > keys[child] else { break }
        keys.swapAt(parent, child)
        child = parent
      }
    } else if key > keys[0] {
      keys[0] = key
      var parent = 0
      while true {
        let left = 2 * parent + 1
        let right = left + 1
        var smallest = parent
        if left < keys.count && keys[left] < keys[smallest] { smallest = left }
        if right < keys.count && keys[right] < keys[smallest] { smallest = right }
        if smallest == parent { break }
        keys.swapAt(parent, smallest)
        parent = smallest
      }
    }
  }
}

extension PaletteIndex {
  /// Candidates matching `query`, the best `limit` of them ranked. Pass the result of a query that
  /// `query` narrows (`PaletteQuery.isNarrowed(by:)`) as `previous` to rescan only its matches.
  ///
  /// Without `counting`, a candidate whose ranking key could not enter the best `limit` even with
  /// the highest score possible is kept for the next keystroke without being tested: when `ch`
  /// matches 99 % of a city, the keystroke costs a look at each candidate's length instead of a
  /// match test, and the test waits for a query selective enough to need it. The palette shows
  /// the best, not how many match; a count costs the full test.
  public func search(
    _ query: PaletteQuery, limit: Int = 50, boosts: PaletteBoosts = .none,
    narrowing previous: PaletteResult? = nil, counting: Bool = false
  ) -> PaletteResult {
    precondition(count <= RankingKey.maximumIndex, "ranking key holds 24-bit candidate numbers")
    let narrowed = previous.flatMap { $0.query.isNarrowed(by: query) ? $0 : nil }
    let subset = narrowed?.candidates
    let compiled = CompiledQuery(query)
    let total = subset?.count ?? count
    let pieces = Self.pieceCount(for: total)
    let size = (total + pieces - 1) / max(pieces, 1)
    let bar = KeptBar()
    let parts = Self.parallelMap(pieces) { piece in
      scan(
        min(piece * size, total)..<min((piece + 1) * size, total), of: subset, for: compiled, limit: limit,
        boosts: boosts, counting: counting, bar: bar)
    }
    var candidates = parts.count == 1 ? parts[0].matched : []
    if parts.count > 1 {
      // Appended part by part, each one copy; `joined()` would iterate a million elements.
      candidates.reserveCapacity(parts.reduce(0) { $0 + $1.matched.count })
      for part in parts { candidates.append(contentsOf: part.matched) }
    }
    let winners = parts.flatMap(\.top.keys).sorted(by: >).prefix(limit)
    let matches = winners.map { key in
      let candidate = Int(RankingKey.candidate(key))
      return PaletteMatch(
        candidate: candidate, score: RankingKey.score(key), positions: positions(of: compiled, in: candidate))
    }
    let count = counting ? parts.reduce(0) { $0 + $1.matched.count } : nil
    return PaletteResult(query: query, matches: matches, candidates: candidates, matchCount: count)
  }

  /// One piece of a scan: the candidates (or subset entries) in `range`.
  ///
  /// Each term resumes a candidate after the prefix it shares with the last candidate the term
  /// was run on (see `AlignmentScratch.checkpoints`): lists from a place tree are sorted, so a
  /// stairwell's rooms share everything up to the room number.
  private func scan(
    _ range: Range<Int>, of subset: [Int32]?, for query: CompiledQuery, limit: Int, boosts: PaletteBoosts,
    counting: Bool, bar: KeptBar
  ) -> (matched: [Int32], top: TopKeys) {
    var matched: [Int32] = []
    matched.reserveCapacity(range.count)
    var top = TopKeys(limit: limit)
    guard !range.isEmpty else { return (matched, top) }
    let scratches = UnsafeMutableBufferPointer<AlignmentScratch>.allocate(capacity: max(1, query.terms.count))
    _ = scratches.initialize(from: (0..<scratches.count).lazy.map { _ in AlignmentScratch() })
    defer {
      for scratch in scratches { scratch.deallocate() }
      scratches.deallocate()
    }
    let hasBoosts = !boosts.levels.isEmpty
    let mask = query.mask
    withBuffers(subset: subset, terms: query.terms) { units, starts, masks, shared, subset, terms in
      let table = UnitTable.shared
      let single = terms.count == 1 && terms[0].count == 1

      /// Units candidate c shares with an earlier candidate: the least shared prefix of the
      /// candidates in between, when there are few of them.
      func sharedPrefix(of c: Int, with earlier: Int) -> Int {
        guard earlier >= 0, c - earlier <= 16 else { return 0 }
        var length = 255
        for k in (earlier + 1)...c { length = min(length, Int(shared[k])) }
        return length
      }

      var lastReached = -1
      var lastAligned = -1

      /// Whether every term matches, by the match test alone; one-character terms only with
      /// `singles`, since scoring them costs no more than testing them. Every term runs, so that
      /// every term's checkpoints belong to this candidate.
      func passes(_ c: Int, _ text: UnsafePointer<UInt16>, _ length: Int, singles: Bool) -> Bool {
        let reachShared = sharedPrefix(of: c, with: lastReached)
        lastReached = c
        var all = true
        for t in 0..<terms.count {
          if terms[t].count > 1 {
            let matchesTerm = terms[t].matches(
              text, count: length, table: table, scratch: &scratches[t], shared: reachShared)
            all = all && matchesTerm
          } else if singles && all {
            all = terms[t].matchesSingle(text, count: length)
          }
        }
        return all
      }

      // Whether to run the match test before aligning: when most candidates match (ch matches
      // every 幢, read chuang), the test only adds to the alignment, which finds non-matches by
      // itself. Re-decided every 1,024 candidates (enough to judge the rate, few enough to change
      // course early) from how many of them matched.
      var testing = true
      var examined = 0
      var found = 0
      let boostCeiling: UInt64 = hasBoosts ? 0xFF << RankingKey.boostShift : 0
      var threshold = top.threshold
      for position in range {
        if position & 255 == 0 { threshold = max(threshold, bar.key) }
        let candidate = subset.isEmpty ? Int32(position) : subset[position]
        let c = Int(candidate)
        guard masks[c] & mask == mask else { continue }
        let start = Int(starts[c])
        let length = Int(starts[c + 1]) - start
        let text = units + start
        let rankedLength = terms.isEmpty ? 1023 : length  // an empty query keeps the list's order
        // A candidate that could not enter the kept best even scoring the ceiling is not aligned:
        // it is kept untested, or when counting, only tested. Once the kept best score the
        // ceiling (长 at the start of a name does for ch), that is most candidates.
        let reachable = RankingKey.make(score: query.ceiling, length: rankedLength, candidate: candidate)
        if reachable | boostCeiling <= threshold {
          if !counting || passes(c, text, length, singles: true) { matched.append(candidate) }
          continue
        }
        var score: Int32 = 0
        if single {
          let value = terms[0].alignSingle(text, count: length, table: table)
          guard value > Alignment.none else { continue }
          score = Alignment.score(value)
        } else if !terms.isEmpty {
          examined += 1
          if examined == 1024 {
            testing = found * 2 < examined
            examined = 0
            found = 0
          }
          if testing {
            guard passes(c, text, length, singles: false) else { continue }
          }
          let alignShared = sharedPrefix(of: c, with: lastAligned)
          lastAligned = c
          guard let total = Self.score(terms, text, length, table, scratches, shared: alignShared) else {
            continue
          }
          score = total
        }
        found += 1
        matched.append(candidate)
        var key = RankingKey.make(score: score, length: rankedLength, candidate: candidate)
        if hasBoosts, key | 0xFF << RankingKey.boostShift > threshold {
          key |= boosts.level(of: candidate) << RankingKey.boostShift
        }
        if key > threshold {
          top.insert(key)
          if top.threshold > threshold {
            threshold = top.threshold
            bar.raise(to: threshold)
          }
        }
      }
    }
    return (matched, top)
  }

  /// Runs `body` with the index's arrays, the subset (empty for all candidates) and the terms as
  /// raw buffers, so the scanning loop does no reference counting.
  private func withBuffers(
    subset: [Int32]?, terms: [CompiledTerm],
    _ body: (
      UnsafePointer<UInt16>, UnsafePointer<UInt32>, UnsafePointer<UInt64>, UnsafePointer<UInt8>,
      UnsafeBufferPointer<Int32>, UnsafeBufferPointer<CompiledTerm>
    ) -> Void
  ) {
    units.withUnsafeBufferPointer { units in
      starts.withUnsafeBufferPointer { starts in
        masks.withUnsafeBufferPointer { masks in
          (subset ?? []).withUnsafeBufferPointer { subset in
            terms.withUnsafeBufferPointer { terms in
              sharedPrefix.withUnsafeBufferPointer { shared in
                body(
                  units.baseAddress!, starts.baseAddress!, masks.baseAddress!, shared.baseAddress!, subset,
                  terms)
              }
            }
          }
        }
      }
    }
  }

  /// The sum of the terms' best scores, plus `Score.termOrder` for each term that starts after the
  /// one typed before it; nil when a term does not match.
  @inline(__always)
  private static func score(
    _ terms: UnsafeBufferPointer<CompiledTerm>, _ text: UnsafePointer<UInt16>, _ length: Int,
    _ table: UnitTable,
    _ scratches: UnsafeMutableBufferPointer<AlignmentScratch>, shared: Int
  ) -> Int32? {
    var total: Int32 = 0
    var previousStart = Int.max
    var matchesAll = true
    for t in 0..<terms.count {
      let value =
        terms[t].count == 1
        ? terms[t].alignSingle(text, count: length, table: table)
        : terms[t].align(text, count: length, table: table, scratch: &scratches[t], shared: shared).value
      // One-character terms skip the match test, scoring them is as cheap; the terms after one
      // that fails still run, so that every term's checkpoints belong to this candidate.
      matchesAll = matchesAll && value > Alignment.none
      let start = Alignment.startUnit(value)
      total &+= Alignment.score(value) + (start > previousStart ? Score.termOrder : 0)
      previousStart = start
    }
    return matchesAll ? total : nil
  }

  /// The matched units of every term, traced for one candidate the palette will show.
  func positions(of query: CompiledQuery, in candidate: Int) -> [Int] {
    guard !query.terms.isEmpty else { return [] }
    let start = Int(starts[candidate])
    let length = Int(starts[candidate + 1]) - start
    var scratch = AlignmentScratch()
    defer { scratch.deallocate() }
    let width = query.longestTerm + 1
    let steps = UnsafeMutablePointer<UInt8>.allocate(capacity: max(length, 1) * width)
    let origins = UnsafeMutablePointer<Int32>.allocate(capacity: max(length, 1) * width)
    defer {
      steps.deallocate()
      origins.deallocate()
    }
    let trace = AlignmentTrace(steps: steps, origins: origins, width: width)
    var positions = Set<Int>()
    units.withUnsafeBufferPointer { units in
      for term in query.terms {
        let end = term.align(
          units.baseAddress! + start, count: length, table: .shared, scratch: &scratch, trace: trace
        ).end
        if end >= 0 { positions.formUnion(trace.matchedUnits(end: end, termLength: term.count)) }
      }
    }
    return positions.sorted()
  }
}
