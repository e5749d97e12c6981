/// The rules of the monthly star rating (星级楼道) and of volunteer points, kept as data: a
/// street rates its stairwells by its own rules, so a user's `stars.toml` (WeigeConfig) replaces
/// these defaults without a new build. Each rule gives its stars, or costs them, and says why.
public struct StarRules: Sendable, Equatable {
  /// Stars for a complete team: every post of the catalogue's stairwell roles held (一长二员).
  public var teamStars: Int
  /// Stars for visiting at least `visitPercent` of the households this month (每月全覆盖走访).
  public var visitStars: Int
  public var visitPercent: Int
  /// Stars for the month's tickets: at least `ticketPercent` of those filed at the stairwell this
  /// month resolved and rated, their mean rating at least `ticketRating` (of 5).
  public var ticketStars: Int
  public var ticketPercent: Int
  public var ticketRating: Int
  /// Stars for a stairwell convention (楼道公约) adopted by the month's end.
  public var conventionStars: Int
  /// Points a volunteer earns an hour given (志愿时长 → 积分), counted by the minute, rounded down.
  public var pointsPerHour: Int

  public init(
    teamStars: Int, visitStars: Int, visitPercent: Int, ticketStars: Int, ticketPercent: Int,
    ticketRating: Int, conventionStars: Int, pointsPerHour: Int
  ) {
    self.teamStars = teamStars
    self.visitStars = visitStars
    self.visitPercent = visitPercent
    self.ticketStars = ticketStars
    self.ticketPercent = ticketPercent
    self.ticketRating = ticketRating
    self.conventionStars = conventionStars
    self.pointsPerHour = pointsPerHour
  }

  /// One star for each of the four things the field rates a stairwell on (seed 003: a complete
  /// team, monthly full-coverage visits, needs answered, a convention). The visit bar is the
  /// street's own 95 % (`VisitCoverage.targetPercent`). 80 % of tickets closed and rated leaves
  /// room for the newest still open at the month's end; a mean of 4 is "satisfied"
  /// (`Ticket.isSatisfied`). 10 points an hour is Weige's own default, not a field figure.
  public static let standard = StarRules(
    teamStars: 1, visitStars: 1, visitPercent: VisitCoverage.targetPercent, ticketStars: 1, ticketPercent: 80,
    ticketRating: 4, conventionStars: 1, pointsPerHour: 10)

  /// The most stars a stairwell can have.
  public var maximum: Int { teamStars + visitStars + ticketStars + conventionStars }

  /// Points for `minutes` of volunteer time.
  public func points(forMinutes minutes: Int) -> Int { minutes * pointsPerHour / 60 }
}

/// The four rules, in the order a stairwell's explanation lists them.
public enum StarRule: Int, CaseIterable, Sendable, FieldTerm {
  case team, visits, tickets, convention

  public var chineseName: String {
    switch self {
    case .team: "一长二员"
    case .visits: "本月走访"
    case .tickets: "工单办结评价"
    case .convention: "楼道公约"
    }
  }

  public var englishName: String {
    switch self {
    case .team: "team"
    case .visits: "visits"
    case .tickets: "tickets"
    case .convention: "convention"
    }
  }
}

/// What one rule said of a stairwell: the stars it gave (or would have), whether it gave them,
/// and why, in both languages.
public struct StarReason: Sendable, Equatable {
  public var rule: StarRule
  public var stars: Int
  public var earned: Bool
  public var chinese: String
  public var english: String

  public func text(_ language: Language) -> String { language(chinese, english) }
}

/// A stairwell's rating for a month: its stars of the most it could have, and each rule's reason.
public struct StairwellStars: Sendable, Equatable {
  public var stairwell: PlaceID
  public var month: CivilMonth
  public var maximum: Int
  /// Only the rules that carry stars (a rule set to 0 stars is off).
  public var reasons: [StarReason]

  public var stars: Int { reasons.reduce(0) { $0 + ($1.earned ? $1.stars : 0) } }

