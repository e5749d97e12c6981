import WeigeCore

/// The palette's commands: what each is called, what it takes and which key reaches it directly.
public enum PaletteCommand: String, CaseIterable, Sendable {
  case goto, lens, theme, lang
  case ticketNew = "ticket new"
  case dispatch, accept, resolve
  case `return`
  case rate, visit
  case reveal
  case alertAcknowledge = "alert ack"
  case alertClear = "alert clear"
  case alertTicket = "alert ticket"
  case mobilize, drill, reach, attach, squad, extend
  case standDown = "standdown"
  case complete
  case duty
  case escalate
  case ticketExtend = "ticket extend"
  case handover
  case handoverNote = "handover note"
  case handoverSign = "handover sign"
  case shiftSwap = "shift swap"
  case shiftSet = "shift set"
  case openCalls = "calls"
  /// 揭榜 from the keyboard (OpenCalls.swift): `call …`, never `calls …`, since a space after a
  /// command's whole name chooses it.
  case callPost = "call post"
  case callClaim = "call claim"
  case callProgress = "call progress"
  case callDone = "call done"
  case callRate = "call rate"
  case callWithdraw = "call withdraw"
  case callRelease = "call release"
  /// 点单 (OpenCallRequests.swift): a household's request, posted from it (派单), or declined.
  case callRequest = "call request"
  case callDispatch = "call dispatch"
  case callDecline = "call decline"
  /// Recognition from the keyboard (Recognition.swift): hours, points, honours, conventions; and
  /// a partner unit registered for 揭榜.
  case hoursAdd = "hours add"
  case pointsRedeem = "points redeem"
  case honourRed = "honour red"
  case honourBlack = "honour black"
  case vanguardStairwell = "vanguard stairwell"
  case vanguardPerson = "vanguard person"
  case honourWithdraw = "honour withdraw"
  case conventionAdopt = "convention adopt"
  case unitAdd = "unit add"
  /// 静默 and 解除静默 on an alert (SensorWatch.swift).
  case silence, unsilence
  case filter, help, quit

  /// The word typed to choose the command; `ticket new` is two.
  public var name: String { rawValue }

  /// What the command takes, in the order it asks for them.
  public var arguments: [PaletteArgument] {
    switch self {
    case .goto: [.place]
    case .lens: [.lens]
    case .theme: [.theme]
    case .lang: [.language]
    case .ticketNew: [.place, .urgency, .demandClass, .text(.title)]
    case .dispatch: [.ticket, .person]
    case .accept: [.ticket]
    case .resolve: [.ticket, .text(.note)]
    case .return: [.ticket, .text(.reason)]
    case .rate: [.ticket, .rating]
    case .visit: [.household, .person, .text(.topic)]
    case .reveal: [.household, .text(.revealReason)]
    case .alertAcknowledge, .alertTicket: [.alert]
    case .alertClear: [.alert, .text(.clearing)]
    case .mobilize, .drill: [.place, .task, .text(.deadline), .text(.orderTitle)]
    case .reach: [.reachTarget, .text(.reachSpec)]
    case .attach: [.stairwell, .person]
    case .squad: [.stairwell, .squadStatus, .text(.blockedReason)]
    case .extend: [.order, .text(.newDeadline), .text(.extensionReason)]
    case .standDown: [.order, .text(.standDownReason)]
    case .complete: [.order]
    case .escalate: [.ticket]
    case .ticketExtend: [.ticket, .text(.extensionLimit), .text(.ticketExtensionReason), .text(.approver)]
    case .handoverNote: [.text(.handoverNote)]
    case .shiftSwap: [.text(.shift), .text(.otherShift), .text(.rosterReason)]
    case .shiftSet: [.text(.shift), .text(.dutyOperator), .text(.rosterReason)]
    case .filter: [.text(.filter)]
    case .callPost: [.callList, .place, .text(.callTitle), .text(.callNeed), .text(.callDeadline)]
    case .callClaim: [.openCall, .unit]
    case .callProgress: [.openCall, .text(.progressNote), .text(.served)]
    case .callDone: [.openCall, .text(.doneNote), .text(.served)]
    case .callRate: [.openCall, .rating]
    case .callWithdraw: [.openCall, .text(.withdrawReason)]
    case .callRelease: [.openCall, .text(.releaseReason)]
    case .callRequest: [.household, .requestChannel, .text(.wish)]
    case .callDispatch: [.request, .callList, .text(.callNeed), .text(.callDeadline)]
    case .callDecline: [.request, .text(.declineReason)]
    case .hoursAdd: [.person, .text(.activity), .text(.volunteerTime)]
    case .pointsRedeem: [.person, .text(.points), .text(.reward)]
    case .honourRed, .honourBlack: [.ratedStairwell, .text(.honourReason)]
    case .vanguardStairwell: [.ratedStairwell, .month, .text(.honourReason)]
    case .vanguardPerson: [.person, .month, .text(.honourReason)]
    case .honourWithdraw: [.honour, .text(.honourWithdrawReason)]
    case .conventionAdopt: [.ratedStairwell, .text(.conventionTitle)]
    case .unitAdd: [.text(.unitName), .unitKind]
    case .silence: [.alert, .silenceScope, .text(.silenceSpan), .text(.silenceReason)]
    case .unsilence: [.alert, .text(.liftReason)]
    case .duty, .handover, .handoverSign, .help, .quit, .openCalls: []
    }
  }

