import WeigeCore

/// Where the operator is looking: the place in focus, the pane and what is selected in each, the
/// details opened over the map, and the help. It knows positions, not what is at them: the
/// dashboard, which has the ledger and the map, says how long each list is and what a row opens.
public struct Navigation: Sendable {
  /// The panes Tab cycles through.
  public enum Pane: Int, CaseIterable, Sendable { case map, tickets, feed, alerts }

  /// A detail view over the main screen; Esc climbs back out.
  public enum Detail: Equatable, Sendable {
    case stairwell(PlaceID)
    case ticket(TicketID)
    case person(PersonID)
    case alert(AlertID)
    case household(HouseholdID)
    /// The war view of an order (战时): live while it is open, its after-action report (复盘)
    /// once it is closed.
    case war(MobilizationID)
    /// The duty desk's queue (值班台): everything open under the focus by the clock that runs out
    /// first.
    case duty
    /// A shift's handover brief (交接班简报), its notes and its signature.
    case handover(ShiftID)
    /// The 揭榜 board: the three lists' items and the partner units ranked (赛比).
    case openCalls
    /// The board of 星级楼道 and 红黑榜 (`S`).
    case stars
    /// One 揭榜 item: what it asks, who took it, its reports, its rating, its timeline.
    case openCall(OpenCallID)
  }

  /// The place whose map is shown; nil for everywhere.
  public internal(set) var focus: PlaceID?
  /// Where the screen opened: a wall display comes back here by itself at the next lens change.
  let home: PlaceID?
  public internal(set) var pane: Pane = .map
  /// The map's tile under the cursor, in map order.
  public internal(set) var cursor = 0
  public internal(set) var ticketSelection = 0
  public internal(set) var alertSelection = 0
  public internal(set) var feedOffset = 0
  /// Details opened one over another; the last is on screen.
  public internal(set) var details: [Detail] = []
  /// The selected row of the detail on screen, counted over its sections.
  public internal(set) var detailSelection = 0
  public internal(set) var showsHelp = false

  /// Opens on the district, or, for a district that is one community, on that community rather
  /// than on a lone chain of places above it.
  init(_ ledger: Ledger) {
    var start = ledger.roots.count == 1 ? ledger.roots.first : nil
    while let id = start, let place = ledger.places[id], place.children.count == 1, place.level < .community {
      start = place.children.first
    }
    focus = start
    home = start
  }

  /// Opens a detail over what is on screen, its first row selected.
  mutating func open(_ detail: Detail) {
    details.append(detail)
    detailSelection = 0
  }

  /// Shows `detail` in place of the one on screen (another order's war view), its first row
  /// selected.
  mutating func replace(with detail: Detail) {
    if !details.isEmpty { details.removeLast() }
    open(detail)
  }

  /// Closes the details opened over the one at `index`, which comes back on screen.
  mutating func closeDetails(above index: Int) {
    guard details.indices.contains(index), index < details.count - 1 else { return }
    details.removeLast(details.count - 1 - index)
    detailSelection = 0
  }

  /// Closes the detail on screen; false when none was open.
  mutating func closeDetail() -> Bool {
    guard !details.isEmpty else { return false }
    details.removeLast()
    detailSelection = 0
    return true
  }

  /// The map of `place` (everywhere for nil), its tile `cursor` under the cursor.
  mutating func look(at place: PlaceID?, cursor: Int = 0) {
    focus = place
    self.cursor = cursor
  }

  /// The map again, with no detail over it (a palette's goto, a wall's next lens).
  mutating func closeDetails() {
    details = []
    detailSelection = 0
  }

  /// Back to where the screen opened, as a wall does by itself.
  mutating func returnHome() {
    closeDetails()
    look(at: home)
  }

  /// Tab and Shift-Tab on the main screen: the next pane, or the previous.
  mutating func cyclePane(forward: Bool) {
    let count = Pane.allCases.count
    pane = Pane(rawValue: (pane.rawValue + (forward ? 1 : count - 1)) % count)!
  }

  /// Moves the selection in front (the detail's row, the map's cursor, or the pane's selection)
  /// by `step`, within the `count` rows there.
  mutating func move(by step: Int, among count: Int) {
    let clamp = { (value: Int) in max(0, min(count - 1, value + step)) }
    if !details.isEmpty {
      detailSelection = clamp(detailSelection)
      return
    }
    switch pane {
    case .map: cursor = clamp(cursor)
    case .tickets: ticketSelection = clamp(ticketSelection)
    case .alerts: alertSelection = clamp(alertSelection)
    case .feed: feedOffset = clamp(feedOffset)
    }
  }

  /// Keeps the map's cursor on one of its `tiles` (after a resize regroups them).
  mutating func keepCursor(within tiles: Int) {
    cursor = max(0, min(tiles - 1, cursor))
  }

  /// Tab in a detail: the first row of the next section that has rows (Shift-Tab: the previous).
  /// `sections` counts each section's rows: a stairwell's team, tickets and households.
  mutating func jumpSection(forward: Bool, sections: [Int]) {
    let starts = sections.indices.map { sections[..<$0].reduce(0, +) }
    let filled = sections.indices.filter { sections[$0] > 0 }
    guard !filled.isEmpty else { return }
    let current = sections.indices.last { starts[$0] <= detailSelection && sections[$0] > 0 } ?? filled[0]
    let position = filled.firstIndex(of: current) ?? 0
    let next = filled[(position + (forward ? 1 : filled.count - 1)) % filled.count]
    detailSelection = starts[next]
  }
}
