/// The figures a street asks of a community each month (DESIGN.md §2): visit coverage per grid and
/// stairwell against 每月全覆盖走访, the team's posts per role with their party members, and the
/// tickets filed by demand class. Computed here, once, for `weige export report` and the baseline.

extension Household {
  /// Whether the household was visited in `month`, by its last visit: in a ledger folded through
  /// the month's end (or now, for the month under way) the last visit falls in the month exactly
  /// when some visit did. The one home of 本月走访.
  public func wasVisited(in month: CivilMonth) -> Bool { lastVisit.map(month.contains) ?? false }
}

/// A place's households and how many of them were visited in a month.
public struct VisitCoverage: Sendable, Equatable {
  /// 每月全覆盖走访: the share of households a street holds each grid and stairwell to visiting
  /// every month.
  public static let targetPercent = 95

  /// Nil for the whole store.
  public var place: PlaceID?
  public var households = 0
  public var visited = 0

  public init(place: PlaceID?) { self.place = place }

  /// Visited households as a fraction; nil where there are none to visit.
  public var share: Double? { households == 0 ? nil : Double(visited) / Double(households) }

  /// At or above the target, counted exactly in whole households (a place without households has
  /// nobody left to visit).
  public var meetsTarget: Bool { reaches(Self.targetPercent) }

  /// At or above `percent` of the households, in whole households (a star rule's own bar).
  public func reaches(_ percent: Int) -> Bool { visited * 100 >= households * percent }
}

extension Ledger {
  /// Visit coverage in `month` of every grid and every stairwell under `scope` (all when nil), in
  /// the tree's order, and of the whole scope. Read it from a ledger folded through the month's
  /// end (`Household.wasVisited(in:)`).
  public func visitCoverage(under scope: PlaceID?, in month: CivilMonth) -> (
    grids: [VisitCoverage], stairwells: [VisitCoverage], total: VisitCoverage
  ) {
    var grids: [VisitCoverage] = []
    var gridIndex: [PlaceID: Int] = [:]
    var stairwells: [VisitCoverage] = []
    var total = VisitCoverage(place: scope)
    for id in subtree(of: scope) {
      switch places[id]?.level {
      case .grid?:
        gridIndex[id] = grids.count
        grids.append(VisitCoverage(place: id))
      case .stairwell?:
        var figures = VisitCoverage(place: id)
        for home in householdsByStairwell[id, default: []].compactMap({ households[$0] }) {
          figures.households += 1
          if home.wasVisited(in: month) { figures.visited += 1 }
        }
        stairwells.append(figures)
        total.households += figures.households
        total.visited += figures.visited
        if let grid = ancestor(of: id, at: .grid), let index = gridIndex[grid] {
          grids[index].households += figures.households
          grids[index].visited += figures.visited
        }
      default:
        break
      }
    }
    return (grids, stairwells, total)
  }

  /// One role's figures over `places` (places of the role's level): holders, posts, vacancies
  /// (`RoleDefinition.vacancies`) and the party members among the holders.
  public func roleFigures(_ role: RoleDefinition, at places: [PlaceID]) -> RoleFigures {
    var figures = RoleFigures(name: role.name, filled: 0, posts: 0, vacancies: 0, partyMembers: 0)
    for id in places {
      let people = holders[RoleAssignment(role: role.id, place: id), default: []]
      figures.filled += people.count
      figures.posts += role.posts
      figures.vacancies += role.vacancies(held: people.count)
      figures.partyMembers += people.filter { self.people[$0]?.isPartyMember == true }.count
    }
    return figures
  }

  /// The tickets filed at places under `scope` (all when nil), in `month` when given, by number.
  public func tickets(under scope: PlaceID?, filedIn month: CivilMonth?) -> [Ticket] {
    let inside = scope.map { Set(subtree(of: $0)) }
    return tickets.values.filter { ticket in
      (inside?.contains(ticket.place) ?? true) && (month?.contains(ticket.requestedAt) ?? true)
    }.sorted { $0.id < $1.id }
  }

  /// The tickets filed under `scope` in `month` by demand class, in `DemandClass` order, and all
  /// of them together, as they stand at `now` (overdue on `calendar`).
  public func ticketFigures(
    under scope: PlaceID?, in month: CivilMonth?, now: Timestamp, calendar: WorkingCalendar = .shipped
  ) -> (byClass: [(DemandClass, TicketFigures)], total: TicketFigures) {
    var byClass = Dictionary(uniqueKeysWithValues: DemandClass.allCases.map { ($0, TicketFigures()) })
    var total = TicketFigures()
    for ticket in tickets(under: scope, filedIn: month) {
      byClass[ticket.demandClass]!.count(ticket, now: now, calendar: calendar)
      total.count(ticket, now: now, calendar: calendar)
    }
    return (DemandClass.allCases.map { ($0, byClass[$0]!) }, total)
  }
}

extension Ticket {
  /// Hours from the request to its resolution (办结), wall-clock: what the resident waited. Nil
  /// while it is not resolved (a reopened ticket waits again from its request).
  public var resolutionHours: Double? {
    resolvedAt.map { Double($0.rawValue - requestedAt.rawValue) / 3_600_000 }
  }

  /// A rating of 4 or 5 stars counts as satisfied (满意); nil until rated.
  public var isSatisfied: Bool? { rating.map { $0 >= 4 } }

  /// Whether the ticket ran past its deadline: open and overdue on the duty clocks at `now`, or
  /// resolved after its `dueAt` (as the ticket detail says 超时办结).
  public func missedDeadline(at now: Timestamp, calendar: WorkingCalendar) -> Bool {
    isOverdue(at: now, calendar: calendar) || resolvedAt.map { $0 > dueAt } == true
  }

  /// When it last entered `status` (接单, 办结, 评单), from its timeline; nil if it never did.
  public func lastTime(_ status: TicketStatus) -> Timestamp? {
    timeline.last { $0.status == status }?.time
  }
}

/// Tickets counted together: how many were filed and resolved, how long resolving took, how the
/// residents rated them, how many missed their deadline.
public struct TicketFigures: Sendable, Equatable {
  public var filed = 0
  public var resolved = 0
  /// Each resolved ticket's `resolutionHours`.
  public private(set) var resolutionHours: [Double] = []
  public var rated = 0
  public var ratingTotal = 0
  public var satisfied = 0
  public var overdue = 0

  public init() {}

  mutating func count(_ ticket: Ticket, now: Timestamp, calendar: WorkingCalendar) {
    filed += 1
    if let hours = ticket.resolutionHours {
      resolved += 1
      resolutionHours.append(hours)
    }
    if let rating = ticket.rating {
      rated += 1
      ratingTotal += rating
      if ticket.isSatisfied == true { satisfied += 1 }
    }
    if ticket.missedDeadline(at: now, calendar: calendar) { overdue += 1 }
  }

  /// The middle resolution time (the mean of the two middle ones for an even count).
  public var medianHours: Double? {
    guard !resolutionHours.isEmpty else { return nil }
    let sorted = resolutionHours.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }

  public var meanHours: Double? {
    resolutionHours.isEmpty ? nil : resolutionHours.reduce(0, +) / Double(resolutionHours.count)
  }

  public var meanRating: Double? { rated == 0 ? nil : Double(ratingTotal) / Double(rated) }

  /// Satisfied ratings among the rated.
  public var satisfiedShare: Double? { rated == 0 ? nil : Double(satisfied) / Double(rated) }
}
