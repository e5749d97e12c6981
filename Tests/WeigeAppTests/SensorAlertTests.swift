import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// Events arriving together from the store, as the intake appends a raise and its first report.
@discardableResult
private func arrive(_ bodies: [EventBody], to app: inout Dashboard, at time: Timestamp) -> [DashboardEffect] {
  let events = bodies.enumerated().map { offset, body in
    RecordedEvent(
      sequence: app.ledger.lastSequence + 1 + Int64(offset), id: .generate(), stream: body.stream, version: 1,
      time: time, actor: "感知接入", body: body)
  }
  return app.update(.message(.events(events))).effects
}

/// Whether a screen line shows an alert of `kind` (at `place`) marked silenced, as the alerts pane
/// does (after the kind; the feed's lines put 静默 before it).
private func marksSilenced(_ kind: String, _ line: String, at place: String = "") -> Bool {
  (place.isEmpty || line.contains(place))
    && (line.range(of: kind).map { line[$0.upperBound...].contains("静默") } ?? false)
}

@Suite("Sensor alerts on the duty desk: the bell, the clocks, grouping and silences on screen")
struct SensorAlertTests {
  /// The duty fixture with a meter at a household of its stairwell and a camera there.
  private func sensorFixture() throws -> (DutyFixture, SensorDevice) {
    var fixture = try DutyFixture()
    let home = try #require(fixture.app.ledger.householdsByStairwell[fixture.stairwell]?.first)
    let meter = SensorDevice(id: "WM-0001", source: .meter, place: fixture.stairwell, household: home)
    arrive(
      [
        .devicesRegistered(
          [meter, SensorDevice(id: "CAM-7", source: .camera, place: fixture.stairwell)], source: "devices.csv"
        )
      ], to: &fixture.app, at: pinnedNow)
    return (fixture, meter)
  }

  /// The alert a decision raises.
  private func raised(_ bodies: [EventBody]) throws -> AlertID {
    let raise = bodies.compactMap { if case .alertRaised(let raise) = $0 { raise } else { nil } }.first
    return try #require(raise).id
  }

  private func waterAlarm(_ app: Dashboard, _ meter: SensorDevice) -> [EventBody] {
    let latest = MeterReading(meter: meter.id, time: pinnedNow, volume: WaterVolume(rawValue: 1_000_000))
    let baseline = MeterReading(
      meter: meter.id, time: WaterRule.baselineTime(for: pinnedNow), volume: WaterVolume(rawValue: 999_950))
    return app.ledger.meterEvents(
      for: meter, latest: latest, verdict: WaterRule.verdict(latest: latest, baseline: baseline),
      clock: pinnedNow,
      policy: .shipped)
  }

  @Test("a water alarm rings the bell and joins the queue with its acknowledgement clock, as any alert")
  func alarmRings() throws {
    var (fixture, meter) = try sensorFixture()
    let bodies = waterAlarm(fixture.app, meter)
    let effects = arrive(bodies, to: &fixture.app, at: pinnedNow)
    #expect(effects.contains(.bell))
    let alarm = try #require(fixture.app.ledger.alerts[try raised(bodies)])
    #expect(alarm.kind == .lowWaterUse)
    let row = try #require(fixture.app.dutyQueue().first { $0.subject == .alert(alarm.id) })
    #expect(row.nearest != nil)
    #expect(render(fixture.app)[0].contains("铃 1 项未确认"))
  }

  @Test("a silenced kind at the place: the alarm is kept and shown 静默, and the bell stays quiet")
  func silencedAlarm() throws {
    var (fixture, meter) = try sensorFixture()
    arrive(
      [
        .alertSilenced(
          AlertSilence(
            scope: .kind(.lowWaterUse, place: fixture.stairwell), until: pinnedNow.adding(hours: 4),
            reason: "住户外出探亲，已电话确认"))
      ], to: &fixture.app, at: pinnedNow)
    let bodies = waterAlarm(fixture.app, meter)
    let effects = arrive(bodies, to: &fixture.app, at: pinnedNow)
    #expect(!effects.contains(.bell))
    let alarm = try #require(fixture.app.ledger.alerts[try raised(bodies)])
    #expect(fixture.app.activeAlerts().contains { $0.id == alarm.id })
    #expect(render(fixture.app).contains { $0.contains("用水异常") && $0.contains("静默") })
  }

