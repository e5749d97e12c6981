import Foundation
import WeigeCore
import WeigeSearch
import WeigeUI

/// The 一屏知全域 command room: the whole district on one screen (DESIGN.md §4). One state, one
/// update, views as functions of the state; the runtime feeds it keys, ticks and store events and
/// performs the effects update returns.
///
/// The state is small models, each with one room: `navigation` (where the operator looks),
/// `filter` (the map's `/`) and `palette` (the command palette and its index); peace or war
/// (`mode`) is read from the ledger where the operator looks. Update routes each event to the
/// model it concerns, and does itself what takes more than one.
public struct Dashboard: App {
  public enum Message: Sendable {
    /// The clock: SLA countdowns and overdue counts move with it.
    case tick(Timestamp)
    /// Events another process (or this one) appended, in sequence order.
    case events([RecordedEvent])
    /// `--wall --cycle N`: the next lens.
    case cycleLens
    /// The runtime appended a palette command's events (`DashboardEffect.append`).
    case appended(summary: String)
    /// The store refused them (another operator moved the ticket on first): nothing changed. The
    /// reason comes in both languages, and the footer says it in the screen's.
    case refused(chinese: String, english: String)
    /// The palette's index, built in the background (`DashboardEffect.buildPalette`).
    case paletteBuilt(PaletteIndexes)
    /// The store's history was replaced under the screen (`demo --force`): what was shown is
    /// gone, and the screen starts again from the new history, saying so.
    case replaced(Ledger, recent: [RecordedEvent])
    /// The store could not be followed since this moment (nil: following again): the header says
    /// the screen is not live, so nobody trusts a frozen wall.
    case followStopped(since: Timestamp?)
    /// A household's streams as the log holds them (`DashboardEffect.readReveals`).
    case revealsRead(HouseholdID, [RecordedEvent])
  }

  /// Typed wrappers, so the cache keeps the tiles' figures and classes apart from other arrays.
  struct TileFigures { var figures: [AreaFigures] }
  struct TileReach { var figures: [ReachFigures] }
  struct TileClasses { var classes: [Int] }
  struct StairwellTiles { var tiles: [PlaceID: Int] }

  /// A critical ticket or alert that arrived while the screen was up, marked ● until looked at.
  public enum Arrival: Hashable, Sendable {
    case ticket(TicketID)
    case alert(AlertID)
  }

  /// One event in words, in both languages: worded as it arrives (names as they were then), so
  /// `lang en` turns the lines already shown as well.
  public struct FeedLine: Equatable, Sendable {
    public var time: Timestamp
    public var chinese: String
    public var english: String

    init(_ event: RecordedEvent, in ledger: Ledger) {
      time = event.time
      chinese = event.body.summary(in: ledger, language: .zh)
      english = event.body.summary(in: ledger, language: .en)
    }

    public func text(_ language: Language) -> String { language(chinese, english) }
  }

  public internal(set) var ledger: Ledger
  public internal(set) var index: AreaIndex
  public internal(set) var now: Timestamp
  public var theme: Theme
  public var language: Language
  public var operatorName: String
  /// Read-only wall display: no palette, no action keys, no action hints.
  public var isWall: Bool
  /// `--wall --cycle N`: the lens changes every N seconds, and the footer counts down to it.
  public var lensCycleSeconds: Int?
  /// When the lens last changed by itself, for that countdown.
  public internal(set) var lensChangedAt: Timestamp
  /// The whole screen, kept so that update knows the map's geometry as the view will draw it.
  public var screenSize: Size
  public internal(set) var lens: Lens = .openTickets
  public internal(set) var feed: [FeedLine] = []
  /// The themes `theme NAME` offers, as the CLI found them.
  public var themes: [Theme]
  /// When following the store last failed; nil while the screen is live.
  public internal(set) var notLiveSince: Timestamp?
  /// The last command's outcome, shown in the footer until the next key.
  public internal(set) var notice: String?
  /// Critical tickets and alerts that arrived since the screen opened and nobody has looked at:
  /// the selection has not been on them, nor has their detail been opened.
  public internal(set) var newArrivals: Set<Arrival> = []
  /// Where the operator is looking: focus, pane, selections, details, help.
  public internal(set) var navigation: Navigation
  /// The map's filter (`/`).
  public internal(set) var filter = MapFilter()
  /// The command palette: its input while open, the history that ranks it, its index.
  public internal(set) var palette: PaletteController
  /// The order last chosen in the war view (`w`, Tab there): the mobilization lens and the
  /// palette's war commands keep to it while it is open in view (`currentOrder`).
  public internal(set) var chosenOrder: MobilizationID?
  /// The working calendar the duty desk's clocks count on (the user's `calendar.toml` over the
  /// State Council's notices): the clock index's, given at init.
  public var calendar: WorkingCalendar { index.clocks.calendar }
  /// The SLA policy a new ticket is opened under.
  public var slaPolicy: SlaPolicy = .shipped
  /// The rules the board and the 星级 lens rate stairwells by (a user's `stars.toml`).
  public var starRules: StarRules = .standard
  /// The duty desk's bell: what rang and is not acknowledged, its repeats and its mute.
  public internal(set) var bell = DutyBell()
  /// Who saw households' numbers whole, and the household this screen shows whole.
  public internal(set) var reveals = RevealLog()

