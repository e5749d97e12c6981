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
  private var monthStart: Timestamp

  public init(_ ledger: Ledger, now: Timestamp) {
    monthStart = now.startOfMonthInChina
    for ticket in ledger.tickets.values { ticketsByPlace[ticket.place, default: []].append(ticket.id) }
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
  }

  /// Time passing: a month turning over resets coverage; deadlines passing make tickets overdue.
  public mutating func advance(to now: Timestamp, in ledger: Ledger) {
    if now.startOfMonthInChina != monthStart {
      self = AreaIndex(ledger, now: now)
      return
    }
    for (place, ids) in ticketsByPlace where figures[place] != nil {
      let overdue = ids.lazy.compactMap { ledger.tickets[$0] }.filter { $0.isOverdue(at: now) }.count
      if figures[place]?.overdueTickets != overdue {
        figures[place]?.overdueTickets = overdue
        generation += 1
      }
    }
  }

  public func figures(of stairwell: PlaceID) -> AreaFigures { figures[stairwell] ?? AreaFigures() }

  static func stairwell(touchedBy body: EventBody, in ledger: Ledger) -> PlaceID? {
    let place: PlaceID? =
      switch body {
      case .householdRegistered(let home): home.stairwell
      case .householdFlagsChanged(let id, _, _), .visitRecorded(let id, _, _):
        ledger.households[id]?.stairwell
      case .roleAssigned(_, let assignment), .roleVacated(_, let assignment, _): assignment.place
      case .ticketRequested(let request): request.place
      case .ticketDispatched(let id, _), .ticketAccepted(let id), .ticketReturned(let id, _),
        .ticketResolved(let id, _), .ticketRated(let id, _, _), .ticketReopened(let id, _),
        .ticketEscalated(let id):
        ledger.tickets[id]?.place
      case .alertRaised(let raise): raise.place
      case .alertCleared(let id, _): ledger.alerts[id]?.place
      case .placeAdded(let place): place.level == .stairwell ? place.id : nil
      case .catalogueDefined, .personRegistered: nil
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
      guard let ticket = ledger.tickets[id], ticket.status.isOpen else { continue }
      f.openTickets += 1
      if ticket.isOverdue(at: now) { f.overdueTickets += 1 }
    }
    for role in ledger.catalogue.roles where role.level == .stairwell && role.posts > 0 {
      f.teamPosts += role.posts
      let holders = ledger.holders[RoleAssignment(role: role.id, place: stairwell), default: []].count
      f.vacantPosts += max(0, role.posts - holders)
    }
    f.activeAlerts =
      alertsByPlace[stairwell, default: []].filter { ledger.alerts[$0]?.clearedAt == nil }.count
    figures[stairwell] = f
  }
}
