import Foundation
import WeigeCore
import WeigeSearch
import WeigeUI

/// What the palette reads of the dashboard around it, and what it works out from that alone: the
/// lines an argument offers, the events a command appends. It changes none of it.
struct PaletteContext {
  var ledger: Ledger
  var now: Timestamp
  var language: Language
  var operatorName: String
  /// Read-only wall display: commands that change state are refused.
  var isWall: Bool
  /// What `theme NAME` offers, as the CLI found them.
  var themes: [Theme]
  /// Active alerts under the focus, newest first: what an alert argument offers.
  var alerts: [AreaIndex.ActiveAlert]
  /// The lenses the map offers now (the mobilization lens only while an order is open in view).
  var lenses: [Lens]
  /// The order the screen is about (`Dashboard.currentOrder`): a war command that names no
  /// order takes it, and an order argument offers it first.
  var order: Mobilization?
  /// Its stairwells, those needing help first: what a stairwell argument offers before anything
  /// is typed. Asked for only then: the context is made for every batch of events, and a city
  /// order has 25,000 squads to rank.
  var laggards: () -> [PlaceID]
  /// What a new ticket is opened under and its clocks count on (the duty desk's).
  var calendar: WorkingCalendar = .shipped
  var slaPolicy: SlaPolicy = .shipped
  /// The shift whose handover brief is on screen: a handover note or signature is for it.
  var handoverShift: ShiftID?
  /// The 揭榜 item on screen: an item argument offers it first.
  var callInView: OpenCallID?
  /// The alert selected or open on screen: an alert argument offers it first.
  var alertInView: AlertID?
  /// The stairwell on screen (the stars board's selection, or its detail): a recognition
  /// command's stairwell argument offers it first.
  var stairwellInView: PlaceID?
  /// The star rules in force: volunteer hours earn points by them.
  var starRules: StarRules = .standard

  // MARK: Lines

  /// The ticket a typed number names exactly (`1213`, `#1213`), if there is one.
  func exactTicket(_ text: String) -> Ticket? {
    let digits = text.trimmingCharacters(in: .whitespaces).drop { $0 == "#" }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
    return ledger.tickets[TicketID(number)]
  }

  /// A ticket named by its number goes first, whatever else scored higher, closed or not: a number
  /// a person typed is never silently replaced by a nearby one (STYLE.md 11).
  func exactTicketFirst(_ text: String, _ rows: [PaletteRow]) -> [PaletteRow] {
    guard let ticket = exactTicket(text) else { return rows }
    var labels = PlaceLabels(ledger)
    let row = PaletteRow(
      item: .ticket(ticket.id), text: PaletteCatalog.line(of: ticket, labels: &labels), positions: [],
      score: .max)
    return [row] + rows.filter { $0.item != .ticket(ticket.id) }
  }

  /// The tickets `action` accepts (dispatch offers what waits for dispatch, rate what was just
  /// resolved, most recent first with nothing typed); a ticket named by its number comes first
  /// even in another state, so that choosing it says why it cannot be.
  func ticketRows(_ text: String, for action: TicketAction, from source: PaletteSource) -> [PaletteRow] {
    let accepted = Set(action.allowedStates)
    var rows: [PaletteRow]
    if PaletteQuery(text).isEmpty {
      var labels = PlaceLabels(ledger)
      rows = ledger.tickets.values.filter { accepted.contains($0.status) }
        .sorted { ($0.timeline.last?.time ?? $0.requestedAt) > ($1.timeline.last?.time ?? $1.requestedAt) }
        .prefix(PaletteCatalog.shownLimit)
        .map {
          PaletteRow(
            item: .ticket($0.id), text: PaletteCatalog.line(of: $0, labels: &labels), positions: [], score: 0)
        }
    } else {
      rows = source.search(text).filter {
        if case .ticket(let id) = $0.item {
          accepted.contains(ledger.tickets[id]?.status ?? .rated)
        } else {
          false
        }
      }
    }
    return exactTicketFirst(text, rows)
  }

