/// The payload format of every event kind; bump it when a payload changes shape, and keep
/// reading the older ones.
public let eventPayloadFormat = 1

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
    case .placeAdded(let place):
      place.encode(into: &w)
    case .householdRegistered(let household):
      household.encode(into: &w)
    case .householdFlagsChanged(let id, let flags, let tags):
      w.write(id.rawValue)
      w.write(UInt64(flags.rawValue))
      w.write(tags)
    case .personRegistered(let person):
      person.encode(into: &w)
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
      w.write(UInt64(a.kind.rawValue))
      w.write(a.place.rawValue)
      w.write(optional: a.household?.rawValue)
      w.write(a.text)
    case .alertCleared(let id, let note):
      w.write(id.rawValue)
      w.write(note)
    case .alertAcknowledged(let id):
      w.write(id.rawValue)
    case .alertTicketed(let id, let ticket):
      w.write(id.rawValue)
      w.write(ticket.rawValue)
    }
  }

  /// Reads a payload written by `encoded()`; the error names the field that could not be read.
  public static func decode(kind: EventKind, payload: UnsafeRawBufferPointer) throws(BinaryDecodingError)
    -> EventBody
  {
    var r = BinaryReader(payload)
    let format = try r.readFormat("format")
    guard format == eventPayloadFormat else { throw .unsupportedFormat(format) }
    switch kind {
    case .catalogueDefined:
      return .catalogueDefined(try RoleCatalogue(from: &r))
    case .placeAdded:
      return .placeAdded(try Place(from: &r))
    case .householdRegistered:
      return .householdRegistered(try Household(from: &r))
    case .householdFlagsChanged:
      return .householdFlagsChanged(
        HouseholdID(try r.readInt("id")),
        flags: HouseholdFlags(rawValue: UInt16(truncatingIfNeeded: try r.readUInt64("flags"))),
        tags: try r.readStrings("tags"))
    case .personRegistered:
      return .personRegistered(try Person(from: &r))
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
          dueAt: Timestamp(milliseconds: try r.readInt64("dueAt"))))
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
          id: AlertID(try r.readInt("id")), kind: try r.readEnum("kind", as: AlertKind.self),
          place: PlaceID(try r.readInt("place")),
          household: try r.readOptionalInt("household").map { HouseholdID($0) },
          text: try r.readString("text")))
    case .alertCleared:
      let id = AlertID(try r.readInt("alert"))
      return .alertCleared(id, note: try r.readString("note"))
    case .alertAcknowledged:
      return .alertAcknowledged(AlertID(try r.readInt("alert")))
    case .alertTicketed:
      let id = AlertID(try r.readInt("alert"))
      return .alertTicketed(id, ticket: TicketID(try r.readInt("ticket")))
    }
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
  /// The registration fields; the last visit is derived, and the snapshot writes it apart.
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(stairwell.rawValue)
    w.write(room)
    w.write(residents)
    w.write(aged60Plus)
    w.write(contactName)
    w.write(contactPhone)
    w.write(UInt64(flags.rawValue))
    w.write(tags)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init(
      id: HouseholdID(try r.readInt("household.id")),
      stairwell: PlaceID(try r.readInt("household.stairwell")),
      room: try r.readString("household.room"), residents: try r.readInt("household.residents"),
      aged60Plus: try r.readInt("household.aged60Plus"),
      contactName: try r.readString("household.contactName"),
      contactPhone: try r.readString("household.contactPhone"),
      flags: HouseholdFlags(rawValue: UInt16(truncatingIfNeeded: try r.readUInt64("household.flags"))),
      tags: try r.readStrings("household.tags"))
  }
}

extension Person {
  /// The registration fields; roles are derived from role events.
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(name)
    w.write(optional: household?.rawValue)
    w.write(phone)
    w.write(isPartyMember)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init(
      id: PersonID(try r.readInt("person.id")), name: try r.readString("person.name"),
      household: try r.readOptionalInt("person.household").map { HouseholdID($0) },
      phone: try r.readString("person.phone"), isPartyMember: try r.readBool("person.isPartyMember"))
  }
}
