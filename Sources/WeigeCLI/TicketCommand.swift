import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeStore

/// `weige ticket …`: the four-order ticket flow from the command line.
struct TicketCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ticket", abstract: "File a ticket (点单).", subcommands: [NewTicket.self])
}

/// A field term typed as an option: its English key or its Chinese name, never its stored digit.
func fieldTerm<Term: CaseIterable & FieldTerm>(_ argument: String, key: (Term) -> String) -> Term? {
  Term.allCases.first { key($0) == argument || $0.chineseName == argument }
}

/// What `--help` and a refusal list: the names a person types.
func fieldTermNames<Term: CaseIterable & FieldTerm>(_: Term.Type, key: (Term) -> String) -> [String] {
  Term.allCases.flatMap { [key($0), $0.chineseName] }
}

extension Urgency: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = fieldTerm(argument, key: { (term: Self) in term.englishName }) else { return nil }
    self = value
  }
  public static var allValueStrings: [String] { fieldTermNames(Self.self) { $0.englishName } }
}

extension DemandClass: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = fieldTerm(argument, key: { (term: Self) in term.key }) else { return nil }
    self = value
  }
  public static var allValueStrings: [String] { fieldTermNames(Self.self) { $0.key } }
}

extension TicketSource: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = fieldTerm(argument, key: { (term: Self) in term.englishName }) else { return nil }
    self = value
  }
  public static var allValueStrings: [String] { fieldTermNames(Self.self) { $0.englishName } }
}

/// `weige ticket new`: 点单 — a resident's request, with its SLA set by urgency.
struct NewTicket: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "new", abstract: "File a new ticket (点单).")

  @OptionGroup var store: StoreOptions

  @Option(help: "The place, by name or path: 长江小区/3幢/2单元.")
  var place: String

  @Option(help: "What the resident needs.")
  var title: String

  @Option(name: .customLong("class"), help: "development, urgent-aid or nuisance (发展难事/扶弱济贫急事/影响和谐烦事).")
  var demandClass: DemandClass = .nuisance

  @Option(help: "normal, urgent or critical (一般/急/特急).")
  var urgency: Urgency = .normal

  @Option(help: "hotline, wechatGroup, walkIn, patrol or sensor.")
  var source: TicketSource = .hotline

  @Option(help: "The room of a household in that stairwell, e.g. 302.")
  var room: String?

  @Option(
    help: ArgumentHelp(
      "A calendar file to count the deadline on (default: $XDG_CONFIG_HOME/weige/calendar.toml if it exists).",
      valueName: "file"))
  var calendar: String?

  func run() throws {
    // The terms in force now go into the request: editing the policy later moves no clock of it.
    let policy: SlaPolicy
    let workingCalendar: WorkingCalendar
    do {
      policy = try SlaFile.policy().policy
      workingCalendar = WorkingCalendar(try CalendarFile.policy(path: calendar).policy)
    } catch {
      throw CLIError(error.description)
    }
    let target = try store.open(.readWrite)
    let title = FreeText.trimmed(self.title)
    // The ticket takes the next free number as this state knows it; a writer that took it first
    // makes the append a version conflict on the new ticket's stream, and with the state caught
    // up the next number is tried. Nothing is appended on a stale state.
    var ledger = try target.openLedger()
    for _ in 0..<20 {
      let placeID = try resolvePlace(place, in: ledger)
      var household: HouseholdID?
      if let room {
        household = ledger.householdsByStairwell[placeID, default: []].first {
          ledger.households[$0]?.room == room
        }
        guard household != nil else { throw CLIError("there is no room \(room) in \(place)") }
      }
      let now = Timestamp.now
      let id = ledger.nextTicketID
      let (terms, due) = Deadline.opening(
        at: now, demandClass, urgency, policy: policy, calendar: workingCalendar)
      let event = NewEvent(
        time: now, actor: store.actor,
        body: .ticketRequested(
          TicketRequest(
            id: id, title: title, demandClass: demandClass, urgency: urgency, source: source, place: placeID,
            household: household, dueAt: due, terms: terms)))
      do {
        try ledger.validate(event)
      } catch {
        throw CLIError(error.chinese)
      }
      do {
        try target.append([event], decidedOn: ledger)
        print("点单 \(id) \(urgency.chineseName) \(title)")
        return
      } catch StoreError.versionConflict {
        try target.replay(into: &ledger)
      }
    }
    throw CLIError("could not number the ticket: other operators kept taking the next number; try again")
  }
}
