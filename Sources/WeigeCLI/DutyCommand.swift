import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeStore

/// `weige duty …`: the duty desk (值班台, issue 13) without its screen — the unattended watcher
/// that escalates, 延期, the roster and the handover brief.
struct DutyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "duty",
    abstract: "The duty desk: escalation written once, 延期, the roster (排班) and the handover brief (交接班).",
    subcommands: [DutyWatch.self, DutyExtend.self, DutyRosterCommand.self, DutyHandover.self])
}

/// Appends the escalation steps due on a store, decided on a ledger kept caught up with it: what
/// `weige duty watch` does every second and the dashboard on its clock's tick. Every process
/// proposes the same events for the same steps (`Deadline.dueEscalations`, which the desk's clock
/// index answers without walking every ticket), so whichever appends first writes them and the
/// others' appends are skipped as already there; a stale decision (the ticket signed for
/// meanwhile) is refused by the expected versions, and decided again.
struct EscalationWriter {
  let store: any EventStore
  let actor: String

  /// The steps appended by this call (none when another process was first with all of them).
  func appendDue(into desk: inout WatchedDesk, at now: Timestamp = .now) throws -> [RecordedEvent] {
    for _ in 0..<10 {
      desk.clocks.advance(to: now)
      var after = desk.ledger
      let events = desk.clocks.dueEscalations(callingFrom: desk.ledger).map {
        $0.event(at: now, actor: actor)
      }
      .filter { event in
        (try? after.execute(event.body, at: event.time, actor: event.actor)) != nil
      }
      guard !events.isEmpty else { return [] }
      do {
        let recorded = try store.append(events, decidedOn: desk.ledger)
        try desk.catchUp(with: store)
        return recorded
      } catch StoreError.versionConflict {
        try desk.catchUp(with: store)
      } catch StoreError.idReused {
        // Another process appended the step computed on another calendar file: it stands.
        try desk.catchUp(with: store)
      }
    }
    return []
  }
}

/// A store's ledger and its duty clocks, kept caught up together: each event read is folded and
/// then noted, so only the clocks it touches are recomputed.
struct WatchedDesk {
  private(set) var ledger: Ledger
  var clocks: DutyClockIndex

  init(store: any EventStore, calendar: WorkingCalendar, now: Timestamp = .now) throws {
    ledger = try store.openLedger()
    clocks = DutyClockIndex(ledger, calendar: calendar, now: now)
  }

  mutating func catchUp(with store: any EventStore) throws {
    try store.forEachEvent(after: ledger.lastSequence, through: nil) { event in
      ledger.apply(event)
      clocks.note(event.body, in: ledger)
    }
  }
}

/// What the duty commands share: the calendar (through `CalendarOptions`) and the store.
struct DutyOptions: ParsableArguments {
  @OptionGroup var store: StoreOptions
  @OptionGroup var calendar: CalendarOptions
}

/// A shift as typed (`ShiftID(parsing:)`), or an error naming the field.
func parseShift(_ text: String, field: String) throws -> ShiftID {
  guard let shift = ShiftID(parsing: text) else {
    throw CLIError("\(field): '\(text)' is not a shift: write \"2026-11-21 白班\" (or day, 夜班, night)")
  }
  return shift
}

// MARK: watch

/// `weige duty watch`: the unattended desk's process. Catches up with the store, appends every
/// escalation step that is due, then follows the store and does so again every second.
struct DutyWatch: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "watch",
    abstract: "Append escalation steps (reminders, 超时督办) as clocks run out; any number may run on one store.")

  @OptionGroup var options: DutyOptions

  @Flag(help: "Catch up, append what is due now, and stop.")
  var once = false

  @Option(help: "Seconds between checks.")
  var interval: Double = 1

  func run() throws {
    guard interval > 0, interval <= 3600 else {
      throw CLIError("--interval takes seconds, above 0 and at most 3600")
    }
    let l = options.calendar.lang
    let (calendar, _) = try options.calendar.load()
    let store = try options.store.open(.readWrite)
    let writer = EscalationWriter(store: store, actor: options.store.actor)
    var desk = try WatchedDesk(store: store, calendar: calendar)
    var generation = try store.generation()
    while true {
      let appended = try writer.appendDue(into: &desk)
      for event in appended {
        print("\(event.time.chinaDateTime)  \(event.body.summary(in: desk.ledger, language: l))")
      }
      if once {
        if appended.isEmpty { print(l("没有到期的督办", "nothing due")) }
        return
      }
      fflush(nil)
      Thread.sleep(forTimeInterval: interval)
      let position = try store.position()
      if position.generation != generation || position.sequence < desk.ledger.lastSequence {
        generation = position.generation
        desk = try WatchedDesk(store: store, calendar: calendar)
      } else {
        try desk.catchUp(with: store)
      }
    }
  }
}

