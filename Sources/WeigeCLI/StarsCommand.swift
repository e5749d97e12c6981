import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeStore
import WeigeUI

/// `weige stars`, `convention`, `hours`, `points`, `honours`: star-rated stairwells (星级楼道),
/// 楼道公约, volunteer hours and points, 先锋 and the 红黑榜 from the command line, each a thin
/// layer over Core's decisions (Recognition.swift, StarRating.swift).
struct StarsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stars",
    abstract: "Star-rated stairwells (星级楼道) for a month, each with the rules that gave or cost its stars.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions
  @OptionGroup var rulesFile: StarRulesOption

  @Option(
    help:
      "yyyy-MM, in China time (default: the month the board rates: this month once a household has been visited in it, else last month)."
  )
  var month: String?

  @Option(help: "A place by name or path: its stairwells (default: every stairwell).")
  var place: String?

  func run() throws {
    let rules = try rulesFile.load()
    let now = Timestamp.now
    let chosen = try month.map(monthOption)
    let current = CivilMonth(inChina: now)
    if let chosen, chosen.startInChina > now { throw CLIError("--month \(chosen) has not begun") }
    let target = try store.open(.readOnly)
    let live = try target.openLedger()
    // Without --month, the month the board rates (Core's one rule), and say which.
    let rated = chosen.map { RatedMonth(month: $0, isCurrent: $0 == current) } ?? live.ratedMonth(at: now)
    let month = rated.month
    // A past month is rated on the ledger as it stood at its end, as the coverage report is.
    let ledger =
      month.endInChina <= now
      ? try target.ledger(
        through: try target.sequence(atOrBefore: Timestamp(milliseconds: month.endInChina.rawValue - 1)))
      : live
    let scope = try place.map { name in try naming("--place") { try resolvePlace(name, in: ledger) } }
    let ratings = ledger.starRatings(under: scope, in: month, rules: rules)
    let l = output.lang
    // This month or last month is said as the board says it; an older month by its number alone.
    let which = month >= current.previous ? rated.label(l) : nil
    if output.json {
      try printJSON(
        StarsAnswer(
          month: month.description, which: which, place: scope.map { ledger.fieldName(of: $0) },
          maximum: rules.maximum, stairwells: ratings.map { StarsAnswer.Rating($0, in: ledger, language: l) })
      )
      return
    }
    let scopeName = scope.map { ledger.fieldName(of: $0) } ?? l("全部", "everywhere")
    let heading = "\(month)" + (which.map { " " + $0 } ?? "")
    print(
      l(
        "星级楼道 \(heading) · \(scopeName) · \(ratings.count) 个楼道（满星 \(rules.maximum)）",
        "star-rated stairwells \(heading) · \(scopeName) · \(ratings.count) stairwells (at most \(rules.maximum))"
      ))
    let counts = (0...rules.maximum).reversed().map { stars in
      let glyphs = String(repeating: "★", count: stars) + String(repeating: "☆", count: rules.maximum - stars)
      return "\(glyphs) \(ratings.filter { $0.stars == stars }.count)"
    }
    print("  " + counts.joined(separator: "  "))
    let width = ratings.map { TextWidth.of(ledger.fieldName(of: $0.stairwell)) }.max() ?? 0
    for rating in ratings {
      let reasons = rating.reasons.map { ($0.earned ? "★" : "☆") + $0.text(l) }
      print(
        ledger.fieldName(of: rating.stairwell).padded(to: width + 2) + rating.glyphs + "  "
          + reasons.joined(separator: "  "))
    }
  }
}

/// A `--month` as typed (`2026-11`), or the one line that says how to write it.
func monthOption(_ text: String) throws -> CivilMonth {
  guard let month = CivilMonth(text) else {
    throw CLIError("--month '\(text)' is not a month: write it as 2026-11 (yyyy-MM)")
  }
  return month
}

/// `--rules FILE`: the star rules in force.
struct StarRulesOption: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "A star-rules file (default: $XDG_CONFIG_HOME/weige/stars.toml if it exists, else the built-in rules).",
      valueName: "file"))
  var rules: String?

  func load() throws -> StarRules { try loadStarRules(path: rules) }
}

/// The star rules in force (the file `path` names, else the user's `stars.toml`, else the
/// built-in ones); a bad file is one line naming the file and the key.
func loadStarRules(path: String?) throws -> StarRules {
  do {
    return try StarRulesFile.rules(path: path).rules
  } catch {
    throw CLIError(error.description)
  }
}

