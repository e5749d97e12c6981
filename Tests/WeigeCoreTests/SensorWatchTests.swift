import Testing
import WeigeCore
import WeigeTestSupport

/// `smallStairwell` with a camera at 2单元 and a meter at 401 (张桂英, living alone).
func stairwellWithSensors() throws -> Ledger {
  var ledger = try smallStairwell()
  try ledger.execute(
    .devicesRegistered(
      [
        SensorDevice(id: "CAM-1", source: .camera, place: PlaceID(3)),
        SensorDevice(id: "WM-401", source: .meter, place: PlaceID(3), household: HouseholdID(2)),
      ], source: "devices.csv"), at: pinnedNow, actor: "王芳")
  return ledger
}

private func reading(_ hours: Double, _ m3: Double) -> MeterReading {
  MeterReading(
    meter: "WM-401", time: Timestamp(milliseconds: pinnedNow.rawValue + Int64(hours * 3_600_000)),
    volume: WaterVolume(cubicMetres: m3)!)
}

/// Decides and folds, as the intake does.
private func fold(_ bodies: [EventBody], into ledger: inout Ledger, at time: Timestamp) throws {
  for body in bodies { try ledger.execute(body, at: time, actor: "感知接入") }
}

/// One of each of the intake's events, for the codec tests.
let sensorBodies: [EventBody] = [
  .devicesRegistered(
    [
      SensorDevice(id: "CAM-1", source: .camera, place: PlaceID(3)),
      SensorDevice(id: "WM-401", source: .meter, place: PlaceID(3), household: HouseholdID(2)),
    ], source: "devices.xlsx"),
  .sensorTriggered(AlertID(7), SensorTrigger(device: "CAM-1", snapshot: "https://cam.example/a.jpg")),
  .alertSilenced(AlertSilence(scope: .device("CAM-1"), until: pinnedNow, reason: "镜头维修")),
  .alertSilenced(
    AlertSilence(scope: .kind(.thrownObject, place: PlaceID(2)), until: pinnedNow, reason: "演练")),
  .silenceLifted(.device("CAM-1"), reason: "镜头已修复"),
  .sensorCatalogueDefined(
    SensorCatalogue(kinds: [
      SensorKind(
        code: "smoke", alert: .bikeShedFire, source: .camera, name: "烟感", englishName: "smoke",
        aliases: ["HK-SMOKE"], groupMinutes: 15)
    ])),
  // A kind of the room's own: written whole, where Weige's are written as their index.
  .sensorCatalogueDefined(SensorCatalogue(kinds: [ebikeInLift])),
  .alertSilenced(
    AlertSilence(scope: .kind(ebikeInLift.alert, place: PlaceID(2)), until: pinnedNow, reason: "演练")),
  .alertRaised(
    AlertRaise(
      id: AlertID(8), kind: ebikeInLift.alert, place: PlaceID(3), household: nil, text: "电梯内电动车",
      terms: SlaPolicy.shipped.terms(.urgentAid, .critical))),
]

/// 电动车入梯: an AI-camera kind none of Weige's six alerts is, defined by a room.
let ebikeInLift = SensorKind(
  code: "ebike-in-lift",
  alert: AlertKind(
    code: "ebike-in-lift", chineseName: "电动车入梯", englishName: "e-bike in lift", urgency: .critical,
    demandClass: .urgentAid),
  source: .camera, aliases: ["HK-DDCRT"], groupMinutes: 15)

