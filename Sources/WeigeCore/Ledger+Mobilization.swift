/// A squad of an order, as a person's membership names it.
struct SquadMembership: Sendable, Hashable {
  var order: MobilizationID
  var stairwell: PlaceID
}

/// Whether a place is at peace, at war, or in a drill (演练) of war.
public enum WarState: UInt8, Sendable, FieldTerm {
  case peace, drill, war

  public var chineseName: String {
    switch self {
    case .peace: "平时"
    case .drill: "演练"
    case .war: "战时"
    }
  }
}

extension Ledger {
  // MARK: Peace and war

  /// The open orders whose scope holds `place` (the place itself or a place above it), oldest
  /// first: what the header reads for the place in focus.
  public func mobilizations(covering place: PlaceID) -> [Mobilization] {
    var found: [MobilizationID] = []
    var current: PlaceID? = place
    while let id = current, let node = places[id] {
      found += openMobilizations[id, default: []]
      current = node.parent
    }
    return found.sorted().compactMap { mobilizations[$0] }
  }

  /// The open orders whose scope lies within `place` (itself included): a district's header can
  /// say that a community inside it is at war.
  public func mobilizations(within place: PlaceID) -> [Mobilization] {
    openMobilizations.filter { contains(place, $0.key) }.values.flatMap { $0 }.sorted()
      .compactMap { mobilizations[$0] }
  }

  /// 战时 where an open order covers the place, 演练 where only drills do, else 平时. Closing the
  /// last order over a place returns it to peace.
  public func warState(of place: PlaceID) -> WarState {
    let covering = mobilizations(covering: place)
    if covering.contains(where: { !$0.isDrill }) { return .war }
    return covering.isEmpty ? .peace : .drill
  }

  /// Whether an open order covers the place: war, or a drill of it (the war view shows either,
  /// a drill watermarked 演练; `warState` tells them apart).
  public func isAtWar(_ place: PlaceID) -> Bool { warState(of: place) != .peace }

  /// Whether `inner` is `outer` or lies under it.
  public func contains(_ outer: PlaceID, _ inner: PlaceID) -> Bool {
    var current: PlaceID? = inner
    while let id = current, let place = places[id] {
      if id == outer { return true }
      current = place.parent
    }
    return false
  }

  /// Two scopes overlap when one holds the other (places form a tree).
  public func overlaps(_ first: PlaceID, _ second: PlaceID) -> Bool {
    contains(first, second) || contains(second, first)
  }

  /// The stairwells under `scope` (itself, if it is one), depth first: one squad each.
  public func stairwells(in scope: PlaceID) -> [PlaceID] {
    subtree(of: scope).filter { places[$0]?.level == .stairwell }
  }

  /// Who is in a squad not yet done of an open order overlapping `scope`, and in which (the
  /// first by order and stairwell, when a person is in several): nobody of them may be put in
  /// another squad over the same ground. Read from the open orders when a writer asks rather
  /// than kept by the fold: a city's ten orders have 77,000 members, and indexing them was most
  /// of the frame that folds the orders on every screen watching.
  func squadsInProgress(overlapping scope: PlaceID) -> [PersonID: SquadMembership] {
    var busy: [PersonID: SquadMembership] = [:]
    for id in openMobilizations.values.joined().sorted() {
      guard let order = mobilizations[id], overlaps(order.scope, scope) else { continue }
      for squad in order.squads where squad.status != .done {
        for member in squad.members {
          if let held = busy[member.person], held.order != id || held.stairwell < squad.stairwell { continue }
          busy[member.person] = SquadMembership(order: id, stairwell: squad.stairwell)
        }
      }
    }
    return busy
  }

  /// The order and squad a membership names.
  func squad(_ membership: SquadMembership) -> (order: Mobilization, squad: Squad)? {
    guard let order = mobilizations[membership.order], let squad = order.squad(at: membership.stairwell)
    else { return nil }
    return (order, squad)
  }

  // MARK: Forming squads

