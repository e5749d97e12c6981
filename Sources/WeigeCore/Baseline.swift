/// One role's figures over a subtree.
public struct RoleFigures: Sendable, Equatable, Encodable {
  public var name: String
  /// People holding the role; may exceed `posts` where a stairwell has two officers.
  public var filled: Int
  public var posts: Int
  /// Places of the role's level with nobody in the role.
  public var vacancies: Int
  public var partyMembers: Int
  /// Party members among holders, as a fraction.
  public var partyShare: Double { filled == 0 ? 0 : Double(partyMembers) / Double(filled) }

  enum CodingKeys: String, CodingKey { case name, filled, posts, vacancies, partyMembers, partyShare }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(name, forKey: .name)
    try c.encode(filled, forKey: .filled)
    try c.encode(posts, forKey: .posts)
    try c.encode(vacancies, forKey: .vacancies)
    try c.encode(partyMembers, forKey: .partyMembers)
    try c.encode(partyShare, forKey: .partyShare)
  }
}

/// 底数: the baseline of a place and everything under it.
public struct Baseline: Sendable, Equatable, Encodable {
  public var place: String
  public var stairwells = 0
  public var households = 0
  public var residents = 0
  public var aged60Plus = 0
  /// Keyed by role id, team roles only.
  public var roles: [RoleID: RoleFigures] = [:]
  public var reserves = 0
  public var openTickets = 0
  public var overdueTickets = 0
  public var openByClass: [String: Int] = [:]
  public var overdueByClass: [String: Int] = [:]
  public var resolvedToday = 0
  public var activeAlerts = 0
  public var householdsVisitedThisMonth = 0
  /// Households visited this calendar month, as a fraction.
  public var visitCoverage: Double {
    households == 0 ? 0 : Double(householdsVisitedThisMonth) / Double(households)
  }
  /// Counts per 四必联/四掌握 flag key.
  public var flags: [String: Int] = [:]

  enum CodingKeys: String, CodingKey {
    case place, stairwells, households, residents, aged60Plus, roles, reserves, openTickets, overdueTickets
    case openByClass, overdueByClass, resolvedToday, activeAlerts, householdsVisitedThisMonth, visitCoverage
    case flags
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(place, forKey: .place)
    try c.encode(stairwells, forKey: .stairwells)
    try c.encode(households, forKey: .households)
    try c.encode(residents, forKey: .residents)
    try c.encode(aged60Plus, forKey: .aged60Plus)
    try c.encode(roles, forKey: .roles)
    try c.encode(reserves, forKey: .reserves)
    try c.encode(openTickets, forKey: .openTickets)
    try c.encode(overdueTickets, forKey: .overdueTickets)
    try c.encode(openByClass, forKey: .openByClass)
    try c.encode(overdueByClass, forKey: .overdueByClass)
    try c.encode(resolvedToday, forKey: .resolvedToday)
    try c.encode(activeAlerts, forKey: .activeAlerts)
    try c.encode(householdsVisitedThisMonth, forKey: .householdsVisitedThisMonth)
    try c.encode(visitCoverage, forKey: .visitCoverage)
    try c.encode(flags, forKey: .flags)
  }
}

extension Ledger {
  /// Every place under `root` (itself included), depth first; all places when `root` is nil.
  public func subtree(of root: PlaceID?) -> [PlaceID] {
    var result: [PlaceID] = []
    var stack = root.map { [$0] } ?? roots.reversed()
    while let id = stack.popLast() {
      guard let place = places[id] else { continue }
      result.append(id)
      stack.append(contentsOf: place.children.reversed())
    }
    return result
  }

  /// The place and its ancestors, outermost first: the breadcrumb.
  public func path(of id: PlaceID) -> [Place] {
    var result: [Place] = []
    var current: PlaceID? = id
    while let next = current, let place = places[next] {
      result.append(place)
      current = place.parent
    }
    return result.reversed()
  }

  /// Places named by `query`: a name (`江三社区`) or a `/`-joined path whose parts are the place's
  /// name and some of its ancestors' in order (`长江小区/3幢/2单元`, skipping the grid between).
  public func places(named query: String) -> [Place] {
    let parts = query.split(separator: "/").map(String.init)
    guard let last = parts.last else { return [] }
    return places.values.filter { place in
      guard place.name == last else { return false }
      var wanted = parts.dropLast()
      for ancestor in path(of: place.id).dropLast().reversed() where ancestor.name == wanted.last {
        wanted.removeLast()
      }
      return wanted.isEmpty
    }.sorted { $0.id < $1.id }
  }

  /// The baseline of `root`'s subtree (the whole store when nil) as of `now`, open tickets
  /// overdue as the duty clocks on `calendar` say (as the screen's header counts them).
  public func baseline(of root: PlaceID?, now: Timestamp, calendar: WorkingCalendar = .shipped) -> Baseline {
    var result = Baseline(place: root.map { path(of: $0).map(\.name).joined(separator: "/") } ?? "全域")
    let month = CivilMonth(inChina: now)
    let dayStart = now.startOfDayInChina
    let inside = subtree(of: root)
    let insideSet = Set(inside)
    var levelCounts: [PlaceLevel: [PlaceID]] = [:]
    for id in inside {
      guard let place = places[id] else { continue }
      levelCounts[place.level, default: []].append(id)
      guard place.level == .stairwell else { continue }
      result.stairwells += 1
      for householdID in householdsByStairwell[id, default: []] {
        guard let household = households[householdID] else { continue }
        result.households += 1
        result.residents += household.residents
        result.aged60Plus += household.aged60Plus
        if household.wasVisited(in: month) { result.householdsVisitedThisMonth += 1 }
        for entry in HouseholdFlags.all where household.flags.contains(entry.flag) {
          result.flags[entry.key, default: 0] += 1
        }
      }
    }
    for role in catalogue.roles {
      let figures = roleFigures(role, at: levelCounts[role.level, default: []])
      if role.isReserve { result.reserves += figures.filled } else { result.roles[role.id] = figures }
    }
    for ticket in tickets.values where root == nil || insideSet.contains(ticket.place) {
      if let resolved = ticket.resolvedAt, resolved >= dayStart { result.resolvedToday += 1 }
      guard ticket.status.isOpen else { continue }
      result.openTickets += 1
      result.openByClass[ticket.demandClass.key, default: 0] += 1
      if ticket.isOverdue(at: now, calendar: calendar) {
        result.overdueTickets += 1
        result.overdueByClass[ticket.demandClass.key, default: 0] += 1
      }
    }
    result.activeAlerts =
      alerts.values.filter {
        $0.clearedAt == nil && (root == nil || insideSet.contains($0.place))
      }.count
    return result
  }
}
