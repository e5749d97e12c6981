import Foundation
import WeigeCore
import WeigeSearch
import WeigeUI

/// The command palette's controller: the input while the palette is open, the operator's history
/// that ranks it, and the index of candidates, built once (off the loop when a runtime can) and
/// kept current as events arrive. It changes nothing outside itself: what it asks of the screen
/// around it comes back as a `PaletteRequest`, and the runtime's work as effects.
public struct PaletteController {
  /// The palette while it is open.
  public internal(set) var input: Palette?
  /// What the operator chose from the palette before, to rank it higher.
  public internal(set) var frecency: Frecency
  /// The indexed candidates, built when the palette first opens (or in the background).
  var catalog: PaletteCatalog?
  /// Places, households or people changed since the catalogue was built.
  var needsRebuild = false
  /// Tickets changed since the catalogue's tickets were indexed.
  var ticketsChanged = false
  /// A runtime builds the index off the loop (`prepare` was called).
  var buildsInBackground = false
  /// A background build is under way.
  var isBuilding = false

  init(frecency: Frecency) { self.frecency = frecency }

  // MARK: The index

  /// Asks the runtime to index the candidates now, so that the palette opens at once later.
  /// Without a runtime (tests, small districts) the palette builds its index when it opens.
  mutating func prepare(_ context: PaletteContext) -> [DashboardEffect] {
    buildsInBackground = true
    guard !isBuilding else { return [] }
    isBuilding = true
    needsRebuild = false
    ticketsChanged = false
    return [.buildPalette(PaletteBuild(ledger: context.ledger, frecency: frecency, now: context.now))]
  }

  /// Takes a catalogue built in the background; what changed while it was built is refreshed,
  /// and a change to places, households or people asks for another build.
  mutating func receive(_ indexes: PaletteIndexes, _ context: PaletteContext) -> [DashboardEffect] {
    isBuilding = false
    catalog = indexes.catalog
    refreshCatalog(context)
    let effects = needsRebuild ? prepare(context) : []
    if input != nil { search(context, keepingSelection: true) }
    return effects
  }

  /// Marks what of the candidates an event changes.
  mutating func note(_ body: EventBody) {
    switch body {
    case .placeAdded, .householdRegistered, .personRegistered: needsRebuild = true
    case .ticketRequested, .ticketDispatched, .ticketAccepted, .ticketReturned, .ticketResolved, .ticketRated,
      .ticketReopened:
      ticketsChanged = true
    default: break
    }
  }

  /// Whether `refreshTickets` has anything to do: the dashboard asks first, since building the
  /// context after every event (the alerts, the board's selection) is wasted on a closed palette.
  var needsTicketRefresh: Bool { input != nil && ticketsChanged }

  /// After events: an open palette offers a ticket filed meanwhile at once (a catalogue still
  /// being built takes the change when it lands).
  mutating func refreshTickets(_ context: PaletteContext) {
    guard needsTicketRefresh, let catalog else { return }
    catalog.refreshTickets(from: context.ledger, frecency: frecency, now: context.now)
    ticketsChanged = false
    search(context, keepingSelection: true)
  }

  /// Brings the catalogue's tickets and rankings up to date: both are cheap next to places.
  private mutating func refreshCatalog(_ context: PaletteContext) {
    if ticketsChanged { catalog?.refreshTickets(from: context.ledger, frecency: frecency, now: context.now) }
    ticketsChanged = false
    catalog?.learn(frecency, now: context.now)
  }

  // MARK: Opening and typing

  /// Opens the palette, with a command already chosen (a direct key) and its first arguments.
  mutating func open(
    _ command: PaletteCommand? = nil, arguments: [Palette.Choice] = [], _ context: PaletteContext
  ) -> [DashboardEffect] {
    var effects: [DashboardEffect] = []
    if catalog == nil || needsRebuild {
      if buildsInBackground {
        effects = prepare(context)
      } else {
        catalog = PaletteCatalog(context.ledger, frecency: frecency, now: context.now)
        needsRebuild = false
        ticketsChanged = false
      }
    }
    refreshCatalog(context)
    input = Palette(command: command, arguments: arguments)
    search(context)
    return effects
  }

