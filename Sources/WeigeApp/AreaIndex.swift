import WeigeCore

/// What the map colours a tile by: one stairwell's figures, or the sum over a grid or community.
public struct AreaFigures: Sendable, Equatable {
  public var stairwells = 0
  public var households = 0
  public var visitedThisMonth = 0
  public var openTickets = 0
  /// Open tickets whose 签收 or 办结 clock has run out, as the duty desk's clocks say
  /// (`DutyClockIndex`).
  public var overdueTickets = 0
  public var teamPosts = 0
  public var vacantPosts = 0
  public var needsCare = 0
  public var activeAlerts = 0
  /// Holders and party members among them, per team role in catalogue order, one lane a role.
  public var roleHolders = SIMD8<Int32>()
  public var roleParty = SIMD8<Int32>()
  /// Team roles counted per stairwell: the lanes of `roleHolders`. Eight is room for the
  /// catalogue's variants (一长二员 is three, 两长两员 four) while a sum stays one vector add.
  static let countedRoles = SIMD8<Int32>.scalarCount
  public var resolvedToday = 0
  public var ratings = 0
  public var ratingSum = 0

  public init() {}

  public static func + (lhs: Self, rhs: Self) -> Self { lhs.adding(rhs, times: 1) }

  public static func - (lhs: Self, rhs: Self) -> Self { lhs.adding(rhs, times: -1) }

  public static func += (lhs: inout Self, rhs: Self) { lhs = lhs.adding(rhs, times: 1) }

  /// Sum and difference in one place, so a figure added later cannot be summed but not subtracted.
  private func adding(_ other: Self, times sign: Int) -> Self {
    var sum = self
    sum.stairwells += sign * other.stairwells
    sum.households += sign * other.households
    sum.visitedThisMonth += sign * other.visitedThisMonth
    sum.openTickets += sign * other.openTickets
    sum.overdueTickets += sign * other.overdueTickets
    sum.teamPosts += sign * other.teamPosts
    sum.vacantPosts += sign * other.vacantPosts
    sum.needsCare += sign * other.needsCare
    sum.activeAlerts += sign * other.activeAlerts
    sum.roleHolders &+= other.roleHolders &* Int32(sign)
    sum.roleParty &+= other.roleParty &* Int32(sign)
    sum.resolvedToday += sign * other.resolvedToday
    sum.ratings += sign * other.ratings
    sum.ratingSum += sign * other.ratingSum
    return sum
  }
}

/// Figures and lists kept current event by event for every area, so that a new event costs the
/// work of one stairwell and the few places above it rather than a pass over a million households
/// and 25,000 stairwells (issue 4: ≤ 5 ms from event to frame).
///
/// An area is a place with everything under it, or nil for every place under a root. Its figures
/// are the sum of its stairwells'; when one stairwell's figures change, the difference is added to
/// it and to every area above it, so the header and each tile read a sum that is already made.
public struct AreaIndex: Sendable {
  /// A ticket in the tickets pane's order: most urgent first, then the deadline its countdown
  /// shows (the duty clock that runs out first: 签收 while it waits to be signed for, then 办结; a
  /// 延期 or a reopening moves it), then the newest. Only the ticket's own events move a deadline,
  /// so the pane is re-sorted as they arrive, never as time passes.
  public struct OpenTicket: Sendable, Comparable, AreaEntry {
    public var id: TicketID
    public var place: PlaceID
    public var urgency: Urgency
    public var deadline: Timestamp

    init(_ ticket: Ticket, clocks: DutyClockIndex) {
      id = ticket.id
      place = ticket.place
      urgency = ticket.urgency
      deadline = clocks.clocks(of: ticket.id).nearest?.deadline ?? ticket.dueAt
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
      (rhs.urgency, lhs.deadline.rawValue, rhs.id.rawValue)
        < (lhs.urgency, rhs.deadline.rawValue, lhs.id.rawValue)
    }
  }

  /// An alert in the alerts pane's order: the newest first, then by id.
  public struct ActiveAlert: Sendable, Comparable, AreaEntry {
    public var id: AlertID
    public var place: PlaceID
    public var raisedAt: Timestamp

    init(_ alert: Alert) {
      id = alert.id
      place = alert.place
      raisedAt = alert.raisedAt
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
      (rhs.raisedAt.rawValue, lhs.id.rawValue) < (lhs.raisedAt.rawValue, rhs.id.rawValue)
    }
  }

