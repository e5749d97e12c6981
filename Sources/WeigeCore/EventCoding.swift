/// The payload format of every event kind; bump it when a payload changes shape, and keep
/// reading the older ones. 2: a ticket's request and an alert's raise carry their SLA terms.
/// 3: a household's contact and a person carry an ID number. (An alert kind a room defines is
/// written after the built-in kinds' indexes, which older logs hold: `AlertKind.encode`.)
public let eventPayloadFormat = 3

extension EventBody {
  /// The payload bytes: the format number, then the kind's fields in a fixed order.
  public func encoded() -> [UInt8] {
    var writer = BinaryWriter()
    writer.write(UInt64(eventPayloadFormat))
    encode(into: &writer)
    return writer.bytes
  }

  private func encode(into w: inout BinaryWriter) {
    switch self {
    case .catalogueDefined(let catalogue):
      catalogue.encode(into: &w)
    case .taskCatalogueDefined(let catalogue):
      catalogue.encode(into: &w)
    case .placeAdded(let place):
      place.encode(into: &w)
    case .householdRegistered(let household):
      household.encode(into: &w, idNumber: true)
    case .householdFlagsChanged(let id, let flags, let tags):
      w.write(id.rawValue)
      w.write(UInt64(flags.rawValue))
      w.write(tags)
    case .personRegistered(let person):
      person.encode(into: &w, idNumber: true)
    case .roleAssigned(let person, let assignment):
      w.write(person.rawValue)
      w.write(assignment.role)
      w.write(assignment.place.rawValue)
    case .roleVacated(let person, let assignment, let reason):
      w.write(person.rawValue)
      w.write(assignment.role)
      w.write(assignment.place.rawValue)
      w.write(reason)
    case .ticketRequested(let r):
      w.write(r.id.rawValue)
      w.write(r.title)
      w.write(UInt64(r.demandClass.rawValue))
      w.write(UInt64(r.urgency.rawValue))
      w.write(UInt64(r.source.rawValue))
      w.write(r.place.rawValue)
      w.write(optional: r.household?.rawValue)
      w.write(r.dueAt.rawValue)
      w.write(optional: r.terms)
    case .ticketDispatched(let id, let assignee):
      w.write(id.rawValue)
      w.write(assignee.rawValue)
    case .ticketAccepted(let id), .ticketEscalated(let id):
      w.write(id.rawValue)
    case .ticketReturned(let id, let text), .ticketResolved(let id, let text),
      .ticketReopened(let id, let text):
      w.write(id.rawValue)
      w.write(text)
    case .ticketRated(let id, let score, let comment):
      w.write(id.rawValue)
      w.write(score)
      w.write(comment)
    case .visitRecorded(let household, let visitor, let note):
      w.write(household.rawValue)
      w.write(optional: visitor?.rawValue)
      w.write(note)
    case .alertRaised(let a):
      w.write(a.id.rawValue)
      a.kind.encode(into: &w)
      w.write(a.place.rawValue)
      w.write(optional: a.household?.rawValue)
      w.write(a.text)
      w.write(optional: a.terms)
    case .alertCleared(let id, let note):
      w.write(id.rawValue)
      w.write(note)
    case .alertAcknowledged(let id):
      w.write(id.rawValue)
    case .alertTicketed(let id, let ticket):
      w.write(id.rawValue)
      w.write(ticket.rawValue)
    case .mobilizationIssued(let order):
      order.encode(into: &w)
    case .squadAttached(let id, let stairwell, let person):
      w.write(id.rawValue)
      w.write(stairwell.rawValue)
      w.write(person.rawValue)
    case .squadStatusChanged(let id, let stairwell, let status, let note):
      w.write(id.rawValue)
      w.write(stairwell.rawValue)
      w.write(UInt64(status.rawValue))
      w.write(note)
    case .householdsReported(let id, let reports):
      w.write(id.rawValue)
      // A stairwell's households have neighbouring ids: each is written as the step from the one
      // before, a byte for most.
      w.write(UInt64(reports.count))
      var previous = 0
      for report in reports {
        w.write(report.household.rawValue &- previous)
        w.write(UInt64(report.outcome.rawValue))
        previous = report.household.rawValue
      }
    case .deadlineExtended(let id, let deadline, let reason):
      w.write(id.rawValue)
      w.write(deadline.rawValue)
      w.write(reason)
    case .mobilizationClosed(let id, let closing, let note):
      w.write(id.rawValue)
      w.write(UInt64(closing.rawValue))
      w.write(note)
    case .ticketExtended(let id, let limit, let deadline, let reason, let approver):
      w.write(id.rawValue)
      limit.encode(into: &w)
      w.write(deadline.rawValue)
      w.write(reason)
      w.write(approver)
    case .escalated(let escalation):
      escalation.encode(into: &w)
    case .rosterImported(let shifts, let source):
      w.write(UInt64(shifts.count))
      for shift in shifts { shift.encode(into: &w) }
      w.write(source)
    case .shiftChanged(let shift, let reason):
      shift.encode(into: &w)
      w.write(reason)
    case .handoverNoted(let shift, let note):
      w.write(shift.ordinal)
      w.write(note)
    case .handoverSigned(let shift):
      w.write(shift.ordinal)
    case .householdDetailsChanged(let id, let details):
      w.write(id.rawValue)
      w.write(details.residents)
      w.write(details.aged60Plus)
      w.write(details.contactName)
      w.write(details.contactPhone)
      w.write(details.contactIDNumber)
    case .personDetailsChanged(let id, let phone, let idNumber, let isPartyMember):
      w.write(id.rawValue)
      w.write(phone)
      w.write(isPartyMember)
      w.write(idNumber)
    case .numbersRevealed(let reveal):
      w.write(optional: reveal.place?.rawValue)
      w.write(optional: reveal.household?.rawValue)
      w.write(reveal.reason)
      w.write(reveal.purpose)
    case .partnerUnitRegistered, .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted,
      .openCallRated, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined:
      encodeOpenCall(into: &w)
    case .conventionAdopted, .volunteerHoursRecorded, .pointsRedeemed, .honourAwarded,
      .honourWithdrawn:
      encodeRecognition(into: &w)
    case .devicesRegistered, .sensorTriggered, .alertSilenced, .silenceLifted, .sensorCatalogueDefined:
      encodeSensorPayload(into: &w)
    }
  }

