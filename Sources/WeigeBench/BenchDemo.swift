import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore

/// `weige bench demo`: how long a demo district takes to generate with its cameras and meters,
/// beside the same district generated without them in the same run (its sensors draw from a
/// generator of their own, so the rest is the same). The events are counted, not stored.
struct BenchDemo: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo", abstract: "Demo generation with its sensors beside the same district without them.")

  @Option(help: "chunjiang, jiangsan, binjiang or city.") var preset: DemoPreset = .binjiang
  @Option(help: "Days of history.") var days = 30
  @Option(help: "The seed.") var seed: UInt64 = 1
  @Flag(help: "Print the figures as one JSON object.") var json = false

  func run() throws {
    guard (1...3650).contains(days) else { throw CLIError("--days takes 1 to 3650 days, not \(days)") }
    // A fixed end, so that both runs make the same district.
    let now = Timestamp.now
    var district = DemoDistrict(preset: preset, seed: seed, days: days, now: now)
    var withSensors = (events: 0, readings: 0)
    var ledger = Ledger()
    let sensorSeconds = try seconds {
      ledger = try district.generate(meterReadings: { withSensors.readings += $0.count }) {
        withSensors.events += $0.count
      }
    }
    // How the demo opens: its active alerts, those its operators have not acknowledged, and of
    // those the ones already past their limit (what the dashboard rings for on opening).
    let active = ledger.alerts.values.filter { $0.clearedAt == nil }
    let waiting = active.compactMap { Deadline.clock(of: $0, calendar: .shipped) }
    district.includesSensors = false
    var without = 0
    let plainSeconds = try seconds { try district.generate { without += $0.count } }
    let report = DemoBenchReport(
      preset: preset.rawValue, days: days, events: withSensors.events, eventsWithoutSensors: without,
      meterReadings: withSensors.readings, alerts: ledger.alerts.count, activeAlerts: active.count,
      unacknowledged: waiting.count, pastLimit: waiting.filter { $0.phase(at: now) == .overdue }.count,
      generation: Figure(
        value: sensorSeconds, unit: "s", reference: plainSeconds, referenceName: "without sensors",
        target: "none (measured)", met: true),
      sensorsShare: (sensorSeconds - plainSeconds) / sensorSeconds)
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }
}

struct DemoBenchReport: Encodable {
  var preset: String
  var days: Int
  var events: Int
  var eventsWithoutSensors: Int
  var meterReadings: Int
  /// Alerts raised over the history; at its end, those active, unacknowledged, and past the limit.
  var alerts, activeAlerts, unacknowledged, pastLimit: Int
  var generation: Figure
  /// Of the generation's time, the part its sensors add.
  var sensorsShare: Double

  var table: String {
    [
      "weige bench demo — \(preset), \(days) days: \(grouped(events)) events with sensors "
        + "(\(grouped(eventsWithoutSensors)) without), \(grouped(meterReadings)) meter readings made",
      figureLine("generation with sensors", generation),
      "  the sensors' part of it: \(String(format: "%.0f", sensorsShare * 100)) %",
      "  alerts: \(grouped(alerts)) raised; at the end \(activeAlerts) active, \(unacknowledged) unacknowledged, "
        + "\(pastLimit) past their acknowledgement limit",
    ].joined(separator: "\n")
  }
}
