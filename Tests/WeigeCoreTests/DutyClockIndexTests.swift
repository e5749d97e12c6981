import Testing
import WeigeTestSupport

@testable import WeigeCore

/// The clock index against the answers it stands in for: `Deadline`'s, recomputed over the whole
/// ledger at every moment asked.
@Suite("The duty clock index gives Deadline's answers without walking every ticket")
struct DutyClockIndexTests {
  let calendar = WorkingCalendar.shipped

  @Test("on randomized ledgers: due steps, clocks, queue order, counts and changes match a full recount")
  func randomizedLedgers() throws {
    var applied: Set<EventKind> = []
    var dueChecks = 0
    for seed in UInt64(1)...16 {
      var run = try RandomDesk(seed: seed, calendar: calendar)
      var index = DutyClockIndex(run.ledger, calendar: calendar, now: run.now)
      try expectSame(index, run.ledger, at: run.now, seed: seed)
      for _ in 0..<160 {
        if run.random.chance(0.25) {
          // Time passes with no event: what changed is exactly what a recount says changed.
          let before = States(index)
          let later =
            run.boundary(after: run.now, among: index)
            ?? run.now.adding(minutes: Int(run.random.next() % (run.random.chance(0.3) ? 4_320 : 240)))
          run.now = later
          let changed = Set(index.advance(to: later))
          #expect(changed == before.changed(at: later, in: run.ledger, calendar: calendar), "seed \(seed)")
          try expectSame(index, run.ledger, at: later, seed: seed)
        } else {
          for body in run.step() {
            index.note(body, in: run.ledger)
            applied.insert(body.kind)
          }
          index.advance(to: run.now)
          try expectSame(index, run.ledger, at: run.now, seed: seed)
        }
        if !index.dueEscalations.isEmpty { dueChecks += 1 }
      }
    }
    // The runs went where the test says: every kind of event that moves a clock, steps due.
    let moving: Set<EventKind> = [
      .ticketRequested, .ticketDispatched, .ticketAccepted, .ticketReturned, .ticketResolved, .ticketReopened,
      .ticketExtended, .escalated, .alertRaised, .alertAcknowledged, .alertTicketed, .alertCleared,
    ]
    #expect(moving.subtracting(applied).isEmpty)
    #expect(dueChecks > 100)
  }

  @Test("a clock set back counts every clock again")
  func clockSetBack() throws {
    var run = try RandomDesk(seed: 99, calendar: calendar)
    for _ in 0..<120 { _ = run.step() }
    var index = DutyClockIndex(run.ledger, calendar: calendar, now: run.now.adding(hours: 72))
    #expect(!index.dueEscalations.isEmpty)
    index.advance(to: run.now)
    try expectSame(index, run.ledger, at: run.now, seed: 99)
  }

  @Test(
    "a note touches only its subject; a closed ticket leaves the queue; a clock with no step left stops waking"
  )
  func noteAndClose() throws {
    var ledger = try dutyStairwell()
    let ticket = TicketID(1044)
    var index = DutyClockIndex(ledger, calendar: calendar, now: novemberTime(23, 9))
    #expect(index.queue.map(\.subject) == [.ticket(ticket)])
    #expect(index.clocks(of: ticket).nearest?.kind == .sign)
    // Monday 11:30: 签收 turns to 预警, at 14:00:01 overdue with its reminder due.
    #expect(index.advance(to: novemberTime(23, 11, 29)).isEmpty)
    #expect(index.advance(to: novemberTime(23, 11, 30)) == [.ticket(ticket)])
    #expect(index.entry(of: .ticket(ticket))?.phase == .warning)
    #expect(index.counts(at: PlaceID(3)).warningTickets == 1)
    #expect(index.advance(to: novemberTime(23, 14, 1)) == [.ticket(ticket)])
    #expect(index.counts(at: PlaceID(3)) == DutyPhaseCounts(overdueTickets: 1))
    #expect(index.dueEscalations.map(\.escalation.step) == [0])
    try ledger.execute(.ticketAccepted(ticket), at: novemberTime(23, 14, 1), actor: "李明")
    index.note(.ticketAccepted(ticket), in: ledger)
    #expect(index.dueEscalations.isEmpty)
    #expect(index.clocks(of: ticket).sign == nil)
    #expect(index.counts(at: PlaceID(3)) == DutyPhaseCounts())
    try ledger.execute(.ticketResolved(ticket, note: "已修好"), at: novemberTime(23, 15), actor: "李明")
    index.note(.ticketResolved(ticket, note: "已修好"), in: ledger)
    #expect(index.queue.isEmpty)
    #expect(index.entry(of: .ticket(ticket)) == nil)
    #expect(index.advance(to: novemberTime(30, 9)).isEmpty)
  }

