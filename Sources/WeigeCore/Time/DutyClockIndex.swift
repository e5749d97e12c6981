import HeapModule

/// The duty desk's clocks kept by the fold, so that a tick does not recompute every open ticket's
/// clocks (issue 13: ≤ 5 ms a tick with 100,000 open tickets; `weige bench duty`).
///
/// Clocks are computed by `Deadline` and only when an event touches their ticket or alert
/// (`note`). Between events a clock changes only at known moments: its 预警 starts, its deadline
/// passes, its next escalation step falls due. Each open ticket or alert keeps its earliest such
/// moment in a min-heap, so `advance` wakes only the clocks whose phase or due step changed. The
/// queries the duty view, the map's overdue counts and the escalation check read are kept current
/// alongside: the queue in nearest-deadline order, the counts by place, the subjects with a step due.
public struct DutyClockIndex: Sendable {
  /// The calendar every clock is counted on.
  public let calendar: WorkingCalendar
  /// The moment phases, counts and due steps are as of: the last `advance`, or the build.
  public private(set) var now: Timestamp
  private var entries: [DutySubject: DutyEntry] = [:]
  /// Every entry's place in the duty queue, sorted: the queue's order.
  private var order: [QueueKey] = []
  /// When each entry next changes, earliest first. An entry recomputed by a note leaves its older
  /// wake-up behind; the serial tells it apart, and it is dropped when it comes up.
  private var wakeups = Heap<Wakeup>()
  private var serial: UInt64 = 0
  /// The subjects with an escalation step due at `now`.
  private var dueSubjects: Set<DutySubject> = []
  private var counts: [PlaceID: DutyPhaseCounts] = [:]

  /// Every open ticket's and unacknowledged alert's clocks in `ledger`, at `now`.
  public init(_ ledger: Ledger, calendar: WorkingCalendar, now: Timestamp) {
    self.calendar = calendar
    self.now = now
    var pending: [Wakeup] = []
    let expected = ledger.tickets.count + ledger.alerts.count
    entries.reserveCapacity(expected)
    order.reserveCapacity(expected)
    pending.reserveCapacity(expected)
    func add(_ entry: DutyEntry?) {
      guard var entry else { return }
      if let wakeup = settle(&entry) { pending.append(wakeup) }
      take(entry)
      order.append(entry.queueKey)
    }
    for ticket in ledger.tickets.values where ticket.status.isOpen {
      add(Self.entry(for: ticket, calendar: calendar))
    }
    for alert in ledger.alerts.values where alert.clearedAt == nil {
      add(Self.entry(for: alert, calendar: calendar))
    }
    order.sort()
    wakeups = Heap(pending)
  }

  // MARK: Queries

  /// Open tickets and unacknowledged alerts with a running clock.
  public var count: Int { entries.count }

  /// Everything open, the nearest deadline first: the duty queue. Reading a prefix costs only
  /// the entries read.
  public var queue: DutyQueue { DutyQueue(order: order, entries: entries) }

  /// A ticket's or an alert's clocks as of the last note; nil once it no longer has any.
  public func entry(of subject: DutySubject) -> DutyEntry? { entries[subject] }

  /// A ticket's clocks: `Deadline.clocks(of:calendar:)` as of the last note about it.
  public func clocks(of ticket: TicketID) -> TicketClocks {
    entries[.ticket(ticket)]?.ticketClocks ?? TicketClocks()
  }

  /// An alert's acknowledgement clock: `Deadline.clock(of:calendar:)` as of the last note about it.
  public func clock(of alert: AlertID) -> DutyClock? { entries[.alert(alert)]?.acknowledge }

  /// The tickets and alerts filed at `place` itself (not under it) in 预警 or overdue at `now`.
  public func counts(at place: PlaceID) -> DutyPhaseCounts { counts[place] ?? DutyPhaseCounts() }

