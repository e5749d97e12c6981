import WeigeCore

/// One tile of the map: a stairwell, or a grid or community standing for its stairwells when
/// they do not all fit, or a place above the tiles standing for what was filed at it.
public struct MapUnit: Sendable, Equatable {
  /// The model holds no figures (the area index keeps them by place), so an event changes colours
  /// without rebuilding the layout.
  public var place: PlaceID
  /// Stairwells under this unit that the filter lets through (all of them without a filter).
  public var matching: Int
  /// The place itself, not what lies under it: a grid's or community's own tickets and alerts,
  /// which no tile of a finer level holds, so that every open ticket colours some tile.
  public var isOwn = false
}

/// The room the map has: rows and columns inside its border, and the label column's width.
public struct MapFrame: Sendable, Equatable {
  public var rows: Int
  public var width: Int
  public var labelWidth: Int
  /// Columns a tile takes: one glyph on a desk, wider on a wall read from across the room.
  public var tileWidth = 1
}

/// The map of the place in focus: units in labelled groups, at the finest level that fits, laid
/// out in up to three side-by-side columns of groups.
public struct MapModel: Sendable, Equatable {
  public struct Group: Sendable, Equatable {
    public var label: String
    public var units: [MapUnit]
    /// The place the group stands for, whose figures its trailer shows.
    public var place: PlaceID
  }

  public var groups: [Group]
  /// `.stairwell` when every stairwell has its own tile; `.grid` or `.community` when aggregated.
  public var unitLevel: PlaceLevel
  /// The groups of each column, in order.
  public var columns: [Range<Int>] = []
  public var columnWidth = 0
  public var tilesPerRow = 1
  /// Columns each tile takes (`MapFrame.tileWidth`).
  public var tileWidth = 1
  /// Whether every group is on screen at once; false when the map scrolls.
  public var fits = false
  /// Columns each group's trailing figure takes: the lens's figure (up to 9999, or 100%), so the
  /// layout does not move when a figure grows or the lens changes.
  public static let trailerWidth = 4
  public var trailerWidth: Int { Self.trailerWidth }

  public var units: [MapUnit] { groups.flatMap(\.units) }

  /// The map with the widest tiles (up to four columns, room for a two-digit count) at which it
  /// still fits at the finest level that fits with one glyph a tile: a desk's jiangsan has room
  /// for wide stairwell tiles, a desk's binjiang for wide grid tiles.
  public init(
    widest ledger: Ledger, focus: PlaceID?, filter: Set<PlaceID>?, filedAbove: Set<PlaceID> = [],
    frame: MapFrame
  ) {
    let narrow = MapModel(ledger: ledger, focus: focus, filter: filter, filedAbove: filedAbove, frame: frame)
    guard narrow.fits else {
      self = narrow
      return
    }
    for width in [4, 3, 2] {
      var wide = frame
      wide.tileWidth = width
      let model = MapModel(ledger: ledger, focus: focus, filter: filter, filedAbove: filedAbove, frame: wide)
      if model.fits && model.unitLevel == narrow.unitLevel {
        self = model
        return
      }
    }
    self = narrow
  }

  /// Builds the map of `focus` (everything when nil) that fits `frame`, aggregating stairwells to
  /// grids, then communities, then streets when they do not; the coarsest scrolls if even that
  /// does not fit. Each place of `filedAbove` (places other than stairwells that tickets or
  /// alerts were filed at) coarser than the tiles gets a tile of its own.
  public init(
    ledger: Ledger, focus: PlaceID?, filter: Set<PlaceID>?, filedAbove: Set<PlaceID> = [], frame: MapFrame
  ) {
    let places = ledger.subtree(of: focus)
    let inside = filedAbove.isEmpty ? [] : places.filter(filedAbove.contains)
    let stairwells = places.filter { ledger.places[$0]?.level == .stairwell }
    let focusLevel = focus.flatMap { ledger.places[$0]?.level }
    let plans: [(unit: PlaceLevel, group: PlaceLevel)] = [
      (.stairwell, Self.groupLevel(below: focusLevel)), (.grid, .community), (.community, .street),
      (.street, .district),
    ]
    var best: MapModel?
    for plan in plans where plan.unit > (focusLevel ?? .district) || plan.unit == .stairwell {
      var model = Self.build(
        ledger: ledger, stairwells: stairwells, unit: plan.unit, group: plan.group, filter: filter)
      model.addOwnTiles(
        for: inside, unit: plan.unit, group: plan.group, ledger: ledger, filtered: filter != nil)
      if model.arrange(in: frame) {
        model.fits = true
        best = model
        break
      }
      model.arrange(in: frame, columns: 1)
      best = model
    }
    self = best ?? MapModel(groups: [], unitLevel: .stairwell)
  }