  /// What the command asks for, given the arguments it has: a squad's reason only when it is
  /// blocked (Core refuses a block without one; setting out or done needs none); a new ticket's
  /// room when its place is a stairwell (`asksRoom`).
  func arguments(given values: [PaletteItem], asksRoom: Bool = false) -> [PaletteArgument] {
    if self == .ticketNew, asksRoom { return [.place, .room] + arguments.dropFirst() }
    if self == .squad, values.count >= 2, values[1] != .choice(SquadStatus.blocked.key) {
      return Array(arguments.prefix(2))
    }
    return arguments
  }

  /// Whether running the command appends events (so a read-only wall display refuses it).
  public var changesState: Bool {
    switch self {
    case .ticketNew, .dispatch, .accept, .resolve, .return, .rate, .visit, .alertAcknowledge, .alertClear,
      .alertTicket, .mobilize, .drill, .reach, .attach, .squad, .extend, .standDown, .complete, .escalate,
      .ticketExtend, .handoverNote, .handoverSign, .shiftSwap, .shiftSet, .reveal, .callPost, .callClaim,
      .callProgress, .callDone, .callRate, .callWithdraw, .callRelease, .callRequest, .callDispatch,
      .callDecline,
      .hoursAdd, .pointsRedeem, .honourRed,
      .honourBlack, .vanguardStairwell, .vanguardPerson, .honourWithdraw, .conventionAdopt, .unitAdd,
      .silence, .unsilence:
      true
    default: false
    }
  }

  /// What the command does to the ticket it takes: the palette offers only tickets in a state
  /// the action accepts.
  public var ticketAction: TicketAction? {
    switch self {
    case .dispatch: .dispatch
    case .accept: .accept
    case .resolve: .resolve
    case .return: .return
    case .rate: .rate
    case .escalate: .escalate
    case .ticketExtend: .extend
    default: nil
    }
  }

  /// What the command does to the 揭榜 item it takes: the palette offers only items in a state
  /// the action accepts.
  public var callAction: OpenCallAction? {
    switch self {
    case .callClaim: .claim
    case .callProgress: .progress
    case .callDone: .complete
    case .callRate: .rate
    case .callWithdraw: .withdraw
    case .callRelease: .release
    default: nil
    }
  }

  /// The key that does the same outside the palette, for the help overlay; nil for none.
  public var directKey: String? {
    switch self {
    case .goto: "g"
    case .lens: "c 1-7"
    case .ticketNew: "n"
    case .dispatch: "d"
    case .accept: "a"
    case .resolve: "r"
    case .alertAcknowledge: "a"
    case .alertClear: "x"
    case .alertTicket: "t"
    case .reach: "r"
    case .attach: "a"
    case .squad: "s"
    case .extend: "e"
    case .duty: "z"
    case .escalate: "u"
    case .ticketExtend: "e"
    case .handover: "H"
    case .handoverNote: "n"
    case .handoverSign: "s"
    case .reveal: "v"
    case .openCalls: "J"
    case .filter: "/"
    case .help: "?"
    case .quit: "q"
    default: nil
    }
  }