// MARK: extend

/// `weige duty extend`: 延期 — the ticket's 办结 deadline moves later, with why and who approved.
struct DutyExtend: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "extend", abstract: "延期: move a ticket's 办结 deadline later, with a reason and an approver.")

  @OptionGroup var options: DutyOptions

  @Argument(help: "The ticket: #1044 (or 1044).")
  var ticket: String

  @Option(help: "How much later: \"3 working days\", \"4 working hours\", \"12 hours\".")
  var by: String

  @Option(help: "Why.")
  var reason: String

  @Option(help: "Who approved it (the leader on call).")
  var approver: String

  func run() throws {
    let l = options.calendar.lang
    guard let limit = WorkingTimeLimit(parsing: by), !limit.isZero else {
      throw CLIError(
        "--by: '\(by)' is not a limit: write \"3 working days\", \"4 working hours\" or \"12 hours\"")
    }
    guard let id = TicketID(typed: ticket) else {
      throw CLIError("TICKET: '\(ticket)' is not a ticket number (#1044)")
    }
    let (calendar, file) = try options.calendar.load()
    let store = try options.store.open(.readWrite)
    var ledger = try store.openLedger()
    let recorded = try appendDecided(to: store, ledger: &ledger, language: l) { ledger in
      let current = try saying(l) { () throws(DomainError) in try ledger.requireTicket(id, for: .extend) }
      guard let to = Deadline.extended(current, by: limit, calendar: calendar) else { return [] }
      return [
        NewEvent(
          time: .now, actor: options.store.actor,
          body: .ticketExtended(
            id, by: limit, to: to, reason: FreeText.trimmed(reason), approver: FreeText.trimmed(approver)))
      ]
    }
    guard let event = recorded.first, let extended = ledger.tickets[id] else { return }
    let clock = Deadline.clocks(of: extended, calendar: calendar).resolve
    if options.calendar.json {
      try printJSON(ExtendAnswer(sequence: event.sequence, ticket: id.description, deadline: clock?.deadline))
    } else {
      print(event.body.summary(in: ledger, language: l))
      if clock?.usesWeekdayFallback == true { print(fallbackNote(calendar, file: file, l)) }
    }
  }

  private struct ExtendAnswer: Encodable {
    var sequence: Int64
    var ticket: String
    var deadline: Timestamp?
  }
}

/// The line under a deadline that leaned on Monday–Friday in a year without a notice.
func fallbackNote(_ calendar: WorkingCalendar, file: String?, _ l: Language) -> String {
  let known = calendar.policy.knownYears.map(String.init).joined(separator: ", ")
  return l(
    "注意：时限涉及没有国务院放假通知的年份，按周一至周五计工作日（已知：\(known)）",
    "note: the deadline counts Monday to Friday in a year without a State Council notice (known: \(known))")
}

// MARK: roster

/// `weige duty roster …`: who is on duty (值班员) and the leader on call (带班领导), shift by shift.
struct DutyRosterCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "roster", abstract: "The duty roster: print it, import it from CSV, change a shift (换班).",
    subcommands: [RosterShow.self, RosterImport.self, RosterSet.self, RosterSwap.self],
    defaultSubcommand: RosterShow.self)
}

struct RosterShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show", abstract: "The shift on duty now and the next three, or a whole week.")

  @OptionGroup var options: DutyOptions

  @Flag(help: "Monday to Sunday of this week (or of --from's).")
  var week = false

  @Option(help: "A day, yyyy-MM-dd (default: today).")
  var from: String?

  func run() throws {
    let l = options.calendar.lang
    let store = try options.store.open(.readOnly)
    let ledger = try store.openLedger()
    var first = ShiftID(containing: .now)
    if let from {
      guard let date = CivilDate(from) else {
        throw CLIError("--from: '\(from)' is not a day: write yyyy-MM-dd")
      }
      first = ShiftID(date: date, kind: .day)
    }
    var last = first.next.next.next
    if week {
      let monday = first.date.adding(days: 1 - first.date.weekday)
      first = ShiftID(date: monday, kind: .day)
      last = ShiftID(date: monday.adding(days: 6), kind: .night)
    }
    let shifts = ledger.duty.shifts(from: first, through: last)
    if options.calendar.json {
      try printJSON(shifts.map(RosterLine.init))
      return
    }
    guard !shifts.isEmpty else {
      print(
        l(
          "排班表中 \(first.name(l)) 至 \(last.name(l)) 没有人值班",
          "no one is rostered from \(first.name(l)) to \(last.name(l))"))
      return
    }
    let now = ShiftID(containing: .now)
    let weekdays = l("一二三四五六日", "MTWTFSS").map(String.init)
    for shift in shifts {
      let marker = shift.shift == now ? "▸" : " "
      print(
        "\(marker) \(shift.shift.date) \(weekdays[shift.shift.date.weekday - 1]) \(shift.shift.kind.name(l)) \(shift.shift.hours)  "
          + l(
            "值班 \(shift.operatorName)  带班 \(shift.leader)",
            "on duty \(shift.operatorName)  leader \(shift.leader)"))
    }
  }

  struct RosterLine: Encodable {
    var date: String
    var shift: String
    var start: Timestamp
    var end: Timestamp
    var `operator`: String
    var leader: String

    init(_ shift: RosterShift) {
      date = shift.shift.date.description
      self.shift = shift.shift.kind.englishName
      start = shift.shift.start
      end = shift.shift.end
      `operator` = shift.operatorName
      leader = shift.leader
    }
  }
}

