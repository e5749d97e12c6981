/// 感知接入 (issue 16 §1, seed 002 智慧春江): AI cameras and the water-meter watch on elderly people
/// living alone, turned into the alerts the duty desk already rings, clocks and shows.
///
/// What is an event and what is not: a camera's report is rare and each one is evidence, so each
/// is an event (`sensorTriggered`, counted on its alert). A meter's hourly reading is not: a
/// million meters would put 24 million events a day into the log for nothing. Readings go to a
/// table of their own beside the events (`MeterReadingStore` in WeigeStore) and only what they
/// decide (the alarm, its clearing, a meter gone quiet) is appended.

/// Where a sensor kind's reports come from.
public enum SensorSource: UInt8, CaseIterable, Sendable, FieldTerm {
  case camera, meter

  public var chineseName: String {
    switch self {
    case .camera: "摄像头"
    case .meter: "水表"
    }
  }
}

/// One kind of sensor report the intake accepts (感知类型): the names vendors send for it, the
/// alert it raises and how its repeats are grouped.
public struct SensorKind: Sendable, Equatable {
  /// The intake's own name for it, e.g. `thrown-object`.
  public var code: String
  /// The alert it raises, one of Weige's six or one the room defines: its urgency, demand class
  /// and clocks follow that alert.
  public var alert: AlertKind
  /// A camera's kind, or the water meter's (`meter`, which the 12-hour rule judges).
  public var source: SensorSource
  /// How the room names it (高空抛物, `thrown object`); a report may name it so too.
  public var name: String
  public var englishName: String
  /// Other names a vendor's platform sends (its own codes).
  public var aliases: [String]
  /// Repeats at one place within this many minutes of the last become one alert with a count
  /// (Alertmanager's group interval): a camera reporting the same blocked lane every few minutes
  /// is one thing to see to, not twenty.
  public var groupMinutes: Int

  /// Named as its alert is unless `name` and `englishName` say otherwise.
  public init(
    code: String, alert: AlertKind, source: SensorSource, name: String? = nil, englishName: String? = nil,
    aliases: [String] = [], groupMinutes: Int
  ) {
    self.code = code
    self.alert = alert
    self.source = source
    self.name = name ?? alert.chineseName
    self.englishName = englishName ?? alert.englishName
    self.aliases = aliases
    self.groupMinutes = groupMinutes
  }

  /// Every name a report may give it: its code, its Chinese name, its aliases.
  public var names: [String] { [code, name] + aliases }
}

/// The sensor kinds in force, as data like the role catalogue: a district with another vendor's
/// codes adds aliases, not code (`sensor.catalogue-defined`, `weige intake catalogue set`).
public struct SensorCatalogue: Sendable, Equatable {
  public var kinds: [SensorKind]

  public init(kinds: [SensorKind]) { self.kinds = kinds }

  /// The kind a report names: its code, its Chinese name (高空抛物) or an alias.
  public func kind(named name: String) -> SensorKind? {
    kinds.first { $0.names.contains(name) }
  }

  /// The longest a group window may be: a day (a report a day later is news).
  public static let groupMinutesLimit = 1_440