  /// A new ticket's room: the stairwell itself first (a matter of the whole stairwell: its light,
  /// its corridor), then its households by room with their head, those matching what is typed.
  func roomRows(_ text: String, of stairwell: PlaceID) -> [PaletteRow] {
    let homes = ledger.householdsByStairwell[stairwell, default: []].compactMap { ledger.households[$0] }
    let whole = language("整个楼道（不指定住户）", "the whole stairwell (no household)")
    let lines = homes.map { home in
      "\(home.room)\(language("室", "")) \(home.contactName)"
    }
    let query = PaletteQuery(text)
    let found = PaletteIndex(lines).search(query, limit: lines.count).matches.map {
      PaletteRow(
        item: .household(homes[$0.candidate].id), text: lines[$0.candidate], positions: $0.positions,
        score: $0.score)
    }
    let first = PaletteRow(item: .place(stairwell), text: whole, positions: [], score: 0)
    return query.isEmpty
      ? [first]
        + homes.indices.map {
          PaletteRow(item: .household(homes[$0].id), text: lines[$0], positions: [], score: 0)
        } : found + [first]
  }

  /// The place whose team should head a person list: the chosen ticket's (dispatch), the chosen
  /// household's stairwell (a visit) or the squad's stairwell (a reinforcement).
  func placeOfChosen(_ input: Palette) -> PlaceID? {
    switch (input.command, input.arguments.first?.item) {
    case (.dispatch, .ticket(let id)?): ledger.tickets[id]?.place
    case (.visit, .household(let id)?): ledger.households[id]?.stairwell
    case (.attach, .place(let id)?): id
    default: nil
    }
  }

  /// People for a place: its own team and the grid workers above it first, each with their role
  /// (楼道长 李明), then whoever else matches what is typed.
  func teamFirst(at place: PlaceID, _ text: String, from source: PaletteSource) -> [PaletteRow] {
    var team: [(PersonID, String)] = []
    for ancestor in ledger.path(of: place).reversed() {
      for role in ledger.catalogue.roles where role.level == ancestor.level {
        for person in ledger.holders[RoleAssignment(role: role.id, place: ancestor.id), default: []]
        where !team.contains(where: { $0.0 == person }) {
          team.append((person, role.name))
        }
      }
    }
    let query = PaletteQuery(text)
    let lines = team.map { (ledger.people[$0.0]?.name ?? "") + " " + $0.1 }
    let teamRows = PaletteIndex(lines).search(query, limit: team.count).matches.map {
      PaletteRow(
        item: .person(team[$0.candidate].0), text: lines[$0.candidate], positions: $0.positions,
        score: $0.score)
    }
    let ids = Set(teamRows.map { $0.item })
    let others = query.isEmpty ? [] : source.search(text).filter { !ids.contains($0.item) }
    return teamRows + others
  }

  /// Stairwells for a war command: nothing typed, the current order's, laggards first; else the
  /// places matching what is typed that are stairwells, and for a report the households too,
  /// merged by score.
  func stairwellRows(
    _ text: String, places: PaletteSource, households: PaletteSource?
  ) -> [PaletteRow] {
    guard !PaletteQuery(text).isEmpty else {
      var labels = PlaceLabels(ledger)
      return laggards().prefix(PaletteCatalog.shownLimit).map {
        PaletteRow(item: .place($0), text: labels.label(of: $0), positions: [], score: 0)
      }
    }
    let stairwells = places.search(text).filter {
      if case .place(let id) = $0.item { ledger.places[id]?.level == .stairwell } else { false }
    }
    let homes = households?.search(text) ?? []
    return (stairwells + homes).sorted { $0.score > $1.score }.prefix(PaletteCatalog.shownLimit).map { $0 }
  }

