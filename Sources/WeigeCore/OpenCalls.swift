/// 揭榜 open calls (issue 16 §2; seed 001, 陈道门社区 揭榜赛比): the community posts items on three
/// lists, partner units (共建单位) claim them (揭榜), report progress and completion with the
/// person-times of service (服务人次) they gave, and the street rates each one (评单). Residents'
/// 点单 (OpenCallRequests.swift) becomes the community's 派单 when an item is posted naming it; a
/// unit's 揭榜 is its 接单.

public enum OpenCallEntity: IdentifiedEntity {
  public static let prefix = "opencall-"
  /// `J7`: 揭 (jiē), the key that opens the board.
  public static let displayPrefix = "J"
}
public enum PartnerUnitEntity: IdentifiedEntity {
  public static let prefix = "unit-"
  public static let displayPrefix = "U"
}

/// An item on one of the three lists, shown as `J7`.
public typealias OpenCallID = Identifier<OpenCallEntity>
/// A partner unit (共建单位), shown as `U3`.
public typealias PartnerUnitID = Identifier<PartnerUnitEntity>

/// What sort of partner a unit is (机关, 企业, 物业 …). The catalogue is data, like the role
/// catalogue; a unit carries the whole kind it was registered with.
public struct UnitKind: Sendable, Equatable {
  /// The key a script types: `office`.
  public var id: String
  public var name: String
  public var englishName: String

  public init(id: String, name: String, englishName: String) {
    self.id = id
    self.name = name
    self.englishName = englishName
  }

  public func name(_ language: Language) -> String { language(name, englishName) }
}

/// The kinds a unit may be registered as, in the order a list offers them.
public struct UnitKindCatalogue: Sendable, Equatable {
  public var kinds: [UnitKind]

  public init(kinds: [UnitKind]) { self.kinds = kinds }

  /// A kind by its key, its Chinese name or its English name.
  public func kind(named word: String) -> UnitKind? {
    kinds.first { $0.id == word || $0.name == word || $0.englishName == word }
  }

  /// Chendaomen's partners (seed 001): offices of the city and district (市区两级机关), property
  /// firms (物业企业), companies and social organisations (两新组织), and couriers' stations (小哥站点).
  public static let standard = UnitKindCatalogue(kinds: [
    UnitKind(id: "office", name: "机关", englishName: "office"),
    UnitKind(id: "company", name: "企业", englishName: "company"),
    UnitKind(id: "property", name: "物业", englishName: "property firm"),
    UnitKind(id: "social", name: "社会组织", englishName: "social organisation"),
    UnitKind(id: "courier", name: "小哥站点", englishName: "couriers' station"),
  ])
}

/// A partner unit as registered.
public struct PartnerUnit: Sendable, Equatable {
  public var id: PartnerUnitID
  public var name: String
  public var kind: UnitKind

  public init(id: PartnerUnitID, name: String, kind: UnitKind) {
    self.id = id
    self.name = name
    self.kind = kind
  }
}

/// 三张清单: the three lists an item is posted on.
public enum CallList: UInt8, CaseIterable, Sendable, FieldTerm {
  /// 需求清单: what residents asked for.
  case needs
  /// 项目清单: a piece of work with a result (a bike shed rebuilt).
  case projects
  /// 服务清单: a standing service (haircuts for the elderly every month).
  case services

  public var chineseName: String {
    switch self {
    case .needs: "需求清单"
    case .projects: "项目清单"
    case .services: "服务清单"
    }
  }

  /// One character for a narrow column: 需 / 项 / 服.
  public var shortName: (chinese: String, english: String) {
    switch self {
    case .needs: ("需", "N")
    case .projects: ("项", "P")
    case .services: ("服", "S")
    }
  }

  public init?(named word: String) {
    guard
      let list = Self.allCases.first(where: {
        word == $0.englishName || word == $0.chineseName || word == $0.shortName.chinese
      })
    else { return nil }
    self = list
  }
}

