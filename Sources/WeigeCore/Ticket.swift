/// 三类需求: the three demand classes tickets are filed under.
public enum DemandClass: UInt8, CaseIterable, Sendable, FieldTerm {
  /// 发展难事
  case development
  /// 扶弱济贫急事
  case urgentAid
  /// 影响和谐烦事
  case nuisance

  public var chineseName: String {
    switch self {
    case .development: "发展难事"
    case .urgentAid: "扶弱济贫急事"
    case .nuisance: "影响和谐烦事"
    }
  }

  public var key: String {
    switch self {
    case .development: "development"
    case .urgentAid: "urgent-aid"
    case .nuisance: "nuisance"
    }
  }

  public var englishName: String { key }
}

/// How soon a ticket must be resolved; the SLA is fixed when the ticket is requested.
public enum Urgency: UInt8, CaseIterable, Sendable, Comparable, FieldTerm {
  case normal, urgent, critical

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  public var chineseName: String {
    switch self {
    case .normal: "一般"
    case .urgent: "急"
    case .critical: "特急"
    }
  }

  /// Hours to resolve: a critical case (a fall, a burst pipe) the same shift, an urgent one within
  /// a day, the rest within the three working days community service pledges usually promise.
  /// Read through `Deadline`, the one home of the decision.
  var slaHours: Int {
    switch self {
    case .normal: 72
    case .urgent: 24
    case .critical: 2
    }
  }
}

/// Where a request came in.
public enum TicketSource: UInt8, CaseIterable, Sendable, FieldTerm {
  case hotline, wechatGroup, walkIn, patrol, sensor

  public var chineseName: String {
    switch self {
    case .hotline: "热线"
    case .wechatGroup: "微信群"
    case .walkIn: "上门"
    case .patrol: "巡查"
    case .sensor: "感知设备"
    }
  }
}

/// 点单 → 派单 → 接单 → 办结 → 评单, with 退单 and reopening.
public enum TicketStatus: UInt8, CaseIterable, Sendable, FieldTerm {
  /// 点单: requested, waiting for dispatch.
  case requested
  /// 派单: dispatched to a person.
  case dispatched
  /// 接单: accepted by that person.
  case accepted
  /// 退单: returned with a reason, waiting to be dispatched again.
  case returned
  /// 办结: resolved, waiting for the resident's rating.
  case resolved
  /// 评单: rated; the ticket is closed.
  case rated

  public var isOpen: Bool { self != .resolved && self != .rated }

  public var chineseName: String {
    switch self {
    case .requested: "点单"
    case .dispatched: "派单"
    case .accepted: "接单"
    case .returned: "退单"
    case .resolved: "办结"
    case .rated: "评单"
    }
  }
}

/// A step of a ticket's timeline, kept for the ticket detail view.
public struct TicketStep: Sendable, Equatable {
  public var status: TicketStatus
  public var time: Timestamp
  public var actor: String
  public var note: String
}

/// A resident's request and everything done about it.
public struct Ticket: Sendable, Equatable {
  public var id: TicketID
  public var title: String
  public var demandClass: DemandClass
  public var urgency: Urgency
  public var source: TicketSource
  public var place: PlaceID
  public var household: HouseholdID?
  public var requestedAt: Timestamp
  public var dueAt: Timestamp
  public var status: TicketStatus = .requested
  public var assignee: PersonID?
  public var rating: Int?
  public var isEscalated = false
  public var resolvedAt: Timestamp?
  public var timeline: [TicketStep] = []
  /// The clocks it was opened under, as its request recorded them; nil for a request that
  /// recorded none (an older log, or a writer that gives only `dueAt`), which is counted under
  /// the shipped policy with `dueAt` as its 办结 deadline (`Deadline.terms(of:)`).
  public var terms: SlaTerms?
  /// When the running 签收 clock started (the latest 派单); nil when none runs: not dispatched,
  /// signed for (接单), returned or closed.
  public var signFrom: Timestamp?
  /// When the 办结 clock started: the request, or the latest reopening.
  public var resolveFrom: Timestamp
  /// 延期 granted since `resolveFrom`, in order; each moves the 办结 deadline later.
  public var extensions: [TicketExtension] = []
  /// Steps of the running 签收 and 办结 clocks already taken (reminders, ladder levels): the next
  /// step due is the one at this index. A new clock (派单, 重开, 延期) starts again from 0.
  public var signSteps = 0
  public var resolveSteps = 0
  /// Every escalation step taken, for the handover brief and the ticket's history.
  public var escalations: [EscalationRecord] = []

