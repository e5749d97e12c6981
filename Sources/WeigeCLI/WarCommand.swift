import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeStore

/// `weige war …`: the war room (战时) from the command line, for scripts and for a bridge from the
/// squads' phones; the palette of the war view offers the same.
struct WarCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "war",
    abstract: "The war room (战时): issue a mobilization order, report households, move squads, close, review.",
    subcommands: [
      IssueOrder.self, ReachHouseholds.self, SquadStatusCommand.self, AttachToSquad.self, ExtendOrder.self,
      CloseOrder.self, OrderReport.self, ListOrders.self, WarTasks.self,
    ])
}

/// `weige war tasks [set FILE.toml]`: the tasks an order may be issued with, as data a room
/// redefines (a flood's 排查 and 转移 rather than a lockdown's 核酸).
struct WarTasks: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tasks",
    abstract: "The mobilization tasks (动员任务) in force, as a TOML file `set` reads back.",
    subcommands: [WarTasksShow.self, WarTasksSet.self],
    defaultSubcommand: WarTasksShow.self)
}

struct WarTasksShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the tasks in force (the lockdown's four until a room defines its own).")

  @OptionGroup var store: StoreOptions

  func run() throws {
    let catalogue = try store.open(.readOnly).openLedger().taskCatalogue
    let origin = catalogue == .standard ? "built in (TaskCatalogue.standard)" : "defined in this room"
    print("# Mobilization tasks: \(catalogue.tasks.count), \(origin). Edit and `weige war tasks set FILE`.")
    print("# order: the keys as the palette offers them; done: what a reached household is marked\n")
    print(TaskCatalogueFile.text(of: catalogue), terminator: "")
  }
}

struct WarTasksSet: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set",
    abstract: "Define the room's mobilization tasks from a TOML file (replaces the list in force).",
    discussion:
      "order = [keys], then a table a task: name, english, done, english_done. Orders already issued keep their task."
  )

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The tasks: a .toml file.")
  var file: String

  func run() throws {
    let catalogue: TaskCatalogue
    do {
      catalogue = try TaskCatalogueFile.read(path: file)
    } catch {
      throw CLIError(error.description)
    }
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    let recorded = try appendDecided(to: target, ledger: &ledger, language: output.lang) { _ in
      [NewEvent(time: .now, actor: store.actor, body: .taskCatalogueDefined(catalogue))]
    }
    for event in recorded { print(event.body.summary(in: ledger, language: output.lang)) }
  }
}

/// What every `weige war` command takes beside the store.
struct WarOutputOptions: ParsableArguments {
  @Flag(help: "Print one JSON object.")
  var json = false

  @Option(help: "zh or en: the language of the output and of Core's refusals.")
  var lang: Language = .zh
}

/// A field term typed as an argument (its key or its Chinese name), or a one-line error naming
/// the field and the words it takes.
func typedTerm<Term: CaseIterable & FieldTerm>(
  _ text: String, field: String, key: (Term) -> String, as kind: String
) throws -> Term {
  if let term = fieldTerm(text, key: key) { return term }
  let names = Term.allCases.map { "\(key($0)) (\($0.chineseName))" }.joined(separator: ", ")
  throw CLIError("\(field): '\(text)' is not \(kind); one of \(names)")
}

/// Runs `body`, putting `field` before the one line a mistake in it is answered with.
func naming<T>(_ field: String, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as CLIError {
    let oneLine = error.description.replacingOccurrences(of: ":\n  ", with: ": ")
      .replacingOccurrences(of: "\n  ", with: "; ")
    throw CLIError("\(field): " + oneLine)
  }
}

/// Core's refusal as a one-line error, in the language asked.
func saying<T>(_ language: Language, _ body: () throws(DomainError) -> T) throws -> T {
  do {
    return try body()
  } catch {
    throw CLIError(error.message(language))
  }
}

