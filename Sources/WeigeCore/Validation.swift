/// Why Core refused an event: what was asked and why it cannot be, in words an operator reads,
/// in either language of the screen.
public struct DomainError: Error, Equatable, CustomStringConvertible {
  public var chinese: String
  public var english: String

  public init(_ chinese: String, english: String) {
    self.chinese = chinese
    self.english = english
  }

  public func message(_ language: Language) -> String { language(chinese, english) }

  /// Chinese, as the command room reads it; `weige` prints it so.
  public var description: String { chinese }

  /// An id registered a second time.
  static func exists(_ id: some CustomStringConvertible) -> DomainError {
    DomainError("\(id) 已存在", english: "\(id) already exists")
  }

  /// An id the ledger does not hold.
  static func missing(_ id: some CustomStringConvertible) -> DomainError {
    DomainError("没有 \(id)", english: "there is no \(id)")
  }
}

extension Ledger {
  /// Checks an event on its way into the store: who records it, and what it says.
  public func validate(_ event: NewEvent) throws(DomainError) {
    try FreeText.check(event.actor, field: ("操作人", "operator name"))
    try validate(event.body, at: event.time, by: event.actor)
  }

  /// Checks that `body`, recorded at `time` by `actor`, is legal against this state. Nothing
  /// changes either way.
  public func validate(_ body: EventBody, at time: Timestamp, by actor: String = "") throws(DomainError) {
    try validateText(of: body)
    switch body {
    case .catalogueDefined(let catalogue):
      try validate(catalogue)
    case .taskCatalogueDefined(let catalogue):
      try catalogue.validate()
    case .placeAdded(let place):
      try validate(place)
    case .householdRegistered(let household):
      try validate(household)
    case .householdFlagsChanged(let id, _, _):
      _ = try household(id)
    case .personDetailsChanged(let id, _, let idNumber, _):
      _ = try person(id)
      try ResidentNumbers.validateIDNumber(idNumber)
    case .numbersRevealed(let reveal):
      guard (reveal.place == nil) != (reveal.household == nil) else {
        throw DomainError(
          "查看号码须指明一个地点或一户", english: "a reveal names one place or one household")
      }
      if let place = reveal.place { _ = try self.place(place) }
      if let home = reveal.household { _ = try household(home) }
    case .householdDetailsChanged(let id, let details):
      let home = try household(id)
      try ResidentNumbers.validateIDNumber(details.contactIDNumber)
      try Self.validateCounts(room: home.room, residents: details.residents, aged60Plus: details.aged60Plus)
    case .personRegistered(let person):
      guard people[person.id] == nil else {
        throw DomainError("\(person.id) 已登记", english: "\(person.id) is already registered")
      }
      if let home = person.household { _ = try household(home) }
      try ResidentNumbers.validateIDNumber(person.idNumber)
    case .roleAssigned(let person, let assignment):
      try validateAssignment(of: person, to: assignment)
    case .roleVacated(let person, let assignment, _):
      let who = try self.person(person)
      guard who.roles.contains(assignment) else {
        throw DomainError(
          "\(who.name) 未在 \(placeName(assignment.place)) 任 \(roleName(assignment.role))",
          english: "\(who.name) holds no \(roleName(assignment.role)) post at \(placeName(assignment.place))")
      }
    case .ticketRequested(let request):
      guard tickets[request.id] == nil else {
        throw DomainError("工单 \(request.id) 已存在", english: "ticket \(request.id) already exists")
      }
      _ = try place(request.place)
      if let home = request.household { _ = try household(home) }
      if let terms = request.terms { try validate(terms) }
    case .ticketDispatched(let id, let assignee):
      try requireTicket(id, for: .dispatch)
      _ = try person(assignee)
    case .ticketAccepted(let id):
      try requireTicket(id, for: .accept)
    case .ticketReturned(let id, let reason):
      try requireTicket(id, for: .return)
      guard !reason.isEmpty else {
        throw DomainError("退单需写明原因（工单 \(id)）", english: "returning ticket \(id) (退单) needs a reason")
      }
    case .ticketResolved(let id, _):
      try requireTicket(id, for: .resolve)
    case .ticketRated(let id, let score, _):
      try requireTicket(id, for: .rate)
      guard (1...5).contains(score) else {
        throw DomainError("评分为 1 到 5 星，不是 \(score)", english: "a rating is 1 to 5 stars, not \(score)")
      }
    case .ticketReopened(let id, let reason):
      try requireTicket(id, for: .reopen)
      guard !reason.isEmpty else {
        throw DomainError("重开需写明原因（工单 \(id)）", english: "reopening ticket \(id) needs a reason")
      }
    case .ticketEscalated(let id):
      let ticket = try requireTicket(id, for: .escalate)
      guard ticket.isPastDue(at: time) else {
        throw DomainError(
          "工单 \(id) 未超时：期限 \(ticket.dueAt.chinaDateTime)",
          english: "ticket \(id) is not overdue: it is due \(ticket.dueAt.chinaDateTime)")
      }
      guard !ticket.isEscalated else {
        throw DomainError("工单 \(id) 已督办", english: "ticket \(id) is already escalated")
      }
    case .visitRecorded(let id, let visitor, _):
      _ = try household(id)
      if let visitor { _ = try person(visitor) }
    case .alertRaised(let raise):
      guard alerts[raise.id] == nil else {
        throw .exists(raise.id)
      }
      _ = try place(raise.place)
      if let home = raise.household { _ = try household(home) }
      if let terms = raise.terms { try validate(terms) }
    case .alertCleared(let id, _):
      try requireActiveAlert(id)
    case .devicesRegistered, .sensorTriggered, .alertSilenced, .silenceLifted, .sensorCatalogueDefined:
      try validateSensors(body, at: time)
    case .alertAcknowledged(let id):
      let alert = try requireActiveAlert(id)
      if let at = alert.acknowledgedAt {
        let by = alert.acknowledgedBy ?? ""
        throw DomainError(
          "\(alertName(alert)) 已由 \(by) 于 \(at.chinaDateTime) 确认",
          english: "the \(alertName(alert, .en)) was already acknowledged by \(by) at \(at.chinaDateTime)")
      }
    case .alertTicketed(let id, let ticket):
      let alert = try requireActiveAlert(id)
      if let linked = alert.ticket {
        throw DomainError(
          "\(alertName(alert)) 已转工单 \(linked)",
          english: "the \(alertName(alert, .en)) is already ticket \(linked)")
      }
      guard tickets[ticket] != nil else {
        throw DomainError("没有工单 \(ticket)", english: "there is no ticket \(ticket)")
      }
    case .mobilizationIssued(let order):
      try validateIssue(of: order, at: time)
    case .squadAttached(let id, let stairwell, let person):
      try validateAttachment(of: person, to: stairwell, in: id)
    case .squadStatusChanged(let id, let stairwell, let status, let note):
      try validateSquadStatus(status, note: note, of: stairwell, in: id)
    case .householdsReported(let id, let reports):
      try validateReports(reports, in: id)
    case .deadlineExtended(let id, let deadline, _):
      try validateExtension(of: id, to: deadline)
    case .mobilizationClosed(let id, _, _):
      try requireOpenMobilization(id)
    case .ticketExtended(let id, let limit, _, let reason, let approver):
      try requireTicket(id, for: .extend)
      try Self.validate(limit, field: ("延期时长", "extension"))
      guard !reason.isEmpty, !approver.isEmpty else {
        throw DomainError(
          "延期需写明原因和批准人（工单 \(id)）", english: "extending ticket \(id) (延期) needs a reason and an approver")
      }
    case .escalated(let escalation):
      try validateEscalation(escalation, at: time)
    case .rosterImported(let shifts, _):
      guard !shifts.isEmpty else {
        throw DomainError("排班表没有班次", english: "the roster holds no shifts")
      }
      var seen = Set<ShiftID>()
      for shift in shifts where !seen.insert(shift.shift).inserted {
        throw DomainError(
          "排班表中 \(shift.shift) 出现两次", english: "the roster names \(shift.shift.name(.en)) twice")
      }
    case .shiftChanged(_, let reason):
      guard !reason.isEmpty else {
        throw DomainError("换班需写明原因", english: "a shift change (换班) needs a reason")
      }
    case .conventionAdopted, .volunteerHoursRecorded, .pointsRedeemed, .honourAwarded,
      .honourWithdrawn:
      try validateRecognition(body)
    case .handoverNoted(let shift, _), .handoverSigned(let shift):
      if let signed = duty.handovers[shift], let at = signed.signedAt {
        throw DomainError(
          "\(shift) 的交接班已由 \(signed.signedBy ?? "") 于 \(at.chinaDateTime) 签收",
          english:
            "the handover of \(shift.name(.en)) was already signed by \(signed.signedBy ?? "") at \(at.chinaDateTime)"
        )
      }
      if case .handoverSigned = body, let incoming = duty.roster[shift.next],
        ![incoming.operatorName, incoming.leader].contains(actor)
      {
        throw DomainError(
          "\(shift) 的交接班须由接班的 \(incoming.operatorName)（或带班领导 \(incoming.leader)）签收，不是 \(actor)",
          english:
            "the handover of \(shift.name(.en)) is signed by the incoming operator \(incoming.operatorName) (or the leader on call \(incoming.leader)), not \(actor)"
        )
      }
    case .partnerUnitRegistered, .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted,
      .openCallRated, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined:
      try openCalls.validate(body, at: time, in: self)
    }
  }

