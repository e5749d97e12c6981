/// What a mobilization order asks of every household in its scope (告知, 核酸, 转运, 送物资). The
/// catalogue is data, like the role catalogue; an order carries the whole definition it was issued
/// with, so that a later catalogue never rewrites an order's record.
public struct MobilizationTask: Sendable, Equatable {
  /// The key a script types: `notify`.
  public var id: String
  public var name: String
  public var englishName: String
  /// What a reached household is called under this task: 已告知 for notify, 已完成 for the rest.
  public var doneName: String
  public var englishDoneName: String

  public init(id: String, name: String, englishName: String, doneName: String, englishDoneName: String) {
    self.id = id
    self.name = name
    self.englishName = englishName
    self.doneName = doneName
    self.englishDoneName = englishDoneName
  }

  public func name(_ language: Language) -> String { language(name, englishName) }
}

/// The tasks an order may be issued with, in the order a palette offers them.
public struct TaskCatalogue: Sendable, Equatable {
  public var tasks: [MobilizationTask]

  public init(tasks: [MobilizationTask]) { self.tasks = tasks }

  /// A task by its key, its Chinese name or its English name.
  public func task(named word: String) -> MobilizationTask? {
    tasks.first { $0.id == word || $0.name == word || $0.englishName == word }
  }

  /// Checks a list a room defines: at least one task, every word filled in without control
  /// characters, and no key or name meaning two tasks (`task(named:)` must find one).
  public func validate() throws(DomainError) {
    guard !tasks.isEmpty else {
      throw DomainError("动员任务目录不能为空", english: "a task catalogue needs at least one task")
    }
    var owners: [String: String] = [:]
    for task in tasks {
      try FreeText.check(task.id, field: ("任务代码", "task key"))
      try FreeText.check(task.name, field: ("任务名称（\(task.id)）", "Chinese name of \(task.id)"))
      try FreeText.check(task.englishName, field: ("英文名称（\(task.id)）", "English name of \(task.id)"))
      try FreeText.check(task.doneName, field: ("完成说法（\(task.id)）", "Chinese done word of \(task.id)"))
      try FreeText.check(
        task.englishDoneName, field: ("英文完成说法（\(task.id)）", "English done word of \(task.id)"))
      guard owners[task.id] != task.id else {
        throw DomainError("任务代码 \(task.id) 重复", english: "the task key \(task.id) is given twice")
      }
      for word in Set([task.id, task.name, task.englishName]) {
        if let other = owners[word] {
          throw DomainError(
            "'\(word)' 同时指任务 \(other) 和 \(task.id)",
            english: "'\(word)' names both tasks \(other) and \(task.id)")
        }
        owners[word] = task.id
      }
    }
  }

  /// The four tasks of a lockdown (DESIGN.md §2, issue 12).
  public static let standard = TaskCatalogue(tasks: [
    MobilizationTask(
      id: "notify", name: "告知", englishName: "notify", doneName: "已告知", englishDoneName: "told"),
    MobilizationTask(
      id: "sample", name: "核酸", englishName: "sample", doneName: "已完成", englishDoneName: "done"),
    MobilizationTask(
      id: "transfer", name: "转运", englishName: "transfer", doneName: "已完成", englishDoneName: "done"),
    MobilizationTask(
      id: "deliver", name: "送物资", englishName: "deliver", doneName: "已完成", englishDoneName: "done"),
  ])
}

/// What a squad reports of one household (已告知/已完成, 不在家, 拒绝, 无法联系). Every figure keeps
/// all households in its denominator, whatever their outcome.
public enum HouseholdOutcome: UInt8, CaseIterable, Sendable, FieldTerm {
  /// 已告知 / 已完成: the task is done for this household.
  case reached
  /// 不在家: not reached; the squad comes back (revisit).
  case notHome
  /// 拒绝: the household refused; no revisit changes it.
  case refused
  /// 无法联系: nobody could be found to reach; counted apart from not home.
  case unreachable