  public func summary(_ language: Language) -> String {
    switch self {
    case .goto: language("转到地点", "go to a place")
    case .lens: language("切换镜头", "switch the map's lens")
    case .theme: language("切换配色", "switch the colour theme")
    case .lang: language("切换语言", "switch the language")
    case .ticketNew: language("点单：新工单", "file a new ticket (点单)")
    case .dispatch: language("派单", "dispatch a ticket (派单)")
    case .accept: language("接单", "accept a ticket (接单)")
    case .resolve: language("办结", "resolve a ticket (办结)")
    case .return: language("退单", "return a ticket (退单)")
    case .rate: language("评单", "rate a ticket (评单)")
    case .visit: language("记录走访", "record a visit")
    case .reveal: language("查看一户的完整号码：写明原因，记入日志", "see a household's numbers whole: the reason is logged")
    case .alertAcknowledge: language("确认告警", "acknowledge an alert (确认)")
    case .alertClear: language("解除告警，写明处置", "clear an alert with a note (解除)")
    case .alertTicket: language("告警转工单", "turn an alert into a ticket (转工单)")
    case .mobilize: language("发布动员令：战时", "issue a mobilization order (动员令)")
    case .drill: language("发布演练动员令", "issue a drill order (演练)")
    case .reach: language("上报住户：已告知、不在家、拒绝", "report households (上报)")
    case .attach: language("增援突击小组", "reinforce a squad (增援)")
    case .squad: language("突击小组：出发、受阻、完成", "a squad sets out, is blocked or is done")
    case .extend: language("动员令延期", "extend an order's deadline (延期)")
    case .standDown: language("解除动员令", "stand an order down (解除)")
    case .complete: language("动员令完成", "complete an order (完成)")
    case .duty: language("值班台：按时限排列的待办", "the duty desk: everything open by its clock")
    case .escalate: language("超时督办", "escalate an overdue ticket (督办)")
    case .ticketExtend: language("工单延期：写明原因和批准人", "extend a ticket's deadline (延期)")
    case .handover: language("交接班简报", "the handover brief (交接班)")
    case .handoverNote: language("写交班说明", "add a note to the handover brief")
    case .handoverSign: language("接班签收交接班", "sign the handover as the incoming operator")
    case .shiftSwap: language("换班：两个班次互换值班员", "swap two shifts' operators (换班)")
    case .shiftSet: language("换班：某班次改由他人值班", "give a shift to another operator (换班)")
    case .openCalls: language("揭榜赛比：三张清单与共建单位排名", "open calls (揭榜): the three lists, units ranked")
    case .callPost: language("发榜：在需求、项目或服务清单上发布一项", "post an item on a list (发榜)")
    case .callClaim: language("揭榜：共建单位认领一项", "a partner unit claims an item (揭榜)")
    case .callProgress: language("揭榜进展：报告进展与服务人次", "report an item's progress and person-times")
    case .callDone: language("揭榜完成：报完成与服务人次", "report an item done, with its person-times")
    case .callRate: language("揭榜评单：为完成的榜单打分", "rate a done item (评单)")
    case .callWithdraw: language("撤榜：撤下未完成的榜单，写明原因", "take an unfinished item off its list (撤榜)")
    case .callRelease: language("退榜：揭榜单位退回榜单，写明原因", "the claiming unit gives an item back (退榜)")
    case .callRequest: language("点单：记下住户的诉求与来源", "record a household's request (点单) and how it came in")
    case .callDispatch: language("派单：把待审点单发上清单", "post a waiting request onto a list (派单)")
    case .callDecline:
      language("不予采纳：答复点单居民原因", "decline a waiting request, with the reason the resident is told")
    case .hoursAdd: language("志愿时长：记录某人参加活动的时长，按规则记积分", "record volunteer hours (志愿时长); points follow")
    case .pointsRedeem: language("积分兑换：用积分兑换物品，不能超过余额", "exchange a volunteer's points (积分兑换)")
    case .honourRed: language("红榜：楼道上红榜，写明事迹", "put a stairwell on the red list (红榜)")
    case .honourBlack: language("黑榜：楼道上黑榜，写明待改进之处", "put a stairwell on the black list (黑榜)")
    case .vanguardStairwell: language("先锋楼道：评某月先锋楼道", "name a month's vanguard stairwell (先锋楼道)")
    case .vanguardPerson: language("先锋个人：评某月先锋个人", "name a month's vanguard person (先锋个人)")
    case .honourWithdraw:
      language("撤销先锋或红黑榜条目：写明原因，日志保留", "withdraw a vanguard or a red/black-list entry; the log keeps it")
    case .conventionAdopt: language("楼道公约：记录楼道订立公约", "record a stairwell's convention (楼道公约)")
    case .unitAdd: language("登记共建单位：名称与类别", "register a partner unit (共建单位)")
    case .silence:
      language("静默告警：其设备，或此类告警在某地，写明时长与原因", "silence an alert's device, or its kind at a place (静默)")
    case .unsilence: language("解除静默：告警重新响铃、按时督办", "lift a silence: the alert rings and escalates again")
    case .filter: language("过滤全域图", "filter the map")
    case .help: language("帮助", "help")
    case .quit: language("退出", "quit")
    }
  }

