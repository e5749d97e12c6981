import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige bench store`: the event store's figures on a demo district, each beside a reference
/// measured in the same run (issue 2's performance list).
struct BenchStore: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store",
    abstract: "Ingest, append, replay, cold open and memory of the event store, beside references.")

  @Option(help: "binjiang or city.")
  var preset: DemoPreset = .city

  @Option(help: "Days of history in the demo district.")
  var days = 30

  @Option(help: "Interactive appends to time.")
  var appends = 1_000

  @Option(help: "Where to put the scratch stores (default: a fresh temporary folder, removed after).")
  var workdir: String?

  @Option(
    name: .customLong("store"),
    help: ArgumentHelp(
      "A PostgreSQL server (postgres://user@host:port/db) to measure the shared room's store on, in a scratch "
        + "database of its own (its user needs CREATEDB); default: the SQLite store."))
  var server: String?

  @Option(help: "With --store postgres://…: concurrent writers in the writers' figure.")
  var writers = 8

  @Option(help: "With --store postgres://…: how long the writers run, in seconds.")
  var writerSeconds = 30

  @Flag(help: "Print the figures as one JSON object.")
  var json = false

  func run() throws {
    if let server {
      guard PostgresLocation.isPostgres(server) else {
        throw CLIError(
          "--store takes a postgres:// URL here; the SQLite figures use a scratch file of their own")
      }
      try PostgresStoreBench(
        url: server, preset: preset, days: days, appends: appends, writers: writers,
        writerSeconds: writerSeconds,
        json: json
      ).run()
      return
    }
    let folder =
      workdir ?? FileManager.default.temporaryDirectory.appendingPathComponent("weige-bench-\(getpid())").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { if workdir == nil { try? FileManager.default.removeItem(atPath: folder) } }
    let note = { (text: String) in if !json { FileHandle.standardError.write(Data((text + "\n").utf8)) } }

    note("generating the \(preset.rawValue) district with \(days) days of history …")
    var chunks: [[NewEvent]] = []
    let generation = try seconds {
      try DemoDistrict(preset: preset, days: days).generate(chunkSize: 50_000) { chunks.append($0) }
    }
    let total = chunks.reduce(0) { $0 + $1.count }
    note("  \(grouped(total)) events in \(String(format: "%.1f", generation)) s")

    let path = folder + "/bench.db"
    let store = try SQLiteEventStore(path: path)
    note("batch ingest, one transaction …")
    let ingest = try seconds {
      _ = try store.ingest { appender in
        for chunk in chunks { for event in chunk { _ = try appender.append(event) } }
      }
    }
    chunks = []
    note("the same rows through the sqlite3 shell …")
    let shellIngest = try sqliteShellIngest(from: path, folder: folder)

    note("interactive appends …")
    var ledger = try store.openLedger()
    let latencies = try Self.appendLatencies(count: appends, to: store, ledger: &ledger)
    let fsync = try fsyncLatency(in: folder)

    note("full replay …")
    var replayed = Ledger()
    let replay = try seconds { replayed = try store.replayFromScratch() }
    let scan = try sqliteShell(
      path, "SELECT count(*), sum(length(payload)), sum(length(actor)), sum(length(stream)) FROM events;")

    note("cold open from snapshot …")
    try store.saveSnapshot(of: replayed)
    replayed = Ledger()
    let coldOpen = try seconds { _ = try SQLiteEventStore(path: path).ledger() }
    let memory = try peakMemory(path: path)

    let storeBytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let limits = preset == .city ? (open: 1.0, memory: 400.0) : (open: 0.15, memory: 100.0)
    let report = StoreBenchReport(
      preset: preset.rawValue, events: total, storeMegabytes: Double(storeBytes) / 1_048_576,
      ingest: Figure(
        value: Double(total) / ingest, unit: "events/s", reference: Double(total) / shellIngest,
        referenceName: "sqlite3 shell, same rows, one transaction", target: "≥ half the reference",
        met: ingest <= 2 * shellIngest),
      appendMedian: Figure(
        value: latencies.median, unit: "ms", reference: fsync,
        referenceName: "one write + fsync in the same folder",
        target: "—", met: true),
      appendP99: Figure(
        value: latencies.p99, unit: "ms", reference: fsync,
        referenceName: "one write + fsync in the same folder",
        target: "≤ 2 ms", met: latencies.p99 <= 2),
      replay: Figure(
        value: Double(total) / replay, unit: "events/s", reference: Double(total) / scan,
        referenceName: "sqlite3 shell scanning the same rows", target: "≥ 500,000 events/s",
        met: Double(total) / replay >= 500_000),
      coldOpen: Figure(
        value: coldOpen * 1000, unit: "ms", reference: replay * 1000,
        referenceName: "full replay without a snapshot",
        target: "≤ \(Int(limits.open * 1000)) ms", met: coldOpen <= limits.open),
      peakMemory: Figure(
        value: memory.opened, unit: "MB", reference: memory.empty,
        referenceName: "the same process without opening",
        target: "≤ \(Int(limits.memory)) MB", met: memory.opened <= limits.memory))
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// Dumps the stored rows as SQL and times the sqlite3 shell inserting them into an empty store
  /// with the same schema and pragmas, in one transaction.
  func sqliteShellIngest(from path: String, folder: String) throws -> Double {
    let referencePath = folder + "/reference.db"
    _ = try SQLiteEventStore(path: referencePath)  // the same schema, created by the same migrations
    let sqlPath = folder + "/rows.sql"
    FileManager.default.createFile(atPath: sqlPath, contents: nil)
    let file = try FileHandle(forWritingTo: URL(fileURLWithPath: sqlPath))
    file.write(Data("PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\nBEGIN;\n".utf8))
    var text = ""
    try SQLiteEventStore(path: path).forEachRawRow { row in
      text +=
        "INSERT INTO events (id, stream, version, time, actor, kind, payload) VALUES (X'\(hex(row.id))', '\(row.stream)', \(row.version), \(row.time), '\(row.actor)', '\(row.kind)', X'\(hex(row.payload))');\n"
      if text.utf8.count > 1 << 20 {
        file.write(Data(text.utf8))
        text = ""
      }
    }
    file.write(Data((text + "COMMIT;\n").utf8))
    try file.close()
    defer { try? FileManager.default.removeItem(atPath: sqlPath) }
    return try seconds {
      let shell = Process()
      shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
      shell.arguments = [referencePath]
      shell.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: sqlPath))
      shell.standardOutput = FileHandle.nullDevice
      try shell.run()
      shell.waitUntilExit()
      guard shell.terminationStatus == 0 else { throw CLIError("the sqlite3 shell failed on \(sqlPath)") }
    }
  }

  /// Times single visits, each its own durable transaction, as an operator's keystroke would make them.
  static func appendLatencies(count: Int, to store: any EventStore, ledger: inout Ledger) throws -> (
    median: Double, p99: Double
  ) {
    let homes = ledger.households.keys.sorted()
    var times: [Double] = []
    for index in 0..<count {
      let home = homes[index * 7919 % homes.count]
      let body = EventBody.visitRecorded(home, visitor: nil, note: "每月走访")
      try ledger.validate(body, at: .now)
      let event = NewEvent(actor: "bench", body: body)
      let version = try store.version(of: body.stream)
      times.append(
        try seconds { _ = try store.append([event], expectedVersions: [body.stream: version]) } * 1000)
    }
    times.sort()
    return (times[times.count / 2], times[min(times.count - 1, times.count * 99 / 100)])
  }

  /// The floor under a durable append: writing a page and fsyncing it, median of 200.
  func fsyncLatency(in folder: String) throws -> Double {
    let path = folder + "/fsync.probe"
    let descriptor = open(path, O_CREAT | O_WRONLY, 0o600)
    guard descriptor >= 0 else { throw CLIError("cannot write \(path)") }
    defer {
      close(descriptor)
      unlink(path)
    }
    let page = [UInt8](repeating: 0x57, count: 4096)
    var times: [Double] = []
    for _ in 0..<200 {
      times.append(
        try seconds {
          _ = page.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, 4096, 0) }
          fsync(descriptor)
        } * 1000)
    }
    return times.sorted()[100]
  }

  /// Peak resident memory of a fresh process that opens the store, and of one that does not.
  func peakMemory(path: String) throws -> (opened: Double, empty: Double) {
    func probe(_ arguments: [String]) throws -> Double {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
      process.arguments = ["bench", "open-probe"] + arguments
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      guard let kilobytes = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
        throw CLIError("the memory probe printed '\(text)'")
      }
      return kilobytes / 1024
    }
    return (try probe([path]), try probe([]))
  }

  func sqliteShell(_ path: String, _ sql: String) throws -> Double {
    try seconds {
      let shell = Process()
      shell.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
      shell.arguments = [path, sql]
      shell.standardOutput = FileHandle.nullDevice
      try shell.run()
      shell.waitUntilExit()
    }
  }
}

/// `weige bench open-probe`: opens a store and prints the process's peak resident memory in kB.
struct BenchOpenProbe: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "open-probe", shouldDisplay: false)

  @Argument var path: String?

  func run() throws {
    if let path { _ = try SQLiteEventStore(path: path).ledger() }
    // VmHWM is this process image's own peak; getrusage's maxrss would include the parent's
    // peak at fork, which Linux carries across exec.
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
    print(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "0")
  }
}

/// Wall-clock seconds of `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = ContinuousClock.now
  try body()
  let elapsed = ContinuousClock.now - start
  return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

