import WeigeCore
import WeigeUI

/// One line of the duty desk's queue: an open ticket with its 签收 and 办结 clocks, or an
/// unacknowledged alert with its 确认 clock.
public struct DutyRow: Equatable, Sendable {
  public var subject: DutySubject
  /// 签收 for a ticket waiting to be signed for after 派单; 确认 for an alert.
  public var first: DutyClock?
  /// 办结 for a ticket.
  public var resolve: DutyClock?

  /// The clock that runs out first: the queue's order.
  public var nearest: DutyClock? {
    [first, resolve].compactMap { $0 }.min { $0.deadline < $1.deadline }
  }
}

/// The queue's rows and totals for the place in focus, kept until an event or the focus changes
/// (the clocks' deadlines do not move with the clock; only their phases do, read at draw time).
struct DutyRows {
  var rows: [DutyRow]
  /// Some deadline leaned on Monday–Friday in a year without a State Council notice.
  var usesWeekdayFallback: Bool
}

/// What the duty queue's cache depends on.
struct DutyKey: Equatable {
  var sequence: Int64
  var focus: PlaceID?
}

extension Dashboard {
  /// Every open ticket and unacknowledged alert under the focus, in the clock index's order (the
  /// one whose nearest clock runs out first on top); subjects without a clock (an alert already
  /// acknowledged) are not the desk's to chase and are not in the index.
  func dutyRows() -> DutyRows {
    dutyCache.value(for: DutyKey(sequence: ledger.lastSequence, focus: navigation.focus)) {
      let clocks = index.clocks
      var rows: [DutyRow] = []
      var fallback = false
      let under: Set<DutySubject>? =
        navigation.focus == nil
        ? nil : Set(openTickets().map { .ticket($0.id) } + activeAlerts().map { .alert($0.id) })
      for entry in clocks.queue where under?.contains(entry.subject) ?? true {
        let row = DutyRow(
          subject: entry.subject, first: entry.ticketClocks.sign ?? entry.acknowledge,
          resolve: entry.ticketClocks.resolve)
        fallback = fallback || [row.first, row.resolve].contains { $0?.usesWeekdayFallback == true }
        rows.append(row)
      }
      return DutyRows(rows: rows, usesWeekdayFallback: fallback)
    }
  }

  /// The duty queue's rows under the focus, the clock that runs out first on top.
  public func dutyQueue() -> [DutyRow] { dutyRows().rows }

  /// A subject's urgency: a ticket's own, an alert's as its ticket would be.
  func urgency(of subject: DutySubject) -> Urgency {
    switch subject {
    case .ticket(let id): ledger.tickets[id]?.urgency ?? .normal
    case .alert(let id): ledger.alerts[id]?.kind.urgency ?? .normal
    }
  }

  /// The row selected in the duty queue.
  func selectedDutyRow() -> DutyRow? {
    let rows = dutyRows().rows
    return rows.indices.contains(navigation.detailSelection) ? rows[navigation.detailSelection] : nil
  }

  /// What is left on a clock, or how far past it is: `剩 1工作日3h`, `剩 25m`, `超 2h`. A working
  /// clock counts working time (a night does not use it up); a wall clock counts hours.
  func clockWords(_ clock: DutyClock) -> String {
    let left =
      clock.isWallClock
      ? clock.deadline.rawValue - now.rawValue
      : calendar.workingTime(from: now, to: clock.deadline).milliseconds
    let overdue = now > clock.deadline
    let word = overdue ? language("超", "over ") : language("剩", "left ")
    let minutes = Int(abs(left) / 60_000)
    let text: String
    if !clock.isWallClock, minutes >= calendar.hours.minutesPerDay {
      let perDay = calendar.hours.minutesPerDay
      let rest = minutes % perDay
      text =
        language("\(minutes / perDay)工作日", "\(minutes / perDay)wd")
        + (rest >= 60 ? "\(rest / 60)h" : rest > 0 ? "\(rest)m" : "")
    } else {
      text = duration(Int64(minutes) * 60_000)
    }
    return word + text
  }

  /// A clock in the warning colour from 预警, in the overdue colour (bold, so that it reads without
  /// colour too) past its deadline.
  func clockStyle(_ clock: DutyClock) -> Style {
    switch clock.phase(at: now) {
    case .running: theme.style(.text)
    case .warning: theme.style(.warn).bolded()
    case .overdue: theme.style(.critical).bolded()
    }
  }

  /// How far up the ladder a subject has gone: the last level told (`社区书记`), `提醒` after a
  /// reminder only, `督办` when an operator escalated it by hand; `—` for none.
  func escalationWords(_ subject: DutySubject) -> String {
    let records: [EscalationRecord]
    var byHand = false
    switch subject {
    case .ticket(let id):
      records = ledger.tickets[id]?.escalations ?? []
      byHand = ledger.tickets[id]?.isEscalated == true
    case .alert(let id):
      records = ledger.alerts[id]?.escalations ?? []
    }
    if let level = records.last(where: { !$0.isReminder }) {
      return language(level.level, level.englishLevel)
    }
    if byHand { return language("督办", "escalated") }
    return records.isEmpty ? "—" : language("已提醒", "reminded")
  }
}
