import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeTerminal
import WeigeUI

/// `weige bench render`: the time to render the real dashboard at 200×60 and the bytes a one-tile
/// change costs, each beside a reference taken in the same run.
struct BenchRender: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Render the dashboard at 200×60 on a demo district; compare bytes for a one-tile change.")

  @Option(help: "The demo district drawn: chunjiang, jiangsan, binjiang or city.")
  var preset: DemoPreset = .binjiang
  @Option(help: "Frames to time.") var iterations = 300
  @Flag(help: "Print the figures as one JSON object.") var json = false

  /// The demo's history ends here (2026-11-21 20:45 China time), so every run draws the same frame.
  static let demoNow = Timestamp(milliseconds: 1_795_265_100_000)

  func run() throws {
    let size = Size(width: 200, height: 60)
    let area = Rect(size: size)
    let theme = Theme.fallback.downgraded(to: .indexed256)
    if !json { FileHandle.standardError.write(Data("writing the \(preset.rawValue) district …\n".utf8)) }
    let ledger = try DemoDistrict(preset: preset, days: 30, now: Self.demoNow).generate { _ in }
    var before = Self.dashboard(ledger, theme: theme, size: size)
    let change = try Self.oneTileChange(in: before)
    var after = Self.dashboard(change.ledger, theme: theme, size: size)
    // The visit-coverage lens, where one household visited moves one tile's colour.
    _ = before.update(.input(.key(.character("3"))))
    _ = after.update(.input(.key(.character("3"))))

    var buffer = Buffer(size: size)
    let render = Self.median(iterations) {
      buffer.reset()
      before.view(into: &buffer, area: area)
    }
    let fill = Self.median(iterations) {
      buffer.reset()
      buffer.fill(area, with: Cell("·", style: Style(foreground: .red)))
    }

    let backend = try NcursesBackend.headless(size: size)
    let renderer = Renderer(backend: backend)
    let start = backend.bytesWritten
    renderer.draw { before.view(into: &$0, area: $1) }
    let fullBytes = backend.bytesWritten - start
    let fullCells = renderer.lastChangeCount
    let beforeChange = backend.bytesWritten
    renderer.draw { after.view(into: &$0, area: $1) }
    let tileBytes = backend.bytesWritten - beforeChange
    let tileCells = renderer.lastChangeCount
    backend.end()

    let tiles = before.map().units.count
    let percent = fullBytes > 0 ? Double(tileBytes) / Double(fullBytes) * 100 : 0
    let figures: [(String, String)] = [
      ("preset", "\"\(preset.rawValue)\""), ("size", "\"\(size.width)x\(size.height)\""),
      ("tiles", "\(tiles)"),
      ("iterations", "\(iterations)"), ("render_median_ms", Self.fixed(render)),
      ("reference_clear_fill_median_ms", Self.fixed(fill)), ("full_redraw_bytes", "\(fullBytes)"),
      ("full_redraw_cells", "\(fullCells)"), ("one_tile_change_bytes", "\(tileBytes)"),
      ("one_tile_change_cells", "\(tileCells)"),
      ("one_tile_change_percent_of_full", Self.fixed(percent)),
      ("terminal_type", "\"xterm-256color\""),
    ]
    if json {
      print("{" + figures.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
      return
    }
    print(
      "render the dashboard at \(size) on \(preset.rawValue) (\(grouped(tiles)) tiles, visit-coverage lens)")
    print("  render into buffer, median of \(iterations): \(Self.fixed(render)) ms   (target ≤ 2 ms)")
    print("  reference: clear + fill the same buffer:  \(Self.fixed(fill)) ms")
    print("bytes to the terminal (ncursesw, xterm-256color)")
    print("  full redraw (reference): \(fullBytes) bytes, \(fullCells) cells")
    print(
      "  one tile changed (\(change.place)): \(tileBytes) bytes, \(tileCells) cell(s) = \(Self.fixed(percent)) % of full   (target ≤ 1 %)"
    )
  }

  static func dashboard(_ ledger: Ledger, theme: Theme, size: Size) -> Dashboard {
    Dashboard(ledger: ledger, now: demoNow, theme: theme, operatorName: "bench", screenSize: size)
  }

  /// The ledger with one household visited: the first tile on the map where that visit changes
  /// the tile's class (colour and glyph) under the visit-coverage lens, its household not visited for longest.
  static func oneTileChange(in dashboard: Dashboard) throws -> (ledger: Ledger, place: String) {
    let ledger = dashboard.ledger
    let lens = Lens.visitCoverage
    for (unit, figures) in zip(dashboard.map().units, dashboard.unitFigures())
    where figures.visitedThisMonth < figures.households {
      var visited = figures
      visited.visitedThisMonth += 1
      guard lens.level(of: LensFigures(area: figures)) != lens.level(of: LensFigures(area: visited)) else {
        continue
      }
      let homes = ledger.subtree(of: unit.place).flatMap { ledger.householdsByStairwell[$0, default: []] }
      let oldest = homes.compactMap { ledger.households[$0] }.min {
        ($0.lastVisit?.rawValue ?? .min) < ($1.lastVisit?.rawValue ?? .min)
      }
      guard let home = oldest else { continue }
      var changed = ledger
      changed.apply(
        .visitRecorded(home.id, visitor: nil, note: "每月走访"), sequence: ledger.lastSequence + 1, time: demoNow,
        actor: "bench")
      var labels = PlaceLabels(ledger)
      return (changed, labels.label(of: unit.place))
    }
    throw CLIError("no tile on the \(dashboard.ledger.places.count)-place map changes colour with one visit")
  }

  /// Median wall time of `body` in milliseconds.
  static func median(_ count: Int, _ body: () -> Void) -> Double {
    body()  // Warm caches and lazy tables first.
    let clock = ContinuousClock()
    let times = (0..<max(1, count)).map { _ in
      let elapsed = clock.measure(body)
      return Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
    }.sorted()
    return times[times.count / 2]
  }

  static func fixed(_ value: Double) -> String { String(format: "%.3f", value) }
}
