import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore
import WeigeUI

/// `weige stats`: the baseline (底数) of a place and everything under it.
struct Stats: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print the baseline (底数) of the store or of one place.")

  @OptionGroup var store: StoreOptions

  @Option(help: "A place by name or path, e.g. 江三社区 or 长江小区/3幢/2单元 (default: everything).")
  var place: String?

  @Flag(help: "Print one JSON object.")
  var json = false

  func run() throws {
    let ledger = try store.open(.readOnly).openLedger()
    try printBaseline(of: ledger, place: place, now: .now, json: json)
  }
}

/// Shared by `stats` and `replay`: resolves the place, then prints the table or the JSON.
func printBaseline(of ledger: Ledger, place: String?, now: Timestamp, json: Bool) throws {
  let root = try place.map { try resolvePlace($0, in: ledger) }
  let baseline = ledger.baseline(of: root, now: now, calendar: try .user())
  if json {
    try printJSON(baseline)
  } else {
    print(baselineTable(baseline, catalogue: ledger.catalogue, sequence: ledger.lastSequence, now: now))
  }
}

/// A place by name or path (长江小区/3幢/2单元), or as the palette names it (长江小区 3幢2单元,
/// spaces or none); several matches are listed for the user to choose by path.
func resolvePlace(_ name: String, in ledger: Ledger) throws -> PlaceID {
  var found = ledger.places(named: name)
  if found.isEmpty {
    var labels = PlaceLabels(ledger)
    let wanted = name.filter { !$0.isWhitespace && $0 != "/" }
    found = ledger.places.values.filter { labels.label(of: $0.id).filter { !$0.isWhitespace } == wanted }
  }
  guard let first = found.first else { throw CLIError("no place named '\(name)' in the store") }
  guard found.count == 1 else {
    let paths = found.prefix(8).map { ledger.path(of: $0.id).map(\.name).joined(separator: "/") }
    let more = found.count > paths.count ? "\n  … and \(found.count - paths.count) more" : ""
    throw CLIError(
      "'\(name)' names \(found.count) places; say which with a path:\n  " + paths.joined(separator: "\n  ")
        + more)
  }
  return first.id
}

func baselineTable(_ b: Baseline, catalogue: RoleCatalogue, sequence: Int64, now: Timestamp) -> String {
  var lines = ["\(b.place) 底数  (as of \(now.chinaDateTime), event #\(grouped(Int(sequence))))", ""]
  func row(_ label: String, _ value: String) { lines.append(label.padded(to: 30) + value) }
  row("楼道 stairwells", grouped(b.stairwells))
  row("户 households", grouped(b.households))
  row("居民 residents", grouped(b.residents))
  row("60岁以上 aged 60+", grouped(b.aged60Plus))
  lines.append("")
  lines.append(
    "岗位 role".padded(to: 30) + "filled".padded(to: 10) + "posts".padded(to: 10) + "vacant".padded(to: 10)
      + "党员 party")
  for role in catalogue.roles where !role.isReserve {
    guard let figures = b.roles[role.id] else { continue }
    lines.append(
      "\(role.name) \(role.englishName)".padded(to: 30) + grouped(figures.filled).padded(to: 10)
        + grouped(figures.posts).padded(to: 10) + grouped(figures.vacancies).padded(to: 10)
        + percent(figures.partyShare))
  }
  row("后备力量 reserves", grouped(b.reserves))
  lines.append("")
  let byClass = DemandClass.allCases.map { "\($0.chineseName) \(b.openByClass[$0.key, default: 0])" }
  row("工单 open tickets", "\(grouped(b.openTickets))  (" + byClass.joined(separator: ", ") + ")")
  row("超时 overdue", grouped(b.overdueTickets))
  row("今日办结 resolved today", grouped(b.resolvedToday))
  row("告警 active alerts", grouped(b.activeAlerts))
  row(
    "本月走访 visit coverage",
    percent(b.visitCoverage) + "  (\(grouped(b.householdsVisitedThisMonth)) households)")
  let flags = HouseholdFlags.all.map { "\($0.chinese) \(grouped(b.flags[$0.key, default: 0]))" }
  row("四必联/四掌握 flags", flags.joined(separator: "  "))
  return lines.joined(separator: "\n")
}