/// The order an ORDER argument names (`M3`, `m3`, `3`), as the store has it.
func resolveOrder(_ text: String, in ledger: Ledger) throws -> Mobilization {
  try naming("ORDER") {
    guard let id = MobilizationID(typed: text) else {
      throw CLIError("'\(text)' is not an order number (M1, or 1)")
    }
    guard let order = ledger.mobilizations[id] else { throw CLIError("there is no mobilization order \(id)") }
    return order
  }
}

/// The stairwell a STAIRWELL argument names: a squad's, or the one whose households are reported.
func resolveStairwell(_ text: String, in ledger: Ledger, language: Language) throws -> PlaceID {
  try naming("STAIRWELL") {
    let place = try resolvePlace(text, in: ledger)
    try saying(language) { () throws(DomainError) in try ledger.requireStairwell(place) }
    return place
  }
}

/// Appends the events `decide` makes of the store's state: validated by Core on that state and
/// appended expecting each stream where that state had it. When another writer moved a stream on
/// first (another operator's report on the same order), the state catches up and `decide` runs
/// again on it, so nothing is appended on a stale decision and nothing is lost. `ledger` is left
/// caught up with the store, this append included.
func appendDecided(
  to target: any EventStore, ledger: inout Ledger, language: Language, _ decide: (Ledger) throws -> [NewEvent]
) throws -> [RecordedEvent] {
  for _ in 0..<50 {
    let events = try decide(ledger)
    try saying(language) { () throws(DomainError) in
      if events.count == 1 {
        try ledger.validate(events[0])
      } else {
        var after = ledger
        for event in events {
          try after.validate(event)
          after.apply(event.body, time: event.time, actor: event.actor)
        }
      }
    }
    do {
      let recorded = try target.append(events, decidedOn: ledger)
      try target.replay(into: &ledger)
      return recorded
    } catch StoreError.versionConflict {
      try target.replay(into: &ledger)
    }
  }
  throw CLIError("other operators kept changing the order first; nothing was written, try again")
}

/// `1,912/2,688（71.1%）`: reached households over every household, as every figure says them.
func reachedFigure(_ tally: OutcomeTally, _ l: Language) -> String {
  "\(grouped(tally.reached))/\(grouped(tally.households))" + l("（", " (")
    + String(format: "%.1f%%", tally.reachedShare * 100) + l("）", ")")
}

// MARK: issue

/// `weige war issue`: 动员令 — an order to every stairwell in a scope, its squads formed now.
struct IssueOrder: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "issue",
    abstract: "Issue a mobilization order (动员令): squads formed for every stairwell in scope.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Option(help: "The place at war, by name or path: 江三社区, 长江小区, 长江小区/3幢/2单元.")
  var scope: String

  @Option(
    help:
      "A task of `weige war tasks`, by key or name; built in: notify, sample, transfer, deliver (告知/核酸/转运/送物资)."
  )
  var task: String = "notify"

  @Option(help: "A span (45m, 1h30m, 45分钟) or a time (21:30, \"2026-11-21 21:30\").")
  var deadline: String

  @Option(help: "The order's words, e.g. 全员告知：今晚集中转运.")
  var title: String

  @Flag(help: "An exercise (演练): watermarked on every screen, prefixed on every feed line.")
  var drill = false

  func run() throws {
    let l = output.lang
    let spec = try naming("--deadline") {
      try saying(l) { () throws(DomainError) in try DeadlineSpec(parsing: deadline) }
    }
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    let title = FreeText.trimmed(self.title)
    let recorded = try appendDecided(to: target, ledger: &ledger, language: l) { ledger in
      let scope = try naming("--scope") { try resolvePlace(self.scope, in: ledger) }
      // The room's list in force (`weige war tasks`), read on the state the decision is taken on.
      let catalogue = ledger.taskCatalogue
      let task = try naming("--task") {
        guard let task = catalogue.task(named: self.task) else {
          throw CLIError(
            "'\(self.task)' is not a task; one of "
              + catalogue.tasks.map { "\($0.id) (\($0.name))" }.joined(separator: ", "))
        }
        return task
      }
      let now = Timestamp.now
      // The next number, squads formed by Core from the state the decision is taken on.
      let order = MobilizationOrder(
        id: ledger.nextMobilizationID, title: title, task: task, scope: scope,
        deadline: Deadline.order(issuedAt: now, spec), isDrill: drill, squads: ledger.formSquads(for: scope))
      return [NewEvent(time: now, actor: store.actor, body: .mobilizationIssued(order))]
    }
    guard let event = recorded.first, case .mobilizationIssued(let issued) = event.body,
      let order = ledger.mobilizations[issued.id]
    else { return }
    if output.json {
      try printJSON(
        IssuedOrder(
          sequence: event.sequence, order: order.id.description, title: order.title, task: order.task.id,
          scope: ledger.fieldName(of: order.scope), drill: order.isDrill, issuedAt: order.issuedAt,
          issuedBy: order.issuedBy, deadline: order.deadline, squads: order.squadCounts.squads,
          shortHanded: order.squadCounts.shortHanded, households: order.tally.households))
    } else {
      print(
        event.body.summary(in: ledger, language: l) + " · " + l("住户 ", "")
          + grouped(order.tally.households) + l(" 户", " households"))
    }
  }
}