  static let feedLimit = 200
  let cache = DerivedCache<MapKey>()
  /// The map's layout changes only with the places, the focus, the filter or the screen, not with
  /// each event: it has a cache of its own.
  let layoutCache = DerivedCache<MapKey>()
  let laggardCache = DerivedCache<LaggardKey>()
  /// A closed order's after-action report: it never changes once closed, so it is worded once.
  let reportCache = DerivedCache<ReportKey>()
  let dutyCache = DerivedCache<DutyKey>()
  let starBoard = StarBoardCache()
  let ratedMonthCache = DerivedCache<RatedMonthKey>()

  public init(
    ledger: Ledger, now: Timestamp, theme: Theme, language: Language = .zh, operatorName: String,
    isWall: Bool = false, screenSize: Size = Size(width: 160, height: 48), recent: [RecordedEvent] = [],
    themes: [Theme] = [], frecency: Frecency = Frecency(), calendar: WorkingCalendar = .shipped
  ) {
    self.themes = themes
    self.ledger = ledger
    self.now = now
    self.theme = theme
    self.language = language
    self.operatorName = operatorName
    self.isWall = isWall
    self.screenSize = screenSize
    index = AreaIndex(ledger, now: now, calendar: calendar)
    feed = recent.reversed().prefix(Self.feedLimit).map {
      FeedLine($0, in: ledger)
    }
    navigation = Navigation(ledger)
    palette = PaletteController(frecency: frecency)
    lensChangedAt = now
    showWarOnWall()
  }

  // MARK: Update

  public mutating func update(_ event: Event<Message>) -> Outcome<DashboardEffect> {
    var outcome: Outcome<DashboardEffect>
    switch event {
    case .message(let message):
      outcome = receive(message)
    case .input(.resize(let size)):
      screenSize = size
      navigation.keepCursor(within: map().units.count)
      outcome = .redraw
    case .input(.mouse(let mouse)):
      outcome = handle(mouse)
    case .input(.key(let key)):
      outcome = handle(key)
      if markLookedAt() && outcome.reaction == .unchanged { outcome.reaction = .redraw }
    }
    // The mobilization lens goes with the last order in view: the map falls back to tickets.
    if !offeredLenses.contains(lens) { lens = .openTickets }
    reveals.keep(onScreen: navigation.details.last)
    if case .household(let id)? = navigation.details.last { outcome.effects += reveals.read(id, in: ledger) }
    return outcome
  }

