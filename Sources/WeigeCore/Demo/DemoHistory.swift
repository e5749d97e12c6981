/// `days` of life in a district: the monthly visit round, tickets through every state (returned,
/// overdue and reopened ones included) and the sensors' alerts (`DemoSensors`), emitted in time order.
struct DemoHistory {
  typealias Step = (time: Timestamp, body: EventBody, actor: String)

  static let minute: Int64 = 60_000
  static let hour: Int64 = 60 * minute
  static let day: Int64 = 24 * hour

  let now: Timestamp
  let days: Int
  /// Midnight in China, `days` days before today.
  let start: Timestamp

  init(district: DemoDistrict) {
    now = district.now
    days = district.days
    start = Timestamp(milliseconds: now.startOfDayInChina.rawValue - Int64(days) * Self.day)
  }

  /// The operator on duty at a moment: three eight-hour shifts.
  static func operatorOnDuty(at time: Timestamp) -> String {
    let hourOfDay = Int((time.rawValue + 8 * hour) % day / hour)
    return DemoNames.operators[hourOfDay >= 8 && hourOfDay < 16 ? 0 : hourOfDay >= 16 ? 1 : 2]
  }

  func run(into builder: inout DemoBuilder, _ emit: ([NewEvent]) throws -> Void) throws {
    guard days > 0 else { return }
    let teams = builder.stairwells.map { stairwell in
      ["head", "information", "logistics"].flatMap {
        builder.ledger.holders[RoleAssignment(role: $0, place: stairwell.id), default: []]
      }
    }
    // Tickets' lives and the 揭榜 board's, merged in time order below.
    var tickets = planTickets(&builder, teams: teams) + OpenCallDemo.plan(builder, history: self)
    tickets.sort { $0.time < $1.time }
    let (roster, signatures) = dutyRoster()
    try builder.record(
      .rosterImported(roster, source: "排班表（演示）"), at: start, actor: DemoNames.operators[0], emit)
    var sensors =
      builder.district.includesSensors
      ? DemoSensors(district: builder.district, history: self, builder: builder) : nil
    try sensors?.register(&builder, emit)
    var nextSignature = 0
    // Each household is due on one day of a 30-day round; about one visit in eight slips.
    var round = Array(repeating: [Int](), count: 30)
    for index in builder.households.indices {
      round[Int.random(in: 0..<30, using: &builder.random)].append(index)
    }
    let stairwellOf = Dictionary(
      uniqueKeysWithValues: builder.stairwells.enumerated().map { ($0.element.id, $0.offset) })
    var nextTicketStep = 0
    var recognition = DemoRecognition(district: builder.district, start: start, builder: builder)
    for dayIndex in 0...days {
      let dayStart = start.rawValue + Int64(dayIndex) * Self.day
      let dayEnd = min(dayStart + Self.day, now.rawValue)
      guard dayStart < dayEnd else { break }
      var steps: [Step] = []
      for index in round[dayIndex % 30] where builder.random.chance(0.88) {
        let time = Timestamp(
          milliseconds: dayStart + Int64.random(in: 9 * Self.hour..<18 * Self.hour, using: &builder.random))
        guard time.rawValue < dayEnd else { continue }
        let plan = builder.households[index]
        let visitor = teams[stairwellOf[plan.stairwell]!].dropFirst().first
        let actor = visitor.flatMap { builder.ledger.people[$0]?.name } ?? Self.operatorOnDuty(at: time)
        steps.append(
          (
            time,
            .visitRecorded(
              HouseholdID(index + 1), visitor: visitor, note: builder.random.pick(DemoNames.visitNotes)),
            actor
          ))
      }
      steps += recognition.steps(builder, from: dayStart, to: dayEnd)
      while nextTicketStep < tickets.count, tickets[nextTicketStep].time.rawValue < dayEnd {
        steps.append(tickets[nextTicketStep])
        nextTicketStep += 1
      }
      while nextSignature < signatures.count, signatures[nextSignature].time.rawValue < dayEnd {
        steps.append(signatures[nextSignature])
        nextSignature += 1
      }
      // Stable by time, so a ticket's own steps keep their order.
      let ordered = steps.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
      for (_, step) in ordered {
        try sensors?.record(before: step.time, &builder, emit)
        try builder.record(step.body, at: step.time, actor: step.actor, emit)
      }
      try sensors?.record(before: Timestamp(milliseconds: dayEnd), &builder, emit)
    }
  }

  /// The duty roster from the first day to a week ahead (王芳 by day, 陈静 and 刘洋 on alternate
  /// nights), and each handover signed by the incoming operator ten minutes into their shift —
  /// all but the last one before `now`, so that the header has an unsigned handover to show.
  func dutyRoster() -> (shifts: [RosterShift], signatures: [Step]) {
    var shifts: [RosterShift] = []
    var shift = ShiftID(containing: start)
    let last = ShiftID(containing: Timestamp(milliseconds: now.rawValue + 7 * Self.day))
    while shift <= last {
      let night = shift.date.dayNumber % 2 == 0 ? DemoNames.operators[1] : DemoNames.operators[2]
      shifts.append(
        RosterShift(
          shift: shift, operatorName: shift.kind == .day ? DemoNames.operators[0] : night,
          leader: DemoNames.leaders[shift.kind == .day ? 0 : 1]))
      shift = shift.next
    }
    let unsigned = ShiftID(containing: now).previous
    let signatures: [Step] = zip(shifts, shifts.dropFirst()).compactMap { outgoing, incoming in
      let time = outgoing.shift.end.adding(minutes: 10)
      guard outgoing.shift < unsigned, time < now else { return nil }
      return (time, .handoverSigned(outgoing.shift), incoming.operatorName)
    }
    return (shifts, signatures)
  }

