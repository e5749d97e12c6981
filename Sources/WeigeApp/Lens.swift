import WeigeCore

/// What the map's colours mean; the operator switches with one key.
public enum Lens: Int, CaseIterable, Sendable {
  case openTickets, overdueTickets, visitCoverage, vacancies, needsCare

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
    }
  }

  /// How much attention an area needs under this lens, 0 (fine) to 1 (act now).
  ///
  /// Scales: three open tickets in one stairwell is a busy week, so 3 saturates; one overdue
  /// ticket is already a problem, two is red; coverage is the share not yet visited this month;
  /// vacancies are the share of team posts empty; a quarter of households needing care is a lot.
  public func severity(of f: AreaFigures) -> Double {
    let stairwells = Double(max(1, f.stairwells))
    switch self {
    case .openTickets: return Double(f.openTickets) / (3 * stairwells)
    case .overdueTickets: return Double(f.overdueTickets) / (2 * stairwells)
    case .visitCoverage:
      return f.households == 0 ? 0 : 1 - Double(f.visitedThisMonth) / Double(f.households)
    case .vacancies: return f.teamPosts == 0 ? 0 : Double(f.vacantPosts) / Double(f.teamPosts)
    case .needsCare: return f.households == 0 ? 0 : Double(f.needsCare) / Double(f.households) * 4
    }
  }

  /// The legend's words for the low and high ends of the scale.
  public func legend(_ language: Language) -> (low: String, high: String) {
    switch (self, language) {
    case (.openTickets, .zh): ("无工单", "≥3 单/楼道")
    case (.openTickets, .en): ("none", "≥3 per stairwell")
    case (.overdueTickets, .zh): ("无超时", "≥2 超时")
    case (.overdueTickets, .en): ("none overdue", "≥2 overdue")
    case (.visitCoverage, .zh): ("全部走访", "未走访")
    case (.visitCoverage, .en): ("all visited", "none visited")
    case (.vacancies, .zh): ("满员", "全空缺")
    case (.vacancies, .en): ("all posts filled", "all empty")
    case (.needsCare, .zh): ("无", "≥25% 户需关怀")
    case (.needsCare, .en): ("none", "≥25% need care")
    }
  }
}
