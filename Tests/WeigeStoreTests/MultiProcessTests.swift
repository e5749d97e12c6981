import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeStoreTestSupport
import WeigeTestSupport

/// The event ids a `weige simulate --verbose` reported as acknowledged (`acked SEQ ID KIND`).
func ackedIDs(_ text: String) -> [String] {
  text.split(separator: "\n").compactMap { line in
    let parts = line.split(separator: " ")
    return parts.count == 4 && parts[0] == "acked" ? String(parts[2]) : nil
  }
}

@Suite("Several processes share one store file", .serialized)
struct MultiProcessTests {
  func chunjiangStore(_ backend: Backend) throws -> (any EventStore, Int64) {
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 1))
    return (store, try store.lastSequence())
  }

  @Test("two writers at once: nothing lost, nothing duplicated", arguments: Backend.allCases)
  func twoWriters(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let (store, base) = try chunjiangStore(backend)
    let writers = try (1...2).map { seed in
      try backend.weige([
        "simulate", "--store", store.location, "--rate", "2000", "--count", "150", "--seed", "\(seed)",
        "--verbose",
        "--operator", "值班\(seed)",
      ])
    }
    var acked: [String] = []
    for writer in writers {
      #expect(writer.wait() == 0)
      acked += ackedIDs(writer.output)
    }
    #expect(acked.count == 300)
    #expect(Set(acked).count == 300)
    let appended = try store.events(after: base)
    #expect(appended.count == 300)
    #expect(appended.map(\.sequence) == Array(base + 1...base + 300))
    #expect(Set(appended.map(\.id.description)) == Set(acked))
    #expect(try store.ledger() == (try store.replayFromScratch()))
  }

  @Test("a reader sees another process's events within a second", arguments: Backend.allCases)
  func followSeesOtherWriters(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let (store, base) = try chunjiangStore(backend)
    let writer = try backend.weige(["simulate", "--store", store.location, "--rate", "20", "--count", "5"])
    let started = ContinuousClock.now
    var seen: [RecordedEvent] = []
    let keepGoing = { seen.count < 5 && ContinuousClock.now - started < .seconds(20) }
    try store.follow(after: base, every: .milliseconds(100), while: keepGoing) {
      if case .events(let events) = $0 { seen += events }
    }
    writer.wait()
    #expect(seen.count == 5)
  }

  @Test("kill -9 mid-stream loses no acknowledged event", arguments: Backend.allCases)
  func killedWriter(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let (store, _) = try chunjiangStore(backend)
    let writer = try backend.weige(["simulate", "--store", store.location, "--rate", "5000", "--verbose"])
    let started = ContinuousClock.now
    while ackedIDs(writer.output).count < 200 && ContinuousClock.now - started < .seconds(60) {
      usleep(20_000)
    }
    kill(writer.pid, SIGKILL)
    let status = writer.wait()
    #expect(status & 0x7f == SIGKILL)
    let acked = ackedIDs(writer.output)
    #expect(acked.count >= 200)
    let stored = Set(try backend.reopen(store.location).events().map(\.id.description))
    #expect(acked.allSatisfy(stored.contains))
  }

  @Test("a demo killed mid-ingest leaves no half-written district", arguments: Backend.allCases)
  func killedIngest(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let location = try backend == .sqlite ? temporaryStorePath() : backend.makeStore().location
    let demo = try backend.weige(["demo", "--preset", "binjiang", "--days", "0", "--store", location])
    Thread.sleep(forTimeInterval: 1.5)
    kill(demo.pid, SIGKILL)
    demo.wait()
    let store = try backend.reopen(location, access: .create)
    #expect(try store.lastSequence() == 0)
  }
}

/// Runs a `weige` command to its end; its exit status and what it printed on stdout.
func runWeige(
  environment: [String: String] = ProcessInfo.processInfo.environment, _ arguments: [String]
) throws -> (status: Int32, output: String) {
  let child = try Child(arguments, environment: environment)
  let status = child.wait()
  return (status, child.output)
}

