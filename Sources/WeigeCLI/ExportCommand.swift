import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeLedgers
import WeigeStore

extension ExportKind: ExpressibleByArgument {}

/// `weige export households|teams`: the register as XLSX or CSV, residents' numbers masked unless
/// revealed, and every reveal an event in the log.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "Export the households or teams register, or the team roster, as XLSX or CSV (numbers masked unless --reveal)."
  )

  @OptionGroup var store: StoreOptions

  @Argument(help: "households, teams (a row a post holder) or roster (a row a stairwell, with vacancies).")
  var kind: ExportKind

  @Option(help: "A place by name or path (default: everything).")
  var place: String?

  @Option(help: "xlsx or csv (default: from --out's extension, else xlsx).")
  var format: String?

  @Option(help: "The file to write (default: KIND.FORMAT here). Created 0600.")
  var out: String?

  @Option(help: "CSV only: utf-8 (with a BOM, the default) or gb18030.")
  var encoding: String?

  @Flag(help: "Write phone numbers whole; needs --reason, and is recorded in the log.")
  var reveal = false

  @Option(help: "Why the numbers are revealed (recorded with the operator).")
  var reason: String?

  func run() throws {
    let chosen = (format ?? out.map { URL(fileURLWithPath: $0).pathExtension.lowercased() } ?? "xlsx")
    guard ["xlsx", "csv"].contains(chosen) else { throw CLIError("--format '\(chosen)' is not xlsx or csv") }
    let textEncoding = try encoding.map { name in
      guard let known = TextEncoding(name: name), known != .gbk else {
        throw CLIError("--encoding '\(name)' is not utf-8 or gb18030")
      }
      return known
    }
    let path = out ?? "\(kind.rawValue).\(chosen)"
    let target = try store.open(reveal ? .readWrite : .readOnly)
    var ledger = try target.openLedger()
    let scope = try place.map { try resolvePlace($0, in: ledger) }
    if reveal {
      let reason = FreeText.trimmed(self.reason ?? "")
      guard !reason.isEmpty else {
        throw CLIError("--reveal needs --reason: why the numbers are needed whole")
      }
      // A reveal names one place: the scope, else the store's one root.
      guard let revealed = scope ?? (ledger.roots.count == 1 ? ledger.roots.first : nil) else {
        throw CLIError("--reveal needs --place when the store holds more than one district")
      }
      let event = NewEvent(
        actor: store.actor,
        body: .numbersRevealed(
          NumbersReveal(
            place: revealed, household: nil, reason: reason,
            purpose: "export \(URL(fileURLWithPath: path).lastPathComponent)")))
      do {
        try ledger.validate(event)
      } catch {
        throw CLIError(error.chinese)
      }
      // Recorded before a number is written: a reveal that is not in the log does not happen.
      while true {
        do {
          try target.append([event], decidedOn: ledger)
          break
        } catch StoreError.versionConflict {
          try target.replay(into: &ledger)
        }
      }
    }
    let table =
      switch kind {
      case .households: ExportTable.households(of: ledger, under: scope, reveal: reveal)
      case .teams: ExportTable.teams(of: ledger, under: scope, reveal: reveal)
      case .roster: ExportTable.roster(of: ledger, under: scope)
      }
    do {
      if chosen == "xlsx" {
        try table.writeXLSX(to: path)
      } else {
        try table.writeCSV(to: path, encoding: textEncoding ?? .utf8)
      }
    } catch {
      throw CLIError(error.description)
    }
    let numbers =
      kind == .roster ? "" : reveal ? " (numbers revealed, recorded in the log)" : " (numbers masked)"
    print("\(path): \(table.rows.count) rows\(numbers)")
  }
}
