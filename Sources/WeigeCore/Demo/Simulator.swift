/// Proposes believable next events for a live district — visits, new tickets, tickets moving
/// along 点单→派单→接单→办结→评单, alerts raised and cleared — for `weige simulate`.
public struct Simulator: Sendable {
  private var random: DemoRandom

  /// What one roll of 0..<1 proposes, as cumulative bounds. Chosen so that a simulated screen shows
  /// every kind of change within seconds, busier with tickets and alerts than a district's history
  /// (`DemoHistory` files a ticket a day per 400 households): not field figures.
  enum Odds {
    /// Below this (20 %), a ticket moves one step along its flow.
    static let advanceTicket = 0.2
    /// Then up to here (15 %), a new ticket.
    static let newTicket = 0.35
    /// Then up to here (5 %), an alert cleared, or raised when none is active; the other 60 %, a visit.
    static let alert = 0.4
  }

  /// A ticket moved on is one of this many oldest not yet rated, so that tickets finish their flow
  /// within a simulated minute or two instead of all crawling forward at once.
  static let movableTickets = 50

  public init(seed: UInt64) { random = DemoRandom(seed: seed) }

  /// The next event against `ledger` at `now`, with the actor who would record it; nil for an
  /// empty district.
  public mutating func next(in ledger: Ledger, at now: Timestamp) -> (body: EventBody, actor: String)? {
    guard !ledger.householdsByStairwell.isEmpty else { return nil }
    let roll = Double.random(in: 0..<1, using: &random)
    let onDuty = DemoHistory.operatorOnDuty(at: now)
    if roll < Odds.advanceTicket, let step = advanceTicket(in: ledger, at: now) { return step }
    if roll < Odds.newTicket { return (.ticketRequested(newTicket(in: ledger, at: now)), onDuty) }
    if roll < Odds.alert {
      if let active = ledger.alerts.values.filter({ $0.clearedAt == nil }).min(by: { $0.id < $1.id }) {
        return (.alertCleared(active.id, note: "已现场处置"), onDuty)
      }
      let (stairwell, _) = randomStairwell(in: ledger)
      let id = ledger.nextAlertID
      let kind = random.pick([AlertKind.thrownObject, .bikeShedFire, .blockedFireLane])
      let raise = AlertRaise(
        id: id, kind: kind, place: stairwell, household: nil, text: kind.chineseName,
        terms: SlaPolicy.shipped.terms(kind.demandClass, kind.urgency))
      return (.alertRaised(raise), "感知设备")
    }
    let (stairwell, homes) = randomStairwell(in: ledger)
    let home = random.pick(homes)
    let visitor = ledger.holders[RoleAssignment(role: "information", place: stairwell)]?.first
    let actor = visitor.flatMap { ledger.people[$0]?.name } ?? onDuty
    return (.visitRecorded(home, visitor: visitor, note: random.pick(DemoNames.visitNotes)), actor)
  }

  private mutating func randomStairwell(in ledger: Ledger) -> (PlaceID, [HouseholdID]) {
    // Sorted keys keep the choice reproducible by seed; dictionary order is not.
    let stairwells = ledger.householdsByStairwell.keys.sorted()
    let stairwell = random.pick(stairwells)
    return (stairwell, ledger.householdsByStairwell[stairwell]!)
  }

  private mutating func newTicket(in ledger: Ledger, at now: Timestamp) -> TicketRequest {
    let (stairwell, homes) = randomStairwell(in: ledger)
    let urgency = random.pick([Urgency.normal, .normal, .normal, .urgent, .critical])
    let demandClass = random.pick(DemandClass.allCases)
    let titles =
      switch demandClass {
      case .nuisance: DemoNames.nuisanceTitles
      case .urgentAid: DemoNames.urgentAidTitles
      case .development: DemoNames.developmentTitles
      }
    let (terms, due) = Deadline.opening(at: now, demandClass, urgency, policy: .shipped, calendar: .shipped)
    return TicketRequest(
      id: ledger.nextTicketID, title: random.pick(titles),
      demandClass: demandClass, urgency: urgency, source: random.pick(TicketSource.allCases),
      place: stairwell,
      household: random.pick(homes), dueAt: due, terms: terms)
  }

  private mutating func advanceTicket(in ledger: Ledger, at now: Timestamp) -> (
    body: EventBody, actor: String
  )? {
    let movable = ledger.tickets.values.filter { $0.status != .rated }.sorted { $0.id < $1.id }
    guard !movable.isEmpty else { return nil }
    let ticket = random.pick(Array(movable.prefix(Self.movableTickets)))
    let onDuty = DemoHistory.operatorOnDuty(at: now)
    let team = ["head", "information", "logistics"].flatMap {
      ledger.holders[RoleAssignment(role: $0, place: ticket.place), default: []]
    }
    let assigneeName = ticket.assignee.flatMap { ledger.people[$0]?.name } ?? onDuty
    switch ticket.status {
    case .requested, .returned:
      guard let person = team.first else { return nil }
      return (.ticketDispatched(ticket.id, assignee: person), onDuty)
    case .dispatched:
      return (.ticketAccepted(ticket.id), assigneeName)
    case .accepted:
      return (.ticketResolved(ticket.id, note: random.pick(DemoNames.resolveNotes)), assigneeName)
    case .resolved:
      return (.ticketRated(ticket.id, score: Int.random(in: 3...5, using: &random), comment: "满意"), onDuty)
    case .rated:
      return nil
    }
  }
}