@Suite("Concurrent writers never overwrite what another acknowledged", .serialized)
struct ConcurrentWriterTests {
  @Test(
    "four writers (two simulators, two operators filing tickets): every ack kept, the log audits clean",
    arguments: Backend.allCases)
  func fourWriters(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 1))
    let base = try store.lastSequence()
    let simulators = try (1...2).map { seed in
      try backend.weige([
        "simulate", "--store", store.location, "--rate", "5000", "--count", "250", "--seed", "\(seed)",
        "--verbose",
      ])
    }
    // Two operators filing tickets as fast as the CLI starts, in two shell loops.
    let filers = try (1...2).map { operatorNumber in
      try Child(
        [
          "-c",
          "for i in $(seq 1 15); do \(weigeBinary) ticket new --store \(store.location) --operator 值班\(operatorNumber) "
            + "--place 春江小区/1幢/1单元 --title \"楼道灯不亮 $i\" --urgency urgent || exit 1; done",
        ], executable: "/bin/sh", environment: backend.environment)
    }
    var acked: [String] = []
    for simulator in simulators {
      #expect(simulator.wait() == 0)
      acked += ackedIDs(simulator.output)
    }
    var filed: [String] = []
    for filer in filers {
      #expect(filer.wait() == 0)
      filed += filer.output.split(separator: "\n").map(String.init)
    }
    #expect(acked.count == 500)
    #expect(filed.count == 30)
    let stored = try store.events(after: base)
    #expect(stored.count == 530)
    #expect(Set(acked).isSubset(of: Set(stored.map(\.id.description))))
    // Each confirmation (`点单 #1234 急 楼道灯不亮 7`) names a ticket that holds exactly that title.
    let ledger = try store.openLedger()
    for line in filed {
      let parts = line.split(separator: " ", maxSplits: 3)
      let number = try #require(Int(parts[1].dropFirst()))
      #expect(ledger.tickets[TicketID(number)]?.title == String(parts[3]), "\(line)")
    }
    var audit = LogAudit()
    try store.forEachEvent { audit.check($0) }
    #expect(audit.findings.isEmpty, "\(audit.findings.prefix(5))")
  }

  @Test(
    "two operators reporting one household at once: every report kept in order, the later wins, nothing lost",
    arguments: Backend.allCases)
  func twoReportersOneHousehold(backend: Backend) throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let store = try backend.makeStore()
    try store.append(try chunjiangEvents(days: 0))
    let issued = try runWeige(
      environment: backend.environment,
      [
        "war", "issue", "--store", store.location, "--operator", "王芳", "--scope", "春江社区", "--deadline", "45m",
        "--title", "全员告知",
      ])
    #expect(issued.status == 0)
    // Two squads' phones report 302 of one stairwell as fast as the CLI starts: one says not home,
    // the other reached. Each decides on the order's stream as it read it; whoever was second
    // catches up and appends after the other.
    let reporters = try [("甲", "notHome"), ("乙", "reached")].map { name, outcome in
      try Child(
        [
          "-c",
          "for i in $(seq 1 15); do \(weigeBinary) war reach M1 春江小区/1幢/1单元 302 \(outcome) --store \(store.location) "
            + "--operator \(name) || exit 1; done",
        ], executable: "/bin/sh", environment: backend.environment)
    }
    var confirmed: [String: Int] = [:]
    for (reporter, name) in zip(reporters, ["甲", "乙"]) {
      #expect(reporter.wait() == 0)
      confirmed[name] = reporter.output.split(separator: "\n").count
    }
    #expect(confirmed == ["甲": 15, "乙": 15])
    let stream = try store.events(in: "mobilization-1")
    #expect(stream.map(\.version) == Array(1...31))
    let reports = stream.dropFirst()
    #expect(reports.map(\.sequence) == reports.map(\.sequence).sorted())
    #expect(reports.filter { $0.actor == "甲" }.count == 15 && reports.filter { $0.actor == "乙" }.count == 15)
    let last = try #require(reports.last)
    guard case .householdsReported(_, let said) = last.body, let report = said.first else {
      Issue.record("the last event of the order is \(last.body.kind.name)")
      return
    }
    let ledger = try store.openLedger()
    let order = try #require(ledger.mobilizations[MobilizationID(1)])
    #expect(order.outcome(of: report.household)?.outcome == report.outcome)
    #expect(order.outcome(of: report.household)?.reporter == last.actor)
    #expect(order.outcome(of: report.household)?.time == last.time)
    // One household, however often reported, counts once.
    #expect(order.tally.reported == 1)
    #expect(order.tally.count(report.outcome) == 1)
    var audit = LogAudit()
    try store.forEachEvent { audit.check($0) }
    #expect(audit.findings.isEmpty, "\(audit.findings.prefix(3))")
  }

  @Test("two demos started at once on one new store: one district, the other refused")
  func twoDemos() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let path = temporaryStorePath()
    let demos = try ["chunjiang", "jiangsan"].map { preset in
      try Child(["demo", "--preset", preset, "--days", "2", "--store", path])
    }
    let statuses = demos.map { $0.wait() }
    #expect(statuses.filter { $0 == 0 }.count == 1, "\(statuses)")
    let store = try SQLiteEventStore(path: path, access: .readOnly)
    var audit = LogAudit()
    try store.forEachEvent { audit.check($0) }
    #expect(audit.findings.isEmpty, "\(audit.findings.prefix(3))")
    let households = audit.ledger.households.count
    #expect(households == 383 || households == 2_688)
  }

  @Test(
    "demo --force refuses while another process has the store open; twice replaces it, and log --follow says so"
  )
  func forceUnderFollowers() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let path = temporaryStorePath()
    #expect(try runWeige(["demo", "--preset", "chunjiang", "--days", "0", "--store", path]).status == 0)
    let follower = try Child(["log", "--follow", "--store", path, "--since", "999999"])
    defer {
      kill(follower.pid, SIGKILL)
      follower.wait()
    }
    Thread.sleep(forTimeInterval: 0.5)
    #expect(
      try runWeige(["demo", "--preset", "chunjiang", "--days", "0", "--store", path, "--force"]).status != 0)
    let replaced = try runWeige([
      "demo", "--preset", "chunjiang", "--days", "1", "--store", path, "--force", "--force",
    ])
    #expect(replaced.status == 0)
    let store = try SQLiteEventStore(path: path, access: .readOnly)
    let count = try store.lastSequence()
    let started = ContinuousClock.now
    while follower.output.split(separator: "\n").count < count && ContinuousClock.now - started < .seconds(10)
    {
      usleep(100_000)
    }
    // The follower printed the new history from #1, once: no line of the old one, none twice.
    Thread.sleep(forTimeInterval: 0.5)
    let lines = follower.output.split(separator: "\n")
    #expect(lines.count == count)
    #expect(lines.first?.hasPrefix("#1  ") == true)
    let printed = lines.compactMap { $0.split(separator: " ").first.map(String.init) }
    #expect(printed == (1...count).map { "#\($0)" })
  }

  @Test("weige log prints control characters an older event holds as \\u{…}, never raw")
  func logEscapes() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let store = try SQLiteEventStore(path: temporaryStorePath())
    try store.append(try chunjiangEvents(days: 0))
    // Written behind Core's back, as an older, laxer build did.
    try store.append([
      NewEvent(
        time: pinnedNow, actor: "\u{1B}]0;PWNED\u{7}",
        body: .ticketRequested(
          TicketRequest(
            id: TicketID(1001), title: "\u{1B}[2J\u{1B}[31mX\n#99  伪造的一行", demandClass: .nuisance,
            urgency: .normal,
            source: .hotline, place: PlaceID(7), household: nil, dueAt: pinnedNow.adding(hours: 72))))
    ])
    for arguments in [["log"], ["log", "--json"], ["log", "--lang", "en"]] {
      let (status, output) = try runWeige(
        arguments + ["--store", store.path!, "--since", "\(try store.lastSequence() - 1)"])
      #expect(status == 0)
      #expect(!output.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(arguments)")
      #expect(output.split(separator: "\n").count == 1, "\(arguments): \(output)")
    }
    let refused = try runWeige([
      "ticket", "new", "--store", store.path!, "--place", "春江小区/1幢/1单元", "--title", "\u{1B}[2J清屏",
    ])
    #expect(refused.status != 0)
    #expect(refused.output.isEmpty)
  }
}