  public var chineseName: String {
    switch self {
    case .reached: "已完成"
    case .notHome: "不在家"
    case .refused: "拒绝"
    case .unreachable: "无法联系"
    }
  }

  /// The outcome as a script types it.
  public var key: String {
    switch self {
    case .reached: "reached"
    case .notHome: "notHome"
    case .refused: "refused"
    case .unreachable: "unreachable"
    }
  }

  public var englishName: String {
    switch self {
    case .reached: "reached"
    case .notHome: "not home"
    case .refused: "refused"
    case .unreachable: "unreachable"
    }
  }

  /// The outcome as an order's task words it: a reached household is 已告知 under 告知.
  public func name(_ language: Language, task: MobilizationTask) -> String {
    self == .reached ? language(task.doneName, task.englishDoneName) : name(language)
  }

  /// Whether the squads are done with the household: reached, or refused or unreachable, which a
  /// revisit will not change. A household not home, or not reported yet, is still to visit.
  public var isSettled: Bool { self != .notHome }

  /// An outcome as a person says it in a report: its key, its English or Chinese name, or the
  /// field's other words for it (已告知, done, not-home).
  public init?(word: String) {
    let folded = word.lowercased()
    guard
      let outcome = Self.allCases.first(where: {
        $0.key.lowercased() == folded || $0.englishName == folded || $0.chineseName == word
      }) ?? Self.synonyms[folded]
    else { return nil }
    self = outcome
  }

  private static let synonyms: [String: HouseholdOutcome] = [
    "done": .reached, "told": .reached, "已告知": .reached, "not-home": .notHome, "nothome": .notHome,
    "absent": .notHome,
  ]
}

/// The households of a place or an order by outcome. The denominator is every household in scope:
/// a household not home, refused or not yet reported stays in it.
public struct OutcomeTally: Sendable, Equatable, Encodable {
  public internal(set) var households = 0
  public internal(set) var reached = 0
  public internal(set) var notHome = 0
  public internal(set) var refused = 0
  public internal(set) var unreachable = 0

  public init() {}

  /// Households with a report of any outcome.
  public var reported: Int { reached + notHome + refused + unreachable }
  public var unreported: Int { households - reported }
  /// Households still to visit: not reported yet, or not home.
  public var outstanding: Int { unreported + notHome }
  /// Households the squads are done with (`HouseholdOutcome.isSettled`).
  public var settled: Int { households - outstanding }
  /// Reached households as a fraction of all households (0 when there are none).
  public var reachedShare: Double { households == 0 ? 0 : Double(reached) / Double(households) }

  public func count(_ outcome: HouseholdOutcome) -> Int {
    switch outcome {
    case .reached: reached
    case .notHome: notHome
    case .refused: refused
    case .unreachable: unreachable
    }
  }

  /// Another tally's counts added to these: several orders' figures as one (a city drill's ten).
  public mutating func add(_ other: OutcomeTally) {
    households += other.households
    reached += other.reached
    notHome += other.notHome
    refused += other.refused
    unreachable += other.unreachable
  }

  mutating func add(_ outcome: HouseholdOutcome, _ delta: Int) {
    switch outcome {
    case .reached: reached += delta
    case .notHome: notHome += delta
    case .refused: refused += delta
    case .unreachable: unreachable += delta
    }
  }

  /// A household's report replaced: one count down (when it had one), one up.
  mutating func replace(_ old: HouseholdOutcome?, with new: HouseholdOutcome) {
    if let old { add(old, -1) }
    add(new, 1)
  }

  enum CodingKeys: String, CodingKey {
    case households, reached, notHome, refused, unreachable, unreported, outstanding, reachedShare
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(households, forKey: .households)
    try c.encode(reached, forKey: .reached)
    try c.encode(notHome, forKey: .notHome)
    try c.encode(refused, forKey: .refused)
    try c.encode(unreachable, forKey: .unreachable)
    try c.encode(unreported, forKey: .unreported)
    try c.encode(outstanding, forKey: .outstanding)
    try c.encode(reachedShare, forKey: .reachedShare)
  }
}