  /// Reads a payload written by `encoded()`; the error names the field that could not be read.
  public static func decode(kind: EventKind, payload: UnsafeRawBufferPointer) throws(BinaryDecodingError)
    -> EventBody
  {
    var r = BinaryReader(payload)
    let format = try r.readFormat("format")
    guard (1...eventPayloadFormat).contains(format) else { throw .unsupportedFormat(format) }
    // Format 1 requests and raises carry no terms, formats 1 and 2 no ID numbers: what older
    // logs hold.
    let hasTerms = format >= 2
    let hasIDNumbers = format >= 3
    switch kind {
    case .catalogueDefined:
      return .catalogueDefined(try RoleCatalogue(from: &r))
    case .taskCatalogueDefined:
      return .taskCatalogueDefined(try TaskCatalogue(from: &r))
    case .placeAdded:
      return .placeAdded(try Place(from: &r))
    case .householdRegistered:
      return .householdRegistered(try Household(from: &r, idNumber: hasIDNumbers))
    case .householdFlagsChanged:
      return .householdFlagsChanged(
        HouseholdID(try r.readInt("id")),
        flags: HouseholdFlags(rawValue: UInt16(truncatingIfNeeded: try r.readUInt64("flags"))),
        tags: try r.readStrings("tags"))
    case .personRegistered:
      return .personRegistered(try Person(from: &r, idNumber: hasIDNumbers))
    case .roleAssigned:
      let person = PersonID(try r.readInt("person"))
      return .roleAssigned(person, try RoleAssignment(from: &r))
    case .roleVacated:
      let person = PersonID(try r.readInt("person"))
      let assignment = try RoleAssignment(from: &r)
      return .roleVacated(person, assignment, reason: try r.readString("reason"))
    case .ticketRequested:
      return .ticketRequested(
        TicketRequest(
          id: TicketID(try r.readInt("id")), title: try r.readString("title"),
          demandClass: try r.readEnum("demandClass", as: DemandClass.self),
          urgency: try r.readEnum("urgency", as: Urgency.self),
          source: try r.readEnum("source", as: TicketSource.self), place: PlaceID(try r.readInt("place")),
          household: try r.readOptionalInt("household").map { HouseholdID($0) },
          dueAt: Timestamp(milliseconds: try r.readInt64("dueAt")),
          terms: hasTerms ? try SlaTerms.readOptional(&r, "terms") : nil))
    case .ticketDispatched:
      let id = TicketID(try r.readInt("ticket"))
      return .ticketDispatched(id, assignee: PersonID(try r.readInt("assignee")))
    case .ticketAccepted:
      return .ticketAccepted(TicketID(try r.readInt("ticket")))
    case .ticketEscalated:
      return .ticketEscalated(TicketID(try r.readInt("ticket")))
    case .ticketReturned:
      let id = TicketID(try r.readInt("ticket"))
      return .ticketReturned(id, reason: try r.readString("reason"))
    case .ticketResolved:
      let id = TicketID(try r.readInt("ticket"))
      return .ticketResolved(id, note: try r.readString("note"))
    case .ticketReopened:
      let id = TicketID(try r.readInt("ticket"))
      return .ticketReopened(id, reason: try r.readString("reason"))
    case .ticketRated:
      let id = TicketID(try r.readInt("ticket"))
      let score = try r.readInt("score")
      return .ticketRated(id, score: score, comment: try r.readString("comment"))
    case .visitRecorded:
      let household = HouseholdID(try r.readInt("household"))
      let visitor = try r.readOptionalInt("visitor").map { PersonID($0) }
      return .visitRecorded(household, visitor: visitor, note: try r.readString("note"))
    case .alertRaised:
      return .alertRaised(
        AlertRaise(
          id: AlertID(try r.readInt("id")), kind: try AlertKind(from: &r, "kind"),
          place: PlaceID(try r.readInt("place")),
          household: try r.readOptionalInt("household").map { HouseholdID($0) },
          text: try r.readString("text"), terms: hasTerms ? try SlaTerms.readOptional(&r, "terms") : nil))
    case .alertCleared:
      let id = AlertID(try r.readInt("alert"))
      return .alertCleared(id, note: try r.readString("note"))
    case .alertAcknowledged:
      return .alertAcknowledged(AlertID(try r.readInt("alert")))
    case .alertTicketed:
      let id = AlertID(try r.readInt("alert"))
      return .alertTicketed(id, ticket: TicketID(try r.readInt("ticket")))
    case .mobilizationIssued:
      return .mobilizationIssued(try MobilizationOrder(from: &r))
    case .squadAttached:
      let id = MobilizationID(try r.readInt("order"))
      let stairwell = PlaceID(try r.readInt("stairwell"))
      return .squadAttached(id, stairwell: stairwell, person: PersonID(try r.readInt("person")))
    case .squadStatusChanged:
      let id = MobilizationID(try r.readInt("order"))
      let stairwell = PlaceID(try r.readInt("stairwell"))
      let status = try r.readEnum("status", as: SquadStatus.self)
      return .squadStatusChanged(id, stairwell: stairwell, status: status, note: try r.readString("note"))
    case .householdsReported:
      let id = MobilizationID(try r.readInt("order"))
      let count = try r.readCount("reports")
      var reports: [HouseholdReport] = []
      reports.reserveCapacity(count)
      var previous = 0
      for _ in 0..<count {
        let household = previous &+ (try r.readInt("report.household"))
        reports.append(
          HouseholdReport(
            household: HouseholdID(household),
            outcome: try r.readEnum("report.outcome", as: HouseholdOutcome.self)))
        previous = household
      }
      return .householdsReported(id, reports)
    case .deadlineExtended:
      let id = MobilizationID(try r.readInt("order"))
      let deadline = Timestamp(milliseconds: try r.readInt64("deadline"))
      return .deadlineExtended(id, to: deadline, reason: try r.readString("reason"))
    case .mobilizationClosed:
      let id = MobilizationID(try r.readInt("order"))
      let closing = try r.readEnum("closing", as: MobilizationClosing.self)
      return .mobilizationClosed(id, closing, note: try r.readString("note"))
    case .ticketExtended:
      let id = TicketID(try r.readInt("ticket"))
      let limit = try WorkingTimeLimit(from: &r, "by")
      let deadline = Timestamp(milliseconds: try r.readInt64("to"))
      let reason = try r.readString("reason")
      return .ticketExtended(
        id, by: limit, to: deadline, reason: reason, approver: try r.readString("approver"))
    case .escalated:
      return .escalated(try DutyEscalation(from: &r))
    case .rosterImported:
      var shifts: [RosterShift] = []
      for _ in 0..<(try r.readCount("shifts")) { shifts.append(try RosterShift(from: &r)) }
      return .rosterImported(shifts, source: try r.readString("source"))
    case .shiftChanged:
      let shift = try RosterShift(from: &r)
      return .shiftChanged(shift, reason: try r.readString("reason"))
    case .handoverNoted:
      let shift = try ShiftID(from: &r)
      return .handoverNoted(shift, note: try r.readString("note"))
    case .handoverSigned:
      return .handoverSigned(try ShiftID(from: &r))
    case .householdDetailsChanged:
      let id = HouseholdID(try r.readInt("household"))
      return .householdDetailsChanged(
        id,
        HouseholdDetails(
          residents: try r.readInt("residents"), aged60Plus: try r.readInt("aged60Plus"),
          contactName: try r.readString("contactName"), contactPhone: try r.readString("contactPhone"),
          contactIDNumber: hasIDNumbers ? try r.readString("contactIDNumber") : ""))
    case .personDetailsChanged:
      let id = PersonID(try r.readInt("person"))
      let phone = try r.readString("phone")
      let isPartyMember = try r.readBool("isPartyMember")
      return .personDetailsChanged(
        id, phone: phone, idNumber: hasIDNumbers ? try r.readString("idNumber") : "",
        isPartyMember: isPartyMember)
    case .devicesRegistered, .sensorTriggered, .alertSilenced, .silenceLifted, .sensorCatalogueDefined:
      return try decodeSensorPayload(kind, &r)
    case .numbersRevealed:
      let place = try r.readOptionalInt("place").map { PlaceID($0) }
      let household = try r.readOptionalInt("household").map { HouseholdID($0) }
      let reason = try r.readString("reason")
      return .numbersRevealed(
        NumbersReveal(
          place: place, household: household, reason: reason, purpose: try r.readString("purpose")))
    case .partnerUnitRegistered, .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted,
      .openCallRated, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined:
      return try decodeOpenCall(kind: kind, from: &r)
    case .conventionAdopted, .volunteerHoursRecorded, .pointsRedeemed, .honourAwarded,
      .honourWithdrawn:
      return try decodeRecognition(kind: kind, from: &r)
    }
  }
}