/// What an item is posted with (派单); the posting time is the event's time.
public struct OpenCallPosting: Sendable, Equatable {
  public var id: OpenCallID
  public var list: CallList
  public var title: String
  public var place: PlaceID
  /// What is needed of the taker: hands, money, a van, a skill.
  public var need: String
  /// By when it must be done.
  public var dueBy: Timestamp
  /// The resident's request (点单) it answers, if it came from one.
  public var request: OpenCallRequestID?

  public init(
    id: OpenCallID, list: CallList, title: String, place: PlaceID, need: String, dueBy: Timestamp,
    request: OpenCallRequestID? = nil
  ) {
    self.id = id
    self.list = list
    self.title = title
    self.place = place
    self.need = need
    self.dueBy = dueBy
    self.request = request
  }
}

/// Where an item stands: posted and waiting for a taker, claimed, done, rated; or taken off the
/// list (撤榜) before it was done.
public enum OpenCallStatus: UInt8, CaseIterable, Sendable, FieldTerm {
  case open, claimed, done, rated, withdrawn

  public var chineseName: String {
    switch self {
    case .open: "待揭榜"
    case .claimed: "已揭榜"
    case .done: "已完成"
    case .rated: "已评单"
    case .withdrawn: "已撤榜"
    }
  }

  /// Done, rated or not: the work was delivered.
  public var isFinished: Bool { self == .done || self == .rated }

  /// Done or withdrawn: no more work is owed, so it cannot be overdue.
  public var isClosed: Bool { isFinished || self == .withdrawn }
}

/// What can be done to an item, and from which states: the one home of the board's flow.
/// Validation refuses by it.
public enum OpenCallAction: Sendable, CaseIterable {
  case claim, progress, complete, rate
  /// 撤榜: only an item nobody has finished.
  case withdraw
  /// 退榜: only a claimed item, by its taker.
  case release

  public var allowedStates: [OpenCallStatus] {
    switch self {
    case .claim: [.open]
    case .progress, .complete, .release: [.claimed]
    case .rate: [.done]
    case .withdraw: [.open, .claimed]
    }
  }

  var verb: (chinese: String, english: String) {
    switch self {
    case .claim: ("揭榜", "claimed (揭榜)")
    case .progress: ("报告进展", "reported on")
    case .complete: ("报完成", "reported done")
    case .rate: ("评单", "rated (评单)")
    case .withdraw: ("撤榜", "withdrawn (撤榜)")
    case .release: ("退榜", "given back (退榜)")
    }
  }
}

/// A step of an item's history, for its detail and the feed.
public struct OpenCallStep: Sendable, Equatable {
  public enum Kind: UInt8, Sendable, CaseIterable, FieldTerm {
    case posted, claimed, progress, done, rated, withdrawn, released

    public var chineseName: String {
      switch self {
      case .posted: "发榜"
      case .claimed: "揭榜"
      case .progress: "进展"
      case .done: "完成"
      case .rated: "评单"
      case .withdrawn: "撤榜"
      case .released: "退榜"
      }
    }
  }
  public var kind: Kind
  public var time: Timestamp
  public var actor: String
  public var note: String
  /// Person-times of service this step reports (服务人次).
  public var personTimes: Int
}

/// An item and everything done about it.
public struct OpenCall: Sendable, Equatable {
  public var posting: OpenCallPosting
  public var postedAt: Timestamp
  public var status: OpenCallStatus = .open
  public var unit: PartnerUnitID?
  public var claimedAt: Timestamp?
  public var doneAt: Timestamp?
  /// Person-times of service reported so far, progress and completion together.
  public var personTimes = 0
  public var rating: Int?
  public var history: [OpenCallStep] = []

  public var id: OpenCallID { posting.id }

