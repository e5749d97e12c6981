import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige store …`: looking after the store itself.
struct StoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "store", abstract: "Look after the event store.",
    subcommands: [StoreCheck.self, StoreMigrate.self])
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

/// `weige store migrate`: moves a room's log between a SQLite file and a shared room's server,
/// either way; resumable, and verified by counts and a checksum of every event.
struct StoreMigrate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "migrate",
    abstract:
      "Copy every event and the newest snapshot from one store to another (a file or postgres://…), "
      + "verify counts and checksums; running it again continues where it stopped.")

  @Option(help: "The store to copy from: a file or postgres://user@host:port/db.")
  var from: String

  @Option(help: "The store to copy into: created when missing.")
  var to: String

  @Flag(help: "Print one JSON object.")
  var json = false

  func run() throws {
    let source = try openEventStore(from, access: .readOnly)
    let target = try openEventStore(to, access: .create)
    for store in [source, target] { reportNotices(of: store) }
    let report = try StoreMigration(from: source, to: target).run { copied in
      if !json { FileHandle.standardError.write(Data("  \(grouped(copied)) events copied\n".utf8)) }
    }
    if json {
      try printJSON(report)
    } else {
      if report.alreadyThere > 0 {
        print("\(target.location) already held #1–#\(report.alreadyThere); continued after it")
      }
      print("\(grouped(report.copied)) events copied, \(grouped(Int(report.events))) in all")
      if report.snapshotCopied { print("the newest snapshot copied") }
      print("counts and checksum \(report.checksum) agree")
    }
  }
}