extension WorkingTimeLimit {
  /// The unit (0 working days, 1 working minutes, 2 wall-clock minutes), then the count.
  func encode(into w: inout BinaryWriter) {
    switch self {
    case .workingDays(let n):
      w.write(UInt64(0))
      w.write(n)
    case .workingMinutes(let n):
      w.write(UInt64(1))
      w.write(n)
    case .wallClockMinutes(let n):
      w.write(UInt64(2))
      w.write(n)
    }
  }

  init(from r: inout BinaryReader, _ field: String) throws(BinaryDecodingError) {
    let unit = try r.readUInt64(field + ".unit")
    let count = try r.readInt(field + ".count")
    switch unit {
    case 0: self = .workingDays(count)
    case 1: self = .workingMinutes(count)
    case 2: self = .wallClockMinutes(count)
    default: throw .invalid(field: field + ".unit", value: Int64(truncatingIfNeeded: unit))
    }
  }
}

extension SlaTerms {
  func encode(into w: inout BinaryWriter) {
    for limit in [sign, remind, resolve, acknowledge] { limit.encode(into: &w) }
    w.write(warningPercent)
    w.write(UInt64(ladder.count))
    for level in ladder {
      w.write(level.name)
      w.write(level.englishName)
      level.after.encode(into: &w)
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let sign = try WorkingTimeLimit(from: &r, "terms.sign")
    let remind = try WorkingTimeLimit(from: &r, "terms.remind")
    let resolve = try WorkingTimeLimit(from: &r, "terms.resolve")
    let acknowledge = try WorkingTimeLimit(from: &r, "terms.acknowledge")
    let warning = try r.readInt("terms.warning")
    var ladder: [EscalationLevel] = []
    for _ in 0..<(try r.readCount("terms.ladder")) {
      let name = try r.readString("level.name")
      let english = try r.readString("level.englishName")
      ladder.append(
        EscalationLevel(
          name: name, englishName: english, after: try WorkingTimeLimit(from: &r, "level.after")))
    }
    self.init(
      sign: sign, remind: remind, resolve: resolve, acknowledge: acknowledge, warningPercent: warning,
      ladder: ladder)
  }

  /// A presence flag, then the terms.
  static func readOptional(_ r: inout BinaryReader, _ field: String) throws(BinaryDecodingError) -> SlaTerms?
  {
    try r.readBool(field) ? try SlaTerms(from: &r) : nil
  }
}

extension BinaryWriter {
  mutating func write(optional terms: SlaTerms?) {
    write(terms != nil)
    terms?.encode(into: &self)
  }
}

extension DutyEscalation {
  func encode(into w: inout BinaryWriter) {
    switch subject {
    case .ticket(let id):
      w.write(UInt64(0))
      w.write(id.rawValue)
    case .alert(let id):
      w.write(UInt64(1))
      w.write(id.rawValue)
    }
    w.write(UInt64(clock.rawValue))
    w.write(step)
    w.write(deadline.rawValue)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let kind = try r.readUInt64("subject.kind")
    let id = try r.readInt("subject.id")
    let subject: DutySubject
    switch kind {
    case 0: subject = .ticket(TicketID(id))
    case 1: subject = .alert(AlertID(id))
    default: throw .invalid(field: "subject.kind", value: Int64(truncatingIfNeeded: kind))
    }
    self.init(
      subject: subject, clock: try r.readEnum("clock", as: DutyClockKind.self), step: try r.readInt("step"),
      deadline: Timestamp(milliseconds: try r.readInt64("deadline")))
  }
}

extension RosterShift {
  func encode(into w: inout BinaryWriter) {
    w.write(shift.ordinal)
    w.write(operatorName)
    w.write(leader)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let shift = try ShiftID(from: &r)
    let name = try r.readString("operator")
    self.init(shift: shift, operatorName: name, leader: try r.readString("leader"))
  }
}

extension MobilizationTask {
  func encode(into w: inout BinaryWriter) {
    w.write(id)
    w.write(name)
    w.write(englishName)
    w.write(doneName)
    w.write(englishDoneName)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init(
      id: try r.readString("task.id"), name: try r.readString("task.name"),
      englishName: try r.readString("task.englishName"), doneName: try r.readString("task.doneName"),
      englishDoneName: try r.readString("task.englishDoneName"))
  }
}

extension TaskCatalogue {
  func encode(into w: inout BinaryWriter) {
    w.write(UInt64(tasks.count))
    for task in tasks { task.encode(into: &w) }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    var tasks: [MobilizationTask] = []
    for _ in 0..<(try r.readCount("tasks")) { tasks.append(try MobilizationTask(from: &r)) }
    self.init(tasks: tasks)
  }
}

extension MobilizationOrder {
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(title)
    task.encode(into: &w)
    w.write(scope.rawValue)
    w.write(deadline.rawValue)
    w.write(isDrill)
    w.write(drillSpeed)
    w.write(UInt64(squads.count))
    for squad in squads {
      w.write(squad.stairwell.rawValue)
      w.write(UInt64(squad.members.count))
      for member in squad.members { w.write(member.rawValue) }
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let id = MobilizationID(try r.readInt("order.id"))
    let title = try r.readString("order.title")
    let task = try MobilizationTask(from: &r)
    let scope = PlaceID(try r.readInt("order.scope"))
    let deadline = Timestamp(milliseconds: try r.readInt64("order.deadline"))
    let isDrill = try r.readBool("order.isDrill")
    let drillSpeed = try r.readInt("order.drillSpeed")
    let count = try r.readCount("order.squads")
    var squads: [SquadFormation] = []
    squads.reserveCapacity(count)
    for _ in 0..<count {
      let stairwell = PlaceID(try r.readInt("squad.stairwell"))
      let members = try r.readCount("squad.members")
      var people: [PersonID] = []
      for _ in 0..<members { people.append(PersonID(try r.readInt("squad.member"))) }
      squads.append(SquadFormation(stairwell: stairwell, members: people))
    }
    self.init(
      id: id, title: title, task: task, scope: scope, deadline: deadline, isDrill: isDrill,
      drillSpeed: drillSpeed,
      squads: squads)
  }
}

extension RoleAssignment {
  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let role = try r.readString("role")
    self.init(role: role, place: PlaceID(try r.readInt("place")))
  }
}

