import Foundation
import WeigeCore
import WeigeSearch
import WeigeUI

/// The command palette's input as a small model (k9s's command buffer): the command chosen so far,
/// the arguments given to it, the text being typed for the next one, and the ranked lines.
public struct Palette: Equatable, Sendable {
  /// An argument already given, with how the command line shows it.
  public struct Choice: Equatable, Sendable {
    public var item: PaletteItem
    public var label: String
  }

  public internal(set) var command: PaletteCommand?
  public internal(set) var arguments: [Choice] = []
  public internal(set) var text = ""
  public internal(set) var rows: [PaletteRow] = []
  public internal(set) var selection = 0
  /// Why the last Enter did nothing: Core's refusal, or what is still missing.
  public internal(set) var error: String?

  /// What the command asks for next; nil at the top level or once every argument is given.
  public var nextArgument: PaletteArgument? {
    guard let command, arguments.count < command.arguments.count else { return nil }
    return command.arguments[arguments.count]
  }

  var selectedRow: PaletteRow? { rows.indices.contains(selection) ? rows[selection] : nil }
}

/// What the runtime does for the dashboard after an update, and answers with a message: update
/// itself never touches the store or the disk.
public enum DashboardEffect: Equatable, Sendable {
  /// Append `events` atomically, each stream expected at its version (a stream not listed is not
  /// checked); answer `.appended(summary)` or `.refused(reason)`.
  case append([NewEvent], expectedVersions: [String: Int], summary: String)
  /// Keep the palette's history for the next run.
  case saveFrecency(Frecency)
  /// Index the palette's candidates off the loop's thread: run it and post what it returns.
  case buildPalette(PaletteBuild)
  /// Ring the terminal's bell: a critical ticket or alert has just arrived.
  case bell
}

/// The palette's index build, handed to the runtime: a city's 1.2 M candidates take longer than
/// one frame, so the screen keeps moving while it runs.
public struct PaletteBuild: Equatable, Sendable {
  let ledger: Ledger
  let frecency: Frecency
  let now: Timestamp

  /// Builds the index; post the answer to the dashboard.
  public func run() -> Dashboard.Message {
    .paletteBuilt(PaletteIndexes(PaletteCatalog(ledger, frecency: frecency, now: now)))
  }
}

/// A built catalogue on its way to the loop. It crosses threads once, when the build is done, and
/// is used only on the loop's thread after that.
public struct PaletteIndexes: @unchecked Sendable {
  let catalog: PaletteCatalog
  init(_ catalog: PaletteCatalog) { self.catalog = catalog }
}

extension Dashboard {
  // MARK: Opening and typing

  /// Asks the runtime to index the palette's candidates now, so that it opens at once later; the
  /// runner calls it at start. Without a runtime (tests, small districts) the palette builds its
  /// index itself when it opens.
  public mutating func preparePalette() {
    buildsPaletteInBackground = true
    guard !isBuildingPalette else { return }
    isBuildingPalette = true
    paletteNeedsRebuild = false
    paletteTicketsChanged = false
    effects.append(.buildPalette(PaletteBuild(ledger: ledger, frecency: frecency, now: now)))
  }

  /// Takes a catalogue built in the background; what changed while it was built is refreshed.
  mutating func receive(_ indexes: PaletteIndexes) {
    isBuildingPalette = false
    paletteCatalog = indexes.catalog
    refreshCatalog()
    if paletteNeedsRebuild { preparePalette() }
    if palette != nil { searchPalette(keepingSelection: true) }
  }

  /// Brings the catalogue's tickets and rankings up to date: both are cheap next to places.
  private mutating func refreshCatalog() {
    if paletteTicketsChanged { paletteCatalog?.refreshTickets(from: ledger, frecency: frecency, now: now) }
    paletteTicketsChanged = false
    paletteCatalog?.learn(frecency, now: now)
  }