  private struct Area: Sendable {
    var figures = AreaFigures()
    /// Sorted, so the panes show a prefix without sorting on every event.
    var openTickets: [OpenTicket] = []
    var activeAlerts: [ActiveAlert] = []
  }

  private var areas: [PlaceID?: Area] = [:]
  /// What each place counts itself, before what lies under it: a stairwell's households, team,
  /// tickets and alerts; a grid's or community's own tickets and alerts (a grid's 专属 ticket).
  private var own: [PlaceID: AreaFigures] = [:]
  /// Bumped whenever a figure or list changes, so views can tell their derived values are stale.
  public private(set) var generation = 0
  /// Alerts by the place they were filed at, to recount one stairwell quickly (tickets: the
  /// ledger's `ticketsByPlace`).
  private var alertsByPlace: [PlaceID: [AlertID]] = [:]
  /// Each open ticket's entry as it is listed, to find it when its deadline moves.
  private var listedTickets: [TicketID: OpenTicket] = [:]
  /// Places other than stairwells that a ticket or alert has been filed at: the map gives each a
  /// tile of its own where its tiles are finer, so a grid's own ticket colours a tile. Kept once
  /// filed (a closed ticket's tile stays, calm), so the layout does not shift as tickets close.
  public private(set) var filedAbove: Set<PlaceID> = []
  private var monthStart: Timestamp
  private var month: CivilMonth
  private var dayStart: Timestamp
  /// The duty desk's clocks, kept by the same fold: the overdue counts are theirs, and the
  /// escalation check and the duty view read them too.
  public private(set) var clocks: DutyClockIndex
  /// The stairwell team's roles (一长二员) in catalogue order, as counted: the header's party
  /// shares follow them. A new catalogue rebuilds the index.
  public let teamRoles: [RoleDefinition]

  /// Everything counted from `ledger` at `now`, the clocks on `calendar`.
  public init(_ ledger: Ledger, now: Timestamp, calendar: WorkingCalendar = .shipped) {
    self.init(ledger, now: now, clocks: DutyClockIndex(ledger, calendar: calendar, now: now))
  }

  private init(_ ledger: Ledger, now: Timestamp, clocks: DutyClockIndex) {
    monthStart = now.startOfMonthInChina
    month = CivilMonth(inChina: now)
    dayStart = now.startOfDayInChina
    self.clocks = clocks
    teamRoles = ledger.catalogue.roles.filter { $0.level == .stairwell && $0.posts > 0 && !$0.isReserve }
    var open: [OpenTicket] = []
    for ticket in ledger.tickets.values {
      if ticket.status.isOpen {
        let entry = OpenTicket(ticket, clocks: clocks)
        open.append(entry)
        listedTickets[ticket.id] = entry
      }
    }
    var active: [ActiveAlert] = []
    for alert in ledger.alerts.values {
      alertsByPlace[alert.place, default: []].append(alert.id)
      if alert.clearedAt == nil { active.append(ActiveAlert(alert)) }
    }
    // Every place's own figures, then the sums from the leaves up in one pass over the tree,
    // rather than a walk up from each of a city's 25,790 stairwells.
    for place in ledger.places.values
    where place.level == .stairwell || ledger.ticketsByPlace[place.id] != nil
      || alertsByPlace[place.id] != nil
    {
      let figures = ownCount(of: place.id, in: ledger)
      if figures != AreaFigures() { own[place.id] = figures }
    }
    var below: [PlaceID: AreaFigures] = [:]
    var everywhere = AreaFigures()
    for id in ledger.subtree(of: nil).reversed() {
      var total = below.removeValue(forKey: id) ?? AreaFigures()
      if let figures = own[id] { total += figures }
      guard total != AreaFigures() else { continue }
      areas[id, default: Area()].figures = total
      if let parent = ledger.places[id]?.parent {
        below[parent, default: AreaFigures()] += total
      } else {
        everywhere += total
      }
    }
    if everywhere != AreaFigures() { areas[nil, default: Area()].figures = everywhere }
    for place in Array(ledger.ticketsByPlace.keys) + Array(alertsByPlace.keys) {
      noteFiled(at: place, in: ledger)
    }
    append(open, to: \.openTickets, ledger: ledger)
    append(active, to: \.activeAlerts, ledger: ledger)
  }

