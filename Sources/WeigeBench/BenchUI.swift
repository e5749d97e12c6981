import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore
import WeigeTerminal
import WeigeUI

/// `weige bench ui`: the dashboard's figures (issue 4), each beside a reference from the same run.
struct BenchUI: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ui", abstract: "Start to first frame, event to frame, and idle CPU of the dashboard.")

  @Option(help: "binjiang or city.")
  var preset: DemoPreset = .binjiang

  @Option(help: "Events to time from arrival to frame.")
  var events = 300

  @Option(help: "Seconds to watch the idle dashboard's CPU (0 skips it).")
  var idleSeconds = 30

  @Flag(help: "Print the figures as one JSON object.")
  var json = false

  func run() throws {
    let note = { (text: String) in if !json { FileHandle.standardError.write(Data((text + "\n").utf8)) } }
    let (folder, path) = try benchDistrict(preset, days: 30, bench: "ui", note: note)
    defer { try? FileManager.default.removeItem(atPath: folder) }

    let size = Size(width: 200, height: 60)
    let backend = try NcursesBackend.headless(size: size)
    defer { backend.end() }
    let renderer = Renderer(backend: backend)
    let theme = Theme.fallback.downgraded(to: .indexed256)

    // Start: open the store, build the dashboard, draw its first frame.
    var dashboard: Dashboard?
    let openOnly = try seconds { _ = try SQLiteEventStore(path: path).openLedger() }
    let start = try seconds {
      let source = try SQLiteEventStore(path: path)
      let ledger = try source.openLedger()
      var app = Dashboard(
        ledger: ledger, now: .now, theme: theme, operatorName: "bench", screenSize: size,
        recent: try source.events(after: max(0, ledger.lastSequence - 50)))
      renderer.draw { app.view(into: &$0, area: $1) }
      _ = app.update(.input(.resize(size)))
      dashboard = app
    }
    guard var app = dashboard else { return }
    note("  first frame after \(String(format: "%.0f", start * 1000)) ms")

    // Event to frame: apply one appended event, draw the frame it changes.
    var ledger = app.ledger
    var simulator = Simulator(seed: 7)
    var latencies: [Double] = []
    var bytes: [Int] = []
    for index in 0..<events {
      let now = Timestamp.now
      guard let (body, actor) = simulator.next(in: ledger, at: now),
        (try? ledger.validate(body, at: now)) != nil
      else {
        continue
      }
      let event = RecordedEvent(
        sequence: ledger.lastSequence + 1, id: .generate(), stream: body.stream, version: 0, time: now,
        actor: actor,
        body: body)
      ledger.apply(event)
      let before = backend.bytesWritten
      latencies.append(
        seconds {
          _ = app.update(.message(.events([event])))
          renderer.draw { app.view(into: &$0, area: $1) }
        } * 1000)
      bytes.append(backend.bytesWritten - before)
      if index == 0 { latencies.removeAll() }
    }
    let fullBefore = backend.bytesWritten
    let fullRedraw =
      seconds {
        renderer.invalidate()
        renderer.draw { app.view(into: &$0, area: $1) }
      } * 1000
    let fullBytes = backend.bytesWritten - fullBefore
    latencies.sort()
    bytes.sort()

    note("idle CPU over \(idleSeconds) s …")
    let idle = try idleSeconds > 0 ? idleCPU(store: path, seconds: idleSeconds) : (weige: 0, reference: 0)

    let targets = preset == .city ? 1000.0 : 300.0
    let report = UIBenchReport(
      preset: preset.rawValue, size: "\(size.width)x\(size.height)", events: latencies.count,
      startToFirstFrame: Figure(
        value: start * 1000, unit: "ms", reference: openOnly * 1000, referenceName: "opening the store alone",
        target: "≤ \(Int(targets)) ms", met: start * 1000 <= targets),
      eventToFrame: Figure(
        value: latencies[latencies.count / 2], unit: "ms", reference: fullRedraw,
        referenceName: "a full redraw of the same frame", target: "≤ 5 ms",
        met: latencies[latencies.count / 2] <= 5),
      eventToFrameP99: Figure(
        value: latencies[latencies.count * 99 / 100], unit: "ms", reference: fullRedraw,
        referenceName: "a full redraw of the same frame", target: "—", met: true),
      bytesPerEventFrame: Figure(
        value: Double(bytes[bytes.count / 2]), unit: "bytes", reference: Double(fullBytes),
        referenceName: "a full redraw", target: "—", met: true),
      idleCPU: Figure(
        value: idle.weige, unit: "% of a core", reference: idle.reference,
        referenceName: "tmux running `sleep` in the same way", target: "≤ 1 %", met: idle.weige <= 1))
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }
}