  /// Everything the index answers, against Deadline over the whole ledger at `now`.
  func expectSame(_ index: DutyClockIndex, _ ledger: Ledger, at now: Timestamp, seed: UInt64) throws {
    #expect(
      index.dueEscalations == Deadline.dueEscalations(in: ledger, at: now, calendar: calendar), "seed \(seed)"
    )
    var expectedCounts: [PlaceID: DutyPhaseCounts] = [:]
    var expectedOrder: [(Int64, Int, Int, DutySubject)] = []
    for ticket in ledger.tickets.values {
      let clocks = Deadline.clocks(of: ticket, calendar: calendar)
      #expect(index.clocks(of: ticket.id) == clocks, "seed \(seed) ticket \(ticket.id)")
      guard let nearest = clocks.nearest, let resolve = clocks.resolve else { continue }
      let phase = max(resolve.phase(at: now).rawValue, clocks.sign?.phase(at: now).rawValue ?? 0)
      if phase == DeadlinePhase.overdue.rawValue {
        expectedCounts[ticket.place, default: .init()].overdueTickets += 1
      }
      if phase == DeadlinePhase.warning.rawValue {
        expectedCounts[ticket.place, default: .init()].warningTickets += 1
      }
      #expect(index.entry(of: .ticket(ticket.id))?.phase.rawValue == phase)
      expectedOrder.append((nearest.deadline.rawValue, 0, ticket.id.rawValue, .ticket(ticket.id)))
    }
    for alert in ledger.alerts.values {
      let clock = Deadline.clock(of: alert, calendar: calendar)
      #expect(index.clock(of: alert.id) == clock, "seed \(seed) alert \(alert.id)")
      guard let clock else { continue }
      switch clock.phase(at: now) {
      case .overdue: expectedCounts[alert.place, default: .init()].overdueAlerts += 1
      case .warning: expectedCounts[alert.place, default: .init()].warningAlerts += 1
      case .running: break
      }
      expectedOrder.append((clock.deadline.rawValue, 1, alert.id.rawValue, .alert(alert.id)))
    }
    expectedOrder.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
    #expect(index.queue.map(\.subject) == expectedOrder.map(\.3), "seed \(seed)")
    for place in ledger.places.values {
      #expect(index.counts(at: place.id) == expectedCounts[place.id] ?? DutyPhaseCounts(), "seed \(seed)")
    }
  }
}

extension DutyPhaseCounts {
  init(overdueTickets: Int) {
    self.init()
    self.overdueTickets = overdueTickets
  }
}

/// Each open subject's phase and whether a step is due, as a full recount gives them.
private struct States {
  var states: [DutySubject: (DeadlinePhase, Bool)] = [:]

  init(_ index: DutyClockIndex) {
    for entry in index.queue { states[entry.subject] = (entry.phase, false) }
    for due in index.dueEscalations { states[due.escalation.subject]?.1 = true }
  }

  /// The subjects whose phase or due step at `moment` differs from these.
  func changed(at moment: Timestamp, in ledger: Ledger, calendar: WorkingCalendar) -> Set<DutySubject> {
    let due = Set(
      Deadline.dueEscalations(in: ledger, at: moment, calendar: calendar).map(\.escalation.subject))
    var changed: Set<DutySubject> = []
    for (subject, (phase, wasDue)) in states {
      let clocks: [DutyClock] =
        switch subject {
        case .ticket(let id):
          ledger.tickets[id].map { Deadline.clocks(of: $0, calendar: calendar) }.map {
            [$0.sign, $0.resolve].compactMap { $0 }
          } ?? []
        case .alert(let id):
          ledger.alerts[id].flatMap { Deadline.clock(of: $0, calendar: calendar) }.map { [$0] } ?? []
        }
      let now = clocks.map { $0.phase(at: moment).rawValue }.max()
      if now != phase.rawValue || due.contains(subject) != wasDue { changed.insert(subject) }
    }
    return changed
  }
}

/// A desk under random work: tickets requested (with recorded terms, or without as the palette
/// writes them), dispatched, signed for, returned, resolved, reopened and extended; alerts raised,
/// acknowledged, turned into tickets and cleared; due escalation steps appended, some of them.
private struct RandomDesk {
  var ledger: Ledger
  var random: DemoRandom
  var now: Timestamp
  let calendar: WorkingCalendar
  let places = [PlaceID(3), PlaceID(4), PlaceID(2)]