  /// Checks a catalogue a room defines: every kind named, no name meaning two kinds, each alert
  /// raised by one kind (a second vendor code is an alias), the water meter's kind the only one
  /// raising 用水异常, and no kind raising 设备故障 (Weige decides that from a meter's silence).
  public func validate() throws(DomainError) {
    guard !kinds.isEmpty else {
      throw DomainError("感知类型目录不能为空", english: "a sensor catalogue needs at least one kind")
    }
    var owners: [String: String] = [:]
    var raised: [String: String] = [:]
    for kind in kinds {
      try FreeText.check(kind.code, field: ("类型代码", "kind code"))
      try FreeText.check(kind.name, field: ("类型名称（\(kind.code)）", "Chinese name of \(kind.code)"))
      try FreeText.check(kind.englishName, field: ("英文名称（\(kind.code)）", "English name of \(kind.code)"))
      for alias in kind.aliases {
        try FreeText.check(alias, field: ("别名（\(kind.code)）", "alias of \(kind.code)"))
      }
      for name in Set(kind.names) {
        if let other = owners[name] {
          throw DomainError(
            "'\(name)' 同时指 \(other) 和 \(kind.code)", english: "'\(name)' names both \(other) and \(kind.code)"
          )
        }
        owners[name] = kind.code
      }
      try kind.alert.validate(raisedBy: kind.code)
      if let other = raised[kind.alert.code] {
        throw DomainError(
          "\(other) 和 \(kind.code) 都报\(kind.alert.chineseName)：把其一写成另一种的别名",
          english:
            "\(other) and \(kind.code) both raise \(kind.alert.englishName): make one an alias of the other")
      }
      raised[kind.alert.code] = kind.code
      guard (0...Self.groupMinutesLimit).contains(kind.groupMinutes) else {
        throw DomainError(
          "\(kind.code) 的合并窗口须在 0 到 \(Self.groupMinutesLimit) 分钟之间",
          english: "the group window of \(kind.code) must be 0 to \(Self.groupMinutesLimit) minutes")
      }
      guard !kind.alert.isSame(as: .deviceFault) else {
        throw DomainError(
          "\(kind.code)：设备故障由 Weige 按水表停报判定，不是感知类型",
          english: "\(kind.code): a device fault is Weige's judgement of a quiet meter, not a sensor kind")
      }
      guard (kind.source == .meter) == kind.alert.isSame(as: .lowWaterUse) else {
        throw DomainError(
          "\(kind.code)：只有水表类型报用水异常，水表类型只报用水异常",
          english:
            "\(kind.code): only the water meter's kind raises low water use, and it raises nothing else")
      }
    }
  }

  public func kind(for alert: AlertKind) -> SensorKind? { kinds.first { $0.alert.isSame(as: alert) } }

  /// The water meter's alarm as this room defines it (its urgency, its names), else Weige's.
  public var lowWaterUse: AlertKind { kind(for: .lowWaterUse)?.alert ?? .lowWaterUse }

  /// 智慧春江's five: four camera kinds and the water meter. A fire is grouped over ten minutes
  /// (a new fire after that is news); a blocked lane or rubbish stays until someone clears it, so
  /// an hour; a thrown object over half an hour.
  public static let field = SensorCatalogue(kinds: [
    SensorKind(code: "thrown-object", alert: .thrownObject, source: .camera, groupMinutes: 30),
    SensorKind(
      code: "bike-shed-fire", alert: .bikeShedFire, source: .camera, aliases: ["车棚烟感"], groupMinutes: 10),
    SensorKind(code: "blocked-fire-lane", alert: .blockedFireLane, source: .camera, groupMinutes: 60),
    SensorKind(
      code: "rubbish-dropped", alert: .rubbishDropped, source: .camera, aliases: ["小包垃圾落地"], groupMinutes: 60),
    SensorKind(code: "water-meter", alert: .lowWaterUse, source: .meter, aliases: ["水表"], groupMinutes: 0),
  ])
}

extension AlertKind {
  /// Checks a kind a catalogue's sensor kind `code` raises: code and names present, without
  /// control characters, and a name of Weige's six not taken by another kind (an operator reading
  /// 高空抛物 must be reading one kind).
  func validate(raisedBy code: String) throws(DomainError) {
    try FreeText.check(self.code, field: ("告警类型代码（\(code)）", "alert code of \(code)"))
    try FreeText.check(chineseName, field: ("告警名称（\(code)）", "alert name of \(code)"))
    try FreeText.check(englishName, field: ("告警英文名称（\(code)）", "alert English name of \(code)"))
    for builtIn in Self.builtIn where !builtIn.isSame(as: self) {
      let taken = [chineseName, englishName].first {
        [builtIn.chineseName, builtIn.englishName].contains($0)
      }
      guard let taken else { continue }
      throw DomainError(
        "\(code)：告警名称「\(taken)」已是 \(builtIn.code) 的，换一个名称或改报 \(builtIn.code)",
        english:
          "\(code): the alert name '\(taken)' is \(builtIn.code)'s; name it otherwise or raise \(builtIn.code)"
      )
    }
  }
}

/// A camera or a meter as the device→place and meter→household mapping names it (imported like
/// any ledger).
public struct SensorDevice: Sendable, Equatable {
  /// The vendor's id, as its reports carry it.
  public var id: String
  public var source: SensorSource
  /// Where its alerts are raised: a camera's place; a meter's household's stairwell.
  public var place: PlaceID
  /// A meter's household.
  public var household: HouseholdID?

  public init(id: String, source: SensorSource, place: PlaceID, household: HouseholdID? = nil) {
    self.id = id
    self.source = source
    self.place = place
    self.household = household
  }
}

