/// The folded state of a store: every place, household, person, ticket, alert and mobilization order, as of
/// `lastSequence`. `apply` is the pure, deterministic fold; `validate` says whether a new event
/// may join the log.
public struct Ledger: Sendable, Equatable {
  public internal(set) var catalogue: RoleCatalogue = .stairwellTeam
  /// The tasks an order may be issued with: the lockdown's four until a room defines its own.
  public internal(set) var taskCatalogue: TaskCatalogue = .standard
  public internal(set) var places = EntityTable<PlaceEntity, Place>()
  /// Places without a parent, in the order they were added.
  public internal(set) var roots: [PlaceID] = []
  public internal(set) var households = EntityTable<HouseholdEntity, Household>()
  public internal(set) var householdsByStairwell: [PlaceID: [HouseholdID]] = [:]
  /// The newest of the households' last visits: a month has begun (`ratedMonth(at:)`) once it
  /// falls in it, so that question need not ask a city's million households after every event.
  public internal(set) var latestVisit: Timestamp?
  public internal(set) var people = EntityTable<PersonEntity, Person>()
  /// Who holds each role at each place, in appointment order.
  public internal(set) var holders: [RoleAssignment: [PersonID]] = [:]
  /// Each stairwell's team over time (`TeamChange`): a past month's star rating reads the team
  /// it had at the month's end from here, so the live board and `weige stars --month` agree.
  public internal(set) var teamHistory: [PlaceID: [TeamChange]] = [:]
  public internal(set) var tickets = EntityTable<TicketEntity, Ticket>()
  /// The tickets filed at each place, by number (a ticket never moves): a stairwell's star
  /// rating reads its own tickets from here rather than passing over a city's.
  public internal(set) var ticketsByPlace: [PlaceID: [TicketID]] = [:]
  public internal(set) var alerts = EntityTable<AlertEntity, Alert>()
  /// Every mobilization order, open or closed, with everything done under it.
  public internal(set) var mobilizations = EntityTable<MobilizationEntity, Mobilization>()
  /// The open orders by scope: where war (or a drill) is on.
  public internal(set) var openMobilizations: [PlaceID: [MobilizationID]] = [:]
  /// The duty desk's roster and handovers.
  public internal(set) var duty = DutyLedger()
  /// The 揭榜 board: partner units and the items on the three lists.
  public internal(set) var openCalls = OpenCallBoard()
  /// Stairwell conventions, volunteers' hours and points, 先锋 and 红黑榜.
  public internal(set) var recognition = Recognition()
  /// The sensor intake's devices, silences and the reports behind its alerts.
  public internal(set) var sensors = SensorWatch()
  /// Each stream's version as folded: what a writer deciding on this state expects.
  public internal(set) var versions = StreamVersions()
  public internal(set) var lastSequence: Int64 = 0
  public internal(set) var lastEventTime: Timestamp?

  public init() {}

  /// The number a new ticket takes: one past the highest ever used (a ticket's stream counts even
  /// where an older build's event left no ticket), from 1001 in a new district, as the field's
  /// four-digit ticket numbers run. Two writers may both propose it; the store lets one have it.
  public var nextTicketID: TicketID {
    let used = max(tickets.lastKey?.rawValue ?? 1000, versions.tickets.lastKey?.rawValue ?? 1000)
    return TicketID(used + 1)
  }

  /// The id a new alert takes, as `nextTicketID`, from 1.
  public var nextAlertID: AlertID {
    AlertID(max(alerts.lastKey?.rawValue ?? 0, versions.alerts.lastKey?.rawValue ?? 0) + 1)
  }

  /// The number a new mobilization order takes, as `nextTicketID`, from 1 (shown `M1`).
  public var nextMobilizationID: MobilizationID {
    MobilizationID(
      max(mobilizations.lastKey?.rawValue ?? 0, versions.mobilizations.lastKey?.rawValue ?? 0) + 1)
  }