  private mutating func receive(_ message: Message) -> Outcome<DashboardEffect> {
    switch message {
    case .tick(let time):
      let before = now.rawValue / 1000
      now = time
      index.advance(to: time, in: ledger)
      let rings = bell.tick(at: time)
      return Outcome(time.rawValue / 1000 == before ? .unchanged : .redraw, effects: rings ? [.bell] : [])
    case .events(let events):
      return apply(events)
    case .cycleLens:
      lensChangedAt = now
      // A wall shows, in peace, after its last lens, the board of stars and the 红黑榜, then the
      // 揭榜 board (赛比) when anything is posted: one turn each.
      if isWall, lens.next(among: offeredLenses).rawValue <= lens.rawValue, openOrdersInView().isEmpty,
        let board = nextWallBoard()
      {
        navigation.returnHome()
        filter.clear()
        navigation.open(board)
        return .redraw
      }
      lens = lens.next(among: offeredLenses)
      // Nobody stands at a wall to press Esc: a drill-down there lasts until the next lens.
      if isWall {
        navigation.returnHome()
        filter.clear()
        showWarOnWall()
      }
      return .redraw
    case .appended(let summary):
      notice = summary
      return .redraw
    case .refused(let chinese, let english):
      notice = language("未执行：", "refused: ") + language(chinese, english)
      reveals.refused()
      return .redraw
    case .revealsRead(let household, let events):
      reveals.receive(household, events, in: ledger)
      return .redraw
    case .paletteBuilt(let indexes):
      let effects = palette.receive(indexes, paletteContext)
      return Outcome(palette.input == nil ? .unchanged : .redraw, effects: effects)
    case .followStopped(let since):
      notLiveSince = since
      return .redraw
    case .replaced(let fresh, let recent):
      let buildsInBackground = palette.buildsInBackground
      let kept = self
      self = Dashboard(
        ledger: fresh, now: now, theme: theme, language: language, operatorName: operatorName, isWall: isWall,
        screenSize: screenSize, recent: recent, themes: themes, frecency: palette.frecency,
        calendar: kept.calendar)
      // What the operator set for this screen outlives the history it showed.
      lensCycleSeconds = kept.lensCycleSeconds
      slaPolicy = kept.slaPolicy
      starRules = kept.starRules
      bell = DutyBell(repeatSeconds: kept.bell.repeatSeconds)
      notice = language("存储已被替换：画面已按新的记录重新载入", "the store was replaced: the screen reloaded its new history")
      return Outcome(.redraw, effects: buildsInBackground ? preparePalette() : [])
    }
  }

  /// Folds events in (those already folded skipped by sequence), words them for the feed, and
  /// rings once for a batch that brings something urgent: the app never calls the terminal.
  private mutating func apply(_ events: [RecordedEvent]) -> Outcome<DashboardEffect> {
    var causes: [DutyBell.Cause] = []
    var ordersChanged = false
    // Only the newest `feedLimit` of a batch stay in the feed: the rest are never worded (a city
    // drill brings 20,000 reports in one read), and the kept ones go in front at once.
    let wordedFrom = events.count - Self.feedLimit
    var arrived: [FeedLine] = []
    for (position, event) in events.enumerated() where event.sequence > ledger.lastSequence {
      let previous = ledger.lastSequence
      ledger.apply(event)
      starBoard.note(ledger.starTouch(of: event.body), after: previous, in: ledger)
      switch event.body {
      case .mobilizationIssued: ordersChanged = true
      case .mobilizationClosed(let id, let closing, _):
        ordersChanged = true
        // The operator hears of it where they are; its after-action report is a tab of the war
        // view (the war view itself when no other order is open).
        if let order = ledger.mobilizations[id],
          navigation.focus.map({ ledger.overlaps($0, order.scope) }) ?? true
        {
          notice = language(
            "动员令 \(id) \(closing.chineseName) · 复盘：w", "order \(id) \(closing.englishName) · report: w")
        }
      default: break
      }
      index.note(event.body, in: ledger, now: now)
      reveals.note(event, in: ledger)
      // A reveal run from the palette elsewhere opens the household it shows whole.
      if let shown = reveals.shown, navigation.details.last != .household(shown) {
        navigation.open(.household(shown))
      }
      if position >= wordedFrom { arrived.append(FeedLine(event, in: ledger)) }
      palette.note(event.body)
      if let arrival = Self.urgentArrival(event.body) {
        newArrivals.insert(arrival)
        switch arrival {
        case .ticket(let id): causes.append(.ticket(id))
        case .alert(let id): causes.append(.alert(id))
        }
      }
      if case .escalated(let escalation) = event.body { causes.append(.escalation(escalation.subject)) }
      // A silence lifted early: what it held back calls as if it had just been raised.
      if case .silenceLifted(let scope, _) = event.body {
        causes += ledger.sensors.alerts(coveredBy: scope, in: ledger).filter { Self.callsBell($0.kind) }.map {
          .alert($0.id)
        }
      }
    }
    newArrivals = newArrivals.filter { arrival in
      switch arrival {
      case .ticket(let id): ledger.tickets[id]?.status.isOpen == true
      case .alert(let id): ledger.alerts[id].map { $0.clearedAt == nil } == true
      }
    }
    // A silenced alert is kept and shown, but calls nobody (静默).
    causes.removeAll { cause in
      switch cause {
      case .alert(let id), .escalation(.alert(let id)): ledger.isSilenced(id, at: now)
      case .ticket, .escalation(.ticket): false
      }
    }
    // What was silenced after it rang stops calling too.
    bell.keep { cause in
      switch cause {
      case .ticket(let id), .escalation(.ticket(let id)): ledger.tickets[id]?.status.isOpen == true
      case .alert(let id), .escalation(.alert(let id)):
        ledger.alerts[id].map { $0.clearedAt == nil } == true && !ledger.isSilenced(id, at: now)
      }
    }
    let rings = bell.ring(causes, at: now)
    feed.insert(contentsOf: arrived.reversed(), at: 0)
    if feed.count > Self.feedLimit { feed.removeLast(feed.count - Self.feedLimit) }
    if ordersChanged { showWarOnWall() }
    if palette.needsTicketRefresh { palette.refreshTickets(paletteContext) }
    return Outcome(events.isEmpty ? .unchanged : .redraw, effects: rings ? [.bell] : [])
  }

