/// Core's refusals for mobilization orders, each naming the order, the squad or the household.
extension Ledger {
  /// The order, when it exists and is still open; else why not.
  @discardableResult
  public func requireOpenMobilization(_ id: MobilizationID) throws(DomainError) -> Mobilization {
    guard let order = mobilizations[id] else {
      throw DomainError("没有动员令 \(id)", english: "there is no mobilization order \(id)")
    }
    if let closing = order.closing, let at = order.closedAt {
      throw DomainError(
        "动员令 \(id) 已于 \(at.chinaDateTime) \(closing.chineseName)",
        english: "mobilization order \(id) was already \(closing.englishName) at \(at.chinaDateTime)")
    }
    return order
  }

  /// The squad of `stairwell` in an open order; else why not.
  private func requireSquad(at stairwell: PlaceID, in id: MobilizationID) throws(DomainError) -> (
    Mobilization, Squad
  ) {
    let order = try requireOpenMobilization(id)
    guard let squad = order.squad(at: stairwell) else {
      throw DomainError(
        "动员令 \(id) 没有 \(fieldName(of: stairwell)) 的突击小组",
        english: "mobilization order \(id) has no squad at \(fieldName(of: stairwell))")
    }
    return (order, squad)
  }

  /// A squad as an operator names it: its stairwell, under its order.
  private func squadName(_ order: Mobilization, _ stairwell: PlaceID, _ language: Language) -> String {
    language(
      "动员令 \(order.id) \(fieldName(of: stairwell)) 突击小组",
      "the squad of \(fieldName(of: stairwell)) under \(order.id)")
  }

  /// Refuses a person already in an active squad of an open order over overlapping ground
  /// (`busy`: `squadsInProgress(overlapping:)` of that ground, read once for many people).
  private func requireFree(_ person: PersonID, busy: [PersonID: SquadMembership]) throws(DomainError) {
    let who = try self.person(person)
    guard let (order, squad) = busy[person].flatMap(squad) else { return }
    throw DomainError(
      "\(who.name) 已在\(squadName(order, squad.stairwell, .zh))（\(squad.status.chineseName)）",
      english:
        "\(who.name) is already in \(squadName(order, squad.stairwell, .en)) (\(squad.status.englishName))")
  }

  func validateIssue(of order: MobilizationOrder, at time: Timestamp) throws(DomainError) {
    guard mobilizations[order.id] == nil else {
      throw DomainError("动员令 \(order.id) 已存在", english: "mobilization order \(order.id) already exists")
    }
    let scope = try place(order.scope)
    let scopeName = fieldName(of: scope.id)
    // The list in force decides what may be ordered; an order issued on a list since replaced
    // is refused rather than carrying a task the room no longer has.
    guard taskCatalogue.tasks.contains(order.task) else {
      throw DomainError(
        "任务「\(order.task.name)」不在动员任务目录中（\(taskCatalogue.tasks.map(\.name).joined(separator: "、"))）",
        english:
          "the task '\(order.task.englishName)' is not in the task catalogue (\(taskCatalogue.tasks.map(\.englishName).joined(separator: ", ")))"
      )
    }
    guard order.deadline > time else {
      throw DomainError(
        "时限 \(order.deadline.chinaDateTime) 须晚于发令时间 \(time.chinaDateTime)",
        english:
          "the deadline \(order.deadline.chinaDateTime) must be after the order is issued (\(time.chinaDateTime))"
      )
    }
    for other in mobilizations(covering: order.scope) + mobilizations(within: order.scope)
    where other.scope == order.scope && other.title == order.title {
      throw DomainError(
        "\(scopeName) 已有进行中的动员令 \(other.id)「\(other.title)」",
        english: "mobilization order \(other.id) '\(other.title)' is already open over \(scopeName)")
    }
    guard order.drillSpeed == 1 || (order.isDrill && (2...3600).contains(order.drillSpeed)) else {
      throw DomainError(
        "只有演练可以加速（1 至 3600 倍），不能为 \(order.drillSpeed) 倍",
        english: "only a drill may be sped up (1 to 3600 times), not \(order.drillSpeed) times")
    }
    let stairwells = self.stairwells(in: order.scope)
    guard !stairwells.isEmpty else {
      throw DomainError(
        "\(scopeName) 之下没有楼道，无从组建突击小组",
        english: "there is no stairwell under \(scopeName) to form squads in")
    }
    let inScope = Set(stairwells)
    var formed = Set<PlaceID>()
    var memberOf: [PersonID: PlaceID] = [:]
    let busy = squadsInProgress(overlapping: order.scope)
    for squad in order.squads {
      guard inScope.contains(squad.stairwell) else {
        throw DomainError(
          "\(fieldName(of: squad.stairwell)) 不是 \(scopeName) 范围内的楼道",
          english: "\(fieldName(of: squad.stairwell)) is not a stairwell within \(scopeName)")
      }
      guard formed.insert(squad.stairwell).inserted else {
        throw DomainError(
          "\(fieldName(of: squad.stairwell)) 编了两个突击小组",
          english: "\(fieldName(of: squad.stairwell)) has two squads in the order")
      }
      for member in squad.members {
        let who = try person(member)
        if let other = memberOf.updateValue(squad.stairwell, forKey: member) {
          throw DomainError(
            "\(who.name) 编入了两个突击小组（\(fieldName(of: other))、\(fieldName(of: squad.stairwell))）",
            english:
              "\(who.name) is in two squads of the order (\(fieldName(of: other)) and \(fieldName(of: squad.stairwell)))"
          )
        }
        try requireFree(member, busy: busy)
      }
    }
    if let missing = stairwells.first(where: { !formed.contains($0) }) {
      throw DomainError(
        "\(fieldName(of: missing)) 没有突击小组：范围内每个楼道一组",
        english: "\(fieldName(of: missing)) has no squad: every stairwell in scope needs one")
    }
  }