/// `weige stars --json`.
struct StarsAnswer: Encodable {
  struct Reason: Encodable {
    var rule: String
    var stars: Int
    var earned: Bool
    var text: String
  }

  struct Rating: Encodable {
    var stairwell: String
    var stars: Int
    var glyphs: String
    var reasons: [Reason]

    init(_ rating: StairwellStars, in ledger: Ledger, language: Language) {
      stairwell = ledger.fieldName(of: rating.stairwell)
      stars = rating.stars
      glyphs = rating.glyphs
      reasons = rating.reasons.map {
        Reason(rule: $0.rule.englishName, stars: $0.stars, earned: $0.earned, text: $0.text(language))
      }
    }
  }

  var month: String
  /// `十一月 (上月)`, `November (this month)`: for this month or last, which it is.
  var which: String?
  var place: String?
  var maximum: Int
  var stairwells: [Rating]
}

/// What every recognition write prints with `--json`: the event as the log words it.
struct RecognitionAnswer: Encodable {
  var sequence: Int64
  var kind: String
  var summary: String
  /// The volunteer's points left, after hours or an exchange.
  var balance: Int?
}

/// Appends one recognition event decided on the store's state and prints it.
private func record(
  _ store: StoreOptions, _ output: WarOutputOptions, _ decide: (Ledger, Timestamp) throws -> EventBody
) throws {
  let target = try store.open(.readWrite)
  var ledger = try target.openLedger()
  let recorded = try appendDecided(to: target, ledger: &ledger, language: output.lang) { ledger in
    let now = Timestamp.now
    return [NewEvent(time: now, actor: store.actor, body: try decide(ledger, now))]
  }
  guard let event = recorded.last else { return }
  let balance: Int? =
    switch event.body {
    case .volunteerHoursRecorded(let hours): ledger.recognition.accounts[hours.person]?.balance
    case .pointsRedeemed(let redemption): ledger.recognition.accounts[redemption.person]?.balance
    default: nil
    }
  var summary = event.body.summary(in: ledger, language: output.lang)
  // An award is withdrawn by this number (`weige honours withdraw --entry`).
  if case .honourAwarded = event.body {
    summary += output.lang("（记录 #\(event.sequence)）", " (entry #\(event.sequence))")
  }
  if output.json {
    try printJSON(
      RecognitionAnswer(
        sequence: event.sequence, kind: event.body.kind.name, summary: summary, balance: balance))
  } else {
    print(summary + (balance.map { output.lang("（余 \($0) 分）", " (balance \($0))") } ?? ""))
  }
}

/// A STAIRWELL argument: a stairwell, by name or path.
private func stairwellArgument(_ text: String, in ledger: Ledger) throws -> PlaceID {
  try naming("STAIRWELL") { try resolvePlace(text, in: ledger) }
}

// MARK: convention

/// `weige convention adopt`: a stairwell's convention (楼道公约) is on record.
struct ConventionCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "convention", abstract: "Stairwell conventions (楼道公约).", subcommands: [AdoptConvention.self])
}

struct AdoptConvention: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "adopt", abstract: "Record that a stairwell adopted its convention (楼道公约).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The stairwell, by name or path: 长江小区/3幢/2单元.")
  var stairwell: String

  @Option(help: "The convention's title, e.g. 文明楼道公约.")
  var title: String

  func run() throws {
    try record(store, output) { ledger, _ in
      .conventionAdopted(try stairwellArgument(stairwell, in: ledger), title: FreeText.trimmed(title))
    }
  }
}

// MARK: hours and points

/// `weige hours add`: 志愿时长 — someone's time given to an activity, and the points it earns.
struct HoursCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "hours", abstract: "Volunteer hours (志愿时长).", subcommands: [AddHours.self])
}

struct AddHours: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Record a volunteer's time on an activity; the points follow the star rules.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions
  @OptionGroup var rulesFile: StarRulesOption

  @Argument(help: "The volunteer, by name or id (person-12).")
  var person: String

  @Argument(help: "The activity, e.g. 平安巡查.")
  var activity: String

  @Option(help: "Time given: 2h, 90m or 1h30m.")
  var time: String

  func run() throws {
    let rules = try rulesFile.load()
    let minutes = try naming("--time") {
      try saying(output.lang) { () throws(DomainError) -> Int in try VolunteerHours.minutes(parsing: time) }
    }
    try record(store, output) { ledger, _ in
      let who = try naming("PERSON") { try resolvePerson(person, in: ledger) }
      return .volunteerHoursRecorded(
        VolunteerHours(
          person: who, activity: FreeText.trimmed(activity), minutes: minutes,
          points: rules.points(forMinutes: minutes)))
    }
  }
}