  /// Folds in an event the ledger has just applied.
  public mutating func note(_ body: EventBody, in ledger: Ledger, now: Timestamp) {
    clocks.note(body, in: ledger)
    switch body {
    case .catalogueDefined:
      // Every stairwell's posts change with the roles: rare enough to count afresh.
      rebuild(from: ledger, now: now)
      return
    case .ticketRequested(let request):
      noteFiled(at: request.place, in: ledger)
    case .alertRaised(let raise):
      alertsByPlace[raise.place, default: []].append(raise.id)
      noteFiled(at: raise.place, in: ledger)
    default:
      break
    }
    if let place = Self.place(touchedBy: body, in: ledger) {
      set(ownCount(of: place, in: ledger), of: place, in: ledger)
    }
    if let id = body.ticketID, let ticket = ledger.tickets[id] { relist(ticket, ledger: ledger) }
    if let id = body.alertID, let alert = ledger.alerts[id] {
      list(ActiveAlert(alert), if: alert.clearedAt == nil, in: \.activeAlerts, ledger: ledger)
    }
  }

  /// Time passing: a month turning over resets coverage; clocks running out make tickets overdue.
  /// The clocks wake only the tickets whose phase changed, so a tick in which none did costs
  /// next to nothing, and the overdue counts follow within the tick.
  public mutating func advance(to now: Timestamp, in ledger: Ledger) {
    let changed = clocks.advance(to: now)
    if now.startOfMonthInChina != monthStart || now.startOfDayInChina != dayStart {
      rebuild(from: ledger, now: now)
      return
    }
    var places: Set<PlaceID> = []
    for subject in changed {
      if case .ticket = subject, let place = clocks.entry(of: subject)?.place { places.insert(place) }
    }
    for place in places where ledger.places[place] != nil {
      var figures = ownFigures(of: place)
      figures.overdueTickets = clocks.counts(at: place).overdueTickets
      set(figures, of: place, in: ledger)
    }
  }

  /// Counts everything afresh but the clocks, which are already current. The generation carries
  /// on, so that nothing derived before passes for current.
  private mutating func rebuild(from ledger: Ledger, now: Timestamp) {
    let generation = self.generation
    self = AreaIndex(ledger, now: now, clocks: clocks)
    self.generation = generation + 1
  }

  private mutating func noteFiled(at place: PlaceID, in ledger: Ledger) {
    if let level = ledger.places[place]?.level, level != .stairwell { filedAbove.insert(place) }
  }

  /// The figures of a place's stairwells summed, or of every stairwell under a root for nil.
  public func figures(under area: PlaceID?) -> AreaFigures { areas[area]?.figures ?? AreaFigures() }

  /// Open tickets filed at the place or under it (everywhere for nil), in the tickets pane's order.
  public func openTickets(under area: PlaceID?) -> [OpenTicket] { areas[area]?.openTickets ?? [] }

  /// Active alerts at the place or under it (everywhere for nil), newest first.
  public func activeAlerts(under area: PlaceID?) -> [ActiveAlert] { areas[area]?.activeAlerts ?? [] }

  /// The place, each place above it, and nil when that chain ends at a root: every area whose
  /// sums and lists include what happens at `place`, as `Ledger.subtree` would find it.
  private static func areas(containing place: PlaceID, in ledger: Ledger) -> [PlaceID?] {
    var result: [PlaceID?] = []
    var current: PlaceID? = place
    while let id = current, let found = ledger.places[id] {
      result.append(id)
      current = found.parent
    }
    if current == nil { result.append(nil) }
    return result
  }

  /// Lists entries in a new index: sorted once and appended in order, since inserting them one by
  /// one would move a city's list for each.
  private mutating func append<Entry: AreaEntry>(
    _ entries: [Entry], to list: WritableKeyPath<Area, [Entry]>, ledger: Ledger
  ) {
    for entry in entries.sorted() {
      for area in Self.areas(containing: entry.place, in: ledger) {
        areas[area, default: Area()][keyPath: list].append(entry)
      }
    }
  }

  /// Takes `entry` into, or out of, the list of every area containing its place, when it is not
  /// already where `shown` says.
  private mutating func list<Entry: AreaEntry>(
    _ entry: Entry, if shown: Bool, in list: WritableKeyPath<Area, [Entry]>, ledger: Ledger
  ) {
    let isListed = areas[entry.place]?[keyPath: list].sortedIndex(of: entry) != nil
    guard shown != isListed else { return }
    for area in Self.areas(containing: entry.place, in: ledger) {
      if shown {
        areas[area, default: Area()][keyPath: list].insertSorted(entry)
      } else if let index = areas[area]?[keyPath: list].sortedIndex(of: entry) {
        areas[area]?[keyPath: list].remove(at: index)
      }
    }
    generation += 1
  }