  func validateAttachment(of person: PersonID, to stairwell: PlaceID, in id: MobilizationID)
    throws(DomainError)
  {
    let (order, squad) = try requireSquad(at: stairwell, in: id)
    let who = try self.person(person)
    guard !squad.members.contains(where: { $0.person == person }) else {
      throw DomainError(
        "\(who.name) 已在\(squadName(order, stairwell, .zh))",
        english: "\(who.name) is already in \(squadName(order, stairwell, .en))")
    }
    try requireFree(person, busy: squadsInProgress(overlapping: order.scope))
  }

  func validateSquadStatus(_ status: SquadStatus, note: String, of stairwell: PlaceID, in id: MobilizationID)
    throws(DomainError)
  {
    let (order, squad) = try requireSquad(at: stairwell, in: id)
    guard squad.status != status else {
      throw DomainError(
        "\(squadName(order, stairwell, .zh))已是「\(status.chineseName)」",
        english: "\(squadName(order, stairwell, .en)) is already \(status.englishName)")
    }
    guard status.allowedFrom.contains(squad.status) else {
      throw DomainError(
        "\(squadName(order, stairwell, .zh))为「\(squad.status.chineseName)」，不能改为「\(status.chineseName)」",
        english:
          "\(squadName(order, stairwell, .en)) is \(squad.status.englishName) and cannot become \(status.englishName)"
      )
    }
    guard status != .blocked || !note.isEmpty else {
      throw DomainError(
        "受阻需写明原因（\(fieldName(of: stairwell))）",
        english: "a blocked squad needs a reason (\(fieldName(of: stairwell)))")
    }
  }

  func validateReports(_ reports: [HouseholdReport], in id: MobilizationID) throws(DomainError) {
    let order = try requireOpenMobilization(id)
    guard !reports.isEmpty else {
      throw DomainError("上报至少要有一户", english: "a report needs at least one household")
    }
    var seen = Set<HouseholdID>()
    seen.reserveCapacity(reports.count)
    for report in reports {
      let home = try household(report.household)
      let name = "\(fieldName(of: home.stairwell)) \(home.room)"
      guard order.squad(at: home.stairwell) != nil else {
        throw DomainError(
          "\(name)室 不在动员令 \(id) 的范围（\(fieldName(of: order.scope))）内",
          english:
            "household \(name) is outside the scope of mobilization order \(id) (\(fieldName(of: order.scope)))"
        )
      }
      guard seen.insert(report.household).inserted else {
        throw DomainError("\(name)室 在同一份上报中出现两次", english: "household \(name) appears twice in one report")
      }
    }
  }

  func validateExtension(of id: MobilizationID, to deadline: Timestamp) throws(DomainError) {
    let order = try requireOpenMobilization(id)
    guard deadline > order.deadline else {
      throw DomainError(
        "新时限 \(deadline.chinaDateTime) 须晚于现时限 \(order.deadline.chinaDateTime)",
        english:
          "the new deadline \(deadline.chinaDateTime) must be later than the current one, \(order.deadline.chinaDateTime)"
      )
    }
  }
}