  public init(
    id: TicketID, title: String, demandClass: DemandClass, urgency: Urgency, source: TicketSource,
    place: PlaceID, household: HouseholdID?, requestedAt: Timestamp, dueAt: Timestamp
  ) {
    self.id = id
    self.title = title
    self.demandClass = demandClass
    self.urgency = urgency
    self.source = source
    self.place = place
    self.household = household
    self.requestedAt = requestedAt
    self.dueAt = dueAt
    resolveFrom = requestedAt
  }

  /// Open past the request's own `dueAt`: what Core's manual escalation checks, since the ledger
  /// has no calendar to run the duty clocks on. Every figure asks `isOverdue(at:calendar:)`.
  public func isPastDue(at now: Timestamp) -> Bool { status.isOpen && now > dueAt }
}

/// A kind of alert (告警类型), as data like the role catalogue: its names, how urgent the ticket it
/// becomes is and the demand class that ticket is filed under. Weige's six are built in; a room's
/// sensor catalogue defines others (电动车入梯, a common AI-camera kind) without code. An alert
/// carries the whole kind it was raised with, as a partner unit carries its kind, so a kind
/// renamed later leaves the alerts already raised as they were; groups and silences match kinds
/// by `code`.
public struct AlertKind: Sendable, Hashable, FieldTerm {
  /// What files, scripts, groups and silences know it by: `thrown-object`.
  public var code: String
  public var chineseName: String
  public var englishName: String
  /// How urgent the ticket it turns into is; with `demandClass` it picks the acknowledgement clock
  /// the alert is raised under.
  public var urgency: Urgency
  /// The demand class its ticket is filed under.
  public var demandClass: DemandClass

  public init(
    code: String, chineseName: String, englishName: String, urgency: Urgency, demandClass: DemandClass
  ) {
    self.code = code
    self.chineseName = chineseName
    self.englishName = englishName
    self.urgency = urgency
    self.demandClass = demandClass
  }

  /// 独居老人用水监测: under 0.01 m³ in 12 hours. Someone living alone may be down: the same
  /// shift, 急事.
  public static let lowWaterUse = AlertKind(
    code: "low-water-use", chineseName: "用水异常", englishName: "low water use", urgency: .critical,
    demandClass: .urgentAid)
  /// 高空抛物: within a day.
  public static let thrownObject = AlertKind(
    code: "thrown-object", chineseName: "高空抛物", englishName: "thrown object", urgency: .urgent,
    demandClass: .nuisance)
  /// 车棚火情: a shed at risk, the same shift.
  public static let bikeShedFire = AlertKind(
    code: "bike-shed-fire", chineseName: "车棚火情", englishName: "bike-shed fire", urgency: .critical,
    demandClass: .urgentAid)
  /// 消防通道堆物: within a day.
  public static let blockedFireLane = AlertKind(
    code: "blocked-fire-lane", chineseName: "消防通道堆物", englishName: "blocked fire lane", urgency: .urgent,
    demandClass: .nuisance)
  /// 垃圾落地: rubbish left outside the bin room.
  public static let rubbishDropped = AlertKind(
    code: "rubbish-dropped", chineseName: "垃圾落地", englishName: "rubbish dropped", urgency: .normal,
    demandClass: .nuisance)
  /// 设备故障: a sensor that stopped reporting (a meter quiet for hours); not an alarm about a
  /// person. Weige's own judgement: no catalogue defines it.
  public static let deviceFault = AlertKind(
    code: "device-fault", chineseName: "设备故障", englishName: "device fault", urgency: .normal,
    demandClass: .nuisance)

