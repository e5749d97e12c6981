import WeigeCore
import WeigeSearch

/// Hours, points, honours and conventions from the palette (`hours add`, `points redeem`,
/// `honour red` …), and a partner unit registered for 揭榜 (`unit add`): what an argument offers,
/// and the event a command appends, the same Core event the CLI's `weige hours add` … appends.
/// Core's validation refuses what it does not allow (an exchange past the balance, a second
/// 先锋 for a month).
extension PaletteContext {
  /// Stairwells only: nothing typed, the one on screen; else the places matching what is typed
  /// that are stairwells (Core refuses a convention or an honour for a compound).
  func ratedStairwellRows(_ text: String, places: PaletteSource) -> [PaletteRow] {
    guard !PaletteQuery(text).isEmpty else {
      var labels = PlaceLabels(ledger)
      return stairwellInView.map {
        [PaletteRow(item: .place($0), text: labels.label(of: $0), positions: [], score: 0)]
      }
        ?? []
    }
    return places.search(text).filter {
      if case .place(let id) = $0.item { ledger.places[id]?.level == .stairwell } else { false }
    }
  }

  /// The kinds of unit; the months an honour can be for (last month first: a 先锋 is chosen at a
  /// month's start for the one before); and the standing honours, newest first.
  func recognitionChoices(for argument: PaletteArgument) -> [(item: PaletteItem, text: String)] {
    switch argument {
    case .unitKind:
      return UnitKindCatalogue.standard.kinds.map {
        (.choice($0.id), "\($0.id) \($0.name) \($0.englishName)")
      }
    case .month:
      let current = CivilMonth(inChina: now)
      let earlier = sequence(first: current.previous.previous) { $0.previous }.prefix(10)
      return [(current.previous, false), (current, true)].map { month, isCurrent in
        (
          .choice(month.description),
          "\(month) " + RatedMonth(month: month, isCurrent: isCurrent).label(language)
        )
      } + earlier.map { (.choice($0.description), "\($0) " + $0.name(language)) }
    case .honour:
      // A 先锋 by its month, a list entry (one of many) by the day it was given.
      return ledger.recognition.honours.reversed().map { record in
        let honour = record.honour
        let when = honour.kind.isVanguard ? "\(honour.month)" : String(record.time.chinaDateTime.prefix(16))
        return (
          .honour(record.entry),
          "\(honour.kind.name(language)) \(ledger.honourSubjectName(honour.subject)) \(when) " + honour.reason
        )
      }
    default:
      return []
    }
  }

  /// The event a recognition command appends; nil for any other command. A time or a count of
  /// points that cannot be read is refused with the forms it takes.
  func recognitionEvent(for command: PaletteCommand, _ values: [PaletteItem]) throws(DomainError)
    -> EventBody?
  {
    func text(_ position: Int) -> String {
      if case .text(let words)? = values.dropFirst(position).first { words } else { "" }
    }
    func month(_ position: Int) -> CivilMonth? {
      if case .choice(let key)? = values.dropFirst(position).first { CivilMonth(key) } else { nil }
    }
    switch (command, values.first) {
    case (.hoursAdd, .person(let person)?):
      let minutes = try VolunteerHours.minutes(parsing: text(2))
      return .volunteerHoursRecorded(
        VolunteerHours(
          person: person, activity: text(1), minutes: minutes, points: starRules.points(forMinutes: minutes)))
    case (.pointsRedeem, .person(let person)?):
      return .pointsRedeemed(PointsRedemption(person: person, points: try points(text(1)), reward: text(2)))
    case (.honourRed, .place(let stairwell)?), (.honourBlack, .place(let stairwell)?):
      // A 红黑榜 entry is for the month it is given in, as the CLI's default.
      return .honourAwarded(
        Honour(
          kind: command == .honourRed ? .red : .black, subject: .stairwell(stairwell),
          month: CivilMonth(inChina: now), reason: text(1)))
    case (.vanguardStairwell, .place(let stairwell)?):
      guard let month = month(1) else { return nil }
      return .honourAwarded(
        Honour(kind: .vanguardStairwell, subject: .stairwell(stairwell), month: month, reason: text(2)))
    case (.vanguardPerson, .person(let person)?):
      guard let month = month(1) else { return nil }
      return .honourAwarded(
        Honour(kind: .vanguardPerson, subject: .person(person), month: month, reason: text(2)))
    case (.honourWithdraw, .honour(let entry)?):
      return .honourWithdrawn(
        Honour(kind: entry.kind, subject: entry.subject, month: entry.month, reason: text(1)),
        awardedAt: entry.awardedAt)
    case (.conventionAdopt, .place(let stairwell)?):
      return .conventionAdopted(stairwell, title: text(1))
    case (.unitAdd, .text(let name)?):
      guard case .choice(let key)? = values.dropFirst().first,
        let kind = UnitKindCatalogue.standard.kind(named: key)
      else { return nil }
      return .partnerUnitRegistered(PartnerUnit(id: ledger.openCalls.nextUnitID, name: name, kind: kind))
    default:
      return nil
    }
  }

  /// Points as typed (`100`, `100分`); Core checks that there are enough.
  private func points(_ text: String) throws(DomainError) -> Int {
    let digits = text.hasSuffix("分") ? String(text.dropLast()) : text
    guard let count = Int(FreeText.trimmed(digits)) else {
      throw DomainError(
        "'\(text)' 不是积分：写一个正整数，如 100",
        english: "'\(text)' is not a number of points: write a whole number, e.g. 100")
    }
    return count
  }
}
