import Foundation
import Synchronization
import Testing
import WeigeCore
import WeigeStoreTestSupport
import WeigeTestSupport

@testable import WeigeStore

@Suite("Where a shared room's server is, and how Weige logs in")
struct PostgresLocationTests {
  @Test("a URL's parts, with the database defaulting to the user and TLS asked by sslmode")
  func parts() throws {
    let plain = try PostgresLocation(url: "postgres://desk@10.0.0.5:6543/jiangsan", environment: [:])
    #expect(plain.user == "desk" && plain.host == "10.0.0.5" && plain.port == 6543)
    #expect(plain.database == "jiangsan" && !plain.requiresTLS)
    #expect(plain.description == "postgres://desk@10.0.0.5:6543/jiangsan")
    let secure = try PostgresLocation(
      url: "postgresql://desk@db.example/room?sslmode=require", environment: [:])
    #expect(secure.port == 5432 && secure.requiresTLS && !secure.verifiesCertificate)
    #expect(try PostgresLocation(url: "postgres://wall@db", environment: [:]).database == "wall")
  }

  @Test(
    "a password in the URL, an unknown sslmode or parameter are refused, and the password is not repeated")
  func refusals() {
    #expect {
      _ = try PostgresLocation(url: "postgres://desk:s3cret@db/room", environment: [:])
    } throws: { error in
      "\(error)".contains("~/.pgpass") && !"\(error)".contains("s3cret")
    }
    #expect(throws: StoreError.self) {
      _ = try PostgresLocation(url: "postgres://desk@db/room?sslmode=sometimes", environment: [:])
    }
    #expect(throws: StoreError.self) {
      _ = try PostgresLocation(url: "postgres://desk@db/room?password=x", environment: [:])
    }
  }

  @Test(
    "the password comes from PGPASSWORD, else the first matching line of the password file, never a loose file"
  )
  func passwords() throws {
    let folder = URL(fileURLWithPath: temporaryStorePath()).deletingLastPathComponent().path
    let file = folder + "/pgpass"
    try Data(
      """
      # desks of 江三
      db:5432:other:desk:wrong
      db:*:room:desk:pa\\:ss
      *:*:*:*:fallback

      """.utf8
    ).write(to: URL(fileURLWithPath: file))
    chmod(file, 0o600)
    let location = try PostgresLocation(url: "postgres://desk@db/room", environment: [:])
    var notices: [String] = []
    #expect(location.password(environment: ["PGPASSFILE": file], notices: &notices) == "pa:ss")
    #expect(
      location.password(environment: ["PGPASSFILE": file, "PGPASSWORD": "env"], notices: &notices) == "env")
    let elsewhere = try PostgresLocation(url: "postgres://wall@other/room", environment: [:])
    #expect(elsewhere.password(environment: ["PGPASSFILE": file], notices: &notices) == "fallback")
    #expect(notices.isEmpty)
    chmod(file, 0o644)
    #expect(location.password(environment: ["PGPASSFILE": file], notices: &notices) == nil)
    #expect(notices.count == 1 && notices[0].contains(file))
  }
}

@Suite("The store on a real PostgreSQL server", .serialized)
struct PostgresStoreTests {
  func environment() throws -> [String: String] { try PostgresServer.running().environment }