  /// Every escalation step due at `now` and not yet appended: the same steps, in the same order,
  /// as `Deadline.dueEscalations(in:at:calendar:)` on the ledger noted, found among the clocks
  /// that have a step due rather than over every open ticket.
  public var dueEscalations: [DueEscalation] {
    var due: [DueEscalation] = []
    for subject in dueSubjects.sorted(by: { $0.rank < $1.rank }) {
      guard let entry = entries[subject] else { continue }
      if let sign = entry.sign {
        Deadline.dueSteps(of: sign, terms: entry.terms, at: now, calendar: calendar, into: &due)
      }
      Deadline.dueSteps(of: entry.main, terms: entry.terms, at: now, calendar: calendar, into: &due)
    }
    return due
  }

  /// The steps to append now: `dueEscalations` less those `ledger` holds back (a silenced alert
  /// calls nobody, `Ledger.callsDesk`), as `Deadline.dueEscalations` leaves them out.
  public func dueEscalations(callingFrom ledger: Ledger) -> [DueEscalation] {
    dueEscalations.filter { ledger.callsDesk($0, at: now) }
  }

  // MARK: Keeping it current

  /// Recomputes the clocks of the ticket or alert `body` is about, from `ledger` as it stands
  /// after applying it: a request, 派单, 签收, a return, resolving, reopening, 延期, an escalation
  /// step; an alert raised, acknowledged, turned into a ticket or cleared. Other events change no clock.
  public mutating func note(_ body: EventBody, in ledger: Ledger) {
    if let id = body.ticketID {
      replace(.ticket(id), with: ledger.tickets[id].flatMap { Self.entry(for: $0, calendar: calendar) })
    }
    if let id = body.alertID {
      replace(.alert(id), with: ledger.alerts[id].flatMap { Self.entry(for: $0, calendar: calendar) })
    }
  }

  /// Moves the index to `moment` and returns the tickets and alerts whose phase changed or whose
  /// next escalation step fell due on the way (nothing when no clock changed, so a view need not
  /// redraw). A moment before the last one counts every clock again: a clock set back.
  @discardableResult
  public mutating func advance(to moment: Timestamp) -> [DutySubject] {
    guard moment >= now else { return settleAll(at: moment) }
    now = moment
    var changed: [DutySubject] = []
    while let first = wakeups.min, first.moment <= moment.rawValue {
      wakeups.removeMin()
      guard var entry = entries[first.subject], entry.wakeup == first.serial else { continue }
      let before = entry
      if let wakeup = settle(&entry) { wakeups.insert(wakeup) }
      entries[first.subject] = entry
      // Only what changed is touched: a tick an hour on wakes thousands.
      if before.phase != entry.phase {
        tally(before, -1)
        tally(entry, 1)
      }
      if before.isDue != entry.isDue {
        if entry.isDue { dueSubjects.insert(entry.subject) } else { dueSubjects.remove(entry.subject) }
      }
      if before.phase != entry.phase || before.isDue != entry.isDue { changed.append(entry.subject) }
    }
    return changed
  }

  private mutating func settleAll(at moment: Timestamp) -> [DutySubject] {
    now = moment
    counts = [:]
    dueSubjects = []
    var pending: [Wakeup] = []
    var changed: [DutySubject] = []
    for var entry in entries.values {
      let before = (entry.phase, entry.isDue)
      if let wakeup = settle(&entry) { pending.append(wakeup) }
      take(entry)
      if before != (entry.phase, entry.isDue) { changed.append(entry.subject) }
    }
    wakeups = Heap(pending)
    return changed
  }

  /// Puts `new` in the place of the subject's entry (none: it has no running clock any more).
  private mutating func replace(_ subject: DutySubject, with new: DutyEntry?) {
    let old = entries[subject]
    if let old {
      drop(old)
      entries[subject] = nil
      if old.queueKey != new?.queueKey, let index = order.sortedIndex(of: old.queueKey) {
        order.remove(at: index)
      }
    }
    guard var new else { return }
    if let wakeup = settle(&new) { wakeups.insert(wakeup) }
    take(new)
    if old?.queueKey != new.queueKey { order.insertSorted(new.queueKey) }
    // Each note leaves a wake-up behind: a heap mostly of those is rebuilt from the live ones.
    if wakeups.count > 2 * entries.count + 1024 {
      wakeups = Heap(entries.values.compactMap { $0.pendingWakeup })
    }
  }

