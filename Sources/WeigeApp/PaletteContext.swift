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

  /// The place whose team should head a person list: the chosen ticket's (dispatch) or the
  /// chosen household's stairwell (a visit).
  func placeOfChosen(_ input: Palette) -> PlaceID? {
    switch (input.command, input.arguments.first?.item) {
    case (.dispatch, .ticket(let id)?): ledger.tickets[id]?.place
    case (.visit, .household(let id)?): ledger.households[id]?.stairwell
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

  /// The fixed lists some arguments choose from; empty for free text.
  func choices(for argument: PaletteArgument) -> [(item: PaletteItem, text: String)] {
    switch argument {
    case .lens: Lens.allCases.map { (.choice(String($0.rawValue)), $0.name(.zh) + " " + $0.name(.en)) }
    case .theme: themes.map { (.choice($0.name), $0.name + " " + $0.summary) }
    case .language: [(.choice("zh"), "zh 中文"), (.choice("en"), "en English")]
    case .urgency: Urgency.allCases.map { (.choice("\($0)"), "\($0) \($0.chineseName)") }
    case .demandClass: DemandClass.allCases.map { (.choice($0.key), $0.chineseName + " " + $0.key) }
    case .rating:
      (1...5).reversed().map { (.choice(String($0)), "\($0) " + String(repeating: "★", count: $0)) }
    case .alert:
      // By kind, place and text: never by id.
      alerts.compactMap { ledger.alerts[$0.id] }.map {
        (.alert($0.id), $0.label(in: ledger, language) + " " + $0.text)
      }
    default: []
    }
  }

  /// How the command line shows a given argument: a ticket by number, a person by name.
  func shortLabel(_ row: PaletteRow) -> String {
    switch row.item {
    case .ticket(let id): "\(id)"
    case .person(let id): ledger.people[id]?.name ?? row.text
    case .alert(let id): ledger.alerts[id]?.label(in: ledger, language) ?? row.text
    default: row.text
    }
  }

  // MARK: Events

  /// The events a state-changing command appends, in order; empty when its arguments do not fit.
  func events(for command: PaletteCommand, _ values: [PaletteItem]) -> [EventBody] {
    if case .alertTicket = command, case .alert(let id)? = values.first, let alert = ledger.alerts[id] {
      return ticketBodies(for: alert)
    }
    return event(for: command, values).map { [$0] } ?? []
  }

  /// 转工单: a ticket requested from the alert's kind, text, place and household, then the alert
  /// marked with it; the ticket's urgency and class follow the kind (`AlertKind.ticketUrgency`).
  private func ticketBodies(for alert: Alert) -> [EventBody] {
    let urgency = alert.kind.ticketUrgency
    let title = String((alert.kind.chineseName + "：" + alert.text).prefix(FreeText.shortLimit))
    let request = TicketRequest(
      id: ledger.nextTicketID, title: title, demandClass: alert.kind.demandClass, urgency: urgency,
      source: .sensor, place: alert.place, household: alert.household,
      dueAt: Deadline.resolve(requestedAt: now, urgency: urgency))
    return [.ticketRequested(request), .alertTicketed(alert.id, ticket: request.id)]
  }

  /// The event a single-event command appends.
  private func event(for command: PaletteCommand, _ values: [PaletteItem]) -> EventBody? {
    switch (command, values.first, values.dropFirst().first, values.dropFirst(2).first) {
    case (.ticketNew, .place(let place)?, .choice(let level)?, .choice(let kind)?):
      guard case .text(let title)? = values.dropFirst(3).first else { return nil }
      let urgency = Urgency.allCases.first { "\($0)" == level } ?? .normal
      let demandClass = DemandClass.allCases.first { $0.key == kind } ?? .nuisance
      let request = TicketRequest(
        id: ledger.nextTicketID, title: title, demandClass: demandClass, urgency: urgency, source: .hotline,
        place: place,
        household: nil, dueAt: Deadline.resolve(requestedAt: now, urgency: urgency))
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
    case (.alertAcknowledge, .alert(let id)?, _, _):
      return .alertAcknowledged(id)
    case (.alertClear, .alert(let id)?, .text(let note)?, _):
      return .alertCleared(id, note: note)
    default:
      return nil
    }
  }
}

extension Alert {
  /// An alert as the operator knows it, never by its internal id: 车棚火情 长江小区3幢2单元.
  func label(in ledger: Ledger, _ language: Language) -> String {
    kind.name(language) + " " + ledger.fieldName(of: place)
  }
}