  /// What calls for the bell besides every escalation step: a ticket filed 特急, or an alert of a
  /// kind as urgent (a fire, a water meter that says someone living alone may be down, or a kind a
  /// room defines so). Thrown objects and blocked lanes are seen to in the day's work, and a bell
  /// for every one would teach the desk to ignore it.
  static func urgentArrival(_ body: EventBody) -> Arrival? {
    switch body {
    case .ticketRequested(let request) where request.urgency == .critical: .ticket(request.id)
    case .alertRaised(let raise) where callsBell(raise.kind): .alert(raise.id)
    default: nil
    }
  }

  /// The alert kinds that ring as they are raised (`urgentArrival`), and again when a silence
  /// that held one back is lifted.
  static func callsBell(_ kind: AlertKind) -> Bool { kind.urgency == .critical }

  /// Takes the marks off what the operator is now looking at: the ticket or alert selected in
  /// its pane, or a ticket whose detail is open.
  private mutating func markLookedAt() -> Bool {
    let before = newArrivals.count
    guard !newArrivals.isEmpty else { return false }
    if case .ticket(let id)? = navigation.details.last { newArrivals.remove(.ticket(id)) }
    if case .alert(let id)? = navigation.details.last { newArrivals.remove(.alert(id)) }
    guard navigation.details.isEmpty else { return newArrivals.count != before }
    switch navigation.pane {
    case .tickets:
      if let id = selectedTicket() { newArrivals.remove(.ticket(id)) }
    case .alerts:
      if let id = selectedAlert() { newArrivals.remove(.alert(id)) }
    case .map, .feed:
      break
    }
    return newArrivals.count != before
  }

  /// The board a wall turns to after its last lens: the stars', then the 揭榜 board if the
  /// community has posted anything; nil once both have had their turn.
  private func nextWallBoard() -> Navigation.Detail? {
    switch navigation.details {
    case [.stars]: ledger.openCalls.calls.isEmpty ? nil : .openCalls
    case [.openCalls]: nil
    default: .stars
    }
  }

  /// A wall shows the war view by itself while an order is open where it looks, and its map when
  /// none is: when it starts, when an order is issued or closed, and at its next lens. An order
  /// that closes gives way to the next open one. A wall whose keys someone pressed (Esc to its
  /// map) keeps what they chose until one of those moments.
  mutating func showWarOnWall() {
    guard isWall else { return }
    let open = openOrdersInView()
    if let shown = warViewOrder {
      guard !open.contains(where: { $0.id == shown }) else { return }
      navigation.closeDetails()
      if let next = open.first { openWarView(next.id) }
    } else if navigation.details.isEmpty || navigation.details == [.stars], let first = open.first {
      navigation.closeDetails()
      openWarView(first.id)
    }
  }

  /// The duty desk's settings of this screen: how often an unacknowledged bell repeats, and
  /// whether it opens on the queue (`weige dashboard --duty`).
  public mutating func setUpDesk(bellRepeatSeconds: Int, opensQueue: Bool) {
    bell.repeatSeconds = bellRepeatSeconds
    if opensQueue && !navigation.details.contains(.duty) { navigation.open(.duty) }
  }

  /// Opens the war view on `order`, or turns the war view to it.
  mutating func openWarView(_ order: MobilizationID) {
    chosenOrder = order
    if case .war? = navigation.details.last {
      navigation.replace(with: .war(order))
    } else {
      navigation.open(.war(order))
    }
  }

  /// Asks the runtime to index the palette's candidates now, so that it opens at once later; the
  /// runner calls it at start and performs what it returns.
  public mutating func preparePalette() -> [DashboardEffect] { palette.prepare(paletteContext) }