  /// Where its by-when stands at `now`, as an order's deadline does (`Deadline.phase`); nil once
  /// done or withdrawn, since nothing more is owed.
  public func phase(at now: Timestamp) -> DeadlinePhase? {
    status.isClosed ? nil : Deadline.phase(issuedAt: postedAt, deadline: posting.dueBy, now: now)
  }

  /// Past its by-when and not done.
  public func isOverdue(at now: Timestamp) -> Bool { phase(at: now) == .overdue }
}

/// A unit's standing in the 赛比: items done, how the street rated them, and service given.
public struct UnitStanding: Sendable, Equatable {
  public var unit: PartnerUnit
  /// Done, rated or not.
  public var completed = 0
  /// Claimed and not yet done.
  public var inHand = 0
  public var ratings: [Int] = []
  public var personTimes = 0

  /// The mean of the street's ratings, nil before the first.
  public var averageRating: Double? {
    ratings.isEmpty ? nil : Double(ratings.reduce(0, +)) / Double(ratings.count)
  }
}

/// The board as of a moment: how many items in each column.
public struct OpenCallCounts: Sendable, Equatable {
  public var posted = 0
  public var open = 0
  public var claimed = 0
  /// Open or claimed, past the by-when; counted in `open` or `claimed` as well.
  public var overdue = 0
  /// Done, rated or not.
  public var done = 0
  public var rated = 0
  /// Taken off the list (撤榜); counted in `posted` only.
  public var withdrawn = 0
  public var personTimes = 0
}

/// The projected state of the 揭榜 board: every unit and every item.
public struct OpenCallBoard: Sendable, Equatable {
  public internal(set) var units = EntityTable<PartnerUnitEntity, PartnerUnit>()
  public internal(set) var calls = EntityTable<OpenCallEntity, OpenCall>()
  /// Residents' requests (点单), posted, declined or awaiting the community.
  public internal(set) var requests = EntityTable<OpenCallRequestEntity, RequestRecord>()

  public init() {}

  /// The number a new item takes: one past the highest posted (the board is one stream, so two
  /// writers proposing the same number cannot both append).
  public var nextCallID: OpenCallID { OpenCallID((calls.lastKey?.rawValue ?? 0) + 1) }
  public var nextUnitID: PartnerUnitID { PartnerUnitID((units.lastKey?.rawValue ?? 0) + 1) }

  /// A unit by its id as typed (`U3`, `3`) or its exact name.
  public func unit(named text: String) -> PartnerUnit? {
    if let id = PartnerUnitID(typed: text), let unit = units[id] { return unit }
    return units.values.first { $0.name == text }
  }

  /// The columns' counts at `now`.
  public func counts(at now: Timestamp) -> OpenCallCounts {
    var counts = OpenCallCounts()
    for call in calls.values {
      counts.posted += 1
      counts.personTimes += call.personTimes
      switch call.status {
      case .open: counts.open += 1
      case .claimed: counts.claimed += 1
      case .done: counts.done += 1
      case .rated:
        counts.done += 1
        counts.rated += 1
      case .withdrawn: counts.withdrawn += 1
      }
      if call.isOverdue(at: now) { counts.overdue += 1 }
    }
    return counts
  }

  /// 赛比: every unit ranked by items completed, then by its mean rating, then by person-times,
  /// then by name; a unit that has done nothing yet is ranked last, not left out. A withdrawn
  /// item's service still counts; it is neither done nor in hand.
  public func standings() -> [UnitStanding] {
    var byUnit: [PartnerUnitID: UnitStanding] = [:]
    for unit in units.values { byUnit[unit.id] = UnitStanding(unit: unit) }
    for call in calls.values {
      guard let id = call.unit, byUnit[id] != nil else { continue }
      byUnit[id]!.personTimes += call.personTimes
      if call.status.isFinished {
        byUnit[id]!.completed += 1
      } else if call.status == .claimed {
        byUnit[id]!.inHand += 1
      }
      if let rating = call.rating { byUnit[id]!.ratings.append(rating) }
    }
    return byUnit.values.sorted { a, b in
      let (first, second) = (
        (a.completed, a.averageRating ?? 0, a.personTimes), (b.completed, b.averageRating ?? 0, b.personTimes)
      )
      return first != second ? first > second : (a.unit.name, a.unit.id) < (b.unit.name, b.unit.id)
    }
  }