/// A demo district written into a store in a private temporary folder, for a benchmark to remove.
func benchDistrict(_ preset: DemoPreset, days: Int, bench: String, note: (String) -> Void) throws -> (
  folder: String, path: String
) {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "weige-bench-\(bench)-\(getpid())"
  ).path
  let path = folder + "/\(preset.rawValue).db"
  note("writing the \(preset.rawValue) district …")
  try createPrivateFolder(for: path)
  try writeDemo(DemoDistrict(preset: preset, days: days), into: try SQLiteEventStore(path: path), force: 0)
  return (folder, path)
}

/// Runs the real dashboard in tmux (with `options`, e.g. `--duty`) for `seconds` with no key
/// pressed and reads its CPU time from /proc; the same for `sleep`, as the floor.
func idleCPU(store: String, seconds idleSeconds: Int, options: [String] = []) throws -> (
  weige: Double, reference: Double
) {
  let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
  func measure(_ command: String, name: String) throws -> Double {
    let socket = "weige-bench-\(getpid())-\(name)"
    let tmux = { (arguments: [String]) in _ = try spawnAndWait("/usr/bin/tmux", ["-L", socket] + arguments)
    }
    try tmux([
      "new-session", "-d", "-x", "200", "-y", "60", "env TERM=xterm-256color LC_ALL=C.UTF-8 \(command)",
    ])
    defer { try? tmux(["kill-server"]) }
    // Past start-up: at city scale the palette's index of 1.2 M names is built in the background
    // for about three seconds of CPU after the first frame.
    Thread.sleep(forTimeInterval: 10)
    guard let pid = childProcess(of: command.split(separator: " ").first.map(String.init) ?? command) else {
      throw CLIError("could not find the process of `\(command)` under tmux")
    }
    let before = cpuTicks(pid)
    let clock = ContinuousClock.now
    Thread.sleep(forTimeInterval: Double(idleSeconds))
    let elapsed = ContinuousClock.now - clock
    let used = Double(cpuTicks(pid) - before) / Double(sysconf(Int32(_SC_CLK_TCK)))
    return used / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18) * 100
  }
  let weige = try measure(
    ([binary, "--store", store, "--operator", "bench"] + options).joined(separator: " "), name: "weige")
  let reference = try measure("/bin/sleep 100000", name: "sleep")
  return (weige, reference)
}

/// The newest process running `executable`, from /proc.
func childProcess(of executable: String) -> pid_t? {
  let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
  return entries.compactMap { pid_t($0) }.sorted().last { pid in
    let command = (try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)) ?? ""
    return command.hasPrefix(executable + "\0")
  }
}

/// User plus system CPU ticks of a process.
func cpuTicks(_ pid: pid_t) -> Int {
  let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
  guard let close = stat.lastIndex(of: ")") else { return 0 }
  let fields = stat[stat.index(after: close)...].split(separator: " ")
  return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)
}

struct UIBenchReport: Encodable {
  var preset: String
  var size: String
  var events: Int
  var startToFirstFrame, eventToFrame, eventToFrameP99, bytesPerEventFrame, idleCPU: Figure

  var table: String {
    [
      "weige bench ui — \(preset), \(size), \(events) events",
      figureLine("start to first full frame", startToFirstFrame),
      figureLine("one event to its frame, median", eventToFrame),
      figureLine("one event to its frame, p99", eventToFrameP99),
      figureLine("bytes for that frame, median", bytesPerEventFrame),
      figureLine("idle CPU, clock ticking", idleCPU),
    ].joined(separator: "\n")
  }
}

/// Runs a program to its end with its output discarded. posix_spawn and waitpid rather than
/// Foundation's Process, whose wait can miss the exit of a child (tmux's client) whose server
/// keeps running in the background.
func spawnAndWait(_ path: String, _ arguments: [String]) throws -> Int32 {
  let pid = try spawn(path, arguments)
  var status: Int32 = 0
  while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
  return status
}

/// Starts a program with its output discarded and returns its pid.
func spawn(_ path: String, _ arguments: [String]) throws -> pid_t {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  for descriptor: Int32 in [0, 1, 2] {
    posix_spawn_file_actions_addopen(
      &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
  }
  let argv = ([path] + arguments).map { strdup($0) } + [nil]
  defer { for pointer in argv { free(pointer) } }
  var pid: pid_t = 0
  guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else {
    throw CLIError("cannot start \(path)")
  }
  return pid
}