  /// Weige's six, in the order logs number them: an alert of one of these, as built, is written
  /// as its index (as every alert was before kinds were data).
  public static let builtIn: [AlertKind] = [
    .lowWaterUse, .thrownObject, .bikeShedFire, .blockedFireLane, .rubbishDropped, .deviceFault,
  ]

  /// Whether it is `other` under any names: what a group or a silence asks.
  public func isSame(as other: AlertKind) -> Bool { code == other.code }
}

/// What happened to an alert, as its history lists it.
public enum AlertStepKind: UInt8, CaseIterable, Sendable, FieldTerm {
  case raised, acknowledged, ticketed, cleared

  public var chineseName: String {
    switch self {
    case .raised: "告警"
    case .acknowledged: "确认"
    case .ticketed: "转工单"
    case .cleared: "解除"
    }
  }
}

/// A step of an alert's history, kept for the alert detail view as `TicketStep` is for tickets.
public struct AlertStep: Sendable, Equatable {
  public var kind: AlertStepKind
  public var time: Timestamp
  public var actor: String
  /// The alert's text when raised, the clearing note, or the ticket it became.
  public var note: String
}

/// An alert that stays active until cleared; acknowledging it or turning it into a ticket says
/// someone is on it, and it stays on the alerts pane until it is cleared.
public struct Alert: Sendable, Equatable {
  public var id: AlertID
  public var kind: AlertKind
  public var place: PlaceID
  public var household: HouseholdID?
  public var text: String
  public var raisedAt: Timestamp
  public var acknowledgedAt: Timestamp?
  public var acknowledgedBy: String?
  /// The ticket it was turned into (转工单).
  public var ticket: TicketID?
  public var clearedAt: Timestamp?
  public var history: [AlertStep] = []
  /// The clocks it was raised under (its acknowledgement limit and ladder), as `Ticket.terms`.
  public var terms: SlaTerms?
  /// Steps of its acknowledgement clock already taken (the reminder, the ladder's first level).
  public var acknowledgeSteps = 0
  public var escalations: [EscalationRecord] = []

  public init(
    id: AlertID, kind: AlertKind, place: PlaceID, household: HouseholdID?, text: String, raisedAt: Timestamp
  ) {
    self.id = id
    self.kind = kind
    self.place = place
    self.household = household
    self.text = text
    self.raisedAt = raisedAt
  }
}

/// What can be done to a ticket, and from which states: the one home of the four-order flow's
/// rules. Validation refuses by it; the palette offers only the tickets an action accepts.
public enum TicketAction: Sendable, CaseIterable {
  case dispatch, accept, `return`, resolve, rate, reopen, escalate, extend

  /// The states a ticket must be in for the action.
  public var allowedStates: [TicketStatus] {
    switch self {
    case .dispatch: [.requested, .returned, .dispatched]
    case .accept: [.dispatched]
    case .return: [.dispatched, .accepted]
    case .resolve: [.accepted]
    case .rate: [.resolved]
    case .reopen: [.resolved, .rated]
    case .escalate, .extend: TicketStatus.allCases.filter(\.isOpen)
    }
  }

  /// As a refusal says it: "only a … ticket can be …".
  var verb: (chinese: String, english: String) {
    switch self {
    case .dispatch: ("派单", "dispatched (派单)")
    case .accept: ("接单", "accepted (接单)")
    case .return: ("退单", "returned (退单)")
    case .resolve: ("办结", "resolved (办结)")
    case .rate: ("评单", "rated (评单)")
    case .reopen: ("重开", "reopened")
    case .escalate: ("督办", "escalated (超时督办)")
    case .extend: ("延期", "extended (延期)")
    }
  }
}