private struct IssuedOrder: Encodable {
  var sequence: Int64
  var order: String
  var title: String
  var task: String
  var scope: String
  var drill: Bool
  var issuedAt: Timestamp
  var issuedBy: String
  var deadline: Timestamp
  var squads: Int
  var shortHanded: Int
  var households: Int
}

// MARK: reach

/// `weige war reach`: a squad's report, one household or the whole stairwell in one event.
struct ReachHouseholds: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reach",
    abstract:
      "Report households of a stairwell: `all`, `all except 302 notHome 401 refused`, or `302 notHome`.",
    discussion: """
      Outcomes: reached (已告知/已完成, done), notHome (不在家), refused (拒绝), unreachable (无法联系).
      After `all`, every household takes the outcome that follows (reached when none does), except the
      rooms after `except`; a room there without an outcome is left out. Without `all`, each room takes
      the outcome after it, reached when none follows. A later report of a household replaces the earlier.
      """)

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The order: M1 (or 1).")
  var order: String

  @Argument(help: "The stairwell, by path: 长江小区/3幢/2单元.")
  var stairwell: String

  @Argument(help: "What the squad says: all [OUTCOME] [except ROOM [OUTCOME] …] or ROOM [OUTCOME] ….")
  var words: [String] = []

  func run() throws {
    let l = output.lang
    let spec = try naming("HOUSEHOLDS") {
      try saying(l) { () throws(DomainError) in try ReachSpec(parsing: words) }
    }
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    var stairwellID: PlaceID?
    let recorded = try appendDecided(to: target, ledger: &ledger, language: l) { ledger in
      let id = try resolveOrder(order, in: ledger).id
      let place = try resolveStairwell(stairwell, in: ledger, language: l)
      stairwellID = place
      let reports = try naming("HOUSEHOLDS") {
        try saying(l) { () throws(DomainError) in try ledger.reports(spec, in: place) }
      }
      return [NewEvent(time: .now, actor: store.actor, body: .householdsReported(id, reports))]
    }
    guard let event = recorded.first, case .householdsReported(let id, let reports) = event.body,
      let order = ledger.mobilizations[id], let place = stairwellID, let squad = order.squad(at: place)
    else { return }
    if output.json {
      var counts: [String: Int] = [:]
      for report in reports { counts[report.outcome.key, default: 0] += 1 }
      try printJSON(
        ReachAnswer(
          sequence: event.sequence, order: id.description, stairwell: ledger.fieldName(of: place),
          reported: counts, stairwellHouseholds: squad.tally, orderHouseholds: order.tally))
    } else {
      print(
        event.body.summary(in: ledger, language: l) + l(" · 本楼道 ", " · stairwell ")
          + reachedFigure(squad.tally, l) + l(" · 全部 ", " · order ") + reachedFigure(order.tally, l))
    }
  }
}