  /// The fixed lists some arguments choose from; empty for free text.
  func choices(for argument: PaletteArgument) -> [(item: PaletteItem, text: String)] {
    switch argument {
    case .lens: lenses.map { (.choice(String($0.rawValue)), $0.name(.zh) + " " + $0.name(.en)) }
    case .task: ledger.taskCatalogue.tasks.map { (.choice($0.id), "\($0.id) \($0.name)") }
    case .squadStatus:
      [SquadStatus.active, .blocked, .done].map { (.choice($0.key), "\($0.key) \($0.chineseName)") }
    case .order: openOrders().map { (.order($0.id), orderLine($0)) }
    case .theme: themes.map { (.choice($0.name), $0.name + " " + $0.summary) }
    case .language: [(.choice("zh"), "zh 中文"), (.choice("en"), "en English")]
    case .urgency: Urgency.allCases.map { (.choice("\($0)"), "\($0) \($0.chineseName)") }
    case .demandClass: DemandClass.allCases.map { (.choice($0.key), $0.chineseName + " " + $0.key) }
    case .rating:
      (1...5).reversed().map { (.choice(String($0)), "\($0) " + String(repeating: "★", count: $0)) }
    case .alert:
      // By kind, place and text: never by id; the one on screen first.
      (alerts.filter { $0.id == alertInView } + alerts.filter { $0.id != alertInView })
        .compactMap { ledger.alerts[$0.id] }.map {
          (.alert($0.id), $0.label(in: ledger, language) + " " + $0.text)
        }
    case .callList, .unit, .request, .requestChannel: callChoices(for: argument)
    case .unitKind, .month, .honour: recognitionChoices(for: argument)
    default: []
    }
  }

  /// Every open order: the current one first, then the others, newest first.
  func openOrders() -> [Mobilization] {
    let ids: [MobilizationID] = ledger.openMobilizations.values.flatMap { $0 }.sorted(by: >)
    let current = ids.filter { $0 == order?.id }
    return (current + ids.filter { $0 != order?.id }).compactMap { ledger.mobilizations[$0] }
  }

  /// An order as the palette lists it: `M1 演练 全员告知：今晚集中转运 江三社区`.
  func orderLine(_ order: Mobilization) -> String {
    "\(order.id) " + (order.isDrill ? "演练 " : "") + "\(order.title) \(ledger.fieldName(of: order.scope))"
  }

  /// How the command line shows a given argument: a ticket by number, a person by name, an
  /// order by its number.
  func shortLabel(_ row: PaletteRow) -> String {
    switch row.item {
    case .ticket(let id): "\(id)"
    case .person(let id): ledger.people[id]?.name ?? row.text
    case .alert(let id): ledger.alerts[id]?.label(in: ledger, language) ?? row.text
    case .order(let id): "\(id)"
    case .openCall(let id): "\(id)"
    case .unit(let id): ledger.openCalls.units[id]?.name ?? row.text
    case .request(let id): "\(id)"
    case .honour(let entry): entry.kind.name(language) + " " + ledger.honourSubjectName(entry.subject)
    default: row.text
    }
  }

  // MARK: Events

  /// The events a state-changing command appends, in order; empty when its arguments do not fit.
  /// A war command's words (a deadline, a report) that cannot be read are refused by Core.
  func events(for command: PaletteCommand, _ values: [PaletteItem]) throws(DomainError) -> [EventBody] {
    if case .alertTicket = command, case .alert(let id)? = values.first, let alert = ledger.alerts[id] {
      return ticketBodies(for: alert)
    }
    if let war = try warEvent(for: command, values) { return [war] }
    if let call = try callEvent(for: command, values) { return [call] }
    if let recognition = try recognitionEvent(for: command, values) { return [recognition] }
    if let silence = try silenceEvents(for: command, values) { return silence }
    if let duty = try dutyEvents(for: command, values) { return duty }
    return event(for: command, values).map { [$0] } ?? []
  }

  /// 转工单: a ticket requested from the alert's kind, text, place and household, then the alert
  /// marked with it; the ticket's urgency and class follow the kind (`AlertKind.urgency`, `demandClass`).
  private func ticketBodies(for alert: Alert) -> [EventBody] {
    let urgency = alert.kind.urgency
    let title = String((alert.kind.chineseName + "：" + alert.text).prefix(FreeText.shortLimit))
    let opening = Deadline.opening(
      at: now, alert.kind.demandClass, urgency, policy: slaPolicy, calendar: calendar)
    let request = TicketRequest(
      id: ledger.nextTicketID, title: title, demandClass: alert.kind.demandClass, urgency: urgency,
      source: .sensor, place: alert.place, household: alert.household, dueAt: opening.dueAt,
      terms: opening.terms)
    return [.ticketRequested(request), .alertTicketed(alert.id, ticket: request.id)]
  }

