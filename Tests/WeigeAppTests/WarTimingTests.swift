import Foundation
import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// How long the war room's frames take on a whole district at war, printed beside a full redraw
/// of the peace-time dashboard; no assertion (the machine is shared), the figures are for reading.
@Suite("War room timing (printed)")
struct WarTimingTests {
  @Test("滨江区 at war, 2,579 squads: a frame of the war view, of the lens, and a report applied")
  func binjiang() throws {
    try measure(ledger: binjiangWithHistory, name: "binjiang")
  }

  /// The city preset (about 25,000 stairwells, 1,000,000 households) takes a minute to generate:
  /// run with `WEIGE_CITY_TIMING=1`, best in a release build.
  @Test(
    "the city at war, about 25,000 squads: the same frames",
    .enabled(if: ProcessInfo.processInfo.environment["WEIGE_CITY_TIMING"] != nil))
  func city() throws {
    var ledger = Ledger()
    try DemoDistrict(preset: .city, seed: 1, days: 1, now: pinnedNow).generate(chunkSize: 50_000) {
      for event in $0 { ledger.apply(event.body, time: event.time, actor: event.actor) }
    }
    try measure(ledger: ledger, name: "city")
  }

  /// The median and the worst of `runs` timings of `work`, in milliseconds.
  static func time(_ runs: Int, _ work: () -> Void) -> (median: Double, worst: Double) {
    let clock = ContinuousClock()
    let times = (0..<runs).map { _ in
      let elapsed = clock.measure(work)
      return Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
    }.sorted()
    return (times[runs / 2], times.last!)
  }

  func measure(ledger start: Ledger, name: String) throws {
    var log = EventLog(start)
    // An order over each district (the city has ten), its squads formed by Core; half of every
    // stairwell reported, one event a stairwell, over the first 20 minutes.
    for (number, district) in start.roots.enumerated() {
      try log.append(issue(number + 1, over: district, in: log.ledger, minutes: 45), at: pinnedNow)
      let order = try #require(log.ledger.mobilizations[MobilizationID(number + 1)])
      for (index, squad) in order.squads.enumerated() {
        let homes = log.ledger.householdsByStairwell[squad.stairwell, default: []]
        let reports = homes.prefix(homes.count / 2).map { HouseholdReport(household: $0, outcome: .reached) }
        guard !reports.isEmpty else { continue }
        try log.append(.householdsReported(order.id, reports), at: at(Double(index % 20)), by: "信息员")
      }
    }
    let order = try #require(log.ledger.mobilizations[MobilizationID(1)])
    let size = Size(width: 200, height: 60)
    var app = Dashboard(
      ledger: log.ledger, now: at(21), theme: .fallback, operatorName: "王芳", screenSize: size)
    var buffer = Buffer(size: size)
    let peace = Self.time(9) { app.view(into: &buffer, area: buffer.area) }
    press(&app, .character("w"))
    // A frame whose laggards are ranked afresh (a new second), then frames that reuse them.
    var second = 21.0
    let ranked = Self.time(9) {
      second += 1 / 60
      _ = app.update(.message(.tick(at(second))))
      app.view(into: &buffer, area: buffer.area)
    }
    let cached = Self.time(9) { app.view(into: &buffer, area: buffer.area) }
    // One report arriving and its frame.
    let home = try #require(log.ledger.householdsByStairwell[order.squads[0].stairwell]?.last)
    var sequence = log.ledger.lastSequence
    let event = Self.time(9) {
      sequence += 1
      let report = RecordedEvent(
        sequence: sequence, id: .generate(), stream: "mobilization-1", version: 0, time: at(21), actor: "信息员",
        body: .householdsReported(order.id, [HouseholdReport(household: home, outcome: .reached)]))
      _ = app.update(.message(.events([report])))
      app.view(into: &buffer, area: buffer.area)
    }
    press(&app, .escape, .character("6"))
    let lens = Self.time(9) {
      sequence += 1
      let report = RecordedEvent(
        sequence: sequence, id: .generate(), stream: "mobilization-1", version: 0, time: at(21), actor: "信息员",
        body: .householdsReported(order.id, [HouseholdReport(household: home, outcome: .reached)]))
      _ = app.update(.message(.events([report])))
      app.view(into: &buffer, area: buffer.area)
    }
    let shown = try #require(log.ledger.mobilizations[order.id])
    let ranking = Self.time(9) { _ = shown.laggards(at: at(21)) }
    func ms(_ t: (median: Double, worst: Double)) -> String {
      String(format: "median %.2f ms, worst %.2f ms", t.median, t.worst)
    }
    print(
      """
      war room timing, \(name) (\(start.roots.count) orders; the one shown: \(order.squads.count) squads, \(order.tally.households) households), 200×60:
        the dashboard at peace, a full frame     \(ms(peace))
        Core's laggards(at:) alone                \(ms(ranking))
        war view, laggards ranked afresh          \(ms(ranked))
        war view, laggards kept (same second)     \(ms(cached))
        one report to its frame (war view)        \(ms(event))
        one report to its frame (lens 动员进度)   \(ms(lens))
      """)
  }
}
