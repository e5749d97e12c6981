/// Recognition of stairwells and people (DESIGN.md §2: 星级楼道, 先锋楼道, 红黑榜, 志愿时长, 积分):
/// the stairwell conventions adopted, each volunteer's hours and points, and the honours the
/// operators award. Folded from four event kinds; the monthly star rating is computed from the
/// ledger by `StarRules` (StarRating.swift), not stored.
public struct Recognition: Sendable, Equatable {
  /// 楼道公约 by stairwell: Binjiang reports 72 % of its stairwells with one.
  public internal(set) var conventions: [PlaceID: StairwellConvention] = [:]
  /// Each volunteer's hours and points, by person.
  public internal(set) var accounts: [PersonID: VolunteerAccount] = [:]
  /// 先锋 and 红黑榜 entries, in the order they were awarded.
  public internal(set) var honours: [HonourRecord] = []

  public init() {}

  /// Folds one of recognition's events; others change nothing. Total, as the ledger's fold is:
  /// a redemption the balance cannot cover (an older, laxer build's) is kept as recorded, so
  /// replay never stops; Core refuses it before it is appended.
  mutating func apply(_ body: EventBody, time: Timestamp, actor: String) {
    switch body {
    case .conventionAdopted(let stairwell, let title):
      guard conventions[stairwell] == nil else { return }
      conventions[stairwell] = StairwellConvention(title: title, adoptedAt: time, actor: actor)
    case .volunteerHoursRecorded(let hours):
      accounts[hours.person, default: VolunteerAccount()].entries.append(
        VolunteerEntry(activity: hours.activity, minutes: hours.minutes, points: hours.points, time: time))
    case .pointsRedeemed(let redemption):
      accounts[redemption.person, default: VolunteerAccount()].redemptions.append(
        PointsSpent(reward: redemption.reward, points: redemption.points, time: time))
    case .honourAwarded(let honour):
      honours.append(HonourRecord(honour: honour, time: time, actor: actor))
    case .honourWithdrawn(let honour, let awardedAt):
      // The award leaves the boards; the log keeps it and the withdrawal with its reason. A list
      // entry named by when it was given leaves alone, its kind's other entries stay.
      if awardedAt != nil {
        if let index = honours.firstIndex(where: { $0.isNamed(byWithdrawalOf: honour, awardedAt: awardedAt) })
        {
          honours.remove(at: index)
        }
      } else {
        honours.removeAll { $0.isNamed(byWithdrawalOf: honour, awardedAt: nil) }
      }
    default:
      break
    }
  }

  /// The honours of `month`, in the order they were awarded.
  public func honours(in month: CivilMonth) -> [HonourRecord] { honours.filter { $0.honour.month == month } }
}

/// A stairwell's convention (楼道公约): its title, and when and by whom it was recorded adopted.
public struct StairwellConvention: Sendable, Equatable {
  public var title: String
  public var adoptedAt: Timestamp
  public var actor: String
}

/// What `volunteer.hours-recorded` says: someone gave `minutes` to an activity and earned
/// `points` by the rule in force when it was recorded (`StarRules.points(forMinutes:)`), so that
/// editing the rule later changes no balance, as a ticket keeps its terms.
public struct VolunteerHours: Sendable, Equatable {
  public var person: PersonID
  public var activity: String
  public var minutes: Int
  public var points: Int

  public init(person: PersonID, activity: String, minutes: Int, points: Int) {
    self.person = person
    self.activity = activity
    self.minutes = minutes
    self.points = points
  }
}

/// What `points.redeemed` says: a volunteer exchanged points for a reward (积分兑换).
public struct PointsRedemption: Sendable, Equatable {
  public var person: PersonID
  public var points: Int
  public var reward: String

  public init(person: PersonID, points: Int, reward: String) {
    self.person = person
    self.points = points
    self.reward = reward
  }
}

/// One activity a volunteer's hours were recorded for.
public struct VolunteerEntry: Sendable, Equatable {
  public var activity: String
  public var minutes: Int
  public var points: Int
  public var time: Timestamp
}