  /// The tile `rows` rows below `unit` (above for negative), as drawn: the one in the same place
  /// of that row, or its last when the row is shorter (a group's last row, a short group). Rows
  /// run down each column of groups, then on at the top of the next.
  public func unit(from unit: Int, rows: Int) -> Int {
    var lines: [Range<Int>] = []
    var start = 0
    for group in groups {
      for row in stride(from: 0, to: group.units.count, by: max(1, tilesPerRow)) {
        lines.append((start + row)..<(start + min(group.units.count, row + max(1, tilesPerRow))))
      }
      start += group.units.count
    }
    guard let line = lines.firstIndex(where: { $0.contains(unit) }) else { return unit }
    let target = lines[max(0, min(lines.count - 1, line + rows))]
    return min(target.lowerBound + (unit - lines[line].lowerBound), target.upperBound - 1)
  }

  /// Rows a group takes at `tilesPerRow`.
  func rows(of group: Group) -> Int { max(1, (group.units.count + tilesPerRow - 1) / max(1, tilesPerRow)) }

  /// Lays the groups out in as few columns (up to three) as fit `frame`; false when none do.
  /// Columns are filled in order, a group never split between two.
  @discardableResult
  mutating func arrange(in frame: MapFrame, columns limit: Int = 3) -> Bool {
    tileWidth = max(1, frame.tileWidth)
    for count in 1...limit {
      columnWidth = (frame.width - (count - 1)) / count
      tilesPerRow = max(1, (columnWidth - frame.labelWidth - 1 - (trailerWidth + 1)) / tileWidth)
      if count > 1 && tilesPerRow < 12 { break }
      var ranges: [Range<Int>] = []
      var start = 0
      var used = 0
      for (index, group) in groups.enumerated() {
        let needed = rows(of: group)
        if used + needed > frame.rows && index > start {
          ranges.append(start..<index)
          start = index
          used = 0
        }
        used += needed
      }
      ranges.append(start..<groups.count)
      columns = ranges
      let fits =
        ranges.count <= count
        && ranges.allSatisfy { range in
          groups[range].reduce(0) { $0 + rows(of: $1) } <= frame.rows
        }
      if fits || count == limit {
        if !fits { columns = [0..<groups.count] }
        return fits
      }
    }
    columns = [0..<groups.count]
    return false
  }

  init(groups: [Group], unitLevel: PlaceLevel) {
    self.groups = groups
    self.unitLevel = unitLevel
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
    ledger: Ledger, stairwells: [PlaceID], unit: PlaceLevel, group: PlaceLevel, filter: Set<PlaceID>?
  ) -> MapModel {
    var groups: [Group] = []
    var positions: [PlaceID: (group: Int, unit: Int)] = [:]
    var groupOf: [PlaceID: Int] = [:]
    for stairwell in stairwells {
      let unitPlace = unit == .stairwell ? stairwell : ledger.ancestor(of: stairwell, at: unit) ?? stairwell
      let passes = filter?.contains(stairwell) ?? true
      if let position = positions[unitPlace] {
        groups[position.group].units[position.unit].matching += passes ? 1 : 0
        continue
      }
      let groupPlace =
        ledger.ancestor(of: unitPlace, at: group) ?? ledger.places[unitPlace]?.parent ?? unitPlace
      let groupIndex: Int
      if let existing = groupOf[groupPlace] {
        groupIndex = existing
      } else {
        groupIndex = groups.count
        groupOf[groupPlace] = groupIndex
        groups.append(Group(label: ledger.fieldName(of: groupPlace), units: [], place: groupPlace))
      }
      positions[unitPlace] = (groupIndex, groups[groupIndex].units.count)
      groups[groupIndex].units.append(MapUnit(place: unitPlace, matching: passes ? 1 : 0))
    }
    return MapModel(groups: groups, unitLevel: unit)
  }

  /// Gives each of `places` coarser than the `unit` level a tile of its own, first in the group
  /// it falls in; a place coarser than the groups (the focus itself, a community above grids)
  /// leads a group of its own. Under a filter of stairwells these tiles are dimmed as the
  /// stairwells it leaves out are.
  private mutating func addOwnTiles(
    for places: [PlaceID], unit: PlaceLevel, group: PlaceLevel, ledger: Ledger, filtered: Bool
  ) {
    var leading: [Group] = []
    for place in places.reversed() {
      guard let level = ledger.places[place]?.level, level < unit else { continue }
      let tile = MapUnit(place: place, matching: filtered ? 0 : 1, isOwn: true)
      let groupPlace = ledger.ancestor(of: place, at: group)
      if let index = groups.firstIndex(where: { $0.place == groupPlace }) {
        groups[index].units.insert(tile, at: 0)
      } else {
        leading.insert(
          Group(label: ledger.fieldName(of: groupPlace ?? place), units: [tile], place: place), at: 0)
      }
    }
    groups.insert(contentsOf: leading, at: 0)
  }
}
