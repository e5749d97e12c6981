/// The levels of the place tree, outermost first; a child always sits at a deeper level,
/// though levels may be skipped (a grid without buildings holds stairwells directly).
public enum PlaceLevel: UInt8, CaseIterable, Sendable, Comparable, FieldTerm {
  case district, street, community, compound, grid, building, stairwell

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  public var chineseName: String {
    switch self {
    case .district: "区"
    case .street: "街道"
    case .community: "社区"
    case .compound: "小区"
    case .grid: "网格"
    case .building: "楼幢"
    case .stairwell: "楼道"
    }
  }
}

/// 综合网格 covers residents; 专属网格 covers an industrial park, office tower or market.
public enum GridKind: UInt8, Sendable {
  case general, dedicated
}

/// One node of the place tree.
public struct Place: Sendable, Equatable {
  public var id: PlaceID
  public var parent: PlaceID?
  public var level: PlaceLevel
  public var name: String
  public var gridKind: GridKind?
  public var children: [PlaceID] = []

  public init(id: PlaceID, parent: PlaceID?, level: PlaceLevel, name: String, gridKind: GridKind? = nil) {
    self.id = id
    self.parent = parent
    self.level = level
    self.name = name
    self.gridKind = gridKind
  }
}
