import Foundation

/// When a ticket must be signed for (签收) and resolved (办结), when an alert must be
/// acknowledged, which escalation steps are due, and when a mobilization order must be done: the
/// one home of those decisions. Ticket clocks count on a `WorkingCalendar` under the terms the
/// ticket was opened with (`SlaTerms`, from the SLA policy); see "Duty desk" in the README.
public enum Deadline {
  /// The resolve-by moment of a ticket requested at `requestedAt` by a writer that records no
  /// terms (the dashboard's palette, until the duty view moves it to `opening`): wall-clock hours
  /// by urgency. Such a ticket's 办结 clock is this moment; its other clocks and its ladder are
  /// the shipped policy's (`terms(of:)`).
  public static func resolve(requestedAt: Timestamp, urgency: Urgency) -> Timestamp {
    requestedAt.adding(hours: urgency.slaHours)
  }

  /// What a ticket requested at `time` is opened under: its cell of `policy`, and its 办结
  /// deadline on `calendar`, both for its request (`TicketRequest.terms`, `dueAt`).
  public static func opening(
    at time: Timestamp, _ demandClass: DemandClass, _ urgency: Urgency, policy: SlaPolicy,
    calendar: WorkingCalendar
  ) -> (terms: SlaTerms, dueAt: Timestamp) {
    let terms = policy.terms(demandClass, urgency)
    return (terms, calendar.due(from: time, limit: terms.resolve).moment)
  }

  /// The terms a ticket's clocks run under: those its request recorded, else the shipped
  /// policy's for its class and urgency.
  public static func terms(of ticket: Ticket) -> SlaTerms {
    ticket.terms ?? SlaPolicy.shipped.terms(ticket.demandClass, ticket.urgency)
  }

  /// An alert's, as a ticket's: the cell of its kind's class and urgency.
  public static func terms(of alert: Alert) -> SlaTerms {
    alert.terms ?? SlaPolicy.shipped.terms(alert.kind.demandClass, alert.kind.urgency)
  }

  /// An order's deadline as the operator gave it, counted from `issuedAt`: a span is added, a
  /// moment is taken as it is.
  public static func order(issuedAt: Timestamp, _ spec: DeadlineSpec) -> Timestamp {
    switch spec {
    case .within(let milliseconds): Timestamp(milliseconds: issuedAt.rawValue + milliseconds)
    case .at(let moment): moment.resolved(after: issuedAt)
    }
  }

  /// An extension of an order whose deadline is `current`: a span moves it that much later, a
  /// moment replaces it.
  public static func extended(_ current: Timestamp, _ spec: DeadlineSpec) -> Timestamp {
    switch spec {
    case .within(let milliseconds): Timestamp(milliseconds: current.rawValue + milliseconds)
    case .at(let moment): moment.resolved(after: current)
    }
  }

  /// The last fifth of an order's time is its warning time (the countdown turns to the warning
  /// colour); past the deadline it is overdue.
  public static let warningShare = 0.2

  /// Where an order issued at `issuedAt` with `deadline` stands at `now`.
  public static func phase(issuedAt: Timestamp, deadline: Timestamp, now: Timestamp) -> DeadlinePhase {
    if now > deadline { return .overdue }
    let allotted = Double(deadline.rawValue - issuedAt.rawValue)
    return Double(deadline.rawValue - now.rawValue) <= allotted * warningShare ? .warning : .running
  }
}

// MARK: The duty desk's clocks

/// A running clock of the duty desk: a ticket's 签收 or 办结, an alert's acknowledgement.
public struct DutyClock: Sendable, Equatable {
  public var subject: DutySubject
  public var kind: DutyClockKind
  /// When it started: the 派单, the request or reopening, the alert.
  public var start: Timestamp
  public var deadline: Timestamp
  /// When 预警 starts: the policy's share of the clock's time used.
  public var warningAt: Timestamp
  /// Some day the deadline depends on is in a year without a State Council notice.
  public var usesWeekdayFallback: Bool
  /// Counted on the wall clock (an emergency's, or a ticket recorded without terms): what is left
  /// is hours and minutes, not working days.
  public var isWallClock: Bool
  /// The steps already taken (reminder, ladder levels), and the next one, if any remains.
  public var stepsTaken: Int
  public var next: DutyStep?
  /// What tells this run of the clock from an earlier one: part of each step's event id.
  let epoch: ClockRun