  /// `★★★☆`: earned stars filled, the rest hollow.
  public var glyphs: String {
    String(repeating: "★", count: stars) + String(repeating: "☆", count: max(0, maximum - stars))
  }
}

extension Ledger {
  /// Every stairwell under `scope` (all when nil) rated for `month`, in the tree's order. Read it
  /// from a ledger folded through the month's end, as visit coverage is (`visitCoverage`).
  public func starRatings(under scope: PlaceID?, in month: CivilMonth, rules: StarRules = .standard)
    -> [StairwellStars]
  {
    let coverage = visitCoverage(under: scope, in: month).stairwells
    var filed: [PlaceID: [Ticket]] = [:]
    for ticket in tickets.values where month.contains(ticket.requestedAt) {
      filed[ticket.place, default: []].append(ticket)
    }
    return coverage.compactMap { visits in
      visits.place.map {
        rating(of: $0, in: month, visits: visits, tickets: filed[$0, default: []], rules: rules)
      }
    }
  }

  /// One stairwell's rating for `month`.
  public func starRating(of stairwell: PlaceID, in month: CivilMonth, rules: StarRules = .standard)
    -> StairwellStars
  {
    let visits = visitCoverage(under: stairwell, in: month).total
    let filed = (ticketsByPlace[stairwell] ?? []).compactMap { tickets[$0] }.filter {
      month.contains($0.requestedAt)
    }
    return rating(of: stairwell, in: month, visits: visits, tickets: filed, rules: rules)
  }

  private func rating(
    of stairwell: PlaceID, in month: CivilMonth, visits: VisitCoverage, tickets: [Ticket], rules: StarRules
  ) -> StairwellStars {
    var reasons: [StarReason] = []
    func add(_ rule: StarRule, _ stars: Int, _ earned: Bool, _ chinese: String, _ english: String) {
      guard stars > 0 else { return }
      reasons.append(StarReason(rule: rule, stars: stars, earned: earned, chinese: chinese, english: english))
    }
    // The team the stairwell had at the month's end: a post vacated since costs this month's
    // star, not a past month's (one rule for the live board and `weige stars --month`).
    let missing = unfilledTeamRoles(at: stairwell, before: month.endInChina)
    add(
      .team, rules.teamStars, missing.isEmpty,
      missing.isEmpty ? "一长二员齐全" : "缺" + missing.map(\.name).joined(separator: "、"),
      missing.isEmpty ? "team complete" : "no " + missing.map(\.englishName).joined(separator: ", "))
    let share = visits.households == 0 ? "" : " (\(visits.visited * 100 / visits.households)%)"
    let reached = visits.reaches(rules.visitPercent)
    let bar = reached ? " ≥\(rules.visitPercent)%" : ""
    let chinese: String = "走访 \(visits.visited)/\(visits.households) 户" + share
    let english: String = "visited \(visits.visited)/\(visits.households)" + share
    add(
      .visits, rules.visitStars, reached, chinese + (reached ? bar : " 未达\(rules.visitPercent)%"),
      english + (reached ? bar : " under \(rules.visitPercent)%"))
    // Closed by the month's end, as the team: one resolved and rated since counts for neither.
    let closed = tickets.filter { $0.wasRated(before: month.endInChina) }
    add(
      .tickets, rules.ticketStars, ticketsEarn(tickets, closed, rules),
      ticketWords(tickets, closed, rules, .zh),
      ticketWords(tickets, closed, rules, .en))
    let convention = recognition.conventions[stairwell].flatMap { $0.adoptedAt < month.endInChina ? $0 : nil }
    add(
      .convention, rules.conventionStars, convention != nil,
      convention.map { "公约「\($0.title)」" } ?? "未订楼道公约",
      convention.map { "convention \"\($0.title)\"" } ?? "no convention")
    return StairwellStars(stairwell: stairwell, month: month, maximum: rules.maximum, reasons: reasons)
  }

