import Foundation
import WeigeCore
import WeigeSearch
import WeigeUI

/// The 一屏知全域 command room: the whole district on one screen (DESIGN.md §4). One state, one
/// update, views as functions of the state; the runtime feeds it keys, ticks and store events.
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
    /// The store refused them (another operator moved the ticket on first): nothing changed.
    case refused(String)
    /// The palette's index, built in the background (`DashboardEffect.buildPalette`).
    case paletteBuilt(PaletteIndexes)
    /// The store's history was replaced under the screen (`demo --force`): what was shown is
    /// gone, and the screen starts again from the new history, saying so.
    case replaced(Ledger, recent: [RecordedEvent])
    /// The store could not be followed since this moment (nil: following again): the header says
    /// the screen is not live, so nobody trusts a frozen wall.
    case followStopped(since: Timestamp?)
  }

  /// The panes Tab cycles through.
  public enum Pane: Int, CaseIterable, Sendable { case map, tickets, feed, alerts }

  /// Typed wrappers, so the cache keeps the tiles' figures and classes apart from other arrays.
  struct TileFigures { var figures: [AreaFigures] }
  struct TileClasses { var classes: [Int] }

  /// A critical ticket or alert that arrived while the screen was up, marked ● until looked at.
  public enum Arrival: Hashable, Sendable {
    case ticket(TicketID)
    case alert(AlertID)
  }

  /// A detail view over the main screen; Esc climbs back out.
  public enum Detail: Equatable, Sendable {
    case stairwell(PlaceID)
    case ticket(TicketID)
    case person(PersonID)
    case alert(AlertID)
    case household(HouseholdID)
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
  /// Where the screen opened: a wall display comes back here by itself at the next lens change.
  var homeFocus: PlaceID?
  /// The whole screen, kept so that update knows the map's geometry as the view will draw it.
  public var screenSize: Size
  public internal(set) var focus: PlaceID?
  public internal(set) var lens: Lens = .openTickets
  public internal(set) var pane: Pane = .map
  public internal(set) var cursor = 0
  public internal(set) var ticketSelection = 0
  public internal(set) var alertSelection = 0
  public internal(set) var feedOffset = 0
  public internal(set) var feed: [FeedLine] = []
  public internal(set) var details: [Detail] = []
  public internal(set) var detailSelection = 0
  public internal(set) var showsHelp = false
  public internal(set) var filterText = ""
  public internal(set) var isEditingFilter = false
  /// Stairwells the filter lets through; nil when no filter is set.
  public internal(set) var filterMatches: Set<PlaceID>?
  /// The households the filter counts: those with its flags in the matching stairwells, or all
  /// of theirs when it names no flag (`/ cjxq 独居 → 12 楼道 · 15 户`).
  public internal(set) var filterHouseholds = 0
  /// The command palette while it is open.
  public internal(set) var palette: Palette?
  /// What the operator chose from the palette before, to rank it higher.
  public internal(set) var frecency: Frecency
  /// The themes `theme NAME` offers, as the CLI found them.
  public var themes: [Theme]
  /// When following the store last failed; nil while the screen is live.
  public internal(set) var notLiveSince: Timestamp?
  /// The last command's outcome, shown in the footer until the next key.
  public internal(set) var notice: String?
  /// Critical tickets and alerts that arrived since the screen opened and nobody has looked at:
  /// the selection has not been on them, nor has their detail been opened.
  public internal(set) var newArrivals: Set<Arrival> = []
  /// Work for the runtime, taken with `takeEffects()` after each update.
  public internal(set) var effects: [DashboardEffect] = []
  /// The palette's indexed candidates, built when it first opens.
  var paletteCatalog: PaletteCatalog?
  /// Places, households or people changed since the catalogue was built.
  var paletteNeedsRebuild = false
  /// Tickets changed since the catalogue's tickets were indexed.
  var paletteTicketsChanged = false
  /// A runtime builds the palette's index off the loop (`preparePalette()` was called).
  var buildsPaletteInBackground = false
  /// A background build is under way.
  var isBuildingPalette = false

  static let feedLimit = 200
  let cache = DerivedCache()
  /// The map's layout changes only with the places, the focus, the filter or the screen, not with
  /// each event: it has a cache of its own.
  let layoutCache = DerivedCache()

  public init(
    ledger: Ledger, now: Timestamp, theme: Theme, language: Language = .zh, operatorName: String,
    isWall: Bool = false, screenSize: Size = Size(width: 160, height: 48), recent: [RecordedEvent] = [],
    themes: [Theme] = [], frecency: Frecency = Frecency()
  ) {
    self.themes = themes
    self.frecency = frecency
    self.ledger = ledger
    self.now = now
    self.theme = theme
    self.language = language
    self.operatorName = operatorName
    self.isWall = isWall
    self.screenSize = screenSize
    index = AreaIndex(ledger, now: now)
    feed = recent.reversed().prefix(Self.feedLimit).map {
      FeedLine($0, in: ledger)
    }
    // A district that is one community opens on that community rather than on a lone chain of places.
    var start = ledger.roots.count == 1 ? ledger.roots.first : nil
    while let id = start, let place = ledger.places[id], place.children.count == 1, place.level < .community {
      start = place.children.first
    }
    focus = start
    homeFocus = start
    lensChangedAt = now
  }

  // MARK: Update

  public mutating func update(_ event: Event<Message>) -> Reaction {
    switch event {
    case .message(.tick(let time)):
      let before = now.rawValue / 1000
      now = time
      index.advance(to: time, in: ledger)
      return time.rawValue / 1000 == before ? .unchanged : .redraw
    case .message(.events(let events)):
      var rings = false
      for event in events where event.sequence > ledger.lastSequence {
        ledger.apply(event)
        index.note(event.body, in: ledger, now: now)
        feed.insert(FeedLine(event, in: ledger), at: 0)
        notePaletteChange(event.body)
        if let arrival = Self.urgentArrival(event.body) {
          newArrivals.insert(arrival)
          rings = true
        }
      }
      // One bell for a batch, however many arrived in it; the app never calls the terminal.
      if rings { effects.append(.bell) }
      newArrivals = newArrivals.filter { arrival in
        switch arrival {
        case .ticket(let id): ledger.tickets[id]?.status.isOpen == true
        case .alert(let id): ledger.alerts[id].map { $0.clearedAt == nil } == true
        }
      }
      if feed.count > Self.feedLimit { feed.removeLast(feed.count - Self.feedLimit) }
      // An open palette offers a ticket filed meanwhile at once (a catalogue still being built
      // takes the change when it lands).
      if palette != nil && paletteTicketsChanged, let catalog = paletteCatalog {
        catalog.refreshTickets(from: ledger, frecency: frecency, now: now)
        paletteTicketsChanged = false
        searchPalette(keepingSelection: true)
      }
      return events.isEmpty ? .unchanged : .redraw
    case .message(.cycleLens):
      lens = Lens(rawValue: (lens.rawValue + 1) % Lens.allCases.count)!
      lensChangedAt = now
      // Nobody stands at a wall to press Esc: a drill-down there lasts until the next lens.
      if isWall {
        details = []
        focus = homeFocus
        cursor = 0
        filterText = ""
        filterMatches = nil
      }
      return .redraw
    case .message(.appended(let summary)):
      notice = summary
      return .redraw
    case .message(.refused(let reason)):
      notice = language("未执行：", "refused: ") + reason
      return .redraw
    case .message(.paletteBuilt(let indexes)):
      receive(indexes)
      return palette == nil ? .unchanged : .redraw
    case .message(.followStopped(let since)):
      notLiveSince = since
      return .redraw
    case .message(.replaced(let fresh, let recent)):
      let buildsInBackground = buildsPaletteInBackground
      self = Dashboard(
        ledger: fresh, now: now, theme: theme, language: language, operatorName: operatorName, isWall: isWall,
        screenSize: screenSize, recent: recent, themes: themes, frecency: frecency)
      if buildsInBackground { preparePalette() }
      notice = language("存储已被替换：画面已按新的记录重新载入", "the store was replaced: the screen reloaded its new history")
      return .redraw
    case .input(.resize(let size)):
      screenSize = size
      clampCursor()
      return .redraw
    case .input(.mouse(let mouse)):
      return handle(mouse)
    case .input(.key(let key)):
      let reaction = handle(key)
      return markLookedAt() && reaction == .unchanged ? .redraw : reaction
    }
  }

  /// What calls for the bell: a ticket filed 特急, or a fire or a water meter that says someone
  /// living alone may be down. Thrown objects and blocked lanes are seen to in the day's work, and
  /// a bell for every one would teach the desk to ignore it.
  static func urgentArrival(_ body: EventBody) -> Arrival? {
    switch body {
    case .ticketRequested(let request) where request.urgency == .critical: .ticket(request.id)
    case .alertRaised(let raise) where raise.kind == .bikeShedFire || raise.kind == .lowWaterUse:
      .alert(raise.id)
    default: nil
    }
  }

  /// Takes the marks off what the operator is now looking at: the ticket or alert selected in
  /// its pane, or a ticket whose detail is open.
  private mutating func markLookedAt() -> Bool {
    let before = newArrivals.count
    guard !newArrivals.isEmpty else { return false }
    if case .ticket(let id)? = details.last { newArrivals.remove(.ticket(id)) }
    if case .alert(let id)? = details.last { newArrivals.remove(.alert(id)) }
    guard details.isEmpty else { return newArrivals.count != before }
    switch pane {
    case .tickets:
      let tickets = openTickets()
      if tickets.indices.contains(ticketSelection) {
        newArrivals.remove(.ticket(tickets[ticketSelection].id))
      }
    case .alerts:
      let alerts = activeAlerts()
      if alerts.indices.contains(alertSelection) { newArrivals.remove(.alert(alerts[alertSelection].id)) }
    case .map, .feed:
      break
    }
    return newArrivals.count != before
  }

  /// Hands over the work update asked for; the runtime calls this after every update.
  public mutating func takeEffects() -> [DashboardEffect] {
    defer { effects.removeAll() }
    return effects
  }

  /// Marks what of the palette's candidates an event changes.
  private mutating func notePaletteChange(_ body: EventBody) {
    switch body {
    case .placeAdded, .householdRegistered, .personRegistered: paletteNeedsRebuild = true
    case .ticketRequested, .ticketDispatched, .ticketAccepted, .ticketReturned, .ticketResolved, .ticketRated,
      .ticketReopened:
      paletteTicketsChanged = true
    default: break
    }
  }

  private mutating func handle(_ key: Key) -> Reaction {
    notice = nil
    if palette != nil { return editPalette(key) }
    if isEditingFilter { return editFilter(key) }
    if !isWall, key == .control("p") || key == .character(":") {
      openPalette()
      return .redraw
    }
    if showsHelp {
      showsHelp = false
      return key == .character("q") ? .quit : .redraw
    }
    switch key {
    case .character("q"), .control("c"): return .quit
    case .character("?"): showsHelp = true
    case .character("/") where details.isEmpty:
      isEditingFilter = true
    case .character("c"): lens = Lens(rawValue: (lens.rawValue + 1) % Lens.allCases.count)!
    case .character("g") where !isWall: openPalette(.goto)
    case .character("n") where !isWall: openPalette(.ticketNew)
    case .character("d") where !isWall: openPalette(.dispatch, arguments: ticketInView())
    // With an alert in view `a` acknowledges it; elsewhere it accepts a ticket.
    case .character("a") where !isWall && !alertInView().isEmpty:
      openPalette(.alertAcknowledge, arguments: alertInView())
    case .character("a") where !isWall: openPalette(.accept, arguments: ticketInView())
    case .character("r") where !isWall: openPalette(.resolve, arguments: ticketInView())
    case .character("x") where !isWall: openPalette(.alertClear, arguments: alertInView())
    case .character("t") where !isWall: openPalette(.alertTicket, arguments: alertInView())
    case .character(let digit) where details.isEmpty && ("1"..."5").contains(digit):
      lens = Lens(rawValue: Int(String(digit))! - 1)!
    case .tab where details.isEmpty: pane = Pane(rawValue: (pane.rawValue + 1) % Pane.allCases.count)!
    case .backTab where details.isEmpty:
      pane = Pane(rawValue: (pane.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
    case .tab: jumpSection(forward: true)
    case .backTab: jumpSection(forward: false)
    case .escape: climb()
    case .enter: enter()
    case .up, .character("k"): move(vertical: -1)
    case .down, .character("j"): move(vertical: 1)
    case .left, .character("h"): move(horizontal: -1)
    case .right, .character("l"): move(horizontal: 1)
    case .pageUp: move(vertical: -10)
    case .pageDown: move(vertical: 10)
    default: return .unchanged
    }
    return .redraw
  }

  /// The ticket a direct key acts on: the one shown in detail, else the one selected in its pane.
  private func ticketInView() -> [Palette.Choice] {
    let id: TicketID?
    if case .ticket(let shown)? = details.last {
      id = shown
    } else if details.isEmpty && pane == .tickets {
      let tickets = openTickets()
      id = tickets.indices.contains(ticketSelection) ? tickets[ticketSelection].id : nil
    } else {
      id = nil
    }
    guard let id, ledger.tickets[id] != nil else { return [] }
    return [Palette.Choice(item: .ticket(id), label: "\(id)")]
  }

  /// The alert a direct key acts on: the one shown in detail, else the one selected in its pane.
  private func alertInView() -> [Palette.Choice] {
    let id: AlertID?
    if case .alert(let shown)? = details.last {
      id = shown
    } else if details.isEmpty && pane == .alerts {
      let alerts = activeAlerts()
      id = alerts.indices.contains(alertSelection) ? alerts[alertSelection].id : nil
    } else {
      id = nil
    }
    guard let id, let alert = ledger.alerts[id] else { return [] }
    return [Palette.Choice(item: .alert(id), label: alertLabel(alert))]
  }

  /// An alert as the operator knows it, never by its internal id: 车棚火情 长江小区3幢2单元.
  func alertLabel(_ alert: Alert) -> String {
    alert.kind.name(language) + " " + ledger.fieldName(of: alert.place)
  }

  private mutating func handle(_ mouse: MouseEvent) -> Reaction {
    // Over the palette the wheel moves through its lines, not the map hidden behind it.
    if palette != nil {
      switch mouse.kind {
      case .wheelUp: return editPalette(.up)
      case .wheelDown: return editPalette(.down)
      default: return .unchanged
      }
    }
    switch mouse.kind {
    case .wheelUp: move(vertical: -1)
    case .wheelDown: move(vertical: 1)
    default: return .unchanged
    }
    return .redraw
  }

  private mutating func editFilter(_ key: Key) -> Reaction {
    switch key {
    case .escape:
      isEditingFilter = false
      filterText = ""
    case .enter: isEditingFilter = false
    case .backspace: if !filterText.isEmpty { filterText.removeLast() }
    case .control("u"): filterText = ""  // as in the palette and a shell: start over
    case .character(let character): filterText.append(character)
    default: return .unchanged
    }
    applyFilter()
    return .redraw
  }

  /// Matches the filter against every stairwell under the focus: by name, path, pinyin or
  /// initials (the palette's matcher), or by a household flag such as 独居 or rental.
  mutating func applyFilter() {
    let text = filterText.trimmingCharacters(in: .whitespaces)
    guard !text.isEmpty else {
      filterMatches = nil
      cursor = 0
      return
    }
    // Words that name a household flag (独居, rental) narrow by households; the rest name places.
    var flags: HouseholdFlags = []
    var words: [Substring] = []
    for word in text.split(separator: " ") {
      if let flag = HouseholdFlags.all.first(where: { $0.chinese == word || $0.key == word })?.flag {
        flags.formUnion(flag)
      } else {
        words.append(word)
      }
    }
    var stairwells = ledger.subtree(of: focus).filter { ledger.places[$0]?.level == .stairwell }
    if !words.isEmpty {
      let texts = stairwells.map { ledger.path(of: $0).map(\.name).joined(separator: " ") }
      let result = PaletteIndex(texts).search(PaletteQuery(words.joined(separator: " ")), limit: texts.count)
      stairwells = result.matches.map { stairwells[$0.candidate] }
    }
    filterHouseholds = 0
    var matching: Set<PlaceID> = []
    for stairwell in stairwells {
      let homes = ledger.householdsByStairwell[stairwell, default: []].filter {
        ledger.households[$0]?.flags.isSuperset(of: flags) == true
      }
      guard !homes.isEmpty || flags.isEmpty else { continue }
      matching.insert(stairwell)
      filterHouseholds += homes.count
    }
    filterMatches = matching
    cursor = 0
  }

  private mutating func climb() {
    if !details.isEmpty {
      details.removeLast()
      detailSelection = 0
    } else if !filterText.isEmpty {
      filterText = ""
      applyFilter()
    } else if let current = focus, let parent = ledger.places[current]?.parent {
      focus = parent
      cursor = 0
      if !filterText.isEmpty { applyFilter() }
    }
  }

  private mutating func enter() {
    if let detail = details.last {
      enterFromDetail(detail)
      return
    }
    switch pane {
    case .map:
      let units = map().units
      guard units.indices.contains(cursor) else { return }
      let unit = units[cursor]
      if ledger.places[unit.place]?.level == .stairwell {
        details.append(.stairwell(unit.place))
        detailSelection = 0
      } else {
        focus = unit.place
        cursor = 0
      }
    case .tickets:
      let tickets = openTickets()
      if tickets.indices.contains(ticketSelection) { details.append(.ticket(tickets[ticketSelection].id)) }
    case .alerts:
      let alerts = activeAlerts()
      if alerts.indices.contains(alertSelection) {
        details.append(.alert(alerts[alertSelection].id))
        detailSelection = 0
      }
    case .feed:
      break
    }
  }

  private mutating func enterFromDetail(_ detail: Detail) {
    switch detail {
    case .stairwell(let id):
      let team = team(of: id)
      let tickets = tickets(at: id)
      let homes = ledger.householdsByStairwell[id, default: []]
      let row = detailSelection
      if row < team.count {
        details.append(.person(team[row].person))
      } else if row - team.count < tickets.count {
        details.append(.ticket(tickets[row - team.count].id))
      } else if row - team.count - tickets.count < homes.count {
        details.append(.household(homes[row - team.count - tickets.count]))
      }
    case .ticket(let id):
      if let assignee = ledger.tickets[id]?.assignee { details.append(.person(assignee)) }
    case .alert(let id):
      // Where the alert leads: the ticket it became, else the household, else the stairwell.
      guard let alert = ledger.alerts[id] else { return }
      if let ticket = alert.ticket, ledger.tickets[ticket] != nil {
        details.append(.ticket(ticket))
      } else if let home = alert.household, ledger.households[home] != nil {
        details.append(.household(home))
      } else if ledger.places[alert.place]?.level == .stairwell {
        details.append(.stairwell(alert.place))
      }
    case .household(let id):
      let tickets = tickets(of: id)
      guard tickets.indices.contains(detailSelection) else { return }
      details.append(.ticket(tickets[detailSelection].id))
    case .person:
      return
    }
    detailSelection = 0
  }

  private mutating func move(vertical: Int = 0, horizontal: Int = 0) {
    if let detail = details.last {
      let count = detailSections(detail).reduce(0, +)
      detailSelection = max(0, min(max(0, count - 1), detailSelection + vertical + horizontal))
      return
    }
    switch pane {
    case .map:
      cursor += horizontal + vertical * map().tilesPerRow
      clampCursor()
    case .tickets:
      ticketSelection = max(0, min(openTickets().count - 1, ticketSelection + vertical + horizontal))
    case .alerts:
      alertSelection = max(0, min(activeAlerts().count - 1, alertSelection + vertical + horizontal))
    case .feed:
      feedOffset = max(0, min(feed.count - 1, feedOffset + vertical + horizontal))
    }
  }

  /// The selectable rows of a detail, section by section: a stairwell's team, tickets and
  /// households; a household's tickets.
  func detailSections(_ detail: Detail) -> [Int] {
    switch detail {
    case .stairwell(let id):
      [team(of: id).count, tickets(at: id).count, ledger.householdsByStairwell[id, default: []].count]
    case .household(let id): [tickets(of: id).count]
    case .ticket, .person, .alert: []
    }
  }

  /// Tab in a detail: the first row of the next section that has rows (Shift-Tab: the previous).
  private mutating func jumpSection(forward: Bool) {
    guard let detail = details.last else { return }
    let sections = detailSections(detail)
    let starts = sections.indices.map { sections[..<$0].reduce(0, +) }
    let filled = sections.indices.filter { sections[$0] > 0 }
    guard !filled.isEmpty else { return }
    let current = sections.indices.last { starts[$0] <= detailSelection && sections[$0] > 0 } ?? filled[0]
    let position = filled.firstIndex(of: current) ?? 0
    let next = filled[(position + (forward ? 1 : filled.count - 1)) % filled.count]
    detailSelection = starts[next]
  }

  private mutating func clampCursor() {
    cursor = max(0, min(map().units.count - 1, cursor))
  }

  // MARK: Queries the views share

  /// The state the views' derived values depend on (see `DerivedCache`).
  var derivedKey: DerivedCache.Key {
    DerivedCache.Key(
      sequence: ledger.lastSequence, generation: index.generation, places: ledger.places.count, focus: focus,
      filter: filterText,
      matches: filterMatches?.count, size: screenSize, lens: lens)
  }

  /// What the map's layout depends on: `derivedKey` without the event sequence and figures.
  var layoutKey: DerivedCache.Key {
    var key = derivedKey
    key.sequence = 0
    key.generation = 0
    key.lens = .openTickets
    return key
  }

  /// Every tile's figures in map order, read from the area index's sums once per change of state
  /// rather than on every clock tick.
  public func unitFigures() -> [AreaFigures] {
    cache.value(for: derivedKey) {
      TileFigures(figures: map().units.map { index.figures(under: $0.place) })
    }.figures
  }

  /// Every tile's class under the lens, in map order: the class of its figures for a lens that
  /// sums, the worst of its stairwells' for one that does not (`Lens.aggregation`).
  public func tileClasses() -> [Int] {
    cache.value(for: derivedKey) {
      let figures = unitFigures()
      let units = map().units
      return TileClasses(
        classes: units.indices.map { position in
          let place = units[position].place
          guard lens.aggregation == .worst, ledger.places[place]?.level != .stairwell else {
            return lens.level(of: figures[position])
          }
          return ledger.subtree(of: place).lazy.filter { ledger.places[$0]?.level == .stairwell }
            .map { lens.level(of: index.figures(under: $0)) }.max() ?? 0
        })
    }.classes
  }

  /// Open tickets under the focus, most urgent first, then the nearest deadline.
  public func openTickets() -> [AreaIndex.OpenTicket] { index.openTickets(under: focus) }

  /// Active alerts under the focus, newest first.
  public func activeAlerts() -> [AreaIndex.ActiveAlert] { index.activeAlerts(under: focus) }

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

  /// The map as the view will draw it at the current screen size.
  public func map() -> MapModel {
    layoutCache.value(for: layoutKey) {
      MapModel(widest: ledger, focus: focus, filter: filterMatches, frame: mapFrame())
    }
  }

  /// The map pane's inside, less its legend row.
  func mapFrame() -> MapFrame {
    let inner = DashboardLayout(size: screenSize).map.inset(horizontal: 1, vertical: 1)
    return MapFrame(rows: max(1, inner.height - 1), width: inner.width, labelWidth: labelWidth)
  }

  var labelWidth: Int { MapModel.labelWidth(focus: focus.flatMap { ledger.places[$0]?.level }) }
}
