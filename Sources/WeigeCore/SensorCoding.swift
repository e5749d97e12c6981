/// The sensor intake's payloads and snapshot section, in the fixed field order of EventCoding.
extension EventBody {
  func encodeSensorPayload(into w: inout BinaryWriter) {
    switch self {
    case .devicesRegistered(let list, let source):
      w.write(UInt64(list.count))
      for device in list { device.encode(into: &w) }
      w.write(source)
    case .sensorTriggered(let id, let trigger):
      w.write(id.rawValue)
      w.write(trigger.device)
      w.write(trigger.snapshot)
    case .alertSilenced(let silence):
      silence.scope.encode(into: &w)
      w.write(silence.until.rawValue)
      w.write(silence.reason)
    case .silenceLifted(let scope, let reason):
      scope.encode(into: &w)
      w.write(reason)
    case .sensorCatalogueDefined(let catalogue):
      catalogue.encode(into: &w)
    default:
      preconditionFailure("not a sensor event: \(kind.name)")
    }
  }

  static func decodeSensorPayload(_ kind: EventKind, _ r: inout BinaryReader) throws(BinaryDecodingError)
    -> EventBody
  {
    switch kind {
    case .devicesRegistered:
      var list: [SensorDevice] = []
      for _ in 0..<(try r.readCount("devices")) { list.append(try SensorDevice(from: &r)) }
      return .devicesRegistered(list, source: try r.readString("source"))
    case .sensorTriggered:
      let id = AlertID(try r.readInt("alert"))
      let device = try r.readString("device")
      return .sensorTriggered(id, SensorTrigger(device: device, snapshot: try r.readString("snapshot")))
    case .alertSilenced:
      let scope = try SilenceScope(from: &r)
      let until = Timestamp(milliseconds: try r.readInt64("until"))
      return .alertSilenced(AlertSilence(scope: scope, until: until, reason: try r.readString("reason")))
    case .sensorCatalogueDefined:
      return .sensorCatalogueDefined(try SensorCatalogue(from: &r))
    case .silenceLifted:
      let scope = try SilenceScope(from: &r)
      return .silenceLifted(scope, reason: try r.readString("reason"))
    default:
      preconditionFailure("not a sensor event: \(kind.name)")
    }
  }
}

extension AlertKind {
  /// Written after the six built-in indexes: a kind defined by a room, or a built-in one a room
  /// redefined, followed by the whole kind.
  static let definedTag: UInt64 = 255

  /// A built-in kind as built is its index, as every alert's kind was written before kinds were
  /// data (so older logs read unchanged); any other is `definedTag` and the whole kind.
  func encode(into w: inout BinaryWriter) {
    if let index = Self.builtIn.firstIndex(of: self) {
      w.write(UInt64(index))
      return
    }
    w.write(Self.definedTag)
    w.write(code)
    w.write(chineseName)
    w.write(englishName)
    w.write(UInt64(urgency.rawValue))
    w.write(UInt64(demandClass.rawValue))
  }

  /// A built-in index reads as the shared built-in kind, so a log of a million alerts holds six
  /// kinds' names, not a million copies.
  init(from r: inout BinaryReader, _ field: String) throws(BinaryDecodingError) {
    let tag = try r.readUInt64(field)
    if tag < UInt64(Self.builtIn.count) {
      self = Self.builtIn[Int(tag)]
      return
    }
    guard tag == Self.definedTag else { throw .invalid(field: field, value: Int64(truncatingIfNeeded: tag)) }
    let code = try r.readString(field + ".code")
    let chineseName = try r.readString(field + ".name")
    let englishName = try r.readString(field + ".englishName")
    let urgency = try r.readEnum(field + ".urgency", as: Urgency.self)
    self.init(
      code: code, chineseName: chineseName, englishName: englishName, urgency: urgency,
      demandClass: try r.readEnum(field + ".demandClass", as: DemandClass.self))
  }
}

extension SensorDevice {
  func encode(into w: inout BinaryWriter) {
    w.write(id)
    w.write(UInt64(source.rawValue))
    w.write(place.rawValue)
    w.write(optional: household?.rawValue)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let id = try r.readString("device.id")
    let source = try r.readEnum("device.source", as: SensorSource.self)
    let place = PlaceID(try r.readInt("device.place"))
    self.init(
      id: id, source: source, place: place,
      household: try r.readOptionalInt("device.household").map { HouseholdID($0) })
  }
}