  /// What the palette reads of the screen around it.
  var paletteContext: PaletteContext {
    PaletteContext(
      ledger: ledger, now: now, language: language, operatorName: operatorName, isWall: isWall,
      themes: themes,
      alerts: activeAlerts(), lenses: offeredLenses, order: currentOrder(),
      laggards: { [self] in currentOrder().map { laggards(of: $0).map(\.stairwell) } ?? [] },
      calendar: calendar, slaPolicy: slaPolicy,
      handoverShift: { if case .handover(let shift)? = navigation.details.last { shift } else { nil } }(),
      callInView: callInView(), alertInView: alertInView(), stairwellInView: stairwellInView(),
      starRules: starRules)
  }

  /// The stairwell on screen: the one open in detail, else the one selected on the stars board.
  func stairwellInView() -> PlaceID? {
    switch navigation.details.last {
    case .stairwell(let id)?: id
    case .stars?: selectedRating()?.stairwell
    default: nil
    }
  }

  /// The 揭榜 item on screen: the one in detail, else the one selected on the board.
  func callInView() -> OpenCallID? {
    switch navigation.details.last {
    case .openCall(let id)?: id
    case .openCalls?: selectedCall()?.id
    default: nil
    }
  }

  // MARK: Queries the views share

  /// The state the views' derived values depend on (see `DerivedCache`).
  var derivedKey: MapKey {
    MapKey(
      sequence: ledger.lastSequence, generation: index.generation, places: ledger.places.count,
      filedAbove: index.filedAbove.count, focus: navigation.focus, filter: filter.text,
      matches: filter.matches?.count, size: screenSize,
      lens: lens, order: lens == .mobilization ? currentOrder()?.id : nil)
  }

  /// What the map's layout depends on: `derivedKey` without the event sequence and figures.
  var layoutKey: MapKey {
    var key = derivedKey
    key.sequence = 0
    key.generation = 0
    key.lens = .openTickets
    key.order = nil
    return key
  }

  /// Every tile's figures in map order, read from the area index's sums once per change of state
  /// rather than on every clock tick.
  public func unitFigures() -> [AreaFigures] {
    cache.value(for: derivedKey) {
      TileFigures(
        figures: map().units.map {
          $0.isOwn ? index.ownFigures(of: $0.place) : index.figures(under: $0.place)
        })
    }.figures
  }

  /// Under the mobilization lens, the current order's households under each tile, in map order
  /// (none under another lens): one pass over the order's squads, each added to its tile.
  public func unitReach() -> [ReachFigures] {
    cache.value(for: derivedKey) {
      let units = map().units
      guard lens == .mobilization, let order = currentOrder() else {
        return TileReach(figures: Array(repeating: ReachFigures(), count: units.count))
      }
      let tileOf = stairwellTiles()
      var figures = Array(repeating: ReachFigures(), count: units.count)
      for index in order.squads.indices {
        guard let tile = tileOf[order.squads[index].stairwell] else { continue }
        figures[tile] += ReachFigures(order.squads[index].tally)
      }
      return TileReach(figures: figures)
    }.figures
  }

  /// The tile each stairwell on the map falls in: it changes with the layout only.
  func stairwellTiles() -> [PlaceID: Int] {
    layoutCache.value(for: layoutKey) {
      var tiles: [PlaceID: Int] = [:]
      for (position, unit) in map().units.enumerated() where !unit.isOwn {
        for place in ledger.subtree(of: unit.place) where ledger.places[place]?.level == .stairwell {
          tiles[place] = position
        }
      }
      return StairwellTiles(tiles: tiles)
    }.tiles
  }

  /// Every tile's figures under the lens, in map order.
  func lensFigures() -> [LensFigures] {
    zip(zip(unitFigures(), unitReach()), unitStars()).map { LensFigures(area: $0.0, reach: $0.1, stars: $1) }
  }

  /// Every tile's class under the lens, in map order: the class of its figures for a lens that
  /// sums, the worst of its stairwells' for one that does not (`Lens.aggregation`).
  public func tileClasses() -> [Int] {
    cache.value(for: derivedKey) {
      let figures = lensFigures()
      let units = map().units
      return TileClasses(
        classes: units.indices.map { position in
          let place = units[position].place
          guard lens.aggregation == .worst, ledger.places[place]?.level != .stairwell, !units[position].isOwn
          else {
            return lens.level(of: figures[position])
          }
          return ledger.subtree(of: place).lazy.filter { ledger.places[$0]?.level == .stairwell }
            .map { lens.level(of: LensFigures(area: index.figures(under: $0))) }.max() ?? 0
        })
    }.classes
  }

