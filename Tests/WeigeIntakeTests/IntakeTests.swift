import Foundation
import Testing
import WeigeCore
import WeigeLedgers
import WeigeStore
import WeigeStoreTestSupport
import WeigeTestSupport

@testable import WeigeIntake

/// A store of `backend` with one stairwell (春江小区/3号楼/1单元, rooms 101 and 102), a camera
/// there and a meter on each household; a folder for the files a test writes.
struct IntakeFixture {
  let folder = temporaryPath("weige-intake")
  let store: any EventStore

  init(_ backend: Backend = .sqlite) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    store = try backend.makeStore()
    var ledger = Ledger()
    let t = pinnedNow.adding(hours: -48)
    let bodies: [EventBody] = [
      .placeAdded(Place(id: PlaceID(1), parent: nil, level: .compound, name: "春江小区")),
      .placeAdded(Place(id: PlaceID(2), parent: PlaceID(1), level: .building, name: "3号楼")),
      .placeAdded(Place(id: PlaceID(3), parent: PlaceID(2), level: .stairwell, name: "1单元")),
      .householdRegistered(
        Household(
          id: HouseholdID(1), stairwell: PlaceID(3), room: "101", residents: 1, aged60Plus: 1,
          contactName: "张桂英",
          contactPhone: "13800002222", flags: [.elderlyLivingAlone])),
      .householdRegistered(
        Household(
          id: HouseholdID(2), stairwell: PlaceID(3), room: "102", residents: 1, aged60Plus: 1,
          contactName: "周建国",
          contactPhone: "13800003333", flags: [.elderlyLivingAlone])),
      .devicesRegistered(
        [
          SensorDevice(id: "CAM-1", source: .camera, place: PlaceID(3)),
          SensorDevice(id: "WM-101", source: .meter, place: PlaceID(3), household: HouseholdID(1)),
          SensorDevice(id: "WM-102", source: .meter, place: PlaceID(3), household: HouseholdID(2)),
        ], source: "devices.csv"),
    ]
    for body in bodies {
      let event = NewEvent(time: t, actor: "王芳", body: body)
      try ledger.validate(event)
      for recorded in try store.append([event], decidedOn: ledger) { ledger.apply(recorded) }
    }
  }

  /// A new intake on the store, as a new process would open it; problems gathered.
  func intake(_ problems: ProblemLog = ProblemLog()) throws -> SensorIntake {
    try SensorIntake(store: store, policy: .shipped, actor: "感知接入") { problems.add($0) }
  }

  func cleanUp() { try? FileManager.default.removeItem(atPath: folder) }
}

final class ProblemLog: @unchecked Sendable {
  var problems: [IntakeProblem] = []
  func add(_ problem: IntakeProblem) { problems.append(problem) }
}

/// `2026-11-21T20:45:00+08:00`: ISO 8601 in China time, `hours` after the pinned moment.
func isoTime(_ hours: Double) -> String {
  let time = Timestamp(milliseconds: pinnedNow.rawValue + Int64(hours * 3_600_000))
  return time.chinaDateTime.replacingOccurrences(of: " ", with: "T") + "+08:00"
}

func readingLine(_ meter: String, _ hours: Double, _ m3: Double) -> String {
  #"{"meter":"\#(meter)","time":"\#(isoTime(hours))","m3":\#(m3)}"#
}