private struct ReachAnswer: Encodable {
  var sequence: Int64
  var order: String
  var stairwell: String
  /// Households of this report by outcome key.
  var reported: [String: Int]
  var stairwellHouseholds: OutcomeTally
  var orderHouseholds: OutcomeTally
}

// MARK: squad

/// `weige war squad`: a squad sets out (出发), is blocked (受阻, with a reason) or is done (完成).
struct SquadStatusCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "squad",
    abstract: "Set a squad's status: active (出发), blocked (受阻) with --reason, done (完成).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The order: M1 (or 1).")
  var order: String

  @Argument(help: "The squad's stairwell, by path: 长江小区/3幢/2单元.")
  var stairwell: String

  @Argument(help: "active, blocked or done (出发/受阻/完成).")
  var status: String

  @Option(help: "Why the squad is blocked (受阻需写明原因).")
  var reason: String = ""

  func run() throws {
    let l = output.lang
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    let reason = FreeText.trimmed(self.reason)
    let status: SquadStatus = try typedTerm(self.status, field: "STATUS", key: \.key, as: "a squad status")
    let recorded = try appendDecided(to: target, ledger: &ledger, language: l) { ledger in
      let id = try resolveOrder(order, in: ledger).id
      let place = try resolveStairwell(stairwell, in: ledger, language: l)
      return [
        NewEvent(
          time: .now, actor: store.actor,
          body: .squadStatusChanged(id, stairwell: place, status: status, note: reason))
      ]
    }
    guard let event = recorded.first, case .squadStatusChanged(let id, let place, _, _) = event.body,
      let squad = ledger.mobilizations[id]?.squad(at: place)
    else { return }
    if output.json {
      try printJSON(SquadAnswer(event: event, order: id, squad: squad, ledger: ledger, language: l))
    } else {
      print(event.body.summary(in: ledger, language: l))
    }
  }
}

/// A squad as `--json` answers with it.
private struct SquadAnswer: Encodable {
  var sequence: Int64
  var order: String
  var stairwell: String
  var status: String
  var reason: String?
  var members: [String]
  var shortHanded: Bool

  init(event: RecordedEvent, order: MobilizationID, squad: Squad, ledger: Ledger, language: Language) {
    sequence = event.sequence
    self.order = order.description
    stairwell = ledger.fieldName(of: squad.stairwell)
    status = squad.status.key
    reason = squad.blockedReason
    members = squad.members.map { ledger.people[$0.person]?.name ?? $0.person.description }
    shortHanded = squad.isShortHanded
  }
}

// MARK: attach

/// `weige war attach`: anyone joins a squad — a registered person, or a sent-down cadre (下沉干部)
/// registered in the same append.
struct AttachToSquad: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "attach",
    abstract: "Attach someone to a squad: a registered person (--person), or a new one (--name, --phone).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The order: M1 (or 1).")
  var order: String

  @Argument(help: "The squad's stairwell, by path: 长江小区/3幢/2单元.")
  var stairwell: String

  @Option(help: "A registered person, by name or id (person-12).")
  var person: String?

  @Option(help: "The name of someone not yet registered (a sent-down cadre 下沉干部): registered, then attached.")
  var name: String?

  @Option(help: "With --name: their phone.")
  var phone: String = ""

  @Flag(help: "With --name: a party member.")
  var partyMember = false

  func run() throws {
    let l = output.lang
    guard (person == nil) != (name == nil) else {
      throw CLIError("--person or --name: give one of them, a registered person or a new one")
    }
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    let recorded = try appendDecided(to: target, ledger: &ledger, language: l) { ledger in
      let id = try resolveOrder(order, in: ledger).id
      let place = try resolveStairwell(stairwell, in: ledger, language: l)
      let now = Timestamp.now
      if let name {
        // A new person takes the next number; another writer taking it first makes this a
        // version conflict on the person's stream, and the next try takes the next number.
        let newcomer = Person(
          id: ledger.nextPersonID, name: FreeText.trimmed(name), household: nil,
          phone: FreeText.trimmed(phone),
          isPartyMember: partyMember)
        return [
          NewEvent(time: now, actor: store.actor, body: .personRegistered(newcomer)),
          NewEvent(
            time: now, actor: store.actor, body: .squadAttached(id, stairwell: place, person: newcomer.id)),
        ]
      }
      let who = try naming("--person") { try resolvePerson(person ?? "", in: ledger) }
      return [
        NewEvent(time: now, actor: store.actor, body: .squadAttached(id, stairwell: place, person: who))
      ]
    }
    guard let event = recorded.last, case .squadAttached(let id, let place, _) = event.body,
      let squad = ledger.mobilizations[id]?.squad(at: place)
    else { return }
    if output.json {
      try printJSON(SquadAnswer(event: event, order: id, squad: squad, ledger: ledger, language: l))
    } else {
      for event in recorded { print(event.body.summary(in: ledger, language: l)) }
    }
  }
}

