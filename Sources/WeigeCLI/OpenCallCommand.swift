import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige calls …`: the 揭榜 board from the command line — post an item (派单), a unit claims it
/// (揭榜), reports progress and completion, the street rates it (评单), and the board as a list.
struct CallsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "calls",
    abstract:
      "揭榜 open calls: record a resident's request, post an item, claim it for a partner unit, report progress and completion, rate it.",
    subcommands: [
      RequestCall.self, PostCall.self, DeclineRequest.self, ClaimCall.self, ProgressCall.self,
      CompleteCall.self,
      RateCall.self, WithdrawCall.self, ReleaseCall.self, ListCalls.self, ListRequests.self,
    ])
}

/// `weige units …`: the partner units (共建单位) that take items.
struct UnitsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "units", abstract: "Partner units (共建单位): register one, list them ranked (赛比).",
    subcommands: [AddUnit.self, ListUnits.self])
}

/// The item an ITEM argument names (`J7`, `j7`, `7`).
private func resolveCall(_ text: String, in ledger: Ledger) throws -> OpenCallID {
  try naming("ITEM") {
    guard let id = OpenCallID(typed: text) else {
      throw CLIError("'\(text)' is not an item number (J7, or 7)")
    }
    guard ledger.openCalls.calls[id] != nil else { throw CLIError("there is no item \(id)") }
    return id
  }
}

/// The request a REQUEST argument or `--from-request` names (`D3`, `d3`, `3`).
private func resolveRequest(_ text: String, in ledger: Ledger, field: String) throws -> OpenCallRequestID {
  try naming(field) {
    guard let id = OpenCallRequestID(typed: text) else {
      throw CLIError("'\(text)' is not a request number (D3, or 3)")
    }
    guard ledger.openCalls.requests[id] != nil else { throw CLIError("there is no request \(id)") }
    return id
  }
}

/// The unit a `--unit` names (`区住建局`, `U3`).
private func resolveUnit(_ text: String, in ledger: Ledger) throws -> PartnerUnitID {
  try naming("--unit") {
    guard let unit = ledger.openCalls.unit(named: text) else {
      throw CLIError("there is no partner unit '\(text)'; `weige units list` names them")
    }
    return unit.id
  }
}

/// Appends one event of the board, decided on the store's state at the moment it is recorded,
/// and prints its feed line.
private func appendToBoard(
  _ store: StoreOptions, _ l: Language, _ decide: (Ledger, Timestamp) throws -> EventBody
) throws {
  let target = try store.open(.readWrite)
  var ledger = try target.openLedger()
  let recorded = try appendDecided(to: target, ledger: &ledger, language: l) { ledger in
    let now = Timestamp.now
    return [NewEvent(time: now, actor: store.actor, body: try decide(ledger, now))]
  }
  for event in recorded { print(event.body.summary(in: ledger, language: l)) }
}

/// The output language of a board command that prints one line.
struct BoardLanguage: ParsableArguments {
  @Option(help: "zh or en: the language of the output and of Core's refusals.")
  var lang: Language = .zh
}

// MARK: calls post

/// `weige calls post`: an item on one of the three lists, by when it must be done.
struct PostCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "post", abstract: "Post an item (派单) on the needs, projects or services list.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Option(help: "needs, projects or services (需求清单/项目清单/服务清单, or 需/项/服).")
  var list: String

  @Option(help: "What the item is, e.g. 车棚电线改造 (default with --from-request: what the resident asked).")
  var title: String?

  @Option(help: "The place, by name or path: 江三社区, 长江小区/3幢 (default with --from-request: the request's).")
  var place: String?

  @Option(help: "What is needed of the taker: hands, a van, a skill.")
  var need: String

  @Option(help: "By when: a span from now (14d, 14天, 36h) or a time (\"2026-12-15 18:00\").")
  var by: String

  @Option(
    name: .customLong("from-request"),
    help: ArgumentHelp("The resident's request (点单) this posting answers: D3, or 3.", valueName: "REQUEST"))
  var fromRequest: String?

  func run() throws {
    let l = output.lang
    let list = try naming("--list") {
      guard let list = CallList(named: self.list) else {
        throw CLIError(
          "'\(self.list)' is not a list; one of "
            + CallList.allCases.map { "\($0.englishName) (\($0.chineseName))" }.joined(separator: ", "))
      }
      return list
    }
    let spec = try naming("--by") {
      try saying(l) { () throws(DomainError) in try DeadlineSpec(parsing: by) }
    }
    guard fromRequest != nil || (title != nil && place != nil) else {
      throw CLIError("give --title and --place, or --from-request to take them from a resident's request")
    }
    try appendToBoard(store, l) { ledger, now in
      let request = try fromRequest.map { try resolveRequest($0, in: ledger, field: "--from-request") }
      let asked = request.flatMap { ledger.openCalls.requests[$0]?.request }
      let place = try self.place.map { name in try naming("--place") { try resolvePlace(name, in: ledger) } }
      return .openCallPosted(
        OpenCallPosting(
          id: ledger.openCalls.nextCallID, list: list, title: FreeText.trimmed(title ?? asked?.wish ?? ""),
          place: place ?? asked!.place, need: FreeText.trimmed(need),
          dueBy: Deadline.order(issuedAt: now, spec),
          request: request))
    }
  }
}

// MARK: calls request / decline / requests

extension RequestChannel: ExpressibleByArgument {
  public init?(argument: String) { self.init(named: argument) }
  public static var allValueStrings: [String] { allCases.map(\.englishName) }
}

/// `weige calls request`: a resident's request (点单) as it came in, before the community decides.
struct RequestCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "request",
    abstract: "Record a resident's request (点单): who asked, where, what, and how it came in.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Option(help: "Where: a place by name or path; with --room, the household's stairwell.")
  var place: String

  @Option(help: "The room of a registered household in that stairwell, e.g. 302.")
  var room: String?

  @Option(help: "The resident's name, when the household is not named by --room.")
  var name: String?

  @Option(
    help: "How it came in: visit, hotline, meeting, suggestion-box or online (入户走访/便民热线/居民议事会/意见箱/微信群).")
  var via: RequestChannel

  @Option(help: "What is wanted, in the resident's words.")
  var wish: String

  func run() throws {
    guard (room == nil) != (name == nil) else {
      throw CLIError("name who asked: --room for a registered household, or --name for a resident")
    }
    try appendToBoard(store, output.lang) { ledger, _ in
      let placeID = try naming("--place") { try resolvePlace(place, in: ledger) }
      let requester: Requester
      if let room {
        let home = ledger.householdsByStairwell[placeID, default: []].first {
          ledger.households[$0]?.room == room
        }
        guard let home else { throw CLIError("--room: there is no room \(room) in \(place)") }
        requester = .household(home)
      } else {
        requester = .resident(FreeText.trimmed(name ?? ""))
      }
      return .openCallRequested(
        ResidentRequest(
          id: ledger.openCalls.nextRequestID, requester: requester, channel: via, place: placeID,
          wish: FreeText.trimmed(wish)))
    }
  }
}

/// `weige calls decline`: the community will not post a request, and says why.
struct DeclineRequest: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "decline", abstract: "Decline a resident's request (不予采纳), with the reason they are told.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Argument(help: "The request: D3, or 3.")
  var request: String

  @Option(help: "Why it is not posted, as the resident is to be told.")
  var reason: String

  func run() throws {
    try appendToBoard(store, output.lang) { ledger, _ in
      .openCallRequestDeclined(
        try resolveRequest(request, in: ledger, field: "REQUEST"), reason: FreeText.trimmed(reason))
    }
  }
}

/// Which requests `weige calls requests` prints.
enum RequestFilter: String, CaseIterable, ExpressibleByArgument {
  case all, pending, posted, declined

  func admits(_ record: RequestRecord) -> Bool {
    switch self {
    case .all: true
    case .pending: record.state == .pending
    case .posted: record.state == .posted
    case .declined: record.state == .declined
    }
  }
}

/// `weige calls requests`: residents' requests, those awaiting the community first.
struct ListRequests: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "requests", abstract: "Residents' requests (点单): awaiting the community first, then decided."
  )

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Option(help: "all, pending, posted or declined.")
  var state: RequestFilter = .all

  func run() throws {
    let l = output.lang
    let ledger = try store.open(.readOnly).openLedger()
    let records = ledger.openCalls.orderedRequests().filter(state.admits)
    if output.json {
      try printJSON(
        records.map { record in
          let request = record.request
          var listed = ListedRequest(
            request: request.id.description, requestedAt: record.requestedAt,
            channel: request.channel.englishName,
            place: ledger.fieldName(of: request.place), wish: request.wish, state: record.state.englishName,
            decidedAt: record.decidedAt, decidedBy: record.decidedBy)
          switch request.requester {
          case .household(let id): listed.household = id.description
          case .resident(let name): listed.name = name
          }
          listed.requester = request.requesterName(in: ledger, l)
          switch record.decision {
          case .pending: break
          case .posted(let call): listed.item = call.description
          case .declined(let reason): listed.reason = reason
          }
          return listed
        })
      return
    }
    for record in records {
      let outcome: String =
        switch record.decision {
        case .pending: "-"
        case .posted(let call): call.description
        case .declined(let reason): reason
        }
      print(
        [
          record.id.description, record.state.name(l), ChinaTime.text(record.requestedAt),
          record.request.requesterName(in: ledger, l), ledger.fieldName(of: record.request.place),
          record.request.wish, outcome,
        ].joined(separator: "\t"))
    }
  }
}

private struct ListedRequest: Encodable {
  var request: String
  var requestedAt: Timestamp
  var requester = ""
  var household: String?
  var name: String?
  var channel: String
  var place: String
  var wish: String
  var state: String
  var decidedAt: Timestamp?
  var decidedBy: String?
  var item: String?
  var reason: String?
}

// MARK: calls claim / progress / done / rate

/// `weige calls claim`: a unit takes an open item (揭榜).
struct ClaimCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "claim", abstract: "A partner unit claims an open item (揭榜).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Argument(help: "The item: J7, or 7.")
  var item: String

  @Option(help: "The unit, by name or number (U3).")
  var unit: String

  func run() throws {
    try appendToBoard(store, output.lang) { ledger, _ in
      .openCallClaimed(try resolveCall(item, in: ledger), unit: try resolveUnit(unit, in: ledger))
    }
  }
}

/// `weige calls withdraw`: the community takes an unfinished item off its list (撤榜).
struct WithdrawCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "withdraw", abstract: "Take an open or claimed item off its list (撤榜), with a reason.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Argument(help: "The item: J7, or 7.")
  var item: String

  @Option(help: "Why it comes off the list.")
  var reason: String

  func run() throws {
    try appendToBoard(store, output.lang) { ledger, _ in
      .openCallWithdrawn(try resolveCall(item, in: ledger), reason: FreeText.trimmed(reason))
    }
  }
}

/// `weige calls release`: the unit that claimed an item gives it back (退榜); it is open again.
struct ReleaseCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "release", abstract: "The claiming unit gives an item back (退榜), with a reason.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Argument(help: "The item: J7, or 7.")
  var item: String

  @Option(help: "The unit that claimed it, by name or number (U3).")
  var unit: String

  @Option(help: "Why it gives the item back.")
  var reason: String

  func run() throws {
    try appendToBoard(store, output.lang) { ledger, _ in
      .openCallReleased(
        try resolveCall(item, in: ledger), unit: try resolveUnit(unit, in: ledger),
        reason: FreeText.trimmed(reason))
    }
  }
}

/// What a taker reports of an item: progress or completion, and the person-times given since the
/// last report.
struct ServiceReport: ParsableArguments {
  @Argument(help: "The item: J7, or 7.")
  var item: String

  @Option(help: "What was done, e.g. 已拆除旧线路 (a progress report needs one).")
  var note: String = ""

  @Option(help: "Person-times of service given since the last report (服务人次).")
  var served: Int = 0

  func event(_ ledger: Ledger, done: Bool) throws -> EventBody {
    let (id, note) = (try resolveCall(item, in: ledger), FreeText.trimmed(note))
    return done
      ? .openCallCompleted(id, note: note, personTimes: served)
      : .openCallProgressed(id, note: note, personTimes: served)
  }
}

/// `weige calls progress`: the taker's report of work under way.
struct ProgressCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "progress", abstract: "Report progress on a claimed item, with person-times of service.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage
  @OptionGroup var report: ServiceReport

  func run() throws {
    try appendToBoard(store, output.lang) { ledger, _ in try report.event(ledger, done: false) }
  }
}

/// `weige calls done`: the taker reports the item done.
struct CompleteCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "done", abstract: "Report a claimed item done, with the person-times of its last stretch.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage
  @OptionGroup var report: ServiceReport

  func run() throws {
    try appendToBoard(store, output.lang) { ledger, _ in try report.event(ledger, done: true) }
  }
}

/// `weige calls rate`: the street's 评单 of a done item.
struct RateCall: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rate", abstract: "Rate a done item (评单), 1 to 5.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Argument(help: "The item: J7, or 7.")
  var item: String

  @Option(help: "1 to 5.")
  var score: Int

  @Option(help: "The street's comment.")
  var comment: String = ""

  func run() throws {
    try appendToBoard(store, output.lang) { ledger, _ in
      .openCallRated(try resolveCall(item, in: ledger), score: score, comment: FreeText.trimmed(comment))
    }
  }
}

// MARK: calls list

/// Which items `weige calls list` prints: the board's columns.
enum CallFilter: String, CaseIterable, ExpressibleByArgument {
  case all, open, claimed, overdue, done, withdrawn

  func admits(_ call: OpenCall, at now: Timestamp) -> Bool {
    switch self {
    case .all: true
    case .open: call.status == .open
    case .claimed: call.status == .claimed
    case .overdue: call.isOverdue(at: now)
    case .done: call.status.isFinished
    case .withdrawn: call.status == .withdrawn
    }
  }
}

/// `weige calls list`: the items in the board's order, overdue first.
struct ListCalls: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "The items, overdue first, then by by-when; done last.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  @Option(help: "all, open, claimed, overdue, done or withdrawn.")
  var state: CallFilter = .all

  func run() throws {
    let l = output.lang
    let ledger = try store.open(.readOnly).openLedger()
    let board = ledger.openCalls
    let now = Timestamp.now
    let calls = board.ordered(at: now).filter { state.admits($0, at: now) }
    if output.json {
      try printJSON(
        calls.map { call in
          ListedCall(
            item: call.id.description, list: call.posting.list.englishName, title: call.posting.title,
            place: ledger.fieldName(of: call.posting.place), need: call.posting.need, postedAt: call.postedAt,
            dueBy: call.posting.dueBy, status: call.status.englishName, overdue: call.isOverdue(at: now),
            unit: call.unit.flatMap { board.units[$0]?.name }, personTimes: call.personTimes,
            rating: call.rating, request: call.posting.request?.description)
        })
      return
    }
    for call in calls {
      let unit = call.unit.flatMap { board.units[$0]?.name } ?? "-"
      let state = call.isOverdue(at: now) ? DeadlinePhase.overdue.name(l) : call.status.name(l)
      print(
        [
          call.id.description, l(call.posting.list.shortName.chinese, call.posting.list.shortName.english),
          state, ChinaTime.text(call.posting.dueBy), unit, call.personTimes.description,
          call.rating.map { l("\($0)星", "\($0)★") } ?? "-", call.posting.title,
        ].joined(separator: "\t"))
    }
  }
}

private struct ListedCall: Encodable {
  var item: String
  var list: String
  var title: String
  var place: String
  var need: String
  var postedAt: Timestamp
  var dueBy: Timestamp
  var status: String
  var overdue: Bool
  var unit: String?
  var personTimes: Int
  var rating: Int?
  /// The resident's request (点单) it answers, if any.
  var request: String?
}

// MARK: units

/// `weige units add`: registers a partner unit.
struct AddUnit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "add", abstract: "Register a partner unit (共建单位).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: BoardLanguage

  @Option(help: "The unit's name, e.g. 区市场监管局.")
  var name: String

  @Option(help: "office, company, property, social or courier (机关/企业/物业/社会组织/小哥站点).")
  var kind: String

  func run() throws {
    let catalogue = UnitKindCatalogue.standard
    let kind = try naming("--kind") {
      guard let kind = catalogue.kind(named: self.kind) else {
        throw CLIError(
          "'\(self.kind)' is not a kind of unit; one of "
            + catalogue.kinds.map { "\($0.id) (\($0.name))" }.joined(separator: ", "))
      }
      return kind
    }
    try appendToBoard(store, output.lang) { ledger, _ in
      .partnerUnitRegistered(
        PartnerUnit(id: ledger.openCalls.nextUnitID, name: FreeText.trimmed(name), kind: kind))
    }
  }
}

/// `weige units list`: the units ranked as the 赛比 ranks them.
struct ListUnits: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "The partner units, ranked by items completed, then ratings (赛比).")

  @OptionGroup var store: StoreOptions
  @OptionGroup var output: WarOutputOptions

  func run() throws {
    let l = output.lang
    let standings = try store.open(.readOnly).openLedger().openCalls.standings()
    if output.json {
      try printJSON(
        standings.enumerated().map { rank, standing in
          RankedUnit(
            rank: rank + 1, unit: standing.unit.id.description, name: standing.unit.name,
            kind: standing.unit.kind.id, completed: standing.completed, inHand: standing.inHand,
            ratings: standing.ratings.count, averageRating: standing.averageRating,
            personTimes: standing.personTimes)
        })
      return
    }
    for (rank, standing) in standings.enumerated() {
      print(
        [
          "\(rank + 1)", standing.unit.id.description, standing.unit.name, standing.unit.kind.name(l),
          l("完成 \(standing.completed)", "done \(standing.completed)"),
          l("在办 \(standing.inHand)", "in hand \(standing.inHand)"),
          standing.averageRating.map { String(format: l("%.1f星", "%.1f★"), $0) } ?? "-",
          l("\(standing.personTimes) 人次", "\(standing.personTimes) person-times"),
        ].joined(separator: "\t"))
    }
  }
}

private struct RankedUnit: Encodable {
  var rank: Int
  var unit: String
  var name: String
  var kind: String
  var completed: Int
  var inHand: Int
  var ratings: Int
  var averageRating: Double?
  var personTimes: Int
}
