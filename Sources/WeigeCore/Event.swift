/// What a ticket is opened with (点单); the request time is the event's time.
public struct TicketRequest: Sendable, Equatable {
  public var id: TicketID
  public var title: String
  public var demandClass: DemandClass
  public var urgency: Urgency
  public var source: TicketSource
  public var place: PlaceID
  public var household: HouseholdID?
  /// The 办结 deadline as the writer's calendar gave it: what views without a calendar show.
  public var dueAt: Timestamp
  /// The clocks the ticket is opened under, from the SLA policy in force (`Deadline.request`):
  /// carried in the request, so that editing the policy later moves no ticket's clocks, and a
  /// ticket's own stream says everything about it. Nil from a writer that records none.
  public var terms: SlaTerms?

  public init(
    id: TicketID, title: String, demandClass: DemandClass, urgency: Urgency, source: TicketSource,
    place: PlaceID, household: HouseholdID?, dueAt: Timestamp, terms: SlaTerms? = nil
  ) {
    self.id = id
    self.title = title
    self.demandClass = demandClass
    self.urgency = urgency
    self.source = source
    self.place = place
    self.household = household
    self.dueAt = dueAt
    self.terms = terms
  }
}

/// What an alert is raised with; the raise time is the event's time.
public struct AlertRaise: Sendable, Equatable {
  public var id: AlertID
  public var kind: AlertKind
  public var place: PlaceID
  public var household: HouseholdID?
  public var text: String
  /// The clocks it is raised under (its acknowledgement limit and ladder), as `TicketRequest.terms`.
  public var terms: SlaTerms?

  public init(
    id: AlertID, kind: AlertKind, place: PlaceID, household: HouseholdID?, text: String,
    terms: SlaTerms? = nil
  ) {
    self.id = id
    self.kind = kind
    self.place = place
    self.household = household
    self.text = text
    self.terms = terms
  }
}