  /// A step of a duty clock: its ticket or alert is still on that clock, the step is the clock's
  /// next one (a step already taken, by this process or another, is refused), and it is claimed
  /// at or after the deadline it escalates.
  private func validateEscalation(_ escalation: DutyEscalation, at time: Timestamp) throws(DomainError) {
    let taken: Int
    let terms: SlaTerms
    let running: Bool
    switch escalation.subject {
    case .ticket(let id):
      let ticket = try requireTicket(id, for: .escalate)
      terms = Deadline.terms(of: ticket)
      switch escalation.clock {
      case .sign:
        taken = ticket.signSteps
        running = ticket.status == .dispatched && ticket.signFrom != nil
      case .resolve:
        taken = ticket.resolveSteps
        running = true
      case .acknowledge:
        taken = 0
        running = false
      }
    case .alert(let id):
      let alert = try requireActiveAlert(id)
      terms = Deadline.terms(of: alert)
      taken = alert.acknowledgeSteps
      running = escalation.clock == .acknowledge && alert.acknowledgedAt == nil && alert.ticket == nil
    }
    let what = "\(escalation.subject) \(escalation.clock.chineseName)"
    guard running else {
      throw DomainError(
        "\(what)时限未在计时，无需督办",
        english: "\(escalation.subject) has no running \(escalation.clock.englishName) clock to escalate")
    }
    guard escalation.step == taken, Deadline.target(taken, of: escalation.clock, terms: terms) != nil else {
      throw DomainError(
        "\(what)已督办到第 \(taken) 步，不能再记第 \(escalation.step + 1) 步",
        english:
          "\(escalation.subject)'s \(escalation.clock.englishName) clock has taken \(taken) steps; step \(escalation.step + 1) is not next"
      )
    }
    guard time >= escalation.deadline else {
      throw DomainError(
        "\(what)未超时：期限 \(escalation.deadline.chinaDateTime)",
        english:
          "\(escalation.subject) is not past its \(escalation.clock.englishName) deadline \(escalation.deadline.chinaDateTime)"
      )
    }
  }

