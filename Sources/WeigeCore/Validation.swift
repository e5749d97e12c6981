/// Why Core refused an event: what was asked and why it cannot be, in words an operator reads.
public struct DomainError: Error, Equatable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

extension Ledger {
  /// Checks that `body`, recorded at `time`, is legal against this state. Nothing changes either way.
  public func validate(_ body: EventBody, at time: Timestamp) throws(DomainError) {
    switch body {
    case .catalogueDefined(let catalogue):
      try validate(catalogue)
    case .placeAdded(let place):
      try validate(place)
    case .householdRegistered(let household):
      try validate(household)
    case .householdFlagsChanged(let id, _, _):
      _ = try household(id)
    case .personRegistered(let person):
      guard people[person.id] == nil else { throw DomainError("\(person.id) is already registered") }
      guard !person.name.isEmpty else { throw DomainError("a person needs a name") }
      if let home = person.household { _ = try household(home) }
    case .roleAssigned(let person, let assignment):
      try validateAssignment(of: person, to: assignment)
    case .roleVacated(let person, let assignment, _):
      let who = try self.person(person)
      guard who.roles.contains(assignment) else {
        throw DomainError(
          "\(who.name) holds no \(roleName(assignment.role)) post at \(placeName(assignment.place))")
      }
    case .ticketRequested(let request):
      guard tickets[request.id] == nil else { throw DomainError("ticket \(request.id) already exists") }
      guard !request.title.isEmpty else { throw DomainError("ticket \(request.id) needs a title") }
      _ = try place(request.place)
      if let home = request.household { _ = try household(home) }
    case .ticketDispatched(let id, let assignee):
      try requireTicket(id, in: [.requested, .returned, .dispatched], toBe: "dispatched (派单)")
      _ = try person(assignee)
    case .ticketAccepted(let id):
      try requireTicket(id, in: [.dispatched], toBe: "accepted (接单)")
    case .ticketReturned(let id, let reason):
      try requireTicket(id, in: [.dispatched, .accepted], toBe: "returned (退单)")
      guard !reason.isEmpty else { throw DomainError("returning ticket \(id) (退单) needs a reason") }
    case .ticketResolved(let id, _):
      try requireTicket(id, in: [.accepted], toBe: "resolved (办结)")
    case .ticketRated(let id, let score, _):
      try requireTicket(id, in: [.resolved], toBe: "rated (评单)")
      guard (1...5).contains(score) else { throw DomainError("a rating is 1 to 5 stars, not \(score)") }
    case .ticketReopened(let id, let reason):
      try requireTicket(id, in: [.resolved, .rated], toBe: "reopened")
      guard !reason.isEmpty else { throw DomainError("reopening ticket \(id) needs a reason") }
    case .ticketEscalated(let id):
      let ticket = try requireTicket(id, in: TicketStatus.allCases.filter(\.isOpen), toBe: "escalated (超时督办)")
      guard ticket.isOverdue(at: time) else {
        throw DomainError("ticket \(id) is not overdue: it is due \(ticket.dueAt.chinaDateTime)")
      }
      guard !ticket.isEscalated else { throw DomainError("ticket \(id) is already escalated") }
    case .visitRecorded(let id, let visitor, _):
      _ = try household(id)
      if let visitor { _ = try person(visitor) }
    case .alertRaised(let raise):
      guard alerts[raise.id] == nil else { throw DomainError("\(raise.id) already exists") }
      _ = try place(raise.place)
      if let home = raise.household { _ = try household(home) }
    case .alertCleared(let id, _):
      guard let alert = alerts[id] else { throw DomainError("there is no \(id)") }
      guard alert.clearedAt == nil else { throw DomainError("\(id) is already cleared") }
    }
  }

  private func validate(_ catalogue: RoleCatalogue) throws(DomainError) {
    guard !catalogue.roles.isEmpty else { throw DomainError("a role catalogue needs at least one role") }
    var seen = Set<RoleID>()
    for role in catalogue.roles {
      guard !role.id.isEmpty, seen.insert(role.id).inserted else {
        throw DomainError("role id '\(role.id)' is empty or appears twice in the catalogue")
      }
    }
    if let held = holders.first(where: { !$0.value.isEmpty && !seen.contains($0.key.role) }) {
      throw DomainError(
        "role '\(held.key.role)' is still held at \(placeName(held.key.place)); vacate it first")
    }
  }

