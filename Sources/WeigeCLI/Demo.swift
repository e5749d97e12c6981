import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige demo`: writes a realistic, deterministic demo district into a store.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write a demo district (春江小区, 江三社区, 滨江区 or a city of ten) into a store.")

  @OptionGroup var store: StoreOptions

  @Option(help: "chunjiang, jiangsan, binjiang or city.")
  var preset: DemoPreset

  @Option(help: "The seed; the same seed and --now give the same district.")
  var seed: UInt64 = 1

  @Option(parsing: .unconditional, help: "Days of history: visits, tickets, alerts (0 to 3650).")
  var days = 30

  @Option(help: "The end of the history, as `yyyy-MM-dd HH:mm` China time (default: now).")
  var now: String?

  @Flag(
    name: .customLong("force"),
    help: "Replace the events of a store that is not empty; twice when another process has it open.")
  var force: Int

  func run() throws {
    guard (0...3650).contains(days) else { throw CLIError("--days takes 0 to 3650 days, not \(days)") }
    let end = try now.map(parseChinaTime) ?? .now
    try requirePlausible(end, option: "--now")
    let target = try store.open(.create)
    let started = ContinuousClock.now
    let (count, ledger) = try writeDemo(
      DemoDistrict(preset: preset, seed: seed, days: days, now: end), into: target, force: force)
    let elapsed = ContinuousClock.now - started
    let baseline = ledger.baseline(of: nil, now: end)
    print(
      "\(preset.rawValue): \(grouped(count)) events, \(grouped(baseline.stairwells)) stairwells, "
        + "\(grouped(baseline.households)) households → \(store.path) in \(elapsed.formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 1))))"
    )
  }
}

/// Refuses a moment no district's history can be at: before 2000 or more than a year ahead
/// (a typo of 1926 for 2026 once wrote a quarter of a million events dated before 1970).
func requirePlausible(_ time: Timestamp, option: String) throws {
  let earliest = Timestamp(milliseconds: 946_656_000_000)  // 2000-01-01 00:00 China time
  let latest = Timestamp.now.adding(hours: 366 * 24)
  guard time >= earliest, time <= latest else {
    throw CLIError(
      "\(option) \(time.chinaDateTime) is not a plausible time: give one between 2000-01-01 and a year from now"
    )
  }
}

/// Reads `yyyy-MM-dd HH:mm[:ss]` or `yyyy-MM-dd` as China Standard Time.
func parseChinaTime(_ text: String) throws -> Timestamp {
  let formatter = DateFormatter()
  formatter.locale = Locale(identifier: "en_US_POSIX")
  formatter.timeZone = TimeZone(secondsFromGMT: 8 * 3600)
  for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"] {
    formatter.dateFormat = format
    if let date = formatter.date(from: text) { return Timestamp(date) }
  }
  throw CLIError("'\(text)' is not a time; write it as 2026-11-21 20:45 (China time)")
}
