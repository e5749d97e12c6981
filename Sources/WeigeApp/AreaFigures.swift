import WeigeCore

/// What the map colours a tile by: one stairwell's figures, or the sum over a grid or community.
public struct AreaFigures: Sendable, Equatable {
  public var stairwells = 0
  public var households = 0
  public var visitedThisMonth = 0
  public var openTickets = 0
  public var overdueTickets = 0
  public var teamPosts = 0
  public var vacantPosts = 0
  public var needsCare = 0
  public var activeAlerts = 0
  /// Holders and party members among them, per team role in catalogue order (up to eight roles).
  public var roleHolders = SIMD8<Int32>()
  public var roleParty = SIMD8<Int32>()
  public var resolvedToday = 0
  public var ratings = 0
  public var ratingSum = 0

  public init() {}

  public static func + (lhs: Self, rhs: Self) -> Self {
    var sum = lhs
    sum.stairwells += rhs.stairwells
    sum.households += rhs.households
    sum.visitedThisMonth += rhs.visitedThisMonth
    sum.openTickets += rhs.openTickets
    sum.overdueTickets += rhs.overdueTickets
    sum.teamPosts += rhs.teamPosts
    sum.vacantPosts += rhs.vacantPosts
    sum.needsCare += rhs.needsCare
    sum.activeAlerts += rhs.activeAlerts
    sum.roleHolders &+= rhs.roleHolders
    sum.roleParty &+= rhs.roleParty
    sum.resolvedToday += rhs.resolvedToday
    sum.ratings += rhs.ratings
    sum.ratingSum += rhs.ratingSum
    return sum
  }
}

/// Per-stairwell figures kept current event by event, so that a new event costs the work of one
/// stairwell rather than a pass over a million households (issue 4: ≤ 5 ms from event to frame).
public struct AreaIndex: Sendable {
  public private(set) var figures: [PlaceID: AreaFigures] = [:]
  /// Bumped whenever a figure changes, so views can tell their derived values are stale.
  public private(set) var generation = 0
  /// Tickets and alerts by the place they were filed at, to recount one stairwell quickly.
  private var ticketsByPlace: [PlaceID: [TicketID]] = [:]
  private var alertsByPlace: [PlaceID: [AlertID]] = [:]
  /// Open tickets per place (a stairwell, or any place a ticket was filed at), so the tickets pane
  /// never scans the closed ones.
  public private(set) var openTickets: [PlaceID: [TicketID]] = [:]
  private var monthStart: Timestamp
  private var dayStart: Timestamp
  private var lastDeadlineCheck: Timestamp

  public init(_ ledger: Ledger, now: Timestamp) {
    monthStart = now.startOfMonthInChina
    dayStart = now.startOfDayInChina
    lastDeadlineCheck = now
    for ticket in ledger.tickets.values { ticketsByPlace[ticket.place, default: []].append(ticket.id) }
    for place in ticketsByPlace.keys { recountOpenTickets(at: place, in: ledger) }
    for alert in ledger.alerts.values { alertsByPlace[alert.place, default: []].append(alert.id) }
    for stairwell in ledger.householdsByStairwell.keys { recount(stairwell, in: ledger, now: now) }
    for place in ledger.places.values where place.level == .stairwell && figures[place.id] == nil {
      recount(place.id, in: ledger, now: now)
    }
  }

  /// Folds in an event the ledger has just applied.
  public mutating func note(_ body: EventBody, in ledger: Ledger, now: Timestamp) {
    switch body {
    case .ticketRequested(let request):
      ticketsByPlace[request.place, default: []].append(request.id)
    case .alertRaised(let raise):
      alertsByPlace[raise.place, default: []].append(raise.id)
    default:
      break
    }
    if let stairwell = Self.stairwell(touchedBy: body, in: ledger) {
      recount(stairwell, in: ledger, now: now)
    }
    if let place = Self.ticketPlace(of: body, in: ledger) { recountOpenTickets(at: place, in: ledger) }
  }

  static func ticketPlace(of body: EventBody, in ledger: Ledger) -> PlaceID? {
    switch body {
    case .ticketRequested(let request): request.place
    case .ticketDispatched(let id, _), .ticketAccepted(let id), .ticketReturned(let id, _),
      .ticketResolved(let id, _), .ticketRated(let id, _, _), .ticketReopened(let id, _),
      .ticketEscalated(let id):
      ledger.tickets[id]?.place
    default: nil
    }
  }