/// Every change to the field, as a typed payload. Registration payloads reuse the entity types;
/// their derived fields (a place's children, a person's roles, a household's last visit) are not
/// part of the payload and are neither encoded nor read.
public enum EventBody: Sendable, Equatable {
  case catalogueDefined(RoleCatalogue)
  case placeAdded(Place)
  case householdRegistered(Household)
  case householdFlagsChanged(HouseholdID, flags: HouseholdFlags, tags: [String])
  case personRegistered(Person)
  case roleAssigned(PersonID, RoleAssignment)
  case roleVacated(PersonID, RoleAssignment, reason: String)
  case ticketRequested(TicketRequest)
  case ticketDispatched(TicketID, assignee: PersonID)
  case ticketAccepted(TicketID)
  case ticketReturned(TicketID, reason: String)
  case ticketResolved(TicketID, note: String)
  case ticketRated(TicketID, score: Int, comment: String)
  case ticketReopened(TicketID, reason: String)
  case ticketEscalated(TicketID)
  case visitRecorded(HouseholdID, visitor: PersonID?, note: String)
  case alertRaised(AlertRaise)
  case alertCleared(AlertID, note: String)
  /// The duty desk has seen the alert and someone is on it (确认).
  case alertAcknowledged(AlertID)
  /// The alert became a ticket (转工单), appended with that ticket's request.
  case alertTicketed(AlertID, ticket: TicketID)
  /// 动员令: puts its scope at war (a drill: an exercise of it) and forms its squads.
  case mobilizationIssued(MobilizationOrder)
  /// Someone joins a squad of an open order (a sent-down cadre, a reserve from next door).
  case squadAttached(MobilizationID, stairwell: PlaceID, person: PersonID)
  /// A squad sets out, is blocked (with a reason) or is done.
  case squadStatusChanged(MobilizationID, stairwell: PlaceID, status: SquadStatus, note: String)
  /// Households' outcomes, one household or a whole stairwell in one report; each replaces the
  /// household's report before it.
  case householdsReported(MobilizationID, [HouseholdReport])
  /// 延期: the order's deadline moves later.
  case deadlineExtended(MobilizationID, to: Timestamp, reason: String)
  /// Completed or stood down; the last order over a place closing returns it to peace.
  case mobilizationClosed(MobilizationID, MobilizationClosing, note: String)
  /// 延期: the ticket's 办结 deadline moves `by` later, with a reason and who approved it; `to` is
  /// the new deadline as the writer's calendar gave it (for views without a calendar).
  case ticketExtended(TicketID, by: WorkingTimeLimit, to: Timestamp, reason: String, approver: String)
  /// A duty clock's step: a reminder, or 超时督办 to a level of the ladder. Appended by whichever
  /// process notices first, under an id every process derives alike.
  case escalated(DutyEscalation)
  /// The roster from a file: each shift it names is held by whom it says, others are left alone.
  case rosterImported([RosterShift], source: String)
  /// 换班: a shift's operator or leader changed (a swap is two in one append).
  case shiftChanged(RosterShift, reason: String)
  /// The outgoing operator's own note in a shift's handover brief.
  case handoverNoted(ShiftID, note: String)
  /// The incoming operator has read the handover brief of the shift that ends (交接班签字).
  case handoverSigned(ShiftID)
  /// A household's counts or contact corrected (a ledger re-imported with the head of household
  /// or the residents changed); flags and tags change by `householdFlagsChanged`.
  case householdDetailsChanged(HouseholdID, HouseholdDetails)
  /// A person's phone or party membership corrected (a team register re-imported).
  case personDetailsChanged(PersonID, phone: String, idNumber: String, isPartyMember: Bool)
  /// Residents' numbers seen whole (DESIGN.md §8): an audit record; the fold keeps nothing of it.
  case numbersRevealed(NumbersReveal)
  /// 揭榜 (OpenCalls.swift): a partner unit registered (共建单位).
  case partnerUnitRegistered(PartnerUnit)
  /// An item posted on a list (派单), open to every unit.
  case openCallPosted(OpenCallPosting)
  /// A unit takes an open item (揭榜, its 接单).
  case openCallClaimed(OpenCallID, unit: PartnerUnitID)
  /// The taker reports progress, with the person-times of service it gave (服务人次).
  case openCallProgressed(OpenCallID, note: String, personTimes: Int)
  /// The taker reports the item done, with the person-times of its last stretch.
  case openCallCompleted(OpenCallID, note: String, personTimes: Int)
  /// The street rates a done item (评单), 1 to 5.
  case openCallRated(OpenCallID, score: Int, comment: String)
  /// 楼道公约: a stairwell adopted its convention (Recognition.swift).
  case conventionAdopted(PlaceID, title: String)
  /// 志愿时长: someone's time given to an activity, with the points it earned.
  case volunteerHoursRecorded(VolunteerHours)
  /// 积分兑换: points exchanged for a reward; never more than the balance.
  case pointsRedeemed(PointsRedemption)
  /// 先锋楼道, 先锋个人, 红榜 or 黑榜, with its reason.
  case honourAwarded(Honour)
  /// The device→place and meter→household mapping (a devices ledger imported): each device it
  /// names is placed as it says, others are left alone.
  case devicesRegistered([SensorDevice], source: String)
  /// A sensor's report joined an alert: its first (appended with the raise) or a repeat grouped
  /// into it; the event's time is the report's.
  case sensorTriggered(AlertID, SensorTrigger)
  /// 静默: a device, or a kind at a place, silenced for a time with a reason.
  case alertSilenced(AlertSilence)
  /// 撤榜: the community takes an open or claimed item off its list, with a reason.
  case openCallWithdrawn(OpenCallID, reason: String)
  /// 退榜: the unit that claimed an item gives it back, with a reason; the item is open again.
  case openCallReleased(OpenCallID, unit: PartnerUnitID, reason: String)
  /// An award withdrawn: the kind, subject and month of the award, with the reason it is
  /// withdrawn; and when it was awarded, which names one 红黑榜 entry among the many a stairwell
  /// may have in a month (a 先锋, once a month, needs none; an older build's event has none).
  case honourWithdrawn(Honour, awardedAt: Timestamp?)
  /// 解除静默: the silences in force on a scope end before their time (the device is mended, the
  /// lane cleared), with a reason; what they held back calls the desk again.
  case silenceLifted(SilenceScope, reason: String)
  /// The sensor kinds a room accepts (`SensorCatalogue`), replacing the catalogue in force; until
  /// one is defined the field's (`SensorCatalogue.field`) is.
  case sensorCatalogueDefined(SensorCatalogue)
  /// The tasks an order may be issued with (`TaskCatalogue`), replacing the list in force; until
  /// one is defined the lockdown's four (`TaskCatalogue.standard`) are. An order carries its task
  /// whole, so orders issued before keep theirs.
  case taskCatalogueDefined(TaskCatalogue)
  /// 点单: a resident's request reached the community (OpenCallRequests.swift).
  case openCallRequested(ResidentRequest)
  /// The community declines a request, with the reason the resident is told.
  case openCallRequestDeclined(OpenCallRequestID, reason: String)