  /// The id a new person takes (a sent-down cadre registered to join a squad), as `nextTicketID`.
  public var nextPersonID: PersonID {
    PersonID(max(people.lastKey?.rawValue ?? 0, versions.people.lastKey?.rawValue ?? 0) + 1)
  }

  /// The id a new place takes (a ledger import creating its stairwells), as `nextTicketID`.
  public var nextPlaceID: PlaceID {
    PlaceID(max(places.lastKey?.rawValue ?? 0, versions.places.lastKey?.rawValue ?? 0) + 1)
  }

  /// The id a new household takes (a ledger import registering it), as `nextTicketID`.
  public var nextHouseholdID: HouseholdID {
    HouseholdID(max(households.lastKey?.rawValue ?? 0, versions.households.lastKey?.rawValue ?? 0) + 1)
  }

  /// Folds a recorded event in; events are applied in sequence order.
  public mutating func apply(_ event: RecordedEvent) {
    apply(event.body, sequence: event.sequence, time: event.time, actor: event.actor)
  }

  /// Folds an event read straight from the store, without building a `RecordedEvent` around it.
  public mutating func apply(_ body: EventBody, sequence: Int64, time: Timestamp, actor: String) {
    apply(body, time: time, actor: actor)
    lastSequence = sequence
    lastEventTime = time
  }