  /// The event a single-event command appends.
  private func event(for command: PaletteCommand, _ values: [PaletteItem]) -> EventBody? {
    var values = values
    var household: HouseholdID?
    if command == .ticketNew, values.count == PaletteCommand.ticketNew.arguments.count + 1 {
      // A stairwell's ticket carries its room: a household, or the stairwell itself for the whole.
      if case .household(let home) = values[1] { household = home }
      values.remove(at: 1)
    }
    switch (command, values.first, values.dropFirst().first, values.dropFirst(2).first) {
    case (.ticketNew, .place(let place)?, .choice(let level)?, .choice(let kind)?):
      guard case .text(let title)? = values.dropFirst(3).first else { return nil }
      let urgency = Urgency.allCases.first { "\($0)" == level } ?? .normal
      let demandClass = DemandClass.allCases.first { $0.key == kind } ?? .nuisance
      let opening = Deadline.opening(at: now, demandClass, urgency, policy: slaPolicy, calendar: calendar)
      let request = TicketRequest(
        id: ledger.nextTicketID, title: title, demandClass: demandClass, urgency: urgency, source: .hotline,
        place: place, household: household, dueAt: opening.dueAt, terms: opening.terms)
      return .ticketRequested(request)
    case (.dispatch, .ticket(let id)?, .person(let person)?, _):
      return .ticketDispatched(id, assignee: person)
    case (.accept, .ticket(let id)?, _, _):
      return .ticketAccepted(id)
    case (.resolve, .ticket(let id)?, .text(let note)?, _):
      return .ticketResolved(id, note: note)
    case (.return, .ticket(let id)?, .text(let reason)?, _):
      return .ticketReturned(id, reason: reason)
    case (.rate, .ticket(let id)?, .choice(let stars)?, _):
      return .ticketRated(id, score: Int(stars) ?? 0, comment: "")
    case (.visit, .household(let id)?, .person(let visitor)?, .text(let topic)?):
      return .visitRecorded(id, visitor: visitor, note: topic)
    case (.reveal, .household(let id)?, .text(let reason)?, _):
      return .numbersRevealed(NumbersReveal(place: nil, household: id, reason: reason, purpose: "screen"))
    case (.alertAcknowledge, .alert(let id)?, _, _):
      return .alertAcknowledged(id)
    case (.alertClear, .alert(let id)?, .text(let note)?, _):
      return .alertCleared(id, note: note)
    default:
      return nil
    }
  }
}

// MARK: The duty desk's commands

extension PaletteContext {
  /// The events a duty command appends; nil for any other command. A limit or a shift that cannot
  /// be read is refused with the forms it takes.
  private func dutyEvents(for command: PaletteCommand, _ values: [PaletteItem]) throws(DomainError)
    -> [EventBody]?
  {
    func text(_ position: Int) -> String {
      if case .text(let words)? = values.dropFirst(position).first { words } else { "" }
    }
    switch (command, values.first) {
    case (.escalate, .ticket(let id)?):
      return [.ticketEscalated(id)]
    case (.ticketExtend, .ticket(let id)?):
      guard let limit = WorkingTimeLimit(parsing: text(1)), !limit.isZero else {
        throw DomainError(
          "'\(text(1))' 不是延期时长：写 2工作日、4工作小时 或 12小时",
          english: "'\(text(1))' is not an extension: write 2 working days, 4 working hours or 12 hours")
      }
      let ticket = try ledger.requireTicket(id, for: .extend)
      guard let to = Deadline.extended(ticket, by: limit, calendar: calendar) else { return nil }
      return [.ticketExtended(id, by: limit, to: to, reason: text(2), approver: text(3))]
    case (.handoverNote, _):
      return [.handoverNoted(handoverShift ?? ShiftID(containing: now), note: text(0))]
    case (.handoverSign, _):
      return [.handoverSigned(handoverShift ?? ledger.duty.handoverToSign(by: operatorName, at: now))]
    case (.shiftSwap, _):
      return try ledger.duty.swap(try shift(text(0)), try shift(text(1)), reason: text(2))
    case (.shiftSet, _):
      let id = try shift(text(0))
      guard let before = ledger.duty.roster[id] else {
        throw DomainError(
          "\(id) 不在排班表中：先导入排班（weige duty roster import）",
          english: "\(id.name(.en)) is not on the roster: import one first (weige duty roster import)")
      }
      return [
        .shiftChanged(RosterShift(shift: id, operatorName: text(1), leader: before.leader), reason: text(2))
      ]
    default:
      return nil
    }
  }