  /// The items in the order the board lists them: overdue first (the longest overdue on top),
  /// then open and claimed by by-when, then done, the latest first, then withdrawn ones.
  public func ordered(at now: Timestamp) -> [OpenCall] {
    func rank(_ call: OpenCall) -> Int {
      if call.isOverdue(at: now) { return 0 }
      return call.status == .withdrawn ? 3 : call.status.isFinished ? 2 : 1
    }
    return calls.values.sorted {
      let (a, b) = (rank($0), rank($1))
      if a != b { return a < b }
      if a >= 2 { return ($0.doneAt ?? $0.postedAt, $1.id) > ($1.doneAt ?? $1.postedAt, $0.id) }
      return ($0.posting.dueBy, $0.id) < ($1.posting.dueBy, $1.id)
    }
  }

  // MARK: The fold

  /// Folds one of the board's events in; like the rest of the fold it is total, so an event
  /// about a missing item or in the wrong state changes nothing.
  mutating func apply(_ body: EventBody, time: Timestamp, actor: String) {
    switch body {
    case .partnerUnitRegistered(let unit):
      guard units[unit.id] == nil else { return }
      units[unit.id] = unit
    case .openCallRequested, .openCallRequestDeclined:
      applyRequest(body, time: time, actor: actor)
    case .openCallPosted(let posting):
      guard calls[posting.id] == nil else { return }
      applyRequest(body, time: time, actor: actor)
      var call = OpenCall(posting: posting, postedAt: time)
      call.history = [
        OpenCallStep(kind: .posted, time: time, actor: actor, note: posting.title, personTimes: 0)
      ]
      calls[posting.id] = call
    case .openCallClaimed(let id, let unit):
      guard units[unit] != nil else { return }
      update(id, for: .claim, .claimed, time: time, actor: actor, note: units[unit]!.name, personTimes: 0) {
        $0.status = .claimed
        $0.unit = unit
        $0.claimedAt = time
      }
    case .openCallProgressed(let id, let note, let personTimes):
      update(id, for: .progress, .progress, time: time, actor: actor, note: note, personTimes: personTimes) {
        $0.personTimes += personTimes
      }
    case .openCallCompleted(let id, let note, let personTimes):
      update(id, for: .complete, .done, time: time, actor: actor, note: note, personTimes: personTimes) {
        $0.status = .done
        $0.doneAt = time
        $0.personTimes += personTimes
      }
    case .openCallRated(let id, let score, let comment):
      update(id, for: .rate, .rated, time: time, actor: actor, note: comment, personTimes: 0) {
        $0.status = .rated
        $0.rating = score
      }
    case .openCallWithdrawn(let id, let reason):
      update(id, for: .withdraw, .withdrawn, time: time, actor: actor, note: reason, personTimes: 0) {
        $0.status = .withdrawn
      }
    case .openCallReleased(let id, let unit, let reason):
      guard calls[id]?.unit == unit else { return }
      let note = (units[unit]?.name ?? unit.description) + "：" + reason
      update(id, for: .release, .released, time: time, actor: actor, note: note, personTimes: 0) {
        $0.status = .open
        $0.unit = nil
        $0.claimedAt = nil
      }
    default:
      return
    }
  }

  private mutating func update(
    _ id: OpenCallID, for action: OpenCallAction, _ kind: OpenCallStep.Kind, time: Timestamp, actor: String,
    note: String, personTimes: Int, _ change: (inout OpenCall) -> Void
  ) {
    guard let status = calls[id]?.status, action.allowedStates.contains(status) else { return }
    change(&calls[id]!)
    calls[id]!.history.append(
      OpenCallStep(kind: kind, time: time, actor: actor, note: note, personTimes: personTimes))
  }
}