/// A person by id (`person-12`, `12`) or by name; a name several people share is answered with
/// their ids and posts to choose from.
func resolvePerson(_ text: String, in ledger: Ledger) throws -> PersonID {
  if let id = PersonID(typed: text), ledger.people[id] != nil { return id }
  let found = ledger.people.values.filter { $0.name == text }
  guard let first = found.first else { throw CLIError("nobody named '\(text)' is registered") }
  guard found.count == 1 else {
    let choices = found.prefix(8).map { person in
      person.id.description + " ("
        + person.roles.map {
          "\(ledger.fieldName(of: $0.place)) \(ledger.catalogue.role($0.role)?.name ?? $0.role)"
        }
        .joined(separator: ", ") + ")"
    }
    throw CLIError(
      "'\(text)' names \(found.count) people; say which by id: " + choices.joined(separator: "; "))
  }
  return first.id
}

// MARK: extend

/// `weige war extend`: 延期 — the deadline moves later, and the timeline says so.
struct ExtendOrder: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extend", abstract: "Extend an order's deadline: by a span (15m) or to a time (21:50).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The order: M1 (or 1).")
  var order: String

  @Argument(help: "A span added to the deadline (15m, 1h) or the new deadline (21:50, \"2026-11-21 21:50\").")
  var deadline: String

  @Option(help: "Why.")
  var reason: String = ""

  func run() throws {
    let l = output.lang
    let spec = try naming("DEADLINE") {
      try saying(l) { () throws(DomainError) in try DeadlineSpec(parsing: deadline) }
    }
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    var previous = Timestamp.now
    let recorded = try appendDecided(to: target, ledger: &ledger, language: l) { ledger in
      let order = try resolveOrder(self.order, in: ledger)
      previous = order.deadline
      return [
        NewEvent(
          time: .now, actor: store.actor,
          body: .deadlineExtended(
            order.id, to: Deadline.extended(order.deadline, spec), reason: FreeText.trimmed(reason)))
      ]
    }
    guard let event = recorded.first, case .deadlineExtended(let id, let deadline, _) = event.body else {
      return
    }
    if output.json {
      try printJSON(
        ExtendAnswer(
          sequence: event.sequence, order: id.description, previousDeadline: previous, deadline: deadline))
    } else {
      let left = ledger.mobilizations[id].map { l(" · 剩 ", " · left ") + $0.countdown(at: .now).text } ?? ""
      print(event.body.summary(in: ledger, language: l) + left)
    }
  }
}

private struct ExtendAnswer: Encodable {
  var sequence: Int64
  var order: String
  var previousDeadline: Timestamp
  var deadline: Timestamp
}

// MARK: close

