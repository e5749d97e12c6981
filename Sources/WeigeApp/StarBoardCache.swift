import WeigeCore

/// The board's ratings kept between events (`S`, the 星级 lens, a wall's cycle): rated whole
/// when the focus, the month or the rules change, and after that only the stairwells an event
/// touches (Core's `Ledger.starTouch(of:)`) are rated again. A city has 25,000 stairwells and
/// rating them all costs more than a frame may take (`weige bench stars`).
final class StarBoardCache: @unchecked Sendable {
  /// What the whole set of ratings depends on.
  struct Key: Equatable {
    var focus: PlaceID?
    var month: CivilMonth
    var rules: StarRules
  }

  private var key: Key?
  /// The ledger's sequence the ratings and the touches noted cover; nil when an event went by
  /// unnoted (the next read rates everything).
  private var through: Int64?
  private var inTreeOrder: [StairwellStars] = []
  /// Each one's stars, read once: sorting 25,000 ratings by a computed sum costs a frame.
  private var stars: [Int] = []
  private var position: [PlaceID: Int] = [:]
  private var sorted: [StairwellStars] = []
  /// The board's heading figures over the ratings last returned: how many have every star, and
  /// all their stars together (summed here once, not over 25,000 ratings each frame).
  private(set) var totals = (full: 0, stars: 0)
  private var touched: Set<PlaceID> = []
  private var touchesAll = false

  /// Notes an event folded into `ledger` right after the sequence `previous`.
  func note(_ touch: StarTouch, after previous: Int64, in ledger: Ledger) {
    guard through == previous else {
      through = nil
      return
    }
    through = ledger.lastSequence
    switch touch {
    case .none: break
    case .stairwells(let ids): touched.formUnion(ids)
    case .all: touchesAll = true
    }
  }

  /// The stairwells under the focus, most stars first, then in the tree's order.
  func ratings(_ key: Key, in ledger: Ledger) -> [StairwellStars] {
    if key != self.key || through != ledger.lastSequence || touchesAll {
      self.key = key
      inTreeOrder = ledger.starRatings(under: key.focus, in: key.month, rules: key.rules)
      stars = inTreeOrder.map(\.stars)
      position = Dictionary(uniqueKeysWithValues: inTreeOrder.enumerated().map { ($1.stairwell, $0) })
    } else if !touched.isEmpty {
      for id in touched {
        guard let index = position[id] else { continue }
        inTreeOrder[index] = ledger.starRating(of: id, in: key.month, rules: key.rules)
        stars[index] = inTreeOrder[index].stars
      }
    } else {
      return sorted
    }
    through = ledger.lastSequence
    touched = []
    touchesAll = false
    let stars = self.stars
    sorted = inTreeOrder.indices.sorted { (stars[$0], -$0) > (stars[$1], -$1) }.map { inTreeOrder[$0] }
    totals = (0, 0)
    for (index, rating) in inTreeOrder.enumerated() {
      totals.stars += stars[index]
      if stars[index] == rating.maximum { totals.full += 1 }
    }
    return sorted
  }
}