func hex(_ bytes: some Sequence<UInt8>) -> String {
  let digits = Array("0123456789abcdef".utf8)
  var result = [UInt8]()
  for byte in bytes {
    result.append(digits[Int(byte >> 4)])
    result.append(digits[Int(byte & 0xf)])
  }
  return String(decoding: result, as: UTF8.self)
}

/// One measured figure with its same-run reference.
struct Figure: Encodable {
  var value: Double
  var unit: String
  var reference: Double
  var referenceName: String
  var target: String
  var met: Bool
}

/// One row of a benchmark table: the figure, its target, and the reference beside it.
func figureLine(_ name: String, _ figure: Figure) -> String {
  let value = figure.value >= 1000 ? grouped(Int(figure.value)) : String(format: "%.3f", figure.value)
  let reference =
    figure.reference >= 1000 ? grouped(Int(figure.reference)) : String(format: "%.3f", figure.reference)
  return name.padded(to: 32) + "\(value) \(figure.unit)".padded(to: 24) + figure.target.padded(to: 22)
    + (figure.met ? "ok    " : "MISSED") + "  ref: \(reference) \(figure.unit) (\(figure.referenceName))"
}

struct StoreBenchReport: Encodable {
  var preset: String
  var events: Int
  var storeMegabytes: Double
  var ingest, appendMedian, appendP99, replay, coldOpen, peakMemory: Figure

  var table: String {
    func line(_ name: String, _ figure: Figure) -> String {
      let value = figure.value >= 1000 ? grouped(Int(figure.value)) : String(format: "%.3f", figure.value)
      let reference =
        figure.reference >= 1000 ? grouped(Int(figure.reference)) : String(format: "%.3f", figure.reference)
      return name.padded(to: 28) + "\(value) \(figure.unit)".padded(to: 22) + figure.target.padded(to: 22)
        + (figure.met ? "ok    " : "MISSED") + "  ref: \(reference) \(figure.unit) (\(figure.referenceName))"
    }
    return [
      "weige bench store — \(preset), \(grouped(events)) events, store \(String(format: "%.0f", storeMegabytes)) MB",
      line("batch ingest", ingest), line("interactive append, median", appendMedian),
      line("interactive append, p99", appendP99), line("full replay", replay),
      line("cold open from snapshot", coldOpen),
      line("peak memory after open", peakMemory),
    ].joined(separator: "\n")
  }
}