/// `weige points redeem`: 积分兑换 — never more than the volunteer holds.
struct PointsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "points", abstract: "Volunteer points (积分): exchange them.", subcommands: [RedeemPoints.self]
  )
}

struct RedeemPoints: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "redeem",
    abstract: "Exchange a volunteer's points for a reward (积分兑换); refused past the balance.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "The volunteer, by name or id (person-12).")
  var person: String

  @Argument(help: "How many points.")
  var points: Int

  @Option(help: "What they are exchanged for, e.g. 大米一袋.")
  var reward: String

  func run() throws {
    try record(store, output) { ledger, _ in
      let who = try naming("PERSON") { try resolvePerson(person, in: ledger) }
      return .pointsRedeemed(PointsRedemption(person: who, points: points, reward: FreeText.trimmed(reward)))
    }
  }
}

// MARK: honours

extension HonourKind: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = Self.allCases.first(where: { $0.key == argument || $0.chineseName == argument }) else {
      return nil
    }
    self = value
  }
  public static var allValueStrings: [String] { allCases.flatMap { [$0.key, $0.chineseName] } }
}

/// `weige honours add`: 先锋楼道, 先锋个人, 红榜 or 黑榜, with its reason; `withdraw` takes a 先锋
/// back.
struct HonoursCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "honours", abstract: "先锋 and the red-black list (红黑榜).",
    subcommands: [AddHonour.self, WithdrawHonour.self, ListHonours.self])
}

/// Who or what a SUBJECT names for `kind`: a person for 先锋个人, else a stairwell.
private func honourSubject(_ kind: HonourKind, _ subject: String, in ledger: Ledger) throws -> HonourSubject {
  kind.namesPerson
    ? .person(try naming("SUBJECT") { try resolvePerson(subject, in: ledger) })
    : .stairwell(try naming("SUBJECT") { try resolvePlace(subject, in: ledger) })
}

struct AddHonour: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add",
    abstract: "Put a stairwell on the red or black list, or name a vanguard stairwell or person (先锋).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "red, black, vanguard-stairwell or vanguard-person (红榜/黑榜/先锋楼道/先锋个人).")
  var kind: HonourKind

  @Argument(help: "The stairwell (by name or path), or for vanguard-person the person (by name or id).")
  var subject: String

  @Option(help: "Why: what was done, or what is to improve.")
  var reason: String

  @Option(help: "yyyy-MM: the month it is for (default: this month).")
  var month: String?

  func run() throws {
    let chosen = try month.map(monthOption)
    try record(store, output) { ledger, now in
      .honourAwarded(
        Honour(
          kind: kind, subject: try honourSubject(kind, subject, in: ledger),
          month: chosen ?? CivilMonth(inChina: now),
          reason: FreeText.trimmed(reason)))
    }
  }
}

