extension Ledger {
  /// The place's ancestor (or itself) at `level`, if the tree has one there.
  public func ancestor(of id: PlaceID, at level: PlaceLevel) -> PlaceID? {
    var current: PlaceID? = id
    while let next = current, let place = places[next] {
      if place.level == level { return next }
      if place.level < level { return nil }
      current = place.parent
    }
    return nil
  }

  /// A place as the field says it, the one home of that habit for the screen, the feed and the
  /// log: a stairwell or building by compound, building and unit (长江小区3幢2单元: both 长江小区 and
  /// 长江西苑 have a 12幢2单元); a grid within its compound (长江小区 第一微网格: compounds reuse grid
  /// names); anything else by its own name. A tree without compounds or buildings falls back to
  /// the place and its parent. The palette's search lines (`PlaceLabels`) space them for matching.
  public func fieldName(of id: PlaceID) -> String {
    guard let place = places[id] else { return id.description }
    switch place.level {
    case .building, .stairwell:
      let path = path(of: id)
      let short = path.filter { $0.level == .compound || $0.level >= .building }
      return (short.isEmpty ? Array(path.suffix(2)) : short).map(\.name).joined()
    case .grid:
      guard let compound = ancestor(of: id, at: .compound).flatMap({ places[$0]?.name }),
        !place.name.hasPrefix(compound)
      else { return place.name }
      return compound + " " + place.name
    case .district, .street, .community, .compound:
      return place.name
    }
  }
}