/// 待命 → 出发 → 完成, or 受阻 with a reason.
public enum SquadStatus: UInt8, CaseIterable, Sendable, FieldTerm {
  case standingBy, active, done, blocked

  public var chineseName: String {
    switch self {
    case .standingBy: "待命"
    case .active: "出发"
    case .done: "完成"
    case .blocked: "受阻"
    }
  }

  public var englishName: String {
    switch self {
    case .standingBy: "standing by"
    case .active: "active"
    case .done: "done"
    case .blocked: "blocked"
    }
  }

  /// The status as a script types it.
  public var key: String {
    switch self {
    case .standingBy: "standby"
    case .active: "active"
    case .done: "done"
    case .blocked: "blocked"
    }
  }

  /// The states a squad may be moved to this one from: the one home of the squad's rules. A done
  /// squad may set out again (the revisit round for households not home); none returns to 待命.
  public var allowedFrom: [SquadStatus] {
    switch self {
    case .standingBy: []
    case .active: [.standingBy, .blocked, .done]
    case .blocked: [.standingBy, .active]
    case .done: [.standingBy, .active, .blocked]
    }
  }
}

/// Someone in a squad: formed with it when the order was issued, or attached later (a sent-down
/// cadre 下沉干部, a neighbouring community's emergency team member).
public struct SquadMember: Sendable, Equatable {
  public var person: PersonID
  /// When and by whom the member was attached; nil for the squad as formed.
  public var attachedAt: Timestamp?
  public var attachedBy: String?

  public init(person: PersonID, attachedAt: Timestamp? = nil, attachedBy: String? = nil) {
    self.person = person
    self.attachedAt = attachedAt
    self.attachedBy = attachedBy
  }
}

/// A change of a squad's status, kept for the after-action report.
public struct SquadStep: Sendable, Equatable {
  public var status: SquadStatus
  public var time: Timestamp
  public var actor: String
  /// Why a squad is blocked; empty otherwise.
  public var note: String
}

/// A squad as recorded in the order when it was issued: the stairwell and who was in it then.
public struct SquadFormation: Sendable, Equatable {
  public var stairwell: PlaceID
  public var members: [PersonID]

  public init(stairwell: PlaceID, members: [PersonID]) {
    self.stairwell = stairwell
    self.members = members
  }
}

/// 三人突击小组: one squad per stairwell of an order's scope.
public struct Squad: Sendable, Equatable {
  /// A full squad, as on 27 January 2022; fewer is short-handed.
  public static let fullStrength = 3

  public let stairwell: PlaceID
  public internal(set) var members: [SquadMember]
  public internal(set) var status = SquadStatus.standingBy
  public internal(set) var history: [SquadStep] = []
  /// The stairwell's households by outcome.
  public internal(set) var tally = OutcomeTally()
  public internal(set) var firstReportAt: Timestamp?
  /// When the last household still to visit was settled; nil while any is.
  public internal(set) var finishedAt: Timestamp?

  public var isShortHanded: Bool { members.count < Self.fullStrength }
  /// Why the squad is blocked, while it is.
  public var blockedReason: String? { status == .blocked ? history.last?.note : nil }
}

/// How an order ended.
public enum MobilizationClosing: UInt8, CaseIterable, Sendable, FieldTerm {
  /// 完成: the task is done.
  case completed
  /// 解除: called off before it was done (the threat passed, the plan changed).
  case stoodDown

  public var chineseName: String {
    switch self {
    case .completed: "完成"
    case .stoodDown: "解除"
    }
  }

  public var englishName: String {
    switch self {
    case .completed: "completed"
    case .stoodDown: "stood down"
    }
  }