  public var kind: EventKind {
    switch self {
    case .catalogueDefined: .catalogueDefined
    case .placeAdded: .placeAdded
    case .householdRegistered: .householdRegistered
    case .householdFlagsChanged: .householdFlagsChanged
    case .personRegistered: .personRegistered
    case .roleAssigned: .roleAssigned
    case .roleVacated: .roleVacated
    case .ticketRequested: .ticketRequested
    case .ticketDispatched: .ticketDispatched
    case .ticketAccepted: .ticketAccepted
    case .ticketReturned: .ticketReturned
    case .ticketResolved: .ticketResolved
    case .ticketRated: .ticketRated
    case .ticketReopened: .ticketReopened
    case .ticketEscalated: .ticketEscalated
    case .visitRecorded: .visitRecorded
    case .alertRaised: .alertRaised
    case .alertCleared: .alertCleared
    case .alertAcknowledged: .alertAcknowledged
    case .alertTicketed: .alertTicketed
    case .mobilizationIssued: .mobilizationIssued
    case .squadAttached: .squadAttached
    case .squadStatusChanged: .squadStatusChanged
    case .householdsReported: .householdsReported
    case .deadlineExtended: .deadlineExtended
    case .mobilizationClosed: .mobilizationClosed
    case .ticketExtended: .ticketExtended
    case .escalated: .escalated
    case .rosterImported: .rosterImported
    case .shiftChanged: .shiftChanged
    case .handoverNoted: .handoverNoted
    case .handoverSigned: .handoverSigned
    case .householdDetailsChanged: .householdDetailsChanged
    case .personDetailsChanged: .personDetailsChanged
    case .numbersRevealed: .numbersRevealed
    case .partnerUnitRegistered: .partnerUnitRegistered
    case .openCallPosted: .openCallPosted
    case .openCallClaimed: .openCallClaimed
    case .openCallProgressed: .openCallProgressed
    case .openCallCompleted: .openCallCompleted
    case .openCallRated: .openCallRated
    case .conventionAdopted: .conventionAdopted
    case .volunteerHoursRecorded: .volunteerHoursRecorded
    case .pointsRedeemed: .pointsRedeemed
    case .honourAwarded: .honourAwarded
    case .devicesRegistered: .devicesRegistered
    case .sensorTriggered: .sensorTriggered
    case .alertSilenced: .alertSilenced
    case .openCallWithdrawn: .openCallWithdrawn
    case .openCallReleased: .openCallReleased
    case .honourWithdrawn: .honourWithdrawn
    case .silenceLifted: .silenceLifted
    case .sensorCatalogueDefined: .sensorCatalogueDefined
    case .taskCatalogueDefined: .taskCatalogueDefined
    case .openCallRequested: .openCallRequested
    case .openCallRequestDeclined: .openCallRequestDeclined
    }
  }

