import WeigeCore

/// An order's households under a tile: every household of its squads there, those reached, and
/// those the squads are done with (reached, refused or unreachable). Summed from the squads'
/// tallies, which Core keeps as reports arrive.
public struct ReachFigures: Sendable, Equatable {
  public var households = 0
  public var reached = 0
  public var settled = 0

  public init() {}

  /// One squad's stairwell.
  init(_ tally: OutcomeTally) {
    households = tally.households
    reached = tally.reached
    settled = tally.settled
  }

  public static func += (lhs: inout Self, rhs: Self) {
    lhs.households += rhs.households
    lhs.reached += rhs.reached
    lhs.settled += rhs.settled
  }
}

/// What a tile is judged on: the area index's figures and, under the mobilization lens, the
/// households of the order in view under it.
public struct LensFigures: Sendable, Equatable {
  public var area: AreaFigures
  public var reach: ReachFigures
  /// Under the 星级 lens, the stars of the stairwells under it.
  public var stars: StarFigures

  public init(area: AreaFigures, reach: ReachFigures = ReachFigures(), stars: StarFigures = StarFigures()) {
    self.area = area
    self.reach = reach
    self.stars = stars
  }
}

/// What the map's colours mean; the operator switches with one key.
public enum Lens: Int, CaseIterable, Sendable {
  case openTickets, overdueTickets, visitCoverage, vacancies, needsCare
  /// 动员进度: the share of each stairwell's households reached under the order in view; offered
  /// only while an order is open there.
  case mobilization
  /// 星级: each stairwell's stars in the latest month rated (`Ledger.ratedMonth`), full stars calm.
  case stars

  /// The lens after this one among those `offered`, round again after the last (`c`, a wall's
  /// `--cycle`).
  func next(among offered: [Lens]) -> Lens {
    let later = offered.filter { $0.rawValue > rawValue }
    return later.first ?? offered.first ?? self
  }

  /// The lenses of peace time: every one but the mobilization lens.
  public static let peaceTime = allCases.filter { $0 != .mobilization }

  public func name(_ language: Language) -> String {
    switch (self, language) {
    case (.openTickets, .zh): "开放工单"
    case (.openTickets, .en): "open tickets"
    case (.overdueTickets, .zh): "超时工单"
    case (.overdueTickets, .en): "overdue tickets"
    case (.visitCoverage, .zh): "本月走访"
    case (.visitCoverage, .en): "visits this month"
    case (.vacancies, .zh): "岗位空缺"
    case (.vacancies, .en): "team vacancies"
    case (.needsCare, .zh): "四必联关怀"
    case (.needsCare, .en): "households needing care"
    case (.mobilization, .zh): "动员进度"
    case (.mobilization, .en): "mobilization progress"
    case (.stars, .zh): "星级楼道"
    case (.stars, .en): "star rating"
    }
  }

  /// How a tile standing for many stairwells is judged.
  public enum Aggregation: Sendable {
    /// The tile's figures are the sum over everything under it, judged on the stairwell's scale:
    /// a grid with five open tickets is as red as a stairwell with five, because the tickets pane
    /// lists five to act on when the operator drills in.
    case sum
    /// The tile takes its worst stairwell's class: a team is the unit, and a grid of thirty full
    /// teams and one empty one has a stairwell nobody looks after, which a share would hide.
    case worst
  }

  /// Counts (tickets) and shares (visits, care, households reached) are summed; a team vacancy is
  /// judged per team.
  public var aggregation: Aggregation { self == .vacancies ? .worst : .sum }

  /// The classes this lens uses, from "nothing to do" (0) to "act now" (4), as the legend lists
  /// them. A lens may skip classes: one overdue ticket is already a problem, so it starts at 3.
  public var classes: [Int] {
    switch self {
    case .openTickets, .visitCoverage, .needsCare, .mobilization, .stars: [0, 1, 2, 3, 4]
    case .overdueTickets: [0, 3, 4]
    case .vacancies: [0, 2, 3, 4]
    }
  }

  /// The class of a tile's figures (one stairwell's, or the sum over an area). Class 0 only when
  /// there is nothing at all to do, so that no open ticket, unvisited household or vacant post
  /// hides in the "fine" colour.
  public func level(of figures: LensFigures) -> Int {
    let f = figures.area
    switch self {
    case .openTickets:
      switch f.openTickets {
      case ...0: return 0
      case 1: return 1
      case 2: return 2
      case 3...4: return 3
      default: return 4
      }
    case .overdueTickets:
      return f.overdueTickets <= 0 ? 0 : f.overdueTickets == 1 ? 3 : 4
    case .visitCoverage:
      // 全部走访 is every household this month (每月全覆盖走访), not most of them.
      let (visited, all) = (f.visitedThisMonth, f.households)
      if visited >= all { return 0 }
      if visited * 10 >= all * 9 { return 1 }
      if visited * 4 >= all * 3 { return 2 }
      if visited * 2 >= all { return 3 }
      return 4
    case .vacancies:
      let (vacant, posts) = (f.vacantPosts, f.teamPosts)
      if vacant <= 0 || posts == 0 { return 0 }
      if vacant * 3 <= posts { return 2 }
      if vacant * 3 <= posts * 2 { return 3 }
      return 4
    case .needsCare:
      let (care, all) = (f.needsCare, f.households)
      if care <= 0 || all == 0 { return 0 }
      if care * 20 < all { return 1 }
      if care * 10 < all { return 2 }
      if care * 4 < all { return 3 }
      return 4
    case .mobilization:
      // Done (class 0) only when the squads are done with every household; then by the share
      // reached, so a stairwell of refusals stays coloured as short of its task.
      let r = figures.reach
      return r.settled >= r.households ? 0 : Self.quarterClass(r.reached, of: r.households)
    case .stars:
      // By the share of the most stars the tile's stairwells could have: with four rules, one
      // class a star (4★ calm, 0★ act now); a tile of many stairwells by their mean.
      let s = figures.stars
      return s.stars >= s.maximum ? 0 : Self.quarterClass(s.stars, of: s.maximum)
    }
  }