  /// As a script types it.
  public var key: String {
    switch self {
    case .completed: "completed"
    case .stoodDown: "stood-down"
    }
  }
}

/// What happened to an order as a whole, in its timeline.
public enum MobilizationStepKind: UInt8, CaseIterable, Sendable {
  case issued, extended, completed, stoodDown
}

/// A step of an order's timeline: issued, each extension, the closing.
public struct MobilizationStep: Sendable, Equatable {
  public var kind: MobilizationStepKind
  public var time: Timestamp
  public var actor: String
  /// The deadline in force after the step.
  public var deadline: Timestamp
  /// An extension's reason, a closing's note.
  public var note: String
}

/// An order as it is issued (动员令); the issue time is the event's time and the issuing
/// operator its actor.
public struct MobilizationOrder: Sendable, Equatable {
  public var id: MobilizationID
  /// 全员告知：今晚集中转运
  public var title: String
  public var task: MobilizationTask
  /// Any place: a stairwell, a compound, a community, a street, the district.
  public var scope: PlaceID
  public var deadline: Timestamp
  /// 演练: watermarked on every screen, and like every order never counted in peace-time figures.
  public var isDrill: Bool
  /// Drill time runs this many times faster than real time: 1 for every real order. `weige drill
  /// --speed 60` plays a 45-minute drill in 45 seconds, and the 1·26 pace the chart measures it
  /// against runs as much faster, so the reference line still means the record.
  public var drillSpeed: Int
  /// One per stairwell in scope, as formed when issued.
  public var squads: [SquadFormation]

  public init(
    id: MobilizationID, title: String, task: MobilizationTask, scope: PlaceID, deadline: Timestamp,
    isDrill: Bool, drillSpeed: Int = 1, squads: [SquadFormation]
  ) {
    self.id = id
    self.title = title
    self.task = task
    self.scope = scope
    self.deadline = deadline
    self.isDrill = isDrill
    self.drillSpeed = drillSpeed
    self.squads = squads
  }
}

/// One household's outcome in a report.
public struct HouseholdReport: Sendable, Equatable {
  public var household: HouseholdID
  public var outcome: HouseholdOutcome

  public init(household: HouseholdID, outcome: HouseholdOutcome) {
    self.household = household
    self.outcome = outcome
  }
}

/// A household's latest report: what, when, and who reported it.
public struct HouseholdOutcomeRecord: Sendable, Equatable {
  public var outcome: HouseholdOutcome
  public var time: Timestamp
  public var reporter: String
}

/// How many squads are in each state, and how many are short-handed: the header's squad figures.
public struct SquadCounts: Sendable, Equatable, Encodable {
  public internal(set) var standingBy = 0
  public internal(set) var active = 0
  public internal(set) var done = 0
  public internal(set) var blocked = 0
  public internal(set) var shortHanded = 0

  public init() {}

  public var squads: Int { standingBy + active + done + blocked }

  public func count(_ status: SquadStatus) -> Int {
    switch status {
    case .standingBy: standingBy
    case .active: active
    case .done: done
    case .blocked: blocked
    }
  }

  mutating func add(_ status: SquadStatus, _ delta: Int) {
    switch status {
    case .standingBy: standingBy += delta
    case .active: active += delta
    case .done: done += delta
    case .blocked: blocked += delta
    }
  }
}

