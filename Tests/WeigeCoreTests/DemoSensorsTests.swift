import Testing
import WeigeCore
import WeigeTestSupport

@Suite("The demo's cameras and water meters, decided by the intake's rules")
struct DemoSensorsTests {
  static let chunjiang = try! demoEvents(.chunjiang, days: 7)

  @Test(
    "a water meter in every household of an elderly person living alone, and in no other; a camera or two a building"
  )
  func devices() throws {
    let ledger = Self.chunjiang.ledger
    let devices = ledger.sensors.devices.values
    let metered = Set(devices.filter { $0.source == .meter }.compactMap(\.household))
    let alone = Set(ledger.households.values.filter { $0.flags.contains(.elderlyLivingAlone) }.map(\.id))
    #expect(!alone.isEmpty)
    #expect(metered == alone)
    let buildings = ledger.places.values.filter { $0.level == .building }.map(\.id)
    for building in buildings {
      let cameras = devices.filter {
        $0.source == .camera && ledger.places[$0.place]?.parent == building
      }.count
      #expect((1...2).contains(cameras), "\(building)")
    }
    #expect(devices.filter { $0.source == .camera }.count <= 2 * buildings.count)
  }

  @Test("a quiet meter raises 用水异常 through the 12-hour rule, and the rule clears it when water flows again")
  func quietMeter() throws {
    let ledger = Self.chunjiang.ledger
    let alarms = ledger.alerts.values.filter { $0.kind == .lowWaterUse }
    #expect(!alarms.isEmpty)
    for alarm in alarms {
      let meter = try #require(ledger.sensors.triggers[alarm.id]?.device)
      #expect(ledger.sensors.devices[meter]?.household == alarm.household)
      // The text is the rule's: under 0.01 m³ in at least 12 hours.
      #expect(alarm.text.contains("小时用水 0.00"), "\(alarm.text)")
    }
    #expect(alarms.contains { $0.clearedAt == nil })
    let recovered = alarms.filter { $0.clearedAt != nil }
    #expect(!recovered.isEmpty)
    for alarm in recovered {
      #expect(alarm.history.last?.note.hasPrefix("用水恢复") == true, "\(alarm.history)")
    }
  }

  @Test("a meter that stops reporting shows a device fault, not a water alarm")
  func stoppedMeter() throws {
    let ledger = Self.chunjiang.ledger
    let faults = ledger.alerts.values.filter { $0.kind == .deviceFault && $0.clearedAt == nil }
    #expect(faults.count == 1)
    let fault = try #require(faults.first)
    let meter = try #require(ledger.sensors.triggers[fault.id]?.device)
    #expect(ledger.sensors.devices[meter]?.source == .meter)
    let alarmsOfMeter = ledger.alerts.values.filter {
      $0.kind == .lowWaterUse && $0.clearedAt == nil && ledger.sensors.triggers[$0.id]?.device == meter
    }
    #expect(alarmsOfMeter.isEmpty)
  }

  @Test("cameras' repeats group into one alert with a count; a silence holds one camera back")
  func cameras() throws {
    let ledger = Self.chunjiang.ledger
    let cameraAlerts = ledger.alerts.values.filter {
      ledger.sensors.devices[ledger.sensors.triggers[$0.id]?.device ?? ""]?.source == .camera
    }
    #expect(cameraAlerts.count > 7)
    #expect(cameraAlerts.contains { (ledger.sensors.triggers[$0.id]?.count ?? 0) > 1 })
    #expect(!ledger.alerts.values.contains { ledger.sensors.triggers[$0.id] == nil })
    let silence = try #require(ledger.sensors.silences.first)
    #expect(ledger.sensors.silences.count == 1)
    #expect(!silence.reason.isEmpty && !silence.actor.isEmpty)
    #expect(
      ledger.alerts.values.contains {
        $0.clearedAt == nil && ledger.sensors.silence(of: $0, at: pinnedNow, in: ledger) != nil
      })
  }

  @Test("two runs of one seed make the same history")
  func deterministic() throws {
    let again = try demoEvents(.chunjiang, days: 7)
    let first = Self.chunjiang.events.map { [$0.time.rawValue.description, $0.actor, "\($0.body)"] }
    #expect(first == again.events.map { [$0.time.rawValue.description, $0.actor, "\($0.body)"] })
    #expect(Self.chunjiang.ledger.alerts.values.map(\.text) == again.ledger.alerts.values.map(\.text))
  }
}
