import Foundation
import Synchronization
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige bench store --store postgres://…`: the shared room's store on a real server, each
/// figure beside a reference measured in the same run (issue 15's performance list). It works in
/// a scratch database of its own on that server (`CREATE DATABASE`, dropped at the end), so a
/// room's data is never touched; its user needs the CREATEDB right.
struct PostgresStoreBench {
  var url: String
  var preset: DemoPreset
  var days: Int
  var appends: Int
  var writers: Int
  var writerSeconds: Int
  var json: Bool

  func run() throws {
    let note = { (text: String) in if !json { FileHandle.standardError.write(Data((text + "\n").utf8)) } }
    let server = try PostgresLocation(url: url)
    let psql = PostgresShell(server: server)
    let scratch = "weige_bench_\(getpid())"
    try psql.run("CREATE DATABASE \(scratch)")
    defer { _ = try? psql.run("DROP DATABASE IF EXISTS \(scratch) WITH (FORCE)") }
    var location = server
    location.database = scratch
    let target = location.url
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weige-bench-pg-\(getpid())")
      .path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }

    note("generating the \(preset.rawValue) district with \(days) days of history …")
    var chunks: [[NewEvent]] = []
    try DemoDistrict(preset: preset, days: days).generate(chunkSize: 50_000) { chunks.append($0) }
    let total = chunks.reduce(0) { $0 + $1.count }

    let store = try PostgresEventStore(url: target, access: .create)
    note("batch ingest of \(grouped(total)) events, one transaction through unnest arrays …")
    store.bulkFormat = .unnest
    let ingest = try seconds {
      _ = try store.bulkLoad(.intoEmpty) { emit in for chunk in chunks { try emit(chunk) } }
    }
    note("the same events through COPY, into a database of their own …")
    let copyIngest = try ingestThroughCopy(chunks, psql: psql, scratch: scratch + "_copy")
    note("the same rows through psql \\copy …")
    let copy = try copyReference(psql: psql.on(scratch), folder: folder, store: store)

    note("SQLite, the same events, for replay and cold open …")
    let sqlitePath = folder + "/reference.db"
    let sqlite = try SQLiteEventStore(path: sqlitePath)
    _ = try sqlite.bulkLoad(.intoEmpty) { emit in for chunk in chunks { try emit(chunk) } }
    chunks = []
    var replayed = Ledger()
    let replay = try seconds { replayed = try store.replayFromScratch() }
    let sqliteReplay = try seconds { _ = try sqlite.replayFromScratch() }
    try store.saveSnapshot(of: replayed)
    try sqlite.saveSnapshot(of: replayed)
    replayed = Ledger()
    let coldOpen = try seconds { _ = try PostgresEventStore(url: target, access: .readOnly).ledger() }
    let sqliteColdOpen = try seconds {
      _ = try SQLiteEventStore(path: sqlitePath, access: .readOnly).ledger()
    }

    note("interactive appends, and pgbench's one-row INSERT on the same server …")
    var ledger = try store.openLedger()
    let latencies = try BenchStore.appendLatencies(count: appends, to: store, ledger: &ledger)
    let pgbench = try pgbenchInsert(psql: psql.on(scratch), folder: folder)

    note("follow latency from another process's commit, LISTEN/NOTIFY beside polling every second …")
    let follow = try followLatency(target: target, store: store)

    note("\(writers) writers for \(writerSeconds) s beside a follower …")
    let concurrent = try concurrentWriters(target: target, households: ledger.households.keys.sorted())