  /// A limit of an SLA term or an extension: above zero, and short of ten years.
  static func validate(_ limit: WorkingTimeLimit, field: (String, String), allowZero: Bool = false)
    throws(DomainError)
  {
    let (count, most) =
      switch limit {
      case .workingDays(let n): (n, 2_500)
      case .workingMinutes(let n): (n, 2_500 * 450)
      case .wallClockMinutes(let n): (n, 3_650 * 1_440)
      }
    guard (allowZero ? 0 : 1) <= count, count <= most else {
      throw DomainError(
        "\(field.0)须大于零且不超过十年：\(limit.chineseText)",
        english: "the \(field.1) must be above zero and under ten years, not \(limit.text)")
    }
  }

  /// Terms a request or a raise carries: every limit sensible, the warning inside the clock, a ladder.
  private func validate(_ terms: SlaTerms) throws(DomainError) {
    try Self.validate(terms.sign, field: ("签收时限", "sign limit"))
    try Self.validate(terms.remind, field: ("提醒后督办时限", "reminder limit"))
    try Self.validate(terms.resolve, field: ("办结时限", "resolve limit"))
    try Self.validate(terms.acknowledge, field: ("确认时限", "acknowledgement limit"))
    guard (1...99).contains(terms.warningPercent) else {
      throw DomainError(
        "预警比例须在 1% 到 99% 之间，不是 \(terms.warningPercent)%",
        english: "the warning share must be 1 % to 99 %, not \(terms.warningPercent) %")
    }
    guard !terms.ladder.isEmpty else {
      throw DomainError("督办层级不能为空", english: "the escalation ladder needs at least one level")
    }
    for level in terms.ladder {
      try FreeText.check(level.name, field: ("督办层级", "escalation level"))
      try FreeText.check(level.englishName, field: ("督办层级英文名", "escalation level's English name"))
      try Self.validate(level.after, field: ("督办延时", "escalation delay"), allowZero: true)
    }
  }