/// One exchange of points.
public struct PointsSpent: Sendable, Equatable {
  public var reward: String
  public var points: Int
  public var time: Timestamp
}

/// A volunteer's record: every activity and every exchange, and the sums read off them.
public struct VolunteerAccount: Sendable, Equatable {
  public internal(set) var entries: [VolunteerEntry] = []
  public internal(set) var redemptions: [PointsSpent] = []

  public var minutes: Int { entries.reduce(0) { $0 + $1.minutes } }
  public var earned: Int { entries.reduce(0) { $0 + $1.points } }
  public var spent: Int { redemptions.reduce(0) { $0 + $1.points } }
  /// Points left to exchange: never below zero in a log Core checked.
  public var balance: Int { earned - spent }

  /// Minutes given in `month`.
  public func minutes(in month: CivilMonth) -> Int {
    entries.lazy.filter { month.contains($0.time) }.reduce(0) { $0 + $1.minutes }
  }
}

/// The kinds of honour: the two the field names 先锋 (Binjiang's 先锋楼道 and 先锋个人, chosen each
/// month), and the two sides of the 红黑榜 (Hejiang: recognised, and named for improvement).
public enum HonourKind: UInt8, CaseIterable, Sendable, FieldTerm {
  case vanguardStairwell, vanguardPerson, red, black

  public var chineseName: String {
    switch self {
    case .vanguardStairwell: "先锋楼道"
    case .vanguardPerson: "先锋个人"
    case .red: "红榜"
    case .black: "黑榜"
    }
  }

  public var englishName: String {
    switch self {
    case .vanguardStairwell: "vanguard stairwell"
    case .vanguardPerson: "vanguard person"
    case .red: "red list"
    case .black: "black list"
    }
  }

  /// The word typed for it: `vanguard-stairwell`, `vanguard-person`, `red`, `black`.
  public var key: String {
    switch self {
    case .vanguardStairwell: "vanguard-stairwell"
    case .vanguardPerson: "vanguard-person"
    case .red: "red"
    case .black: "black"
    }
  }

  /// Whether it names a person; the others name a stairwell.
  public var namesPerson: Bool { self == .vanguardPerson }

  /// 先锋楼道 or 先锋个人: chosen once a month, so a kind, subject and month name one award.
  public var isVanguard: Bool { self == .vanguardStairwell || self == .vanguardPerson }
}

/// Who or what an honour names.
public enum HonourSubject: Hashable, Sendable {
  case stairwell(PlaceID)
  case person(PersonID)
}

/// What `honour.awarded` says: a kind, its subject, the month it is for, and why.
public struct Honour: Sendable, Equatable {
  public var kind: HonourKind
  public var subject: HonourSubject
  public var month: CivilMonth
  public var reason: String

  public init(kind: HonourKind, subject: HonourSubject, month: CivilMonth, reason: String) {
    self.kind = kind
    self.subject = subject
    self.month = month
    self.reason = reason
  }
}

extension Honour {
  /// Whether both name one 先锋 award: its kind, subject and month (the reasons may differ).
  func isSameAward(as other: Honour) -> Bool {
    kind == other.kind && subject == other.subject && month == other.month
  }
}

/// An honour as awarded: when and by which operator.
public struct HonourRecord: Sendable, Equatable {
  public var honour: Honour
  public var time: Timestamp
  public var actor: String

  /// Whether withdrawing `withdrawn` (given at `awardedAt`, for a 红黑榜 entry) takes this award
  /// back: the fold and `HonourHistory` decide by it.
  func isNamed(byWithdrawalOf withdrawn: Honour, awardedAt: Timestamp?) -> Bool {
    honour.isSameAward(as: withdrawn) && (awardedAt == nil || awardedAt == time)
  }

  /// What names this award among the others on the boards.
  public var entry: HonourEntry {
    HonourEntry(kind: honour.kind, subject: honour.subject, month: honour.month, awardedAt: time)
  }
}

