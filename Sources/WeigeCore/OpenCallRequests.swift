/// 点单 (seed 001: 群众「点单」、社区「派单」): a resident asks, the community decides. A request is
/// recorded as it came in — who asked, where, what is wanted, by which channel — and then either
/// posted onto a list (the posting names it) or declined with a reason the resident can be told.
/// It lives on the board's one stream, so a request cannot be posted twice or posted and declined.

public enum OpenCallRequestEntity: IdentifiedEntity {
  public static let prefix = "request-"
  /// `D3`: 点 (diǎn), as 点单.
  public static let displayPrefix = "D"
}

/// A resident's request (点单), shown as `D3`.
public typealias OpenCallRequestID = Identifier<OpenCallRequestEntity>

/// How a request reached the community (seed 004: 意见收集箱、居民议事簿、微信群、便民热线、入户).
public enum RequestChannel: UInt8, CaseIterable, Sendable, FieldTerm {
  /// A grid worker heard it on a household visit.
  case visit
  case hotline
  /// A residents' meeting (议事会).
  case meeting
  case suggestionBox
  /// The community's WeChat group or mini-program.
  case online

  public var chineseName: String {
    switch self {
    case .visit: "入户走访"
    case .hotline: "便民热线"
    case .meeting: "居民议事会"
    case .suggestionBox: "意见箱"
    case .online: "微信群"
    }
  }

  public var englishName: String {
    switch self {
    case .visit: "visit"
    case .hotline: "hotline"
    case .meeting: "meeting"
    case .suggestionBox: "suggestion-box"
    case .online: "online"
    }
  }

  /// The channel as typed: its English key or its Chinese name (`visit`, `入户走访`, `走访`).
  public init?(named word: String) {
    let short: [String: RequestChannel] = ["走访": .visit, "热线": .hotline, "议事会": .meeting, "微信": .online]
    guard
      let channel = Self.allCases.first(where: { word == $0.englishName || word == $0.chineseName })
        ?? short[word]
    else { return nil }
    self = channel
  }
}

/// Who asked: a registered household, or a resident by the name they gave.
public enum Requester: Sendable, Equatable {
  case household(HouseholdID)
  case resident(String)
}

/// What `opencall.requested` records; the event's time is when it was asked.
public struct ResidentRequest: Sendable, Equatable {
  public var id: OpenCallRequestID
  public var requester: Requester
  public var channel: RequestChannel
  public var place: PlaceID
  /// What is wanted, in the resident's words.
  public var wish: String

  public init(
    id: OpenCallRequestID, requester: Requester, channel: RequestChannel, place: PlaceID, wish: String
  ) {
    self.id = id
    self.requester = requester
    self.channel = channel
    self.place = place
    self.wish = wish
  }
}

/// What the community did with a request: not yet decided (待审), posted as an item, or declined.
public enum RequestDecision: Sendable, Equatable {
  case pending
  case posted(OpenCallID)
  case declined(reason: String)
}

/// The states a request is listed by.
public enum RequestState: UInt8, CaseIterable, Sendable, FieldTerm {
  case pending, posted, declined

  public var chineseName: String {
    switch self {
    case .pending: "待审"
    case .posted: "已派单"
    case .declined: "未采纳"
    }
  }
}

/// A request and what became of it.
public struct RequestRecord: Sendable, Equatable {
  public var request: ResidentRequest
  public var requestedAt: Timestamp
  /// The operator who recorded it.
  public var recordedBy: String
  public var decision: RequestDecision = .pending
  public var decidedAt: Timestamp?
  public var decidedBy: String?

  public var id: OpenCallRequestID { request.id }

  public var state: RequestState {
    switch decision {
    case .pending: .pending
    case .posted: .posted
    case .declined: .declined
    }
  }
}

extension OpenCallBoard {
  /// The number a new request takes: one past the highest (one stream, as items).
  public var nextRequestID: OpenCallRequestID { OpenCallRequestID((requests.lastKey?.rawValue ?? 0) + 1) }

