import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeStoreTestSupport
import WeigeTestSupport

/// `weige intake` through the binary on a demo store, a file or a database on a real PostgreSQL
/// server: a file of JSON lines, and the webhook server answering a real HTTP client (curl).
@Suite(
  "weige intake", .enabled(if: FileManager.default.isExecutableFile(atPath: weigeBinary)),
  .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl")))
struct IntakeCLITests {
  let folder = temporaryPath("weige-intake")
  static let secret = "test-secret-0123456789"

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
  }

  /// A demo district in a new store of `backend`, its camera and meters registered: the store.
  func district(_ backend: Backend) throws -> String {
    let store = try backend.newLocation()
    let demo = try Child.run(
      ["demo", "--preset", "chunjiang", "--days", "1", "--store", store], environment: backend.environment)
    #expect(demo.status == 0, "\(demo.output)")
    let devices = try write(
      "devices.csv", "设备编号,类型,地点,房号\nCAM-0101,摄像头,1幢/1单元,\nWM-0101,水表,1幢/1单元,101\nWM-0102,水表,1幢/1单元,102\n")
    let (status, output) = try Child.runWithErrors(
      ["intake", "devices", devices, "--store", store], environment: backend.environment)
    #expect(status == 0, "\(output)")
    #expect(output.contains("登记感知设备 3 台（摄像头 1，水表 2）"))
    return store
  }

  func write(_ name: String, _ text: String) throws -> String {
    let path = folder + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// Twelve hours of a silent meter beside a busy one, with a bad line and an unknown meter among them.
  static let lines: String = {
    var lines: [String] = []
    for hour in 0...12 {
      let time = "2026-11-21T\(hour < 2 ? "0" : "")\(hour + 8):00:00+08:00"
      lines.append(#"{"meter":"WM-0101","time":"\#(time)","m3":42.1234}"#)
      lines.append(#"{"meter":"WM-0102","time":"\#(time)","m3":\#(10 + Double(hour) * 0.05)}"#)
      if hour == 1 { lines.append("{oops") }
      if hour == 2 { lines.append(#"{"meter":"WM-9999","time":"\#(time)","m3":1}"#) }
    }
    lines.append(
      #"{"device":"CAM-0101","kind":"高空抛物","time":"2026-11-21T20:00:00+08:00","snapshot":"https://cam.example/a.jpg"}"#
    )
    return lines.joined(separator: "\n") + "\n"
  }()

  @Test(arguments: Backend.allCases)
  func aFileOfLinesRaisesTheWaterAlarmAndReportsBadLinesByNumber(backend: Backend) throws {
    let store = try district(backend)
    let file = try write("feed.jsonl", Self.lines)
    let (status, output) = try Child.runWithErrors(
      ["intake", "--from", file, "--store", store], environment: backend.environment)
    #expect(status == 0, "\(output)")
    #expect(output.contains("feed.jsonl line 5: not a JSON object"))
    #expect(output.contains("line 8: unknown meter WM-9999"))
    #expect(output.components(separatedBy: "WM-9999").count == 2)
    #expect(
      output.contains(
        "29 lines · 26 meter readings · 1 camera reports (0 grouped) · raised 2 · cleared 0 · skipped 2"))
    let log = try Child.run(["log", "--store", store], environment: backend.environment).output
    #expect(log.contains("用水异常"))
    #expect(log.contains("高空抛物"))
  }

  @Test func aSilenceIsLiftedEarlyOnceAndNotTwice() throws {
    let scope = ["--device", "CAM-0101", "--store", try district(.sqlite)]
    let silenced = try Child.runWithErrors(["intake", "silence", "--for", "60", "--reason", "镜头维修"] + scope)
    #expect(silenced.status == 0, "\(silenced.output)")
    let lifted = try Child.runWithErrors(["intake", "unsilence", "--reason", "镜头已修复"] + scope)
    #expect(lifted.status == 0, "\(lifted.output)")
    #expect(lifted.output.contains("解除静默 设备 CAM-0101：镜头已修复"))
    let again = try Child.runWithErrors(["intake", "unsilence", "--reason", "再试"] + scope)
    #expect(again.status != 0)
    #expect(again.output.contains("设备 CAM-0101 没有生效中的静默"))
    #expect(try Child.run(["log", "--store", scope[3]]).output.contains("解除静默 设备 CAM-0101"))
  }

  @Test func aRoomDefinesItsCatalogueAndTheIntakeReadsIt() throws {
    let store = try district(.sqlite)
    let shown = try Child.run(["intake", "catalogue", "--store", store])
    #expect(shown.status == 0)
    #expect(shown.output.contains("5 kinds, built in"))
    let plain = "urgency = \"urgent\"\nclass = \"nuisance\"\naliases = []\ngroup_minutes = 30"
    #expect(shown.output.contains(plain))
    // An alias for a vendor's code, and an alert of the room's own: an e-bike wheeled into a lift,
    // urgent enough to ring.
    let edited =
      shown.output.replacingOccurrences(
        of: plain,
        with: "urgency = \"urgent\"\nclass = \"nuisance\"\naliases = [\"HK-GKPW\"]\ngroup_minutes = 30")
      + "\n" + ebikeInLiftTable
    let bad = try write(
      "bad.toml", edited.replacingOccurrences(of: "group_minutes = 30", with: "group_minutes = 9999"))
    let refused = try Child.runWithErrors(["intake", "catalogue", "set", bad, "--store", store])
    #expect(refused.status != 0)
    #expect(refused.output.contains("bad.toml: thrown-object.group_minutes: 9999 is not a whole number"))
    let file = try write("sensors.toml", edited)
    let set = try Child.runWithErrors(["intake", "catalogue", "set", file, "--store", store])
    #expect(set.status == 0, "\(set.output)")
    #expect(set.output.contains("定义感知类型 6 种"))
    let again = try Child.run(["intake", "catalogue", "--store", store]).output
    #expect(again.contains("defined in this room"))
    #expect(
      again.contains("[\"ebike-in-lift\"]\nalert = \"ebike-in-lift\"\nsource = \"camera\"\nname = \"电动车入梯\""))
    let feed = try write(
      "camera.jsonl",
      #"{"device":"CAM-0101","kind":"HK-GKPW","time":"2026-11-21T20:00:00+08:00"}"# + "\n"
        + #"{"device":"CAM-0101","kind":"HK-DDCRT","time":"2026-11-21T20:05:00+08:00"}"# + "\n")
    let (status, output) = try Child.runWithErrors(["intake", "--from", feed, "--store", store])
    #expect(status == 0, "\(output)")
    #expect(output.contains("raised 2"))
    // The alert carries the room's kind: named so in the log, in either language.
    let log = try Child.run(["log", "--store", store]).output
    #expect(log.contains("告警 电动车入梯"), "\(log.suffix(600))")
    #expect(try Child.run(["log", "--store", store, "--lang", "en"]).output.contains("alert e-bike in lift"))
  }

  @Test(arguments: Backend.allCases)
  func theDemoWritesItsMeterReadingsSoTheIntakeJudgesAtOnce(backend: Backend) throws {
    let readings = try backend.reopen(try district(backend))
    let newest = try readings.meters(lastReportedAtOrBefore: Timestamp(milliseconds: .max))
    // 春江's 34 meters of elderly people living alone, and the two the test's mapping added (no readings).
    #expect(newest.count == 34)
    let latest = try #require(newest.first)
    let windows = try readings.record(
      [MeterReading(meter: latest.meter, time: latest.time.adding(hours: 1), volume: latest.volume)])
    #expect(windows.first?.baseline != nil, "judged against the demo's readings of 12 hours before")
    #expect(windows.first?.verdict != .tooEarly)
  }

  @Test(arguments: Backend.allCases)
  func theServerTakesPostsWithTheSecretAndRefusesThoseWithout(backend: Backend) throws {
    let store = try district(backend)
    let port = try Child.run(
      ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1',0)); print(s.getsockname()[1])"],
      executable: "/usr/bin/python3"
    ).output.trimmingCharacters(in: .whitespacesAndNewlines)
    var environment = backend.environment
    environment["WEIGE_INTAKE_SECRET"] = Self.secret
    let server = try Child(
      ["intake", "serve", "--listen", "127.0.0.1:\(port)", "--store", store], environment: environment)
    defer {
      kill(server.pid, SIGTERM)
      server.wait()
      server.removeOutput()
    }
    let url = "http://127.0.0.1:\(port)/intake"
    func curl(_ arguments: [String]) throws -> String {
      try Child.run(["-s", "-m", "10", "-w", "\n%{http_code}"] + arguments, executable: "/usr/bin/curl")
        .output
    }
    // Bounded wait for the server to listen: 100 tries, 0.1 s apart.
    var ready = false
    for _ in 0..<100 where !ready {
      ready = try !curl([url]).hasSuffix("000")
      if !ready { usleep(100_000) }
    }
    #expect(ready)
    let feed = try write("feed.jsonl", Self.lines)
    let refused = try curl(["-X", "POST", "--data-binary", "@" + feed, url])
    #expect(refused.hasSuffix("401"))
    let wrong = try curl(["-H", "X-Weige-Secret: not-the-secret-at-all", "--data-binary", "@" + feed, url])
    #expect(wrong.hasSuffix("401"))
    let accepted = try curl(["-H", "X-Weige-Secret: \(Self.secret)", "--data-binary", "@" + feed, url])
    #expect(accepted.hasSuffix("200"), "\(accepted)")
    #expect(accepted.contains(#""lines":29"#))
    #expect(accepted.contains(#""raised":2"#))
    #expect(accepted.contains(#"{"line":5,"message":"not a JSON object"}"#))
    #expect(accepted.contains(#""skipped":2"#))
  }
}
