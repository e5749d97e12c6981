import WeigeCore

/// Who saw a household's numbers whole, and when (DESIGN.md §8): the household detail lists it
/// from the log, and shows the numbers themselves only after this screen's own reveal is in the
/// log. The fold keeps nothing of reveals, so the log is read per household as its detail opens
/// (`DashboardEffect.readReveals`: its stream and its places', a handful of events), and the
/// reveals that arrive afterwards are added as they come.
public struct RevealLog: Sendable {
  /// One reveal as the detail lists it.
  public struct Entry: Equatable, Sendable {
    var id: EventID
    public var time: Timestamp
    public var actor: String
    public var reason: String
    /// `screen`, or the export's file.
    public var purpose: String
  }

  /// The reveals covering each household read so far, newest first.
  public internal(set) var entries: [HouseholdID: [Entry]] = [:]
  /// Households whose reveals were asked of the log.
  var requested: Set<HouseholdID> = []
  /// The reveal this screen appended and is waiting to see in the log.
  var pending: EventID?
  /// The household whose numbers this screen shows whole: its own reveal is in the log.
  public internal(set) var shown: HouseholdID?

  /// Asks for `household`'s reveals once.
  mutating func read(_ household: HouseholdID, in ledger: Ledger) -> [DashboardEffect] {
    guard !requested.contains(household) else { return [] }
    requested.insert(household)
    return [.readReveals(household, streams: NumbersReveal.streams(covering: household, in: ledger))]
  }

  /// Takes what the log holds for `household`: the reveals among `events` that cover it.
  mutating func receive(_ household: HouseholdID, _ events: [RecordedEvent], in ledger: Ledger) {
    var found = entries[household, default: []]
    for event in events {
      guard case .numbersRevealed(let reveal) = event.body, reveal.covers(household, in: ledger),
        !found.contains(where: { $0.id == event.id })
      else { continue }
      found.append(
        Entry(
          id: event.id, time: event.time, actor: event.actor, reason: reveal.reason, purpose: reveal.purpose))
    }
    entries[household] = found.sorted { $0.time > $1.time }
  }

  /// A reveal in the log: listed for each household read that it covers, and if it is this
  /// screen's own, its household's numbers are shown.
  mutating func note(_ event: RecordedEvent, in ledger: Ledger) {
    guard case .numbersRevealed(let reveal) = event.body else { return }
    for household in requested { receive(household, [event], in: ledger) }
    if event.id == pending {
      pending = nil
      shown = reveal.household
    }
  }

  /// Waits for the reveal among a palette command's events, if it holds one.
  mutating func expect(_ effects: [DashboardEffect]) {
    for case .append(let events, _, _) in effects {
      for event in events {
        if case .numbersRevealed(let reveal) = event.body, reveal.household != nil { pending = event.id }
      }
    }
  }

  /// The store refused the append: nothing is shown.
  mutating func refused() { pending = nil }

  /// Hides the numbers once their household's detail is no longer the screen.
  mutating func keep(onScreen detail: Navigation.Detail?) {
    if let household = shown, detail != .household(household) { shown = nil }
  }
}