  /// Running, 预警, or past the deadline (超时).
  public func phase(at now: Timestamp) -> DeadlinePhase {
    now > deadline ? .overdue : now >= warningAt ? .warning : .running
  }
}

/// One run of a clock: when it started (the 派单, the request or reopening, the alert) and how many
/// 延期 it has had. Kept as numbers; the event id spells it out only when a step is appended.
struct ClockRun: Hashable, Sendable {
  var start: Timestamp
  var extensions: Int
}

/// A step of a clock: which, when it falls due, and who is then told (nil for the reminder).
public struct DutyStep: Sendable, Equatable {
  public var index: Int
  public var due: Timestamp
  public var level: EscalationLevel?
}

/// A ticket's clocks: 签收 while it waits to be accepted after 派单, and 办结 while it is open.
public struct TicketClocks: Sendable, Equatable {
  public var sign: DutyClock?
  public var resolve: DutyClock?

  /// The clock that runs out first: what the duty queue sorts by and shows first.
  public var nearest: DutyClock? {
    guard let sign, let resolve else { return sign ?? resolve }
    return resolve.deadline < sign.deadline ? resolve : sign
  }
}

/// An escalation step that is due and not yet appended: the event that records it, under an id
/// every process derives alike.
public struct DueEscalation: Sendable, Equatable {
  public var escalation: DutyEscalation
  public var due: Timestamp
  public var level: EscalationLevel?
  let epoch: ClockRun

  /// The event to append, at `time` by `actor` (a second process appending the same step
  /// proposes the same id, stream, kind and payload, which the store skips as already there).
  public func event(at time: Timestamp, actor: String) -> NewEvent {
    NewEvent(
      id: Deadline.eventID(for: escalation, epoch: epoch), time: time, actor: actor,
      body: .escalated(escalation))
  }
}

extension Deadline {
  /// A ticket's clocks on `calendar`. O(1) working-time questions each (plus one a 延期).
  public static func clocks(of ticket: Ticket, calendar: WorkingCalendar) -> TicketClocks {
    guard ticket.status.isOpen else { return TicketClocks() }
    let terms = terms(of: ticket)
    let subject = DutySubject.ticket(ticket.id)
    var clocks = TicketClocks()
    if ticket.status == .dispatched, let start = ticket.signFrom {
      let due = calendar.due(from: start, limit: terms.sign)
      clocks.sign = clock(
        subject, .sign, start: start, due: due, wallClock: terms.sign.isWallClock, terms: terms,
        taken: ticket.signSteps, epoch: ClockRun(start: start, extensions: 0), calendar: calendar)
    }
    var due: Due
    var wallClock = terms.resolve.isWallClock
    if ticket.terms == nil && ticket.resolveFrom == ticket.requestedAt {
      // Recorded without terms: the writer's own deadline (moved by each 延期's `to`).
      due = Due(moment: ticket.dueAt, usesWeekdayFallback: false)
      wallClock = true
    } else {
      due = calendar.due(from: ticket.resolveFrom, limit: terms.resolve)
      for granted in ticket.extensions {
        let later = calendar.due(from: due.moment, limit: granted.by)
        due = Due(
          moment: later.moment, usesWeekdayFallback: due.usesWeekdayFallback || later.usesWeekdayFallback)
      }
    }
    clocks.resolve = clock(
      subject, .resolve, start: ticket.resolveFrom, due: due, wallClock: wallClock, terms: terms,
      taken: ticket.resolveSteps,
      epoch: ClockRun(start: ticket.resolveFrom, extensions: ticket.extensions.count),
      calendar: calendar)
    return clocks
  }

