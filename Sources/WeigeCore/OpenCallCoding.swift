/// The 揭榜 board's payloads and its part of the snapshot, in the same compact form as the rest
/// (`BinaryWriter`).
extension EventBody {
  func encodeOpenCall(into w: inout BinaryWriter) {
    switch self {
    case .partnerUnitRegistered(let unit):
      unit.encode(into: &w)
    case .openCallPosted(let posting):
      posting.encode(into: &w)
      // Written only when there is one, so a posting without reads as before requests existed.
      if let request = posting.request { w.write(request.rawValue) }
    case .openCallRequested(let request):
      request.encode(into: &w)
    case .openCallRequestDeclined(let id, let reason):
      w.write(id.rawValue)
      w.write(reason)
    case .openCallClaimed(let id, let unit):
      w.write(id.rawValue)
      w.write(unit.rawValue)
    case .openCallProgressed(let id, let note, let personTimes),
      .openCallCompleted(let id, let note, let personTimes):
      w.write(id.rawValue)
      w.write(note)
      w.write(personTimes)
    case .openCallRated(let id, let score, let comment):
      w.write(id.rawValue)
      w.write(score)
      w.write(comment)
    case .openCallWithdrawn(let id, let reason):
      w.write(id.rawValue)
      w.write(reason)
    case .openCallReleased(let id, let unit, let reason):
      w.write(id.rawValue)
      w.write(unit.rawValue)
      w.write(reason)
    default:
      preconditionFailure("\(kind.name) is not an event of the 揭榜 board")
    }
  }

  static func decodeOpenCall(kind: EventKind, from r: inout BinaryReader) throws(BinaryDecodingError)
    -> EventBody
  {
    switch kind {
    case .partnerUnitRegistered:
      return .partnerUnitRegistered(try PartnerUnit(from: &r))
    case .openCallPosted:
      var posting = try OpenCallPosting(from: &r)
      posting.request = r.isAtEnd ? nil : OpenCallRequestID(try r.readInt("item.request"))
      return .openCallPosted(posting)
    case .openCallRequested:
      return .openCallRequested(try ResidentRequest(from: &r))
    case .openCallRequestDeclined:
      let id = OpenCallRequestID(try r.readInt("request"))
      return .openCallRequestDeclined(id, reason: try r.readString("reason"))
    case .openCallClaimed:
      let id = OpenCallID(try r.readInt("item"))
      return .openCallClaimed(id, unit: PartnerUnitID(try r.readInt("unit")))
    case .openCallProgressed, .openCallCompleted:
      let id = OpenCallID(try r.readInt("item"))
      let note = try r.readString("note")
      let personTimes = try r.readInt("personTimes")
      return kind == .openCallProgressed
        ? .openCallProgressed(id, note: note, personTimes: personTimes)
        : .openCallCompleted(id, note: note, personTimes: personTimes)
    case .openCallRated:
      let id = OpenCallID(try r.readInt("item"))
      let score = try r.readInt("score")
      return .openCallRated(id, score: score, comment: try r.readString("comment"))
    case .openCallWithdrawn:
      let id = OpenCallID(try r.readInt("item"))
      return .openCallWithdrawn(id, reason: try r.readString("reason"))
    case .openCallReleased:
      let id = OpenCallID(try r.readInt("item"))
      let unit = PartnerUnitID(try r.readInt("unit"))
      return .openCallReleased(id, unit: unit, reason: try r.readString("reason"))
    default:
      preconditionFailure("\(kind.name) is not an event of the 揭榜 board")
    }
  }
}

extension PartnerUnit {
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(name)
    w.write(kind.id)
    w.write(kind.name)
    w.write(kind.englishName)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let id = PartnerUnitID(try r.readInt("unit.id"))
    let name = try r.readString("unit.name")
    let kind = UnitKind(
      id: try r.readString("unit.kind.id"), name: try r.readString("unit.kind.name"),
      englishName: try r.readString("unit.kind.englishName"))
    self.init(id: id, name: name, kind: kind)
  }
}

extension OpenCallPosting {
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(UInt64(list.rawValue))
    w.write(title)
    w.write(place.rawValue)
    w.write(need)
    w.write(dueBy.rawValue)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init(
      id: OpenCallID(try r.readInt("item.id")), list: try r.readEnum("item.list", as: CallList.self),
      title: try r.readString("item.title"), place: PlaceID(try r.readInt("item.place")),
      need: try r.readString("item.need"), dueBy: Timestamp(milliseconds: try r.readInt64("item.dueBy")))
  }
}