@Suite("Soak")
struct SoakTests {
  @Test("scripts/soak.sh, short: writers killed at random, every ack kept, the follower saw each event once")
  func shortSoak() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("scripts/soak.sh").path
    let soak = try Child([script, "--seconds", "6", "--weige", weigeBinary], executable: "/bin/bash")
    #expect(soak.wait() == 0, "\(soak.output)")
    #expect(soak.output.contains("clean"))
  }
}

@Suite("The CLI answers in the language asked, and says what it cannot do")
struct CLIAnswerTests {
  @Test(
    "log --lang en prints English; replay past the end or into the future says so; --place as the palette names it"
  )
  func answers() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let path = temporaryStorePath()
    #expect(try runWeige(["demo", "--preset", "chunjiang", "--days", "1", "--store", path]).status == 0)
    let english = try runWeige(["log", "--lang", "en", "--store", path]).output
    let chinese = try runWeige(["log", "--store", path]).output
    #expect(english != chinese)
    #expect(english.contains("visit (走访)") && !english.contains("  走访 "))
    let last = try SQLiteEventStore(path: path, access: .readOnly).lastSequence()
    #expect(try runWeige(["replay", "--at", "\(last + 5)", "--store", path]).status != 0)
    #expect(try runWeige(["replay", "--at", "2099-01-01 08:00", "--store", path]).status != 0)
    #expect(try runWeige(["replay", "--at", "\(last)", "--store", path]).status == 0)
    #expect(try runWeige(["stats", "--place", "春江小区 3幢2单元", "--store", path]).output.contains("3幢/2单元"))
  }
}