    let report = PostgresBenchReport(
      preset: preset.rawValue, events: total,
      ingest: Figure(
        value: Double(total) / ingest, unit: "events/s", reference: Double(total) / copy,
        referenceName: "psql \\copy, same rows, same indexes", target: "≥ ½ the reference",
        met: ingest <= 2 * copy),
      copyIngest: Figure(
        value: Double(total) / copyIngest, unit: "events/s", reference: Double(total) / copy,
        referenceName: "psql \\copy, same rows, same indexes", target: "≥ ½ the reference",
        met: copyIngest <= 2 * copy),
      appendMedian: Figure(
        value: latencies.median, unit: "ms", reference: pgbench.median,
        referenceName: "pgbench, one-row INSERT, median", target: "—", met: true),
      appendP99: Figure(
        value: latencies.p99, unit: "ms", reference: pgbench.p99,
        referenceName: "pgbench, one-row INSERT, p99",
        target: "≤ 3× reference, ≤ 5 ms", met: latencies.p99 <= 3 * pgbench.p99 && latencies.p99 <= 5),
      followP50: Figure(
        value: follow.listen.median, unit: "ms", reference: follow.polling.median,
        referenceName: "polling every second, p50", target: "—", met: true),
      followP99: Figure(
        value: follow.listen.p99, unit: "ms", reference: follow.polling.p99,
        referenceName: "polling every second, p99", target: "≤ 100 ms", met: follow.listen.p99 <= 100),
      replay: Figure(
        value: Double(total) / replay, unit: "events/s", reference: Double(total) / sqliteReplay,
        referenceName: "SQLite, same events", target: "—", met: true),
      coldOpen: Figure(
        value: coldOpen * 1000, unit: "ms", reference: sqliteColdOpen * 1000,
        referenceName: "SQLite, same snapshot", target: "—", met: true),
      writers: concurrent)
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// Seconds to bulk-load `chunks` through COPY (`PostgresBulkFormat.copy`) into a new store in
  /// the database `scratch`, dropped afterwards.
  func ingestThroughCopy(_ chunks: [[NewEvent]], psql: PostgresShell, scratch: String) throws -> Double {
    try psql.run("CREATE DATABASE \(scratch)")
    defer { _ = try? psql.run("DROP DATABASE IF EXISTS \(scratch) WITH (FORCE)") }
    let store = try PostgresEventStore(url: psql.on(scratch).server.url, access: .create)
    store.bulkFormat = .copy
    return try seconds {
      _ = try store.bulkLoad(.intoEmpty) { emit in for chunk in chunks { try emit(chunk) } }
    }
  }

  /// Writes the stored rows as COPY text and times psql's `\copy` loading them into a table of the
  /// same shape and indexes as `weige.events`, in one transaction.
  func copyReference(psql: PostgresShell, folder: String, store: PostgresEventStore) throws -> Double {
    try psql.run("CREATE TABLE copy_reference (LIKE weige.events INCLUDING ALL)")
    let path = folder + "/rows.copy"
    FileManager.default.createFile(atPath: path, contents: nil)
    let file = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    var text = ""
    // COPY's text form: tabs between columns, bytea as \\x hex, and the few characters that
    // must be escaped in text (none of the demo's names hold a tab, newline or backslash).
    try store.forEachEvent(after: 0, through: nil) { event in
      text +=
        "\(event.sequence)\t\\\\x\(hex(event.id.bytes))\t\(event.stream)\t\(event.version)\t\(event.time.rawValue)\t"
        + "\(event.actor)\t\(event.body.kind.name)\t\\\\x\(hex(event.body.encoded()))\n"
      if text.utf8.count > 1 << 20 {
        file.write(Data(text.utf8))
        text = ""
      }
    }
    file.write(Data(text.utf8))
    try file.close()
    return try seconds { try psql.run("\\copy copy_reference FROM '\(path)'") }
  }

