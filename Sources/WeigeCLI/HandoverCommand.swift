import ArgumentParser
import Foundation
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
    let current = ShiftID(containing: .now)
    // Signed just before the change of shift, it is the current shift's; just after, the last one's.
    let id =
      try shift.map { try parseShift($0, field: "--shift") }
      ?? (ledger.duty.roster[current.next]?.operatorName == options.store.actor ? current : current.previous)
    let recorded = try appendDecided(to: store, ledger: &ledger, language: l) { _ in
      [NewEvent(time: .now, actor: options.store.actor, body: .handoverSigned(id))]
    }
    if let event = recorded.first {
      print(event.body.summary(in: ledger, language: l) + l("（\(event.actor)）", " (\(event.actor))"))
    }
  }
}

/// The brief in words, as text or Markdown.
struct HandoverText {
  let brief: HandoverBrief
  let ledger: Ledger
  let language: Language
  let markdown: Bool

  var lines: [String] {
    let l = language
    var lines: [String] = []
    func heading(_ text: String) { lines.append(markdown ? "\n## " + text : text) }
    func item(_ text: String) { lines.append((markdown ? "- " : "  ") + text) }
    let who =
      brief.roster.map {
        l("（值班 \($0.operatorName)，带班 \($0.leader)）", " (on duty \($0.operatorName), leader \($0.leader))")
      } ?? l("（排班表中无人）", " (no one rostered)")
    lines.append(
      (markdown ? "# " : "") + l("交接班简报 ", "Handover brief ") + brief.shift.name(l) + " " + brief.shift.hours
        + who)
    let ended = brief.end >= brief.shift.end
    lines.append(
      l("时段 ", "window ") + ChinaTime.text(brief.start) + " — " + ChinaTime.text(brief.end)
        + (ended ? "" : l("（未结束）", " (not over)")))
    func ticket(_ t: Ticket) -> String {
      "\(t.id) \(t.urgency.name(l)) \(t.title) · \(ledger.fieldName(of: t.place))"
    }
    heading(l("本班工单", "Tickets this shift"))
    lines.append(
      (markdown ? "" : "  ")
        + l(
          "新开 \(brief.opened.count)  办结 \(brief.resolved.count)  退单 \(brief.returned.count)  督办 \(brief.escalated.count)",
          "opened \(brief.opened.count)  resolved \(brief.resolved.count)  returned \(brief.returned.count)  escalated \(brief.escalated.count)"
        ))
    for t in brief.opened { item(l("新开 ", "opened ") + ticket(t)) }
    for t in brief.resolved { item(l("办结 ", "resolved ") + ticket(t)) }
    for t in brief.returned { item(l("退单 ", "returned ") + ticket(t)) }
    for step in brief.escalated {
      let subject: String
      switch step.subject {
      case .ticket(let id): subject = id.description
      case .alert(let id):
        subject =
          ledger.alerts[id].map { "\($0.kind.name(l)) \(ledger.fieldName(of: $0.place))" } ?? id.description
      }
      item(step.record.time.chinaClock + " " + subject + " " + step.record.text(l))
    }
    heading(l("仍未办结 \(brief.open.count)", "Still open \(brief.open.count)"))
    for open in brief.open {
      var text = ticket(open.ticket) + " · " + (open.owner ?? l("未派单", "no one"))
      if let clock = open.clock {
        let phase = clock.phase(at: brief.end)
        text += " · " + clock.kind.name(l) + l("时限 ", " due ") + ChinaTime.text(clock.deadline)
        if phase != .running {
          text += l("（\(phase == .overdue ? "超时" : "预警")）", " (\(phase == .overdue ? "overdue" : "warning"))")
        }
        if clock.stepsTaken > 0 {
          text += l(" 已督办 \(clock.stepsTaken) 步", " \(clock.stepsTaken) steps escalated")
        }
      }
      item(text + " → " + open.next.name(l))
    }
    heading(l("告警", "Alerts"))
    lines.append(
      (markdown ? "" : "  ")
        + l(
          "新 \(brief.alertsRaised.count)  解除 \(brief.alertsCleared.count)",
          "raised \(brief.alertsRaised.count)  cleared \(brief.alertsCleared.count)"))
    for alert in brief.alertsRaised {
      item(
        l("告警 ", "raised ")
          + "\(alert.raisedAt.chinaClock) \(alert.kind.name(l)) \(ledger.fieldName(of: alert.place))")
    }
    for alert in brief.alertsCleared {
      item(l("解除 ", "cleared ") + "\(alert.kind.name(l)) \(ledger.fieldName(of: alert.place))")
    }
    heading(l("动员令", "Mobilization orders"))
    lines.append(
      (markdown ? "" : "  ")
        + l(
          "下达 \(brief.ordersOpened.count)  结束 \(brief.ordersClosed.count)",
          "issued \(brief.ordersOpened.count)  closed \(brief.ordersClosed.count)"))
    for order in brief.ordersOpened { item(l("下达 ", "issued ") + "\(order.id) \(order.title)") }
    for order in brief.ordersClosed { item(l("结束 ", "closed ") + "\(order.id) \(order.title)") }
    heading(l("交班说明", "Notes"))
    if brief.handover.notes.isEmpty { item(l("无", "none")) }
    for note in brief.handover.notes { item("\(note.time.chinaClock) \(note.actor)：\(note.text)") }
    heading(l("接班签收", "Signed"))
    if let by = brief.handover.signedBy, let at = brief.handover.signedAt {
      item(l("\(by) 于 \(ChinaTime.text(at)) 签收", "by \(by) at \(ChinaTime.text(at))"))
    } else {
      item(l("未签收", "not signed"))
    }
    return lines
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