  /// An alert's acknowledgement clock, while it is neither acknowledged, turned into a ticket, nor cleared.
  public static func clock(of alert: Alert, calendar: WorkingCalendar) -> DutyClock? {
    guard alert.clearedAt == nil, alert.acknowledgedAt == nil, alert.ticket == nil else { return nil }
    let terms = terms(of: alert)
    return clock(
      .alert(alert.id), .acknowledge, start: alert.raisedAt,
      due: calendar.due(from: alert.raisedAt, limit: terms.acknowledge),
      wallClock: terms.acknowledge.isWallClock,
      terms: terms, taken: alert.acknowledgeSteps, epoch: ClockRun(start: alert.raisedAt, extensions: 0),
      calendar: calendar)
  }

  /// The new 办结 deadline if the ticket's is extended `by` now: its clock's deadline moved on.
  public static func extended(_ ticket: Ticket, by limit: WorkingTimeLimit, calendar: WorkingCalendar)
    -> Timestamp?
  {
    guard let current = clocks(of: ticket, calendar: calendar).resolve?.deadline else { return nil }
    return calendar.due(from: current, limit: limit).moment
  }

  /// Every escalation step due at `now` and not yet appended, over every open ticket and active
  /// alert of `ledger`, in order per clock (a clock that has missed two steps yields both): the one
  /// answer that `weige duty watch` and the dashboard append. Pure: the same ledger, moment and
  /// calendar give the same steps, so every process proposes the same events.
  public static func dueEscalations(in ledger: Ledger, at now: Timestamp, calendar: WorkingCalendar)
    -> [DueEscalation]
  {
    var due: [DueEscalation] = []
    for ticket in ledger.tickets.values where ticket.status.isOpen {
      let clocks = clocks(of: ticket, calendar: calendar)
      let terms = terms(of: ticket)
      if let sign = clocks.sign { dueSteps(of: sign, terms: terms, at: now, calendar: calendar, into: &due) }
      if let resolve = clocks.resolve {
        dueSteps(of: resolve, terms: terms, at: now, calendar: calendar, into: &due)
      }
    }
    for alert in ledger.alerts.values where alert.clearedAt == nil {
      if let clock = clock(of: alert, calendar: calendar) {
        dueSteps(of: clock, terms: terms(of: alert), at: now, calendar: calendar, into: &due)
      }
    }
    return due.filter { ledger.callsDesk($0, at: now) }
  }

  /// The steps of one clock due at `now` and not yet appended, in order (a clock that has missed
  /// two steps yields both): what `dueEscalations` and `DutyClockIndex` collect per clock.
  static func dueSteps(
    of clock: DutyClock, terms: SlaTerms, at now: Timestamp, calendar: WorkingCalendar,
    into due: inout [DueEscalation]
  ) {
    guard clock.deadline < now else { return }
    var index = clock.stepsTaken
    while let step = step(index, of: clock.kind, deadline: clock.deadline, terms: terms, calendar: calendar),
      step.due <= now
    {
      due.append(
        DueEscalation(
          escalation: DutyEscalation(
            subject: clock.subject, clock: clock.kind, step: index, deadline: clock.deadline),
          due: step.due, level: step.level, epoch: clock.epoch))
      index += 1
    }
  }

  /// The steps of a clock kind under `terms`: for 签收 and acknowledgement the reminder at the
  /// deadline and the ladder's first level `remind` later; for 办结 each level of the ladder, its
  /// delay after the deadline.
  static func step(
    _ index: Int, of kind: DutyClockKind, deadline: Timestamp, terms: SlaTerms, calendar: WorkingCalendar
  ) -> DutyStep? {
    guard let target = target(index, of: kind, terms: terms) else { return nil }
    let delay: WorkingTimeLimit
    switch target {
    case .reminder: return DutyStep(index: index, due: deadline, level: nil)
    case .level(let level): delay = kind.remindsFirst ? terms.remind : level.after
    }
    let due = delay.isZero ? deadline : calendar.due(from: deadline, limit: delay).moment
    return DutyStep(index: index, due: due, level: target.level)
  }

  /// Who step `index` of a clock tells; nil past the clock's last step.
  static func target(_ index: Int, of kind: DutyClockKind, terms: SlaTerms) -> StepTarget? {
    if kind.remindsFirst {
      if index == 0 { return .reminder }
      return index == 1 && !terms.ladder.isEmpty ? .level(terms.ladder[0]) : nil
    }
    return terms.ladder.indices.contains(index) ? .level(terms.ladder[index]) : nil
  }