// MARK: Validation

extension OpenCallBoard {
  /// Most person-times one report may carry: a big volunteer day of a large unit. A figure above
  /// it is a slip of the keyboard (an extra zero), not a day's service.
  public static let personTimesLimit = 1_000

  /// Checks one of the board's events against the board and the places of `ledger`.
  func validate(_ body: EventBody, at time: Timestamp, in ledger: Ledger) throws(DomainError) {
    switch body {
    case .partnerUnitRegistered(let unit):
      try ledger.requirePositive(unit.id)
      try FreeText.check(unit.name, field: ("单位名称", "unit name"))
      try FreeText.check(unit.kind.id, field: ("单位类别编号", "unit kind id"))
      try FreeText.check(unit.kind.name, field: ("单位类别", "unit kind"))
      try FreeText.check(unit.kind.englishName, field: ("单位类别英文名", "unit kind's English name"))
      guard units[unit.id] == nil else { throw .exists(unit.id) }
      if let same = units.values.first(where: { $0.name == unit.name }) {
        throw DomainError(
          "共建单位「\(unit.name)」已登记为 \(same.id)",
          english: "partner unit \(unit.name) is already registered as \(same.id)")
      }
    case .openCallPosted(let posting):
      try ledger.requirePositive(posting.id)
      try FreeText.check(posting.title, field: ("榜单标题", "item title"))
      try FreeText.check(posting.need, field: ("所需", "what is needed"), limit: FreeText.longLimit)
      guard calls[posting.id] == nil else { throw .exists(posting.id) }
      if let request = posting.request { try requirePending(request) }
      _ = try ledger.place(posting.place)
      guard posting.dueBy > time else {
        throw DomainError(
          "完成时限 \(ChinaTime.text(posting.dueBy)) 不晚于发榜时间 \(ChinaTime.text(time))",
          english:
            "the by-when \(ChinaTime.text(posting.dueBy)) is not after the posting time \(ChinaTime.text(time))"
        )
      }
    case .openCallRequested, .openCallRequestDeclined:
      try validateRequest(body, in: ledger)
    case .openCallClaimed(let id, let unit):
      try require(id, for: .claim)
      guard units[unit] != nil else {
        throw DomainError("没有共建单位 \(unit)", english: "there is no partner unit \(unit)")
      }
    case .openCallProgressed(let id, let note, let personTimes),
      .openCallCompleted(let id, let note, let personTimes):
      let action: OpenCallAction = if case .openCallProgressed = body { .progress } else { .complete }
      try require(id, for: action)
      try FreeText.check(
        note, field: ("说明", "note"), limit: FreeText.longLimit, required: action == .progress)
      guard (0...Self.personTimesLimit).contains(personTimes) else {
        throw DomainError(
          "服务人次须在 0 到 \(Self.personTimesLimit) 之间，不是 \(personTimes)",
          english: "person-times of service must be 0 to \(Self.personTimesLimit), not \(personTimes)")
      }
    case .openCallRated(let id, let score, let comment):
      try require(id, for: .rate)
      try FreeText.check(comment, field: ("评语", "comment"), limit: FreeText.longLimit, required: false)
      guard (1...5).contains(score) else {
        throw DomainError("评分为 1 到 5 星，不是 \(score)", english: "a rating is 1 to 5 stars, not \(score)")
      }
    case .openCallWithdrawn(let id, let reason):
      try require(id, for: .withdraw)
      try FreeText.check(reason, field: ("撤榜原因", "reason to withdraw"), limit: FreeText.longLimit)
    case .openCallReleased(let id, let unit, let reason):
      let call = try require(id, for: .release)
      guard let taker = call.unit, taker == unit else {
        let holder = call.unit.flatMap { units[$0]?.name } ?? "—"
        let named = units[unit]?.name ?? unit.description
        throw DomainError(
          "榜单 \(id) 由「\(holder)」揭榜，「\(named)」不能退榜",
          english: "item \(id) was claimed by \(holder): \(named) cannot give it back")
      }
      try FreeText.check(reason, field: ("退榜原因", "reason to give it back"), limit: FreeText.longLimit)
    default:
      return
    }
  }

