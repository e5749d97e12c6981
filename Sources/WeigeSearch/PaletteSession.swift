// The palette's search while the operator types: each keystroke reuses the results of the query it
// extends, and backspace returns to results already computed.

/// Answers one query per keystroke. Typing narrows (rescans only the previous matches, and what
/// the previous keystroke skipped as unable to rank); deleting goes back to a kept result for the
/// shorter query and narrows from there. Matches are not counted (`PaletteIndex.search`).
public final class PaletteSession {
  public let index: PaletteIndex
  /// How many ranked matches each answer carries.
  public var limit: Int
  /// The operator's preferences; changing them takes effect on the next keystroke.
  public var boosts: PaletteBoosts

  /// Results for the queries typed so far, each narrowing the one before it.
  private var trail: [PaletteResult] = []

  public init(index: PaletteIndex, limit: Int = 50, boosts: PaletteBoosts = .none) {
    self.index = index
    self.limit = limit
    self.boosts = boosts
  }

  /// The result for the query as it now reads.
  public func update(_ text: String) -> PaletteResult {
    let query = PaletteQuery(text)
    while let last = trail.last, last.query != query, !last.query.isNarrowed(by: query) {
      trail.removeLast()
    }
    if let last = trail.last, last.query == query {
      // The same query again (a re-draw, or after backspace): re-rank its own matches, since the
      // boosts may have changed.
      trail[trail.count - 1] = index.search(query, limit: limit, boosts: boosts, narrowing: last)
      return trail[trail.count - 1]
    }
    let result = index.search(query, limit: limit, boosts: boosts, narrowing: trail.last)
    trail.append(result)
    return result
  }

  /// Forgets kept results, for when the candidates behind the index change.
  public func reset() { trail.removeAll() }
}