  /// The line the palette matches and shows: the name, its arguments and its Chinese summary, so
  /// that `pd` (派单) finds dispatch as well as `disp` does.
  var label: String {
    ([name] + arguments.map(\.placeholder) + [summary(.zh)]).joined(separator: " ")
  }
}

/// One thing a command asks for.
public enum PaletteArgument: Hashable, Sendable {
  case place, household, person, ticket, alert, lens, theme, language, urgency, demandClass, rating
  /// A household of the stairwell chosen, or the stairwell itself (a matter of the whole stairwell).
  case room
  /// A stairwell with a squad of an open order; a stairwell or one household for a report.
  case stairwell, reachTarget
  /// An order's task, an open order, a squad's new status.
  case task, order, squadStatus
  /// 揭榜: one of the three lists, an item, a partner unit, a kind of unit.
  case callList, openCall, unit, unitKind
  /// 点单: a request awaiting the community, and how a request came in.
  case request, requestChannel
  /// Recognition: any stairwell (the one on screen first), a month, a standing honour.
  case ratedStairwell, month, honour
  /// What a silence covers: the chosen alert's device, or its kind at its place or above.
  case silenceScope
  /// Free text, taken as typed.
  case text(TextKind)

  public enum TextKind: Hashable, Sendable {
    case title, reason, note, topic, filter, clearing
    case deadline, newDeadline, orderTitle, reachSpec, blockedReason, extensionReason, standDownReason
    case extensionLimit, ticketExtensionReason, approver, handoverNote, revealReason
    case shift, otherShift, dutyOperator, rosterReason
    case callTitle, callNeed, callDeadline, progressNote, doneNote, served, withdrawReason, releaseReason
    case wish, declineReason
    case activity, volunteerTime, points, reward, honourReason, honourWithdrawReason, conventionTitle,
      unitName
    case silenceSpan, silenceReason, liftReason
  }

  /// How the command line shows the argument before it is given.
  public var placeholder: String {
    switch self {
    case .place: "PLACE"
    case .household: "HOUSEHOLD"
    case .room: "ROOM"
    case .person: "PERSON"
    case .ticket: "TICKET"
    case .alert: "ALERT"
    case .lens: "NAME"
    case .theme: "NAME"
    case .language: "zh|en"
    case .urgency: "URGENCY"
    case .demandClass: "CLASS"
    case .rating: "N"
    case .stairwell: "STAIRWELL"
    case .reachTarget: "STAIRWELL|HOUSEHOLD"
    case .task: "TASK"
    case .order: "ORDER"
    case .squadStatus: "STATUS"
    case .callList: "LIST"
    case .openCall: "ITEM"
    case .unit: "UNIT"
    case .unitKind: "KIND"
    case .request: "REQUEST"
    case .requestChannel: "VIA"
    case .text(.wish): "WISH"
    case .text(.declineReason): "REASON"
    case .ratedStairwell: "STAIRWELL"
    case .month: "MONTH"
    case .honour: "ENTRY"
    case .text(.activity): "ACTIVITY"
    case .text(.volunteerTime): "TIME"
    case .text(.points): "POINTS"
    case .text(.reward): "REWARD"
    case .text(.honourReason), .text(.honourWithdrawReason): "REASON"
    case .text(.conventionTitle): "TITLE"
    case .text(.unitName): "NAME"
    case .silenceScope: "SCOPE"
    case .text(.silenceSpan): "FOR"
    case .text(.silenceReason), .text(.liftReason): "REASON"
    case .text(.callTitle): "TITLE"
    case .text(.callNeed): "NEED"
    case .text(.callDeadline): "BY"
    case .text(.progressNote), .text(.doneNote): "NOTE"
    case .text(.served): "SERVED"
    case .text(.withdrawReason), .text(.releaseReason): "REASON"
    case .text(.title), .text(.orderTitle): "TITLE"
    case .text(.deadline), .text(.newDeadline): "DEADLINE"
    case .text(.reachSpec): "REPORT"
    case .text(.extensionLimit): "LIMIT"
    case .text(.ticketExtensionReason): "REASON"
    case .text(.approver): "APPROVER"
    case .text(.handoverNote): "NOTE"
    case .text(.shift), .text(.otherShift): "SHIFT"
    case .text(.dutyOperator): "OPERATOR"
    case .text(.rosterReason), .text(.revealReason): "REASON"
    case .text(.blockedReason), .text(.extensionReason), .text(.standDownReason): "REASON"
    case .text(.reason): "REASON"
    case .text(.note), .text(.clearing): "NOTE"
    case .text(.topic): "TOPIC"
    case .text(.filter): "TEXT"
    }
  }

