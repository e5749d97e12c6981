/// A squad's report as it comes in by phone and is typed (in the palette or after `weige war reach`):
/// `all except 302 notHome 401 refused`, `all done`, `302 notHome`, `302 401 refused`, `全部 除 302 不在家`.
///
/// After `all` (全部) every household of the stairwell takes the outcome that follows it (reached
/// when none does), except the rooms after `except` (除): each takes the outcome written after it,
/// or is left out of the report when none is. Without `all`, each room listed takes the outcome
/// after it, reached when none follows. `and`, `和` and commas may join the words.
public struct ReachSpec: Sendable, Equatable {
  /// The outcome of every household not listed, when the report is for the whole stairwell.
  public var everyone: HouseholdOutcome?
  /// Rooms with their outcomes; nil leaves a room out of an `all` report.
  public var rooms: [(room: String, outcome: HouseholdOutcome?)]

  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.everyone == rhs.everyone && lhs.rooms.elementsEqual(rhs.rooms) { $0 == $1 }
  }

  public init(parsing words: [String]) throws(DomainError) {
    let joiners: Set<String> = ["and", "和", "及", "以及"]
    var tokens = words.flatMap { $0.split { $0.isWhitespace || ",，、;；".contains($0) } }.map(String.init)
      .filter { !joiners.contains($0.lowercased()) }
    guard !tokens.isEmpty else {
      throw DomainError(
        "上报需写明住户：all、all except 302 notHome 或 302 notHome",
        english: "a report names its households: all, all except 302 notHome, or 302 notHome")
    }
    everyone = nil
    rooms = []
    var excepting = false
    if ["all", "全部", "全体", "所有"].contains(tokens[0].lowercased()) {
      tokens.removeFirst()
      everyone = tokens.first.flatMap(HouseholdOutcome.init(word:)) ?? .reached
      if let first = tokens.first, HouseholdOutcome(word: first) != nil { tokens.removeFirst() }
      if let first = tokens.first {
        guard ["except", "but", "除", "除了"].contains(first.lowercased()) else {
          throw DomainError(
            "all 之后应为结果或 except，不是 '\(first)'",
            english: "after 'all' comes an outcome or 'except', not '\(first)'")
        }
        tokens.removeFirst()
        excepting = true
        guard !tokens.isEmpty else {
          throw DomainError("except 之后需写明房号", english: "'except' needs the rooms after it")
        }
      }
    }
    var index = 0
    while index < tokens.count {
      let word = tokens[index]
      guard HouseholdOutcome(word: word) == nil else {
        throw DomainError(
          "'\(word)' 之前应有房号", english: "'\(word)' needs a room before it (e.g. 302 \(word))")
      }
      let room = word.hasSuffix("室") ? String(word.dropLast()) : word
      var outcome: HouseholdOutcome? = excepting ? nil : .reached
      if index + 1 < tokens.count, let said = HouseholdOutcome(word: tokens[index + 1]) {
        outcome = said
        index += 1
      }
      rooms.append((room, outcome))
      index += 1
    }
  }
}

extension Ledger {
  /// The households' outcomes a spec reports for `stairwell`, in the stairwell's order; a room
  /// the stairwell does not have, or a room named twice, is refused by name.
  public func reports(_ spec: ReachSpec, in stairwell: PlaceID) throws(DomainError) -> [HouseholdReport] {
    let place = try self.place(stairwell)
    guard place.level == .stairwell else {
      throw DomainError(
        "\(fieldName(of: stairwell)) 是\(place.level.chineseName)，上报按楼道",
        english: "\(fieldName(of: stairwell)) is a \(place.level.englishName); reports go by stairwell")
    }
    let homes = householdsByStairwell[stairwell, default: []].compactMap { households[$0] }
    var listed: [HouseholdID: HouseholdOutcome?] = [:]
    for (room, outcome) in spec.rooms {
      guard let home = homes.first(where: { $0.room == room }) else {
        throw DomainError(
          "\(fieldName(of: stairwell)) 没有 \(room)室",
          english: "there is no room \(room) in \(fieldName(of: stairwell))")
      }
      guard listed.updateValue(outcome, forKey: home.id) == nil else {
        throw DomainError("\(room)室 写了两次", english: "room \(room) is named twice")
      }
    }
    return homes.compactMap { home in
      if let outcome = listed[home.id] {
        return outcome.map { HouseholdReport(household: home.id, outcome: $0) }
      }
      return spec.everyone.map { HouseholdReport(household: home.id, outcome: $0) }
    }
  }
}
