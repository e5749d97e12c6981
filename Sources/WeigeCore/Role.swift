/// A role's key in the catalogue, e.g. `head` for 楼道长.
public typealias RoleID = String

/// One role of a catalogue. The catalogue is data, so 一长二员, 两长两员 or a seven-role
/// micro-grid team are all expressed without code changes.
public struct RoleDefinition: Sendable, Equatable {
  public var id: RoleID
  public var name: String
  public var englishName: String
  /// The level of place a holder serves, usually the stairwell.
  public var level: PlaceLevel
  /// Posts per place of that level; vacancies count against this.
  public var posts: Int
  /// At most this many holders per place; nil for a pool such as the reserves (N of 1+2+N).
  public var maxHolders: Int?

  /// Posts left empty at one place where `held` people hold this role: the one rule every
  /// figure of vacancies (baseline, map lens, stairwell detail) counts by.
  public func vacancies(held: Int) -> Int { max(0, posts - held) }
  /// Reserves are counted apart from the team posts.
  public var isReserve: Bool

  public init(
    id: RoleID, name: String, englishName: String, level: PlaceLevel = .stairwell, posts: Int = 1,
    maxHolders: Int? = 1, isReserve: Bool = false
  ) {
    self.id = id
    self.name = name
    self.englishName = englishName
    self.level = level
    self.posts = posts
    self.maxHolders = maxHolders
    self.isReserve = isReserve
  }
}

/// The roles in force in a store, in display order.
public struct RoleCatalogue: Sendable, Equatable {
  public var roles: [RoleDefinition]

  public init(roles: [RoleDefinition]) { self.roles = roles }

  public func role(_ id: RoleID) -> RoleDefinition? { roles.first { $0.id == id } }

  /// 一长二员 + N: the stairwell head, the information officer, the logistics officer and reserves.
  /// A busy stairwell may have a second information or logistics officer, hence two holders.
  public static let stairwellTeam = RoleCatalogue(roles: [
    RoleDefinition(id: "head", name: "楼道长", englishName: "stairwell head"),
    RoleDefinition(id: "information", name: "信息员", englishName: "information officer", maxHolders: 2),
    RoleDefinition(id: "logistics", name: "保障员", englishName: "logistics officer", maxHolders: 2),
    RoleDefinition(
      id: "reserve", name: "后备力量", englishName: "reserve", posts: 0, maxHolders: nil, isReserve: true),
  ])

  /// 两长两员 as Hejiang county runs it.
  public static let twoHeadsTwoOfficers = RoleCatalogue(roles: [
    RoleDefinition(id: "building-head", name: "楼栋长", englishName: "building head", level: .building),
    RoleDefinition(id: "party-group-leader", name: "党小组长", englishName: "party group leader", level: .grid),
    RoleDefinition(id: "grid-worker", name: "网格员", englishName: "grid worker", level: .grid, maxHolders: 3),
    RoleDefinition(
      id: "registered-member", name: "双报到党员", englishName: "double-registered party member",
      level: .grid, posts: 0, maxHolders: nil, isReserve: true),
  ])
}