  /// The item, when it exists and `action` may be taken on it; else why not, naming who holds it.
  @discardableResult
  public func require(_ id: OpenCallID, for action: OpenCallAction) throws(DomainError) -> OpenCall {
    guard let call = calls[id] else {
      throw DomainError("没有榜单 \(id)", english: "there is no item \(id)")
    }
    guard action.allowedStates.contains(call.status) else {
      let holder = call.unit.flatMap { units[$0]?.name }.map { ("（\($0)）", " (\($0))") } ?? ("", "")
      let states = action.allowedStates.map(\.chineseName).joined(separator: "/")
      throw DomainError(
        "榜单 \(id) 当前为「\(call.status.chineseName)」\(holder.0)；只有「\(states)」的榜单才能\(action.verb.chinese)",
        english:
          "item \(id) is \(call.status.chineseName)\(holder.1); only a \(states) item can be \(action.verb.english)"
      )
    }
    return call
  }
}

// MARK: Summaries

extension OpenCallBoard {
  /// One line for the feed and `weige log`, as `EventBody.summary` words the rest.
  func summary(of body: EventBody, _ l: Language, ledger: Ledger?) -> String? {
    func item(_ id: OpenCallID) -> String {
      calls[id].map { "\(id) \($0.posting.title)" } ?? id.description
    }
    func served(_ count: Int) -> String {
      count == 0 ? "" : l("（服务 \(count) 人次）", " (\(count) person-times)")
    }
    switch body {
    case .partnerUnitRegistered(let unit):
      return l("登记共建单位 ", "partner unit registered: ") + "\(unit.name)（\(unit.kind.name(l))）"
    case .openCallPosted(let posting):
      return l("发榜 ", "posted (派单) ") + "\(posting.id) \(posting.list.name(l)) \(posting.title)"
        + l(" 限 ", " by ") + ChinaTime.text(posting.dueBy)
        + (posting.request.map { l("（来自点单 \($0)）", " (from request \($0))") } ?? "")
    case .openCallRequested(let request):
      return l("点单 ", "request (点单) ") + "\(request.id) " + request.requesterName(in: ledger, l)
        + l("：", ": ") + request.wish
    case .openCallRequestDeclined(let id, let reason):
      let wish = requests[id].map { " " + $0.request.wish } ?? ""
      return l("点单未采纳 ", "request declined ") + id.description + wish + l("：", ": ") + reason
    case .openCallClaimed(let id, let unit):
      return l("揭榜 ", "claimed (揭榜) ") + item(id) + " ← " + (units[unit]?.name ?? unit.description)
    case .openCallProgressed(let id, let note, let personTimes):
      return l("进展 ", "progress ") + item(id) + l("：", ": ") + note + served(personTimes)
    case .openCallCompleted(let id, let note, let personTimes):
      return l("完成 ", "done ") + item(id) + (note.isEmpty ? "" : l("：", ": ") + note) + served(personTimes)
    case .openCallRated(let id, let score, let comment):
      return l("评单 ", "rated (评单) ") + item(id) + " " + l("\(score)星", "\(score)★")
        + (comment.isEmpty ? "" : " " + comment)
    case .openCallWithdrawn(let id, let reason):
      return l("撤榜 ", "withdrawn (撤榜) ") + item(id) + l("：", ": ") + reason
    case .openCallReleased(let id, let unit, let reason):
      return l("退榜 ", "given back (退榜) ") + item(id) + " → " + (units[unit]?.name ?? unit.description)
        + l("：", ": ") + reason
    default:
      return nil
    }
  }
}