extension RoleCatalogue {
  func encode(into w: inout BinaryWriter) {
    w.write(UInt64(roles.count))
    for role in roles {
      w.write(role.id)
      w.write(role.name)
      w.write(role.englishName)
      w.write(UInt64(role.level.rawValue))
      w.write(role.posts)
      w.write(optional: role.maxHolders)
      w.write(role.isReserve)
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let count = try r.readCount("roles")
    var roles: [RoleDefinition] = []
    for _ in 0..<count {
      roles.append(
        RoleDefinition(
          id: try r.readString("role.id"), name: try r.readString("role.name"),
          englishName: try r.readString("role.englishName"),
          level: try r.readEnum("role.level", as: PlaceLevel.self),
          posts: try r.readInt("role.posts"), maxHolders: try r.readOptionalInt("role.maxHolders"),
          isReserve: try r.readBool("role.isReserve")))
    }
    self.init(roles: roles)
  }
}

extension Place {
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(optional: parent?.rawValue)
    w.write(UInt64(level.rawValue))
    w.write(name)
    w.write(optional: gridKind.map { Int($0.rawValue) })
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let id = PlaceID(try r.readInt("place.id"))
    let parent = try r.readOptionalInt("place.parent").map { PlaceID($0) }
    let level = try r.readEnum("place.level", as: PlaceLevel.self)
    let name = try r.readString("place.name")
    let gridKind = try r.readOptionalInt("place.gridKind").map { raw throws(BinaryDecodingError) in
      guard let kind = GridKind(rawValue: UInt8(clamping: raw)) else {
        throw .invalid(field: "place.gridKind", value: Int64(raw))
      }
      return kind
    }
    self.init(id: id, parent: parent, level: level, name: name, gridKind: gridKind)
  }
}