struct RosterImport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Import shifts from a CSV file (日期,班次,值班员,带班领导; UTF-8 or GB18030), all or nothing.")

  @OptionGroup var options: DutyOptions

  @Argument(help: "The CSV file.")
  var file: String

  func run() throws {
    let l = options.calendar.lang
    let shifts: [RosterShift]
    do {
      shifts = try RosterFile.load(path: file)
    } catch {
      throw CLIError(error.description)
    }
    let store = try options.store.open(.readWrite)
    var ledger = try store.openLedger()
    let source = (file as NSString).lastPathComponent
    let recorded = try appendDecided(to: store, ledger: &ledger, language: l) { _ in
      [NewEvent(time: .now, actor: options.store.actor, body: .rosterImported(shifts, source: source))]
    }
    if let event = recorded.first { print(event.body.summary(in: ledger, language: l)) }
  }
}

/// `weige duty roster set`: 换班 — a shift given to someone else (or another leader).
struct RosterSet: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set", abstract: "换班: give a shift to another operator or leader.")

  @OptionGroup var options: DutyOptions

  @Argument(help: "The shift: \"2026-11-23 白班\".")
  var shift: String

  @Option(name: .customLong("on-duty"), help: "The duty operator (default: as rostered).")
  var onDuty: String?

  @Option(help: "The leader on call (default: as rostered).")
  var leader: String?

  @Option(help: "Why.")
  var reason: String

  func run() throws {
    let l = options.calendar.lang
    let id = try parseShift(shift, field: "SHIFT")
    let store = try options.store.open(.readWrite)
    var ledger = try store.openLedger()
    let recorded = try appendDecided(to: store, ledger: &ledger, language: l) { ledger in
      let before = ledger.duty.roster[id]
      guard let name = onDuty ?? before?.operatorName, let leader = leader ?? before?.leader else {
        throw CLIError("SHIFT: \(id.name(l)) is not on the roster: give --on-duty and --leader")
      }
      let change = RosterShift(
        shift: id, operatorName: FreeText.trimmed(name), leader: FreeText.trimmed(leader))
      return [
        NewEvent(
          time: .now, actor: options.store.actor,
          body: .shiftChanged(change, reason: FreeText.trimmed(reason)))
      ]
    }
    for event in recorded { print(event.body.summary(in: ledger, language: l)) }
  }
}

/// `weige duty roster swap`: two operators trade shifts, in one append.
struct RosterSwap: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "swap", abstract: "换班: two rostered shifts trade their operators.")

  @OptionGroup var options: DutyOptions

  @Argument(help: "One shift: \"2026-11-23 白班\".")
  var first: String

  @Argument(help: "The other: \"2026-11-24 夜班\".")
  var second: String

  @Option(help: "Why.")
  var reason: String

  func run() throws {
    let l = options.calendar.lang
    let a = try parseShift(first, field: "FIRST")
    let b = try parseShift(second, field: "SECOND")
    let store = try options.store.open(.readWrite)
    var ledger = try store.openLedger()
    let recorded = try appendDecided(to: store, ledger: &ledger, language: l) { ledger in
      let bodies = try saying(l) { () throws(DomainError) in
        try ledger.duty.swap(a, b, reason: FreeText.trimmed(reason))
      }
      return bodies.map { NewEvent(time: .now, actor: options.store.actor, body: $0) }
    }
    for event in recorded { print(event.body.summary(in: ledger, language: l)) }
  }
}
