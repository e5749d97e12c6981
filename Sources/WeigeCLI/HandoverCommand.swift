import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige duty handover …`: the shift's handover brief (交接班简报), the outgoing operator's notes,
/// and the incoming operator's signature.
struct DutyHandover: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "handover", abstract: "The handover brief (交接班简报) of a shift, and signing it.",
    subcommands: [HandoverShow.self, HandoverSign.self], defaultSubcommand: HandoverShow.self)
}

struct HandoverShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "The brief of the shift on duty now (or --shift): what happened, what is still open, the notes."
  )

  @OptionGroup var options: DutyOptions

  @Option(help: "The shift: \"2026-11-21 白班\" (default: the one on duty now).")
  var shift: String?

  @Option(help: "Add the outgoing operator's note to the brief (appended as an event).")
  var note: String?

  @Flag(help: "Print it as Markdown.")
  var markdown = false

  func run() throws {
    let l = options.calendar.lang
    let id = try shift.map { try parseShift($0, field: "--shift") } ?? ShiftID(containing: .now)
    let (calendar, _) = try options.calendar.load()
    let store = try options.store.open(note == nil ? .readOnly : .readWrite)
    var ledger = try store.openLedger()
    if let note {
      _ = try appendDecided(to: store, ledger: &ledger, language: l) { _ in
        [
          NewEvent(
            time: .now, actor: options.store.actor, body: .handoverNoted(id, note: FreeText.trimmed(note)))
        ]
      }
    }
    let brief = HandoverBrief(of: id, in: ledger, at: .now, calendar: calendar)
    if options.calendar.json {
      try printJSON(BriefJSON(brief, ledger: ledger))
    } else {
      print(
        HandoverText(brief: brief, ledger: ledger, language: l, markdown: markdown).lines.joined(
          separator: "\n"))
    }
  }
}

/// `weige duty handover sign`: the incoming operator has read the brief.
struct HandoverSign: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sign", abstract: "Sign the handover as the incoming operator (交接班签收).")

  @OptionGroup var options: DutyOptions

  @Option(help: "The outgoing shift (default: the one this operator takes over from).")
  var shift: String?

  func run() throws {
    let l = options.calendar.lang
    let store = try options.store.open(.readWrite)
    var ledger = try store.openLedger()
    let id =
      try shift.map { try parseShift($0, field: "--shift") }
      ?? ledger.duty.handoverToSign(by: options.store.actor, at: .now)
    let recorded = try appendDecided(to: store, ledger: &ledger, language: l) { _ in
      [NewEvent(time: .now, actor: options.store.actor, body: .handoverSigned(id))]
    }
    if let event = recorded.first {
      print(event.body.summary(in: ledger, language: l) + l("（\(event.actor)）", " (\(event.actor))"))
    }
  }
}

/// The brief as one JSON object.
struct BriefJSON: Encodable {
  struct TicketLine: Encodable {
    var ticket: String
    var title: String
    var urgency: String
    var place: String
    var status: String
    var owner: String?
    var clock: String?
    var deadline: Timestamp?
    var phase: String?
    var next: String?
  }

  var shift: String
  var onDuty: String?
  var leader: String?
  var start: Timestamp
  var end: Timestamp
  var opened: [String]
  var resolved: [String]
  var returned: [String]
  var escalated: [String]
  var open: [TicketLine]
  var alertsRaised: [String]
  var alertsCleared: [String]
  var ordersOpened: [String]
  var ordersClosed: [String]
  var notes: [String]
  var signedBy: String?
  var signedAt: Timestamp?

  init(_ brief: HandoverBrief, ledger: Ledger) {
    shift = "\(brief.shift.date) \(brief.shift.kind.englishName)"
    onDuty = brief.roster?.operatorName
    leader = brief.roster?.leader
    start = brief.start
    end = brief.end
    opened = brief.opened.map(\.id.description)
    resolved = brief.resolved.map(\.id.description)
    returned = brief.returned.map(\.id.description)
    escalated = brief.escalated.map { "\($0.subject) \($0.record.text(.en))" }
    open = brief.open.map { item in
      TicketLine(
        ticket: item.ticket.id.description, title: item.ticket.title,
        urgency: item.ticket.urgency.englishName,
        place: ledger.fieldName(of: item.ticket.place), status: item.ticket.status.englishName,
        owner: item.owner,
        clock: item.clock?.kind.englishName, deadline: item.clock?.deadline,
        phase: item.clock.map { String(describing: $0.phase(at: brief.end)) }, next: item.next.englishName)
    }
    alertsRaised = brief.alertsRaised.map(\.id.description)
    alertsCleared = brief.alertsCleared.map(\.id.description)
    ordersOpened = brief.ordersOpened.map(\.id.description)
    ordersClosed = brief.ordersClosed.map(\.id.description)
    notes = brief.handover.notes.map { "\($0.actor): \($0.text)" }
    signedBy = brief.handover.signedBy
    signedAt = brief.handover.signedAt
  }
}
