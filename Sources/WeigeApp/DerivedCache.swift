import WeigeCore
import WeigeUI

/// What the views derive from the state — the map's layout, the tiles' figures — kept until the
/// state they come from changes. The clock ticks every second, and without this each tick would
/// lay out and colour the whole map again to move one clock (issue 4: idle CPU ≤ 1 % of a core).
final class DerivedCache: @unchecked Sendable {
  /// Everything the derived values depend on; the clock is not in it, except through the area
  /// index's generation when a deadline passes.
  struct Key: Equatable {
    var sequence: Int64
    var generation: Int
    var places: Int
    var focus: PlaceID?
    var filter: String
    var matches: Int?
    var size: Size
    /// The tiles' classes follow the lens; the layout does not (it keeps one lens in its key).
    var lens: Lens
  }

  private var key: Key?
  private var values: [ObjectIdentifier: Any] = [:]

  /// The value `make` gives for this key, computed once per key and kind of value.
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