/// One report that joined an alert: the alert's first, or a repeat grouped into it.
public struct SensorTrigger: Sendable, Equatable {
  public var device: String
  /// The camera's snapshot URL, shown in the alert detail; empty for a meter.
  public var snapshot: String

  public init(device: String, snapshot: String = "") {
    self.device = device
    self.snapshot = snapshot
  }
}

/// What a silence holds back: one device, or one alert kind at a place and everything under it.
public enum SilenceScope: Sendable, Equatable {
  case device(String)
  case kind(AlertKind, place: PlaceID)

  /// One scope whatever its kind was called when set: a kind is its code.
  public static func == (lhs: Self, rhs: Self) -> Bool {
    switch (lhs, rhs) {
    case (.device(let a), .device(let b)): a == b
    case (.kind(let a, let p), .kind(let b, let q)): a.isSame(as: b) && p == q
    default: false
    }
  }

  /// `设备 CAM-3`, `高空抛物 长江小区3幢`: as the feed and a refusal name it.
  public func name(in ledger: Ledger?, _ language: Language) -> String {
    switch self {
    case .device(let id): language("设备 ", "device ") + id
    case .kind(let kind, let place):
      kind.name(language) + " " + (ledger?.fieldName(of: place) ?? place.description)
    }
  }

  /// Whether it covers `alert`, whose reports came from `device`: the device's own, or the kind
  /// at the place or anywhere under it.
  func covers(_ alert: Alert, device: String?, in ledger: Ledger) -> Bool {
    switch self {
    case .device(let id): id == device
    case .kind(let kind, let place):
      kind.isSame(as: alert.kind)
        && (place == alert.place || ledger.path(of: alert.place).contains { $0.id == place })
    }
  }
}

/// A silence ended before its time (`silenceLifted`): when, by whom and why.
public struct SilenceLift: Sendable, Equatable {
  public var at: Timestamp
  public var actor: String
  public var reason: String

  public init(at: Timestamp, actor: String, reason: String) {
    self.at = at
    self.actor = actor
    self.reason = reason
  }
}

/// 静默: an operator's "we know; stop calling" for a time, with a reason. A silenced alert is still
/// raised, kept and shown (as silenced); it only does not ring the bell.
public struct AlertSilence: Sendable, Equatable {
  public var scope: SilenceScope
  public var until: Timestamp
  public var reason: String
  /// When it was set: the event's time.
  public var from = Timestamp(milliseconds: 0)
  public var actor = ""
  /// Set when it was lifted before `until`; it ends then.
  public var lifted: SilenceLift?

  public init(scope: SilenceScope, until: Timestamp, reason: String) {
    self.scope = scope
    self.until = until
    self.reason = reason
  }

  /// When it ends: `until`, or the moment it was lifted.
  public var end: Timestamp { lifted.map { min($0.at, until) } ?? until }

  public func isInForce(at time: Timestamp) -> Bool { from <= time && time < end }
}

/// The reports behind one sensor alert.
public struct SensorTriggers: Sendable, Equatable {
  public var device: String
  public var count: Int
  public var first: Timestamp
  public var last: Timestamp
  /// The latest snapshot a report carried.
  public var snapshot: String
}

/// What groups reports into one alert: a camera kind at a place, or one meter's own alarm.
struct SensorGroup: Hashable, Sendable {
  /// The kind's code: a kind renamed while its alert is open still groups with it.
  var kind: String
  var place: PlaceID
  /// The meter, for a meter's alarm or fault; empty for cameras, which group by place.
  var meter: String
}

/// The projected state of the sensor intake, held by `Ledger.sensors`.
public struct SensorWatch: Sendable, Equatable {
  public internal(set) var catalogue = SensorCatalogue.field
  public internal(set) var devices: [String: SensorDevice] = [:]
  /// Every silence set, in the order set; expired ones stay for the alerts they covered.
  public internal(set) var silences: [AlertSilence] = []
  public internal(set) var triggers: [AlertID: SensorTriggers] = [:]
  /// The open alert of each group, which a new report joins or a reading clears.
  var open: [SensorGroup: AlertID] = [:]

  public init() {}

  /// The silence that holds `alert` back at `time`, if one does: the first set that covers it.
  public func silence(of alert: Alert, at time: Timestamp, in ledger: Ledger) -> AlertSilence? {
    silences(of: alert, at: time, in: ledger).first
  }