  @Test("a silenced alarm past its acknowledgement limit takes no escalation step until the silence ends")
  func silencedAlarmDoesNotEscalate() throws {
    var (fixture, meter) = try sensorFixture()
    let bodies = waterAlarm(fixture.app, meter)
    arrive(bodies, to: &fixture.app, at: pinnedNow)
    let alarm = try raised(bodies)
    arrive(
      [
        .alertSilenced(
          AlertSilence(
            scope: .kind(.lowWaterUse, place: fixture.stairwell), until: pinnedNow.adding(hours: 4),
            reason: "住户外出探亲，已电话确认"))
      ], to: &fixture.app, at: pinnedNow)
    let ledger = fixture.app.ledger
    func steps(at time: Timestamp) -> [DueEscalation] {
      Deadline.dueEscalations(in: ledger, at: time, calendar: .shipped).filter {
        $0.escalation.subject == .alert(alarm)
      }
    }
    #expect(steps(at: pinnedNow.adding(hours: 3)).isEmpty)
    #expect(!steps(at: pinnedNow.adding(hours: 5)).isEmpty)
  }

  @Test("a silence lifted early: the still-active alarm rings again and its escalation steps fall due")
  func liftedSilenceCallsAgain() throws {
    var (fixture, meter) = try sensorFixture()
    // Silenced an hour ago for four; the screen's clock is `pinnedNow`, when it is lifted.
    let scope = SilenceScope.kind(.lowWaterUse, place: fixture.stairwell)
    arrive(
      [.alertSilenced(AlertSilence(scope: scope, until: pinnedNow.adding(hours: 3), reason: "住户外出探亲"))],
      to: &fixture.app, at: pinnedNow.adding(hours: -1))
    let bodies = waterAlarm(fixture.app, meter)
    #expect(!arrive(bodies, to: &fixture.app, at: pinnedNow).contains(.bell))
    let alarm = try raised(bodies)
    #expect(fixture.app.ledger.isSilenced(alarm, at: pinnedNow))
    #expect(render(fixture.app).contains { marksSilenced("用水异常", $0) })
    let effects = arrive([.silenceLifted(scope, reason: "电话未接通，上门查看")], to: &fixture.app, at: pinnedNow)
    #expect(effects.contains(.bell))
    #expect(fixture.app.bell.pending.contains(.alert(alarm)))
    let ledger = fixture.app.ledger
    #expect(!ledger.isSilenced(alarm, at: pinnedNow))
    let due = Deadline.dueEscalations(in: ledger, at: pinnedNow.adding(hours: 3), calendar: .shipped).filter {
      $0.escalation.subject == .alert(alarm)
    }
    #expect(!due.isEmpty)
    #expect(due.allSatisfy { ledger.callsDesk($0, at: pinnedNow.adding(hours: 3)) })
    #expect(!render(fixture.app).contains { marksSilenced("用水异常", $0) })
  }

  @Test("an alarm silenced after it rang stops calling: the bell's count drops it")
  func silencedAfterRinging() throws {
    var (fixture, meter) = try sensorFixture()
    #expect(arrive(waterAlarm(fixture.app, meter), to: &fixture.app, at: pinnedNow).contains(.bell))
    #expect(fixture.app.bell.pending.count == 1)
    arrive(
      [
        .alertSilenced(
          AlertSilence(
            scope: .kind(.lowWaterUse, place: fixture.stairwell), until: pinnedNow.adding(hours: 4),
            reason: "住户外出探亲，已电话确认"))
      ], to: &fixture.app, at: pinnedNow)
    #expect(fixture.app.bell.pending.isEmpty)
    #expect(!render(fixture.app)[0].contains("项未确认"))
  }

  @Test("repeated camera reports show as one alert with a count; its detail names the device and snapshot")
  func groupedOnScreen() throws {
    var (fixture, _) = try sensorFixture()
    let kind = try #require(SensorCatalogue.field.kind(named: "blocked-fire-lane"))
    var raisedIDs: [AlertID] = []
    for minutes in [0, 5, 9] {
      let report = CameraReport(
        device: "CAM-7", kind: kind, place: fixture.stairwell, time: pinnedNow.adding(minutes: minutes),
        snapshot: "https://cam.example/\(minutes).jpg")
      let bodies = fixture.app.ledger.events(for: report, policy: .shipped)
      if bodies.count == 2 { raisedIDs.append(try raised(bodies)) }
      arrive(bodies, to: &fixture.app, at: report.time)
    }
    #expect(raisedIDs.count == 1)
    let alert = try #require(fixture.app.ledger.alerts[raisedIDs[0]])
    #expect(render(fixture.app).contains { $0.contains("消防通道堆物") && $0.contains("×3") })
    let position = try #require(fixture.app.activeAlerts().firstIndex { $0.id == alert.id })
    press(&fixture.app, .tab, .tab, .tab)
    for _ in 0..<position { press(&fixture.app, .down) }
    press(&fixture.app, .enter)
    let screen = render(fixture.app)
    #expect(screen.contains { $0.contains("设备 CAM-7 · 上报 3 次") })
    #expect(screen.contains { $0.contains("抓拍 https://cam.example/9.jpg") })
  }