/// One award as it stands on a board: its kind, subject and month, and when it was awarded. A
/// 先锋 is named by the first three (once a month); a 红黑榜 entry, of which a stairwell may have
/// many in a month, needs the fourth.
public struct HonourEntry: Hashable, Sendable {
  public var kind: HonourKind
  public var subject: HonourSubject
  public var month: CivilMonth
  public var awardedAt: Timestamp

  public init(kind: HonourKind, subject: HonourSubject, month: CivilMonth, awardedAt: Timestamp) {
    self.kind = kind
    self.subject = subject
    self.month = month
    self.awardedAt = awardedAt
  }
}

/// Every award with the number of its `honour.awarded` event (the `记录 #N` that `weige honours
/// withdraw --entry` takes), standing or withdrawn, with who withdrew it and why: read from the log
/// by `weige honours list`, since the fold keeps only the standing awards and not their numbers.
public struct HonourHistory: Sendable, Equatable {
  public struct Entry: Sendable, Equatable {
    /// The `honour.awarded` event's sequence number.
    public var sequence: Int64
    public var record: HonourRecord
    public var withdrawal: Withdrawal?
  }

  /// An award taken back: when, by whom, and why.
  public struct Withdrawal: Sendable, Equatable {
    public var time: Timestamp
    public var actor: String
    public var reason: String
  }

  /// In the order they were awarded.
  public private(set) var entries: [Entry] = []

  public init() {}

  /// Takes in one recorded event; only honours' events change anything. A withdrawal marks what
  /// the fold removes: a 红黑榜 entry's first standing match, or every standing match of a 先锋.
  public mutating func apply(_ event: RecordedEvent) {
    switch event.body {
    case .honourAwarded(let honour):
      entries.append(
        Entry(
          sequence: event.sequence, record: HonourRecord(honour: honour, time: event.time, actor: event.actor)
        ))
    case .honourWithdrawn(let honour, let awardedAt):
      let standing = entries.indices.filter {
        entries[$0].withdrawal == nil
          && entries[$0].record.isNamed(byWithdrawalOf: honour, awardedAt: awardedAt)
      }
      for index in awardedAt == nil ? standing : Array(standing.prefix(1)) {
        entries[index].withdrawal = Withdrawal(time: event.time, actor: event.actor, reason: honour.reason)
      }
    default:
      return
    }
  }
}

// MARK: Validation