  @Test("the schema is made once, opened again as it is, and a newer one is refused with a clear message")
  func schema() throws {
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    #expect(throws: StoreError.missing(path: url)) {
      _ = try PostgresEventStore(url: url, access: .readOnly, environment: server.environment)
    }
    let store = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    try store.append([visit(1)])
    let again = try PostgresEventStore(url: url, access: .readWrite, environment: server.environment)
    #expect(try again.lastSequence() == 1)
    #expect(try again.generation() == (try store.generation()))
    let database = String(url.split(separator: "/").last!)
    try server.psql("UPDATE weige.schema_version SET version = 99", database: database)
    #expect(throws: StoreError.newerSchema(path: url, version: 99)) {
      _ = try PostgresEventStore(url: url, access: .readOnly, environment: server.environment)
    }
    #expect("\(StoreError.newerSchema(path: url, version: 99))".contains("newer Weige"))
  }

  @Test(
    "a store of schema 2 gets the append whose version check reads nothing, and a bulk load leaves the events analysed"
  )
  func schemaTwo() throws {
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    let database = String(url.split(separator: "/").last!)
    let store = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    _ = try store.bulkLoad(.intoEmpty) { emit in try emit([visit(1), visit(2)]) }
    // Without statistics the planner guesses, and step 2's check scanned the whole table.
    #expect(
      try server.psql(
        "SELECT count(*) FROM pg_stats WHERE schemaname = 'weige' AND tablename = 'events'",
        database: database)
        != "0\n")
    try server.psql("UPDATE weige.schema_version SET version = 2", database: database)
    let writer = try PostgresEventStore(url: url, access: .readWrite, environment: server.environment)
    #expect(try server.psql("SELECT version FROM weige.schema_version", database: database) == "4\n")
    #expect(throws: StoreError.versionConflict(stream: "household-1", expected: 0, actual: 1)) {
      try writer.append([visit(1)], expectedVersions: ["household-1": 0])
    }
    let appended = try writer.append(
      [visit(1), visit(3)], expectedVersions: ["household-1": 1, "household-3": 0])
    #expect(appended.map(\.version) == [2, 1])
    #expect(try writer.lastSequence() == 4)
    // Two events of one expected stream: the second is past the expectation, and is this batch's.
    let two = [visit(1), visit(1)]
    #expect(try writer.append(two, expectedVersions: ["household-1": 2]).map(\.version) == [3, 4])
    #expect(try writer.append(two, expectedVersions: ["household-1": 2]).isEmpty)
    #expect(throws: StoreError.versionConflict(stream: "household-1", expected: 5, actual: 4)) {
      try writer.append([visit(1)], expectedVersions: ["household-1": 5])
    }
  }

  @Test(
    "a store of schema 1 (before appends went through weige.append) is read as it is, upgraded by the first writer, and migrated into"
  )
  func olderSchema() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    let database = String(url.split(separator: "/").last!)
    // Schema 1 is step 1 alone: what a Weige before step 2 made, and wrote through its tables.
    let store = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    try store.append(try chunjiangEvents(days: 0))
    try server.psql(
      """
      DROP PROCEDURE weige.append; DROP FUNCTION weige.append_events;
      UPDATE weige.schema_version SET version = 1
      """, database: database)
    let events = try store.events()

    let reader = try PostgresEventStore(url: url, access: .readOnly, environment: server.environment)
    #expect(try reader.events() == events)
    let checked = try runWeige(environment: server.environment, ["store", "check", "--store", url])
    #expect(checked.status == 0 && checked.output.contains("clean"), "\(checked.output)")
    #expect(try server.psql("SELECT version FROM weige.schema_version", database: database) == "1\n")

    // Another Weige's SQLite room migrated into it: the first writer upgrades it, then appends.
    let path = temporaryStorePath()
    let source = try SQLiteEventStore(path: path)
    try source.append(events.map { NewEvent(id: $0.id, time: $0.time, actor: $0.actor, body: $0.body) })
    try source.append([visit(1), visit(2)])
    let moved = try runWeige(
      environment: server.environment, ["store", "migrate", "--from", path, "--to", url, "--json"])
    #expect(moved.status == 0, "\(moved.output)")
    let report = try JSONDecoder().decode(StoreMigration.Report.self, from: Data(moved.output.utf8))
    #expect(report.alreadyThere == events.count && report.copied == 2)
    #expect(try server.psql("SELECT version FROM weige.schema_version", database: database) == "4\n")
    let writer = try PostgresEventStore(url: url, access: .readWrite, environment: server.environment)
    let appended = try writer.append(
      [visit(3)], expectedVersions: ["household-3": try writer.version(of: "household-3")])
    #expect(appended.map(\.sequence) == [Int64(events.count + 3)])
    #expect(try writer.events() == (try source.events()) + appended)
  }

  @Test(
    "a store of schema 3 (before the readings table) is read as it is; the first writer upgrades it and keeps readings"
  )
  func schemaBeforeReadings() throws {
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    let database = String(url.split(separator: "/").last!)
    let store = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    try store.append(try chunjiangEvents(days: 0))
    try server.psql(
      "DROP TABLE weige.meter_readings; UPDATE weige.schema_version SET version = 3", database: database)
    let events = try store.events()

    let reader = try PostgresEventStore(url: url, access: .readOnly, environment: server.environment)
    #expect(try reader.events() == events)
    #expect(try server.psql("SELECT version FROM weige.schema_version", database: database) == "3\n")

    let writer = try PostgresEventStore(url: url, access: .readWrite, environment: server.environment)
    #expect(try server.psql("SELECT version FROM weige.schema_version", database: database) == "4\n")
    let first = MeterReading(meter: "WM-1", time: pinnedNow, volume: WaterVolume(rawValue: 4_200))
    let later = MeterReading(
      meter: "WM-1", time: pinnedNow.adding(hours: 12), volume: WaterVolume(rawValue: 4_250))
    #expect(try writer.record([first, later]) == [MeterWindow(latest: later, baseline: first)])
    #expect(try writer.append([visit(1)]).map(\.sequence) == [Int64(events.count + 1)])
  }

  @Test(
    "a bulk load through COPY stores the same rows as one through unnest, text that COPY escapes included")
  func copyFormat() throws {
    let server = try PostgresServer.running()
    var events = try chunjiangEvents(days: 1)
    // Tab, newline, carriage return and backslash are COPY's own; the store takes any actor.
    events[0].actor = "a\\b\tc\nd\re"
    var stored: [[RecordedEvent]] = []
    for format in PostgresBulkFormat.allCases {
      let store = try PostgresEventStore(
        url: try server.newDatabase(), access: .create, environment: server.environment)
      store.bulkFormat = format
      #expect(try store.bulkLoad(.intoEmpty) { emit in try emit(events) } == events.count)
      #expect(try store.lastSequence() == Int64(events.count))
      stored.append(try store.events())
      // A follower hears of it and the counter row moved: an append goes on after it.
      #expect(try store.append([visit(1)]).first?.sequence == Int64(events.count + 1))
    }
    #expect(stored[0] == stored[1])
    #expect(stored[0][0].actor == "a\\b\tc\nd\re")
  }

  @Test("a schema named weige that another application made is refused, untouched")
  func foreignSchema() throws {
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    let database = String(url.split(separator: "/").last!)
    try server.psql("CREATE SCHEMA weige; CREATE TABLE weige.contacts (name text)", database: database)
    #expect {
      _ = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    } throws: { error in
      "\(error)".contains("not a Weige store") && "\(error)".contains("contacts")
    }
    #expect(
      try server.psql(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'weige'", database: database)
        == "1\n")
  }

  @Test("a wrong password and a server nobody runs are errors that name the place, never the password")
  func unreachable() throws {
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    var environment = server.environment
    environment["PGPASSWORD"] = "not-the-password"
    #expect {
      _ = try PostgresEventStore(url: url, access: .create, environment: environment)
    } throws: { error in
      "\(error)".contains(url) && !"\(error)".contains("not-the-password")
    }
    #expect {
      _ = try PostgresEventStore(
        url: "postgres://weige@127.0.0.1:1/nowhere", access: .create, environment: [:])
    } throws: { error in
      "\(error)".contains("postgres://weige@127.0.0.1:1/nowhere")
    }
  }

  @Test("sslmode=require encrypts the connection; verify-full refuses a certificate nobody signed")
  func tls() throws {
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    let database = String(url.split(separator: "/").last!)
    let store = try PostgresEventStore(
      url: url + "?sslmode=require", access: .create, environment: server.environment)
    try store.append([visit(1)])
    let encrypted = try server.psql(
      """
      SELECT bool_and(ssl) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)
      WHERE datname = '\(database)' AND application_name LIKE 'weige %'
      """, database: database)
    #expect(encrypted == "t\n")
    #expect(throws: StoreError.self) {
      _ = try PostgresEventStore(
        url: url + "?sslmode=verify-full", access: .readOnly, environment: server.environment)
    }
  }

  @Test(
    "many writers at once, threads and processes: a follower sees every event exactly once and in order"
  )
  func noFollowerSkips() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    let store = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    try store.append(try chunjiangEvents(days: 0))
    let base = try store.lastSequence()
    // Six writer threads, each on its own connection, appending one event per transaction, and
    // two simulators in processes of their own.
    let perThread = 150
    let simulators = try (1...2).map { seed in
      try Child(
        ["simulate", "--store", url, "--rate", "5000", "--count", "150", "--seed", "\(seed)"],
        environment: server.environment)
    }
    let failures = Mutex<[String]>([])
    let threads = (0..<6).map { _ in
      Thread {
        do {
          let writer = try PostgresEventStore(url: url, access: .readWrite, environment: server.environment)
          for household in 1...perThread { try writer.append([visit(household)]) }
        } catch {
          failures.withLock { $0.append("\(error)") }
        }
      }
    }
    let expected = base + Int64(6 * perThread + 2 * 150)
    let follower = try PostgresEventStore(url: url, access: .readOnly, environment: server.environment)
    var seen: [Int64] = []
    let started = ContinuousClock.now
    for thread in threads { thread.start() }
    let keepGoing = { (seen.last ?? base) < expected && ContinuousClock.now - started < .seconds(120) }
    try follower.follow(after: base, while: keepGoing) { update in
      if case .events(let events) = update { seen += events.map(\.sequence) }
    }
    for simulator in simulators { #expect(simulator.wait() == 0) }
    #expect(failures.withLock { $0 }.isEmpty)
    #expect(seen == Array(base + 1...expected))
    var audit = LogAudit()
    try store.forEachEvent { audit.check($0) }
    #expect(audit.findings.isEmpty, "\(audit.findings.prefix(3))")
  }

  @Test(
    "a writer and a follower on two loopback addresses: the server is reached over the network, not its files"
  )
  func twoAddresses() throws {
    let server = try PostgresServer.running()
    let url = try server.newDatabase()
    let database = String(url.split(separator: "/").last!)
    let writer = try PostgresEventStore(
      url: server.url(database, host: PostgresServer.secondHost), access: .create,
      environment: server.environment)
    let follower = try PostgresEventStore(url: url, access: .readOnly, environment: server.environment)
    try writer.append(try chunjiangEvents(days: 0))
    let base = try writer.lastSequence()
    #expect(establishedConnections(to: PostgresServer.secondHost, port: server.port) >= 1)
    var seen: [Int64] = []
    let started = ContinuousClock.now
    let appender = Thread {
      for household in 1...20 { _ = try? writer.append([visit(household)]) }
    }
    appender.start()
    let keepGoing = { seen.count < 20 && ContinuousClock.now - started < .seconds(30) }
    try follower.follow(after: base, while: keepGoing) {
      if case .events(let events) = $0 { seen += events.map(\.sequence) }
    }
    #expect(seen == Array(base + 1...base + 20))
  }

  @Test(
    "the server restarted under a writer and a follower: the append in the gap fails clearly, then both carry on, every event seen once"
  )
  func serverRestart() throws {
    let server = try PostgresServer.start()
    let url = try server.newDatabase()
    let writer = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    try writer.append(try chunjiangEvents(days: 0))
    let base = try writer.lastSequence()
    let follower = try PostgresEventStore(url: url, access: .readOnly, environment: server.environment)
    // As the dashboard's StoreFollower does: follow, and on an error note it, wait, follow again
    // from the last event seen.
    let seen = Mutex<[Int64]>([])
    let outages = Atomic<Int>(0)
    let running = Atomic<Bool>(true)
    let following = Thread {
      var after = base
      while running.load(ordering: .relaxed) {
        do {
          try follower.follow(after: after, while: { running.load(ordering: .relaxed) }) { update in
            if case .events(let events) = update {
              seen.withLock { $0 += events.map(\.sequence) }
              after = events.last?.sequence ?? after
            }
          }
        } catch {
          outages.add(1, ordering: .relaxed)
          Thread.sleep(forTimeInterval: 0.2)
        }
      }
    }
    following.start()
    defer { running.store(false, ordering: .relaxed) }
    for household in 1...5 { try writer.append([visit(household)]) }
    try server.stop()
    #expect {
      try writer.append([visit(6)])
    } throws: { error in
      "\(error)".contains(url)
    }
    try server.start()
    // The next append after the server came back reconnects by itself.
    for household in 6...10 { try writer.append([visit(household)]) }
    let started = ContinuousClock.now
    while seen.withLock({ $0.count }) < 10 && ContinuousClock.now - started < .seconds(30) { usleep(50_000) }
    #expect(seen.withLock { $0 } == Array(base + 1...base + 10))
    #expect(outages.load(ordering: .relaxed) >= 1)
    #expect(try follower.lastSequence() == base + 10)
  }

  @Test(
    "store migrate moves a room to the server and back: every event and the snapshot, verified; run again, it continues and duplicates nothing"
  )
  func migrate() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let server = try PostgresServer.running()
    let path = temporaryStorePath()
    #expect(try runWeige(["demo", "--preset", "chunjiang", "--days", "2", "--store", path]).status == 0)
    let source = try SQLiteEventStore(path: path, access: .readOnly)
    let url = try server.newDatabase()
    // An interrupted earlier run: the first 500 events already there.
    let target = try PostgresEventStore(url: url, access: .create, environment: server.environment)
    try target.append(
      Array(try source.events(after: 0, limit: 500)).map {
        NewEvent(id: $0.id, time: $0.time, actor: $0.actor, body: $0.body)
      })
    let moved = try runWeige(
      environment: server.environment, ["store", "migrate", "--from", path, "--to", url, "--json"])
    #expect(moved.status == 0, "\(moved.output)")
    let report = try JSONDecoder().decode(StoreMigration.Report.self, from: Data(moved.output.utf8))
    #expect(report.alreadyThere == 500)
    #expect(Int64(report.copied) + 500 == (try source.lastSequence()))
    #expect(report.snapshotCopied)
    #expect(try StoreMigration.checksum(of: target) == (try StoreMigration.checksum(of: source)))
    #expect(try target.events() == (try source.events()))
    #expect(try target.ledger() == (try source.ledger()))
    let again = try runWeige(
      environment: server.environment, ["store", "migrate", "--from", path, "--to", url, "--json"])
    #expect(again.status == 0)
    #expect(try JSONDecoder().decode(StoreMigration.Report.self, from: Data(again.output.utf8)).copied == 0)
    let checked = try runWeige(environment: server.environment, ["store", "check", "--store", url])
    #expect(checked.status == 0 && checked.output.contains("clean"), "\(checked.output)")
    // And back into a new file.
    let back = temporaryStorePath()
    let returned = try runWeige(
      environment: server.environment, ["store", "migrate", "--from", url, "--to", back])
    #expect(returned.status == 0)
    #expect(try SQLiteEventStore(path: back, access: .readOnly).events() == (try source.events()))
  }
}

/// TCP connections of this machine in state ESTABLISHED towards `host:port`, read from
/// /proc/net/tcp (addresses there are little-endian hex: 127.0.0.2:5432 is 0200007F:1538).
func establishedConnections(to host: String, port: Int) -> Int {
  let octets = host.split(separator: ".").compactMap { UInt8($0) }
  let address = octets.reversed().map { String(format: "%02X", $0) }.joined() + String(format: ":%04X", port)
  // Read to the end: procfs reports a size of 0, and a read sized by it stops after the first page.
  let table = String(
    decoding: FileHandle(forReadingAtPath: "/proc/net/tcp")?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
  return table.split(separator: "\n").filter { line in
    let fields = line.split(separator: " ")
    return fields.count > 3 && fields[2] == address && fields[3] == "01"
  }.count
}
