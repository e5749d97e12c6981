import Foundation
import WeigeCore
import WeigeSearch

/// What a palette line stands for.
public enum PaletteItem: Hashable, Sendable {
  case command(PaletteCommand)
  case place(PlaceID)
  case household(HouseholdID)
  case person(PersonID)
  case ticket(TicketID)
  case alert(AlertID)
  case order(MobilizationID)
  /// An item on the 揭榜 board, and a partner unit (OpenCalls.swift).
  case openCall(OpenCallID)
  case unit(PartnerUnitID)
  /// A resident's request (点单) awaiting the community.
  case request(OpenCallRequestID)
  /// A standing 先锋 or 红黑榜 entry (Recognition.swift).
  case honour(HonourEntry)
  /// A value of a small fixed list: a lens, a theme, a language, an urgency, a rating.
  case choice(String)
  /// Free text as typed.
  case text(String)

  /// The id `Frecency` remembers it by: the entity's stream name, stable across runs.
  var frecencyKey: String? {
    switch self {
    case .command(let command): "command-" + command.name
    case .place(let id): id.stream
    case .household(let id): id.stream
    case .person(let id): id.stream
    case .ticket(let id): id.stream
    case .alert(let id): id.stream
    case .order(let id): id.stream
    case .openCall, .unit, .request, .honour, .choice, .text: nil
    }
  }
}

/// Names of places as the field says them (长江小区 3幢2单元).
public struct PlaceLabels {
  private let ledger: Ledger
  private var known: [PlaceID: String] = [:]

  public init(_ ledger: Ledger) { self.ledger = ledger }

  /// Street, community and compound by name; a grid after its compound; a building after its
  /// compound (the operator names it so, not by grid); a stairwell right after its building.
  public mutating func label(of id: PlaceID) -> String {
    if let label = known[id] { return label }
    guard let place = ledger.places[id] else { return "" }
    let text: String
    switch place.level {
    case .district, .street, .community, .compound: text = place.name
    case .grid: text = place.parent.map { label(of: $0) + " " + place.name } ?? place.name
    case .building:
      let compound = place.parent.flatMap {
        ledger.places[$0]?.level == .grid ? ledger.places[$0]?.parent : $0
      }
      text = compound.map { label(of: $0) + " " + place.name } ?? place.name
    case .stairwell: text = place.parent.map { label(of: $0) + place.name } ?? place.name
    }
    known[id] = text
    return text
  }
}

/// The lines the palette offers for places, households and people, each with what it stands for:
/// `PaletteCatalog` indexes these, and `weige bench palette` measures the very same lines.
public struct PaletteEntities {
  public let places: [(item: PaletteItem, text: String)]
  public let households: [(item: PaletteItem, text: String)]
  public let people: [(item: PaletteItem, text: String)]

  /// Every place labelled from its compound down (长江小区 3幢2单元), every household by room,
  /// every person with the stairwell they live in.
  public init(_ ledger: Ledger) {
    var labels = PlaceLabels(ledger)
    places = ledger.places.keys.map { (.place($0), labels.label(of: $0)) }
    households = ledger.households.values.map {
      (.household($0.id), labels.label(of: $0.stairwell) + " " + $0.room + "室")
    }
    people = ledger.people.values.map { person in
      let home = person.household.flatMap { ledger.households[$0] }
      return (.person(person.id), person.name + (home.map { " " + labels.label(of: $0.stairwell) } ?? ""))
    }
  }
}

/// One kind of candidate, indexed: the lines, what each stands for, and a session that answers
/// keystrokes over them.
final class PaletteSource {
  let items: [PaletteItem]
  let texts: [String]
  let session: PaletteSession
  private let positions: [String: Int]

  init(_ entries: [(item: PaletteItem, text: String)], frecency: Frecency, now: Timestamp) {
    items = entries.map(\.item)
    texts = entries.map(\.text)
    var positions: [String: Int] = [:]
    for (position, item) in items.enumerated() {
      if let key = item.frecencyKey { positions[key] = position }
    }
    self.positions = positions
    session = PaletteSession(index: PaletteIndex(texts), limit: PaletteCatalog.shownLimit)
    learn(frecency, now: now)
  }

  /// Takes the operator's latest history into the ranking.
  func learn(_ frecency: Frecency, now: Timestamp) {
    session.boosts = frecency.boosts(at: now.date) { self.positions[$0] }
  }

  func search(_ text: String) -> [PaletteRow] {
    let query = PaletteQuery(text)
    return session.update(text).matches.map {
      PaletteRow(
        item: items[$0.candidate], text: texts[$0.candidate], positions: $0.positions, score: $0.score,
        isWeak: query.isWeakMatch(of: texts[$0.candidate], positions: $0.positions))
    }
  }
}