  /// The fold proper. It is total: an event that refers to something missing changes nothing,
  /// and one that would replace what exists (a ticket requested twice) is ignored, so that replay
  /// never stops on a log written by an older, laxer build and never loses what came first.
  public mutating func apply(_ body: EventBody, time: Timestamp, actor: String) {
    versions.count(body.streamKey)
    switch body {
    case .catalogueDefined(let catalogue):
      self.catalogue = catalogue
      for stairwell in teamHistory.keys { noteTeam(of: stairwell, at: time) }
    case .taskCatalogueDefined(let catalogue):
      taskCatalogue = catalogue
    case .placeAdded(let place):
      guard insert(place) else { return }
      if place.level == .stairwell { noteTeam(of: place.id, at: time) }
    case .householdRegistered(var household):
      guard households[household.id] == nil else { return }
      household.lastVisit = nil
      households[household.id] = household
      householdsByStairwell[household.stairwell, default: []].append(household.id)
      for ids in openMobilizations.values {
        for id in ids { mobilizations[id]?.countNewHousehold(in: household.stairwell, at: time) }
      }
    case .householdFlagsChanged(let id, let flags, let tags):
      households[id]?.flags = flags
      households[id]?.tags = tags
    case .householdDetailsChanged(let id, let details):
      households[id]?.details = details
    case .personDetailsChanged(let id, let phone, let idNumber, let isPartyMember):
      people[id]?.phone = phone
      people[id]?.idNumber = idNumber
      people[id]?.isPartyMember = isPartyMember
    case .numbersRevealed:
      break
    case .personRegistered(var person):
      guard people[person.id] == nil else { return }
      person.roles = []
      people[person.id] = person
    case .roleAssigned(let person, let assignment):
      guard people[person] != nil else { return }
      people[person]?.roles.append(assignment)
      holders[assignment, default: []].append(person)
      if teamHistory[assignment.place] != nil { noteTeam(of: assignment.place, at: time) }
    case .roleVacated(let person, let assignment, _):
      people[person]?.roles.removeAll { $0 == assignment }
      holders[assignment]?.removeAll { $0 == person }
      if teamHistory[assignment.place] != nil { noteTeam(of: assignment.place, at: time) }
    case .ticketRequested(let request):
      guard tickets[request.id] == nil else { return }
      var ticket = Ticket(
        id: request.id, title: request.title, demandClass: request.demandClass, urgency: request.urgency,
        source: request.source, place: request.place, household: request.household, requestedAt: time,
        dueAt: request.dueAt)
      ticket.terms = request.terms
      ticket.timeline = [TicketStep(status: .requested, time: time, actor: actor, note: request.title)]
      tickets[request.id] = ticket
      ticketsByPlace[request.place, default: []].insertSorted(request.id)
    case .ticketDispatched(let id, let assignee):
      let name = people[assignee]?.name ?? assignee.description
      // Each 派单 starts a new 签收 clock.
      updateTicket(id, to: .dispatched, time: time, actor: actor, note: name) {
        $0.assignee = assignee
        $0.signFrom = time
        $0.signSteps = 0
      }
    case .ticketAccepted(let id):
      // Who accepted is the assignee, whoever keyed it in: the timeline names them.
      let assignee = tickets[id]?.assignee.flatMap { people[$0]?.name } ?? ""
      updateTicket(id, to: .accepted, time: time, actor: actor, note: assignee) { $0.signFrom = nil }
    case .ticketReturned(let id, let reason):
      updateTicket(id, to: .returned, time: time, actor: actor, note: reason) {
        $0.assignee = nil
        $0.signFrom = nil
      }
    case .ticketResolved(let id, let note):
      updateTicket(id, to: .resolved, time: time, actor: actor, note: note) {
        $0.resolvedAt = time
        $0.signFrom = nil
      }
    case .ticketRated(let id, let score, let comment):
      updateTicket(id, to: .rated, time: time, actor: actor, note: comment) { $0.rating = score }
    case .ticketReopened(let id, let reason):
      // A reopened ticket is counted afresh: a new 办结 clock from now, with no 延期 yet.
      updateTicket(id, to: .requested, time: time, actor: actor, note: reason) {
        $0.resolvedAt = nil
        $0.rating = nil
        $0.assignee = nil
        $0.signFrom = nil
        $0.resolveFrom = time
        $0.extensions = []
        $0.resolveSteps = 0
      }
    case .ticketEscalated(let id):
      guard let status = tickets[id]?.status else { return }
      updateTicket(id, to: status, time: time, actor: actor, note: "超时督办") { $0.isEscalated = true }
    case .visitRecorded(let id, _, _):
      guard households[id] != nil else { return }
      if latestVisit.map({ time > $0 }) ?? true { latestVisit = time }
      if let last = households[id]?.lastVisit, last >= time { return }
      households[id]?.lastVisit = time
    case .alertRaised(let raise):
      guard alerts[raise.id] == nil else { return }
      var alert = Alert(
        id: raise.id, kind: raise.kind, place: raise.place, household: raise.household, text: raise.text,
        raisedAt: time)
      alert.history = [AlertStep(kind: .raised, time: time, actor: actor, note: raise.text)]
      alert.terms = raise.terms
      alerts[raise.id] = alert
    case .alertCleared(let id, let note):
      guard alerts[id]?.clearedAt == nil else { return }
      updateAlert(id, .cleared, time: time, actor: actor, note: note) { $0.clearedAt = time }
      if let alert = alerts[id] { sensors.cleared(alert) }
    case .alertAcknowledged(let id):
      guard let alert = alerts[id], alert.acknowledgedAt == nil, alert.clearedAt == nil else { return }
      updateAlert(id, .acknowledged, time: time, actor: actor, note: "") {
        $0.acknowledgedAt = time
        $0.acknowledgedBy = actor
      }
    case .alertTicketed(let id, let ticket):
      guard let alert = alerts[id], alert.ticket == nil, alert.clearedAt == nil else { return }
      updateAlert(id, .ticketed, time: time, actor: actor, note: ticket.description) { $0.ticket = ticket }
    case .mobilizationIssued(let order):
      issue(order, at: time, by: actor)
    case .squadAttached(let id, let stairwell, let person):
      guard mobilizations[id]?.isOpen == true, people[person] != nil,
        mobilizations[id]?.squad(at: stairwell) != nil
      else { return }
      mobilizations[id]!.attach(person, to: stairwell, at: time, by: actor)
    case .squadStatusChanged(let id, let stairwell, let status, let note):
      guard mobilizations[id]?.isOpen == true, let index = mobilizations[id]?.squadIndex[stairwell] else {
        return
      }
      mobilizations[id]!.setStatus(of: index, to: status, at: time, by: actor, note: note)
    case .householdsReported(let id, let reports):
      // A report on a closed order changes nothing: the after-action record is final.
      guard mobilizations[id]?.isOpen == true else { return }
      for report in reports {
        guard let stairwell = households[report.household]?.stairwell else { continue }
        mobilizations[id]!.record(
          report.outcome, for: report.household, stairwell: stairwell, at: time, by: actor)
      }
    case .deadlineExtended(let id, let deadline, let reason):
      guard mobilizations[id]?.isOpen == true else { return }
      mobilizations[id]!.deadline = deadline
      mobilizations[id]!.timeline.append(
        MobilizationStep(kind: .extended, time: time, actor: actor, deadline: deadline, note: reason))
    case .mobilizationClosed(let id, let closing, let note):
      close(id, closing, note: note, at: time, by: actor)
    case .ticketExtended(let id, let limit, let deadline, let reason, let approver):
      guard let status = tickets[id]?.status, status.isOpen else { return }
      // The ladder starts again from the new deadline.
      updateTicket(
        id, to: status, time: time, actor: actor, note: "延期 \(limit.chineseText)：\(reason)（\(approver) 批准）"
      ) {
        $0.extensions.append(
          TicketExtension(by: limit, reason: reason, approver: approver, time: time, actor: actor))
        $0.dueAt = deadline
        $0.resolveSteps = 0
      }
    case .escalated(let escalation):
      applyEscalation(escalation, time: time, actor: actor)
    case .rosterImported(let shifts, _):
      for shift in shifts { duty.roster[shift.shift] = shift }
    case .shiftChanged(let shift, let reason):
      duty.changes.append(
        RosterChange(shift: shift, before: duty.roster[shift.shift], reason: reason, time: time, actor: actor)
      )
      duty.roster[shift.shift] = shift
    case .handoverNoted(let shift, let note):
      guard duty.handovers[shift]?.isSigned != true else { return }
      duty.handovers[shift, default: Handover()].notes.append(
        HandoverNote(text: note, time: time, actor: actor))
    case .handoverSigned(let shift):
      guard duty.handovers[shift]?.isSigned != true else { return }
      duty.handovers[shift, default: Handover()].signedBy = actor
      duty.handovers[shift, default: Handover()].signedAt = time
    case .partnerUnitRegistered, .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted,
      .openCallRated, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined:
      openCalls.apply(body, time: time, actor: actor)
    case .conventionAdopted, .volunteerHoursRecorded, .pointsRedeemed, .honourAwarded,
      .honourWithdrawn:
      recognition.apply(body, time: time, actor: actor)
    case .devicesRegistered, .sensorTriggered, .alertSilenced, .silenceLifted, .sensorCatalogueDefined:
      sensors.apply(body, alerts: alerts, time: time, actor: actor)
    }
  }