  /// About one request a day per 400 households, each with its whole planned life; steps after
  /// `now` are dropped, so the newest tickets are still open.
  func planTickets(_ builder: inout DemoBuilder, teams: [[PersonID]]) -> [Step] {
    var steps: [Step] = []
    var nextTicket = 1001
    let perDay = Double(builder.households.count) / 400
    for dayIndex in 0...days {
      let dayStart = start.rawValue + Int64(dayIndex) * Self.day
      let count = Int((perDay * Double.random(in: 0.8...1.2, using: &builder.random)).rounded())
      for _ in 0..<count {
        let requested = dayStart + Int64.random(in: 0..<Self.day, using: &builder.random)
        guard requested < now.rawValue else { continue }
        let s = Int.random(in: 0..<builder.stairwells.count, using: &builder.random)
        guard !teams[s].isEmpty else { continue }
        steps += ticketLife(
          TicketID(nextTicket), requested: requested, stairwell: builder.stairwells[s], team: teams[s],
          &builder)
        nextTicket += 1
      }
    }
    return steps.filter { $0.time < now }
  }

  private func ticketLife(
    _ id: TicketID, requested: Int64, stairwell: StairwellPlan, team: [PersonID], _ builder: inout DemoBuilder
  ) -> [Step] {
    var r = builder.random
    defer { builder.random = r }
    let roll = Double.random(in: 0..<1, using: &r)
    let demandClass: DemandClass = roll < 0.5 ? .nuisance : roll < 0.75 ? .urgentAid : .development
    let titles: [String] =
      switch demandClass {
      case .nuisance: DemoNames.nuisanceTitles
      case .urgentAid: DemoNames.urgentAidTitles
      case .development: DemoNames.developmentTitles
      }
    let urgencyRoll = Double.random(in: 0..<1, using: &r)
    let urgency: Urgency = urgencyRoll < 0.05 ? .critical : urgencyRoll < 0.3 ? .urgent : .normal
    let due = Deadline.resolve(requestedAt: Timestamp(milliseconds: requested), urgency: urgency)
    let sla = due.rawValue - requested
    let household = r.chance(0.6) ? HouseholdID(Int.random(in: stairwell.households, using: &r) + 1) : nil
    // The district's history is kept as an older log wrote it, without terms (its screens and
    // figures are pinned by the tests); new tickets, from `simulate` and `ticket new`, carry them.
    let request = TicketRequest(
      id: id, title: r.pick(titles), demandClass: demandClass, urgency: urgency,
      source: r.pick(TicketSource.allCases), place: stairwell.id, household: household,
      dueAt: due)
    var t = requested
    var steps: [Step] = []
    func at(
      _ body: EventBody, after minutes: ClosedRange<Int64>, by actor: String? = nil, _ r: inout DemoRandom
    ) {
      t += Int64.random(in: minutes, using: &r) * Self.minute
      let time = Timestamp(milliseconds: t)
      steps.append((time, body, actor ?? Self.operatorOnDuty(at: time)))
    }
    let people = builder.ledger.people
    let name = { (person: PersonID) in people[person]?.name ?? person.description }
    steps.append(
      (Timestamp(milliseconds: t), .ticketRequested(request), Self.operatorOnDuty(at: .init(milliseconds: t)))
    )
    var assignee = r.pick(team)
    at(.ticketDispatched(id, assignee: assignee), after: 5...60, &r)
    if r.chance(0.06) {
      at(
        .ticketReturned(id, reason: r.pick(DemoNames.returnReasons)), after: 10...180, by: name(assignee), &r)
      assignee = team.count > 1 ? team.first { $0 != assignee }! : assignee
      at(.ticketDispatched(id, assignee: assignee), after: 30...240, &r)
    }
    at(.ticketAccepted(id), after: 5...120, by: name(assignee), &r)
    // 85 % close within the SLA; the rest run over, and are escalated half an hour past due.
    let share =
      r.chance(0.85) ? Double.random(in: 0.15...0.9, using: &r) : Double.random(in: 1.05...2.5, using: &r)
    let resolved = max(t + 10 * Self.minute, requested + Int64(Double(sla) * share))
    let escalation = requested + sla + 30 * Self.minute
    if resolved > escalation && escalation > t {
      t = escalation
      steps.append(
        (Timestamp(milliseconds: t), .ticketEscalated(id), Self.operatorOnDuty(at: .init(milliseconds: t))))
    }
    t = max(t + Self.minute, resolved)
    steps.append(
      (Timestamp(milliseconds: t), .ticketResolved(id, note: r.pick(DemoNames.resolveNotes)), name(assignee)))
    guard r.chance(0.8) else { return steps }
    let scoreRoll = Double.random(in: 0..<1, using: &r)
    let score = scoreRoll < 0.55 ? 5 : scoreRoll < 0.85 ? 4 : scoreRoll < 0.95 ? 3 : scoreRoll < 0.99 ? 2 : 1
    at(.ticketRated(id, score: score, comment: r.pick(DemoNames.ratingComments)), after: 60...2_880, &r)
    guard r.chance(score <= 3 ? 0.2 : 0.01) else { return steps }
    at(.ticketReopened(id, reason: r.pick(DemoNames.reopenReasons)), after: 120...1_440, &r)
    at(.ticketDispatched(id, assignee: assignee), after: 10...60, &r)
    at(.ticketAccepted(id), after: 10...60, by: name(assignee), &r)
    at(.ticketResolved(id, note: r.pick(DemoNames.resolveNotes)), after: 60...1_440, by: name(assignee), &r)
    return steps
  }
}