  /// What the argument is, as a refusal names it ("没有匹配的地点").
  func noun(_ language: Language) -> String {
    switch self {
    case .place: language("地点", "place")
    case .household: language("住户", "household")
    case .room: language("室号", "room")
    case .person: language("人员", "person")
    case .ticket: language("工单", "ticket")
    case .alert: language("告警", "alert")
    case .lens: language("镜头", "lens")
    case .theme: language("配色", "theme")
    case .language: language("语言", "language")
    case .urgency: language("紧急程度", "urgency")
    case .demandClass: language("需求类别", "demand class")
    case .rating: language("评分", "rating")
    case .stairwell: language("楼道", "stairwell")
    case .reachTarget: language("楼道或住户", "stairwell or household")
    case .task: language("任务", "task")
    case .order: language("动员令", "order")
    case .squadStatus: language("小组状态", "squad status")
    case .callList: language("清单", "list")
    case .openCall: language("榜单", "item")
    case .unit: language("共建单位", "partner unit")
    case .unitKind: language("单位类别", "kind of unit")
    case .request: language("点单", "request")
    case .requestChannel: language("来源渠道", "channel")
    case .text(.wish): language("诉求", "what is wanted")
    case .text(.declineReason): language("不予采纳的理由", "reason to decline")
    case .ratedStairwell: language("楼道", "stairwell")
    case .month: language("月份", "month")
    case .honour: language("上榜记录", "honour")
    case .text(.activity): language("活动", "activity")
    case .text(.volunteerTime): language("时长", "time")
    case .text(.points): language("兑换积分", "points")
    case .text(.reward): language("兑换物品", "reward")
    case .text(.honourReason): language("理由", "reason")
    case .text(.honourWithdrawReason): language("撤销理由", "reason to withdraw")
    case .text(.conventionTitle): language("公约名称", "convention's title")
    case .text(.unitName): language("单位名称", "unit's name")
    case .silenceScope: language("静默范围", "what to silence")
    case .text(.silenceSpan): language("静默时长", "how long to silence")
    case .text(.silenceReason): language("静默原因", "reason for the silence")
    case .text(.liftReason): language("解除原因", "reason to lift the silence")
    case .text(.callTitle): language("榜单事项", "item title")
    case .text(.callNeed): language("所需", "what is needed")
    case .text(.callDeadline): language("完成时限", "by-when")
    case .text(.progressNote): language("进展说明", "progress note")
    case .text(.doneNote): language("完成说明", "completion note")
    case .text(.served): language("服务人次", "person-times")
    case .text(.withdrawReason): language("撤榜原因", "reason to withdraw")
    case .text(.releaseReason): language("退榜原因", "reason to give it back")
    case .text(.title): language("事项", "matter")
    case .text(.orderTitle): language("动员令标题", "order title")
    case .text(.deadline): language("时限", "deadline")
    case .text(.newDeadline): language("新时限", "new deadline")
    case .text(.reachSpec): language("上报内容", "report")
    case .text(.blockedReason): language("受阻原因", "reason for the block")
    case .text(.extensionReason): language("延期原因", "reason for the extension")
    case .text(.standDownReason): language("解除原因", "reason to stand down")
    case .text(.extensionLimit): language("延期时长", "extension")
    case .text(.ticketExtensionReason): language("延期原因", "reason for the extension")
    case .text(.approver): language("批准人", "approver")
    case .text(.handoverNote): language("交班说明", "handover note")
    case .text(.shift): language("班次", "shift")
    case .text(.otherShift): language("另一班次", "other shift")
    case .text(.dutyOperator): language("值班员", "duty operator")
    case .text(.rosterReason): language("换班原因", "reason for the change")
    case .text(.revealReason): language("查看原因", "reason to see the numbers")
    case .text(.reason): language("原因", "reason")
    case .text(.note): language("办结说明", "resolution note")
    case .text(.topic): language("走访内容", "visit topic")
    case .text(.filter): language("过滤条件", "filter")
    case .text(.clearing): language("解除说明", "clearing note")
    }
  }

