import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeSearch
import WeigeTerminal
import WeigeUI

/// `weige bench palette`: index build time and per-keystroke latency of the palette's matcher over
/// the city preset's places, households and people, beside fzf on the same lines and queries.
struct BenchPalette: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "palette",
    abstract: "Palette matching over the city preset: build time, per-keystroke latency, fzf beside it.")

  @Option(help: "Candidate counts to measure, comma-separated (sampled evenly from the city preset).")
  var sizes = SizeList([100_000, 1_000_000])
  @Option(help: "Runs per figure; the median is kept.") var runs = 3
  @Option(help: "Demo seed.") var seed: UInt64 = 1
  @Option(name: .customLong("queries"), help: "Queries to type instead of the fixed set, comma-separated.")
  var queryList: String?
  @Flag(help: "Print the figures as one JSON object.") var json = false

  /// Chinese, pinyin initials, full pinyin (ASCII), digits and mixed, as an operator types them.
  static let queries = [
    "长江小区", "江三社区", "jssq", "cjxq 3 2", "zhangwei", "changhe", "1203", "长江 3幢2", "cj3幢",
  ]

  func run() throws {
    let clock = ContinuousClock()
    log("generating the city preset …")
    var ledger = Ledger()
    let generation = clock.measure {
      ledger = (try? DemoDistrict(preset: .city, seed: seed, days: 0).generate { _ in }) ?? Ledger()
    }
    // The palette's own lines, places first: the sample of each size keeps every place.
    let entities = PaletteEntities(ledger)
    let candidates = (entities.places + entities.households + entities.people).map(\.text)
    let places = entities.places.count
    let pinyin = clock.measure { _ = PinyinTable.shared.syllables.count }
    let tables = clock.measure { PaletteIndex.loadTables() }
    log("\(candidates.count) candidates; building the index …")
    var fullBuild: [Duration] = []
    for _ in 0..<runs { fullBuild.append(clock.measure { _ = PaletteIndex(candidates) }) }
    let fzf = Fzf.find()
    var report = Report(
      candidates: candidates.count, generationSeconds: generation.seconds,
      pinyinDecodeMs: pinyin.milliseconds,
      tablesMs: tables.milliseconds,
      buildSeconds: fullBuild.median.seconds, fzf: fzf?.version, sizes: [])
    for size in sizes.values {
      log("measuring \(size) candidates …")
      report.sizes.append(try measure(size: size, of: candidates, places: places, fzf: fzf))
    }
    log("typing into the dashboard's palette …")
    report.dashboard = try measureDashboard(ledger)
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// One size: a sampled index, every query typed a keystroke at a time, each query cold, and fzf.
  /// The sample keeps every place (the palette always offers them) and takes households and people
  /// evenly across the city for the rest.
  func measure(size: Int, of all: [String], places: Int, fzf: Fzf?) throws -> SizeReport {
    let count = min(size, all.count)
    let kept = min(places, count)
    let others = all.count - kept
    let lines = Array(all[..<kept]) + (0..<(count - kept)).map { all[kept + $0 * others / (count - kept)] }
    let clock = ContinuousClock()
    var index = PaletteIndex([])
    let build = (0..<runs).map { _ in clock.measure { index = PaletteIndex(lines) } }.median
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("weige-palette-\(count).txt")
    try Data(lines.joined(separator: "\n").appending("\n").utf8).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let readIn = try fzf.map { fzf in
      try (0..<runs).map { _ in try fzf.filter(Fzf.readInQuery, file: file).time }.median
    }
    let emptyFilter = try fzf.map { fzf in
      try (0..<runs).map { _ in try fzf.filter("", file: file).time }.median
    }
    var queries: [QueryReport] = []
    let chosen = queryList.map { $0.split(separator: ",").map(String.init) } ?? Self.queries
    for query in chosen {
      var keystrokes: [Duration] = []
      var matches = 0
      for _ in 0..<runs {
        let session = PaletteSession(index: index)
        var typed = ""
        for character in query {
          typed.append(character)
          keystrokes.append(clock.measure { _ = session.update(typed) })
        }
      }
      let perRun = keystrokes.count / runs
      let typing = (0..<perRun).map { k in
        stride(from: k, to: keystrokes.count, by: perRun).map { keystrokes[$0] }.median
      }
      let cold = (0..<runs).map { _ in
        clock.measure { matches = index.search(PaletteQuery(query), counting: true).matchCount ?? 0 }
      }.median
      var fzfFigures: FzfFigures?
      if let fzf, let readIn {
        let filtered = try (0..<runs).map { _ in try fzf.filter(query, file: file) }
        let time = filtered.map(\.time).median
        fzfFigures = FzfFigures(
          queryMs: max(0, (time - readIn).milliseconds), totalMs: time.milliseconds,
          matches: filtered[0].matches)
      }
      queries.append(
        QueryReport(
          query: query, keystrokes: typing.count, keystrokeMs: typing.map(\.milliseconds),
          keystrokeMeanMs: typing.mean.milliseconds,
          keystrokeMaxMs: (typing.max() ?? .zero).milliseconds, coldQueryMs: cold.milliseconds,
          matches: matches,
          fzf: fzfFigures))
    }
    return SizeReport(
      candidates: count, buildSeconds: build.seconds, fzfReadInMs: readIn?.milliseconds,
      fzfEmptyFilterMs: emptyFilter?.milliseconds, queries: queries)
  }

  /// The palette as the operator meets it: the dashboard over the whole city at 200×60, each
  /// keystroke through `update` (every kind searched, merged, ranked) and drawn to a terminal.
  func measureDashboard(_ ledger: Ledger) throws -> DashboardReport {
    let size = Size(width: 200, height: 60)
    let backend = try NcursesBackend.headless(size: size)
    defer { backend.end() }
    let renderer = Renderer(backend: backend)
    var app = Dashboard(
      ledger: ledger, now: .now, theme: Theme.fallback.downgraded(to: .indexed256), operatorName: "bench",
      screenSize: size)
    renderer.draw { app.view(into: &$0, area: $1) }
    func press(_ key: Key) -> Double {
      seconds {
        _ = app.update(.input(.key(key)))
        renderer.draw { app.view(into: &$0, area: $1) }
      } * 1000
    }
    let open = press(.character(":"))  // the first open indexes every candidate
    let chosen = queryList.map { $0.split(separator: ",").map(String.init) } ?? Self.queries
    var keystrokes: [Double] = []
    for _ in 0..<runs {
      for query in chosen {
        keystrokes += query.map { press(.character($0)) }
        _ = press(.control("u"))
      }
    }
    let fullRedraw =
      seconds {
        renderer.invalidate()
        renderer.draw { app.view(into: &$0, area: $1) }
      } * 1000
    keystrokes.sort()
    return DashboardReport(
      candidates: ledger.places.count + ledger.households.count + ledger.people.count,
      firstOpenMs: open, keystrokes: keystrokes.count, keystrokeMedianMs: keystrokes[keystrokes.count / 2],
      keystrokeMaxMs: keystrokes.last ?? 0, fullRedrawMs: fullRedraw)
  }

  private func log(_ message: String) {
    if !json { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
  }
}

extension BenchPalette {
  /// Debian's fzf, run the way the issue measures it: `fzf --filter Q < file`.
  struct Fzf {
    let path: String
    let version: String

    /// fzf's read-in without its output: an anchored term no line can start with (BEL), which fzf
    /// rejects at each line's first character. `fzf --filter ''` would print every line, and that
    /// takes fzf 0.38 longer than a query that prints a few.
    static let readInQuery = "^\u{7}"

    static func find() -> Fzf? {
      let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
      guard let path = paths.map({ "\($0)/fzf" }).first(where: FileManager.default.isExecutableFile) else {
        return nil
      }
      let fzf = Fzf(path: path, version: "")
      let output = (try? fzf.run(["--version"], input: nil).output) ?? ""
      return Fzf(path: path, version: output.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Wall time of one filter run and the number of lines it printed.
    func filter(_ query: String, file: URL) throws -> (time: Duration, matches: Int) {
      let clock = ContinuousClock()
      var output = ""
      let time = try clock.measure { output = try run(["--filter", query], input: file).output }
      return (time, output.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) })
    }

    private func run(_ arguments: [String], input: URL?) throws -> (output: String, status: Int32) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: path)
      process.arguments = arguments
      var environment = ProcessInfo.processInfo.environment
      environment["FZF_DEFAULT_OPTS"] = ""
      environment["LANG"] = "C.UTF-8"
      process.environment = environment
      if let input { process.standardInput = try FileHandle(forReadingFrom: input) }
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      return (String(decoding: data, as: UTF8.self), process.terminationStatus)
    }
  }

  /// `--sizes 100000,1000000`.
  struct SizeList: ExpressibleByArgument, CustomStringConvertible {
    let values: [Int]
    init(_ values: [Int]) { self.values = values }
    init?(argument: String) {
      let values = argument.split(separator: ",").compactMap {
        Int($0.replacingOccurrences(of: "_", with: ""))
      }
      guard !values.isEmpty else { return nil }
      self.values = values
    }
    var description: String { values.map(String.init).joined(separator: ",") }
  }

  struct Report: Codable {
    var candidates: Int
    var generationSeconds: Double
    /// Decoding the generated pinyin literal, once per process.
    var pinyinDecodeMs: Double
    /// Building the per-character tables from it, once per process.
    var tablesMs: Double
    var buildSeconds: Double
    var fzf: String?
    var sizes: [SizeReport]
    var dashboard: DashboardReport?
  }
  /// Keystroke to frame in the dashboard, over every place, household and person of the city.
  struct DashboardReport: Codable {
    var candidates: Int
    /// `:` the first time: the catalogue is indexed, then the palette drawn.
    var firstOpenMs: Double
    var keystrokes: Int
    var keystrokeMedianMs: Double
    var keystrokeMaxMs: Double
    /// Drawing the same screen again from nothing: the frame's own share of a keystroke.
    var fullRedrawMs: Double
  }

  struct SizeReport: Codable {
    var candidates: Int
    var buildSeconds: Double
    /// fzf reading the lines and rejecting each at its first character (`Fzf.readInQuery`):
    /// subtracted from every query's time.
    var fzfReadInMs: Double?
    /// `fzf --filter ''`, the read-in: it also prints every line, which costs fzf more than
    /// most queries do, so it is shown but not subtracted.
    var fzfEmptyFilterMs: Double?
    var queries: [QueryReport]
  }

  struct QueryReport: Codable {
    var query: String
    var keystrokes: Int
    /// Each keystroke's median, the query typed from empty: 长, 长江, 长江小, 长江小区.
    var keystrokeMs: [Double]
    var keystrokeMeanMs: Double
    var keystrokeMaxMs: Double
    /// The whole query at once with nothing to narrow from, every candidate tested and the
    /// matches counted as fzf does: the figure to set beside fzf's.
    var coldQueryMs: Double
    /// How many candidates that cold query found.
    var matches: Int
    var fzf: FzfFigures?
  }

  struct FzfFigures: Codable {
    var queryMs: Double
    var totalMs: Double
    var matches: Int
  }
}