  /// Lists an open ticket where its deadline now sorts it, and takes a closed one out: a 派单
  /// starts its 签收 clock and a 签收 ends it, so its place in the pane moves with its events.
  private mutating func relist(_ ticket: Ticket, ledger: Ledger) {
    let entry = ticket.status.isOpen ? OpenTicket(ticket, clocks: clocks) : nil
    let listed = listedTickets[ticket.id]
    guard entry != listed else { return }
    if let listed { list(listed, if: false, in: \.openTickets, ledger: ledger) }
    if let entry { list(entry, if: true, in: \.openTickets, ledger: ledger) }
    listedTickets[ticket.id] = entry
  }

  /// What `place` counts itself (`own`), as the last recount left it.
  public func ownFigures(of place: PlaceID) -> AreaFigures { own[place] ?? AreaFigures() }

  /// Gives a place new figures of its own: the difference goes to it and to every area above it.
  private mutating func set(_ figures: AreaFigures, of place: PlaceID, in ledger: Ledger) {
    let change = figures - ownFigures(of: place)
    guard change != AreaFigures() else { return }
    own[place] = figures
    for area in Self.areas(containing: place, in: ledger) {
      areas[area, default: Area()].figures += change
    }
    generation += 1
  }

  /// The place whose own figures an event changes: a stairwell, or the place above one that a
  /// ticket or an alert was filed at.
  static func place(touchedBy body: EventBody, in ledger: Ledger) -> PlaceID? {
    let place: PlaceID? =
      switch body {
      case .householdRegistered(let home): home.stairwell
      case .householdFlagsChanged(let id, _, _), .visitRecorded(let id, _, _),
        .householdDetailsChanged(let id, _):
        ledger.households[id]?.stairwell
      case .roleAssigned(_, let assignment), .roleVacated(_, let assignment, _): assignment.place
      case .alertRaised(let raise): raise.place
      case .alertCleared(let id, _): ledger.alerts[id]?.place
      case .placeAdded(let place): place.level == .stairwell ? place.id : nil
      case .personRegistered: nil
      default: body.ticketID.flatMap { ledger.tickets[$0]?.place }
      }
    guard let place, ledger.places[place] != nil else { return nil }
    return place
  }

  /// Everything for a stairwell; for a place above, only the tickets and alerts filed there,
  /// since households and teams belong to stairwells.
  private func ownCount(of place: PlaceID, in ledger: Ledger) -> AreaFigures {
    var f = AreaFigures()
    if ledger.places[place]?.level == .stairwell { countStairwell(place, into: &f, in: ledger) }
    for id in ledger.ticketsByPlace[place, default: []] {
      guard let ticket = ledger.tickets[id] else { continue }
      if let resolved = ticket.resolvedAt, resolved >= dayStart { f.resolvedToday += 1 }
      if let rating = ticket.rating {
        f.ratings += 1
        f.ratingSum += rating
      }
      if ticket.status.isOpen { f.openTickets += 1 }
    }
    f.overdueTickets = clocks.counts(at: place).overdueTickets
    f.activeAlerts = alertsByPlace[place, default: []].filter { ledger.alerts[$0]?.clearedAt == nil }.count
    return f
  }

  private func countStairwell(_ stairwell: PlaceID, into f: inout AreaFigures, in ledger: Ledger) {
    f.stairwells = 1
    for id in ledger.householdsByStairwell[stairwell, default: []] {
      guard let home = ledger.households[id] else { continue }
      f.households += 1
      if home.wasVisited(in: month) { f.visitedThisMonth += 1 }
      if !home.flags.intersection(.needsCare).isEmpty { f.needsCare += 1 }
    }
    for (index, role) in teamRoles.prefix(AreaFigures.countedRoles).enumerated() {
      let holders = ledger.holders[RoleAssignment(role: role.id, place: stairwell), default: []]
      f.teamPosts += role.posts
      f.vacantPosts += role.vacancies(held: holders.count)
      f.roleHolders[index] = Int32(holders.count)
      f.roleParty[index] = Int32(holders.filter { ledger.people[$0]?.isPartyMember == true }.count)
    }
  }
}

/// What an area's sorted lists hold: an entry that belongs to the place it was filed at.
protocol AreaEntry: Comparable {
  var place: PlaceID { get }
}