  /// A step either reminds the one who must act or tells a level of the ladder.
  enum StepTarget {
    case reminder
    case level(EscalationLevel)

    var level: EscalationLevel? { if case .level(let level) = self { level } else { nil } }
  }

  /// The history entry for an appended step; nil for a step the terms do not have.
  static func record(_ escalation: DutyEscalation, terms: SlaTerms, time: Timestamp, actor: String)
    -> EscalationRecord?
  {
    guard escalation.step >= 0, let target = target(escalation.step, of: escalation.clock, terms: terms)
    else {
      return nil
    }
    return EscalationRecord(
      clock: escalation.clock, step: escalation.step, level: target.level?.name ?? "",
      englishLevel: target.level?.englishName ?? "",
      deadline: escalation.deadline, time: time, actor: actor)
  }

  /// A step's event id: a function of the subject, the clock, the run of the clock (`epoch`) and
  /// the step, never of who noticed it or when. FNV-1a over that key, with two seeds for the two
  /// halves.
  static func eventID(for escalation: DutyEscalation, epoch: ClockRun) -> EventID {
    let key =
      "duty.escalated|\(escalation.subject)|\(escalation.clock.englishName)|\(epoch.start.rawValue)+\(epoch.extensions)|\(escalation.step)"
    func fnv(_ seed: UInt64) -> UInt64 {
      var hash = seed
      for byte in key.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
      }
      return hash
    }
    return EventID(high: fnv(0xCBF2_9CE4_8422_2325), low: fnv(0x8422_2325_CBF2_9CE4))
  }

  private static func clock(
    _ subject: DutySubject, _ kind: DutyClockKind, start: Timestamp, due: Due, wallClock: Bool,
    terms: SlaTerms,
    taken: Int, epoch: ClockRun, calendar: WorkingCalendar
  ) -> DutyClock {
    let next = step(taken, of: kind, deadline: due.moment, terms: terms, calendar: calendar)
    return DutyClock(
      subject: subject, kind: kind, start: start, deadline: due.moment,
      warningAt: warning(
        from: start, to: due.moment, percent: terms.warningPercent, wallClock: wallClock, calendar: calendar),
      usesWeekdayFallback: due.usesWeekdayFallback, isWallClock: wallClock, stepsTaken: taken, next: next,
      epoch: epoch)
  }

  /// The moment `percent` of the time from `start` to `deadline` is used: working time for a
  /// working-time clock (a clock received at night does not warn before the office opens),
  /// wall-clock time for a wall-clock one.
  private static func warning(
    from start: Timestamp, to deadline: Timestamp, percent: Int, wallClock: Bool, calendar: WorkingCalendar
  ) -> Timestamp {
    if wallClock {
      return Timestamp(
        milliseconds: start.rawValue + (deadline.rawValue - start.rawValue) * Int64(percent) / 100)
    }
    let span = calendar.workingTime(from: start, to: deadline).milliseconds
    let used = span * Int64(percent) / 100
    guard used > 0 else { return start }
    return calendar.due(from: start, limit: .workingMinutes(Int((used + 59_999) / 60_000))).moment
  }
}

extension WorkingTimeLimit {
  /// Counted on the wall clock: nights and holidays count.
  public var isWallClock: Bool { if case .wallClockMinutes = self { true } else { false } }
}

/// Where a deadline stands: time enough, the last fifth, or passed.
public enum DeadlinePhase: UInt8, Sendable, FieldTerm {
  case running, warning, overdue

  public var chineseName: String {
    switch self {
    case .running: "进行中"
    case .warning: "临近时限"
    case .overdue: "已超时"
    }
  }
}

/// A deadline as an operator types it: a span (`45m`, `1h30m`, `90s`, `45分钟`, `2小时`, and for a
/// 揭榜 item's by-when `14d`, `14天`) or a moment (`21:30`, the next such time in China; `2026-11-21 21:30`).
public enum DeadlineSpec: Sendable, Equatable {
  case within(milliseconds: Int64)
  case at(Moment)