extension BenchPalette.Report {
  var table: String {
    var lines = [
      "palette over the city preset: \(candidates) candidates (places, households by room, people)",
      String(
        format: "  pinyin table decode: %.1f ms, character tables: %.1f ms (once per process)",
        pinyinDecodeMs, tablesMs),
      String(format: "  index build, all candidates: %.3f s   (target ≤ 1.5 s)", buildSeconds),
      fzf.map { "  fzf: \($0) (per query: `fzf --filter Q` minus its read-in `fzf --filter '^BEL'`, median)" }
        ?? "  fzf is not installed (apt-get install -y fzf): Weige's figures alone",
    ]
    for size in sizes {
      lines.append("")
      lines.append(String(format: "%d candidates: build %.3f s", size.candidates, size.buildSeconds))
      if let readIn = size.fzfReadInMs, let empty = size.fzfEmptyFilterMs {
        lines.append(
          String(
            format: "  fzf read-in: %.1f ms   (fzf --filter '': %.1f ms, printing every line)", readIn, empty)
        )
      }
      lines.append(
        "  query        keys  mean ms  max ms  cold ms  matches │ fzf ms  fzf matches  fzf ÷ cold")
      for query in size.queries {
        var line =
          query.query.padding(toColumns: 12)
          + String(
            format: " %4d %8.2f %7.2f %8.2f %8d │", query.keystrokes, query.keystrokeMeanMs,
            query.keystrokeMaxMs,
            query.coldQueryMs, query.matches)
        if let fzf = query.fzf {
          // A query fzf answers within the noise of its read-in has no cost to compare against.
          let ratio =
            fzf.queryMs < 1 ? "  read-in≈Q" : String(format: "%10.1f×", fzf.queryMs / query.coldQueryMs)
          line += String(format: " %6.1f %12d ", fzf.queryMs, fzf.matches) + ratio
        } else {
          line += "      –"
        }
        lines.append("  " + line)
      }
      let worst = size.queries.max { $0.keystrokeMaxMs < $1.keystrokeMaxMs }
      if let worst {
        let target = size.candidates <= 100_000 ? 16 : 100
        lines.append(
          String(format: "  worst keystroke: %.2f ms", worst.keystrokeMaxMs)
            + " (typing \(worst.query))   target ≤ \(target) ms")
      }
    }
    if let dashboard {
      lines.append("")
      lines.append(
        "in the dashboard (200×60, whole city, \(dashboard.candidates) places, households and people):")
      lines.append(String(format: "  first `:` (indexes everything): %.0f ms", dashboard.firstOpenMs))
      lines.append(
        String(
          format: "  keystroke to frame over %d keystrokes: median %.2f ms, max %.2f ms   (target ≤ 100 ms)",
          dashboard.keystrokes, dashboard.keystrokeMedianMs, dashboard.keystrokeMaxMs))
      lines.append(String(format: "  ref: a full redraw of the same screen %.2f ms", dashboard.fullRedrawMs))
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  /// Pads to a width in terminal columns, as the screen measures them (`TextWidth`).
  fileprivate func padding(toColumns width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - TextWidth.of(self)))
  }
}

extension Duration {
  fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
  fileprivate var milliseconds: Double { seconds * 1e3 }
}

extension Array where Element == Duration {
  fileprivate var median: Duration { sorted()[count / 2] }
  fileprivate var mean: Duration { reduce(.zero, +) / count }
}