extension Ledger {
  /// Checks one of recognition's events against this state: its texts, that what it names
  /// exists, and that no balance goes below zero. Validation.swift calls it for these kinds.
  func validateRecognition(_ body: EventBody) throws(DomainError) {
    let long = FreeText.longLimit
    switch body {
    case .conventionAdopted(let stairwell, let title):
      try FreeText.check(title, field: ("公约名称", "convention's title"))
      try requireRecognisedStairwell(stairwell)
      if let adopted = recognition.conventions[stairwell] {
        throw DomainError(
          "\(fieldName(of: stairwell)) 已于 \(adopted.adoptedAt.chinaDateTime.prefix(10)) 订立楼道公约「\(adopted.title)」",
          english:
            "\(fieldName(of: stairwell)) adopted its convention \"\(adopted.title)\" on \(adopted.adoptedAt.chinaDateTime.prefix(10))"
        )
      }
    case .volunteerHoursRecorded(let hours):
      try FreeText.check(hours.activity, field: ("活动", "activity"))
      _ = try person(hours.person)
      guard (1...VolunteerHours.mostMinutes).contains(hours.minutes) else {
        throw DomainError(
          "志愿时长须在 1 分钟到 24 小时之间，不是 \(hours.minutes) 分钟",
          english: "volunteer time is 1 minute to 24 hours, not \(hours.minutes) minutes")
      }
      guard hours.points >= 0 else {
        throw DomainError(
          "积分不能为负：\(hours.points)", english: "points earned cannot be negative: \(hours.points)")
      }
    case .pointsRedeemed(let redemption):
      try FreeText.check(redemption.reward, field: ("兑换物品", "reward"))
      let who = try person(redemption.person)
      guard redemption.points > 0 else {
        throw DomainError(
          "兑换积分须大于零，不是 \(redemption.points)",
          english: "points redeemed must be above zero, not \(redemption.points)")
      }
      let balance = recognition.accounts[redemption.person]?.balance ?? 0
      guard redemption.points <= balance else {
        throw DomainError(
          "积分不足：\(who.name) 余 \(balance) 分，兑换「\(redemption.reward)」需 \(redemption.points) 分",
          english:
            "not enough points: \(who.name) has \(balance), and \"\(redemption.reward)\" takes \(redemption.points)"
        )
      }
    case .honourAwarded(let honour):
      try FreeText.check(honour.reason, field: ("理由", "reason"), limit: long)
      switch (honour.kind.namesPerson, honour.subject) {
      case (true, .person(let id)): _ = try person(id)
      case (false, .stairwell(let id)): try requireRecognisedStairwell(id)
      case (true, .stairwell(let id)):
        throw DomainError(
          "\(honour.kind.chineseName)评的是人，不是 \(fieldName(of: id))",
          english: "a \(honour.kind.englishName) names a person, not \(fieldName(of: id))")
      case (false, .person(let id)):
        throw DomainError(
          "\(honour.kind.chineseName)评的是楼道，不是 \(people[id]?.name ?? id.description)",
          english:
            "the \(honour.kind.englishName) names a stairwell, not \(people[id]?.name ?? id.description)")
      }
      if honour.kind.isVanguard,
        recognition.honours.contains(where: { $0.honour.isSameAward(as: honour) })
      {
        throw DomainError(
          "\(honourSubjectName(honour.subject)) 已是 \(honour.month) \(honour.kind.chineseName)",
          english:
            "\(honourSubjectName(honour.subject)) is already a \(honour.kind.englishName) of \(honour.month)")
      }
    case .honourWithdrawn(let honour, let awardedAt):
      // A 红黑榜 entry may be given again and again in a month, so it is named by when it was
      // given; a 先锋 (once a month) by its kind, subject and month.
      guard honour.kind.isVanguard || awardedAt != nil else {
        throw DomainError(
          "\(honour.kind.chineseName)条目须指明是哪一条（上榜时间）",
          english: "a \(honour.kind.englishName) entry is withdrawn by when it was given")
      }
      guard
        recognition.honours.contains(where: {
          $0.honour.isSameAward(as: honour)
            && (awardedAt.map(\.rawValue) ?? $0.time.rawValue) == $0.time.rawValue
        })
      else {
        let name = honourSubjectName(honour.subject)
        if let awardedAt, !honour.kind.isVanguard {
          let when = String(awardedAt.chinaDateTime.prefix(16))
          throw DomainError(
            "\(name) 没有 \(when) 上的\(honour.kind.chineseName)（或已撤销）",
            english: "\(name) has no \(honour.kind.englishName) entry given at \(when) (or it was withdrawn)")
        }
        throw DomainError(
          "\(name) 不是 \(honour.month) \(honour.kind.chineseName)",
          english: "\(name) is not a \(honour.kind.englishName) of \(honour.month)")
      }
      try FreeText.check(honour.reason, field: ("撤销理由", "reason to withdraw"), limit: long)
    default:
      break
    }
  }

  /// A stairwell by its field name, a person by their name.
  public func honourSubjectName(_ subject: HonourSubject) -> String {
    switch subject {
    case .stairwell(let id): fieldName(of: id)
    case .person(let id): people[id]?.name ?? id.description
    }
  }

  /// Conventions, honours and star ratings belong to stairwells.
  private func requireRecognisedStairwell(_ id: PlaceID) throws(DomainError) {
    let place = try self.place(id)
    guard place.level == .stairwell else {
      throw DomainError(
        "\(fieldName(of: id)) 是\(place.level.chineseName)，不是楼道",
        english: "\(fieldName(of: id)) is a \(place.level.englishName), not a stairwell")
    }
  }
}

