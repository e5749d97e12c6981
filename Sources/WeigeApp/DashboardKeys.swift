import WeigeCore
import WeigeUI

/// Keys and the mouse: each goes to the model it concerns (the palette while it is open, the
/// filter while it is typed), else moves the navigation over what the ledger and the map hold.
extension Dashboard {
  mutating func handle(_ key: Key) -> Outcome<DashboardEffect> {
    notice = nil
    if palette.input != nil { return editPalette(key) }
    if filter.isEditing {
      guard filter.edit(key) else { return .unchanged }
      applyFilter()
      return .redraw
    }
    if !isWall, key == .control("p") || key == .character(":") { return openPalette() }
    if navigation.showsHelp {
      navigation.showsHelp = false
      return key == .character("q") ? .quit : .redraw
    }
    if case .war(let order)? = navigation.details.last, let outcome = handleWar(key, order: order) {
      return outcome
    }
    if let outcome = handleDuty(key) { return outcome }
    let inDetail = !navigation.details.isEmpty
    switch key {
    case .character("q"), .control("c"): return .quit
    case .character("?"): navigation.showsHelp = true
    case .character("/") where !inDetail: filter.begin()
    case .character("w"): showWarView()
    case .character("S"): toggleStarsBoard()
    case .character("c"): lens = lens.next(among: offeredLenses)
    case .character("g") where !isWall: return openPalette(.goto)
    case .character("n") where !isWall: return openPalette(.ticketNew)
    case .character("d") where !isWall: return openPalette(.dispatch, arguments: ticketInView())
    // With an alert in view `a` acknowledges it; elsewhere it accepts a ticket.
    case .character("a") where !isWall && !alertChoiceInView().isEmpty:
      return openPalette(.alertAcknowledge, arguments: alertChoiceInView())
    case .character("a") where !isWall: return openPalette(.accept, arguments: ticketInView())
    case .character("r") where !isWall: return openPalette(.resolve, arguments: ticketInView())
    case .character("x") where !isWall: return openPalette(.alertClear, arguments: alertChoiceInView())
    case .character("t") where !isWall: return openPalette(.alertTicket, arguments: alertChoiceInView())
    case .character("v") where !isWall:
      guard case .household(let id)? = navigation.details.last, let home = ledger.households[id] else {
        return .unchanged
      }
      let label = ledger.fieldName(of: home.stairwell) + " " + home.room + language("室", "")
      return openPalette(.reveal, arguments: [Palette.Choice(item: .household(id), label: label)])
    case .character(let digit) where !inDetail && ("1"..."7").contains(digit):
      let chosen = Lens(rawValue: Int(String(digit))! - 1)!
      guard offeredLenses.contains(chosen) else { return .unchanged }
      lens = chosen
    case .tab where !inDetail: navigation.cyclePane(forward: true)
    case .backTab where !inDetail: navigation.cyclePane(forward: false)
    case .tab, .backTab:
      guard let detail = navigation.details.last else { break }
      navigation.jumpSection(forward: key == .tab, sections: detailSections(detail))
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

  /// Keys of the war view on screen: another order by Tab or its number, the worst laggard, and
  /// the war commands on the stairwell selected; nil for a key the screen handles as anywhere.
  private mutating func handleWar(_ key: Key, order id: MobilizationID) -> Outcome<DashboardEffect>? {
    let orders = warOrders()
    let selected = selectedLaggard(of: id).map {
      [Palette.Choice(item: .place($0), label: ledger.fieldName(of: $0))]
    }
    switch key {
    case .tab, .backTab:
      guard let position = orders.firstIndex(of: id), orders.count > 1 else { return .unchanged }
      openWarView(orders[(position + (key == .tab ? 1 : orders.count - 1)) % orders.count])
    case .character(let digit) where ("1"..."9").contains(digit):
      let position = Int(String(digit))! - 1
      guard orders.indices.contains(position) else { return .unchanged }
      openWarView(orders[position])
    case .character("b"):
      // The worst laggard is the first row, selected again when its stairwell is closed.
      guard let order = ledger.mobilizations[id], order.isOpen, let worst = laggards(of: order).first else {
        return .unchanged
      }
      navigation.open(.stairwell(worst.stairwell))
    case .character("r") where !isWall: return openPalette(.reach, arguments: selected ?? [])
    case .character("a") where !isWall: return openPalette(.attach, arguments: selected ?? [])
    case .character("s") where !isWall: return openPalette(.squad, arguments: selected ?? [])
    case .character("e") where !isWall:
      guard ledger.mobilizations[id]?.isOpen == true else { return .unchanged }
      return openPalette(.extend, arguments: [Palette.Choice(item: .order(id), label: "\(id)")])
    default:
      return nil
    }
    return .redraw
  }

  /// The duty desk's keys: the bell's anywhere (Space acknowledges, `m` mutes), `z` the queue and
  /// `H` the handover brief; in the queue, sign for, escalate and extend the row selected; in the
  /// brief, a note and the signature. Nil for a key the screen handles as anywhere.
  private mutating func handleDuty(_ key: Key) -> Outcome<DashboardEffect>? {
    switch (key, navigation.details.last) {
    case (.character(" "), _):
      return bell.acknowledge() ? .redraw : .unchanged
    case (.character("m"), _) where !isWall:
      bell.toggleMute(at: now)
      notice =
        bell.isMuted(at: now)
        ? language(
          "铃声静音 \(DutyBell.muteMinutes) 分钟（m 取消）", "bell muted for \(DutyBell.muteMinutes) min (m lifts it)")
        : language("铃声已恢复", "bell back on")
    case (.character("z"), let shown):
      // Back to the queue under the details opened from it; from the queue itself, to the map.
      if shown == .duty {
        _ = navigation.closeDetail()
      } else if let index = navigation.details.lastIndex(of: .duty) {
        navigation.closeDetails(above: index)
      } else {
        navigation.open(.duty)
      }
    case (.character("J"), let shown):
      // As `z`: back to the board under the details opened from it; on the board, to the map.
      if shown == .openCalls {
        _ = navigation.closeDetail()
      } else if let index = navigation.details.lastIndex(of: .openCalls) {
        navigation.closeDetails(above: index)
      } else {
        navigation.open(.openCalls)
      }
    case (.character("H"), _):
      let shift = handoverInView()
      if case .handover? = navigation.details.last {
        navigation.replace(with: .handover(shift))
      } else {
        navigation.open(.handover(shift))
      }
    case (.character("s"), .duty?) where !isWall:
      switch selectedDutyRow()?.subject {
      case .ticket(let id)?:
        return openPalette(.accept, arguments: [Palette.Choice(item: .ticket(id), label: "\(id)")])
      case .alert?: return openPalette(.alertAcknowledge, arguments: alertChoiceInView())
      case nil: return .unchanged
      }
    case (.character("u"), .duty?) where !isWall:
      return openPalette(.escalate, arguments: ticketInView())
    case (.character("e"), .duty?) where !isWall:
      return openPalette(.ticketExtend, arguments: ticketInView())
    case (.tab, .handover(let shift)?), (.backTab, .handover(let shift)?):
      navigation.replace(with: .handover(key == .tab ? shift.next : shift.previous))
    case (.character("n"), .handover?) where !isWall:
      return openPalette(.handoverNote)
    case (.character("s"), .handover?) where !isWall:
      return openPalette(.handoverSign)
    default:
      return nil
    }
    return .redraw
  }

  /// The stairwell of the laggard row selected in an open order's war view.
  private func selectedLaggard(of id: MobilizationID) -> PlaceID? {
    guard let order = ledger.mobilizations[id], order.isOpen else { return nil }
    let rows = laggards(of: order)
    return rows.indices.contains(navigation.detailSelection)
      ? rows[navigation.detailSelection].stairwell : nil
  }

  /// `w`: back to the war view under the details on screen, else the war view of the current
  /// order (the latest report when none is open); a place without any order says so.
  private mutating func showWarView() {
    if let index = navigation.details.lastIndex(where: { if case .war = $0 { true } else { false } }) {
      navigation.closeDetails(above: index)
      return
    }
    guard let order = currentOrder()?.id ?? warOrders().first else {
      notice = language("此处没有动员令", "no mobilization order here")
      return
    }
    openWarView(order)
  }

  mutating func handle(_ mouse: MouseEvent) -> Outcome<DashboardEffect> {
    // Over the palette the wheel moves through its lines, not the map hidden behind it.
    if palette.input != nil {
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

  // MARK: The palette

  /// Opens the palette, with a command already chosen (a direct key) and its first arguments.
  private mutating func openPalette(_ command: PaletteCommand? = nil, arguments: [Palette.Choice] = [])
    -> Outcome<DashboardEffect>
  {
    let effects = palette.open(command, arguments: arguments, paletteContext)
    navigation.showsHelp = false
    return Outcome(.redraw, effects: effects)
  }

  /// A key for the open palette; what it asks of the screen is done here.
  private mutating func editPalette(_ key: Key) -> Outcome<DashboardEffect> {
    let step = palette.edit(key, paletteContext)
    reveals.expect(step.effects)
    var outcome = Outcome(step.reaction, effects: step.effects)
    switch step.request {
    case .go(let item)?: go(to: item)
    case .run(let command, let values)?: if run(command, values) == .quit { outcome.reaction = .quit }
    case .sent(let summary)?: notice = language("已提交：", "sent: ") + summary
    case nil: break
    }
    return outcome
  }

  /// A palette command that changes the screen rather than the ledger.
  private mutating func run(_ command: PaletteCommand, _ values: [PaletteItem]) -> Reaction {
    switch (command, values.first) {
    case (.goto, let place?): go(to: place)
    case (.lens, .choice(let raw)?):
      lens = Int(raw).flatMap(Lens.init(rawValue:)).flatMap { offeredLenses.contains($0) ? $0 : nil } ?? lens
    case (.theme, .choice(let name)?): theme = themes.first { $0.name == name } ?? theme
    case (.lang, .choice(let code)?): language = Language(rawValue: code) ?? language
    case (.filter, .text(let text)?):
      navigation.closeDetails()
      filter.set(text)
      applyFilter()
    case (.help, _): navigation.showsHelp = true
    case (.duty, _): if !navigation.details.contains(.duty) { navigation.open(.duty) }
    case (.openCalls, _): if !navigation.details.contains(.openCalls) { navigation.open(.openCalls) }
    case (.handover, _): navigation.open(.handover(handoverInView()))
    case (.quit, _): return .quit
    default: break
    }
    return .redraw
  }

  /// Place → the map on it (a stairwell: its detail, over the map of its grid); household → its
  /// stairwell; person, ticket and alert → their detail.
  private mutating func go(to item: PaletteItem) {
    switch item {
    case .place(let id):
      guard let place = ledger.places[id] else { return }
      filter.clear()
      navigation.closeDetails()
      navigation.pane = .map
      if place.level == .stairwell {
        // Its tile is found on the map of its grid, so the focus moves there first.
        navigation.look(at: gridOrCompound(above: id))
        navigation.look(at: navigation.focus, cursor: map().units.firstIndex { $0.place == id } ?? 0)
        navigation.open(.stairwell(id))
      } else {
        navigation.look(at: id)
      }
    case .household(let id):
      if let stairwell = ledger.households[id]?.stairwell { go(to: .place(stairwell)) }
    case .person(let id): navigation.open(.person(id))
    case .ticket(let id): navigation.open(.ticket(id))
    case .alert(let id): navigation.open(.alert(id))
    case .order(let id): openWarView(id)
    case .openCall(let id): navigation.open(.openCall(id))
    case .request: navigation.open(.openCalls)
    case .command, .unit, .honour, .choice, .text: return
    }
  }

  /// The place whose map shows a stairwell among its neighbours: its grid, else its compound.
  private func gridOrCompound(above stairwell: PlaceID) -> PlaceID? {
    let path = ledger.path(of: stairwell)
    return path.first { $0.level == .grid }?.id ?? path.first { $0.level == .compound }?.id
      ?? path.dropFirst().first?.id
  }

  /// The ticket a direct key acts on: the one shown in detail, else the one selected in its pane.
  private func ticketInView() -> [Palette.Choice] {
    let id: TicketID?
    switch (navigation.details.last, navigation.pane) {
    case (.ticket(let shown)?, _): id = shown
    case (.duty?, _):
      if case .ticket(let selected)? = selectedDutyRow()?.subject { id = selected } else { id = nil }
    case (nil, .tickets): id = selectedTicket()
    default: id = nil
    }
    guard let id, ledger.tickets[id] != nil else { return [] }
    return [Palette.Choice(item: .ticket(id), label: "\(id)")]
  }

  /// The alert a direct key acts on: the one shown in detail, else the one selected in its pane.
  private func alertChoiceInView() -> [Palette.Choice] {
    guard let id = alertInView(), let alert = ledger.alerts[id] else { return [] }
    return [Palette.Choice(item: .alert(id), label: alert.label(in: ledger, language))]
  }

  /// The alert open in detail, or selected in the alerts pane or on the duty desk.
  func alertInView() -> AlertID? {
    switch (navigation.details.last, navigation.pane) {
    case (.alert(let shown)?, _): shown
    case (.duty?, _):
      if case .alert(let selected)? = selectedDutyRow()?.subject { selected } else { nil }
    case (nil, .alerts): selectedAlert()
    default: nil
    }
  }

  // MARK: Moving

  /// Matches the filter under the focus; the map's cursor starts over on what it lets through.
  private mutating func applyFilter() {
    filter.match(in: ledger, under: navigation.focus)
    navigation.look(at: navigation.focus)
  }

  /// Esc: closes the detail on screen, else drops the filter, else climbs to the place above.
  private mutating func climb() {
    if navigation.closeDetail() { return }
    if !filter.text.isEmpty {
      filter.clear()
      applyFilter()
    } else if let current = navigation.focus, let parent = ledger.places[current]?.parent {
      navigation.look(at: parent)
    }
  }

  /// Enter: drills into the tile under the cursor (a stairwell opens), opens the selected ticket
  /// or alert, or follows the selected row of the detail on screen.
  private mutating func enter() {
    if let detail = navigation.details.last {
      enterFromDetail(detail)
      return
    }
    switch navigation.pane {
    case .map:
      let units = map().units
      guard units.indices.contains(navigation.cursor) else { return }
      let place = units[navigation.cursor].place
      if units[navigation.cursor].isOwn {
        // A place's own tile leads to its tickets: the place's map, the tickets pane in front.
        if place != navigation.focus { navigation.look(at: place) }
        navigation.pane = .tickets
        navigation.ticketSelection = openTickets().firstIndex { $0.place == place } ?? 0
      } else if ledger.places[place]?.level == .stairwell {
        navigation.open(.stairwell(place))
      } else {
        navigation.look(at: place)
      }
    case .tickets:
      if let id = selectedTicket() { navigation.open(.ticket(id)) }
    case .alerts:
      if let id = selectedAlert() { navigation.open(.alert(id)) }
    case .feed:
      break
    }
  }

  private mutating func enterFromDetail(_ detail: Navigation.Detail) {
    let row = navigation.detailSelection
    switch detail {
    case .stairwell(let id):
      let team = team(of: id)
      let tickets = tickets(at: id)
      let homes = ledger.householdsByStairwell[id, default: []]
      if row < team.count {
        navigation.open(.person(team[row].person))
      } else if row - team.count < tickets.count {
        navigation.open(.ticket(tickets[row - team.count].id))
      } else if row - team.count - tickets.count < homes.count {
        navigation.open(.household(homes[row - team.count - tickets.count]))
      }
    case .ticket(let id):
      if let assignee = ledger.tickets[id]?.assignee { navigation.open(.person(assignee)) }
    case .alert(let id):
      // Where the alert leads: the ticket it became, else the household, else the stairwell.
      guard let alert = ledger.alerts[id] else { return }
      if let ticket = alert.ticket, ledger.tickets[ticket] != nil {
        navigation.open(.ticket(ticket))
      } else if let home = alert.household, ledger.households[home] != nil {
        navigation.open(.household(home))
      } else if ledger.places[alert.place]?.level == .stairwell {
        navigation.open(.stairwell(alert.place))
      }
    case .household(let id):
      let tickets = tickets(of: id)
      if tickets.indices.contains(row) { navigation.open(.ticket(tickets[row].id)) }
    case .war(let id):
      if let stairwell = selectedLaggard(of: id) { navigation.open(.stairwell(stairwell)) }
    case .duty:
      switch selectedDutyRow()?.subject {
      case .ticket(let id)?: navigation.open(.ticket(id))
      case .alert(let id)?: navigation.open(.alert(id))
      case nil: return
      }
    case .stars:
      if let rating = selectedRating() { navigation.open(.stairwell(rating.stairwell)) }
    case .openCalls:
      if let call = selectedCall() { navigation.open(.openCall(call.id)) }
    case .person, .handover, .openCall:
      return
    }
  }

  /// `S`, as `z` for the queue: the board of stars and the 红黑榜; back to the board under the
  /// details opened from it; from the board itself, back to where `S` was pressed.
  private mutating func toggleStarsBoard() {
    if navigation.details.last == .stars {
      _ = navigation.closeDetail()
    } else if let index = navigation.details.lastIndex(of: .stars) {
      navigation.closeDetails(above: index)
    } else {
      navigation.open(.stars)
    }
  }

  /// Arrows, j k h l, the wheel and the page keys: over a detail's rows, the map's tiles (a
  /// vertical step is a row of tiles) or the pane's list.
  private mutating func move(vertical: Int = 0, horizontal: Int = 0) {
    if let detail = navigation.details.last {
      navigation.move(by: vertical + horizontal, among: detailSections(detail).reduce(0, +))
      return
    }
    switch navigation.pane {
    case .map:
      let map = map()
      let target = map.unit(from: navigation.cursor, rows: vertical)
      navigation.move(by: target - navigation.cursor + horizontal, among: map.units.count)
    case .tickets: navigation.move(by: vertical + horizontal, among: openTickets().count)
    case .alerts: navigation.move(by: vertical + horizontal, among: activeAlerts().count)
    case .feed: navigation.move(by: vertical + horizontal, among: feed.count)
    }
  }
}