extension ResidentRequest {
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    switch requester {
    case .household(let household):
      w.write(UInt64(0))
      w.write(household.rawValue)
    case .resident(let name):
      w.write(UInt64(1))
      w.write(name)
    }
    w.write(UInt64(channel.rawValue))
    w.write(place.rawValue)
    w.write(wish)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let id = OpenCallRequestID(try r.readInt("request.id"))
    let requester: Requester
    switch try r.readUInt64("request.requester") {
    case 0: requester = .household(HouseholdID(try r.readInt("request.household")))
    case 1: requester = .resident(try r.readString("request.name"))
    case let other: throw .invalid(field: "request.requester", value: Int64(truncatingIfNeeded: other))
    }
    self.init(
      id: id, requester: requester, channel: try r.readEnum("request.channel", as: RequestChannel.self),
      place: PlaceID(try r.readInt("request.place")), wish: try r.readString("request.wish"))
  }
}

extension OpenCallBoard {
  /// Units in id order, then items with their whole history, then residents' requests.
  func encode(into w: inout BinaryWriter) {
    w.write(UInt64(units.count))
    for unit in units.values { unit.encode(into: &w) }
    w.write(UInt64(calls.count))
    for call in calls.values {
      call.posting.encode(into: &w)
      w.write(optional: call.posting.request?.rawValue)
      w.write(call.postedAt.rawValue)
      w.write(UInt64(call.status.rawValue))
      w.write(optional: call.unit?.rawValue)
      w.write(optional: call.claimedAt)
      w.write(optional: call.doneAt)
      w.write(call.personTimes)
      w.write(optional: call.rating)
      w.write(UInt64(call.history.count))
      for step in call.history {
        w.write(UInt64(step.kind.rawValue))
        w.write(step.time.rawValue)
        w.write(step.actor)
        w.write(step.note)
        w.write(step.personTimes)
      }
    }
    w.write(UInt64(requests.count))
    for record in requests.values {
      record.request.encode(into: &w)
      w.write(record.requestedAt.rawValue)
      w.write(record.recordedBy)
      switch record.decision {
      case .pending: w.write(UInt64(0))
      case .posted(let call):
        w.write(UInt64(1))
        w.write(call.rawValue)
      case .declined(let reason):
        w.write(UInt64(2))
        w.write(reason)
      }
      w.write(optional: record.decidedAt)
      w.write(record.decidedBy ?? "")
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init()
    for _ in 0..<(try r.readCount("units")) {
      let unit = try PartnerUnit(from: &r)
      units[unit.id] = unit
    }
    for _ in 0..<(try r.readCount("items")) {
      var posting = try OpenCallPosting(from: &r)
      posting.request = try r.readOptionalInt("item.request").map { OpenCallRequestID($0) }
      var call = OpenCall(
        posting: posting, postedAt: Timestamp(milliseconds: try r.readInt64("item.postedAt")))
      call.status = try r.readEnum("item.status", as: OpenCallStatus.self)
      call.unit = try r.readOptionalInt("item.unit").map { PartnerUnitID($0) }
      call.claimedAt = try r.readOptionalTime("item.claimedAt")
      call.doneAt = try r.readOptionalTime("item.doneAt")
      call.personTimes = try r.readInt("item.personTimes")
      call.rating = try r.readOptionalInt("item.rating")
      for _ in 0..<(try r.readCount("item.history")) {
        call.history.append(
          OpenCallStep(
            kind: try r.readEnum("step.kind", as: OpenCallStep.Kind.self),
            time: Timestamp(milliseconds: try r.readInt64("step.time")),
            actor: try r.readString("step.actor"),
            note: try r.readString("step.note"), personTimes: try r.readInt("step.personTimes")))
      }
      calls[posting.id] = call
    }
    for _ in 0..<(try r.readCount("requests")) {
      let request = try ResidentRequest(from: &r)
      let requestedAt = Timestamp(milliseconds: try r.readInt64("request.time"))
      var record = RequestRecord(
        request: request, requestedAt: requestedAt, recordedBy: try r.readString("request.actor"))
      switch try r.readUInt64("request.decision") {
      case 0: record.decision = .pending
      case 1: record.decision = .posted(OpenCallID(try r.readInt("request.item")))
      case 2: record.decision = .declined(reason: try r.readString("request.reason"))
      case let other: throw .invalid(field: "request.decision", value: Int64(truncatingIfNeeded: other))
      }
      record.decidedAt = try r.readOptionalTime("request.decidedAt")
      let decidedBy = try r.readString("request.decidedBy")
      record.decidedBy = record.decidedAt == nil ? nil : decidedBy
      requests[request.id] = record
    }
  }
}
