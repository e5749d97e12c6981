import ArgumentParser
import Foundation
import WeigeApp
import WeigeCore
import WeigeUI

/// `weige bench stars`: what the board of stars (`S`) costs while it is on screen and events
/// arrive: rating every stairwell of the district once, and one event delivered to the board and
/// drawn, beside the same frame drawn with nothing new and one fold of the event, in one run.
struct BenchStars: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stars",
    abstract:
      "Re-rate the stairwells (星级楼道) as the board does when an event arrives, beside a frame and a fold.")

  @Option(help: "The demo district: chunjiang, jiangsan, binjiang or city.")
  var preset: DemoPreset = .city
  @Option(help: "Days of demo history (visits, tickets, hours) before the moment measured.")
  var days = 3
  @Option(help: "Times each figure is taken; the median is printed.") var iterations = 20
  @Flag(help: "Print the figures as one JSON object.") var json = false

  func run() throws {
    let size = Size(width: 200, height: 60)
    let area = Rect(size: size)
    let now = BenchRender.demoNow
    if !json { FileHandle.standardError.write(Data("writing the \(preset.rawValue) district …\n".utf8)) }
    let ledger = try DemoDistrict(preset: preset, days: days, now: now).generate { _ in }
    var app = BenchRender.dashboard(ledger, theme: Theme.fallback.downgraded(to: .indexed256), size: size)
    _ = app.update(.input(.key(.character("S"))))
    let month = ledger.ratedMonth(at: now).month
    let stairwells = app.boardRatings().count

    // Every stairwell rated from scratch: what the board paid for each event before it kept its
    // ratings and re-rated only the stairwells an event touches.
    let whole = BenchRender.median(max(3, iterations / 4)) { _ = ledger.starRatings(under: nil, in: month) }
    var buffer = Buffer(size: size)
    let frame = BenchRender.median(iterations) {
      buffer.reset()
      app.view(into: &buffer, area: area)
    }
    // A visit at a different household each time, so that every delivery changes a rating's input.
    let homes = Array(ledger.households.values.prefix(iterations * 2 + 2))
    var next = 0
    func visit() -> EventBody {
      defer { next = (next + 1) % homes.count }
      return .visitRecorded(homes[next].id, visitor: nil, note: "每月走访")
    }
    var folded = ledger
    let fold = BenchRender.median(iterations) {
      folded.apply(visit(), sequence: folded.lastSequence + 1, time: now, actor: "bench")
    }
    // A visit delivered to `dashboard` as the store delivers it, then the frame drawn.
    func deliverVisit(to dashboard: inout Dashboard) {
      let body = visit()
      let recorded = RecordedEvent(
        sequence: dashboard.ledger.lastSequence + 1, id: .generate(), stream: body.stream,
        version: dashboard.ledger.versions[body.streamKey] + 1, time: now, actor: "bench", body: body)
      _ = dashboard.update(.message(.events([recorded])))
      buffer.reset()
      dashboard.view(into: &buffer, area: area)
    }
    let event = BenchRender.median(iterations) { deliverVisit(to: &app) }
    // Which month the board rates is asked again after each event; on the 1st, before any visit of
    // the new month, it once read every household (now the ledger's newest visit).
    let firstOfMonth = CivilMonth(inChina: now).next.startInChina.adding(hours: 9)
    let whichMonth = BenchRender.median(iterations) { _ = ledger.ratedMonth(at: firstOfMonth) }
    // The same visits on the dashboard's map, the board closed: what every screen pays for an event.
    var map = BenchRender.dashboard(ledger, theme: Theme.fallback.downgraded(to: .indexed256), size: size)
    let plain = BenchRender.median(iterations) { deliverVisit(to: &map) }
    let figures: [(String, String)] = [
      ("preset", "\"\(preset.rawValue)\""), ("days", "\(days)"), ("stairwells", "\(stairwells)"),
      ("households", "\(ledger.households.count)"), ("iterations", "\(iterations)"),
      ("rate_all_median_ms", BenchRender.fixed(whole)),
      ("event_on_board_median_ms", BenchRender.fixed(event)),
      ("reference_board_frame_median_ms", BenchRender.fixed(frame)),
      ("reference_event_on_map_median_ms", BenchRender.fixed(plain)),
      ("reference_fold_median_ms", BenchRender.fixed(fold)),
      ("rated_month_on_the_1st_median_ms", BenchRender.fixed(whichMonth)),
    ]
    if json {
      print("{" + figures.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
      return
    }
    print(
      "the board of stars on \(preset.rawValue): \(grouped(stairwells)) stairwells, "
        + "\(grouped(ledger.households.count)) households, \(days) days, rating \(month)")
    print("  rate every stairwell, median:                 \(BenchRender.fixed(whole)) ms")
    print("  one visit arrives on the board, update + draw: \(BenchRender.fixed(event)) ms")
    print("  reference: the board's frame, nothing new:    \(BenchRender.fixed(frame)) ms")
    print("  reference: the same visit on the map, no board: \(BenchRender.fixed(plain)) ms")
    print("  reference: one fold of the visit:             \(BenchRender.fixed(fold)) ms")
    print("  which month is rated, on the 1st (no visit yet): \(BenchRender.fixed(whichMonth)) ms")
  }
}