  /// A key while the palette is open.
  mutating func edit(_ key: Key, _ context: PaletteContext) -> PaletteOutcome {
    guard var typed = input else { return .unchanged }
    typed.error = nil
    switch key {
    case .escape:
      input = nil
      return .redraw
    case .control("c"): return .quit
    case .enter: return choose(running: true, context)
    case .tab: return choose(running: false, context)
    case .up, .control("p"): typed.selection = max(0, typed.selection - 1)
    case .down, .control("n"): typed.selection = min(max(0, typed.rows.count - 1), typed.selection + 1)
    case .control("u"): typed.text = ""  // as in a shell: start the query over
    case .backspace:
      if !typed.text.isEmpty {
        typed.text.removeLast()
      } else if !typed.arguments.isEmpty {
        typed.arguments.removeLast()
      } else if let command = typed.command {
        typed.command = nil
        typed.text = command.name
      }
    case .character(let character):
      typed.text.append(character)
      // `dispatch #1212 ` takes ticket #1212 on the space: the one-line forms the help shows.
      if character == " ", typed.nextArgument == .ticket, let ticket = context.exactTicket(typed.text) {
        typed.text = String(typed.text.dropLast())
        input = typed
        search(context)
        let row = input?.rows.firstIndex { $0.item == .ticket(ticket.id) } ?? 0
        input?.selection = row
        return choose(running: false, context)
      }
      // `goto ` chooses goto: the words after it are its argument.
      if typed.command == nil, character == " ",
        let command = PaletteCommand.allCases.first(where: { $0.name + " " == typed.text.lowercased() })
      {
        typed.command = command
        typed.text = ""
      }
    default: return .unchanged
    }
    let searched = typed.text != input?.text || typed.arguments != input?.arguments
    input = typed
    if searched { search(context) }
    return .redraw
  }

  // MARK: Choosing and running

  /// Enter (`running`) or Tab: takes the selected line as the command or the next argument; Enter
  /// also runs the command once it has everything, or goes to a place, person or ticket.
  private mutating func choose(running: Bool, _ context: PaletteContext) -> PaletteOutcome {
    guard var typed = input else { return .unchanged }
    typed.error = nil
    var outcome = PaletteOutcome.redraw
    let language = context.language
    if typed.command == nil {
      guard let row = typed.selectedRow else { return .unchanged }
      remember(row.item, context, into: &outcome)
      if case .command(let command) = row.item {
        typed.command = command
        typed.text = ""
        input = typed
        search(context)
        if running && command.arguments.isEmpty { run(context, into: &outcome) }
      } else if running {
        input = nil
        outcome.request = .go(row.item)
      } else {
        typed.text = row.text
        input = typed
        search(context)
      }
      return outcome
    }
    if let argument = typed.nextArgument {
      if case .text = argument {
        let text = FreeText.trimmed(typed.text)
        guard !text.isEmpty else {
          input?.error =
            language("请先输入", "type the ") + argument.noun(language) + language("，再按 Enter", " first")
          return outcome
        }
        typed.arguments.append(Palette.Choice(item: .text(text), label: text))
      } else {
        guard let row = typed.selectedRow else {
          input?.error = language("没有匹配的", "no ") + argument.noun(language) + language("", " matches")
          return outcome
        }
        if case .ticket(let id) = row.item, let action = typed.command?.ticketAction {
          do {
            try context.ledger.requireTicket(id, for: action)
          } catch {
            input?.error = error.message(language)
            return outcome
          }
        }
        if case .openCall(let id) = row.item, let action = typed.command?.callAction {
          do {
            try context.ledger.openCalls.require(id, for: action)
          } catch {
            input?.error = error.message(language)
            return outcome
          }
        }
        remember(row.item, context, into: &outcome)
        if typed.command == .ticketNew, typed.arguments.isEmpty, case .place(let id) = row.item {
          typed.asksRoom = context.ledger.places[id]?.level == .stairwell
        }
        typed.arguments.append(Palette.Choice(item: row.item, label: context.shortLabel(row)))
      }
      typed.text = ""
      input = typed
      search(context)
    }
    if running && input?.nextArgument == nil { run(context, into: &outcome) }
    return outcome
  }

  /// Counts a choice in the operator's history and asks the runtime to keep it: once per key,
  /// with the history as it stands after it.
  private mutating func remember(
    _ item: PaletteItem, _ context: PaletteContext, into outcome: inout PaletteOutcome
  ) {
    guard let key = item.frecencyKey else { return }
    frecency.recordChoice(of: key, at: context.now.date)
    outcome.effects.removeAll { if case .saveFrecency = $0 { true } else { false } }
    outcome.effects.append(.saveFrecency(frecency))
  }