  /// Squads for every stairwell under `scope`, as the field forms them: the stairwell's own team
  /// first (its non-reserve roles in catalogue order, first holders before second ones), a vacancy
  /// filled from that stairwell's reserves, then from its grid's (reserves held at the grid, then
  /// reserves of the grid's other stairwells their own squads did not need). Nobody already in an
  /// active squad of an overlapping open order is taken, and nobody twice; a stairwell left with
  /// fewer than three has a short-handed squad.
  public func formSquads(for scope: PlaceID) -> [SquadFormation] {
    let stairwells = self.stairwells(in: scope)
    let busy = squadsInProgress(overlapping: scope)
    var taken = Set<PersonID>()
    func available(_ person: PersonID) -> Bool {
      !taken.contains(person) && people[person] != nil && busy[person] == nil
    }
    func holders(of roles: [RoleDefinition], at place: PlaceID) -> [PersonID] {
      // Round by round: every role's first holder, then every role's second.
      let lists = roles.map { self.holders[RoleAssignment(role: $0.id, place: place), default: []] }
      let rounds = lists.map(\.count).max() ?? 0
      return (0..<rounds).flatMap { round in lists.compactMap { round < $0.count ? $0[round] : nil } }
    }
    let team = catalogue.roles.filter { !$0.isReserve && $0.level == .stairwell }
    let stairwellReserves = catalogue.roles.filter { $0.isReserve && $0.level == .stairwell }
    let gridReserves = catalogue.roles.filter { $0.isReserve && $0.level == .grid }

    var squads = stairwells.map { SquadFormation(stairwell: $0, members: []) }
    for index in squads.indices {
      let stairwell = squads[index].stairwell
      for person in holders(of: team, at: stairwell) + holders(of: stairwellReserves, at: stairwell)
      where squads[index].members.count < Squad.fullStrength && available(person) {
        squads[index].members.append(person)
        taken.insert(person)
      }
    }
    var gridPools: [PlaceID: [PersonID]] = [:]
    for index in squads.indices where squads[index].members.count < Squad.fullStrength {
      guard let grid = ancestor(of: squads[index].stairwell, at: .grid) else { continue }
      if gridPools[grid] == nil {
        gridPools[grid] =
          holders(of: gridReserves, at: grid)
          + self.stairwells(in: grid).flatMap { holders(of: stairwellReserves, at: $0) }
      }
      for person in gridPools[grid]!
      where squads[index].members.count < Squad.fullStrength && available(person) {
        squads[index].members.append(person)
        taken.insert(person)
      }
    }
    return squads
  }

  // MARK: The fold's steps

  mutating func issue(_ order: MobilizationOrder, at time: Timestamp, by actor: String) {
    guard mobilizations[order.id] == nil else { return }
    var seen = Set<PlaceID>(minimumCapacity: order.squads.count)
    let squads = order.squads.filter { seen.insert($0.stairwell).inserted }.map { formation in
      var squad = Squad(
        stairwell: formation.stairwell, members: formation.members.map { SquadMember(person: $0) })
      squad.tally.households = householdsByStairwell[formation.stairwell]?.count ?? 0
      if squad.tally.households == 0 { squad.finishedAt = time }
      return squad
    }
    var mobilization = Mobilization(
      id: order.id, title: order.title, task: order.task, scope: order.scope, isDrill: order.isDrill,
      drillSpeed: order.drillSpeed,
      issuedAt: time, issuedBy: actor, deadline: order.deadline,
      timeline: [
        MobilizationStep(kind: .issued, time: time, actor: actor, deadline: order.deadline, note: "")
      ],
      squads: squads)
    mobilization.tally.households = squads.reduce(0) { $0 + $1.tally.households }
    if mobilization.tally.households == 0 { mobilization.finishedAt = time }
    mobilizations[order.id] = mobilization
    openMobilizations[order.scope, default: []].append(order.id)
  }

  mutating func close(
    _ id: MobilizationID, _ closing: MobilizationClosing, note: String, at time: Timestamp, by actor: String
  ) {
    // Read what closing needs before changing the order: a copy held across the change would
    // make the change copy every household's outcome.
    guard
      let (scope, deadline) = mobilizations[id].flatMap({ order in
        order.isOpen ? (order.scope, order.deadline) : nil
      })
    else { return }
    let kind: MobilizationStepKind = closing == .completed ? .completed : .stoodDown
    mobilizations[id]!.timeline.append(
      MobilizationStep(kind: kind, time: time, actor: actor, deadline: deadline, note: note))
    openMobilizations[scope]?.removeAll { $0 == id }
    if openMobilizations[scope]?.isEmpty == true { openMobilizations[scope] = nil }
  }

  /// Rebuilds the index of open orders from the orders themselves, as a snapshot is read.
  mutating func indexOpenMobilizations() {
    openMobilizations = [:]
    for order in mobilizations.values where order.isOpen {
      openMobilizations[order.scope, default: []].append(order.id)
    }
  }
}