  private mutating func recountOpenTickets(at place: PlaceID, in ledger: Ledger) {
    let open = ticketsByPlace[place, default: []].filter { ledger.tickets[$0]?.status.isOpen == true }
    openTickets[place] = open.isEmpty ? nil : open
  }

  /// Time passing: a month turning over resets coverage; deadlines passing make tickets overdue.
  public mutating func advance(to now: Timestamp, in ledger: Ledger) {
    if now.startOfMonthInChina != monthStart || now.startOfDayInChina != dayStart {
      self = AreaIndex(ledger, now: now)
      return
    }
    // Deadlines are checked every ten seconds, not every tick: overdue counts a few seconds late
    // do not matter to a command room, a city's worth of checks every second does (idle CPU).
    guard now.rawValue - lastDeadlineCheck.rawValue >= 10_000 else { return }
    lastDeadlineCheck = now
    // Only open tickets can turn overdue: a few thousand at city scale, not every ticket ever filed.
    for (place, ids) in openTickets where figures[place] != nil {
      let overdue = ids.lazy.compactMap { ledger.tickets[$0] }.filter { $0.isOverdue(at: now) }.count
      if figures[place]?.overdueTickets != overdue {
        figures[place]?.overdueTickets = overdue
        generation += 1
      }
    }
  }

  public func figures(of stairwell: PlaceID) -> AreaFigures { figures[stairwell] ?? AreaFigures() }

  /// The stairwell team's roles (一长二员), in catalogue order: the header's party shares follow it.
  static func teamRoles(of ledger: Ledger) -> [RoleDefinition] {
    ledger.catalogue.roles.filter { $0.level == .stairwell && $0.posts > 0 && !$0.isReserve }
  }

  static func stairwell(touchedBy body: EventBody, in ledger: Ledger) -> PlaceID? {
    let place: PlaceID? =
      switch body {
      case .householdRegistered(let home): home.stairwell
      case .householdFlagsChanged(let id, _, _), .visitRecorded(let id, _, _):
        ledger.households[id]?.stairwell
      case .roleAssigned(_, let assignment), .roleVacated(_, let assignment, _): assignment.place
      case .alertRaised(let raise): raise.place
      case .alertCleared(let id, _): ledger.alerts[id]?.place
      case .placeAdded(let place): place.level == .stairwell ? place.id : nil
      case .catalogueDefined, .personRegistered: nil
      default: ticketPlace(of: body, in: ledger)
      }
    guard let place, ledger.places[place]?.level == .stairwell else { return nil }
    return place
  }

  private mutating func recount(_ stairwell: PlaceID, in ledger: Ledger, now: Timestamp) {
    var f = AreaFigures()
    f.stairwells = 1
    for id in ledger.householdsByStairwell[stairwell, default: []] {
      guard let home = ledger.households[id] else { continue }
      f.households += 1
      if let visit = home.lastVisit, visit >= monthStart { f.visitedThisMonth += 1 }
      if !home.flags.intersection(.needsCare).isEmpty { f.needsCare += 1 }
    }
    for id in ticketsByPlace[stairwell, default: []] {
      guard let ticket = ledger.tickets[id] else { continue }
      if let resolved = ticket.resolvedAt, resolved >= dayStart { f.resolvedToday += 1 }
      if let rating = ticket.rating {
        f.ratings += 1
        f.ratingSum += rating
      }
      guard ticket.status.isOpen else { continue }
      f.openTickets += 1
      if ticket.isOverdue(at: now) { f.overdueTickets += 1 }
    }
    for (index, role) in Self.teamRoles(of: ledger).prefix(8).enumerated() {
      let holders = ledger.holders[RoleAssignment(role: role.id, place: stairwell), default: []]
      f.teamPosts += role.posts
      f.vacantPosts += max(0, role.posts - holders.count)
      f.roleHolders[index] = Int32(holders.count)
      f.roleParty[index] = Int32(holders.filter { ledger.people[$0]?.isPartyMember == true }.count)
    }
    f.activeAlerts =
      alertsByPlace[stairwell, default: []].filter { ledger.alerts[$0]?.clearedAt == nil }.count
    figures[stairwell] = f
  }
}
