import ArgumentParser
import Foundation
import WeigeTerminal
import WeigeUI

/// `weige bench render`: the time to render a dashboard-sized frame and the bytes a one-tile
/// change costs, each beside a reference taken in the same run.
struct BenchRender: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "render",
    abstract: "Render a 200×60 dashboard-like frame (2,579 tiles); compare bytes for a one-tile change.")

  @Option(help: "Frames to time.") var iterations = 300
  @Flag(help: "Print the figures as one JSON object.") var json = false

  func run() throws {
    let size = Size(width: 200, height: 60)
    let area = Rect(size: size)
    var screen = DemoScreen(data: .binjiang, theme: .fallback.downgraded(to: .indexed256))
    screen.clock = "11-21 20:45:03"

    var buffer = Buffer(size: size)
    let render = BenchRender.median(iterations) {
      buffer.reset()
      screen.view(into: &buffer, area: area)
    }
    let fill = BenchRender.median(iterations) {
      buffer.reset()
      buffer.fill(area, with: Cell("·", style: Style(foreground: .red)))
    }

    let backend = try NcursesBackend.headless(size: size)
    let renderer = Renderer(backend: backend)
    let before = backend.bytesWritten
    renderer.draw { screen.view(into: &$0, area: $1) }
    let fullBytes = backend.bytesWritten - before
    let fullCells = renderer.lastChangeCount
    screen.data.communities[0].stairwells[10] = screen.data.communities[0].stairwells[10] < 0.5 ? 0.99 : 0.0
    let beforeChange = backend.bytesWritten
    renderer.draw { screen.view(into: &$0, area: $1) }
    let tileBytes = backend.bytesWritten - beforeChange
    let tileCells = renderer.lastChangeCount
    backend.end()

    let percent = fullBytes > 0 ? Double(tileBytes) / Double(fullBytes) * 100 : 0
    let figures: [(String, String)] = [
      ("size", "\"\(size.width)x\(size.height)\""), ("tiles", "\(screen.data.stairwellCount)"),
      ("iterations", "\(iterations)"), ("render_median_ms", BenchRender.fixed(render)),
      ("reference_clear_fill_median_ms", BenchRender.fixed(fill)), ("full_redraw_bytes", "\(fullBytes)"),
      ("full_redraw_cells", "\(fullCells)"), ("one_tile_change_bytes", "\(tileBytes)"),
      ("one_tile_change_cells", "\(tileCells)"),
      ("one_tile_change_percent_of_full", BenchRender.fixed(percent)),
      ("terminal_type", "\"xterm-256color\""),
    ]
    if json {
      print("{" + figures.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
      return
    }
    print(
      "render a \(size) dashboard frame (\(screen.data.stairwellCount) tiles, table, gauges, Chinese text)")
    print("  render into buffer, median of \(iterations): \(BenchRender.fixed(render)) ms   (target ≤ 2 ms)")
    print("  reference: clear + fill the same buffer:  \(BenchRender.fixed(fill)) ms")
    print("bytes to the terminal (ncursesw, xterm-256color)")
    print("  full redraw (reference): \(fullBytes) bytes, \(fullCells) cells")
    print(
      "  one tile changed:        \(tileBytes) bytes, \(tileCells) cell(s) = \(BenchRender.fixed(percent)) % of full   (target ≤ 1 %)"
    )
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