  init(seed: UInt64, calendar: WorkingCalendar) throws {
    ledger = try smallStairwell()
    try ledger.execute(
      .placeAdded(Place(id: PlaceID(4), parent: PlaceID(2), level: .stairwell, name: "3单元")), at: pinnedNow,
      actor: "王芳")
    random = DemoRandom(seed: seed)
    now = pinnedNow
    self.calendar = calendar
  }

  /// Half the time, a moment on or just beside a clock's boundary: its 预警, its deadline, its
  /// next step, where an answer off by a millisecond would show.
  mutating func boundary(after moment: Timestamp, among index: DutyClockIndex) -> Timestamp? {
    guard random.chance(0.5), !index.queue.isEmpty else { return nil }
    let entry = index.queue[Int(random.next() % UInt64(index.queue.count))]
    let clock = entry.nearest
    let base = random.pick([clock.warningAt, clock.deadline, clock.next?.due ?? clock.deadline])
    let candidate = Timestamp(milliseconds: base.rawValue + Int64(random.next() % 3) - 1)
    return candidate > moment ? candidate : nil
  }

  /// One random event (or a few escalation steps), validated and applied at `now` (up to an hour
  /// and a half after the last); none when the one drawn was refused (signing a ticket nobody
  /// dispatched).
  mutating func step() -> [EventBody] {
    now = now.adding(minutes: Int(random.next() % 90))
    let tickets = ledger.tickets.keys
    let alerts = ledger.alerts.keys
    let ticket = tickets.isEmpty ? TicketID(1043) : random.pick(tickets)
    let alert = alerts.isEmpty ? AlertID(1) : random.pick(alerts)
    let body: EventBody
    switch random.next() % 14 {
    case 0, 1:
      let demand = random.pick(DemandClass.allCases)
      let urgency = random.pick(Urgency.allCases)
      let place = random.pick(places)
      if random.chance(0.75) {
        let (terms, due) = Deadline.opening(at: now, demand, urgency, policy: .shipped, calendar: calendar)
        body = .ticketRequested(
          TicketRequest(
            id: ledger.nextTicketID, title: "楼道灯不亮", demandClass: demand, urgency: urgency, source: .hotline,
            place: place, household: nil, dueAt: due, terms: terms))
      } else {
        body = .ticketRequested(
          TicketRequest(
            id: ledger.nextTicketID, title: "电梯异响", demandClass: demand, urgency: urgency, source: .walkIn,
            place: place, household: nil, dueAt: Deadline.resolve(requestedAt: now, urgency: urgency)))
      }
    case 2, 3: body = .ticketDispatched(ticket, assignee: PersonID(1))
    case 4: body = .ticketAccepted(ticket)
    case 5: body = .ticketReturned(ticket, reason: "不属本网格")
    case 6: body = .ticketResolved(ticket, note: "已处理")
    case 7: body = .ticketReopened(ticket, reason: "居民不满意")
    case 8:
      let limit = random.pick([WorkingTimeLimit.workingDays(2), .workingMinutes(240), .wallClockMinutes(720)])
      guard let current = ledger.tickets[ticket],
        let to = Deadline.extended(current, by: limit, calendar: calendar)
      else { return [] }
      body = .ticketExtended(ticket, by: limit, to: to, reason: "等待配件", approver: "赵书记")
    case 9:
      let kind = random.pick(AlertKind.builtIn)
      let terms = random.chance(0.5) ? SlaPolicy.shipped.terms(kind.demandClass, kind.urgency) : nil
      body = .alertRaised(
        AlertRaise(
          id: ledger.nextAlertID, kind: kind, place: random.pick(places), household: nil, text: "告警",
          terms: terms))
    case 10: body = .alertAcknowledged(alert)
    case 11: body = .alertTicketed(alert, ticket: ticket)
    case 12: body = .alertCleared(alert, note: "误报")
    default:
      // The first few of the steps due, as a watcher that appended only part before the next tick.
      let due = Deadline.dueEscalations(in: ledger, at: now, calendar: calendar)
      guard !due.isEmpty else { return [] }
      var appended: [EventBody] = []
      for step in due.prefix(Int(random.next() % UInt64(due.count)) + 1) {
        let event = step.event(at: now, actor: "值班台")
        guard (try? ledger.execute(event.body, at: now, actor: event.actor)) != nil else { break }
        appended.append(event.body)
      }
      return appended
    }
    return (try? ledger.execute(body, at: now, actor: "王芳")) == nil ? [] : [body]
  }
}
