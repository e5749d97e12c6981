import WeigeCore

/// The war room as the dashboard sees it: the orders where the operator looks, the one the war
/// view shows, whether the screen is at war or in a drill, and what the war view reads of an
/// order (its laggards, the households to revisit). Everything is asked of Core; nothing here
/// computes a pace.
extension Dashboard {
  /// Open orders over the focus (covering it) or inside it, oldest first; everywhere's when the
  /// focus is everywhere.
  func openOrdersInView() -> [Mobilization] {
    guard let focus = navigation.focus else {
      return ledger.openMobilizations.values.flatMap { $0 }.sorted().compactMap { ledger.mobilizations[$0] }
    }
    var seen = Set<MobilizationID>()
    return (ledger.mobilizations(covering: focus) + ledger.mobilizations(within: focus))
      .filter { seen.insert($0.id).inserted }.sorted { $0.id < $1.id }
  }

  /// The orders the war view offers, one tab each: the open ones in view, oldest first, then the
  /// closed ones there, the most recently closed first (their after-action reports).
  func warOrders() -> [MobilizationID] {
    let open = openOrdersInView().map(\.id)
    let closed = ledger.mobilizations.values.filter { order in
      !order.isOpen
        && navigation.focus.map { ledger.overlaps($0, order.scope) } ?? true
    }.sorted { ($0.closedAt ?? $0.issuedAt, $0.id) > ($1.closedAt ?? $1.issuedAt, $1.id) }
    return open + closed.map(\.id)
  }

  /// The order of the war view while it is open, on screen or under a detail opened from it.
  var warViewOrder: MobilizationID? {
    for detail in navigation.details.reversed() {
      if case .war(let id) = detail { return id }
    }
    return nil
  }

  /// The order the screen is about: the one chosen in the war view while it is open and in
  /// view, else the oldest open order in view. The mobilization lens colours by it, and the
  /// palette's war commands take it when they name no order.
  func currentOrder() -> Mobilization? {
    let open = openOrdersInView()
    return open.first { $0.id == chosenOrder } ?? open.first
  }

  /// The open order whose squad a stairwell shows: the war view's, else the current order, else
  /// any open order with a squad there.
  func orderWithSquad(at stairwell: PlaceID) -> Mobilization? {
    let candidates =
      [warViewOrder.flatMap { ledger.mobilizations[$0] }, currentOrder()].compactMap { $0 }
      + ledger.mobilizations(covering: stairwell)
    return candidates.first { $0.isOpen && $0.squad(at: stairwell) != nil }
  }

  /// Peace, war or a drill where the operator is looking: the war view's open order, else what
  /// covers the place in focus (Core's `warState`).
  public var mode: ScreenMode {
    if let id = warViewOrder, let order = ledger.mobilizations[id], order.isOpen {
      return order.isDrill ? .drill : .war
    }
    guard let focus = navigation.focus else { return .peace }
    switch ledger.warState(of: focus) {
    case .peace: return .peace
    case .war: return .war
    case .drill: return .drill
    }
  }

  /// Whether the screen shows a drill, to be watermarked 演练: the war view of a drill order (its
  /// after-action report too), else any open drill where the operator looks.
  var showsDrill: Bool {
    if let id = warViewOrder, let order = ledger.mobilizations[id] { return order.isDrill }
    return openOrdersInView().contains { $0.isDrill }
  }

  /// The lenses the map offers: the mobilization lens only while an order is open in view.
  var offeredLenses: [Lens] { currentOrder() == nil ? Lens.peaceTime : Lens.allCases }

  // MARK: What the war view reads of an order

  /// The stairwells of an open order, those needing help first (Core's `laggards`), each as it
  /// stood when they were ranked: at most a second ago (`LaggardKey`).
  func laggards(of order: Mobilization) -> [StairwellProgress] {
    laggardCache.value(
      for: LaggardKey(order: order.id, second: now.rawValue / 1000, squads: order.squadCounts)
    ) { order.laggards(at: now) }
  }

  /// Households not home at their latest report, stairwell by stairwell in the order the squads
  /// were formed (the round a revisit walks), at most `limit` stairwells. Squads with none are
  /// passed over on their counts, so a city order's million households are never read.
  func revisitRounds(of order: Mobilization, limit: Int) -> [(stairwell: PlaceID, rooms: [String])] {
    var rounds: [(stairwell: PlaceID, rooms: [String])] = []
    for index in order.squads.indices where order.squads[index].tally.notHome > 0 {
      guard rounds.count < limit else { break }
      let stairwell = order.squads[index].stairwell
      let rooms = ledger.householdsByStairwell[stairwell, default: []].compactMap { id -> String? in
        order.outcome(of: id)?.outcome == .notHome ? ledger.households[id]?.room : nil
      }
      rounds.append((stairwell, rooms))
    }
    return rounds
  }
}