  @Test(
    "a kind the room defines (电动车入梯): named on screen in either language, rings when critical, not when urgent; its ticket takes its class and urgency"
  )
  func alertKindOfTheRoom() throws {
    var (fixture, _) = try sensorFixture()
    var ebike = SensorKind(
      code: "ebike-in-lift",
      alert: AlertKind(
        code: "ebike-in-lift", chineseName: "电动车入梯", englishName: "e-bike in lift", urgency: .critical,
        demandClass: .urgentAid),
      source: .camera, groupMinutes: 15)
    arrive(
      [.sensorCatalogueDefined(SensorCatalogue(kinds: SensorCatalogue.field.kinds + [ebike]))],
      to: &fixture.app, at: pinnedNow)
    func report(_ kind: SensorKind, minutes: Int) -> [EventBody] {
      fixture.app.ledger.events(
        for: CameraReport(
          device: "CAM-7", kind: kind, place: fixture.stairwell, time: pinnedNow.adding(minutes: minutes),
          snapshot: ""),
        policy: .shipped)
    }
    let critical = report(ebike, minutes: 1)
    #expect(arrive(critical, to: &fixture.app, at: pinnedNow.adding(minutes: 1)).contains(.bell))
    let alert = try raised(critical)
    #expect(render(fixture.app).contains { $0.contains("●20:46 电动车入梯 长江小区3幢2单元") })
    #expect(fixture.app.ledger.alerts[alert]?.text == "摄像头 CAM-7 识别电动车入梯")
    // The room makes it urgent instead: the next one (after the window) does not ring.
    ebike.alert.urgency = .urgent
    arrive(
      [.sensorCatalogueDefined(SensorCatalogue(kinds: SensorCatalogue.field.kinds + [ebike]))],
      to: &fixture.app, at: pinnedNow.adding(minutes: 2))
    arrive([.alertCleared(alert, note: "已劝离")], to: &fixture.app, at: pinnedNow.adding(minutes: 3))
    let urgent = report(ebike, minutes: 4)
    #expect(!arrive(urgent, to: &fixture.app, at: pinnedNow.adding(minutes: 4)).contains(.bell))
    let second = try raised(urgent)
    #expect(fixture.app.ledger.alerts[second]?.kind.urgency == .urgent)
    // 转工单 from its detail: the ticket is filed under the kind's class and urgency.
    let position = try #require(fixture.app.activeAlerts().firstIndex { $0.id == second })
    press(&fixture.app, .tab, .tab, .tab)
    for _ in 0..<position { press(&fixture.app, .down) }
    press(&fixture.app, .enter)
    let appends = storeAppends(in: press(&fixture.app, .character("t"), .enter))
    let request = appends.first?.events.compactMap {
      if case .ticketRequested(let request) = $0.body { request } else { nil }
    }.first
    #expect(request?.title.hasPrefix("电动车入梯：") == true)
    #expect(request?.demandClass == .urgentAid && request?.urgency == .urgent)
    // In English, the kind's English name.
    var english = try DutyFixture(language: .en)
    arrive(
      [
        .devicesRegistered(
          [SensorDevice(id: "CAM-7", source: .camera, place: english.stairwell)], source: ""),
        .sensorCatalogueDefined(SensorCatalogue(kinds: SensorCatalogue.field.kinds + [ebike])),
      ], to: &english.app, at: pinnedNow)
    arrive(
      english.app.ledger.events(
        for: CameraReport(
          device: "CAM-7", kind: ebike, place: english.stairwell, time: pinnedNow, snapshot: ""),
        policy: .shipped), to: &english.app, at: pinnedNow)
    #expect(render(english.app).contains { $0.contains("e-bike in lift") })
  }

  /// A camera's blocked lane at the fixture's stairwell, selected in the alerts pane.
  private func selectedCameraAlert() throws -> (DutyFixture, AlertID) {
    var (fixture, _) = try sensorFixture()
    let kind = try #require(SensorCatalogue.field.kind(named: "blocked-fire-lane"))
    let report = CameraReport(
      device: "CAM-7", kind: kind, place: fixture.stairwell, time: pinnedNow, snapshot: "")
    let bodies = fixture.app.ledger.events(for: report, policy: .shipped)
    arrive(bodies, to: &fixture.app, at: pinnedNow)
    let alert = try raised(bodies)
    let position = try #require(fixture.app.activeAlerts().firstIndex { $0.id == alert })
    press(&fixture.app, .tab, .tab, .tab)
    for _ in 0..<position { press(&fixture.app, .down) }
    return (fixture, alert)
  }