  /// The alert, when it exists and is not yet cleared; else why not, naming it by kind and place.
  @discardableResult
  func requireActiveAlert(_ id: AlertID) throws(DomainError) -> Alert {
    guard let alert = alerts[id] else { throw .missing(id) }
    guard alert.clearedAt == nil else {
      throw DomainError("\(alertName(alert)) 已解除", english: "the \(alertName(alert, .en)) is already cleared")
    }
    return alert
  }

  /// An alert as an operator knows it: its kind and the place it was raised at (车棚火情（2单元）).
  private func alertName(_ alert: Alert, _ language: Language = .zh) -> String {
    language(
      "\(alert.kind.chineseName)（\(placeName(alert.place))）",
      "\(alert.kind.englishName) alert at \(placeName(alert.place))")
  }

  /// Every free-text field of `body` against `FreeText`'s rules, and every new id above zero.
  private func validateText(of body: EventBody) throws(DomainError) {
    let long = FreeText.longLimit
    switch body {
    case .catalogueDefined(let catalogue):
      for role in catalogue.roles {
        try FreeText.check(role.id, field: ("角色编号", "role id"))
        try FreeText.check(role.name, field: ("角色名称", "role name"))
        try FreeText.check(role.englishName, field: ("角色英文名", "role's English name"))
      }
    case .placeAdded(let place):
      try requirePositive(place.id)
      try FreeText.check(place.name, field: ("地名", "place name"))
    case .householdRegistered(let household):
      try requirePositive(household.id)
      try FreeText.check(household.room, field: ("房号", "room"))
      try FreeText.check(household.contactName, field: ("联系人", "contact name"), required: false)
      try FreeText.check(household.contactPhone, field: ("联系电话", "contact phone"), required: false)
      for tag in household.tags { try FreeText.check(tag, field: ("标签", "tag")) }
    case .householdFlagsChanged(_, _, let tags):
      for tag in tags { try FreeText.check(tag, field: ("标签", "tag")) }
    case .personDetailsChanged(_, let phone, _, _):
      try FreeText.check(phone, field: ("电话", "phone"), required: false)
    case .numbersRevealed(let reveal):
      try FreeText.check(reveal.reason, field: ("查看原因", "reason for the reveal"), limit: long)
      try FreeText.check(reveal.purpose, field: ("用途", "purpose"))
    case .householdDetailsChanged(_, let details):
      try FreeText.check(details.contactName, field: ("联系人", "contact name"), required: false)
      try FreeText.check(details.contactPhone, field: ("联系电话", "contact phone"), required: false)
    case .personRegistered(let person):
      try requirePositive(person.id)
      try FreeText.check(person.name, field: ("姓名", "name"))
      try FreeText.check(person.phone, field: ("电话", "phone"), required: false)
    case .roleAssigned, .ticketDispatched, .ticketAccepted, .ticketEscalated, .alertAcknowledged,
      .alertTicketed, .squadAttached, .householdsReported, .escalated, .handoverSigned:
      break
    case .partnerUnitRegistered, .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted,
      .openCallRated, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined:
      break  // The board checks its own text (`OpenCallBoard.validate`).
    case .conventionAdopted, .volunteerHoursRecorded, .pointsRedeemed, .honourAwarded,
      .honourWithdrawn:
      break  // with the rest of their checks, in validateRecognition
    // Checked with their meaning in `validateSensors`.
    case .devicesRegistered, .sensorTriggered, .alertSilenced, .silenceLifted, .sensorCatalogueDefined:
      break
    case .taskCatalogueDefined:
      break  // with its meaning, in `TaskCatalogue.validate`
    case .ticketExtended(_, _, _, let reason, let approver):
      try FreeText.check(reason, field: ("原因", "reason"), limit: long)
      try FreeText.check(approver, field: ("批准人", "approver"))
    case .rosterImported(let shifts, let source):
      try FreeText.check(source, field: ("排班来源", "roster source"), required: false)
      for shift in shifts { try validateNames(of: shift) }
    case .shiftChanged(let shift, let reason):
      try validateNames(of: shift)
      try FreeText.check(reason, field: ("原因", "reason"), limit: long)
    case .handoverNoted(_, let note):
      try FreeText.check(note, field: ("交班说明", "handover note"), limit: long)
    case .roleVacated(_, _, let text), .ticketResolved(_, let text), .ticketRated(_, _, let text),
      .visitRecorded(_, _, let text), .alertCleared(_, let text), .mobilizationClosed(_, _, let text):
      try FreeText.check(text, field: ("说明", "note"), limit: long, required: false)
    case .ticketRequested(let request):
      try requirePositive(request.id)
      try FreeText.check(request.title, field: ("工单标题", "ticket title"))
    case .ticketReturned(_, let reason), .ticketReopened(_, let reason),
      .squadStatusChanged(_, _, _, let reason),
      .deadlineExtended(_, _, let reason):
      try FreeText.check(reason, field: ("原因", "reason"), limit: long, required: false)
    case .mobilizationIssued(let order):
      try requirePositive(order.id)
      try FreeText.check(order.title, field: ("动员令标题", "order title"))
      try FreeText.check(order.task.id, field: ("任务编号", "task id"))
      try FreeText.check(order.task.name, field: ("任务名称", "task name"))
      try FreeText.check(order.task.englishName, field: ("任务英文名", "task's English name"))
      try FreeText.check(order.task.doneName, field: ("任务完成说法", "task's word for done"))
      try FreeText.check(order.task.englishDoneName, field: ("任务完成英文说法", "task's English word for done"))
    case .alertRaised(let raise):
      try requirePositive(raise.id)
      try FreeText.check(raise.text, field: ("告警内容", "alert text"), limit: long)
    }
  }