/// A mobilization order and everything done under it, as folded. Counts per stairwell and for the
/// order, the reached-over-time curve and each household's latest outcome are kept up to date by
/// each report in constant time, so a city drill's 22,000 reports a second never rescan anything.
///
/// Read it from the ledger when it is needed (a frame, a tick) rather than keeping a copy: while a
/// copy lives, the next report folded in must copy every household's outcome (a value's storage
/// is shared until one side changes).
public struct Mobilization: Sendable, Equatable {
  public let id: MobilizationID
  public let title: String
  public let task: MobilizationTask
  public let scope: PlaceID
  public let isDrill: Bool
  /// As `MobilizationOrder.drillSpeed`.
  public let drillSpeed: Int
  public let issuedAt: Timestamp
  public let issuedBy: String
  /// The deadline in force: the issued one, or the last extension's.
  public internal(set) var deadline: Timestamp
  /// Issued, each extension, the closing.
  public internal(set) var timeline: [MobilizationStep]
  /// The squads in the order they were formed (the scope's stairwells, depth first).
  public internal(set) var squads: [Squad]
  /// Every household in scope, by outcome.
  public internal(set) var tally = OutcomeTally()
  public internal(set) var squadCounts = SquadCounts()
  public internal(set) var curve: ReachCurve
  public internal(set) var firstReportAt: Timestamp?
  public internal(set) var lastReportAt: Timestamp?
  /// When the last household still to visit was settled; nil while any is.
  public internal(set) var finishedAt: Timestamp?
  var squadIndex: [PlaceID: Int] = [:]
  /// Each reported household's latest outcome, its time and its reporter (an index into
  /// `reporters`, so that a million reports do not hold a million copies of a few names).
  var outcomes = EntityTable<HouseholdEntity, PackedOutcome>()
  var reporters: [String] = []
  var reporterIndex: [String: UInt32] = [:]

  init(
    id: MobilizationID, title: String, task: MobilizationTask, scope: PlaceID, isDrill: Bool, drillSpeed: Int,
    issuedAt: Timestamp, issuedBy: String, deadline: Timestamp, timeline: [MobilizationStep], squads: [Squad]
  ) {
    self.id = id
    self.title = title
    self.task = task
    self.scope = scope
    self.isDrill = isDrill
    self.drillSpeed = drillSpeed
    self.issuedAt = issuedAt
    self.issuedBy = issuedBy
    self.deadline = deadline
    self.timeline = timeline
    self.squads = squads
    curve = ReachCurve(origin: issuedAt, drillSpeed: drillSpeed)
    reindexSquads()
  }

  /// Open until completed or stood down.
  public var isOpen: Bool { closing == nil }

  /// How the order ended, when it has.
  public var closing: MobilizationClosing? {
    switch timeline.last?.kind {
    case .completed: .completed
    case .stoodDown: .stoodDown
    case .issued, .extended, nil: nil
    }
  }

  /// When it was completed or stood down.
  public var closedAt: Timestamp? { closing == nil ? nil : timeline.last?.time }

  /// The deadline it was issued with, before any extension.
  public var originalDeadline: Timestamp { timeline.first?.deadline ?? deadline }

  /// The squad of a stairwell in scope.
  public func squad(at stairwell: PlaceID) -> Squad? { squadIndex[stairwell].map { squads[$0] } }

  /// A household's latest outcome, if it has been reported.
  public func outcome(of household: HouseholdID) -> HouseholdOutcomeRecord? {
    outcomes[household].map { record(of: $0) }
  }

  /// Every reported household with its latest outcome, in id order.
  public var reportedHouseholds: [(household: HouseholdID, record: HouseholdOutcomeRecord)] {
    zip(outcomes.keys, outcomes.values).map { ($0, record(of: $1)) }
  }

  private func record(of packed: PackedOutcome) -> HouseholdOutcomeRecord {
    HouseholdOutcomeRecord(
      outcome: packed.outcome, time: packed.time, reporter: reporters[Int(packed.reporter)])
  }

  mutating func reindexSquads() {
    squadIndex = [:]
    squadIndex.reserveCapacity(squads.count)
    squadCounts = SquadCounts()
    for (index, squad) in squads.enumerated() where squadIndex[squad.stairwell] == nil {
      squadIndex[squad.stairwell] = index
      squadCounts.add(squad.status, 1)
      if squad.isShortHanded { squadCounts.shortHanded += 1 }
    }
  }

  // MARK: The fold's steps (called by `Ledger.apply`)

