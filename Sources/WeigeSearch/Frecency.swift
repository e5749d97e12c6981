import Foundation

// What the operator chose from the palette, weighted by how often and how lately (Firefox's
// "frecency", as an exponentially decaying count), to break ties in the ranking.

/// Choices by candidate id (the caller's stable id, e.g. "place:…"), each a count that halves
/// every `halfLife` without use. Codable so the store can keep it between runs.
public struct Frecency: Codable, Sendable, Equatable {
  /// One candidate's decayed count as of its last use.
  public struct Use: Codable, Sendable, Equatable {
    public var weight: Double
    public var lastChosen: Date
  }

  public private(set) var uses: [String: Use] = [:]
  /// A week: duty shifts repeat weekly, so last week's stairwell still counts half as much as one
  /// chosen today, and a month-old one an eighth.
  public var halfLife: TimeInterval = 7 * 24 * 3600
  /// Only the best-ranked candidates ever matter (`PaletteBoosts` keeps 255), so a few hundred
  /// entries is plenty; the weakest is dropped beyond this.
  public var capacity = 512

  public init() {}

  /// Counts one choice of `id` at `date`.
  public mutating func recordChoice(of id: String, at date: Date = Date()) {
    uses[id] = Use(weight: weight(of: id, at: date) + 1, lastChosen: date)
    if uses.count > capacity,
      let weakest = uses.keys.min(by: { weight(of: $0, at: date) < weight(of: $1, at: date) })
    {
      uses[weakest] = nil
    }
  }

  /// The decayed count of `id` at `date`: 1 for a choice just made, ½ for one a half-life ago.
  public func weight(of id: String, at date: Date = Date()) -> Double {
    guard let use = uses[id] else { return 0 }
    let age = max(0, date.timeIntervalSince(use.lastChosen))
    return use.weight * exp2(-age / halfLife)
  }

  /// Chosen ids, the most favoured first (ties: the later choice first, then by id).
  public func ranked(at date: Date = Date()) -> [String] {
    uses.map { (id: $0.key, weight: weight(of: $0.key, at: date), last: $0.value.lastChosen) }
      .sorted { ($0.weight, $0.last, $1.id) > ($1.weight, $1.last, $0.id) }
      .map(\.id)
  }

  /// Boosts for an index whose candidates `candidate(for:)` finds by id; unknown ids are skipped.
  public func boosts(at date: Date = Date(), candidate: (String) -> Int?) -> PaletteBoosts {
    PaletteBoosts(favourites: ranked(at: date).compactMap(candidate))
  }
}
