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
    // The alerts pane marks a silenced alert after its kind (the feed's lines put 静默 before it).
    func markedSilenced(_ line: String) -> Bool {
      line.range(of: "用水异常").map { line[$0.upperBound...].contains("静默") } ?? false
    }
    #expect(render(fixture.app).contains(where: markedSilenced))
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
    #expect(!render(fixture.app).contains(where: markedSilenced))
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
}
