/// The handover brief (交接班简报) of one shift: what happened in its window and everything the
/// next shift inherits, each open ticket with its owner, its next clock and what must happen next.
/// A pure function of the ledger, the moment and the calendar; `weige duty handover` prints it and
/// the duty view will show it.
public struct HandoverBrief: Sendable {
  /// A ticket still open at the end of the window.
  public struct OpenTicket: Sendable {
    public var ticket: Ticket
    /// Who holds it (the assignee), if anyone.
    public var owner: String?
    /// The clock that runs out first.
    public var clock: DutyClock?
    public var next: NextAction
  }

  /// What must happen to an open ticket next.
  public enum NextAction: Sendable, FieldTerm {
    /// 点单 or 退单: someone must be sent (派单).
    case dispatch
    /// 派单: the assignee must sign for it (签收).
    case sign
    /// 接单: the assignee must finish it (办结).
    case resolve

    public var chineseName: String {
      switch self {
      case .dispatch: "待派单"
      case .sign: "待签收"
      case .resolve: "待办结"
      }
    }

    public var englishName: String {
      switch self {
      case .dispatch: "to dispatch"
      case .sign: "to be signed for"
      case .resolve: "to resolve"
      }
    }
  }

  /// An escalation step taken in the window, on a ticket or an alert.
  public struct Escalation: Sendable {
    public var subject: DutySubject
    public var record: EscalationRecord
  }

  public var shift: ShiftID
  /// Who held it, as the roster says.
  public var roster: RosterShift?
  /// Its start, and its end or `now` if it has not ended.
  public var start: Timestamp
  public var end: Timestamp
  public var opened: [Ticket] = []
  public var resolved: [Ticket] = []
  public var returned: [Ticket] = []
  public var escalated: [Escalation] = []
  /// Open at the end of the window, the nearest clock first.
  public var open: [OpenTicket] = []
  public var alertsRaised: [Alert] = []
  public var alertsCleared: [Alert] = []
  public var ordersOpened: [Mobilization] = []
  public var ordersClosed: [Mobilization] = []
  /// The outgoing operator's notes and the incoming one's signature.
  public var handover: Handover

  public init(of shift: ShiftID, in ledger: Ledger, at now: Timestamp, calendar: WorkingCalendar) {
    self.shift = shift
    roster = ledger.duty.roster[shift]
    start = shift.start
    end = min(shift.end, max(now, shift.start))
    handover = ledger.duty.handovers[shift] ?? Handover()
    let window = start..<end
    for ticket in ledger.tickets.values {
      if window.contains(ticket.requestedAt) { opened.append(ticket) }
      if ticket.timeline.contains(where: { $0.status == .resolved && window.contains($0.time) }) {
        resolved.append(ticket)
      }
      if ticket.timeline.contains(where: { $0.status == .returned && window.contains($0.time) }) {
        returned.append(ticket)
      }
      for record in ticket.escalations where window.contains(record.time) {
        escalated.append(Escalation(subject: .ticket(ticket.id), record: record))
      }
      guard ticket.status.isOpen, ticket.requestedAt < end else { continue }
      let next: NextAction =
        switch ticket.status {
        case .dispatched: .sign
        case .accepted: .resolve
        default: .dispatch
        }
      open.append(
        OpenTicket(
          ticket: ticket, owner: ticket.assignee.flatMap { ledger.people[$0]?.name },
          clock: Deadline.clocks(of: ticket, calendar: calendar).nearest, next: next))
    }
    for alert in ledger.alerts.values {
      if window.contains(alert.raisedAt) { alertsRaised.append(alert) }
      if let cleared = alert.clearedAt, window.contains(cleared) { alertsCleared.append(alert) }
      for record in alert.escalations where window.contains(record.time) {
        escalated.append(Escalation(subject: .alert(alert.id), record: record))
      }
    }
    for order in ledger.mobilizations.values {
      if window.contains(order.issuedAt) { ordersOpened.append(order) }
      if let closed = order.closedAt, window.contains(closed) { ordersClosed.append(order) }
    }
    escalated.sort { $0.record.time < $1.record.time }
    open.sort {
      ($0.clock?.deadline ?? Timestamp(milliseconds: .max), $0.ticket.id) < (
        $1.clock?.deadline ?? Timestamp(milliseconds: .max), $1.ticket.id
      )
    }
  }
}