/// `weige war close`: the order is completed or stood down; the last one over a place returns it to peace.
struct CloseOrder: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "close", abstract: "Close an order: completed (完成) or stood-down (解除).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The order: M1 (or 1).")
  var order: String

  @Argument(help: "completed or stood-down (完成/解除).")
  var closing: String = MobilizationClosing.completed.key

  @Option(help: "A note for the record.")
  var note: String = ""

  func run() throws {
    let l = output.lang
    let closing: MobilizationClosing = try typedTerm(
      self.closing, field: "CLOSING", key: \.key, as: "a closing")
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    let recorded = try appendDecided(to: target, ledger: &ledger, language: l) { ledger in
      let id = try resolveOrder(self.order, in: ledger).id
      return [
        NewEvent(
          time: .now, actor: store.actor, body: .mobilizationClosed(id, closing, note: FreeText.trimmed(note))
        )
      ]
    }
    guard let event = recorded.first, let id = event.body.mobilizationID,
      let report = ledger.afterActionReport(of: id, at: event.time, language: l)
    else { return }
    if output.json {
      try printJSON(
        CloseAnswer(
          sequence: event.sequence, order: report.order, state: report.state, closedAt: event.time,
          households: report.households, finish: report.finish,
          peace: ledger.mobilizations[id].map { !ledger.isAtWar($0.scope) } ?? true))
    } else if let order = ledger.mobilizations[id] {
      let peace =
        ledger.isAtWar(order.scope) ? "" : l(" · \(report.scope) 回到平时", " · \(report.scope) back to peace")
      print(
        event.body.summary(in: ledger, language: l) + " · "
          + HouseholdOutcome.reached.name(l, task: order.task) + " "
          + reachedFigure(report.households, l) + " · " + report.finish + peace)
    }
  }
}

private struct CloseAnswer: Encodable {
  var sequence: Int64
  var order: String
  var state: String
  var closedAt: Timestamp
  var households: OutcomeTally
  var finish: String
  /// Whether the scope is back at peace (no other order covers it).
  var peace: Bool
}

// MARK: list

/// `weige war list`: the open orders (all with --all), each with its figure, countdown and projection.
struct ListOrders: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "List the open orders with their progress and projected finish (--all: closed too).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Flag(help: "Closed orders too.")
  var all = false

  func run() throws {
    let l = output.lang
    let ledger = try store.open(.readOnly).openLedger()
    let now = Timestamp.now
    let orders = ledger.mobilizations.values.filter { all || $0.isOpen }
    let rows = orders.map { order in
      OrderRow(
        order: order.id.description, title: order.title, task: order.task.id,
        scope: ledger.fieldName(of: order.scope),
        drill: order.isDrill, state: order.closing?.key ?? "open", deadline: order.deadline,
        countdown: order.isOpen ? order.countdown(at: now).text : nil,
        households: order.tally, squads: order.squadCounts,
        finish: order.isOpen || order.finishedAt != nil
          ? order.projection(at: order.closedAt ?? now).statement(l) : nil)
    }
    if output.json {
      try printJSON(rows)
      return
    }
    guard !rows.isEmpty else {
      print(
        all ? l("没有动员令", "no mobilization orders") : l("没有进行中的动员令（平时）", "no open mobilization orders (peace)")
      )
      return
    }
    for (order, row) in zip(orders, rows) {
      let state =
        order.isOpen
        ? l("剩 ", "left ") + (row.countdown ?? "")
        : (order.closing?.name(l) ?? "") + " " + (order.closedAt.map { clockText($0, beside: now) } ?? "")
      let fields = [
        row.order + (order.isDrill ? l(" 演练", " drill") : ""), order.title, order.task.name(l), row.scope,
        HouseholdOutcome.reached.name(l, task: order.task) + " " + reachedFigure(order.tally, l),
        l("突击小组 \(order.squadCounts.squads)", "\(order.squadCounts.squads) squads"), state,
      ]
      print((fields + (row.finish.map { [$0] } ?? [])).joined(separator: "  "))
    }
  }
}

private struct OrderRow: Encodable {
  var order: String
  var title: String
  var task: String
  var scope: String
  var drill: Bool
  var state: String
  var deadline: Timestamp
  var countdown: String?
  var households: OutcomeTally
  var squads: SquadCounts
  var finish: String?
}