/// A ranked palette line.
public struct PaletteRow: Equatable, Sendable {
  public var item: PaletteItem
  public var text: String
  /// UTF-16 offsets of the matched characters in `text`.
  public var positions: [Int]
  var score: Int
  /// Letters scattered over the line rather than typed for it (`PaletteQuery.isWeakMatch`): the
  /// palette marks the line ≈, and says so when nothing better was found.
  public var isWeak = false
}

/// Every candidate the palette offers, one indexed source per kind so that an argument searches
/// only its kind and a ticket change re-indexes only the tickets.
final class PaletteCatalog {
  let commands: PaletteSource
  let places: PaletteSource
  let households: PaletteSource
  let people: PaletteSource
  private(set) var tickets: PaletteSource

  /// Lines a search keeps and the palette can scroll through: two screens and more of the
  /// palette's rows (at most 20 at 24 lines high), while a scan that must beat the 50th best
  /// still skips most of a city's candidates (see `PaletteIndex.search`).
  static let shownLimit = 50

  init(_ ledger: Ledger, frecency: Frecency, now: Timestamp) {
    let entities = PaletteEntities(ledger)
    commands = PaletteSource(
      PaletteCommand.allCases.map { (.command($0), $0.label) }, frecency: frecency, now: now)
    places = PaletteSource(entities.places, frecency: frecency, now: now)
    households = PaletteSource(entities.households, frecency: frecency, now: now)
    people = PaletteSource(entities.people, frecency: frecency, now: now)
    var labels = PlaceLabels(ledger)
    tickets = Self.tickets(of: ledger, labels: &labels, frecency: frecency, now: now)
  }

  /// Every ticket, closed ones too: a number the operator names always finds its ticket (a
  /// closed one opens read-only), never a nearby one.
  private static func tickets(
    of ledger: Ledger, labels: inout PlaceLabels, frecency: Frecency, now: Timestamp
  ) -> PaletteSource {
    PaletteSource(
      ledger.tickets.values.map { (.ticket($0.id), line(of: $0, labels: &labels)) }, frecency: frecency,
      now: now)
  }

  /// How a ticket reads in the palette: number, matter, place, state.
  static func line(of ticket: Ticket, labels: inout PlaceLabels) -> String {
    "\(ticket.id) \(ticket.title) \(labels.label(of: ticket.place)) \(ticket.status.chineseName)"
  }

  func refreshTickets(from ledger: Ledger, frecency: Frecency, now: Timestamp) {
    var labels = PlaceLabels(ledger)
    tickets = Self.tickets(of: ledger, labels: &labels, frecency: frecency, now: now)
  }

  func learn(_ frecency: Frecency, now: Timestamp) {
    for source in [commands, places, households, people, tickets] { source.learn(frecency, now: now) }
  }

  /// The source an argument of this kind is chosen from; nil for fixed lists and free text.
  func source(for argument: PaletteArgument) -> PaletteSource? {
    switch argument {
    case .place: places
    case .household: households
    case .person: people
    case .ticket: tickets
    default: nil
    }
  }

  /// A top-level query over every kind, merged by score; a tie goes to the one chosen more (and
  /// more lately), then the shorter line, then to commands, places, tickets, people and households
  /// in that order (the usual reasons to open the palette). Nothing typed: the commands, after
  /// whatever the operator chose before.
  func searchEverything(_ text: String, frecency: Frecency, now: Timestamp) -> [PaletteRow] {
    let sources = [commands, places, tickets, people, households]
    var rows: [(row: PaletteRow, weight: Double, length: Int, order: Int)] = []
    let typed = !PaletteQuery(text).isEmpty
    for (order, source) in sources.enumerated() {
      for row in source.search(text) {
        let weight = row.item.frecencyKey.map { frecency.weight(of: $0, at: now.date) } ?? 0
        // Nothing typed, every length ties and the commands keep their order.
        let length = typed ? row.text.utf16.count : 0
        if typed || order == 0 || weight > 0 { rows.append((row, weight, length, rows.count)) }
      }
    }
    rows.sort {
      ($0.row.score, $0.weight, -$0.length, -$0.order) > ($1.row.score, $1.weight, -$1.length, -$1.order)
    }
    // A bare number is how the field names a ticket (“1047 派给谁了”): that ticket goes first,
    // though scattered digits of some room (10幢4单元 701室) may score higher.
    let digits = text.trimmingCharacters(in: .whitespaces).drop { $0 == "#" }
    if let number = Int(digits),
      let first = rows.firstIndex(where: { $0.row.item == .ticket(TicketID(number)) })
    {
      rows.insert(rows.remove(at: first), at: 0)
    }
    return rows.prefix(Self.shownLimit).map(\.row)
  }
}