@Suite("Refusals a person can act on (issue 9, item 12)")
struct CLIRefusalTests {
  @Test(
    "names, not digits, for --urgency; negative numbers answered as numbers; a conflict in the screen's language"
  )
  func refusals() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let path = temporaryStorePath()
    #expect(try runWeige(["demo", "--preset", "chunjiang", "--days", "0", "--store", path]).status == 0)
    let urgency = try Child.runWithErrors([
      "ticket", "new", "--store", path, "--place", "春江小区/1幢/1单元", "--title", "楼道灯不亮", "--urgency", "2",
    ])
    #expect(urgency.status != 0)
    #expect(urgency.output.contains("critical") && urgency.output.contains("特急"))
    #expect(!urgency.output.contains("- 2\n") && !urgency.output.contains("- 0\n"))
    for (arguments, message) in [
      (["replay", "--at", "-5"], "not -5"), (["log", "--since", "-3"], "not -3"),
      (["demo", "--preset", "chunjiang", "--days", "-2"], "not -2"),
      (["demo", "--preset", "chunjiang", "--now", "1926-11-20 18:00", "--force"], "not a plausible time"),
    ] {
      let answer = try Child.runWithErrors(arguments + ["--store", path])
      #expect(answer.status != 0, "\(arguments)")
      #expect(answer.output.contains(message), "\(arguments): \(answer.output)")
    }
    let conflict = StoreError.versionConflict(stream: "ticket-1043", expected: 3, actual: 4)
    #expect(conflict.message(.zh) == "ticket-1043 刚被其他操作员更新，本次未写入；画面已随之刷新，请看过后再试")
    #expect(conflict.message(.en).hasPrefix("another operator just changed ticket-1043"))
  }
}

@Suite("A full disk during a demo (issue 9, item 5)")
struct DemoSnapshotFailureTests {
  @Test("when only the snapshot fails, demo says the district was kept, and it opens")
  func snapshotFails() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let path = temporaryStorePath()
    #expect(try runWeige(["demo", "--preset", "chunjiang", "--days", "0", "--store", path]).status == 0)
    // As a full disk would: every snapshot write fails, the events still fit.
    try sqlite3(
      path,
      "CREATE TRIGGER no_room BEFORE INSERT ON snapshots BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
    )
    let answer = try Child.runWithErrors([
      "demo", "--preset", "chunjiang", "--days", "1", "--store", path, "--force", "--force",
    ])
    #expect(answer.status == 0, "\(answer.output)")
    #expect(answer.output.contains("events were committed; only the snapshot was not written"))
    let stats = try runWeige(["stats", "--json", "--store", path])
    #expect(stats.status == 0 && stats.output.contains("\"households\" : 383"))
  }
}