  /// Runs the command with its arguments: one that changes state goes to the runtime as events,
  /// any other to the screen as a request. The palette closes unless Core refuses.
  private mutating func run(_ context: PaletteContext, into outcome: inout PaletteOutcome) {
    guard let typed = input, let command = typed.command else {
      outcome.reaction = .unchanged
      return
    }
    let values = typed.arguments.map(\.item)
    guard command.changesState else {
      input = nil
      outcome.request = .run(command, values)
      return
    }
    guard !context.isWall else {
      input?.error = context.language("大屏只读", "the wall display is read-only")
      return
    }
    let bodies: [EventBody]
    do {
      bodies = try context.events(for: command, values)
    } catch {
      input?.error = error.message(context.language)
      return
    }
    guard !bodies.isEmpty else {
      outcome.reaction = .unchanged
      return
    }
    var events: [NewEvent] = []
    var expected: [String: Int] = [:]
    var state = context.ledger
    var summary = ""
    for body in bodies {
      let event = NewEvent(time: context.now, actor: context.operatorName, body: body)
      do {
        try state.validate(event)
      } catch {
        input?.error = error.message(context.language)
        return
      }
      // Decided on this state: the store refuses the batch if another operator moved a stream
      // on since (a new ticket's stream is expected not to exist yet).
      if expected[body.stream] == nil { expected[body.stream] = context.ledger.versions[body.streamKey] }
      // Worded by Core as the feed will word it; the last event says what the batch did.
      summary = body.summary(in: state, language: context.language)
      events.append(event)
      if events.count < bodies.count { state.apply(body, time: context.now, actor: context.operatorName) }
    }
    outcome.effects.append(.append(events, expectedVersions: expected, summary: summary))
    input = nil
    outcome.request = .sent(summary: summary)
  }

  // MARK: Ranking

  /// Ranks the lines for what is typed: everything at the top level, else the next argument's kind.
  /// A refresh under the operator's hands (new events) keeps the cursor where it was.
  mutating func search(_ context: PaletteContext, keepingSelection: Bool = false) {
    guard var typed = input, let catalog else { return }
    if typed.command == nil {
      typed.rows = context.exactTicketFirst(
        typed.text, catalog.searchEverything(typed.text, frecency: frecency, now: context.now))
    } else if let argument = typed.nextArgument {
      if argument == .ticket, let action = typed.command?.ticketAction,
        let source = catalog.source(for: argument)
      {
        typed.rows = context.ticketRows(typed.text, for: action, from: source)
      } else if argument == .openCall, let action = typed.command?.callAction {
        typed.rows = context.callRows(typed.text, for: action)
      } else if argument == .silenceScope, case .alert(let alert)? = typed.arguments.first?.item {
        typed.rows = context.silenceScopeRows(typed.text, of: alert)
      } else if argument == .room, case .place(let stairwell)? = typed.arguments.first?.item {
        typed.rows = context.roomRows(typed.text, of: stairwell)
      } else if argument == .ratedStairwell {
        typed.rows = context.ratedStairwellRows(typed.text, places: catalog.places)
      } else if argument == .stairwell || argument == .reachTarget {
        typed.rows = context.stairwellRows(
          typed.text, places: catalog.places, households: argument == .reachTarget ? catalog.households : nil)
      } else if argument == .person, let place = context.placeOfChosen(typed),
        let source = catalog.source(for: argument)
      {
        typed.rows = context.teamFirst(at: place, typed.text, from: source)
      } else if let source = catalog.source(for: argument) {
        typed.rows = source.search(typed.text)
      } else {
        let choices = context.choices(for: argument)
        let result = PaletteIndex(choices.map(\.text)).search(PaletteQuery(typed.text), limit: choices.count)
        typed.rows = result.matches.map {
          PaletteRow(
            item: choices[$0.candidate].item, text: choices[$0.candidate].text, positions: $0.positions,
            score: $0.score)
        }
      }
    } else {
      typed.rows = []
    }
    typed.selection = keepingSelection ? min(typed.selection, max(0, typed.rows.count - 1)) : 0
    input = typed
  }
}

/// What a key in the palette comes to: whether to draw, the runtime's work, and what the screen
/// around the palette is asked to do.
struct PaletteOutcome {
  var reaction: Reaction
  var effects: [DashboardEffect] = []
  var request: PaletteRequest?

  static let unchanged = PaletteOutcome(reaction: .unchanged)
  static let redraw = PaletteOutcome(reaction: .redraw)
  static let quit = PaletteOutcome(reaction: .quit)
}

/// What the palette asks of the screen around it.
enum PaletteRequest: Equatable {
  /// Open what was chosen without a command: a place's map, a person's or a ticket's detail.
  case go(PaletteItem)
  /// A command that changes the screen, not the ledger (goto, lens, theme, lang, filter, help,
  /// quit), with its arguments.
  case run(PaletteCommand, [PaletteItem])
  /// A command's events went to the runtime; the footer says so.
  case sent(summary: String)
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