  /// Every silence holding `alert` back at `time`, in the order set.
  public func silences(of alert: Alert, at time: Timestamp, in ledger: Ledger) -> [AlertSilence] {
    let device = triggers[alert.id]?.device
    return silences.filter { $0.isInForce(at: time) && $0.scope.covers(alert, device: device, in: ledger) }
  }

  /// The active alerts `scope` covers, oldest first: those a lifted silence lets call again.
  public func alerts(coveredBy scope: SilenceScope, in ledger: Ledger) -> [Alert] {
    ledger.alerts.values.filter {
      $0.clearedAt == nil && scope.covers($0, device: triggers[$0.id]?.device, in: ledger)
    }.sorted { $0.id < $1.id }
  }

  mutating func register(_ list: [SensorDevice]) {
    for device in list { devices[device.id] = device }
  }

  mutating func silence(_ silence: AlertSilence, at time: Timestamp, by actor: String) {
    var silence = silence
    silence.from = time
    silence.actor = actor
    silences.append(silence)
  }

  /// Ends every silence on `scope` in force at `time`.
  mutating func lift(_ scope: SilenceScope, at time: Timestamp, by actor: String, reason: String) {
    for index in silences.indices where silences[index].scope == scope && silences[index].isInForce(at: time)
    {
      silences[index].lifted = SilenceLift(at: time, actor: actor, reason: reason)
    }
  }

  mutating func trigger(_ alert: Alert, _ trigger: SensorTrigger, at time: Timestamp) {
    guard alert.clearedAt == nil else { return }
    if var known = triggers[alert.id] {
      known.count += 1
      known.first = min(known.first, time)
      if time >= known.last {
        known.last = time
        if !trigger.snapshot.isEmpty { known.snapshot = trigger.snapshot }
      }
      triggers[alert.id] = known
    } else {
      triggers[alert.id] = SensorTriggers(
        device: trigger.device, count: 1, first: time, last: time, snapshot: trigger.snapshot)
    }
    open[group(of: alert)] = alert.id
  }

  /// An alert cleared: the next report of its group starts a new one.
  mutating func cleared(_ alert: Alert) {
    let group = group(of: alert)
    if open[group] == alert.id { open[group] = nil }
  }

  func group(of alert: Alert) -> SensorGroup {
    let source = catalogue.kind(for: alert.kind)?.source
    let meter = source == .camera ? "" : triggers[alert.id]?.device ?? ""
    return SensorGroup(kind: alert.kind.code, place: alert.place, meter: meter)
  }

  /// Rebuilds the open groups after a snapshot is read.
  mutating func reopen(_ alerts: EntityTable<AlertEntity, Alert>) {
    open = [:]
    for id in triggers.keys.sorted() {
      guard let alert = alerts[id], alert.clearedAt == nil else { continue }
      open[group(of: alert)] = id
    }
  }
}

/// A camera's report, resolved against the mapping.
public struct CameraReport: Sendable, Equatable {
  public var device: String
  public var kind: SensorKind
  public var place: PlaceID
  public var time: Timestamp
  public var snapshot: String

  public init(device: String, kind: SensorKind, place: PlaceID, time: Timestamp, snapshot: String) {
    self.device = device
    self.kind = kind
    self.place = place
    self.time = time
    self.snapshot = snapshot
  }
}

extension Ledger {
  /// What a camera's report appends: one more trigger on the open alert of its kind at its place
  /// when the last came within the kind's group window, else a new alert and its first trigger.
  public func events(for report: CameraReport, policy: SlaPolicy) -> [EventBody] {
    let trigger = SensorTrigger(device: report.device, snapshot: report.snapshot)
    let group = SensorGroup(kind: report.kind.alert.code, place: report.place, meter: "")
    if let id = sensors.open[group], let known = sensors.triggers[id],
      abs(report.time.rawValue - known.last.rawValue) <= Int64(report.kind.groupMinutes) * 60_000
    {
      return [.sensorTriggered(id, trigger)]
    }
    let kind = report.kind.alert
    let text = "\(SensorSource.camera.chineseName) \(report.device) 识别\(kind.chineseName)"
    return raise(kind, place: report.place, household: nil, text: text, trigger: trigger, policy: policy)
  }

