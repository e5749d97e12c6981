import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeIntake
import WeigeStore

/// `weige bench intake`: meter readings a second through `weige intake` (JSON lines decoded,
/// stored in the readings table, judged by the 12-hour rule, alarms appended as events), beside
/// `jq -c .` (else Python's json module) reading the same lines in the same run. With
/// `--store postgres://…`, the same intake on a shared room's server too, in a scratch database
/// of its own (its user needs CREATEDB), beside the SQLite figure of the same run.
struct BenchIntake: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "intake",
    abstract: "Sensor intake: meter readings a second into alarms and events, beside jq over the same lines.")

  @Option(help: "Meters, one a household, 20 a stairwell.") var meters = 20_000
  @Option(help: "Hours of hourly readings from each meter (13: a 12-hour window and its baseline).")
  var hours = 13
  @Option(
    name: .customLong("store"),
    help: ArgumentHelp(
      "A PostgreSQL server (postgres://user@host:port/db) to measure the intake on too, in a scratch database "
        + "of its own (its user needs CREATEDB)."))
  var server: String?
  @Flag(help: "Print the figures as one JSON object.") var json = false

  func run() throws {
    guard meters >= 20, hours >= 1 else { throw CLIError("--meters takes 20 or more, --hours 1 or more") }
    if let server, !PostgresLocation.isPostgres(server) {
      throw CLIError("--store takes a postgres:// URL here; the SQLite figure uses a scratch file of its own")
    }
    let work = FileManager.default.temporaryDirectory.appendingPathComponent(
      "weige-bench-intake-\(UUID().uuidString)"
    ).path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let store = try SQLiteEventStore(path: work + "/weige.db")
    try district(into: store)
    let feed = lines()
    let file = work + "/feed.jsonl"
    try feed.write(to: URL(fileURLWithPath: file))
    let readings = meters * hours

    let (referenceSeconds, referenceName) = try reference(file)
    let decoder = JSONDecoder()
    let decodeSeconds = try seconds {
      var start = feed.startIndex
      while let end = feed[start...].firstIndex(of: 0x0A) {
        let line = try decoder.decode(BenchLine.self, from: feed[start..<end])
        _ = try Date(line.time, strategy: .iso8601)
        start = feed.index(after: end)
      }
    }
    let (intakeSeconds, report, events) = try intake(feed, into: store)
    let rate = { (seconds: Double) in Double(readings) / seconds }
    let postgres = try server.map { url in
      let (pgSeconds, pgReport, pgEvents) = try onScratchDatabase(url) { try intake(feed, into: $0) }
      guard pgReport == report, pgEvents == events else {
        throw CLIError(
          "the intake on PostgreSQL did not do what it did on SQLite: \(pgReport) beside \(report)")
      }
      return Figure(
        value: rate(pgSeconds), unit: "readings/s", reference: rate(intakeSeconds),
        referenceName: "SQLite, same lines, same run", target: "≥ 50,000", met: rate(pgSeconds) >= 50_000)
    }
    let result = IntakeBenchReport(
      meters: meters, readings: readings, alarms: report.raised, events: events,
      intake: Figure(
        value: rate(intakeSeconds), unit: "readings/s", reference: rate(referenceSeconds),
        referenceName: referenceName + ", same lines", target: "≥ 50,000", met: rate(intakeSeconds) >= 50_000),
      decode: Figure(
        value: rate(decodeSeconds), unit: "lines/s", reference: rate(referenceSeconds),
        referenceName: referenceName + ", same lines", target: "—", met: true),
      postgres: postgres)
    if json {
      try printJSON(result)
    } else {
      print(result.table)
    }
  }

  /// Seconds to take `feed` into `store` (which holds the district) and sweep it; what the
  /// intake did, and how many events it appended.
  func intake(_ feed: Data, into store: any EventStore) throws -> (Double, IntakeReport, Int) {
    let before = try store.lastSequence()
    var report = IntakeReport()
    let elapsed = try seconds {
      let intake = try SensorIntake(store: store, policy: .shipped, actor: "bench") { problem in
        FileHandle.standardError.write(Data("bench intake: \(problem)\n".utf8))
      }
      try intake.take(lines: feed)
      try intake.sweep()
      report = intake.report
    }
    return (elapsed, report, Int(try store.lastSequence() - before))
  }

  /// Runs `body` on a store in a scratch database on the server at `url`, holding the district;
  /// the database is dropped after.
  func onScratchDatabase<T>(_ url: String, _ body: (PostgresEventStore) throws -> T) throws -> T {
    var location = try PostgresLocation(url: url)
    let psql = PostgresShell(server: location)
    location.database = "weige_bench_intake_\(getpid())"
    try psql.run("CREATE DATABASE \(location.database)")
    defer { _ = try? psql.run("DROP DATABASE IF EXISTS \(location.database) WITH (FORCE)") }
    let store = try PostgresEventStore(url: location.url, access: .create)
    try district(into: store)
    return try body(store)
  }

  /// One compound of stairwells of 20 households, a meter on each; devices registered.
  func district(into store: any EventStore) throws {
    let start = pinnedStart.adding(hours: -1)
    _ = try store.bulkLoad(.intoEmpty) { emit in
      var events = [
        NewEvent(
          time: start, actor: "bench",
          body: .placeAdded(Place(id: PlaceID(1), parent: nil, level: .compound, name: "春江小区")))
      ]
      var devices: [SensorDevice] = []
      for index in 0..<meters {
        let stairwell = PlaceID(2 + index / 20)
        if index % 20 == 0 {
          events.append(
            NewEvent(
              time: start, actor: "bench",
              body: .placeAdded(
                Place(id: stairwell, parent: PlaceID(1), level: .stairwell, name: "\(index / 20 + 1)号楼"))))
        }
        let household = HouseholdID(index + 1)
        events.append(
          NewEvent(
            time: start, actor: "bench",
            body: .householdRegistered(
              Household(
                id: household, stairwell: stairwell, room: "\(index % 20 + 101)", residents: 1, aged60Plus: 1,
                contactName: "", contactPhone: "", flags: [.elderlyLivingAlone]))))
        devices.append(
          SensorDevice(id: meterID(index), source: .meter, place: stairwell, household: household))
      }
      events.append(NewEvent(time: start, actor: "bench", body: .devicesRegistered(devices, source: "bench")))
      try emit(events)
    }
  }

  /// Hour by hour, every meter, as a feed sends them. One meter in 200 uses no water (the alarm);
  /// the rest a few litres an hour.
  func lines() -> Data {
    var text = ""
    text.reserveCapacity(meters * hours * 80)
    for hour in 0..<hours {
      let time =
        pinnedStart.adding(hours: hour).chinaDateTime.replacingOccurrences(of: " ", with: "T") + "+08:00"
      for index in 0..<meters {
        let used = index % 200 == 0 ? 0 : hour * (3 + index % 7)
        let litres = 10_000 + index % 997 * 13 + used
        text += #"{"meter":"\#(meterID(index))","time":"\#(time)","m3":\#(Double(litres) / 1000)}"# + "\n"
      }
    }
    return Data(text.utf8)
  }

  func meterID(_ index: Int) -> String { "WM-\(100_000 + index)" }

  /// `jq -c .` over the file when jq is installed, else Python's json module line by line.
  func reference(_ file: String) throws -> (Double, String) {
    let jq = "/usr/bin/jq"
    let process = Process()
    let name: String
    if FileManager.default.isExecutableFile(atPath: jq) {
      process.executableURL = URL(fileURLWithPath: jq)
      process.arguments = ["-c", ".", file]
      name = "jq -c ."
    } else {
      process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
      process.arguments = ["-c", "import json,sys\nfor line in open(sys.argv[1]): json.loads(line)", file]
      name = "python3 json.loads"
    }
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    let elapsed = try seconds {
      try process.run()
      process.waitUntilExit()
    }
    guard process.terminationStatus == 0 else { throw CLIError("\(name) failed on the benchmark's lines") }
    return (elapsed, name)
  }

  /// 2026-11-21 00:00 China time: the readings' first hour.
  var pinnedStart: Timestamp { Timestamp(milliseconds: 1_795_190_400_000) }
}

/// What decoding alone reads: the intake's line, without the store.
private struct BenchLine: Decodable {
  var meter: String?
  var time: String
  var m3: Double?
}

struct IntakeBenchReport: Encodable {
  var meters: Int
  var readings: Int
  var alarms: Int
  var events: Int
  var intake, decode: Figure
  /// The same intake on a shared room's server, with `--store postgres://…`.
  var postgres: Figure?

  var table: String {
    [
      "weige bench intake — \(grouped(meters)) meters × \(readings / max(1, meters)) hourly readings; "
        + "\(grouped(alarms)) alarms, \(grouped(events)) events appended",
      figureLine("intake end to end", intake),
      figureLine("JSONDecoder and ISO 8601 alone", decode),
    ].joined(separator: "\n")
      + (postgres.map { "\n" + figureLine("intake end to end, PostgreSQL", $0) } ?? "")
  }
}