  /// Requests awaiting the community (待审点单), the oldest first.
  public var pendingRequests: [RequestRecord] {
    requests.values.filter { $0.state == .pending }.sorted {
      ($0.requestedAt, $0.id) < ($1.requestedAt, $1.id)
    }
  }

  /// Requests as `weige calls requests` lists them: waiting ones first (oldest on top), then the
  /// decided ones, the latest decision first.
  public func orderedRequests() -> [RequestRecord] {
    pendingRequests
      + requests.values.filter { $0.state != .pending }.sorted {
        ($0.decidedAt ?? $0.requestedAt, $0.id) > ($1.decidedAt ?? $1.requestedAt, $1.id)
      }
  }

  /// Folds a request, a posting that names one, or a decline.
  mutating func applyRequest(_ body: EventBody, time: Timestamp, actor: String) {
    switch body {
    case .openCallRequested(let request):
      guard requests[request.id] == nil else { return }
      requests[request.id] = RequestRecord(request: request, requestedAt: time, recordedBy: actor)
    case .openCallPosted(let posting):
      guard let id = posting.request else { return }
      decide(id, .posted(posting.id), time: time, actor: actor)
    case .openCallRequestDeclined(let id, let reason):
      decide(id, .declined(reason: reason), time: time, actor: actor)
    default:
      return
    }
  }

  private mutating func decide(
    _ id: OpenCallRequestID, _ decision: RequestDecision, time: Timestamp, actor: String
  ) {
    guard requests[id]?.state == .pending else { return }
    requests[id]!.decision = decision
    requests[id]!.decidedAt = time
    requests[id]!.decidedBy = actor
  }

  /// The request, when it exists and still awaits the community; else why not, naming what became
  /// of it. Both a posting that names it and a decline go through here.
  @discardableResult
  public func requirePending(_ id: OpenCallRequestID) throws(DomainError) -> RequestRecord {
    guard let record = requests[id] else {
      throw DomainError("没有点单 \(id)", english: "there is no request \(id)")
    }
    switch record.decision {
    case .pending:
      return record
    case .posted(let call):
      throw DomainError(
        "点单 \(id) 已派单为榜单 \(call)，不能再派单或不予采纳",
        english: "request \(id) was already posted as item \(call); it cannot be posted or declined again")
    case .declined(let reason):
      throw DomainError(
        "点单 \(id) 已答复未采纳（\(reason)），不能再派单或不予采纳",
        english: "request \(id) was already declined (\(reason)); it cannot be posted or declined again")
    }
  }

  /// Checks a request or a decline against the board and the ledger's places and households.
  func validateRequest(_ body: EventBody, in ledger: Ledger) throws(DomainError) {
    switch body {
    case .openCallRequested(let request):
      try ledger.requirePositive(request.id)
      guard requests[request.id] == nil else { throw .exists(request.id) }
      switch request.requester {
      case .household(let id): _ = try ledger.household(id)
      case .resident(let name): try FreeText.check(name, field: ("点单人", "requester's name"))
      }
      try FreeText.check(request.wish, field: ("诉求", "what is wanted"), limit: FreeText.longLimit)
      _ = try ledger.place(request.place)
    case .openCallRequestDeclined(let id, let reason):
      try requirePending(id)
      try FreeText.check(reason, field: ("不予采纳的理由", "reason to decline"), limit: FreeText.longLimit)
    default:
      return
    }
  }
}

extension ResidentRequest {
  /// Who asked, as the board and the feed say it: a household by its stairwell and room, a
  /// resident by name; with the channel.
  public func requesterName(in ledger: Ledger?, _ l: Language) -> String {
    let who: String
    switch requester {
    case .household(let id):
      let home = ledger.flatMap { ledger in
        ledger.households[id].map { ledger.fieldName(of: $0.stairwell) + " " + $0.room + l("室", "") }
      }
      who = home ?? id.description
    case .resident(let name):
      who = name
    }
    return who + l("（\(channel.chineseName)）", " (\(channel.englishName))")
  }
}