@Suite("Sensor intake: the 12-hour water rule, device faults, grouping and silences")
struct SensorWatchTests {
  @Test("under 0.01 m³ in 12 hours is an alarm: 0.0099 is, 0.01 is not, even where Double says 0.00999…")
  func thresholdEdge() {
    #expect(
      WaterRule.verdict(latest: reading(12, 100.0099), baseline: reading(0, 100))
        == .low(
          used: WaterVolume(rawValue: 99), since: reading(0, 100).time))
    #expect(
      WaterRule.verdict(latest: reading(12, 100.01), baseline: reading(0, 100))
        == .normal(
          used: WaterVolume(rawValue: 100)))
    // In binary floating point this difference is 0.00999999999999801: under the threshold.
    #expect(42.12 - 42.11 < 0.01)
    #expect(WaterVolume(cubicMetres: 42.12)!.rawValue - WaterVolume(cubicMetres: 42.11)!.rawValue == 100)
    #expect(WaterRule.threshold.description == "0.0100")
  }

  @Test("fewer than 12 hours of readings say nothing; a register that went back says nothing")
  func window() {
    #expect(WaterRule.verdict(latest: reading(11.99, 100), baseline: reading(0, 100)) == .tooEarly)
    #expect(WaterRule.verdict(latest: reading(12, 100), baseline: nil) == .tooEarly)
    #expect(WaterRule.verdict(latest: reading(12, 3), baseline: reading(0, 100)) == .meterReset)
    // A longer gap still judges: nothing used in 15 hours is nothing used in the last 12.
    #expect(
      WaterRule.verdict(latest: reading(15, 100), baseline: reading(0, 100))
        == .low(
          used: WaterVolume(rawValue: 0), since: reading(0, 100).time))
    #expect(WaterRule.baselineTime(for: reading(12, 0).time) == reading(0, 0).time)
  }

  @Test("a quiet meter is a device fault, 6 hours behind the feed, not an alarm; it clears when it reports")
  func deviceFault() throws {
    var ledger = try stairwellWithSensors()
    let meter = try #require(ledger.sensors.devices["WM-401"])
    let last = reading(10, 100)
    #expect(!WaterRule.isSilent(lastReport: last.time, clock: reading(15.99, 0).time))
    #expect(WaterRule.isSilent(lastReport: last.time, clock: reading(16, 0).time))
    let clock = reading(16, 0).time
    let raised = ledger.meterEvents(
      for: meter, latest: last, verdict: .low(used: .init(rawValue: 0), since: reading(0, 0).time),
      clock: clock, policy: .shipped)
    try fold(raised, into: &ledger, at: clock)
    let fault = try #require(Array(ledger.alerts.values).first)
    #expect(fault.kind == .deviceFault)
    #expect(fault.household == HouseholdID(2))
    #expect(ledger.alerts.values.allSatisfy { $0.kind != .lowWaterUse })
    // Asked again, it raises nothing more.
    #expect(
      ledger.meterEvents(for: meter, latest: last, verdict: .tooEarly, clock: clock, policy: .shipped).isEmpty
    )
    // It reports again, with water used: the fault is cleared, no alarm.
    let back = reading(17, 100.2)
    let resumed = ledger.meterEvents(
      for: meter, latest: back, verdict: .normal(used: .init(rawValue: 2_000)), clock: back.time,
      policy: .shipped)
    #expect(resumed == [.alertCleared(fault.id, note: "水表 WM-401 恢复读数")])
  }

  @Test("an alarm is raised once for the household, with its room and usage, and cleared when water is used")
  func alarmAndClearing() throws {
    var ledger = try stairwellWithSensors()
    let meter = try #require(ledger.sensors.devices["WM-401"])
    let latest = reading(12, 100.0099)
    let verdict = WaterRule.verdict(latest: latest, baseline: reading(0, 100))
    let bodies = ledger.meterEvents(
      for: meter, latest: latest, verdict: verdict, clock: latest.time, policy: .shipped)
    try fold(bodies, into: &ledger, at: latest.time)
    let alarm = try #require(ledger.alerts.values.first { $0.kind == .lowWaterUse })
    #expect(alarm.household == HouseholdID(2))
    #expect(alarm.place == PlaceID(3))
    #expect(alarm.text == "401室 12小时用水 0.0099 m³（水表 WM-401）")
    #expect(alarm.terms == SlaPolicy.shipped.terms(.urgentAid, .critical))
    let later = reading(13, 100.0099)
    let again = WaterRule.verdict(latest: later, baseline: reading(1, 100))
    #expect(
      ledger.meterEvents(for: meter, latest: later, verdict: again, clock: later.time, policy: .shipped)
        .isEmpty)
    let used = reading(14, 100.3)
    let clearing = ledger.meterEvents(
      for: meter, latest: used, verdict: WaterRule.verdict(latest: used, baseline: reading(2, 100)),
      clock: used.time,
      policy: .shipped)
    #expect(clearing == [.alertCleared(alarm.id, note: "用水恢复：12小时 0.3000 m³")])
    try fold(clearing, into: &ledger, at: used.time)
    // The next low spell raises a new alarm.
    let quiet = reading(26, 100.3)
    let next = ledger.meterEvents(
      for: meter, latest: quiet, verdict: WaterRule.verdict(latest: quiet, baseline: reading(14, 100.3)),
      clock: quiet.time, policy: .shipped)
    #expect(
      next.first.map { if case .alertRaised(let raise) = $0 { raise.id != alarm.id } else { false } } == true)
  }

  @Test(
    "reports of one kind at one place within the window are one alert with a count; later, elsewhere or after clearing, a new one"
  )
  func grouping() throws {
    var ledger = try stairwellWithSensors()
    let kind = try #require(SensorCatalogue.field.kind(named: "高空抛物"))
    #expect(kind.groupMinutes == 30)
    func report(_ minutes: Int, place: PlaceID = PlaceID(3), device: String = "CAM-1") -> CameraReport {
      CameraReport(
        device: device, kind: kind, place: place, time: pinnedNow.adding(minutes: minutes),
        snapshot: "https://cam.example/\(minutes).jpg")
    }
    for minutes in [0, 10, 40] {
      let r = report(minutes)
      try fold(ledger.events(for: r, policy: .shipped), into: &ledger, at: r.time)
    }
    #expect(ledger.alerts.count == 1)
    let first = try #require(Array(ledger.alerts.values).first)
    let grouped = try #require(ledger.sensors.triggers[first.id])
    #expect(grouped.count == 3)
    #expect(grouped.snapshot == "https://cam.example/40.jpg")
    #expect(grouped.last == pinnedNow.adding(minutes: 40))
    // 31 minutes after the last: news.
    let late = report(71)
    try fold(ledger.events(for: late, policy: .shipped), into: &ledger, at: late.time)
    #expect(ledger.alerts.count == 2)
    // Another place: its own alert.
    let elsewhere = report(72, place: PlaceID(2))
    try fold(ledger.events(for: elsewhere, policy: .shipped), into: &ledger, at: elsewhere.time)
    #expect(ledger.alerts.count == 3)
    // Cleared: the next report starts afresh.
    let second = try #require(ledger.alerts.values.first { $0.raisedAt == late.time })
    try ledger.execute(.alertCleared(second.id, note: "已处置"), at: pinnedNow.adding(minutes: 73), actor: "王芳")
    let after = report(74)
    let bodies = ledger.events(for: after, policy: .shipped)
    #expect(bodies.count == 2)
    try fold(bodies, into: &ledger, at: after.time)
    let restored = try #require(try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) })
    #expect(restored == ledger)
    // The restored state groups the same way.
    #expect(
      restored.events(for: report(80), policy: .shipped) == ledger.events(for: report(80), policy: .shipped))
  }

  @Test(
    "a silence by device or by kind at a place (and under it) holds alerts back for its time; the alert is kept"
  )
  func silences() throws {
    var ledger = try stairwellWithSensors()
    let kind = try #require(SensorCatalogue.field.kind(named: "rubbish-dropped"))
    let r = CameraReport(
      device: "CAM-1", kind: kind, place: PlaceID(3), time: pinnedNow.adding(minutes: 5), snapshot: "")
    try fold(ledger.events(for: r, policy: .shipped), into: &ledger, at: r.time)
    let alert = try #require(Array(ledger.alerts.values).first)
    #expect(ledger.sensors.silence(of: alert, at: r.time, in: ledger) == nil)
    // 3幢 is 2单元's building: a silence there covers it.
    try ledger.execute(
      .alertSilenced(
        AlertSilence(
          scope: .kind(.rubbishDropped, place: PlaceID(2)), until: pinnedNow.adding(hours: 2),
          reason: "物业已知，今晚清运")),
      at: pinnedNow, actor: "王芳")
    let held = try #require(ledger.sensors.silence(of: alert, at: pinnedNow.adding(hours: 1), in: ledger))
    #expect(held.actor == "王芳")
    #expect(held.from == pinnedNow)
    #expect(ledger.sensors.silence(of: alert, at: pinnedNow.adding(hours: 2), in: ledger) == nil)
    #expect(ledger.alerts[alert.id]?.clearedAt == nil)
    // Another kind at the place is not covered; a device silence covers any kind from it.
    var fire = alert
    fire.kind = .bikeShedFire
    #expect(ledger.sensors.silence(of: fire, at: pinnedNow.adding(hours: 1), in: ledger) == nil)
    try ledger.execute(
      .alertSilenced(
        AlertSilence(scope: .device("CAM-1"), until: pinnedNow.adding(hours: 3), reason: "镜头维修")),
      at: pinnedNow, actor: "王芳")
    #expect(ledger.sensors.silence(of: fire, at: pinnedNow.adding(hours: 2), in: ledger)?.reason == "镜头维修")
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored == ledger)
  }

  @Test("a silence lifted early ends then, saying who and why; one not in force is refused in both languages")
  func liftedEarly() throws {
    var ledger = try stairwellWithSensors()
    let kind = try #require(SensorCatalogue.field.kind(named: "bike-shed-fire"))
    let r = CameraReport(
      device: "CAM-1", kind: kind, place: PlaceID(3), time: pinnedNow.adding(minutes: 5), snapshot: "")
    try fold(ledger.events(for: r, policy: .shipped), into: &ledger, at: r.time)
    let alert = try #require(Array(ledger.alerts.values).first)
    let lift = EventBody.silenceLifted(.device("CAM-1"), reason: "镜头已修复")
    func refusal(at time: Timestamp) -> DomainError? {
      do {
        try ledger.validate(lift, at: time)
        return nil
      } catch {
        return error
      }
    }
    // Nothing silenced yet: refused, naming the device.
    #expect(refusal(at: pinnedNow)?.chinese == "设备 CAM-1 没有生效中的静默")
    #expect(refusal(at: pinnedNow)?.english == "no silence is in force on device CAM-1")
    try ledger.execute(
      .alertSilenced(AlertSilence(scope: .device("CAM-1"), until: pinnedNow.adding(hours: 2), reason: "维修")),
      at: pinnedNow, actor: "王芳")
    #expect(ledger.isSilenced(alert.id, at: pinnedNow.adding(minutes: 30)))
    // One already over is not in force to lift.
    #expect(refusal(at: pinnedNow.adding(hours: 2)) != nil)
    try ledger.execute(lift, at: pinnedNow.adding(minutes: 30), actor: "刘洋")
    #expect(!ledger.isSilenced(alert.id, at: pinnedNow.adding(minutes: 30)))
    #expect(!ledger.isSilenced(alert.id, at: pinnedNow.adding(hours: 1)))
    // Still before it: the record of what was silenced stands.
    #expect(ledger.isSilenced(alert.id, at: pinnedNow.adding(minutes: 10)))
    let silence = try #require(ledger.sensors.silences.first)
    #expect(silence.lifted == SilenceLift(at: pinnedNow.adding(minutes: 30), actor: "刘洋", reason: "镜头已修复"))
    #expect(silence.end == pinnedNow.adding(minutes: 30))
    #expect(ledger.sensors.alerts(coveredBy: .device("CAM-1"), in: ledger).map(\.id) == [alert.id])
    // Lifted once, it is not in force to lift again.
    #expect(refusal(at: pinnedNow.adding(minutes: 31)) != nil)
    #expect(lift.summary(in: ledger, language: .en) == "silence lifted: device CAM-1: 镜头已修复")
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored == ledger)
  }

  @Test(
    "a room's own catalogue: its codes and aliases group and raise, kept in a snapshot; the field's until then"
  )
  func definedCatalogue() throws {
    var ledger = try stairwellWithSensors()
    #expect(ledger.sensors.catalogue == .field)
    #expect(ledger.sensors.catalogue.kind(named: "HK-GKPW") == nil)
    var catalogue = SensorCatalogue.field
    catalogue.kinds[0].aliases = ["HK-GKPW"]
    catalogue.kinds[0].groupMinutes = 5
    catalogue.kinds[0].name = "高空坠物"
    try ledger.execute(.sensorCatalogueDefined(catalogue), at: pinnedNow, actor: "王芳")
    let kind = try #require(ledger.sensors.catalogue.kind(named: "HK-GKPW"))
    #expect(kind.alert == .thrownObject && kind.groupMinutes == 5)
    #expect(ledger.sensors.catalogue.kind(named: "高空坠物") == kind)
    // Its own window: a repeat 10 minutes on is a new alert, not grouped.
    for minutes in [0, 10] {
      let report = CameraReport(
        device: "CAM-1", kind: kind, place: PlaceID(3), time: pinnedNow.adding(minutes: minutes), snapshot: ""
      )
      let bodies = ledger.events(for: report, policy: .shipped)
      #expect(bodies.count == 2)
      try fold(bodies, into: &ledger, at: report.time)
    }
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored?.sensors.catalogue == catalogue)
    #expect(restored == ledger)
  }

  @Test(
    "a room's own alert kind raises its alerts under its urgency and class, groups and is silenced by its code, and keeps its name when renamed"
  )
  func alertKindOfTheRoom() throws {
    var ledger = try stairwellWithSensors()
    var catalogue = SensorCatalogue.field
    catalogue.kinds.append(ebikeInLift)
    try ledger.execute(.sensorCatalogueDefined(catalogue), at: pinnedNow, actor: "王芳")
    let kind = try #require(ledger.sensors.catalogue.kind(named: "电动车入梯"))
    func report(_ minutes: Int) -> CameraReport {
      CameraReport(
        device: "CAM-1", kind: kind, place: PlaceID(3), time: pinnedNow.adding(minutes: minutes), snapshot: ""
      )
    }
    let first = ledger.events(for: report(1), policy: .shipped)
    guard case .alertRaised(let raise)? = first.first else {
      Issue.record("no alert raised: \(first)")
      return
    }
    #expect(raise.kind == ebikeInLift.alert)
    #expect(raise.text == "摄像头 CAM-1 识别电动车入梯")
    // Its clocks are those of 扶弱济贫急事 · 特急, as a fire's.
    #expect(raise.terms == SlaPolicy.shipped.terms(.urgentAid, .critical))
    try fold(first, into: &ledger, at: report(1).time)
    let alert = try #require(ledger.alerts[raise.id])
    #expect(Deadline.terms(of: alert) == SlaPolicy.shipped.terms(.urgentAid, .critical))
    // The room renames the kind while its alert is open: a repeat still joins it, and the alert
    // keeps the name it was raised with.
    catalogue.kinds[catalogue.kinds.count - 1].alert.chineseName = "电瓶车进电梯"
    catalogue.kinds[catalogue.kinds.count - 1].name = "电瓶车进电梯"
    try ledger.execute(.sensorCatalogueDefined(catalogue), at: pinnedNow.adding(minutes: 2), actor: "王芳")
    let renamed = try #require(ledger.sensors.catalogue.kind(named: "电瓶车进电梯"))
    let repeated = CameraReport(
      device: "CAM-1", kind: renamed, place: PlaceID(3), time: pinnedNow.adding(minutes: 5), snapshot: "")
    #expect(
      ledger.events(for: repeated, policy: .shipped) == [
        .sensorTriggered(raise.id, SensorTrigger(device: "CAM-1"))
      ])
    try fold(ledger.events(for: repeated, policy: .shipped), into: &ledger, at: repeated.time)
    #expect(ledger.alerts[raise.id]?.kind.chineseName == "电动车入梯")
    #expect(ledger.sensors.triggers[raise.id]?.count == 2)
    // A silence on the kind as now named, set on the building, holds the alert back.
    try ledger.execute(
      .alertSilenced(
        AlertSilence(
          scope: .kind(renamed.alert, place: PlaceID(2)), until: pinnedNow.adding(hours: 2), reason: "电梯维保")),
      at: pinnedNow.adding(minutes: 6), actor: "王芳")
    #expect(ledger.isSilenced(raise.id, at: pinnedNow.adding(minutes: 7)))
    // Lifted by the kind under its old name: one scope whatever it was called.
    try ledger.execute(
      .silenceLifted(.kind(ebikeInLift.alert, place: PlaceID(2)), reason: "维保结束"),
      at: pinnedNow.adding(minutes: 8), actor: "王芳")
    #expect(!ledger.isSilenced(raise.id, at: pinnedNow.adding(minutes: 9)))
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored == ledger)
    #expect(restored?.alerts[raise.id]?.kind == ebikeInLift.alert)
  }

  @Test(
    "refused: a catalogue where a name means two kinds, two kinds raise one alert, or a meter kind raises a camera's"
  )
  func catalogueRefusals() throws {
    let ledger = try stairwellWithSensors()
    func refused(_ change: (inout SensorCatalogue) -> Void, saying words: String) {
      var catalogue = SensorCatalogue.field
      change(&catalogue)
      do {
        try ledger.validate(.sensorCatalogueDefined(catalogue), at: pinnedNow)
        Issue.record("accepted: \(words)")
      } catch {
        #expect(error.english.contains(words), "\(error.english)")
        #expect(!error.chinese.isEmpty)
      }
    }
    refused({ $0.kinds[1].aliases.append("thrown-object") }, saying: "'thrown-object' names both")
    refused({ $0.kinds[1].alert = .thrownObject }, saying: "both raise thrown object")
    refused(
      {
        $0.kinds[4].alert = .rubbishDropped
        $0.kinds.remove(at: 3)
      }, saying: "only the water meter's kind")
    refused({ $0.kinds[0].alert = .deviceFault }, saying: "a device fault is Weige's judgement")
    refused({ $0.kinds[0].groupMinutes = 1_441 }, saying: "must be 0 to 1440 minutes")
    refused({ $0.kinds = [] }, saying: "at least one kind")
    refused(
      {
        $0.kinds.append(ebikeInLift)
        $0.kinds[5].alert.chineseName = "车棚火情"
      },
      saying: "ebike-in-lift: the alert name '车棚火情' is bike-shed-fire's")
    refused(
      {
        $0.kinds.append(ebikeInLift)
        $0.kinds[5].alert.code = ""
      }, saying: "alert code of ebike-in-lift")
    refused(
      {
        $0.kinds.append(ebikeInLift)
        $0.kinds[5].alert.englishName = "e-bike\u{7}"
      },
      saying: "control character U+0007")
  }

  @Test(
    "refused: a silence that ends before it starts or names no device, a meter without a household, a trigger on no alert"
  )
  func refusals() throws {
    let ledger = try stairwellWithSensors()
    func refused(_ body: EventBody, saying words: String) {
      do {
        try ledger.validate(body, at: pinnedNow)
        Issue.record("\(body.kind.name) was accepted")
      } catch {
        #expect(error.english.contains(words), "\(error.english)")
      }
    }
    refused(
      .alertSilenced(AlertSilence(scope: .device("CAM-1"), until: pinnedNow, reason: "维修")),
      saying: "must end after it starts")
    refused(
      .alertSilenced(AlertSilence(scope: .device("CAM-9"), until: pinnedNow.adding(hours: 1), reason: "维修")),
      saying: "no device CAM-9")
    refused(
      .alertSilenced(AlertSilence(scope: .device("CAM-1"), until: pinnedNow.adding(hours: 1), reason: " ")),
      saying: "reason")
    refused(
      .devicesRegistered([SensorDevice(id: "WM-9", source: .meter, place: PlaceID(3))], source: ""),
      saying: "must be mapped to a household")
    refused(
      .devicesRegistered(
        [
          SensorDevice(id: "C", source: .camera, place: PlaceID(3)),
          SensorDevice(id: "C", source: .camera, place: PlaceID(3)),
        ],
        source: ""), saying: "already exists")
    refused(.sensorTriggered(AlertID(99), SensorTrigger(device: "CAM-1")), saying: "no alert-99")
  }

  @Test("the intake's events survive the codec")
  func coding() throws {
    for body in sensorBodies {
      let bytes = body.encoded()
      let decoded = try bytes.withUnsafeBytes { try EventBody.decode(kind: body.kind, payload: $0) }
      #expect(decoded == body)
      #expect(EventKind(name: body.kind.name) == body.kind)
    }
  }
}