  /// Opens the palette, with a command already chosen (a direct key) and its first arguments.
  mutating func openPalette(_ command: PaletteCommand? = nil, arguments: [Palette.Choice] = []) {
    if paletteCatalog == nil || paletteNeedsRebuild {
      if buildsPaletteInBackground {
        preparePalette()
      } else {
        paletteCatalog = PaletteCatalog(ledger, frecency: frecency, now: now)
        paletteNeedsRebuild = false
        paletteTicketsChanged = false
      }
    }
    refreshCatalog()
    palette = Palette(command: command, arguments: arguments)
    showsHelp = false
    searchPalette()
  }

  mutating func editPalette(_ key: Key) -> Reaction {
    guard var input = palette else { return .unchanged }
    input.error = nil
    switch key {
    case .escape:
      palette = nil
      return .redraw
    case .control("c"): return .quit
    case .enter: return choose(running: true)
    case .tab: return choose(running: false)
    case .up, .control("p"): input.selection = max(0, input.selection - 1)
    case .down, .control("n"): input.selection = min(max(0, input.rows.count - 1), input.selection + 1)
    case .control("u"): input.text = ""  // as in a shell: start the query over
    case .backspace:
      if !input.text.isEmpty {
        input.text.removeLast()
      } else if !input.arguments.isEmpty {
        input.arguments.removeLast()
      } else if let command = input.command {
        input.command = nil
        input.text = command.name
      }
    case .character(let character):
      input.text.append(character)
      // `dispatch #1212 ` takes ticket #1212 on the space: the one-line forms the help shows.
      if character == " ", input.nextArgument == .ticket, let ticket = exactTicket(input.text) {
        input.text = String(input.text.dropLast())
        palette = input
        searchPalette()
        let row = palette?.rows.firstIndex { $0.item == .ticket(ticket.id) } ?? 0
        palette?.selection = row
        return choose(running: false)
      }
      // `goto ` chooses goto: the words after it are its argument.
      if input.command == nil, character == " ",
        let command = PaletteCommand.allCases.first(where: { $0.name + " " == input.text.lowercased() })
      {
        input.command = command
        input.text = ""
      }
    default: return .unchanged
    }
    let searched = input.text != palette?.text || input.arguments != palette?.arguments
    palette = input
    if searched { searchPalette() }
    return .redraw
  }

  /// Ranks the lines for what is typed: everything at the top level, else the next argument's kind.
  /// A refresh under the operator's hands (new events) keeps the cursor where it was.
  mutating func searchPalette(keepingSelection: Bool = false) {
    guard var input = palette, let catalog = paletteCatalog else { return }
    if input.command == nil {
      input.rows = exactTicketFirst(
        input.text, catalog.searchEverything(input.text, frecency: frecency, now: now))
    } else if let argument = input.nextArgument {
      if argument == .ticket, let action = input.command?.ticketAction,
        let source = catalog.source(for: argument)
      {
        input.rows = ticketRows(input.text, for: action, from: source)
      } else if argument == .person, let place = placeOfChosen(input),
        let source = catalog.source(for: argument)
      {
        input.rows = teamFirst(at: place, input.text, from: source)
      } else if let source = catalog.source(for: argument) {
        input.rows = source.search(input.text)
      } else {
        let choices = choices(for: argument)
        let result = PaletteIndex(choices.map(\.text)).search(PaletteQuery(input.text), limit: choices.count)
        input.rows = result.matches.map {
          PaletteRow(
            item: choices[$0.candidate].item, text: choices[$0.candidate].text, positions: $0.positions,
            score: $0.score)
        }
      }
    } else {
      input.rows = []
    }
    input.selection = keepingSelection ? min(input.selection, max(0, input.rows.count - 1)) : 0
    palette = input
  }

  /// The ticket a typed number names exactly (`1213`, `#1213`), if there is one.
  func exactTicket(_ text: String) -> Ticket? {
    let digits = text.trimmingCharacters(in: .whitespaces).drop { $0 == "#" }
    guard !digits.isEmpty, digits.allSatisfy(\.isASCII), let number = Int(digits) else { return nil }
    return ledger.tickets[TicketID(number)]
  }

