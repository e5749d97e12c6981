/// 延期: more time to resolve a ticket, with why and who approved it.
public struct TicketExtension: Hashable, Sendable {
  /// How much later the 办结 deadline falls: counted from the deadline it extends.
  public var by: WorkingTimeLimit
  public var reason: String
  /// Who approved it (the leader on call, a community secretary): a name, as the field writes it.
  public var approver: String
  public var time: Timestamp
  public var actor: String

  public init(by: WorkingTimeLimit, reason: String, approver: String, time: Timestamp, actor: String) {
    self.by = by
    self.reason = reason
    self.approver = approver
    self.time = time
    self.actor = actor
  }
}

/// What a duty clock is about: a ticket or an alert.
public enum DutySubject: Hashable, Sendable, CustomStringConvertible {
  case ticket(TicketID)
  case alert(AlertID)

  var streamKey: StreamKey {
    switch self {
    case .ticket(let id): .ticket(id)
    case .alert(let id): .alert(id)
    }
  }

  public var description: String {
    switch self {
    case .ticket(let id): id.description
    case .alert(let id): id.description
    }
  }
}

/// The duty desk's clocks: 签收 and 办结 of a ticket, the acknowledgement of an alert.
public enum DutyClockKind: UInt8, CaseIterable, Sendable, FieldTerm {
  case sign, resolve, acknowledge

  public var chineseName: String {
    switch self {
    case .sign: "签收"
    case .resolve: "办结"
    case .acknowledge: "确认"
    }
  }

  public var englishName: String {
    switch self {
    case .sign: "sign"
    case .resolve: "resolve"
    case .acknowledge: "acknowledge"
    }
  }

  /// Whether its first step is a reminder to the one who must act before anyone above is told:
  /// 签收 and acknowledgement are (the assignee or the desk may simply not have seen it); 办结's
  /// ladder starts at once.
  public var remindsFirst: Bool { self != .resolve }
}

/// One escalation step as appended (超时督办, or the reminder before it): the clock that ran out,
/// which of its steps this is, and the deadline that was missed. The event's id is a function of
/// the subject, the clock as it ran and the step (`Deadline.eventID(for:)`), so that every process
/// that notices the same step proposes the same event and the store keeps one.
public struct DutyEscalation: Hashable, Sendable {
  public var subject: DutySubject
  public var clock: DutyClockKind
  /// The index in the clock's steps: for 签收 and acknowledgement 0 is the reminder and 1 the
  /// ladder's first level; for 办结, the ladder's level.
  public var step: Int
  /// The clock's deadline as the appender's calendar gave it.
  public var deadline: Timestamp

  public init(subject: DutySubject, clock: DutyClockKind, step: Int, deadline: Timestamp) {
    self.subject = subject
    self.clock = clock
    self.step = step
    self.deadline = deadline
  }
}

/// An escalation step in a ticket's or alert's history.
public struct EscalationRecord: Hashable, Sendable {
  public var clock: DutyClockKind
  public var step: Int
  /// Who was told: the ladder level's name; empty for a reminder.
  public var level: String
  public var englishLevel: String
  public var deadline: Timestamp
  public var time: Timestamp
  public var actor: String

  public var isReminder: Bool { level.isEmpty }

  /// `签收提醒` or `超时督办 → 网格长`, and their English.
  public func text(_ language: Language) -> String {
    isReminder
      ? language("\(clock.chineseName)提醒", "\(clock.englishName) reminder")
      : language(
        "\(clock.chineseName)超时督办 → \(level)", "\(clock.englishName) overdue, escalated to \(englishLevel)")
  }
}

// MARK: The roster

/// 白班 08:30–17:30 and 夜班 17:30–08:30 (into the next day): the duty desk's two shifts.
public enum ShiftKind: UInt8, CaseIterable, Sendable, Comparable, FieldTerm {
  case day, night

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

  public var chineseName: String { self == .day ? "白班" : "夜班" }

  /// Minutes after 00:00 of the shift's date: the day shift starts at the office's opening, the
  /// night shift at its close and runs to the next opening.
  public var startMinute: Int { self == .day ? 510 : 1050 }
  public var endMinute: Int { self == .day ? 1050 : 1440 + 510 }
}

/// One shift: a date and day or night. The night of 21 November runs to 08:30 on the 22nd.
public struct ShiftID: Hashable, Comparable, Sendable, CustomStringConvertible {
  public var date: CivilDate
  public var kind: ShiftKind

  public init(date: CivilDate, kind: ShiftKind) {
    self.date = date
    self.kind = kind
  }

  /// The shift in which `moment` falls.
  public init(containing moment: Timestamp) {
    let date = CivilDate(inChina: moment)
    let minute = Int((moment.rawValue - date.startInChina.rawValue) / 60_000)
    if minute < ShiftKind.day.startMinute {
      self.init(date: date.adding(days: -1), kind: .night)
    } else {
      self.init(date: date, kind: minute < ShiftKind.day.endMinute ? .day : .night)
    }
  }

  /// A shift as typed: `2026-11-21 白班` (or `day`, `夜班`, `night`); nil for anything else.
  public init?(parsing text: String) {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    guard parts.count == 2, let date = CivilDate(parts[0]),
      let kind = ShiftKind.allCases.first(where: {
        $0.chineseName == parts[1] || $0.englishName == parts[1].lowercased()
      })
    else { return nil }
    self.init(date: date, kind: kind)
  }

