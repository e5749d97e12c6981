import WeigeCore
import WeigeUI

/// What the views derive from the state — the map's layout, the tiles' figures, the war view's
/// laggards — kept until the state they come from changes. The clock ticks every second, and
/// without this each tick would lay out and colour the whole map again to move one clock
/// (issue 4: idle CPU ≤ 1 % of a core).
final class DerivedCache<Key: Equatable>: @unchecked Sendable {
  private var key: Key?
  private var values: [ObjectIdentifier: Any] = [:]

  /// The value `make` gives for this key, computed once per key and kind of value. `T` is never
  /// an optional: a missing value cast to an optional type would pass for a kept nil.
  func value<T>(for key: Key, _ make: () -> T) -> T {
    if key != self.key {
      self.key = key
      values.removeAll()
    }
    if let cached = values[ObjectIdentifier(T.self)] as? T { return cached }
    let made = make()
    values[ObjectIdentifier(T.self)] = made
    return made
  }
}

/// Everything the map's derived values depend on; the clock is not in it, except through the
/// area index's generation when a deadline passes.
struct MapKey: Equatable {
  var sequence: Int64
  var generation: Int
  var places: Int
  /// Places above the stairwells that tickets or alerts were filed at: each has a tile.
  var filedAbove: Int
  var focus: PlaceID?
  var filter: String
  var matches: Int?
  var size: Size
  /// The tiles' classes follow the lens; the layout does not (it keeps one lens in its key).
  var lens: Lens
  /// The order the mobilization lens colours by.
  var order: MobilizationID?
}

/// When the war view ranks an order's stairwells again (Core's `laggards`): each second, since
/// each stairwell's share of the deadline grows with time and the second's reports are in; and at
/// once when a squad is blocked, set out, done or reinforced (its state counts change). Reports
/// within a second wait for the next: a city drill brings 22,000 of them a second, and ranking
/// 25,000 squads for each frame would cost more than the frame may take. The header, the chart
/// and the outlook read the order as it is.
struct LaggardKey: Equatable {
  var order: MobilizationID
  var second: Int64
  var squads: SquadCounts
}

/// A closed order's after-action report, in the screen's language: a closed order never
/// changes, so its report is worded once.
struct ReportKey: Equatable {
  var order: MobilizationID
  var language: Language
}