  /// The stream an event belongs to; a stream's version guards concurrent writers. Role changes
  /// go to the place's stream so two operators cannot both appoint its one head. Everything done
  /// under an order goes to the order's stream: a report decided on an open order cannot land
  /// after another operator closed it, and two reports of one household land one after the other.
  public var streamKey: StreamKey {
    switch self {
    case .catalogueDefined, .taskCatalogueDefined: .catalogue
    case .placeAdded(let place): .place(place.id)
    case .householdRegistered(let household): .household(household.id)
    case .householdFlagsChanged(let id, _, _), .visitRecorded(let id, _, _),
      .householdDetailsChanged(let id, _):
      .household(id)
    case .personRegistered(let person): .person(person.id)
    case .personDetailsChanged(let id, _, _, _): .person(id)
    case .numbersRevealed(let reveal):
      reveal.household.map(StreamKey.household) ?? .place(reveal.place ?? PlaceID(0))
    case .roleAssigned(_, let assignment), .roleVacated(_, let assignment, _): .place(assignment.place)
    case .ticketRequested(let request): .ticket(request.id)
    case .ticketDispatched(let id, _), .ticketAccepted(let id), .ticketReturned(let id, _),
      .ticketResolved(let id, _), .ticketRated(let id, _, _), .ticketReopened(let id, _),
      .ticketEscalated(let id), .ticketExtended(let id, _, _, _, _):
      .ticket(id)
    case .alertRaised(let raise): .alert(raise.id)
    case .alertCleared(let id, _), .alertAcknowledged(let id), .alertTicketed(let id, _): .alert(id)
    case .mobilizationIssued(let order): .mobilization(order.id)
    case .squadAttached(let id, _, _), .squadStatusChanged(let id, _, _, _), .householdsReported(let id, _),
      .deadlineExtended(let id, _, _), .mobilizationClosed(let id, _, _):
      .mobilization(id)
    case .escalated(let escalation): escalation.subject.streamKey
    case .rosterImported, .shiftChanged, .handoverNoted, .handoverSigned: .duty
    case .partnerUnitRegistered, .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted,
      .openCallRated, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined:
      .openCalls
    // A volunteer's hours and exchanges share the person's stream, so two exchanges decided on
    // one balance cannot both land; a stairwell's convention and honours go to its place.
    case .conventionAdopted(let stairwell, _): .place(stairwell)
    case .volunteerHoursRecorded(let hours): .person(hours.person)
    case .pointsRedeemed(let redemption): .person(redemption.person)
    case .honourAwarded(let honour), .honourWithdrawn(let honour, _):
      switch honour.subject {
      case .stairwell(let id): .place(id)
      case .person(let id): .person(id)
      }
    case .sensorTriggered(let id, _): .alert(id)
    case .devicesRegistered, .alertSilenced, .silenceLifted, .sensorCatalogueDefined: .sensors
    }
  }

  /// The ticket an event is about, if it is about one.
  public var ticketID: TicketID? {
    if case .ticket(let id) = streamKey { id } else { nil }
  }

  /// The alert an event is about, if it is about one.
  public var alertID: AlertID? {
    if case .alert(let id) = streamKey { id } else { nil }
  }

  /// The mobilization order an event is about, if it is about one.
  public var mobilizationID: MobilizationID? {
    if case .mobilization(let id) = streamKey { id } else { nil }
  }

  /// The shift an event of the duty desk is about, if it is about one.
  public var shift: ShiftID? {
    switch self {
    case .handoverNoted(let shift, _), .handoverSigned(let shift): shift
    case .shiftChanged(let change, _): change.shift
    default: nil
    }
  }

  /// The stream's name as the store keeps it, e.g. `ticket-1043`.
  public var stream: String { streamKey.description }
}

/// The kinds of event, with the stable names written to the store.
public enum EventKind: UInt8, CaseIterable, Sendable {
  case catalogueDefined, placeAdded, householdRegistered, householdFlagsChanged, personRegistered
  case roleAssigned, roleVacated
  case ticketRequested, ticketDispatched, ticketAccepted, ticketReturned, ticketResolved, ticketRated
  case ticketReopened, ticketEscalated
  case visitRecorded, alertRaised, alertCleared
  // New kinds go last: a kind's raw value must not change under stored events.
  case alertAcknowledged, alertTicketed
  case mobilizationIssued, squadAttached, squadStatusChanged, householdsReported, deadlineExtended
  case mobilizationClosed
  case ticketExtended, escalated, rosterImported, shiftChanged, handoverNoted, handoverSigned
  case householdDetailsChanged, personDetailsChanged, numbersRevealed
  case partnerUnitRegistered, openCallPosted, openCallClaimed, openCallProgressed, openCallCompleted
  case openCallRated
  case conventionAdopted, volunteerHoursRecorded, pointsRedeemed, honourAwarded
  case devicesRegistered, sensorTriggered, alertSilenced
  case openCallWithdrawn, openCallReleased
  case honourWithdrawn
  case silenceLifted
  case sensorCatalogueDefined
  case taskCatalogueDefined
  case openCallRequested, openCallRequestDeclined

