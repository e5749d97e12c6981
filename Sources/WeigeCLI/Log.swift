import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige log`: the events, one a line, optionally following what other processes append.
struct Log: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Print the events, one a line.")

  @OptionGroup var store: StoreOptions

  @Option(parsing: .unconditional, help: "Start after this sequence number.")
  var since: Int64 = 0

  @Flag(help: "Keep printing the events other processes append.")
  var follow = false

  @Flag(help: "One JSON object a line.")
  var json = false

  @Option(help: "zh or en: the language of the summaries.")
  var lang: Language = .zh

  @Option(
    help: "Only events of this kind: a name (reveal.numbers) or its first part (reveal, ticket, household).")
  var kind: String?

  func run() throws {
    guard since >= 0 else { throw CLIError("--since takes a sequence number of 0 or more, not \(since)") }
    let source = try store.open(.readOnly)
    // Names for the summaries come from the state as of the start, and what is followed is folded
    // in after it is printed: a place added later is named, and a drill ordered later is marked
    // 演练 on every line.
    var ledger = try source.openLedger()
    var last = since
    try source.forEachEvent(after: since) { event in
      try printEvent(event, ledger: ledger)
      if event.sequence > ledger.lastSequence { ledger.apply(event) }
      last = event.sequence
    }
    guard follow else { return }
    // Flushing all streams (nil) after each run keeps a pipe reader current without naming stdout.
    fflush(nil)
    try source.follow(after: last) { update in
      switch update {
      case .events(let events):
        for event in events {
          try printEvent(event, ledger: ledger)
          if event.sequence > ledger.lastSequence { ledger.apply(event) }
        }
      case .replaced:
        // Never mix two histories: say so, and print the new one from its start.
        FileHandle.standardError.write(
          Data("weige: \(source.location) was replaced; following its new history from #1\n".utf8))
        ledger = try source.openLedger()
      }
      fflush(nil)
    }
  }

  /// One line per event. Text from the store is escaped (`\u{1B}`): an older event may hold
  /// control characters, and reading the log must never drive the reader's terminal.
  private func printEvent(_ event: RecordedEvent, ledger: Ledger) throws {
    if let kind, event.body.kind.name != kind, !event.body.kind.name.hasPrefix(kind + ".") { return }
    let summary = FreeText.escaped(event.body.summary(in: ledger, language: lang))
    let actor = FreeText.escaped(event.actor)
    if json {
      let line = LogLine(
        seq: event.sequence, id: event.id.description, stream: event.stream, version: event.version,
        time: event.time.chinaDateTime, actor: actor, kind: event.body.kind.name, summary: summary)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      print(String(decoding: try encoder.encode(line), as: UTF8.self))
    } else {
      print("#\(event.sequence)  \(event.time.chinaDateTime)  \(actor)  \(event.body.kind.name)  \(summary)")
    }
  }
}

private struct LogLine: Encodable {
  var seq: Int64
  var id: String
  var stream: String
  var version: Int
  var time: String
  var actor: String
  var kind: String
  var summary: String
}

/// `weige replay`: time travel — the baseline as of a sequence number or a moment.
struct Replay: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the baseline as it was at a sequence number or a time.")

  @OptionGroup var store: StoreOptions

  @Option(
    parsing: .unconditional,
    help: "A sequence number (e.g. 120000) or a China time (e.g. \"2026-11-20 18:00\").")
  var at: String

  @Option(help: "A place by name or path (default: everything).")
  var place: String?

  @Flag(help: "Print one JSON object.")
  var json = false

  func run() throws {
    let source = try store.open(.readOnly)
    let sequence: Int64
    let moment: Timestamp
    let last = try source.lastSequence()
    if let number = Int64(at) {
      guard number >= 0 else { throw CLIError("--at takes a sequence number of 0 or more, not \(number)") }
      guard number <= last else { throw CLIError("the store ends at #\(last); there is no #\(number) yet") }
      sequence = number
      moment = try source.events(after: max(0, number - 1), limit: 1).first?.time ?? .now
    } else {
      moment = try parseChinaTime(at)
      guard moment <= .now else {
        throw CLIError(
          "\(moment.chinaDateTime) is in the future; replay shows the past (the store ends at #\(last))")
      }
      sequence = try source.sequence(atOrBefore: moment)
    }
    let ledger = try source.ledger(through: sequence)
    try printBaseline(of: ledger, place: place, now: moment, json: json)
  }
}