  /// What the palette's second row asks for.
  func prompt(_ language: Language) -> String {
    switch self {
    case .place: language("地点：名称、拼音或首字母", "a place: name, pinyin or initials")
    case .household: language("户：小区 楼幢单元 室", "a household: compound, building, room")
    case .room:
      language("室号：如 302；整个楼道的事选第一行", "the room, e.g. 302; the first line for the whole stairwell")
    case .person: language("人员：姓名或拼音（本楼道的一长二员在前）", "a person: name or pinyin (the stairwell's team first)")
    case .ticket: language("工单：编号、事项或地点", "a ticket: number, matter or place")
    case .alert: language("告警：类型或地点（未解除的）", "an active alert: kind or place")
    case .lens: language("镜头", "a lens")
    case .theme: language("配色", "a theme")
    case .language: "zh | en"
    case .urgency: language("紧急程度", "urgency")
    case .demandClass: language("三类需求", "the demand class")
    case .rating: language("满意度 1-5", "a rating, 1 to 5")
    case .stairwell: language("楼道：名称或首字母（落后的在前）", "a stairwell: name or initials (laggards first)")
    case .reachTarget:
      language("楼道（整楼道上报）或住户（一户）", "a stairwell (its whole report) or one household")
    case .task: language("任务：告知、核酸、转运、送物资", "the task: notify, sample, transfer, deliver")
    case .order: language("动员令", "an order")
    case .squadStatus: language("出发、受阻或完成", "active, blocked or done")
    case .callList: language("清单：需求、项目或服务", "the list: needs, projects or services")
    case .openCall: language("榜单：编号、事项或地点", "an item: number, title or place")
    case .unit: language("共建单位：名称或拼音", "a partner unit: name or pinyin")
    case .unitKind: language("类别：机关、企业、物业、社会组织、小哥站点", "the kind: office, company, property, social, courier")
    case .request: language("待审点单：编号、诉求或地点", "a waiting request: number, wish or place")
    case .requestChannel:
      language(
        "渠道：入户走访、便民热线、居民议事会、意见箱、微信群", "how it came in: visit, hotline, meeting, suggestion box, online")
    case .text(.wish): language("诉求，居民的原话（Enter 确定）", "what is wanted, in the resident's words (Enter)")
    case .text(.declineReason):
      language("不予采纳的理由，将答复居民（Enter 确定）", "why not, as the resident is to be told (Enter)")
    case .ratedStairwell:
      language("楼道：名称或首字母（屏上选中的在前）", "a stairwell: name or initials (the one on screen first)")
    case .month: language("月份：上月、本月或更早", "the month: last, this or earlier")
    case .honour: language("上榜记录：类别、楼道或姓名", "an honour: kind, stairwell or name")
    case .text(.activity): language("活动，如 平安巡查（Enter 确定）", "the activity, e.g. 平安巡查 (Enter)")
    case .text(.volunteerTime): language("时长：2h、90m、1h30m 或 2小时", "the time given: 2h, 90m or 1h30m")
    case .text(.points): language("兑换多少积分：正整数", "how many points: a whole number")
    case .text(.reward): language("兑换物品，如 大米一袋（Enter 确定）", "what they are exchanged for (Enter)")
    case .text(.honourReason):
      language("理由：事迹或待改进之处（Enter 确定）", "why: what was done, or what is to improve (Enter)")
    case .text(.honourWithdrawReason): language("撤销理由（Enter 确定）", "why it is withdrawn (Enter)")
    case .text(.conventionTitle): language("公约名称，如 文明楼道公约（Enter 确定）", "the convention's title (Enter)")
    case .text(.unitName): language("单位名称，如 区住建局（Enter 确定）", "the unit's name (Enter)")
    case .silenceScope:
      language("静默范围：此设备，或此类告警在某地（及其下）", "the device, or this kind of alert at a place (and under it)")
    case .text(.silenceSpan):
      language("静默多久：2h、30m、1d，或至何时：18:00", "for how long (2h, 30m, 1d) or until when (18:00)")
    case .text(.silenceReason): language("静默原因：如 物业已知，明日清运（Enter 确定）", "why it is silenced (Enter)")
    case .text(.liftReason): language("解除原因：如 摄像头已修复（Enter 确定）", "why the silence ends early (Enter)")
    case .text(.callTitle): language("榜单事项，如 车棚电线改造（Enter 确定）", "what the item is (Enter)")
    case .text(.callNeed): language("所需：人手、车辆、技能（Enter 确定）", "what is needed: hands, a van, a skill (Enter)")
    case .text(.callDeadline):
      language("完成时限：14d、14天、36h 或 2026-12-15 18:00", "by when: 14d, 36h or 2026-12-15 18:00")
    case .text(.progressNote): language("进展：做了什么（Enter 确定）", "what was done so far (Enter)")
    case .text(.doneNote): language("完成说明：如 已验收（Enter 确定）", "how it was finished (Enter)")
    case .text(.served): language("服务人次：整数，没有写 0", "person-times of service: a whole number, 0 for none")
    case .text(.withdrawReason): language("撤榜原因（Enter 确定）", "why the item comes off the list (Enter)")
    case .text(.releaseReason): language("退榜原因（Enter 确定）", "why the unit gives it back (Enter)")
    case .text(.title): language("事项（Enter 确定）", "what the resident needs (Enter)")
    case .text(.orderTitle): language("动员令标题，如 全员告知：今晚集中转运", "the order's words (Enter)")
    case .text(.deadline): language("时限：45m、1h30m 或 21:30", "a span (45m, 1h30m) or a time (21:30)")
    case .text(.newDeadline):
      language("再延多久（15m）或延至何时（21:50）", "how much longer (15m) or until when (21:50)")
    case .text(.reachSpec):
      language(
        "all、all except 302 notHome 401 refused 或 302 notHome；一户：notHome、refused…",
        "all, all except 302 notHome 401 refused, or 302 notHome; a household: its outcome")
    case .text(.blockedReason): language("受阻原因（Enter 确定）", "why the squad is blocked (Enter)")
    case .text(.extensionReason): language("延期原因（Enter 确定）", "why the deadline moves (Enter)")
    case .text(.standDownReason): language("解除原因（Enter 确定）", "why the order is stood down (Enter)")
    case .text(.extensionLimit):
      language("延期多久：2工作日、4工作小时、12小时", "how much longer: 2 working days, 4 working hours, 12 hours")
    case .text(.ticketExtensionReason): language("延期原因（Enter 确定）", "why the deadline moves (Enter)")
    case .text(.approver): language("批准人：带班领导（Enter 确定）", "who approved it: the leader on call (Enter)")
    case .text(.handoverNote): language("交班说明：下一班要知道的（Enter 确定）", "what the next shift must know (Enter)")
    case .text(.shift): language("班次：2026-11-23 白班（或 夜班）", "a shift: 2026-11-23 day (or night)")
    case .text(.otherShift): language("与之互换的班次：2026-11-24 夜班", "the shift to swap with: 2026-11-24 night")
    case .text(.dutyOperator): language("改由谁值班（Enter 确定）", "who takes the shift (Enter)")
    case .text(.rosterReason): language("换班原因（Enter 确定）", "why the roster changes (Enter)")
    case .text(.revealReason):
      language("查看完整号码的原因，记入日志（Enter 确定）", "why the numbers are needed whole; it is logged (Enter)")
    case .text(.reason): language("退单原因（Enter 确定）", "the reason (Enter)")
    case .text(.note): language("办结说明：做了什么（Enter 确定）", "what was done (Enter)")
    case .text(.topic): language("走访内容（Enter 确定）", "what the visit was about (Enter)")
    case .text(.filter): language("名称、拼音、首字母或标记（Enter 确定）", "name, pinyin, initials or a flag (Enter)")
    case .text(.clearing): language("解除说明：如何处置（Enter 确定）", "how it was dealt with (Enter)")
    }
  }
}