extension Household {
  /// The registration fields; the last visit is derived, and the snapshot writes it apart. The
  /// ID number is written last, from payload format 3 and snapshot format 6 on.
  func encode(into w: inout BinaryWriter, idNumber: Bool) {
    w.write(id.rawValue)
    w.write(stairwell.rawValue)
    w.write(room)
    w.write(residents)
    w.write(aged60Plus)
    w.write(contactName)
    w.write(contactPhone)
    w.write(UInt64(flags.rawValue))
    w.write(tags)
    if idNumber { w.write(contactIDNumber) }
  }

  init(from r: inout BinaryReader, idNumber: Bool) throws(BinaryDecodingError) {
    self.init(
      id: HouseholdID(try r.readInt("household.id")),
      stairwell: PlaceID(try r.readInt("household.stairwell")),
      room: try r.readString("household.room"), residents: try r.readInt("household.residents"),
      aged60Plus: try r.readInt("household.aged60Plus"),
      contactName: try r.readString("household.contactName"),
      contactPhone: try r.readString("household.contactPhone"),
      flags: HouseholdFlags(rawValue: UInt16(truncatingIfNeeded: try r.readUInt64("household.flags"))),
      tags: try r.readStrings("household.tags"))
    if idNumber { contactIDNumber = try r.readString("household.contactIDNumber") }
  }
}

extension Person {
  /// The registration fields; roles are derived from role events. The ID number is written
  /// last, from payload format 3 and snapshot format 6 on.
  func encode(into w: inout BinaryWriter, idNumber: Bool) {
    w.write(id.rawValue)
    w.write(name)
    w.write(optional: household?.rawValue)
    w.write(phone)
    w.write(isPartyMember)
    if idNumber { w.write(self.idNumber) }
  }

  init(from r: inout BinaryReader, idNumber: Bool) throws(BinaryDecodingError) {
    self.init(
      id: PersonID(try r.readInt("person.id")), name: try r.readString("person.name"),
      household: try r.readOptionalInt("person.household").map { HouseholdID($0) },
      phone: try r.readString("person.phone"), isPartyMember: try r.readBool("person.isPartyMember"))
    if idNumber { self.idNumber = try r.readString("person.idNumber") }
  }
}

extension ShiftID {
  /// A shift from 1970 to 2243 (its ordinal, two a day): a corrupted number is refused here rather
  /// than overflowing the arithmetic on its times later.
  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let ordinal = try r.readInt("shift")
    guard (0...200_000).contains(ordinal) else { throw .invalid(field: "shift", value: Int64(ordinal)) }
    self.init(ordinal: ordinal)
  }
}