extension VolunteerHours {
  /// A day: more than that in one entry is a typing mistake.
  public static let mostMinutes = 24 * 60

  /// Volunteer time as typed: `2h`, `90m`, `1h30m`, `2小时`, `90分钟`, `1小时30分`; the CLI's
  /// `--time` and the palette's `hours add` both read it here. Core's validation checks the range.
  public static func minutes(parsing text: String) throws(DomainError) -> Int {
    var rest = Substring(
      FreeText.trimmed(text).replacingOccurrences(of: "小时", with: "h").replacingOccurrences(
        of: "分钟", with: "m"
      )
      .replacingOccurrences(of: "分", with: "m"))
    var minutes = 0
    var matched = false
    for (unit, factor) in [("h", 60), ("m", 1)] {
      guard let end = rest.firstIndex(of: Character(unit)) else { continue }
      guard let value = Int(rest[..<end]), value >= 0 else { break }
      minutes += value * factor
      rest = rest[rest.index(after: end)...]
      matched = true
    }
    guard matched, rest.isEmpty else {
      throw DomainError(
        "'\(text)' 不是时长：写 2h、90m、1h30m 或 2小时", english: "'\(text)' is not a time: write 2h, 90m or 1h30m")
    }
    return minutes
  }

  /// `2小时30分`, `2h30m`: volunteer time as the board and the feed say it.
  public static func duration(_ minutes: Int, _ l: Language) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60)
    if rest == 0 { return l("\(hours)小时", "\(hours)h") }
    return hours == 0 ? l("\(rest)分钟", "\(rest)m") : l("\(hours)小时\(rest)分", "\(hours)h\(rest)m")
  }
}

// MARK: Coding

extension EventBody {
  /// The payload fields of recognition's kinds; EventCoding.swift calls these.
  func encodeRecognition(into w: inout BinaryWriter) {
    switch self {
    case .conventionAdopted(let stairwell, let title):
      w.write(stairwell.rawValue)
      w.write(title)
    case .volunteerHoursRecorded(let hours):
      w.write(hours.person.rawValue)
      w.write(hours.activity)
      w.write(hours.minutes)
      w.write(hours.points)
    case .pointsRedeemed(let redemption):
      w.write(redemption.person.rawValue)
      w.write(redemption.points)
      w.write(redemption.reward)
    case .honourAwarded(let honour):
      honour.encode(into: &w)
    case .honourWithdrawn(let honour, let awardedAt):
      honour.encode(into: &w)
      w.write(optional: awardedAt)
    default:
      break
    }
  }

  static func decodeRecognition(kind: EventKind, from r: inout BinaryReader) throws(BinaryDecodingError)
    -> EventBody
  {
    switch kind {
    case .conventionAdopted:
      let stairwell = PlaceID(try r.readInt("stairwell"))
      return .conventionAdopted(stairwell, title: try r.readString("title"))
    case .volunteerHoursRecorded:
      let person = PersonID(try r.readInt("person"))
      let activity = try r.readString("activity")
      let minutes = try r.readInt("minutes")
      return .volunteerHoursRecorded(
        VolunteerHours(person: person, activity: activity, minutes: minutes, points: try r.readInt("points")))
    case .pointsRedeemed:
      let person = PersonID(try r.readInt("person"))
      let points = try r.readInt("points")
      return .pointsRedeemed(
        PointsRedemption(person: person, points: points, reward: try r.readString("reward")))
    case .honourAwarded:
      return .honourAwarded(try Honour(from: &r))
    case .honourWithdrawn:
      let honour = try Honour(from: &r)
      return .honourWithdrawn(honour, awardedAt: r.isAtEnd ? nil : try r.readOptionalTime("awardedAt"))
    default:
      preconditionFailure("\(kind.name) is not an event of recognition")
    }
  }
}

