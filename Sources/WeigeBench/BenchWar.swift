import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore
import WeigeTerminal
import WeigeUI

/// `weige bench war`: the war room under a drill (issue 12). `weige drill` runs as a second
/// process writing into a store; this process follows the store as the wall display does (the
/// real ncursesw backend on a headless terminal, 200×60) and times every report from its event
/// time to the frame that shows it.
struct BenchWar: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "war",
    abstract: "A drill into a store from another process: report to frame, frame time, ETA, idle CPU.")

  @Option(help: "jiangsan (the 1·26 drill) or city (every stairwell of the city preset).")
  var preset: DemoPreset = .jiangsan

  @Option(help: "The drill's speed.")
  var speed = 60

  @Option(help: "Seconds to watch the idle dashboard's CPU with an order open (0 skips it).")
  var idleSeconds = 10

  @Flag(help: "Print the figures as one JSON object.")
  var json = false

  func run() throws {
    let note = { (text: String) in if !json { FileHandle.standardError.write(Data((text + "\n").utf8)) } }
    let (folder, path) = try benchDistrict(preset, days: 1, bench: "war", note: note)
    defer { try? FileManager.default.removeItem(atPath: folder) }

    let size = Size(width: 200, height: 60)
    let backend = try NcursesBackend.headless(size: size)
    defer { backend.end() }
    let renderer = Renderer(backend: backend)
    let source = try SQLiteEventStore(path: path, access: .readOnly)
    let before = try source.openLedger()
    var app = Dashboard(
      ledger: before, now: .now, theme: Theme.fallback.downgraded(to: .indexed256), operatorName: "bench",
      isWall: true, screenSize: size)
    renderer.draw { app.view(into: &$0, area: $1) }

    note("drilling at ×\(speed) from another process …")
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    var arguments = [
      "drill", "--preset", preset.rawValue, "--speed", String(speed), "--json", "--store", path,
    ]
    if preset == .jiangsan { arguments += ["--record", "1-26"] }
    let drill = try spawn(binary, arguments)

    // Follow as the runtime does: read what is new, update, draw; a tick each second.
    var last = before.lastSequence
    var lags: [Double] = []
    var frames: [Double] = []
    var reports = 0
    var firstReport: Double?
    var lastReport = 0.0
    var lastTick = ContinuousClock.now
    // What the slowest frame had to apply, to say where the time went.
    var slowest = (milliseconds: 0.0, batch: "")
    var exited = false
    while true {
      let batch = try source.events(after: last, limit: 20_000)
      if batch.isEmpty {
        if exited { break }
        exited = hasExited(drill)
        if ContinuousClock.now - lastTick >= .seconds(1) {
          lastTick = ContinuousClock.now
          frames.append(
            seconds {
              _ = app.update(.message(.tick(.now)))
              renderer.draw { app.view(into: &$0, area: $1) }
            } * 1000)
        }
        Thread.sleep(forTimeInterval: 0.002)
        continue
      }
      let frame = seconds {
        _ = app.update(.message(.events(batch)))
        renderer.draw { app.view(into: &$0, area: $1) }
      }
      let shown = Double(Timestamp.now.rawValue)
      frames.append(frame * 1000)
      if frame * 1000 > slowest.milliseconds {
        let kinds = Set(batch.map { $0.body.kind.name }).sorted().joined(separator: ", ")
        slowest = (frame * 1000, "\(batch.count) events (\(kinds))")
      }
      for event in batch {
        guard case .householdsReported = event.body else { continue }
        lags.append(shown - Double(event.time.rawValue))
        reports += 1
        firstReport = firstReport ?? Double(event.time.rawValue)
        lastReport = shown
      }
      last = batch.last!.sequence
    }
    let fullRedraw =
      seconds {
        renderer.invalidate()
        renderer.draw { app.view(into: &$0, area: $1) }
      } * 1000

    // The reference: the store's own replay of the same events onto the district before them.
    var replayed = before
    let replay = try seconds { try source.replay(into: &replayed) }
    let drillEvents = Int(replayed.lastSequence - before.lastSequence)
    guard let order = replayed.mobilizations.values.max(by: { $0.id < $1.id }), let finish = order.finishedAt
    else { throw CLIError("the drill did not finish: no order with every household settled") }

    // The projection at half-time, from the events up to then, against the real finish.
    var half = before
    let halfTime = Timestamp(milliseconds: order.issuedAt.rawValue + order.allottedMilliseconds / 2)
    try source.forEachEvent(after: before.lastSequence, through: nil) { event in
      if event.time <= halfTime { half.apply(event) }
    }
    let projected = half.mobilizations[order.id]?.projection(at: halfTime).finish
    let drillMinutes = { (time: Timestamp) in
      Double((time.rawValue - order.issuedAt.rawValue) * Int64(order.drillSpeed)) / 60_000
    }
    let projectedMinutes = projected.map(drillMinutes) ?? .nan
    let finishMinutes = drillMinutes(finish)

    note("idle CPU over \(idleSeconds) s with an order open …")
    var idle = (weige: 0.0, reference: 0.0)
    if idleSeconds > 0 {
      _ = try spawnAndWait(
        binary,
        [
          "war", "issue", "--scope", replayed.fieldName(of: order.scope), "--deadline", "2h", "--title",
          "待命：全员告知",
          "--store", path,
        ])
      idle = try idleCPU(store: path, seconds: idleSeconds)
    }

    lags.sort()
    frames.sort()
    let lagTarget = preset == .city ? 1000.0 : 100.0
    let writeRate = Double(reports) / max(0.001, (lastReport - (firstReport ?? lastReport)) / 1000)
    let p99 = { (values: [Double]) in values.isEmpty ? .nan : values[values.count * 99 / 100] }
    let median = { (values: [Double]) in values.isEmpty ? .nan : values[values.count / 2] }
    let report = WarBenchReport(
      preset: preset.rawValue, speed: speed, size: "\(size.width)x\(size.height)", reports: reports,
      drillEvents: drillEvents, slowestFrame: slowest.batch,
      lagP99: Figure(
        value: p99(lags), unit: "ms", reference: median(lags), referenceName: "the median",
        target: "≤ \(Int(lagTarget)) ms", met: p99(lags) <= lagTarget),
      frameMedian: Figure(
        value: median(frames), unit: "ms", reference: fullRedraw, referenceName: "a full redraw",
        target: preset == .city ? "—" : "≤ 5 ms", met: preset == .city || median(frames) <= 5),
      frameMax: Figure(
        value: frames.last ?? .nan, unit: "ms", reference: fullRedraw, referenceName: "a full redraw",
        target: "≤ 50 ms", met: (frames.last ?? .infinity) <= 50),
      applied: Figure(
        value: writeRate, unit: "reports/s", reference: Double(drillEvents) / replay,
        referenceName: "the store replaying the same events", target: "keeps up",
        met: lags.isEmpty ? false : p99(lags) <= lagTarget),
      projectionAtHalfTime: Figure(
        value: projectedMinutes, unit: "drill min", reference: finishMinutes,
        referenceName: "the real finish",
        target: "within 10 %", met: abs(projectedMinutes - finishMinutes) / finishMinutes <= 0.1),
      idleCPU: Figure(
        value: idle.weige, unit: "% of a core", reference: idle.reference,
        referenceName: "tmux running `sleep` in the same way", target: "≤ 1 %", met: idle.weige <= 1))
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// Whether the child has exited (reaping it if so).
  func hasExited(_ pid: pid_t) -> Bool {
    var status: Int32 = 0
    return waitpid(pid, &status, WNOHANG) == pid
  }
}

struct WarBenchReport: Encodable {
  var preset: String
  var speed: Int
  var size: String
  var reports: Int
  var drillEvents: Int
  /// What the slowest frame applied.
  var slowestFrame: String
  var lagP99, frameMedian, frameMax, applied, projectionAtHalfTime, idleCPU: Figure

  var table: String {
    [
      "weige bench war — \(preset) drill at ×\(speed), \(size), \(grouped(reports)) reports, "
        + "\(grouped(drillEvents)) events; the wall display on the real ncursesw backend, headless",
      figureLine("report to its frame, p99", lagP99),
      figureLine("frame (update + draw), median", frameMedian),
      figureLine("frame (update + draw), max", frameMax),
      "  (the slowest frame applied \(slowestFrame))",
      figureLine("reports applied a second", applied),
      figureLine(
        preset == "city" ? "last district's finish at half" : "projected finish at half-time",
        projectionAtHalfTime),
      figureLine("idle CPU, order open", idleCPU),
    ].joined(separator: "\n")
  }
}
