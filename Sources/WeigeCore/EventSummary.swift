extension EventBody {
  /// One line in words for `weige log` and the activity feed; names come from `ledger` when it
  /// knows them, ids otherwise. Names stay as they are in either language; the field's terms
  /// (点单, 派单 …) follow the English words, since the English reader works beside them.
  public func summary(in ledger: Ledger? = nil, language: Language = .zh) -> String {
    let l = language
    func place(_ id: PlaceID) -> String { ledger?.fieldName(of: id) ?? id.description }
    func person(_ id: PersonID) -> String { ledger?.people[id]?.name ?? id.description }
    func subject(_ subject: HonourSubject) -> String {
      switch subject {
      case .stairwell(let id): place(id)
      case .person(let id): person(id)
      }
    }
    func household(_ id: HouseholdID) -> String {
      guard let home = ledger?.households[id] else { return id.description }
      return place(home.stairwell) + " " + home.room + l("室", "")
    }
    // An alert by its kind and place, as the operator saw it raised: the feed shows no internal ids.
    func alert(_ id: AlertID) -> String {
      guard let alert = ledger?.alerts[id] else { return id.description }
      return "\(alert.kind.name(l)) \(place(alert.place))"
    }
    // An order's events start with 演练 when it is a drill, so that no line of one is taken for war.
    func order(_ id: MobilizationID) -> String {
      (ledger?.mobilizations[id]?.isDrill == true ? l("演练 ", "drill ") : "") + id.description
    }
    func squad(_ id: MobilizationID, _ stairwell: PlaceID) -> String {
      order(id) + " " + place(stairwell) + l(" 突击小组", " squad")
    }
    func role(_ id: RoleID) -> String {
      guard let definition = ledger?.catalogue.role(id) else { return id }
      return l(definition.name, definition.englishName)
    }
    switch self {
    case .catalogueDefined(let catalogue):
      return l("角色目录 ", "role catalogue ")
        + catalogue.roles.map { l($0.name, $0.englishName) }
        .joined(separator: "/")
    case .placeAdded(let added):
      return l("新增", "new ") + added.level.name(l) + " " + added.name
    case .householdRegistered(let home):
      return l(
        "登记 \(home.room)室 \(home.residents)人 (\(place(home.stairwell)))",
        "household \(home.room) registered, \(home.residents) residents (\(place(home.stairwell)))")
    case .householdFlagsChanged(let id, let flags, _):
      let names = HouseholdFlags.all.filter { flags.contains($0.flag) }.map { l($0.chinese, $0.key) }
      return household(id) + l(" 标记 ", " flags: ")
        + (names.isEmpty ? l("无", "none") : names.joined(separator: l("、", ", ")))
    case .personRegistered(let who):
      return l("登记人员 ", "person registered: ") + who.name
        + (who.isPartyMember ? l(" (党员)", " (party member)") : "")
    case .roleAssigned(let who, let assignment):
      return person(who) + l(" 任 ", " appointed ") + "\(place(assignment.place)) \(role(assignment.role))"
    case .roleVacated(let who, let assignment, let reason):
      return person(who) + l(" 卸任 ", " vacates ") + "\(place(assignment.place)) \(role(assignment.role))"
        + l("：", ": ") + reason
    case .ticketRequested(let request):
      return l("点单 ", "requested (点单) ")
        + "\(request.id) \(request.urgency.name(l)) \(place(request.place)) \(request.title)"
    case .ticketDispatched(let id, let assignee):
      return l("派单 ", "dispatched (派单) ") + "\(id) → \(person(assignee))"
    case .ticketAccepted(let id):
      return l("接单 ", "accepted (接单) ") + id.description
    case .ticketReturned(let id, let reason):
      return l("退单 ", "returned (退单) ") + id.description + l("：", ": ") + reason
    case .ticketResolved(let id, let note):
      return l("办结 ", "resolved (办结) ") + id.description + l("：", ": ") + note
    case .ticketRated(let id, let score, let comment):
      return l("评单 ", "rated (评单) ") + "\(id) " + l("\(score)星", "\(score)★") + " \(comment)"
    case .ticketReopened(let id, let reason):
      return l("重开 ", "reopened ") + id.description + l("：", ": ") + reason
    case .ticketEscalated(let id):
      return l("超时督办 ", "overdue, escalated (超时督办) ") + id.description
    case .visitRecorded(let id, let visitor, let note):
      return l("走访 ", "visit (走访) ") + household(id) + (visitor.map { " (\(person($0)))" } ?? "") + " \(note)"
    case .alertRaised(let raise):
      return l("告警 ", "alert ") + "\(raise.kind.name(l)) \(place(raise.place)) \(raise.text)"
    case .alertCleared(let id, let note):
      return l("解除 ", "cleared ") + alert(id) + l("：", ": ") + note
    case .alertAcknowledged(let id):
      return l("确认 ", "acknowledged ") + alert(id)
    case .alertTicketed(let id, let ticket):
      return l("转工单 ", "to a ticket (转工单) ") + alert(id) + " → \(ticket)"
    case .mobilizationIssued(let issued):
      let short = issued.squads.filter { $0.members.count < Squad.fullStrength }.count
      return (issued.isDrill ? l("演练 ", "drill ") : "")
        + (issued.drillSpeed > 1 ? "×\(issued.drillSpeed) " : "") + l("动员令 ", "mobilization order (动员令) ")
        + "\(issued.id) \(issued.title) · \(issued.task.name(l)) · \(place(issued.scope)) · "
        + l("时限 ", "deadline ") + issued.deadline.chinaClock + " · "
        + l("突击小组 \(issued.squads.count) 个", "\(issued.squads.count) squads")
        + (short > 0 ? l("（缺员 \(short)）", " (\(short) short-handed)") : "")
    case .squadAttached(let id, let stairwell, let who):
      return squad(id, stairwell) + l(" 增援 ", " reinforced by ") + person(who)
    case .squadStatusChanged(let id, let stairwell, let status, let note):
      return squad(id, stairwell) + " " + status.name(l) + (note.isEmpty ? "" : l("：", ": ") + note)
    case .householdsReported(let id, let reports):
      let task = ledger?.mobilizations[id]?.task
      func outcome(_ outcome: HouseholdOutcome) -> String {
        task.map { outcome.name(l, task: $0) } ?? outcome.name(l)
      }
      if reports.count == 1, let report = reports.first {
        return order(id) + " " + household(report.household) + " " + outcome(report.outcome)
      }
      let stairwells = Set(reports.compactMap { ledger?.households[$0.household]?.stairwell })
      let counts = HouseholdOutcome.allCases.compactMap { kind -> String? in
        let count = reports.filter { $0.outcome == kind }.count
        return count == 0 ? nil : "\(outcome(kind)) \(count)"
      }
      return order(id) + (stairwells.count == 1 ? " " + place(stairwells.first!) : "")
        + l(" 上报 \(reports.count) 户：", " reports \(reports.count) households: ")
        + counts.joined(separator: l("、", ", "))
    case .deadlineExtended(let id, let deadline, let reason):
      return order(id) + l(" 延期至 ", " extended to ") + deadline.chinaClock
        + (reason.isEmpty ? "" : l("：", ": ") + reason)
    case .mobilizationClosed(let id, let closing, let note):
      return order(id) + " " + closing.name(l) + (note.isEmpty ? "" : l("：", ": ") + note)
    case .ticketExtended(let id, let limit, let deadline, let reason, let approver):
      return l("延期 ", "extended (延期) ") + "\(id) " + limit.text(l) + l("，至 ", " to ")
        + ChinaTime.text(deadline) + l("：", ": ") + reason
        + l("（\(approver) 批准）", " (approved by \(approver))")
    case .escalated(let escalation):
      let subject: String
      switch escalation.subject {
      case .ticket(let id): subject = id.description
      case .alert(let id): subject = alert(id)
      }
      let terms: SlaTerms? =
        switch escalation.subject {
        case .ticket(let id): ledger?.tickets[id].map(Deadline.terms(of:))
        case .alert(let id): ledger?.alerts[id].map(Deadline.terms(of:))
        }
      let level = terms.flatMap { Deadline.target(escalation.step, of: escalation.clock, terms: $0)?.level }
      let missed = l("（时限 ", " (deadline ") + ChinaTime.text(escalation.deadline) + l("）", ")")
      guard escalation.clock.remindsFirst && escalation.step == 0 else {
        return l("超时督办 ", "overdue, escalated (超时督办) ") + subject + " " + escalation.clock.name(l)
          + (level.map { " → " + $0.name(l) } ?? "") + missed
      }
      return l("\(escalation.clock.chineseName)提醒 ", "\(escalation.clock.englishName) reminder ") + subject
        + missed
    case .rosterImported(let shifts, let source):
      let days = Set(shifts.map(\.shift.date))
      return l(
        "导入排班 \(shifts.count) 个班次（\(days.count) 天）",
        "roster imported: \(shifts.count) shifts over \(days.count) days")
        + (source.isEmpty ? "" : " · " + source)
    case .shiftChanged(let shift, let reason):
      return l("换班 ", "shift changed (换班) ") + shift.shift.name(l) + l(" 值班 ", ": on duty ")
        + shift.operatorName
        + l("，带班 ", ", leader ") + shift.leader + l("：", ": ") + reason
    case .handoverNoted(let shift, let note):
      return l("交班说明 ", "handover note ") + shift.name(l) + l("：", ": ") + note
    case .handoverSigned(let shift):
      return l("交接班签收 ", "handover signed ") + shift.name(l)
    case .householdDetailsChanged(let id, let details):
      return household(id)
        + l(
          " 更正 \(details.residents)人（60岁以上 \(details.aged60Plus)）",
          " corrected: \(details.residents) residents (\(details.aged60Plus) aged 60+)")
    case .numbersRevealed(let reveal):
      let scope = reveal.household.map(household) ?? reveal.place.map(place) ?? ""
      return l("查看完整号码 ", "numbers revealed: ") + scope + " (\(reveal.purpose))" + l("：", ": ")
        + reveal.reason
    case .partnerUnitRegistered, .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted,
      .openCallRated, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined:
      return (ledger?.openCalls ?? OpenCallBoard()).summary(of: self, l, ledger: ledger) ?? ""
    case .personDetailsChanged(let id, _, _, let isPartyMember):
      return person(id) + l(" 更正电话", " phone corrected")
        + (isPartyMember ? l("（党员）", " (party member)") : "")
    case .conventionAdopted(let stairwell, let title):
      return place(stairwell) + l(" 订立楼道公约「\(title)」", " adopted its convention \"\(title)\"")
    case .volunteerHoursRecorded(let hours):
      return person(hours.person) + l(" 志愿 ", " volunteered ") + hours.activity + " "
        + VolunteerHours.duration(hours.minutes, l) + l("，积分 +\(hours.points)", ", +\(hours.points) points")
    case .pointsRedeemed(let redemption):
      return person(redemption.person)
        + l(
          " 积分兑换「\(redemption.reward)」-\(redemption.points)",
          " redeemed \(redemption.points) points for \"\(redemption.reward)\"")
    case .honourAwarded(let honour):
      return honour.kind.name(l) + " " + subject(honour.subject) + l("：", ": ") + honour.reason
    case .honourWithdrawn(let honour, let awardedAt):
      // A list entry is named by the day it was given, a 先锋 by its month.
      let when =
        honour.kind.isVanguard ? "\(honour.month)" : awardedAt.map { String($0.chinaDateTime.prefix(16)) }
      return l("撤销", "withdrawn: ") + honour.kind.name(l) + " " + subject(honour.subject)
        + " (\(when ?? "\(honour.month)"))"
        + l("：", ": ") + honour.reason
    case .devicesRegistered(let list, let source):
      return l("登记感知设备 \(list.count) 台", "\(list.count) sensor devices registered")
        + (source.isEmpty ? "" : " · " + source)
    case .sensorTriggered(let id, let trigger):
      return alert(id) + l(" 设备 ", " device ") + trigger.device + l(" 上报", " reported")
    case .alertSilenced(let silence):
      return l("静默 ", "silenced ") + silence.scope.name(in: ledger, l) + l(" 至 ", " until ")
        + silence.until.chinaDateTime + l("：", ": ") + silence.reason
    case .sensorCatalogueDefined(let catalogue):
      return l(
        "定义感知类型 \(catalogue.kinds.count) 种：", "sensor catalogue defined, \(catalogue.kinds.count) kinds: ")
        + catalogue.kinds.map { l($0.name, $0.englishName) }.joined(separator: l("、", ", "))
    case .silenceLifted(let scope, let reason):
      return l("解除静默 ", "silence lifted: ") + scope.name(in: ledger, l) + l("：", ": ") + reason
    case .taskCatalogueDefined(let catalogue):
      return l("定义动员任务 \(catalogue.tasks.count) 项：", "mobilization tasks defined, \(catalogue.tasks.count): ")
        + catalogue.tasks.map { $0.name(l) }.joined(separator: l("、", ", "))
    }
  }
}