/// `weige honours withdraw`: an award taken back, with the reason: a 先锋 by its kind, subject and
/// month, any award (a 红黑榜 entry, one of many) by its `honour.awarded` event.
struct WithdrawHonour: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "withdraw",
    abstract: "Withdraw an award (撤销): a vanguard by kind, subject and month, or any award by --entry.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Argument(help: "vanguard-stairwell or vanguard-person (先锋楼道/先锋个人); none with --entry.")
  var kind: HonourKind?

  @Argument(help: "The stairwell (by name or path), or for vanguard-person the person (by name or id).")
  var subject: String?

  @Option(help: "Why it is withdrawn.")
  var reason: String

  @Option(help: "yyyy-MM: the month the vanguard was for.")
  var month: String?

  @Option(
    help: ArgumentHelp(
      "The award's event number, as `weige honours add` prints it (记录 #N): a red- or black-list entry is withdrawn so.",
      valueName: "N"))
  var entry: Int64?

  func run() throws {
    let withdrawal: (Ledger) throws -> EventBody
    if let entry {
      guard kind == nil, subject == nil, month == nil else {
        throw CLIError("--entry names the award whole: give no KIND, SUBJECT or --month with it")
      }
      let (honour, awardedAt) = try award(entry)
      withdrawal = { _ in
        .honourWithdrawn(
          Honour(
            kind: honour.kind, subject: honour.subject, month: honour.month, reason: FreeText.trimmed(reason)),
          awardedAt: awardedAt)
      }
    } else {
      guard let kind, let subject, let month else {
        throw CLIError("name a vanguard by KIND SUBJECT --month yyyy-MM, or any award by --entry N")
      }
      guard kind.isVanguard else {
        throw CLIError(
          "a \(kind.key) entry is one of many: withdraw it by --entry N, the number `weige honours add` printed"
        )
      }
      let chosen = try monthOption(month)
      withdrawal = { ledger in
        .honourWithdrawn(
          Honour(
            kind: kind, subject: try honourSubject(kind, subject, in: ledger), month: chosen,
            reason: FreeText.trimmed(reason)), awardedAt: nil)
      }
    }
    try record(store, output) { ledger, _ in try withdrawal(ledger) }
  }

  /// The award event `sequence` names, and when it was given; any other event is refused by kind.
  private func award(_ sequence: Int64) throws -> (Honour, Timestamp) {
    let found = try store.open(.readOnly).events(after: sequence - 1, limit: 1).first
    guard let found, found.sequence == sequence else {
      throw CLIError("--entry \(sequence): there is no such event")
    }
    guard case .honourAwarded(let honour) = found.body else {
      throw CLIError("--entry \(sequence) is a \(found.body.kind.name) event, not honour.awarded")
    }
    return (honour, found.time)
  }
}

/// `weige honours list`: every 红黑榜 entry and 先锋 with the number `honours withdraw --entry`
/// takes, standing or withdrawn; read from the log, since the fold keeps no numbers.
struct ListHonours: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract: "The red-black list and vanguards with their entry numbers (记录 #N), withdrawn ones marked.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Option(help: "yyyy-MM: only the awards for this month.")
  var month: String?

  @Option(
    help:
      "A place by name or path: only its stairwells' awards, and the vanguard people whose household or post lies under it."
  )
  var place: String?

  func run() throws {
    let l = output.lang
    let chosen = try month.map(monthOption)
    let source = try store.open(.readOnly)
    let ledger = try source.openLedger()
    let scope = try place.map { name in try naming("--place") { try resolvePlace(name, in: ledger) } }
    var history = HonourHistory()
    try source.forEachEvent(after: 0) { history.apply($0) }
    let entries = history.entries.filter { entry in
      let honour = entry.record.honour
      guard chosen.map({ honour.month == $0 }) ?? true else { return false }
      guard let scope else { return true }
      switch honour.subject {
      case .stairwell(let id):
        return ledger.contains(scope, id)
      case .person(let id):
        guard let person = ledger.people[id] else { return false }
        let home = person.household.flatMap { ledger.households[$0]?.stairwell }
        return ([home].compactMap { $0 } + person.roles.map(\.place)).contains { ledger.contains(scope, $0) }
      }
    }
    if output.json {
      try printJSON(
        entries.map { entry in
          let record = entry.record
          return ListedHonour(
            entry: entry.sequence, kind: record.honour.kind.key,
            subject: ledger.honourSubjectName(record.honour.subject),
            month: record.honour.month.description, reason: record.honour.reason, givenBy: record.actor,
            givenAt: record.time,
            withdrawn: entry.withdrawal.map {
              ListedHonour.Withdrawal(at: $0.time, by: $0.actor, reason: $0.reason)
            })
        })
      return
    }
    for entry in entries {
      let record = entry.record
      var columns = [
        "#\(entry.sequence)", record.honour.kind.name(l), record.honour.month.description,
        ledger.honourSubjectName(record.honour.subject), record.honour.reason, record.actor,
        String(record.time.chinaDateTime.prefix(16)),
      ]
      if let withdrawal = entry.withdrawal {
        columns.append(
          l("已撤销", "withdrawn") + " " + String(withdrawal.time.chinaDateTime.prefix(16)) + " "
            + withdrawal.actor
            + l("：", ": ") + withdrawal.reason)
      }
      print(columns.joined(separator: "\t"))
    }
  }
}

private struct ListedHonour: Encodable {
  struct Withdrawal: Encodable {
    var at: Timestamp
    var by: String
    var reason: String
  }
  var entry: Int64
  var kind: String
  var subject: String
  var month: String
  var reason: String
  var givenBy: String
  var givenAt: Timestamp
  var withdrawn: Withdrawal?
}