  /// What a meter's newest reading decides, against `clock` (the newest reading of any meter):
  /// a meter quiet for `WaterRule.silentAfter` is a device fault (设备故障), not an alarm, and
  /// is cleared when it reports again; otherwise the 12-hour rule raises or clears its alarm.
  public func meterEvents(
    for meter: SensorDevice, latest: MeterReading, verdict: WaterVerdict, clock: Timestamp, policy: SlaPolicy
  ) -> [EventBody] {
    var events: [EventBody] = []
    let fault = sensors.open[
      SensorGroup(kind: AlertKind.deviceFault.code, place: meter.place, meter: meter.id)]
    let silent = WaterRule.isSilent(lastReport: latest.time, clock: clock)
    if silent {
      guard fault == nil else { return [] }
      let hours = (clock.rawValue - latest.time.rawValue) / 3_600_000
      return raise(
        .deviceFault, place: meter.place, household: meter.household,
        text:
          "\(SensorSource.meter.chineseName) \(meter.id) 已 \(hours) 小时无读数（最后 \(latest.time.chinaDateTime)）",
        trigger: SensorTrigger(device: meter.id), policy: policy)
    }
    if let fault { events.append(.alertCleared(fault, note: "水表 \(meter.id) 恢复读数")) }
    let alarm = sensors.open[
      SensorGroup(kind: AlertKind.lowWaterUse.code, place: meter.place, meter: meter.id)]
    switch verdict {
    case .low(let used, let since):
      guard alarm == nil else { break }
      let room = meter.household.flatMap { households[$0]?.room }.map { $0 + "室 " } ?? ""
      let hours = (latest.time.rawValue - since.rawValue) / 3_600_000
      events += raise(
        sensors.catalogue.lowWaterUse, place: meter.place, household: meter.household,
        text: "\(room)\(hours)小时用水 \(used) m³（水表 \(meter.id)）", trigger: SensorTrigger(device: meter.id),
        policy: policy)
    case .normal(let used):
      if let alarm { events.append(.alertCleared(alarm, note: "用水恢复：12小时 \(used) m³")) }
    case .tooEarly, .meterReset:
      break
    }
    return events
  }

  private func raise(
    _ kind: AlertKind, place: PlaceID, household: HouseholdID?, text: String, trigger: SensorTrigger,
    policy: SlaPolicy
  ) -> [EventBody] {
    let id = nextAlertID
    return [
      .alertRaised(
        AlertRaise(
          id: id, kind: kind, place: place, household: household, text: text,
          terms: policy.terms(kind.demandClass, kind.urgency))),
      .sensorTriggered(id, trigger),
    ]
  }

  /// Checks the intake's events: the mapping's places and households exist, a trigger's alert is
  /// active, a silence names something and ends after it starts.
  func validateSensors(_ body: EventBody, at time: Timestamp) throws(DomainError) {
    switch body {
    case .devicesRegistered(let list, let source):
      try FreeText.check(source, field: ("设备来源", "device source"), required: false)
      var seen = Set<String>()
      for device in list {
        try FreeText.check(device.id, field: ("设备编号", "device id"))
        guard seen.insert(device.id).inserted else { throw .exists(device.id) }
        _ = try place(device.place)
        if let home = device.household { _ = try household(home) }
        if device.source == .meter && device.household == nil {
          throw DomainError(
            "水表 \(device.id) 须对应一户", english: "meter \(device.id) must be mapped to a household")
        }
      }
    case .sensorTriggered(let id, let trigger):
      try requireActiveAlert(id)
      try FreeText.check(trigger.device, field: ("设备编号", "device id"))
      try FreeText.check(
        trigger.snapshot, field: ("抓拍地址", "snapshot URL"), limit: FreeText.longLimit, required: false)
    case .alertSilenced(let silence):
      try FreeText.check(silence.reason, field: ("静默原因", "reason for the silence"), limit: FreeText.longLimit)
      guard silence.until > time else {
        throw DomainError("静默须在将来结束", english: "a silence must end after it starts")
      }
      switch silence.scope {
      case .device(let id):
        guard sensors.devices[id] != nil else {
          throw DomainError("没有设备 \(id)", english: "there is no device \(id)")
        }
      case .kind(_, let place):
        _ = try self.place(place)
      }
    case .sensorCatalogueDefined(let catalogue):
      try catalogue.validate()
    case .silenceLifted(let scope, let reason):
      try FreeText.check(reason, field: ("解除原因", "reason to lift the silence"), limit: FreeText.longLimit)
      guard sensors.silences.contains(where: { $0.scope == scope && $0.isInForce(at: time) }) else {
        throw DomainError(
          "\(scope.name(in: self, .zh)) 没有生效中的静默",
          english: "no silence is in force on \(scope.name(in: self, .en))")
      }
    default:
      break
    }
  }
}