  public var start: Timestamp { date.inChina(minute: kind.startMinute) }
  public var end: Timestamp { date.inChina(minute: kind.endMinute) }

  public var next: ShiftID {
    kind == .day ? ShiftID(date: date, kind: .night) : ShiftID(date: date.adding(days: 1), kind: .day)
  }

  public var previous: ShiftID {
    kind == .night ? ShiftID(date: date, kind: .day) : ShiftID(date: date.adding(days: -1), kind: .night)
  }

  /// Two a day, in order: what the snapshot and the codec store.
  var ordinal: Int { date.dayNumber * 2 + Int(kind.rawValue) }

  init(ordinal: Int) {
    self.init(
      date: CivilDate(dayNumber: CivilDate.floorDivide(ordinal, 2)),
      kind: CivilDate.floorModulo(ordinal, 2) == 0 ? .day : .night)
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.ordinal < rhs.ordinal }

  /// `2026-11-21 夜班`.
  public var description: String { "\(date) \(kind.chineseName)" }

  public func name(_ language: Language) -> String { "\(date) \(kind.name(language))" }

  /// `17:30–08:30`.
  public var hours: String {
    "\(ChinaTime.clock(kind.startMinute))–\(ChinaTime.clock(kind.endMinute % 1440))"
  }
}

/// Who holds a shift: the duty operator (值班员) and the leader on call (带班领导), by name as the
/// store's operators are named.
public struct RosterShift: Hashable, Sendable {
  public var shift: ShiftID
  public var operatorName: String
  public var leader: String

  public init(shift: ShiftID, operatorName: String, leader: String) {
    self.shift = shift
    self.operatorName = operatorName
    self.leader = leader
  }
}

/// A note the outgoing operator typed into the handover brief.
public struct HandoverNote: Hashable, Sendable {
  public var text: String
  public var time: Timestamp
  public var actor: String
}

/// The handover at a shift's end (交接班): the outgoing operator's notes, and the incoming
/// operator's signature once they have read the brief.
public struct Handover: Hashable, Sendable {
  public var notes: [HandoverNote] = []
  public var signedBy: String?
  public var signedAt: Timestamp?

  public var isSigned: Bool { signedAt != nil }
}

/// A 换班: who holds a shift now, who held it before, and why.
public struct RosterChange: Hashable, Sendable {
  public var shift: RosterShift
  public var before: RosterShift?
  public var reason: String
  public var time: Timestamp
  public var actor: String
}

/// The duty desk's own state: the roster as imported and changed, and the handovers.
public struct DutyLedger: Sendable, Equatable {
  public internal(set) var roster: [ShiftID: RosterShift] = [:]
  /// By the outgoing shift.
  public internal(set) var handovers: [ShiftID: Handover] = [:]
  /// 换班 in order, for the roster's print-out.
  public internal(set) var changes: [RosterChange] = []

  /// Who is on duty at `moment`: the shift it falls in, as the roster has it (nil when the roster
  /// has no one for it). The shift's end and its leader on call come with it.
  public func onDuty(at moment: Timestamp) -> RosterShift? { roster[ShiftID(containing: moment)] }

  /// The shifts from `first` through `last`, as the roster has them (a shift without anyone is left out).
  public func shifts(from first: ShiftID, through last: ShiftID) -> [RosterShift] {
    guard first <= last else { return [] }
    return (first.ordinal...last.ordinal).compactMap { roster[ShiftID(ordinal: $0)] }
  }

  /// 换班 of two rostered shifts: each takes the other's operator and keeps its leader on call.
  public func swap(_ first: ShiftID, _ second: ShiftID, reason: String) throws(DomainError) -> [EventBody] {
    guard let x = roster[first], let y = roster[second] else {
      throw DomainError(
        "换班的两个班次都须在排班表中：\(roster[first] == nil ? first : second) 不在",
        english:
          "both shifts must be on the roster to swap them: \((roster[first] == nil ? first : second).name(.en)) is not"
      )
    }
    return [
      .shiftChanged(
        RosterShift(shift: first, operatorName: y.operatorName, leader: x.leader), reason: reason),
      .shiftChanged(
        RosterShift(shift: second, operatorName: x.operatorName, leader: y.leader), reason: reason),
    ]
  }

  /// The handover `operatorName` signs as the incoming operator at `moment`: just before the
  /// change of shift (they hold the next one), the current shift's; after it, the last one's.
  public func handoverToSign(by operatorName: String, at moment: Timestamp) -> ShiftID {
    let current = ShiftID(containing: moment)
    return roster[current.next]?.operatorName == operatorName ? current : current.previous
  }

  /// The last handover due before `moment`: that of the latest shift to have ended by then, whether
  /// or not it was signed. Nil when no rostered shift has ended yet (within the last week).
  public func lastHandover(before moment: Timestamp) -> (shift: ShiftID, handover: Handover)? {
    var shift = ShiftID(containing: moment).previous
    for _ in 0..<14 {
      if roster[shift] != nil { return (shift, handovers[shift] ?? Handover()) }
      shift = shift.previous
    }
    return nil
  }
}