  /// The month's tickets pass when enough were resolved and rated and their mean rating is high
  /// enough; a month without tickets passes, as nothing was left undone. Counted in whole
  /// tickets and whole rating points, so the edges are exact.
  private func ticketsEarn(_ tickets: [Ticket], _ closed: [Ticket], _ rules: StarRules) -> Bool {
    guard !tickets.isEmpty else { return true }
    let ratingSum = closed.reduce(0) { $0 + ($1.rating ?? 0) }
    return closed.count * 100 >= tickets.count * rules.ticketPercent && !closed.isEmpty
      && ratingSum >= closed.count * rules.ticketRating
  }

  private func ticketWords(_ tickets: [Ticket], _ closed: [Ticket], _ rules: StarRules, _ l: Language)
    -> String
  {
    guard !tickets.isEmpty else { return l("本月无工单", "no tickets this month") }
    let mean =
      closed.isEmpty ? "—" : meanInTenths(closed.reduce(0) { $0 + ($1.rating ?? 0) }, over: closed.count)
    let count = l(
      "工单 \(closed.count)/\(tickets.count) 件办结并评价",
      "\(closed.count)/\(tickets.count) tickets resolved and rated")
    let enough = closed.count * 100 >= tickets.count * rules.ticketPercent && !closed.isEmpty
    guard enough else { return count + l(" 未达\(rules.ticketPercent)%", " under \(rules.ticketPercent)%") }
    let satisfied = ticketsEarn(tickets, closed, rules)
    return count + l("，均分 \(mean)", ", mean \(mean)")
      + (satisfied ? "" : l(" 低于\(rules.ticketRating)分", " under \(rules.ticketRating)"))
  }
}

/// `4.7`: `total / count` to one decimal, rounded half up, in whole numbers (no 4.666…): a mean
/// rating or a mean of stars as the screen and the CLI say it.
public func meanInTenths(_ total: Int, over count: Int) -> String {
  let tenths = (total * 20 + count) / (2 * count)
  return "\(tenths / 10).\(tenths % 10)"
}

/// The month the stars are shown for, and whether it is the one under way: the one home of that
/// choice for the board, the 星级 lens and a wall's cycle.
public struct RatedMonth: Sendable, Equatable {
  public var month: CivilMonth
  public var isCurrent: Bool

  public init(month: CivilMonth, isCurrent: Bool) {
    self.month = month
    self.isCurrent = isCurrent
  }

  /// `十一月 (上月)`, `November (last month)`: which month a heading rates.
  public func label(_ language: Language) -> String { month.name(language) + " (" + relative(language) + ")" }

  /// `上月`, `this month`: which month, where a pane has no room for its name.
  public func relative(_ language: Language) -> String {
    isCurrent ? language("本月", "this month") : language("上月", "last month")
  }
}

extension Ledger {
  /// The latest month that has a rating at `now`: the one under way once a household has been
  /// visited in it, else the month before. On the 1st nothing of the new month has been done, and
  /// its rating would fail every stairwell's visits; the month before is still exact on this
  /// ledger then, since no household's last visit (`Household.wasVisited(in:)`) has moved past it.
  public func ratedMonth(at now: Timestamp) -> RatedMonth {
    let current = CivilMonth(inChina: now)
    let started: Bool
    if let latestVisit, latestVisit >= current.endInChina {
      // A visit dated past this month (a clock ahead): ask each household.
      started = households.values.contains { $0.wasVisited(in: current) }
    } else {
      started = latestVisit.map(current.contains) ?? false
    }
    return RatedMonth(month: started ? current : current.previous, isCurrent: started)
  }
}

extension Ticket {
  /// Whether the ticket stood resolved and rated just before `moment` (its timeline's last step
  /// before it is 评单) and still has its rating: a ticket reopened since has none to count.
  func wasRated(before moment: Timestamp) -> Bool {
    rating != nil && timeline.last(where: { $0.time < moment })?.status == .rated
  }
}