  /// A shift as typed, or a refusal that shows how to write one.
  private func shift(_ text: String) throws(DomainError) -> ShiftID {
    guard let shift = ShiftID(parsing: text) else {
      throw DomainError(
        "'\(text)' 不是班次：写 2026-11-23 白班（或 夜班）",
        english: "'\(text)' is not a shift: write 2026-11-23 day (or night)")
    }
    return shift
  }
}

// MARK: The war room's commands

extension PaletteContext {
  /// The event a war command appends; nil for any other command.
  private func warEvent(for command: PaletteCommand, _ values: [PaletteItem]) throws(DomainError)
    -> EventBody?
  {
    func text(_ position: Int) -> String {
      if case .text(let words)? = values.dropFirst(position).first { words } else { "" }
    }
    switch (command, values.first, values.dropFirst().first) {
    case (.mobilize, .place(let scope)?, .choice(let key)?), (.drill, .place(let scope)?, .choice(let key)?):
      guard let task = ledger.taskCatalogue.task(named: key) else { return nil }
      let deadline = Deadline.order(issuedAt: now, try DeadlineSpec(parsing: text(2)))
      return .mobilizationIssued(
        MobilizationOrder(
          id: ledger.nextMobilizationID, title: text(3), task: task, scope: scope, deadline: deadline,
          isDrill: command == .drill, squads: ledger.formSquads(for: scope)))
    case (.reach, .place(let stairwell)?, _):
      let spec = try ReachSpec(parsing: [text(1)])
      return .householdsReported(try orderID(at: stairwell), try ledger.reports(spec, in: stairwell))
    case (.reach, .household(let id)?, _):
      guard let home = ledger.households[id] else { return nil }
      guard let outcome = HouseholdOutcome(word: FreeText.trimmed(text(1))) else {
        throw DomainError(
          "'\(text(1))' 不是上报结果：reached（已告知）、notHome（不在家）、refused（拒绝）、unreachable（无法联系）",
          english: "'\(text(1))' is not an outcome: reached, notHome, refused or unreachable")
      }
      return .householdsReported(
        try orderID(at: home.stairwell), [HouseholdReport(household: id, outcome: outcome)])
    case (.attach, .place(let stairwell)?, .person(let person)?):
      return .squadAttached(try orderID(at: stairwell), stairwell: stairwell, person: person)
    case (.squad, .place(let stairwell)?, .choice(let key)?):
      guard let status = SquadStatus.allCases.first(where: { $0.key == key }) else { return nil }
      return .squadStatusChanged(
        try orderID(at: stairwell), stairwell: stairwell, status: status, note: text(2))
    case (.extend, .order(let id)?, _):
      let current = try ledger.requireOpenMobilization(id).deadline
      return .deadlineExtended(
        id, to: Deadline.extended(current, try DeadlineSpec(parsing: text(1))), reason: text(2))
    case (.standDown, .order(let id)?, _):
      return .mobilizationClosed(id, .stoodDown, note: text(1))
    case (.complete, .order(let id)?, _):
      return .mobilizationClosed(id, .completed, note: "")
    default:
      return nil
    }
  }

  /// The open order a command about `stairwell` means: the current order when it has a squad
  /// there, else the one open order that has. Several, or none, are refused by name rather than
  /// guessed.
  func orderID(at stairwell: PlaceID) throws(DomainError) -> MobilizationID {
    if let order, order.squad(at: stairwell) != nil { return order.id }
    let name = ledger.fieldName(of: stairwell)
    let open = ledger.mobilizations(covering: stairwell).filter { $0.squad(at: stairwell) != nil }
    guard let only = open.first else {
      throw DomainError("\(name) 没有进行中的动员令", english: "no open mobilization order has a squad at \(name)")
    }
    guard open.count == 1 else {
      let ids = open.map(\.id.description).joined(separator: "、")
      throw DomainError(
        "\(name) 同时在 \(ids) 之下：先按 w 打开要操作的动员令",
        english: "\(name) is under \(ids): open the order meant with w first")
    }
    return only.id
  }
}

extension Alert {
  /// An alert as the operator knows it, never by its internal id: 车棚火情 长江小区3幢2单元.
  func label(in ledger: Ledger, _ language: Language) -> String {
    kind.name(language) + " " + ledger.fieldName(of: place)
  }
}