  /// A moment of a deadline: a whole date and time, or a time of day that means its next
  /// occurrence after the order's issue (or the deadline it extends).
  public enum Moment: Sendable, Equatable {
    case exactly(Timestamp)
    case clock(hour: Int, minute: Int)

    func resolved(after start: Timestamp) -> Timestamp {
      switch self {
      case .exactly(let time): return time
      case .clock(let hour, let minute):
        let day = start.startOfDayInChina
        let today = Timestamp(milliseconds: day.rawValue + Int64(hour * 60 + minute) * 60_000)
        return today > start ? today : today.adding(hours: 24)
      }
    }
  }

  /// Reads what an operator typed; the refusal says what would have been understood.
  public init(parsing text: String) throws(DomainError) {
    let text = FreeText.trimmed(text)
    if let span = Self.span(text) {
      guard span > 0 else {
        throw DomainError("时限须大于零：\(text)", english: "a deadline span must be above zero, not \(text)")
      }
      self = .within(milliseconds: span)
    } else if let moment = Self.moment(text) {
      self = .at(moment)
    } else {
      throw DomainError(
        "'\(text)' 不是时长（45m、1h30m、45分钟）或时刻（21:30、2026-11-21 21:30）",
        english: "'\(text)' is not a span (45m, 1h30m, 90s) or a time (21:30, 2026-11-21 21:30)")
    }
  }

  /// `1h30m`, `45m`, `90s`, `2小时`, `45分钟`, `45分`, `30秒`, `14d`, `14天`: numbers each followed by a unit.
  private static func span(_ text: String) -> Int64? {
    let units: [(String, Int64)] = [
      ("小时", 3_600_000), ("分钟", 60_000), ("min", 60_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000),
      ("分", 60_000), ("秒", 1_000), ("d", 86_400_000), ("天", 86_400_000),
    ]
    var rest = Substring(text.lowercased())
    var total: Int64 = 0
    guard !rest.isEmpty else { return nil }
    while !rest.isEmpty {
      let digits = rest.prefix { $0.isASCII && $0.isNumber }
      guard !digits.isEmpty, digits.count <= 6, let number = Int64(digits) else { return nil }
      rest = rest.dropFirst(digits.count)
      guard let (unit, scale) = units.first(where: { rest.hasPrefix($0.0) }) else { return nil }
      rest = rest.dropFirst(unit.count)
      total += number * scale
    }
    return total
  }

  /// `21:30` or `yyyy-MM-dd HH:mm`, China time.
  private static func moment(_ text: String) -> Moment? {
    func clock(_ part: Substring) -> (Int, Int)? {
      let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
      guard pieces.count == 2, pieces.allSatisfy({ (1...2).contains($0.count) && $0.allSatisfy(\.isASCII) }),
        let hour = Int(pieces[0]), let minute = Int(pieces[1]), (0..<24).contains(hour),
        (0..<60).contains(minute)
      else { return nil }
      return (hour, minute)
    }
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    if parts.count == 1, let (hour, minute) = clock(parts[0]) { return .clock(hour: hour, minute: minute) }
    guard parts.count == 2, let (hour, minute) = clock(parts[1]) else { return nil }
    let date = parts[0].split(separator: "-")
    guard date.count == 3, let year = Int(date[0]), let month = Int(date[1]), let day = Int(date[2]),
      (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
    guard let moment = Timestamp.chinaCalendar.date(from: components) else { return nil }
    return .exactly(Timestamp(moment))
  }
}

extension Ticket {
  /// Whether an open ticket is overdue as the duty desk counts it: its 签收 or its 办结 clock has
  /// run out on `calendar` (a reopened ticket from its reopening, an extended one from its 延期).
  /// The one home of "overdue" for the baseline, the exports and the reports; the screen's clock
  /// index gives the same answer incrementally.
  public func isOverdue(at now: Timestamp, calendar: WorkingCalendar) -> Bool {
    let clocks = Deadline.clocks(of: self, calendar: calendar)
    return [clocks.sign, clocks.resolve].contains { $0?.phase(at: now) == .overdue }
  }
}