  private func validateNames(of shift: RosterShift) throws(DomainError) {
    try FreeText.check(shift.operatorName, field: ("值班员", "duty operator"))
    try FreeText.check(shift.leader, field: ("带班领导", "leader on call"))
  }

  func requirePositive<Entity>(_ id: Identifier<Entity>) throws(DomainError) {
    guard id.rawValue > 0 else {
      throw DomainError("编号须为正数，不是 \(id)", english: "an id must be above zero, not \(id)")
    }
  }

  private func validate(_ catalogue: RoleCatalogue) throws(DomainError) {
    guard !catalogue.roles.isEmpty else {
      throw DomainError("角色目录至少要有一个角色", english: "a role catalogue needs at least one role")
    }
    var seen = Set<RoleID>()
    for role in catalogue.roles {
      guard !role.id.isEmpty, seen.insert(role.id).inserted else {
        throw DomainError(
          "角色编号 '\(role.id)' 为空或重复",
          english: "role id '\(role.id)' is empty or appears twice in the catalogue")
      }
    }
    if let held = holders.first(where: { !$0.value.isEmpty && !seen.contains($0.key.role) }) {
      throw DomainError(
        "\(placeName(held.key.place)) 仍有人任 '\(held.key.role)'，请先卸任",
        english: "role '\(held.key.role)' is still held at \(placeName(held.key.place)); vacate it first")
    }
  }

  private func validate(_ place: Place) throws(DomainError) {
    guard places[place.id] == nil else {
      throw .exists(place.id)
    }
    guard !place.name.isEmpty else {
      throw DomainError("\(place.id) 需要名称", english: "\(place.id) needs a name")
    }
    if let parentID = place.parent {
      let parent = try self.place(parentID)
      guard parent.level < place.level else {
        throw DomainError(
          "\(place.level.chineseName)不能设在\(parent.level.chineseName) \(parent.name) 之下",
          english:
            "a \(place.level.englishName) cannot sit inside the \(parent.level.englishName) \(parent.name)")
      }
    }
    guard place.gridKind == nil || place.level == .grid else {
      throw DomainError(
        "只有网格才有网格类型；\(place.name) 是\(place.level.chineseName)",
        english: "only a grid has a grid kind; \(place.name) is a \(place.level.englishName)")
    }
  }