  /// pgbench running a one-row INSERT (an event-sized bytea) as its own transaction, `appends`
  /// times; the median and p99 of its per-transaction log, in ms.
  func pgbenchInsert(psql: PostgresShell, folder: String) throws -> (median: Double, p99: Double) {
    try psql.run("CREATE TABLE pgbench_reference (seq bigserial PRIMARY KEY, payload bytea NOT NULL)")
    let script = folder + "/insert.sql"
    try Data("INSERT INTO pgbench_reference (payload) VALUES ('\\x0102030405060708090a0b0c0d0e0f10');\n".utf8)
      .write(to: URL(fileURLWithPath: script))
    try psql.pgbench(["-n", "-t", "\(appends)", "-f", script, "-l", "--log-prefix=\(folder)/pgbench"])
    let logs = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("pgbench.") }
    var times: [Double] = []
    for log in logs {
      let text = try String(contentsOfFile: folder + "/" + log, encoding: .utf8)
      // client, transaction, latency in µs, script, epoch seconds, µs
      for line in text.split(separator: "\n") {
        let fields = line.split(separator: " ")
        if fields.count >= 3, let micros = Double(fields[2]) { times.append(micros / 1000) }
      }
    }
    guard !times.isEmpty else { throw CLIError("pgbench wrote no per-transaction log in \(folder)") }
    times.sort()
    return (times[times.count / 2], times[min(times.count - 1, times.count * 99 / 100)])
  }

  /// A `weige simulate` child appends 20 events a second; this process follows on two
  /// connections, one woken by NOTIFY and one reading every second, and times each event from
  /// its time (set when the child appended it) to its arrival here, in ms.
  func followLatency(target: String, store: PostgresEventStore) throws -> (
    listen: (median: Double, p99: Double), polling: (median: Double, p99: Double)
  ) {
    let start = try store.lastSequence()
    let count = 200
    let simulator = Process()
    simulator.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    simulator.arguments = ["simulate", "--store", target, "--rate", "20", "--count", "\(count)"]
    simulator.standardOutput = FileHandle.nullDevice
    let polled = Mutex<[Double]>([])
    let poller = Thread {
      guard let reader = try? PostgresEventStore(url: target, access: .readOnly) else { return }
      var after = start
      while after < start + Int64(count) {
        Thread.sleep(forTimeInterval: 1)
        guard let events = try? reader.events(after: after, limit: 10_000) else { return }
        let now = Timestamp.now
        polled.withLock { $0 += events.map { Double(now.rawValue - $0.time.rawValue) } }
        after = events.last?.sequence ?? after
      }
    }
    let follower = try PostgresEventStore(url: target, access: .readOnly)
    var heard: [Double] = []
    try simulator.run()
    poller.start()
    let deadline = ContinuousClock.now + .seconds(60)
    let keepGoing = { heard.count < count && ContinuousClock.now < deadline }
    try follower.follow(after: start, while: keepGoing) { update in
      if case .events(let events) = update {
        let now = Timestamp.now
        heard += events.map { Double(now.rawValue - $0.time.rawValue) }
      }
    }
    simulator.waitUntilExit()
    while polled.withLock({ $0.count }) < count && ContinuousClock.now < deadline { usleep(100_000) }
    func percentiles(_ values: [Double]) -> (median: Double, p99: Double) {
      let sorted = values.sorted()
      guard !sorted.isEmpty else { return (.nan, .nan) }
      return (sorted[sorted.count / 2], sorted[min(sorted.count - 1, sorted.count * 99 / 100)])
    }
    return (percentiles(heard), percentiles(polled.withLock { $0 }))
  }

  /// `writers` threads, each on its own connection, append visits decided on the version they
  /// read, for `writerSeconds`; a follower counts what it sees. Gaps and duplicates must be zero.
  func concurrentWriters(target: String, households: [HouseholdID]) throws -> WriterFigures {
    let store = try PostgresEventStore(url: target, access: .readOnly)
    let start = try store.lastSequence()
    let running = Atomic<Bool>(true)
    let appended = Atomic<Int>(0)
    let conflicts = Atomic<Int>(0)
    let failures = Atomic<Int>(0)
    let finished = Atomic<Int>(0)
    let threads = (0..<writers).map { index in
      Thread {
        defer { finished.add(1, ordering: .releasing) }
        guard let writer = try? PostgresEventStore(url: target, access: .readWrite) else {
          failures.add(1, ordering: .relaxed)
          return
        }
        var turn = index
        while running.load(ordering: .relaxed) {
          // Neighbouring writers share households, so some decisions are stale by the time they land.
          let home = households[turn % min(households.count, 50)]
          turn += 1
          let body = EventBody.visitRecorded(home, visitor: nil, note: "每月走访")
          do {
            let version = try writer.version(of: body.stream)
            _ = try writer.append(
              [NewEvent(actor: "bench", body: body)], expectedVersions: [body.stream: version])
            appended.add(1, ordering: .relaxed)
          } catch StoreError.versionConflict {
            conflicts.add(1, ordering: .relaxed)
          } catch {
            failures.add(1, ordering: .relaxed)
          }
        }
      }
    }
    var seen: [Int64] = []
    let began = ContinuousClock.now
    for thread in threads { thread.start() }
    let stopAt = began + .seconds(writerSeconds)
    var stoppedAt: ContinuousClock.Instant?
    let keepGoing = {
      if stoppedAt == nil, ContinuousClock.now >= stopAt {
        running.store(false, ordering: .relaxed)
        stoppedAt = .now
      }
      // Once the writers stopped, follow until the follower has what they appended.
      guard let stoppedAt else { return true }
      // An append in flight when they were told to stop still counts: wait for every writer.
      let done =
        finished.load(ordering: .acquiring) == writers && seen.count >= appended.load(ordering: .relaxed)
      return !done && ContinuousClock.now - stoppedAt < .seconds(10)
    }
    try store.follow(after: start, while: keepGoing) { update in
      if case .events(let events) = update { seen += events.map(\.sequence) }
    }
    let expected = Array(start + 1...start + Int64(max(appended.load(ordering: .relaxed), 0)))
    var duplicates = 0
    var gaps = 0
    var previous = start
    for sequence in seen {
      if sequence <= previous { duplicates += 1 } else if sequence != previous + 1 { gaps += 1 }
      previous = max(previous, sequence)
    }
    if seen.last != expected.last { gaps += 1 }
    let count = appended.load(ordering: .relaxed)
    return WriterFigures(
      writers: writers, seconds: writerSeconds, appended: count,
      eventsPerSecond: Double(count) / Double(writerSeconds), conflicts: conflicts.load(ordering: .relaxed),
      failures: failures.load(ordering: .relaxed), followerSaw: seen.count, gaps: gaps, duplicates: duplicates
    )
  }
}