  /// Sets an entry's phase and due step as of `now`, and the wake-up for its next change.
  private mutating func settle(_ entry: inout DutyEntry) -> Wakeup? {
    let moment = now.rawValue
    entry.phase = entry.phase(at: now)
    entry.isDue = entry.main.isStepDue(at: moment) || entry.sign?.isStepDue(at: moment) == true
    guard let next = earliest(entry.main.nextChange(after: moment), entry.sign?.nextChange(after: moment))
    else {
      entry.wakeup = 0
      return nil
    }
    serial += 1
    entry.wakeup = serial
    entry.wakeupAt = next
    return entry.pendingWakeup
  }

  /// Enters a settled entry in the table, the counts and the due set (not the queue's order).
  private mutating func take(_ entry: DutyEntry) {
    entries[entry.subject] = entry
    tally(entry, 1)
    if entry.isDue { dueSubjects.insert(entry.subject) }
  }

  /// Takes an entry out of the counts and the due set, before it changes.
  private mutating func drop(_ entry: DutyEntry) {
    tally(entry, -1)
    if entry.isDue { dueSubjects.remove(entry.subject) }
  }

  private mutating func tally(_ entry: DutyEntry, _ sign: Int) {
    guard entry.phase != .running else { return }
    let overdue = entry.phase == .overdue
    switch entry.subject {
    case .ticket:
      if overdue {
        counts[entry.place, default: .init()].overdueTickets += sign
      } else {
        counts[entry.place, default: .init()].warningTickets += sign
      }
    case .alert:
      if overdue {
        counts[entry.place, default: .init()].overdueAlerts += sign
      } else {
        counts[entry.place, default: .init()].warningAlerts += sign
      }
    }
    if counts[entry.place] == DutyPhaseCounts() { counts[entry.place] = nil }
  }

  private static func entry(for ticket: Ticket, calendar: WorkingCalendar) -> DutyEntry? {
    let clocks = Deadline.clocks(of: ticket, calendar: calendar)
    guard let resolve = clocks.resolve else { return nil }
    return DutyEntry(
      subject: .ticket(ticket.id), place: ticket.place, main: resolve, sign: clocks.sign,
      terms: Deadline.terms(of: ticket))
  }

  private static func entry(for alert: Alert, calendar: WorkingCalendar) -> DutyEntry? {
    guard let clock = Deadline.clock(of: alert, calendar: calendar) else { return nil }
    return DutyEntry(
      subject: .alert(alert.id), place: alert.place, main: clock, sign: nil, terms: Deadline.terms(of: alert))
  }
}

/// One open ticket's or unacknowledged alert's clocks, as the index keeps them.
public struct DutyEntry: Sendable, Equatable {
  public let subject: DutySubject
  /// Where it was filed.
  public let place: PlaceID
  /// The clock that runs while the subject is open: a ticket's 办结, an alert's acknowledgement.
  let main: DutyClock
  /// A dispatched ticket's 签收.
  let sign: DutyClock?
  /// The terms the clocks run under: their escalation steps.
  let terms: SlaTerms
  /// The most pressing of its clocks' phases at the index's `now`.
  public internal(set) var phase = DeadlinePhase.running
  var isDue = false
  /// The serial of the entry's live wake-up (0: none) and its moment.
  var wakeup: UInt64 = 0
  var wakeupAt: Int64 = 0

  /// A ticket's 签收 and 办结 (none for an alert).
  public var ticketClocks: TicketClocks {
    main.kind == .acknowledge ? TicketClocks() : TicketClocks(sign: sign, resolve: main)
  }

  /// An alert's acknowledgement clock (nil for a ticket).
  public var acknowledge: DutyClock? { main.kind == .acknowledge ? main : nil }

  /// The clock that runs out first: what the queue sorts by and shows first.
  public var nearest: DutyClock { ticketClocks.nearest ?? main }