extension Honour {
  func encode(into w: inout BinaryWriter) {
    w.write(UInt64(kind.rawValue))
    switch subject {
    case .stairwell(let id):
      w.write(UInt64(0))
      w.write(id.rawValue)
    case .person(let id):
      w.write(UInt64(1))
      w.write(id.rawValue)
    }
    w.write(month.year * 100 + month.month)
    w.write(reason)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let kind = try r.readEnum("honour.kind", as: HonourKind.self)
    let subjectKind = try r.readUInt64("honour.subject")
    let id = try r.readInt("honour.id")
    let subject: HonourSubject
    switch subjectKind {
    case 0: subject = .stairwell(PlaceID(id))
    case 1: subject = .person(PersonID(id))
    default: throw .invalid(field: "honour.subject", value: Int64(truncatingIfNeeded: subjectKind))
    }
    let yearMonth = try r.readInt("honour.month")
    guard let month = CivilMonth(year: yearMonth / 100, month: yearMonth % 100) else {
      throw .invalid(field: "honour.month", value: Int64(yearMonth))
    }
    self.init(kind: kind, subject: subject, month: month, reason: try r.readString("honour.reason"))
  }
}

extension Recognition {
  /// The snapshot's section of recognition; LedgerSnapshot calls it.
  func encode(into w: inout BinaryWriter) {
    let stairwells = conventions.keys.sorted()
    w.write(UInt64(stairwells.count))
    for id in stairwells {
      let convention = conventions[id]!
      w.write(id.rawValue)
      w.write(convention.title)
      w.write(convention.adoptedAt.rawValue)
      w.write(convention.actor)
    }
    let people = accounts.keys.sorted()
    w.write(UInt64(people.count))
    for id in people {
      let account = accounts[id]!
      w.write(id.rawValue)
      w.write(UInt64(account.entries.count))
      for entry in account.entries {
        w.write(entry.activity)
        w.write(entry.minutes)
        w.write(entry.points)
        w.write(entry.time.rawValue)
      }
      w.write(UInt64(account.redemptions.count))
      for spent in account.redemptions {
        w.write(spent.reward)
        w.write(spent.points)
        w.write(spent.time.rawValue)
      }
    }
    w.write(UInt64(honours.count))
    for record in honours {
      record.honour.encode(into: &w)
      w.write(record.time.rawValue)
      w.write(record.actor)
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init()
    for _ in 0..<(try r.readCount("conventions")) {
      let id = PlaceID(try r.readInt("convention.stairwell"))
      let title = try r.readString("convention.title")
      let adopted = Timestamp(milliseconds: try r.readInt64("convention.adoptedAt"))
      conventions[id] = StairwellConvention(
        title: title, adoptedAt: adopted, actor: try r.readString("convention.actor"))
    }
    for _ in 0..<(try r.readCount("accounts")) {
      let id = PersonID(try r.readInt("account.person"))
      var account = VolunteerAccount()
      for _ in 0..<(try r.readCount("account.entries")) {
        let activity = try r.readString("entry.activity")
        let minutes = try r.readInt("entry.minutes")
        let points = try r.readInt("entry.points")
        account.entries.append(
          VolunteerEntry(
            activity: activity, minutes: minutes, points: points,
            time: Timestamp(milliseconds: try r.readInt64("entry.time"))))
      }
      for _ in 0..<(try r.readCount("account.redemptions")) {
        let reward = try r.readString("redemption.reward")
        let points = try r.readInt("redemption.points")
        account.redemptions.append(
          PointsSpent(
            reward: reward, points: points, time: Timestamp(milliseconds: try r.readInt64("redemption.time")))
        )
      }
      accounts[id] = account
    }
    for _ in 0..<(try r.readCount("honours")) {
      let honour = try Honour(from: &r)
      let time = Timestamp(milliseconds: try r.readInt64("honour.time"))
      honours.append(HonourRecord(honour: honour, time: time, actor: try r.readString("honour.actor")))
    }
  }
}