  /// A household's report replaces the one before it, whatever the times say: reports are folded in
  /// the order the store took them, so the report appended later wins.
  mutating func record(
    _ outcome: HouseholdOutcome, for household: HouseholdID, stairwell: PlaceID, at time: Timestamp,
    by actor: String
  ) {
    guard let index = squadIndex[stairwell] else { return }
    let old = outcomes[household]?.outcome
    squads[index].tally.replace(old, with: outcome)
    tally.replace(old, with: outcome)
    let reachedDelta = (outcome == .reached ? 1 : 0) - (old == .reached ? 1 : 0)
    let settledDelta = (outcome.isSettled ? 1 : 0) - (old?.isSettled == true ? 1 : 0)
    if reachedDelta != 0 || settledDelta != 0 {
      curve.add(at: time, reached: Int32(reachedDelta), settled: Int32(settledDelta))
    }
    outcomes[household] = PackedOutcome(outcome: outcome, reporter: reporterNumber(actor), time: time)
    if firstReportAt == nil { firstReportAt = time }
    lastReportAt = time
    if squads[index].firstReportAt == nil { squads[index].firstReportAt = time }
    // A squad that reports has set out.
    if squads[index].status == .standingBy {
      setStatus(of: index, to: .active, at: time, by: actor, note: "")
    }
    noteFinish(of: index, at: time)
  }

  /// A household registered in a stairwell of the order after it was issued joins the denominator.
  mutating func countNewHousehold(in stairwell: PlaceID, at time: Timestamp) {
    guard let index = squadIndex[stairwell] else { return }
    squads[index].tally.households += 1
    tally.households += 1
    noteFinish(of: index, at: time)
  }

  /// Keeps the squad's and the order's finish times: set when the last household still to visit
  /// is settled, cleared when one becomes one to visit again.
  private mutating func noteFinish(of index: Int, at time: Timestamp) {
    if squads[index].tally.outstanding > 0 {
      squads[index].finishedAt = nil
    } else if squads[index].finishedAt == nil {
      squads[index].finishedAt = time
    }
    if tally.outstanding > 0 {
      finishedAt = nil
    } else if finishedAt == nil {
      finishedAt = time
    }
  }

  mutating func setStatus(
    of index: Int, to status: SquadStatus, at time: Timestamp, by actor: String, note: String
  ) {
    squadCounts.add(squads[index].status, -1)
    squadCounts.add(status, 1)
    squads[index].status = status
    squads[index].history.append(SquadStep(status: status, time: time, actor: actor, note: note))
  }

  mutating func attach(_ person: PersonID, to stairwell: PlaceID, at time: Timestamp, by actor: String) {
    guard let index = squadIndex[stairwell], !squads[index].members.contains(where: { $0.person == person })
    else { return }
    let wasShort = squads[index].isShortHanded
    squads[index].members.append(SquadMember(person: person, attachedAt: time, attachedBy: actor))
    if wasShort && !squads[index].isShortHanded { squadCounts.shortHanded -= 1 }
  }

  private mutating func reporterNumber(_ actor: String) -> UInt32 {
    if let number = reporterIndex[actor] { return number }
    let number = UInt32(reporters.count)
    reporters.append(actor)
    reporterIndex[actor] = number
    return number
  }
}

/// A household's latest outcome in 16 bytes: the time, and the reporter's number with the outcome
/// in its low two bits. A city order holds a million of them.
struct PackedOutcome: Sendable, Equatable {
  var time: Timestamp
  var bits: UInt32

  init(outcome: HouseholdOutcome, reporter: UInt32, time: Timestamp) {
    self.time = time
    bits = reporter << 2 | UInt32(outcome.rawValue)
  }

  var outcome: HouseholdOutcome { HouseholdOutcome(rawValue: UInt8(bits & 3))! }
  var reporter: UInt32 { bits >> 2 }
}