  /// A ticket named by its number goes first, whatever else scored higher, closed or not: a number
  /// a person typed is never silently replaced by a nearby one (STYLE.md 11).
  private func exactTicketFirst(_ text: String, _ rows: [PaletteRow]) -> [PaletteRow] {
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
  private func ticketRows(_ text: String, for action: TicketAction, from source: PaletteSource)
    -> [PaletteRow]
  {
    let accepted = Set(action.allowedStates)
    var rows: [PaletteRow]
    if PaletteQuery(text).isEmpty {
      var labels = PlaceLabels(ledger)
      rows = ledger.tickets.values.filter { accepted.contains($0.status) }
        .sorted { ($0.timeline.last?.time ?? $0.requestedAt) > ($1.timeline.last?.time ?? $1.requestedAt) }
        .prefix(Self.paletteRows)
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
  private func placeOfChosen(_ input: Palette) -> PlaceID? {
    switch (input.command, input.arguments.first?.item) {
    case (.dispatch, .ticket(let id)?): ledger.tickets[id]?.place
    case (.visit, .household(let id)?): ledger.households[id]?.stairwell
    default: nil
    }
  }

  /// People for a place: its own team and the grid workers above it first, each with their role
  /// (楼道长 李明), then whoever else matches what is typed.
  private func teamFirst(at place: PlaceID, _ text: String, from source: PaletteSource) -> [PaletteRow] {
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

  /// How many ranked lines the palette shows: more than any screen holds, few enough to rank fast.
  static let paletteRows = 50

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
      // Active alerts under the focus, newest first, by kind, place and text: never by id.
      activeAlerts().compactMap { ledger.alerts[$0.id] }.map {
        (.alert($0.id), alertLabel($0) + " " + $0.text)
      }
    default: []
    }
  }

  // MARK: Choosing and running

  /// Enter (`running`) or Tab: takes the selected line as the command or the next argument; Enter
  /// also runs the command once it has everything, or goes to a place, person or ticket.
  private mutating func choose(running: Bool) -> Reaction {
    guard var input = palette else { return .unchanged }
    input.error = nil
    if input.command == nil {
      guard let row = input.selectedRow else { return .unchanged }
      remember(row.item)
      if case .command(let command) = row.item {
        input.command = command
        input.text = ""
        palette = input
        searchPalette()
        return running && command.arguments.isEmpty ? run() : .redraw
      }
      if running {
        palette = nil
        go(to: row.item)
      } else {
        input.text = row.text
        palette = input
        searchPalette()
      }
      return .redraw
    }
    if let argument = input.nextArgument {
      if case .text = argument {
        let text = FreeText.trimmed(input.text)
        guard !text.isEmpty else {
          palette?.error =
            language("请先输入", "type the ") + argument.noun(language) + language("，再按 Enter", " first")
          return .redraw
        }
        input.arguments.append(Palette.Choice(item: .text(text), label: text))
      } else {
        guard let row = input.selectedRow else {
          palette?.error = language("没有匹配的", "no ") + argument.noun(language) + language("", " matches")
          return .redraw
        }
        if case .ticket(let id) = row.item, let action = input.command?.ticketAction {
          do {
            try ledger.requireTicket(id, for: action)
          } catch {
            palette?.error = error.message(language)
            return .redraw
          }
        }
        remember(row.item)
        input.arguments.append(Palette.Choice(item: row.item, label: shortLabel(row)))
      }
      input.text = ""
      palette = input
      searchPalette()
    }
    return running && palette?.nextArgument == nil ? run() : .redraw
  }

  /// How the command line shows a given argument: a ticket by number, a person by name.
  private func shortLabel(_ row: PaletteRow) -> String {
    switch row.item {
    case .ticket(let id): "\(id)"
    case .person(let id): ledger.people[id]?.name ?? row.text
    case .alert(let id): ledger.alerts[id].map(alertLabel) ?? row.text
    default: row.text
    }
  }

  /// Counts a choice in the operator's history and asks the runtime to keep it.
  private mutating func remember(_ item: PaletteItem) {
    guard let key = item.frecencyKey else { return }
    frecency.recordChoice(of: key, at: now.date)
    effects.removeAll { if case .saveFrecency = $0 { true } else { false } }
    effects.append(.saveFrecency(frecency))
  }

  /// Place → the map on it (a stairwell: its detail, over the map of its grid); household → its
  /// stairwell; person and ticket → their detail.
  mutating func go(to item: PaletteItem) {
    switch item {
    case .place(let id):
      guard let place = ledger.places[id] else { return }
      filterText = ""
      filterMatches = nil
      details = []
      pane = .map
      if place.level == .stairwell {
        focus = gridOrCompound(above: id)
        cursor = map().units.firstIndex { $0.place == id } ?? 0
        details = [.stairwell(id)]
      } else {
        focus = id
        cursor = 0
      }
      detailSelection = 0
    case .household(let id):
      if let stairwell = ledger.households[id]?.stairwell { go(to: .place(stairwell)) }
    case .person(let id):
      details.append(.person(id))
      detailSelection = 0
    case .ticket(let id):
      details.append(.ticket(id))
      detailSelection = 0
    case .alert(let id):
      details.append(.alert(id))
      detailSelection = 0
    case .command, .choice, .text:
      return
    }
  }

  /// The place whose map shows a stairwell among its neighbours: its grid, else its compound.
  private func gridOrCompound(above stairwell: PlaceID) -> PlaceID? {
    let path = ledger.path(of: stairwell)
    return path.first { $0.level == .grid }?.id ?? path.first { $0.level == .compound }?.id
      ?? path.dropFirst().first?.id
  }

  /// Runs the command with its arguments, closing the palette unless Core refuses.
  private mutating func run() -> Reaction {
    guard let input = palette, let command = input.command else { return .unchanged }
    let values = input.arguments.map(\.item)
    if command.changesState {
      return submit(command, values)
    }
    palette = nil
    switch (command, values.first) {
    case (.goto, let place?): go(to: place)
    case (.lens, .choice(let raw)?): lens = Int(raw).flatMap(Lens.init(rawValue:)) ?? lens
    case (.theme, .choice(let name)?): theme = themes.first { $0.name == name } ?? theme
    case (.lang, .choice(let code)?): language = Language(rawValue: code) ?? language
    case (.filter, .text(let text)?):
      details = []
      filterText = text
      applyFilter()
    case (.help, _): showsHelp = true
    case (.quit, _): return .quit
    default: break
    }
    return .redraw
  }

  /// Builds the command's events, lets Core judge each against the state the ones before it
  /// leave, and hands them to the runtime to append as one batch.
  private mutating func submit(_ command: PaletteCommand, _ values: [PaletteItem]) -> Reaction {
    guard !isWall else {
      palette?.error = language("大屏只读", "the wall display is read-only")
      return .redraw
    }
    let bodies = events(for: command, values)
    guard !bodies.isEmpty else { return .unchanged }
    var events: [NewEvent] = []
    var expected: [String: Int] = [:]
    var state = ledger
    var summary = ""
    for body in bodies {
      let event = NewEvent(time: now, actor: operatorName, body: body)
      do {
        try state.validate(event)
      } catch {
        palette?.error = error.message(language)
        return .redraw
      }
      // Decided on this state: the store refuses the batch if another operator moved a stream
      // on since (a new ticket's stream is expected not to exist yet).
      if expected[body.stream] == nil { expected[body.stream] = ledger.versions[body.streamKey] }
      // Worded by Core as the feed will word it; the last event says what the batch did.
      summary = body.summary(in: state, language: language)
      events.append(event)
      if events.count < bodies.count { state.apply(body, time: now, actor: operatorName) }
    }
    effects.append(.append(events, expectedVersions: expected, summary: summary))
    palette = nil
    notice = language("已提交：", "sent: ") + summary
    return .redraw
  }

  /// The events a state-changing command appends, in order; empty when its arguments do not fit.
  private func events(for command: PaletteCommand, _ values: [PaletteItem]) -> [EventBody] {
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