@Suite("weige intake: JSON lines into alarms, on a real store")
struct IntakeTests {
  @Test(
    "a malformed line is reported with its number and skipped; the stream goes on; an unknown meter is reported once",
    arguments: Backend.allCases)
  func malformedLines(backend: Backend) throws {
    let fixture = try IntakeFixture(backend)
    defer { fixture.cleanUp() }
    let log = ProblemLog()
    let intake = try fixture.intake(log)
    let lines = [
      readingLine("WM-101", 0, 10),
      "{not json",
      #"{"meter":"WM-101","m3":1}"#,
      #"{"meter":"WM-101","time":"yesterday","m3":1}"#,
      readingLine("WM-999", 1, 5),
      "",
      readingLine("WM-999", 2, 5),
      #"{"device":"CAM-1","kind":"spaceship","time":"\#(isoTime(1))"}"#,
      #"{"device":"CAM-1","kind":"高空抛物","time":"\#(isoTime(1))","snapshot":"https://cam.example/1.jpg"}"#,
      #"{"meter":"WM-102","time":"\#(isoTime(1))","m3":-4}"#,
      readingLine("WM-101", 1, 10.5),
    ]
    try intake.take(lines: Data(lines.joined(separator: "\n").utf8))
    try intake.sweep()
    let said = log.problems.map(\.description)
    #expect(said.count == 6)
    #expect(said[0] == "line 2: not a JSON object")
    #expect(said[1] == #"line 3: missing field "time""#)
    #expect(said[2] == #"line 4: field "time" is not an ISO 8601 time with its zone: "yesterday""#)
    #expect(said[3].hasPrefix("line 5: unknown meter WM-999"))
    #expect(said[4].hasPrefix(#"line 8: unknown kind "spaceship""#))
    #expect(said[5] == #"line 10: field "m3" is not a meter's register: -4.0"#)
    #expect(intake.report.readings == 2)
    #expect(intake.report.cameraReports == 1)
    #expect(intake.report.skipped == 7)
    #expect(intake.report.lines == 10)
    let alert = try #require(Array(intake.ledger.alerts.values).first)
    #expect(alert.kind == .thrownObject)
    #expect(intake.ledger.sensors.triggers[alert.id]?.snapshot == "https://cam.example/1.jpg")
  }

  @Test(
    "readings arriving out of order and across runs: the rule judges the newest against 12 hours before",
    arguments: Backend.allCases)
  func lateAndOutOfOrder(backend: Backend) throws {
    let fixture = try IntakeFixture(backend)
    defer { fixture.cleanUp() }
    // Hours 12 down to 6, in one batch, backwards; 0.0099 m³ used since hour 0.
    var first = try fixture.intake()
    try first.take(
      lines: Data(
        (0...6).reversed().map { readingLine("WM-101", Double($0), 20) }.joined(separator: "\n").utf8))
    try first.sweep()
    #expect(first.ledger.alerts.isEmpty)
    // A new process: the readings of 12 hours ago are in the table, not in its memory.
    first = try fixture.intake()
    let rest = (7...12).reversed().map { readingLine("WM-101", Double($0), $0 == 12 ? 20.0099 : 20) }
    try first.take(lines: Data(rest.joined(separator: "\n").utf8))
    try first.flush()
    let alarm = try #require(Array(first.ledger.alerts.values).first)
    #expect(alarm.kind == .lowWaterUse)
    #expect(alarm.household == HouseholdID(1))
    #expect(alarm.raisedAt == pinnedNow.adding(hours: 12))
    #expect(alarm.text == "101室 12小时用水 0.0099 m³（水表 WM-101）")
    // A late reading from the past changes nothing: the newest still judges.
    try first.take(lines: Data(readingLine("WM-101", 3.5, 20).utf8))
    try first.flush()
    #expect(first.ledger.alerts.count == 1)
    #expect(first.ledger.alerts[alarm.id]?.clearedAt == nil)
    // Water used: cleared.
    try first.take(lines: Data(readingLine("WM-101", 13, 20.2).utf8))
    try first.flush()
    #expect(first.ledger.alerts[alarm.id]?.clearedAt == pinnedNow.adding(hours: 13))
    // Readings are not events: 13 + 1 + 1 readings appended two events for the alarm and one for its clearing.
    #expect(try fixture.store.lastSequence() == 6 + 3)
  }

  @Test(
    "a low spell and its recovery in one batch (a replayed file) raise the alarm and clear it, in time order",
    arguments: Backend.allCases)
  func wholeSpellInOneBatch(backend: Backend) throws {
    let fixture = try IntakeFixture(backend)
    defer { fixture.cleanUp() }
    let intake = try fixture.intake()
    // Meter by meter, as a platform's day export lists them: WM-101 flat for 13 hours then water
    // used; WM-102 using water every hour.
    var lines = (0...12).map { readingLine("WM-101", Double($0), 20) } + [readingLine("WM-101", 13, 20.2)]
    lines += (0...13).map { readingLine("WM-102", Double($0), 5 + Double($0) * 0.01) }
    try intake.take(lines: Data(lines.joined(separator: "\n").utf8))
    try intake.sweep()
    let alerts = Array(intake.ledger.alerts.values)
    #expect(alerts.count == 1)
    let alarm = try #require(alerts.first)
    #expect(alarm.kind == .lowWaterUse)
    #expect(alarm.household == HouseholdID(1))
    #expect(alarm.raisedAt == pinnedNow.adding(hours: 12))
    #expect(alarm.clearedAt == pinnedNow.adding(hours: 13))
    #expect(intake.report.raised == 1)
    #expect(intake.report.cleared == 1)
  }