struct WriterFigures: Encodable {
  var writers: Int
  var seconds: Int
  var appended: Int
  var eventsPerSecond: Double
  var conflicts: Int
  var failures: Int
  var followerSaw: Int
  var gaps: Int
  var duplicates: Int
}

struct PostgresBenchReport: Encodable {
  var preset: String
  var events: Int
  var ingest, copyIngest, appendMedian, appendP99, followP50, followP99, replay, coldOpen: Figure
  var writers: WriterFigures

  var table: String {
    let rate = grouped(Int(writers.eventsPerSecond))
    let saw = "the follower saw \(grouped(writers.followerSaw)) of \(grouped(writers.appended))"
    let writerLine: String =
      "\(writers.writers) writers, \(writers.seconds) s".padded(to: 32)
      + "\(rate) events/s, \(writers.conflicts) conflicts, \(writers.failures) failures; \(saw), "
      + "\(writers.gaps) gaps, \(writers.duplicates) duplicates"
    return [
      "weige bench store — PostgreSQL, \(preset), \(grouped(events)) events",
      figureLine("batch ingest (unnest)", ingest), figureLine("batch ingest (COPY)", copyIngest),
      figureLine("interactive append, median", appendMedian),
      figureLine("interactive append, p99", appendP99), figureLine("follow (LISTEN), p50", followP50),
      figureLine("follow (LISTEN), p99", followP99), figureLine("full replay", replay),
      figureLine("cold open from snapshot", coldOpen), writerLine,
    ].joined(separator: "\n")
  }
}

/// psql and pgbench on the bench's server, logging in as the store does (the password file or
/// PGPASSWORD in the environment, never an argument).
struct PostgresShell {
  var server: PostgresLocation

  func on(_ database: String) -> PostgresShell {
    var copy = self
    copy.server.database = database
    return copy
  }

  private var connection: [String] { ["-h", server.host, "-p", "\(server.port)", "-U", server.user] }

  func run(_ command: String) throws {
    try spawn(
      "/usr/bin/psql",
      ["-X", "-q", "-v", "ON_ERROR_STOP=1"] + connection + ["-d", server.database, "-c", command])
  }

  /// pgbench takes the database last, as an argument (its `-d` is --debug).
  func pgbench(_ arguments: [String]) throws {
    try spawn("/usr/lib/postgresql/15/bin/pgbench", arguments + connection + [server.database])
  }

  private func spawn(_ executable: String, _ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    var environment = ProcessInfo.processInfo.environment
    if server.requiresTLS { environment["PGSSLMODE"] = "require" }
    process.environment = environment
    process.currentDirectoryURL = FileManager.default.temporaryDirectory
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw CLIError("\(URL(fileURLWithPath: executable).lastPathComponent) failed on \(server.description)")
    }
  }
}