extension SensorCatalogue {
  func encode(into w: inout BinaryWriter) {
    w.write(UInt64(kinds.count))
    for kind in kinds {
      w.write(kind.code)
      kind.alert.encode(into: &w)
      w.write(UInt64(kind.source.rawValue))
      w.write(kind.name)
      w.write(kind.englishName)
      w.write(kind.aliases)
      w.write(kind.groupMinutes)
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    var kinds: [SensorKind] = []
    for _ in 0..<(try r.readCount("catalogue.kinds")) {
      let code = try r.readString("kind.code")
      let alert = try AlertKind(from: &r, "kind.alert")
      let source = try r.readEnum("kind.source", as: SensorSource.self)
      let name = try r.readString("kind.name")
      let englishName = try r.readString("kind.englishName")
      let aliases = try r.readStrings("kind.aliases")
      kinds.append(
        SensorKind(
          code: code, alert: alert, source: source, name: name, englishName: englishName, aliases: aliases,
          groupMinutes: try r.readInt("kind.groupMinutes")))
    }
    self.init(kinds: kinds)
  }
}

extension SilenceScope {
  /// 0 and the device, or 1, the kind and the place.
  func encode(into w: inout BinaryWriter) {
    switch self {
    case .device(let id):
      w.write(UInt64(0))
      w.write(id)
    case .kind(let kind, let place):
      w.write(UInt64(1))
      kind.encode(into: &w)
      w.write(place.rawValue)
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    switch try r.readUInt64("silence.scope") {
    case 0: self = .device(try r.readString("silence.device"))
    case 1:
      let kind = try AlertKind(from: &r, "silence.kind")
      self = .kind(kind, place: PlaceID(try r.readInt("silence.place")))
    case let other: throw .invalid(field: "silence.scope", value: Int64(truncatingIfNeeded: other))
    }
  }
}

extension SensorWatch {
  /// Folds the intake's own events; the ledger calls it from one line of its switch.
  mutating func apply(
    _ body: EventBody, alerts: EntityTable<AlertEntity, Alert>, time: Timestamp, actor: String
  ) {
    switch body {
    case .devicesRegistered(let list, _): register(list)
    case .sensorTriggered(let id, let trigger):
      if let alert = alerts[id] { self.trigger(alert, trigger, at: time) }
    case .alertSilenced(let silence): self.silence(silence, at: time, by: actor)
    case .silenceLifted(let scope, let reason): lift(scope, at: time, by: actor, reason: reason)
    case .sensorCatalogueDefined(let defined): catalogue = defined
    default: break
    }
  }

  /// The catalogue, devices, silences and triggers; the open groups are rebuilt from the alerts.
  func encode(into w: inout BinaryWriter) {
    catalogue.encode(into: &w)
    w.write(UInt64(devices.count))
    for key in devices.keys.sorted() { devices[key]!.encode(into: &w) }
    w.write(UInt64(silences.count))
    for silence in silences {
      silence.scope.encode(into: &w)
      w.write(silence.until.rawValue)
      w.write(silence.reason)
      w.write(silence.from.rawValue)
      w.write(silence.actor)
      w.write(optional: silence.lifted?.at)
      if let lifted = silence.lifted {
        w.write(lifted.actor)
        w.write(lifted.reason)
      }
    }
    w.write(UInt64(triggers.count))
    for id in triggers.keys.sorted() {
      let t = triggers[id]!
      w.write(id.rawValue)
      w.write(t.device)
      w.write(t.count)
      w.write(t.first.rawValue)
      w.write(t.last.rawValue)
      w.write(t.snapshot)
    }
  }

  init(from r: inout BinaryReader, alerts: EntityTable<AlertEntity, Alert>) throws(BinaryDecodingError) {
    self.init()
    catalogue = try SensorCatalogue(from: &r)
    for _ in 0..<(try r.readCount("sensors.devices")) {
      let device = try SensorDevice(from: &r)
      devices[device.id] = device
    }
    for _ in 0..<(try r.readCount("sensors.silences")) {
      let scope = try SilenceScope(from: &r)
      let until = Timestamp(milliseconds: try r.readInt64("silence.until"))
      var silence = AlertSilence(scope: scope, until: until, reason: try r.readString("silence.reason"))
      silence.from = Timestamp(milliseconds: try r.readInt64("silence.from"))
      silence.actor = try r.readString("silence.actor")
      if let at = try r.readOptionalTime("silence.lifted") {
        let actor = try r.readString("silence.liftedBy")
        silence.lifted = SilenceLift(at: at, actor: actor, reason: try r.readString("silence.liftReason"))
      }
      silences.append(silence)
    }
    for _ in 0..<(try r.readCount("sensors.triggers")) {
      let id = AlertID(try r.readInt("trigger.alert"))
      let device = try r.readString("trigger.device")
      let count = try r.readInt("trigger.count")
      let first = Timestamp(milliseconds: try r.readInt64("trigger.first"))
      let last = Timestamp(milliseconds: try r.readInt64("trigger.last"))
      triggers[id] = SensorTriggers(
        device: device, count: count, first: first, last: last, snapshot: try r.readString("trigger.snapshot")
      )
    }
    reopen(alerts)
  }
}
