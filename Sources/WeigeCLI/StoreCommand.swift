import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige store …`: looking after the store itself.
struct StoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store", abstract: "Look after the event store.", subcommands: [StoreCheck.self])
}

/// `weige store check`: replays the whole log as a writer should have written it and compares the
/// newest snapshot with a replay. Exits 1 when anything is wrong, naming each event.
struct StoreCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract:
      "Check the log: sequence without gaps, versions one after another per stream, every event legal "
      + "against the state before it, the newest snapshot equal to a replay.")

  @OptionGroup var store: StoreOptions

  @Flag(help: "Print one JSON object.")
  var json = false

  func run() throws {
    let source = try store.open(.readOnly)
    var audit = LogAudit()
    try source.forEachEvent { audit.check($0) }
    let snapshotAgrees = try source.ledger() == audit.ledger
    let report = CheckReport(
      events: audit.checked, lastSequence: audit.ledger.lastSequence,
      findings: audit.findings.map(\.description), snapshotAgrees: snapshotAgrees)
    if json {
      try printJSON(report)
    } else {
      print("\(grouped(report.events)) events checked, through #\(report.lastSequence)")
      for finding in report.findings.prefix(50) { print("  \(FreeText.escaped(finding))") }
      if report.findings.count > 50 { print("  … and \(grouped(report.findings.count - 50)) more") }
      print(
        report.snapshotAgrees
          ? "snapshot + tail equals a full replay" : "the snapshot differs from a full replay")
      print(report.isClean ? "clean" : "\(grouped(report.findings.count)) problems")
    }
    if !report.isClean { throw ExitCode(1) }
  }
}

private struct CheckReport: Encodable {
  var events: Int
  var lastSequence: Int64
  var findings: [String]
  var snapshotAgrees: Bool
  var isClean: Bool { findings.isEmpty && snapshotAgrees }

  enum CodingKeys: String, CodingKey { case events, lastSequence, findings, snapshotAgrees, clean }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(events, forKey: .events)
    try container.encode(lastSequence, forKey: .lastSequence)
    try container.encode(findings, forKey: .findings)
    try container.encode(snapshotAgrees, forKey: .snapshotAgrees)
    try container.encode(isClean, forKey: .clean)
  }
}
