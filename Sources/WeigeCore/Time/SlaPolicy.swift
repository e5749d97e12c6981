/// One level of the escalation ladder (超时督办): who is told, and how long after a clock's
/// deadline (counted on the working calendar, or the wall clock) they are reached.
public struct EscalationLevel: Hashable, Sendable {
  /// 网格长, 社区书记, 街道 …
  public var name: String
  /// The name with `--lang en`.
  public var englishName: String
  /// The delay after the deadline; zero for "at the deadline".
  public var after: WorkingTimeLimit

  public init(name: String, englishName: String, after: WorkingTimeLimit) {
    self.name = name
    self.englishName = englishName
    self.after = after
  }

  public func name(_ language: Language) -> String { language(name, englishName) }
}

/// The clocks a ticket (or an alert) is opened under, as one cell of the SLA policy gives them.
/// A ticket's request carries its terms, so that editing the policy file later does not move its
/// clocks (see `TicketRequest.terms`).
public struct SlaTerms: Hashable, Sendable {
  /// 签收: from dispatch (派单) to the assignee's accepting it (接单).
  public var sign: WorkingTimeLimit
  /// From a missed 签收 (or acknowledgement) deadline, the reminder, to the ladder's first level.
  public var remind: WorkingTimeLimit
  /// 办结: from the request (or a reopening) to resolving it.
  public var resolve: WorkingTimeLimit
  /// An alert of this class and urgency must be acknowledged (确认) within this.
  public var acknowledge: WorkingTimeLimit
  /// 预警 starts when this share of a clock's time is used, in percent (75 by default).
  public var warningPercent: Int
  /// 超时督办, in the order the levels are reached.
  public var ladder: [EscalationLevel]

  public init(
    sign: WorkingTimeLimit, remind: WorkingTimeLimit, resolve: WorkingTimeLimit,
    acknowledge: WorkingTimeLimit, warningPercent: Int, ladder: [EscalationLevel]
  ) {
    self.sign = sign
    self.remind = remind
    self.resolve = resolve
    self.acknowledge = acknowledge
    self.warningPercent = warningPercent
    self.ladder = ladder
  }
}

/// The SLA policy (时限规则): terms for each demand class and urgency. What Weige ships is
/// `sla-policy.toml` beside this file (`ShippedSlaPolicy.swift` holds it as plain values); a
/// user's `sla.toml` replaces it (WeigeConfig's `SlaFile`).
public struct SlaPolicy: Hashable, Sendable {
  /// The policy's name and the rules it follows, as the file states them.
  public var name: String
  public var source: String
  /// One cell a class and urgency: `cells[class.rawValue * 3 + urgency.rawValue]`.
  public private(set) var cells: [SlaTerms]

  /// Every cell must be given: `terms(class, urgency)` is total.
  public init(name: String, source: String, terms: (DemandClass, Urgency) -> SlaTerms) {
    self.name = name
    self.source = source
    cells = DemandClass.allCases.flatMap { demand in Urgency.allCases.map { terms(demand, $0) } }
  }

  public func terms(_ demandClass: DemandClass, _ urgency: Urgency) -> SlaTerms {
    cells[Int(demandClass.rawValue) * Urgency.allCases.count + Int(urgency.rawValue)]
  }

  /// What Weige ships (`sla-policy.toml`).
  public static let shipped = ShippedSlaPolicy.policy
}

extension WorkingTimeLimit {
  /// Whether the limit is zero: a ladder level reached at the deadline itself.
  public var isZero: Bool {
    switch self {
    case .workingDays(let n), .workingMinutes(let n), .wallClockMinutes(let n): n == 0
    }
  }

  /// As the policy file and `--by` write it: `5 working days`, `4 working hours`,
  /// `90 working minutes`, `30 minutes`, `12 hours` (the last two wall-clock: nights and holidays
  /// count).
  public var text: String {
    func unit(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
    switch self {
    case .workingDays(let n): return unit(n, "working day")
    case .workingMinutes(let n) where n % 60 == 0 && n > 0: return unit(n / 60, "working hour")
    case .workingMinutes(let n): return unit(n, "working minute")
    case .wallClockMinutes(let n) where n % 60 == 0 && n > 0: return unit(n / 60, "hour")
    case .wallClockMinutes(let n): return unit(n, "minute")
    }
  }

  /// `5个工作日`, `4个工作小时`, `30分钟`: the limit as the Chinese screen says it.
  public var chineseText: String {
    switch self {
    case .workingDays(let n): "\(n)个工作日"
    case .workingMinutes(let n) where n % 60 == 0 && n > 0: "\(n / 60)个工作小时"
    case .workingMinutes(let n): "\(n)个工作分钟"
    case .wallClockMinutes(let n) where n % 60 == 0 && n > 0: "\(n / 60)小时"
    case .wallClockMinutes(let n): "\(n)分钟"
    }
  }

  public func text(_ language: Language) -> String { language(chineseText, text) }

  /// `2个工作日` and its shorter forms; nil for anything else.
  private init?(chinese text: String) {
    let compact = text.filter { !$0.isWhitespace }
    let digits = compact.prefix { $0.isASCII && $0.isNumber }
    guard !digits.isEmpty, digits.count <= 6, let n = Int(digits), n <= 100_000 else { return nil }
    var unit = compact.dropFirst(digits.count)
    if unit.hasPrefix("个") { unit = unit.dropFirst() }
    switch unit {
    case "工作日": self = .workingDays(n)
    case "工作小时", "工作时": self = .workingMinutes(n * 60)
    case "工作分钟": self = .workingMinutes(n)
    case "小时": self = .wallClockMinutes(n * 60)
    case "分钟": self = .wallClockMinutes(n)
    default: return nil
    }
  }

  /// Reads `text`'s forms (singular or plural, any spaces), or the Chinese ones `chineseText`
  /// writes (`2个工作日`, `2工作日`, `4工作小时`, `12小时`, `30分钟`): nil for anything else. `N` is 0 to
  /// 100,000; a zero limit is the caller's to refuse where it means nothing.
  public init?(parsing text: String) {
    if let chinese = Self(chinese: text) {
      self = chinese
      return
    }
    let words = text.split(whereSeparator: \.isWhitespace).map { $0.lowercased() }
    guard (2...3).contains(words.count), words[0].allSatisfy({ $0.isASCII && $0.isNumber }),
      words[0].count <= 6, let n = Int(words[0]), n <= 100_000
    else { return nil }
    func unit(_ word: String, _ name: String) -> Bool { word == name || word == name + "s" }
    if words.count == 3 {
      guard words[1] == "working" else { return nil }
      if unit(words[2], "day") {
        self = .workingDays(n)
      } else if unit(words[2], "hour") {
        self = .workingMinutes(n * 60)
      } else if unit(words[2], "minute") {
        self = .workingMinutes(n)
      } else {
        return nil
      }
    } else if unit(words[1], "hour") {
      self = .wallClockMinutes(n * 60)
    } else if unit(words[1], "minute") {
      self = .wallClockMinutes(n)
    } else {
      return nil
    }
  }
}