  /// Records a step of a duty clock on its ticket or alert; a step that is not the clock's next
  /// (an older build's duplicate) changes nothing.
  private mutating func applyEscalation(_ escalation: DutyEscalation, time: Timestamp, actor: String) {
    switch escalation.subject {
    case .ticket(let id):
      guard let ticket = tickets[id], ticket.status.isOpen else { return }
      let terms = Deadline.terms(of: ticket)
      let taken = escalation.clock == .sign ? ticket.signSteps : ticket.resolveSteps
      guard escalation.step == taken,
        let record = Deadline.record(escalation, terms: terms, time: time, actor: actor)
      else { return }
      updateTicket(id, to: ticket.status, time: time, actor: actor, note: record.text(.zh)) {
        if escalation.clock == .sign { $0.signSteps += 1 } else { $0.resolveSteps += 1 }
        if !record.isReminder { $0.isEscalated = true }
        $0.escalations.append(record)
      }
    case .alert(let id):
      guard let alert = alerts[id], escalation.step == alert.acknowledgeSteps,
        let record = Deadline.record(escalation, terms: Deadline.terms(of: alert), time: time, actor: actor)
      else { return }
      alerts[id]!.acknowledgeSteps += 1
      alerts[id]!.escalations.append(record)
    }
  }

  private mutating func updateAlert(
    _ id: AlertID, _ kind: AlertStepKind, time: Timestamp, actor: String, note: String,
    _ change: (inout Alert) -> Void
  ) {
    guard alerts[id] != nil else { return }
    change(&alerts[id]!)
    alerts[id]!.history.append(AlertStep(kind: kind, time: time, actor: actor, note: note))
  }

