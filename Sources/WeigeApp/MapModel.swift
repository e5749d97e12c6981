import WeigeCore

/// One tile of the map: a stairwell, or a grid or community standing for its stairwells when
/// they do not all fit.
public struct MapUnit: Sendable, Equatable {
  public var place: PlaceID
  public var name: String
  public var figures: AreaFigures
  /// Stairwells under this unit that the filter lets through (all of them without a filter).
  public var matching: Int
}

/// The map of the place in focus: units in labelled groups, at the finest level that fits.
public struct MapModel: Sendable, Equatable {
  public struct Group: Sendable, Equatable {
    public var label: String
    public var units: [MapUnit]
  }

  public var groups: [Group]
  /// `.stairwell` when every stairwell has its own tile; `.grid` or `.community` when aggregated.
  public var unitLevel: PlaceLevel

  public var units: [MapUnit] { groups.flatMap(\.units) }

  /// Builds the map of `focus` (everything when nil) that fits `rows` rows of `tilesPerRow` tiles,
  /// aggregating stairwells to grids, then communities, then streets when they do not.
  public init(
    ledger: Ledger, index: AreaIndex, focus: PlaceID?, filter: Set<PlaceID>?, rows: Int, tilesPerRow: Int
  ) {
    let places = ledger.subtree(of: focus)
    let stairwells = places.filter { ledger.places[$0]?.level == .stairwell }
    let focusLevel = focus.flatMap { ledger.places[$0]?.level }
    let plans: [(unit: PlaceLevel, group: PlaceLevel)] = [
      (.stairwell, Self.groupLevel(below: focusLevel)), (.grid, .community), (.community, .street),
      (.street, .district),
    ]
    var best: MapModel?
    for plan in plans where plan.unit > (focusLevel ?? .district) || plan.unit == .stairwell {
      let model = Self.build(
        ledger: ledger, index: index, stairwells: stairwells, unit: plan.unit, group: plan.group, focus: focus,
        filter: filter)
      best = model
      let needed = model.groups.reduce(0) { $0 + max(1, ($1.units.count + tilesPerRow - 1) / max(1, tilesPerRow)) }
      if needed <= rows { break }
    }
    self = best ?? MapModel(groups: [], unitLevel: .stairwell)
  }

  init(groups: [Group], unitLevel: PlaceLevel) {
    self.groups = groups
    self.unitLevel = unitLevel
  }

  /// A grid is named within its compound (长江小区 第一微网格): compounds reuse grid names.
  static func label(of place: PlaceID, in ledger: Ledger) -> String {
    guard let found = ledger.places[place] else { return "" }
    guard found.level > .compound, let compound = ledger.ancestor(of: place, at: .compound) else { return found.name }
    let compoundName = ledger.places[compound]?.name ?? ""
    return found.name.hasPrefix(compoundName) ? found.name : compoundName + " " + found.name
  }

  /// Columns for group labels: a compound and grid name need twice a community's.
  static func labelWidth(focus: PlaceLevel?) -> Int { groupLevel(below: focus) == .community ? 12 : 22 }

  /// Stairwells are grouped one level down from the focus: a district's by community, a
  /// community's by grid, a grid's by building.
  static func groupLevel(below focus: PlaceLevel?) -> PlaceLevel {
    switch focus {
    case nil, .district, .street: .community
    case .community, .compound: .grid
    case .grid, .building, .stairwell: .building
    }
  }

  private static func build(
    ledger: Ledger, index: AreaIndex, stairwells: [PlaceID], unit: PlaceLevel, group: PlaceLevel, focus: PlaceID?,
    filter: Set<PlaceID>?
  ) -> MapModel {
    var groups: [Group] = []
    var positions: [PlaceID: (group: Int, unit: Int)] = [:]
    var groupOf: [PlaceID: Int] = [:]
    for stairwell in stairwells {
      let unitPlace = unit == .stairwell ? stairwell : ledger.ancestor(of: stairwell, at: unit) ?? stairwell
      let figures = index.figures(of: stairwell)
      let passes = filter?.contains(stairwell) ?? true
      if let position = positions[unitPlace] {
        groups[position.group].units[position.unit].figures = groups[position.group].units[position.unit].figures + figures
        groups[position.group].units[position.unit].matching += passes ? 1 : 0
        continue
      }
      let groupPlace = ledger.ancestor(of: unitPlace, at: group) ?? ledger.places[unitPlace]?.parent ?? unitPlace
      let groupIndex: Int
      if let existing = groupOf[groupPlace] {
        groupIndex = existing
      } else {
        groupIndex = groups.count
        groupOf[groupPlace] = groupIndex
        groups.append(Group(label: Self.label(of: groupPlace, in: ledger), units: []))
      }
      let name =
        unit == .stairwell
        ? ledger.path(of: stairwell).filter { $0.level >= .building }.map(\.name).joined()
        : ledger.places[unitPlace]?.name ?? ""
      positions[unitPlace] = (groupIndex, groups[groupIndex].units.count)
      groups[groupIndex].units.append(MapUnit(place: unitPlace, name: name, figures: figures, matching: passes ? 1 : 0))
    }
    return MapModel(groups: groups, unitLevel: unit)
  }
}

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
}