  @Test("exactly 0.01 m³ in 12 hours is no alarm", arguments: Backend.allCases)
  func thresholdThroughTheStore(backend: Backend) throws {
    let fixture = try IntakeFixture(backend)
    defer { fixture.cleanUp() }
    let intake = try fixture.intake()
    try intake.take(
      lines: Data(
        [readingLine("WM-101", 0, 42.11), readingLine("WM-101", 12, 42.12)].joined(separator: "\n").utf8))
    try intake.sweep()
    #expect(intake.ledger.alerts.isEmpty)
  }

  @Test(
    "a meter that stops reporting is a device fault, not an alarm; it clears when it reports again",
    arguments: Backend.allCases)
  func quietMeter(backend: Backend) throws {
    let fixture = try IntakeFixture(backend)
    defer { fixture.cleanUp() }
    let intake = try fixture.intake()
    var lines = (0...3).map { readingLine("WM-101", Double($0), 10) }
    lines += (0...13).map { readingLine("WM-102", Double($0), 5 + Double($0) * 0.01) }
    try intake.take(lines: Data(lines.joined(separator: "\n").utf8))
    try intake.sweep()
    let alerts = Array(intake.ledger.alerts.values)
    #expect(alerts.count == 1)
    let fault = try #require(alerts.first)
    #expect(fault.kind == .deviceFault)
    #expect(fault.household == HouseholdID(1))
    #expect(fault.text == "水表 WM-101 已 10 小时无读数（最后 \((pinnedNow.adding(hours: 3)).chinaDateTime)）")
    // Swept again: still one.
    try intake.sweep()
    #expect(intake.ledger.alerts.count == 1)
    // It reports again, 13 hours after its last with nothing used: the fault clears and the alarm is raised.
    try intake.take(lines: Data(readingLine("WM-101", 16, 10).utf8))
    try intake.flush()
    #expect(intake.ledger.alerts[fault.id]?.clearedAt != nil)
    #expect(intake.ledger.alerts.values.contains { $0.kind == .lowWaterUse && $0.clearedAt == nil })
  }

  @Test("the mapping is read from a CSV register; a bad row names its cell and nothing is registered")
  func mapping() throws {
    let fixture = try IntakeFixture()
    defer { fixture.cleanUp() }
    let ledger = try fixture.store.openLedger()
    let good = fixture.folder + "/devices.csv"
    try Data("设备编号,类型,地点,房号\nCAM-9,摄像头,春江小区/3号楼/1单元,\nWM-9,水表,3号楼/1单元,102\n".utf8).write(
      to: URL(fileURLWithPath: good))
    let devices = try DeviceMapping.devices(in: LedgerFile.read(path: good), ledger: ledger)
    #expect(
      devices == [
        SensorDevice(id: "CAM-9", source: .camera, place: PlaceID(3)),
        SensorDevice(id: "WM-9", source: .meter, place: PlaceID(3), household: HouseholdID(2)),
      ])
    let bad = fixture.folder + "/bad.csv"
    try Data("设备编号,类型,地点,房号\nWM-9,水表,3号楼/1单元,909\n".utf8).write(to: URL(fileURLWithPath: bad))
    #expect(throws: LedgerFileError.self) {
      try DeviceMapping.devices(in: LedgerFile.read(path: bad), ledger: ledger)
    }
    do {
      _ = try DeviceMapping.devices(in: LedgerFile.read(path: bad), ledger: ledger)
    } catch {
      #expect(
        "\(error)"
          == "\(bad): bad.csv D2: a meter is mapped to a household: there is no room \"909\" in 3号楼/1单元")
    }
  }

  @Test("the shared secret compares whole")
  func secret() {
    #expect(IntakeServer.sameSecret("correct-horse-battery", "correct-horse-battery"))
    #expect(!IntakeServer.sameSecret("correct-horse-batter", "correct-horse-battery"))
    #expect(!IntakeServer.sameSecret("", "correct-horse-battery"))
  }
}
