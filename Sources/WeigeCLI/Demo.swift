import ArgumentParser
import Foundation
import WeigeApp
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

  @Option(help: "Days of history: visits, tickets, alerts.")
  var days = 30

  @Option(help: "The end of the history, as `yyyy-MM-dd HH:mm` China time (default: now).")
  var now: String?

  @Flag(help: "Replace the events of a store that is not empty.")
  var force = false

  func run() throws {
    guard days >= 0 else { throw CLIError("--days must be 0 or more, not \(days)") }
    let end = try now.map(parseChinaTime) ?? .now
    let target = try EventStore(path: store.path)
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

/// Generates `district` into `store` in one transaction, refusing a store with events unless
/// forced, then snapshots it so that the first open is fast. Returns the events written and the state.
@discardableResult
func writeDemo(_ district: DemoDistrict, into store: EventStore, force: Bool) throws -> (Int, Ledger) {
  if try store.lastSequence() > 0 {
    guard force else { throw StoreError.notEmpty(path: store.path ?? "the store") }
  }
  let count = try store.ingest { appender in
    if force { try appender.eraseAll() }
    try district.generate { chunk in
      for event in chunk { _ = try appender.append(event) }
    }
  }
  let ledger = try store.replayFromScratch()
  try store.saveSnapshot(of: ledger)
  return (count, ledger)
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