/// A meter's cumulative volume in tenths of a litre (10⁻⁴ m³). Integers, so that 0.0099 and
/// 0.01 m³ compare as the field means and not as binary fractions do: in `Double`,
/// 42.12 − 42.11 is 0.00999…, under the threshold.
public struct WaterVolume: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
  public var rawValue: Int64
  public init(rawValue: Int64) { self.rawValue = rawValue }

  /// Rounded to the nearest 10⁻⁴ m³, the finest digit a household meter's register shows.
  public init?(cubicMetres: Double) {
    guard cubicMetres.isFinite, cubicMetres >= 0, cubicMetres < 1e12 else { return nil }
    rawValue = Int64((cubicMetres * 10_000).rounded())
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  /// `0.0099`: m³ with the four decimals the register shows.
  public var description: String {
    let fraction = String(rawValue % 10_000)
    return "\(rawValue / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction
  }
}

/// One reading of a household's water meter.
public struct MeterReading: Sendable, Equatable {
  public var meter: String
  public var time: Timestamp
  public var volume: WaterVolume

  public init(meter: String, time: Timestamp, volume: WaterVolume) {
    self.meter = meter
    self.time = time
    self.volume = volume
  }
}

/// What the 12-hour rule says of a meter's newest reading.
public enum WaterVerdict: Sendable, Equatable {
  /// Fewer than 12 hours of readings: nothing can be said yet.
  case tooEarly
  /// Under the threshold over at least 12 hours, since the baseline reading's time.
  case low(used: WaterVolume, since: Timestamp)
  case normal(used: WaterVolume)
  /// The register went backwards (a meter replaced): no judgement until 12 hours of new readings.
  case meterReset
}

/// 独居老人用水监测: an alarm when a household's meter shows less than 0.01 m³ in 12 hours; the
/// 一天两见面 visit follows it.
public enum WaterRule {
  public static let windowMilliseconds: Int64 = 12 * 3_600_000
  public static let threshold = WaterVolume(rawValue: 100)
  /// A meter that reports hourly and has missed six in a row has stopped (a flat battery, a lost
  /// signal): that is for the property company, and the rule cannot judge it until it reports again.
  public static let silentAfterMilliseconds: Int64 = 6 * 3_600_000

  /// Judges the newest reading against the baseline: the newest reading at least 12 hours older
  /// (`baselineTime(for:)`), whichever order they arrived in. A longer gap still judges: under
  /// 0.01 m³ over 15 hours is under it over the last 12 too.
  public static func verdict(latest: MeterReading, baseline: MeterReading?) -> WaterVerdict {
    guard let baseline, latest.time.rawValue - baseline.time.rawValue >= windowMilliseconds else {
      return .tooEarly
    }
    let used = latest.volume.rawValue - baseline.volume.rawValue
    guard used >= 0 else { return .meterReset }
    let volume = WaterVolume(rawValue: used)
    return volume < threshold ? .low(used: volume, since: baseline.time) : .normal(used: volume)
  }

  /// The latest time a baseline for `latest` may have.
  public static func baselineTime(for latest: Timestamp) -> Timestamp {
    Timestamp(milliseconds: latest.rawValue - windowMilliseconds)
  }

  /// Whether a meter whose last report was at `lastReport` has gone quiet by `clock`, the newest
  /// report of any meter: measured against the feed rather than the wall clock, so that a whole
  /// feed's outage (or a replayed file) does not turn every meter faulty.
  public static func isSilent(lastReport: Timestamp, clock: Timestamp) -> Bool {
    clock.rawValue - lastReport.rawValue >= silentAfterMilliseconds
  }
}

extension Ledger {
  /// Whether a silence holds the alert back at `time`: it stays shown but calls nobody — no bell,
  /// no escalation step (`callsDesk`).
  public func isSilenced(_ id: AlertID, at time: Timestamp) -> Bool {
    guard let alert = alerts[id] else { return false }
    return sensors.silence(of: alert, at: time, in: self) != nil
  }

  /// Whether an escalation step due at `time` is to be appended: not while its alert is silenced
  /// (once the silence ends, the steps due are appended then).
  public func callsDesk(_ due: DueEscalation, at time: Timestamp) -> Bool {
    guard case .alert(let id) = due.escalation.subject else { return true }
    return !isSilenced(id, at: time)
  }
}