/// Households reached (and settled) over time, in one-second buckets counted from the order's
/// issue and kept only where something changed: a 45-minute order holds at most 2,700 of them
/// however many households it has, and a chart or a projection reads it in one pass. Bucket `k`
/// holds what happened in the second ending `k` seconds after the issue, so a count at a moment
/// takes only reports made by then.
public struct ReachCurve: Sendable, Equatable {
  public let origin: Timestamp
  /// A bucket's span: a second of the order's time, so a drill sped up 600 times keeps one
  /// bucket a drill second (1 ms of real time at the most) rather than one for ten drill minutes.
  let width: Int64
  /// Bucket numbers, ascending.
  var buckets: [Int64] = []
  var reachedDeltas: [Int32] = []
  var settledDeltas: [Int32] = []

  public init(origin: Timestamp, drillSpeed: Int = 1) {
    self.origin = origin
    width = max(1, 1000 / Int64(max(1, drillSpeed)))
  }

  public var isEmpty: Bool { buckets.isEmpty }

  /// The moment bucket `k` ends.
  func end(of bucket: Int64) -> Timestamp { Timestamp(milliseconds: origin.rawValue + bucket * width) }

  mutating func add(at time: Timestamp, reached: Int32, settled: Int32) {
    // The bucket whose span ends at or after `time`: rounded up.
    let offset = time.rawValue - origin.rawValue
    let bucket = offset >= 0 ? (offset + width - 1) / width : -((-offset) / width)
    var index = buckets.count
    if let last = buckets.last, bucket <= last {
      // Another process's clock may be a little behind: find its bucket.
      var low = 0
      var high = buckets.count
      while low < high {
        let middle = (low + high) / 2
        if buckets[middle] < bucket { low = middle + 1 } else { high = middle }
      }
      index = low
    }
    if index < buckets.count && buckets[index] == bucket {
      reachedDeltas[index] += reached
      settledDeltas[index] += settled
    } else {
      buckets.insert(bucket, at: index)
      reachedDeltas.insert(reached, at: index)
      settledDeltas.insert(settled, at: index)
    }
  }

  /// The last bucket wholly past by `time`: rounded down.
  private func lastBucket(by time: Timestamp) -> Int64 {
    let offset = time.rawValue - origin.rawValue
    return offset >= 0 ? offset / width : -((-offset + width - 1) / width)
  }

  /// Households reached by `time`.
  public func reached(at time: Timestamp) -> Int { total(of: reachedDeltas, through: time) }

  /// Households settled (reached, refused or unreachable) by `time`.
  public func settled(at time: Timestamp) -> Int { total(of: settledDeltas, through: time) }

  private func total(of deltas: [Int32], through time: Timestamp) -> Int {
    let last = lastBucket(by: time)
    var sum = 0
    for index in buckets.indices {
      guard buckets[index] <= last else { break }
      sum += Int(deltas[index])
    }
    return sum
  }

  /// Households reached at `count` moments evenly spaced from `start` to `end` (both included),
  /// in one pass: what a chart draws.
  public func samples(from start: Timestamp, to end: Timestamp, count: Int) -> [CurvePoint] {
    guard count > 0 else { return [] }
    let span = max(0, end.rawValue - start.rawValue)
    var points: [CurvePoint] = []
    points.reserveCapacity(count)
    var index = 0
    var sum = 0
    for step in 0..<count {
      let time = Timestamp(
        milliseconds: start.rawValue + (count == 1 ? span : span * Int64(step) / Int64(count - 1)))
      let last = lastBucket(by: time)
      while index < buckets.count && buckets[index] <= last {
        sum += Int(reachedDeltas[index])
        index += 1
      }
      points.append(CurvePoint(time: time, reached: sum))
    }
    return points
  }
}

/// Households reached by a moment.
public struct CurvePoint: Sendable, Equatable, Encodable {
  public var time: Timestamp
  public var reached: Int
}