  private mutating func updateTicket(
    _ id: TicketID, to status: TicketStatus, time: Timestamp, actor: String, note: String,
    _ change: (inout Ticket) -> Void = { _ in }
  ) {
    guard tickets[id] != nil else { return }
    tickets[id]!.status = status
    change(&tickets[id]!)
    tickets[id]!.timeline.append(TicketStep(status: status, time: time, actor: actor, note: note))
  }
}

// MARK: The team over time

/// A change in a stairwell's team: from `time` on, these stairwell roles (一长二员) had a post
/// unfilled (none: the team was complete). A stairwell's list starts when it is added and grows
/// only when an appointment, a vacancy or a new catalogue changes which roles lack a holder, so it
/// stays a few entries long.
public struct TeamChange: Sendable, Equatable {
  public var time: Timestamp
  public var missing: [RoleID]

  public init(time: Timestamp, missing: [RoleID]) {
    self.time = time
    self.missing = missing
  }
}

extension Ledger {
  /// The stairwell roles with a post unfilled at `stairwell` now, in the catalogue's order: the
  /// ledger's own vacancy count (`RoleDefinition.vacancies`), reserves apart.
  public func unfilledTeamRoles(at stairwell: PlaceID) -> [RoleDefinition] {
    catalogue.roles.filter { $0.level == .stairwell && !$0.isReserve }.filter {
      roleFigures($0, at: [stairwell]).vacancies > 0
    }
  }

  /// The stairwell roles that had a post unfilled just before `moment` (the team a month had at
  /// its end): the last change before it; the team now for a stairwell with no change before it.
  /// A role the catalogue no longer has is named by its id.
  public func unfilledTeamRoles(at stairwell: PlaceID, before moment: Timestamp) -> [RoleDefinition] {
    guard let change = teamHistory[stairwell]?.last(where: { $0.time < moment }) else {
      return unfilledTeamRoles(at: stairwell)
    }
    return change.missing.map {
      catalogue.role($0) ?? RoleDefinition(id: $0, name: $0, englishName: $0)
    }
  }

  /// Files a new place under its parent (or as a root); false when its id is taken. The
  /// snapshot rebuilds places through it without noting teams: their history is the snapshot's.
  mutating func insert(_ place: Place) -> Bool {
    guard places[place.id] == nil else { return false }
    var place = place
    place.children = []
    places[place.id] = place
    if let parent = place.parent {
      places[parent]?.children.append(place.id)
    } else {
      roots.append(place.id)
    }
    return true
  }

  /// Records the stairwell's team at `time` if which roles lack a holder changed.
  mutating func noteTeam(of stairwell: PlaceID, at time: Timestamp) {
    let missing = unfilledTeamRoles(at: stairwell).map(\.id)
    guard teamHistory[stairwell]?.last?.missing != missing else { return }
    teamHistory[stairwell, default: []].append(TeamChange(time: time, missing: missing))
  }
}