  /// Classes 1–4 by quarters of a share short of whole: ≥ ¾, ≥ ½, ≥ ¼, less.
  private static func quarterClass(_ part: Int, of whole: Int) -> Int {
    if part * 4 >= whole * 3 { return 1 }
    if part * 2 >= whole { return 2 }
    if part * 4 >= whole { return 3 }
    return 4
  }

  /// The legend's words for each of `classes`, in order.
  public func legend(_ language: Language) -> [String] {
    switch (self, language) {
    case (.openTickets, .zh): ["无工单", "1单", "2单", "3–4单", "≥5单"]
    case (.openTickets, .en): ["none", "1", "2", "3–4", "≥5"]
    case (.overdueTickets, .zh): ["无超时", "1单超时", "≥2单超时"]
    case (.overdueTickets, .en): ["none overdue", "1 overdue", "≥2 overdue"]
    case (.visitCoverage, .zh): ["全部走访", "≥90%", "≥75%", "≥50%", "<50%"]
    case (.visitCoverage, .en): ["all visited", "≥90%", "≥75%", "≥50%", "<50%"]
    case (.vacancies, .zh): ["满员", "缺≤1/3", "缺≤2/3", "缺>2/3"]
    case (.vacancies, .en): ["all filled", "≤1/3 empty", "≤2/3 empty", ">2/3 empty"]
    case (.needsCare, .zh): ["无", "<5%户", "<10%户", "<25%户", "≥25%户"]
    case (.needsCare, .en): ["none", "<5%", "<10%", "<25%", "≥25% of homes"]
    case (.mobilization, .zh): ["完成", "≥75%", "≥50%", "≥25%", "<25%"]
    case (.mobilization, .en): ["done", "≥75%", "≥50%", "≥25%", "<25%"]
    case (.stars, .zh): ["满星", "≥3/4", "≥1/2", "≥1/4", "<1/4"]
    case (.stars, .en): ["all stars", "≥3/4", "≥1/2", "≥1/4", "<1/4"]
    }
  }

  /// How an aggregated tile was judged, said after the legend so that nobody reads a grid's
  /// colour as one stairwell's.
  public func aggregationNote(_ language: Language) -> String {
    switch aggregation {
    case .sum: language("图块为合计", "a tile sums its stairwells")
    case .worst: language("图块取最差楼道", "a tile shows its worst stairwell")
    }
  }

  /// What a tile counts under this lens, written inside a wide tile: tickets, overdue tickets,
  /// households not yet visited, vacant posts, households needing care, households the squads
  /// still have to visit, stars short of full.
  public func count(of figures: LensFigures) -> Int {
    let f = figures.area
    switch self {
    case .openTickets: return f.openTickets
    case .overdueTickets: return f.overdueTickets
    case .visitCoverage: return f.households - f.visitedThisMonth
    case .vacancies: return f.vacantPosts
    case .needsCare: return f.needsCare
    case .mobilization: return figures.reach.households - figures.reach.settled
    case .stars: return figures.stars.maximum - figures.stars.stars
    }
  }

  /// The lens's figure for an area, as the map shows it in its title and, `compact` to four
  /// columns, beside each group: the count, or the share visited or reached (rounded down, so
  /// that 100% means every household).
  public func figure(of figures: LensFigures, compact: Bool = false) -> String {
    let (part, whole): (Int, Int)
    switch self {
    case .visitCoverage: (part, whole) = (figures.area.visitedThisMonth, figures.area.households)
    case .mobilization: (part, whole) = (figures.reach.reached, figures.reach.households)
    case .stars:
      // The mean stars a stairwell, in tenths: `2.9★`, four columns beside a group.
      let s = figures.stars
      guard s.stairwells > 0 else { return "—" }
      return meanInTenths(s.stars, over: s.stairwells) + "★"
    default:
      let count = self.count(of: figures)
      return compact && count > 9999 ? "\(min(999, count / 1000))k" : grouped(count)
    }
    guard whole > 0 else { return "—" }
    return "\(part * 100 / whole)%"
  }

  /// The figure's name in the map's title (开 385, 走访 86%).
  public func figureName(_ language: Language) -> String {
    switch self {
    case .openTickets: language("开", "open")
    case .overdueTickets: language("超时", "overdue")
    case .visitCoverage: language("走访", "visited")
    case .vacancies: language("空缺", "vacant")
    case .needsCare: language("需关怀", "need care")
    case .mobilization: language("进度", "reached")
    case .stars: language("平均星级", "mean stars")
    }
  }

  /// One glyph per class, so that a tile's class reads without colour: on a mono or NO_COLOR
  /// terminal, in 8 colours, to a red-green colour-blind operator and in a captured screen. Drawn
  /// always, not only without colour: the same map on every terminal, and calm tiles (□) recede
  /// while the ones needing action (▲ ✖) stand out even on a washed-out wall projector.
  public static let glyphs: [Character] = ["□", "▪", "■", "▲", "✖"]
}