  public var name: String {
    switch self {
    case .catalogueDefined: "catalogue.defined"
    case .placeAdded: "place.added"
    case .householdRegistered: "household.registered"
    case .householdFlagsChanged: "household.flags-changed"
    case .personRegistered: "person.registered"
    case .roleAssigned: "role.assigned"
    case .roleVacated: "role.vacated"
    case .ticketRequested: "ticket.requested"
    case .ticketDispatched: "ticket.dispatched"
    case .ticketAccepted: "ticket.accepted"
    case .ticketReturned: "ticket.returned"
    case .ticketResolved: "ticket.resolved"
    case .ticketRated: "ticket.rated"
    case .ticketReopened: "ticket.reopened"
    case .ticketEscalated: "ticket.escalated"
    case .visitRecorded: "visit.recorded"
    case .alertRaised: "alert.raised"
    case .alertCleared: "alert.cleared"
    case .alertAcknowledged: "alert.acknowledged"
    case .alertTicketed: "alert.ticketed"
    case .mobilizationIssued: "mobilization.issued"
    case .squadAttached: "squad.attached"
    case .squadStatusChanged: "squad.status-changed"
    case .householdsReported: "households.reported"
    case .deadlineExtended: "mobilization.extended"
    case .mobilizationClosed: "mobilization.closed"
    case .ticketExtended: "ticket.extended"
    case .escalated: "duty.escalated"
    case .rosterImported: "roster.imported"
    case .shiftChanged: "roster.shift-changed"
    case .handoverNoted: "handover.noted"
    case .handoverSigned: "handover.signed"
    case .householdDetailsChanged: "household.details-changed"
    case .personDetailsChanged: "person.details-changed"
    case .numbersRevealed: "reveal.numbers"
    case .partnerUnitRegistered: "unit.registered"
    case .openCallPosted: "opencall.posted"
    case .openCallClaimed: "opencall.claimed"
    case .openCallProgressed: "opencall.progressed"
    case .openCallCompleted: "opencall.completed"
    case .openCallRated: "opencall.rated"
    case .conventionAdopted: "convention.adopted"
    case .volunteerHoursRecorded: "volunteer.hours-recorded"
    case .pointsRedeemed: "points.redeemed"
    case .honourAwarded: "honour.awarded"
    case .devicesRegistered: "sensor.devices-registered"
    case .sensorTriggered: "sensor.triggered"
    case .alertSilenced: "alert.silenced"
    case .openCallWithdrawn: "opencall.withdrawn"
    case .openCallReleased: "opencall.released"
    case .honourWithdrawn: "honour.withdrawn"
    case .silenceLifted: "alert.silence-lifted"
    case .sensorCatalogueDefined: "sensor.catalogue-defined"
    case .taskCatalogueDefined: "task.catalogue-defined"
    case .openCallRequested: "opencall.requested"
    case .openCallRequestDeclined: "opencall.request-declined"
    }
  }

  private static let byName = Dictionary(uniqueKeysWithValues: allCases.map { ($0.name, $0) })

  public init?(name: String) {
    guard let kind = Self.byName[name] else { return nil }
    self = kind
  }

  private static let nameBytes = allCases.map { Array($0.name.utf8) }

  /// Reads a kind from the store's bytes without making a String: replay does this for every event.
  public init?(utf8 bytes: UnsafeRawBufferPointer) {
    for (index, name) in Self.nameBytes.enumerated() where name.count == bytes.count {
      if name.withUnsafeBytes({ $0.elementsEqual(bytes) }) {
        self = Self.allCases[index]
        return
      }
    }
    return nil
  }
}

/// An event on its way into the store: the store gives it its sequence number and version.
public struct NewEvent: Sendable, Equatable {
  public var id: EventID
  public var time: Timestamp
  public var actor: String
  public var body: EventBody

  public init(id: EventID = .generate(), time: Timestamp = .now, actor: String, body: EventBody) {
    self.id = id
    self.time = time
    self.actor = actor
    self.body = body
  }
}

/// An event as the store holds it (DESIGN.md §6).
public struct RecordedEvent: Sendable, Equatable {
  /// Global order across all streams.
  public var sequence: Int64
  public var id: EventID
  public var stream: String
  /// 1 for a stream's first event.
  public var version: Int
  public var time: Timestamp
  public var actor: String
  public var body: EventBody

  public init(
    sequence: Int64, id: EventID, stream: String, version: Int, time: Timestamp, actor: String,
    body: EventBody
  ) {
    self.sequence = sequence
    self.id = id
    self.stream = stream
    self.version = version
    self.time = time
    self.actor = actor
    self.body = body
  }
}