  /// The most pressing of its clocks' phases at `now`: overdue if any clock is, else 预警 if any is.
  public func phase(at now: Timestamp) -> DeadlinePhase {
    let phase = main.phase(at: now)
    guard let other = sign?.phase(at: now), other.rawValue > phase.rawValue else { return phase }
    return other
  }

  fileprivate var queueKey: QueueKey { QueueKey(deadline: nearest.deadline.rawValue, subject: subject) }

  fileprivate var pendingWakeup: Wakeup? {
    wakeup == 0 ? nil : Wakeup(moment: wakeupAt, serial: wakeup, subject: subject)
  }
}

/// The duty queue: everything open, the nearest deadline first (ties: tickets before alerts, by
/// number). A view over the index as it was when read.
public struct DutyQueue: RandomAccessCollection, Sendable {
  fileprivate let order: [QueueKey]
  fileprivate let entries: [DutySubject: DutyEntry]

  public var startIndex: Int { 0 }
  public var endIndex: Int { order.count }

  public subscript(position: Int) -> DutyEntry {
    guard let entry = entries[order[position].subject] else {
      preconditionFailure("the queue's order names \(order[position].subject), which has no clocks")
    }
    return entry
  }
}

/// Open tickets and alerts filed at one place whose clocks are in 预警 or overdue.
public struct DutyPhaseCounts: Sendable, Equatable {
  public var warningTickets = 0
  public var overdueTickets = 0
  public var warningAlerts = 0
  public var overdueAlerts = 0

  public init() {}
}

/// An entry's position in the queue: its nearest deadline, then its subject.
private struct QueueKey: Comparable, Sendable {
  var deadline: Int64
  var subject: DutySubject

  static func < (lhs: Self, rhs: Self) -> Bool {
    (lhs.deadline, lhs.subject.rank) < (rhs.deadline, rhs.subject.rank)
  }
}

/// When an entry next changes; the serial is unique, and orders wake-ups of one moment.
private struct Wakeup: Comparable, Sendable {
  var moment: Int64
  var serial: UInt64
  var subject: DutySubject

  static func < (lhs: Self, rhs: Self) -> Bool { (lhs.moment, lhs.serial) < (rhs.moment, rhs.serial) }
  static func == (lhs: Self, rhs: Self) -> Bool { lhs.serial == rhs.serial }
}

extension DutySubject {
  /// Tickets before alerts, each by number: the order `Deadline.dueEscalations` walks the ledger in.
  fileprivate var rank: Rank {
    switch self {
    case .ticket(let id): Rank(kind: 0, id: id.rawValue)
    case .alert(let id): Rank(kind: 1, id: id.rawValue)
    }
  }

  fileprivate struct Rank: Comparable {
    var kind: Int
    var id: Int

    static func < (lhs: Self, rhs: Self) -> Bool { (lhs.kind, lhs.id) < (rhs.kind, rhs.id) }
  }
}

extension DutyClock {
  /// When its next step falls due: the step's moment, once the deadline has passed (Deadline's
  /// `dueSteps` takes a step when both hold).
  fileprivate var stepDue: Int64? { next.map { max($0.due.rawValue, deadline.rawValue + 1) } }

  fileprivate func isStepDue(at moment: Int64) -> Bool { stepDue.map { $0 <= moment } ?? false }

  /// The first moment after `moment` at which its phase changes or its next step falls due:
  /// 预警 starts at `warningAt`, overdue is past the deadline (`phase(at:)`).
  fileprivate func nextChange(after moment: Int64) -> Int64? {
    func after(_ candidate: Int64?) -> Int64? { candidate.flatMap { $0 > moment ? $0 : nil } }
    return earliest(earliest(after(warningAt.rawValue), after(deadline.rawValue + 1)), after(stepDue))
  }
}

/// The earlier of two moments, either of which may be missing.
private func earliest(_ a: Int64?, _ b: Int64?) -> Int64? {
  guard let a else { return b }
  guard let b else { return a }
  return min(a, b)
}
