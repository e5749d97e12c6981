extension EventBody {
  /// One line in words for `weige log` and the activity feed; names come from `ledger` when it
  /// knows them, ids otherwise.
  public func summary(in ledger: Ledger? = nil) -> String {
    func place(_ id: PlaceID) -> String {
      guard let ledger, ledger.places[id] != nil else { return id.description }
      // As the field says it: compound, building, unit (长江小区3幢2单元).
      let path = ledger.path(of: id)
      let short = path.filter { $0.level == .compound || $0.level >= .building }
      return (short.isEmpty ? Array(path.suffix(2)) : short).map(\.name).joined()
    }
    func person(_ id: PersonID) -> String { ledger?.people[id]?.name ?? id.description }
    func household(_ id: HouseholdID) -> String {
      guard let home = ledger?.households[id] else { return id.description }
      return place(home.stairwell) + " " + home.room + "室"
    }
    switch self {
    case .catalogueDefined(let catalogue):
      return "角色目录 " + catalogue.roles.map(\.name).joined(separator: "/")
    case .placeAdded(let added):
      return "新增\(added.level.chineseName) \(added.name)"
    case .householdRegistered(let home):
      return "登记 \(home.room)室 \(home.residents)人 (\(place(home.stairwell)))"
    case .householdFlagsChanged(let id, let flags, _):
      let names = HouseholdFlags.all.filter { flags.contains($0.flag) }.map(\.chinese)
      return "\(household(id)) 标记 " + (names.isEmpty ? "无" : names.joined(separator: "、"))
    case .personRegistered(let who):
      return "登记人员 \(who.name)" + (who.isPartyMember ? " (党员)" : "")
    case .roleAssigned(let who, let assignment):
      return
        "\(person(who)) 任 \(place(assignment.place)) \(ledger?.roleName(assignment.role) ?? assignment.role)"
    case .roleVacated(let who, let assignment, let reason):
      return
        "\(person(who)) 卸任 \(place(assignment.place)) \(ledger?.roleName(assignment.role) ?? assignment.role)：\(reason)"
    case .ticketRequested(let request):
      return "点单 \(request.id) \(request.urgency.chineseName) \(place(request.place)) \(request.title)"
    case .ticketDispatched(let id, let assignee):
      return "派单 \(id) → \(person(assignee))"
    case .ticketAccepted(let id):
      return "接单 \(id)"
    case .ticketReturned(let id, let reason):
      return "退单 \(id)：\(reason)"
    case .ticketResolved(let id, let note):
      return "办结 \(id)：\(note)"
    case .ticketRated(let id, let score, let comment):
      return "评单 \(id) \(score)星 \(comment)"
    case .ticketReopened(let id, let reason):
      return "重开 \(id)：\(reason)"
    case .ticketEscalated(let id):
      return "超时督办 \(id)"
    case .visitRecorded(let id, let visitor, let note):
      return "走访 \(household(id))" + (visitor.map { " (\(person($0)))" } ?? "") + " \(note)"
    case .alertRaised(let raise):
      return "告警 \(raise.kind.chineseName) \(place(raise.place)) \(raise.text)"
    case .alertCleared(let id, let note):
      return "解除 \(id)：\(note)"
    }
  }
}