  private func validate(_ place: Place) throws(DomainError) {
    guard places[place.id] == nil else { throw DomainError("\(place.id) already exists") }
    guard !place.name.isEmpty else { throw DomainError("\(place.id) needs a name") }
    if let parentID = place.parent {
      let parent = try self.place(parentID)
      guard parent.level < place.level else {
        throw DomainError(
          "a \(place.level.chineseName) cannot sit inside the \(parent.level.chineseName) \(parent.name)")
      }
    }
    guard place.gridKind == nil || place.level == .grid else {
      throw DomainError("only a grid has a grid kind; \(place.name) is a \(place.level.chineseName)")
    }
  }

  private func validate(_ household: Household) throws(DomainError) {
    guard households[household.id] == nil else { throw DomainError("\(household.id) already exists") }
    guard let stairwell = places[household.stairwell], stairwell.level == .stairwell else {
      throw DomainError(
        "household \(household.room) is in \(household.stairwell), which is not a stairwell here")
    }
    guard !household.room.isEmpty else { throw DomainError("\(household.id) needs a room") }
    guard household.residents >= 0, (0...household.residents).contains(household.aged60Plus) else {
      throw DomainError(
        "household \(household.room): \(household.aged60Plus) aged 60+ among \(household.residents) residents"
      )
    }
    let taken = householdsByStairwell[household.stairwell, default: []].contains {
      households[$0]?.room == household.room
    }
    guard !taken else {
      throw DomainError("room \(household.room) is already registered in \(stairwell.name)")
    }
  }

  private func validateAssignment(of personID: PersonID, to assignment: RoleAssignment) throws(DomainError) {
    let who = try person(personID)
    guard let role = catalogue.role(assignment.role) else {
      throw DomainError("there is no role '\(assignment.role)' in the catalogue")
    }
    let at = try place(assignment.place)
    guard at.level == role.level else {
      throw DomainError(
        "a \(role.name) serves a \(role.level.chineseName); \(at.name) is a \(at.level.chineseName)")
    }
    let current = holders[assignment, default: []]
    guard !current.contains(personID) else {
      throw DomainError("\(who.name) is already \(role.name) of \(at.name)")
    }
    if let limit = role.maxHolders, current.count >= limit {
      let names = current.compactMap { people[$0]?.name }.joined(separator: "、")
      throw DomainError("\(at.name) already has its \(role.name) (\(names)); vacate the post first")
    }
  }

  @discardableResult
  private func requireTicket(_ id: TicketID, in allowed: [TicketStatus], toBe action: String)
    throws(DomainError)
    -> Ticket
  {
    guard let ticket = tickets[id] else { throw DomainError("there is no ticket \(id)") }
    guard allowed.contains(ticket.status) else {
      let states = allowed.map(\.chineseName).joined(separator: "/")
      throw DomainError(
        "ticket \(id) is \(ticket.status.chineseName); only a \(states) ticket can be \(action)")
    }
    return ticket
  }

  private func place(_ id: PlaceID) throws(DomainError) -> Place {
    guard let place = places[id] else { throw DomainError("there is no \(id)") }
    return place
  }

  private func household(_ id: HouseholdID) throws(DomainError) -> Household {
    guard let household = households[id] else { throw DomainError("there is no \(id)") }
    return household
  }

  private func person(_ id: PersonID) throws(DomainError) -> Person {
    guard let person = people[id] else { throw DomainError("there is no \(id)") }
    return person
  }

  func roleName(_ id: RoleID) -> String { catalogue.role(id)?.name ?? id }
  func placeName(_ id: PlaceID) -> String { places[id]?.name ?? id.description }

  /// Validates and folds in one step, for callers that hold the state in memory.
  public mutating func execute(_ body: EventBody, at time: Timestamp, actor: String) throws(DomainError) {
    try validate(body, at: time)
    apply(body, time: time, actor: actor)
  }
}