  private func validate(_ household: Household) throws(DomainError) {
    guard households[household.id] == nil else {
      throw .exists(household.id)
    }
    guard let stairwell = places[household.stairwell], stairwell.level == .stairwell else {
      throw DomainError(
        "\(household.room)室 所在的 \(household.stairwell) 不是本地的楼道",
        english: "household \(household.room) is in \(household.stairwell), which is not a stairwell here")
    }
    guard !household.room.isEmpty else {
      throw DomainError("\(household.id) 需要房号", english: "\(household.id) needs a room")
    }
    try Self.validateCounts(
      room: household.room, residents: household.residents, aged60Plus: household.aged60Plus)
    let taken = householdsByStairwell[household.stairwell, default: []].contains {
      households[$0]?.room == household.room
    }
    guard !taken else {
      throw DomainError(
        "\(stairwell.name) 已登记 \(household.room)室",
        english: "room \(household.room) is already registered in \(stairwell.name)")
    }
  }

  /// A household's counts: no fewer than none, and no more aged 60+ than residents.
  private static func validateCounts(room: String, residents: Int, aged60Plus: Int) throws(DomainError) {
    guard residents >= 0, (0...residents).contains(aged60Plus) else {
      throw DomainError(
        "\(room)室：\(residents) 人中有 \(aged60Plus) 位 60 岁以上",
        english: "household \(room): \(aged60Plus) aged 60+ among \(residents) residents")
    }
  }

  private func validateAssignment(of personID: PersonID, to assignment: RoleAssignment) throws(DomainError) {
    let who = try person(personID)
    guard let role = catalogue.role(assignment.role) else {
      throw DomainError(
        "角色目录中没有 '\(assignment.role)'", english: "there is no role '\(assignment.role)' in the catalogue")
    }
    let at = try place(assignment.place)
    guard at.level == role.level else {
      throw DomainError(
        "\(role.name)设在\(role.level.chineseName)；\(at.name) 是\(at.level.chineseName)",
        english: "a \(role.name) serves a \(role.level.englishName); \(at.name) is a \(at.level.englishName)")
    }
    let current = holders[assignment, default: []]
    guard !current.contains(personID) else {
      throw DomainError(
        "\(who.name) 已是 \(at.name) 的\(role.name)",
        english: "\(who.name) is already \(role.name) of \(at.name)")
    }
    if let limit = role.maxHolders, current.count >= limit {
      let names = current.compactMap { people[$0]?.name }.joined(separator: "、")
      throw DomainError(
        "\(at.name) 已有\(role.name)（\(names)），请先卸任",
        english: "\(at.name) already has its \(role.name) (\(names)); vacate the post first")
    }
  }

  /// The ticket, when it exists and is in a state `action` accepts; else why not, naming its state.
  @discardableResult
  public func requireTicket(_ id: TicketID, for action: TicketAction) throws(DomainError) -> Ticket {
    guard let ticket = tickets[id] else {
      throw DomainError("没有工单 \(id)", english: "there is no ticket \(id)")
    }
    guard action.allowedStates.contains(ticket.status) else {
      let states = action.allowedStates.map(\.chineseName).joined(separator: "/")
      throw DomainError(
        "工单 \(id) 当前为「\(ticket.status.chineseName)」；只有「\(states)」的工单才能\(action.verb.chinese)",
        english:
          "ticket \(id) is \(ticket.status.chineseName); only a \(states) ticket can be \(action.verb.english)"
      )
    }
    return ticket
  }

  func place(_ id: PlaceID) throws(DomainError) -> Place {
    guard let place = places[id] else { throw .missing(id) }
    return place
  }

  func household(_ id: HouseholdID) throws(DomainError) -> Household {
    guard let household = households[id] else { throw .missing(id) }
    return household
  }

  func person(_ id: PersonID) throws(DomainError) -> Person {
    guard let person = people[id] else { throw .missing(id) }
    return person
  }

  func roleName(_ id: RoleID) -> String { catalogue.role(id)?.name ?? id }
  func placeName(_ id: PlaceID) -> String { places[id]?.name ?? id.description }

  /// Validates and folds in one step, for callers that hold the state in memory.
  public mutating func execute(_ body: EventBody, at time: Timestamp, actor: String) throws(DomainError) {
    try validate(body, at: time, by: actor)
    apply(body, time: time, actor: actor)
  }
}