  /// Open tickets under the focus, most urgent first, then the nearest deadline.
  public func openTickets() -> [AreaIndex.OpenTicket] { index.openTickets(under: navigation.focus) }

  /// Active alerts under the focus, newest first.
  public func activeAlerts() -> [AreaIndex.ActiveAlert] { index.activeAlerts(under: navigation.focus) }

  /// The ticket selected in the tickets pane, if there is one.
  func selectedTicket() -> TicketID? {
    let tickets = openTickets()
    return tickets.indices.contains(navigation.ticketSelection) ? tickets[navigation.ticketSelection].id : nil
  }

  /// The alert selected in the alerts pane, if there is one.
  func selectedAlert() -> AlertID? {
    let alerts = activeAlerts()
    return alerts.indices.contains(navigation.alertSelection) ? alerts[navigation.alertSelection].id : nil
  }

  public func team(of stairwell: PlaceID) -> [(role: RoleDefinition, person: PersonID)] {
    ledger.catalogue.roles.filter { $0.level == .stairwell }.flatMap { role in
      ledger.holders[RoleAssignment(role: role.id, place: stairwell), default: []].map { (role, $0) }
    }
  }

  public func tickets(at stairwell: PlaceID) -> [Ticket] {
    ledger.tickets.values.filter { $0.place == stairwell }.sorted {
      ($0.status.isOpen ? 1 : 0, $0.requestedAt) > ($1.status.isOpen ? 1 : 0, $1.requestedAt)
    }
  }

  /// A household's tickets, open ones first, newest first.
  public func tickets(of household: HouseholdID) -> [Ticket] {
    ledger.tickets.values.filter { $0.household == household }.sorted {
      ($0.status.isOpen ? 1 : 0, $0.requestedAt) > ($1.status.isOpen ? 1 : 0, $1.requestedAt)
    }
  }

  /// The selectable rows of a detail, section by section: a stairwell's team, tickets and
  /// households; a household's tickets.
  func detailSections(_ detail: Navigation.Detail) -> [Int] {
    switch detail {
    case .stairwell(let id):
      [team(of: id).count, tickets(at: id).count, ledger.householdsByStairwell[id, default: []].count]
    case .household(let id): [tickets(of: id).count]
    case .war(let id): [ledger.mobilizations[id].map { $0.isOpen ? $0.squads.count : 0 } ?? 0]
    case .duty: [dutyRows().rows.count]
    case .handover(let shift): [handoverLineCount(shift)]
    case .openCalls: [ledger.openCalls.calls.count]
    case .stars: [boardRatings().count]
    case .ticket, .person, .alert, .openCall: []
    }
  }

  /// The map as the view will draw it at the current screen size.
  public func map() -> MapModel {
    layoutCache.value(for: layoutKey) {
      MapModel(
        widest: ledger, focus: navigation.focus, filter: filter.matches, filedAbove: index.filedAbove,
        frame: mapFrame())
    }
  }

  /// The map pane's inside, less its legend row.
  func mapFrame() -> MapFrame {
    let inner = DashboardLayout(size: screenSize).map.inset(horizontal: 1, vertical: 1)
    return MapFrame(rows: max(1, inner.height - 1), width: inner.width, labelWidth: labelWidth)
  }

  var labelWidth: Int { MapModel.labelWidth(focus: navigation.focus.flatMap { ledger.places[$0]?.level }) }
}

/// What the runtime does for the dashboard after an update, and answers with a message: update
/// itself never touches the store, the disk or the terminal.
public enum DashboardEffect: Equatable, Sendable {
  /// Append `events` atomically, each stream expected at its version (a stream not listed is not
  /// checked); answer `.appended(summary)` or `.refused(chinese:english:)`.
  case append([NewEvent], expectedVersions: [String: Int], summary: String)
  /// Keep the palette's history for the next run.
  case saveFrecency(Frecency)
  /// Index the palette's candidates off the loop's thread: run it and post what it returns.
  case buildPalette(PaletteBuild)
  /// Ring the terminal's bell: a critical ticket or alert has just arrived.
  case bell
  /// Read these streams of the log (a household's and its places'), for the reveals of its
  /// numbers; answer `.revealsRead`.
  case readReveals(HouseholdID, streams: [String])
}