  @Test("silence, then unsilence, from the palette on the selected alert: Core's events, shown and lifted")
  func silenceFromThePalette() throws {
    var (fixture, alert) = try selectedCameraAlert()
    press(&fixture.app, .character(":"))
    type("silence ", into: &fixture.app)
    #expect(fixture.app.palette.input?.command == .silence)
    #expect(fixture.app.palette.input?.rows.first?.item == .alert(alert), "the selected alert first")
    press(&fixture.app, .enter)
    let scopes = fixture.app.palette.input?.rows.map(\.text) ?? []
    let place = fixture.app.ledger.fieldName(of: fixture.stairwell)
    #expect(scopes.first == "设备 CAM-7")
    #expect(scopes.dropFirst().first == "消防通道堆物 \(place)")
    #expect(scopes.count >= 3, "the kind at the stairwell's building and compound too: \(scopes)")
    press(&fixture.app, .down, .enter)
    type("2h", into: &fixture.app)
    press(&fixture.app, .enter)
    type("物业已知，今晚清运", into: &fixture.app)
    let sent = press(&fixture.app, .enter)
    let scope = SilenceScope.kind(.blockedFireLane, place: fixture.stairwell)
    let appends = storeAppends(in: sent)
    #expect(
      appends.first?.events.map(\.body) == [
        .alertSilenced(AlertSilence(scope: scope, until: pinnedNow.adding(hours: 2), reason: "物业已知，今晚清运"))
      ])
    #expect(appends.first?.summary.hasPrefix("静默 消防通道堆物 \(place) 至 ") == true)
    deliver(appends[0].events, to: &fixture.app)
    #expect(fixture.app.ledger.isSilenced(alert, at: pinnedNow))
    #expect(render(fixture.app).contains { marksSilenced("消防通道堆物", $0, at: place) })

    press(&fixture.app, .character(":"))
    type("unsilence ", into: &fixture.app)
    #expect(fixture.app.palette.input?.command == .unsilence)
    press(&fixture.app, .enter)
    type("通道已清", into: &fixture.app)
    let lifted = storeAppends(in: press(&fixture.app, .enter))
    #expect(lifted.first?.events.map(\.body) == [.silenceLifted(scope, reason: "通道已清")])
    #expect(lifted.first?.summary == "解除静默 消防通道堆物 \(place)：通道已清")
    deliver(lifted[0].events, to: &fixture.app)
    #expect(!fixture.app.ledger.isSilenced(alert, at: pinnedNow))
    #expect(!render(fixture.app).contains { marksSilenced("消防通道堆物", $0, at: place) })
  }

  @Test("refused in the operator's language: unsilence on an alert not silenced, a span that cannot be read")
  func silenceRefusals() throws {
    var (fixture, _) = try selectedCameraAlert()
    press(&fixture.app, .character(":"))
    type("unsilence ", into: &fixture.app)
    press(&fixture.app, .enter)
    type("试试", into: &fixture.app)
    press(&fixture.app, .enter)
    let place = fixture.app.ledger.fieldName(of: fixture.stairwell)
    #expect(fixture.app.palette.input?.error == "消防通道堆物 \(place) 未被静默")
    fixture.app.language = .en
    press(&fixture.app, .enter)
    #expect(fixture.app.palette.input?.error == "blocked fire lane \(place) is not silenced")
    press(&fixture.app, .escape)
    press(&fixture.app, .character(":"))
    type("silence ", into: &fixture.app)
    press(&fixture.app, .enter, .enter)
    type("soon", into: &fixture.app)
    press(&fixture.app, .enter)
    type("维修", into: &fixture.app)
    press(&fixture.app, .enter)
    #expect(fixture.app.palette.input?.error?.hasPrefix("'soon' is not a span") == true)
  }

  @Test("the two verbs are found by their Chinese names' pinyin, as the other verbs are")
  func silenceVerbsByPinyin() throws {
    var (fixture, _) = try selectedCameraAlert()
    for (query, command) in [("jmgj", PaletteCommand.silence), ("jiechujingmo", .unsilence)] {
      press(&fixture.app, .character(":"))
      type(query, into: &fixture.app)
      #expect(fixture.app.palette.input?.rows.first?.item == .command(command), "\(query)")
      press(&fixture.app, .escape)
    }
  }
}
