import Testing
import WeigeCore
import WeigeTestSupport

/// 江三社区 with two requests: one from household 302 heard on a visit, one from a resident at a
/// meeting.
private func boardWithRequests() throws -> Ledger {
  var ledger = try smallStairwell()
  try ledger.execute(
    .openCallRequested(
      ResidentRequest(
        id: OpenCallRequestID(1), requester: .household(HouseholdID(1)), channel: .visit, place: PlaceID(3),
        wish: "楼道扶手加装")), at: pinnedNow, actor: "王芳")
  try ledger.execute(
    .openCallRequested(
      ResidentRequest(
        id: OpenCallRequestID(2), requester: .resident("陈大爷"), channel: .meeting, place: PlaceID(1),
        wish: "阳台防水维修")), at: pinnedNow.adding(hours: 1), actor: "王芳")
  return ledger
}

private let first = OpenCallRequestID(1)
private let second = OpenCallRequestID(2)

/// A posting of `list` that names `request`.
private func posting(_ id: Int, from request: OpenCallRequestID?) -> EventBody {
  .openCallPosted(
    OpenCallPosting(
      id: OpenCallID(id), list: .needs, title: "楼道扶手加装", place: PlaceID(3), need: "工人2名",
      dueBy: pinnedNow.adding(hours: 7 * 24), request: request))
}

private func refusal(_ ledger: Ledger, _ body: EventBody) -> DomainError? {
  do {
    try ledger.validate(body, at: pinnedNow.adding(hours: 2), by: "王芳")
    return nil
  } catch {
    return error
  }
}

@Suite("点单: residents' requests, posted or declined")
struct OpenCallRequestTests {
  @Test("点单 → 派单: the posting names its request, which is posted; a decline keeps its reason")
  func lifecycle() throws {
    var ledger = try boardWithRequests()
    #expect(ledger.openCalls.pendingRequests.map(\.id) == [first, second])
    try ledger.execute(posting(1, from: first), at: pinnedNow.adding(hours: 2), actor: "王芳")
    try ledger.execute(
      .openCallRequestDeclined(second, reason: "属个人产权房屋维修"), at: pinnedNow.adding(hours: 3), actor: "周建国")
    let board = ledger.openCalls
    #expect(board.requests[first]?.decision == .posted(OpenCallID(1)))
    #expect(board.requests[first]?.decidedBy == "王芳")
    #expect(board.requests[second]?.decision == .declined(reason: "属个人产权房屋维修"))
    #expect(board.requests[second]?.decidedAt == pinnedNow.adding(hours: 3))
    #expect(board.calls[OpenCallID(1)]?.posting.request == first)
    #expect(board.pendingRequests.isEmpty)
    // The latest decision first.
    #expect(board.orderedRequests().map(\.id) == [second, first])
    #expect(
      EventBody.openCallRequested(board.requests[first]!.request).summary(in: ledger)
        == "点单 D1 3幢2单元 302室（入户走访）：楼道扶手加装")
    #expect(
      EventBody.openCallRequestDeclined(second, reason: "属个人产权房屋维修").summary(in: ledger, language: .en)
        == "request declined D2 阳台防水维修: 属个人产权房屋维修")
    #expect(posting(1, from: first).summary(in: ledger).hasSuffix("（来自点单 D1）"))
  }

  @Test("a request is posted or declined once; the refusal says what became of it, in both languages")
  func decidedOnce() throws {
    var ledger = try boardWithRequests()
    try ledger.execute(posting(1, from: first), at: pinnedNow.adding(hours: 2), actor: "王芳")
    let again = try #require(refusal(ledger, posting(2, from: first)))
    #expect(again.chinese == "点单 D1 已派单为榜单 J1，不能再派单或不予采纳")
    #expect(
      again.english == "request D1 was already posted as item J1; it cannot be posted or declined again")
    #expect(refusal(ledger, .openCallRequestDeclined(first, reason: "重复")) == again)
    try ledger.execute(
      .openCallRequestDeclined(second, reason: "不属社区事务"), at: pinnedNow.adding(hours: 2), actor: "王芳")
    let declined = try #require(refusal(ledger, .openCallRequestDeclined(second, reason: "再答复一次")))
    #expect(declined.chinese == "点单 D2 已答复未采纳（不属社区事务），不能再派单或不予采纳")
    #expect(declined.english.hasPrefix("request D2 was already declined (不属社区事务)"))
    #expect(refusal(ledger, posting(2, from: second)) == declined)
  }

  @Test("an unknown request, household or place, a taken number, and bad text are refused")
  func refusals() throws {
    let ledger = try boardWithRequests()
    let unknown = try #require(refusal(ledger, posting(1, from: OpenCallRequestID(9))))
    #expect(unknown.chinese == "没有点单 D9" && unknown.english == "there is no request D9")
    #expect(refusal(ledger, .openCallRequestDeclined(OpenCallRequestID(9), reason: "无")) == unknown)
    func request(
      id: Int = 3, _ requester: Requester = .resident("李师傅"), place: Int = 3, wish: String = "增设座椅"
    ) -> EventBody {
      .openCallRequested(
        ResidentRequest(
          id: OpenCallRequestID(id), requester: requester, channel: .hotline, place: PlaceID(place),
          wish: wish))
    }
    #expect(refusal(ledger, request()) == nil)
    #expect(refusal(ledger, request(id: 2))?.chinese == "D2 已存在")
    #expect(refusal(ledger, request(id: 0)) != nil)
    #expect(refusal(ledger, request(.household(HouseholdID(99)))) != nil)
    #expect(refusal(ledger, request(place: 99)) != nil)
    #expect(refusal(ledger, request(wish: ""))?.chinese == "诉求不能为空")
    #expect(refusal(ledger, request(wish: "   "))?.english == "the what is wanted is only spaces")
    #expect(refusal(ledger, request(wish: "座椅\u{1B}[2J"))?.chinese.hasPrefix("诉求含有不可见的控制字符") == true)
    #expect(refusal(ledger, request(.resident("")))?.english == "the requester's name must not be empty")
    #expect(refusal(ledger, request(.resident("李\u{202E}师傅")))?.chinese.hasPrefix("点单人含有不可见的控制字符") == true)
    #expect(refusal(ledger, .openCallRequestDeclined(first, reason: ""))?.chinese == "不予采纳的理由不能为空")
    #expect(
      refusal(ledger, .openCallRequestDeclined(first, reason: "\u{07}"))?.english.hasPrefix(
        "the reason to decline holds the control character") == true)
  }

  @Test("requests survive a snapshot and their payloads read back; a posting without one reads as before")
  func snapshotAndPayloads() throws {
    var ledger = try boardWithRequests()
    try ledger.execute(posting(1, from: first), at: pinnedNow.adding(hours: 2), actor: "王芳")
    try ledger.execute(
      .openCallRequestDeclined(second, reason: "不属社区事务"), at: pinnedNow.adding(hours: 2), actor: "王芳")
    try ledger.execute(
      .openCallRequested(
        ResidentRequest(
          id: OpenCallRequestID(3), requester: .resident("李师傅"), channel: .suggestionBox, place: PlaceID(1),
          wish: "增设座椅")), at: pinnedNow.adding(hours: 3), actor: "王芳")
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored?.openCalls == ledger.openCalls)
    #expect(restored?.openCalls.requests.count == 3)
    let bodies: [EventBody] = [
      .openCallRequested(ledger.openCalls.requests[first]!.request),
      .openCallRequested(ledger.openCalls.requests[second]!.request),
      .openCallRequestDeclined(second, reason: "不属社区事务"), posting(1, from: first), posting(2, from: nil),
    ]
    for body in bodies {
      let decoded = try body.encoded().withUnsafeBytes { try EventBody.decode(kind: body.kind, payload: $0) }
      #expect(decoded == body)
    }
    // An item posted without a request is written as an older build wrote it.
    let plain = try posting(2, from: nil).encoded()
    let named = try posting(2, from: first).encoded()
    #expect(Array(named.prefix(plain.count)) == Array(plain) && named.count > plain.count)
  }

  @Test("the jiangsan demo's requests: most posted, some declined, a few waiting; every need was asked for")
  func demoRequests() throws {
    let board = try demoEvents(.jiangsan, days: 30).ledger.openCalls
    let states = board.requests.values.map(\.state)
    let posted = states.filter { $0 == .posted }.count
    let declined = states.filter { $0 == .declined }.count
    let waiting = states.filter { $0 == .pending }.count
    #expect(posted > declined + waiting && declined > 0 && waiting > 0)
    #expect(board.calls.values.filter { $0.posting.list == .needs }.allSatisfy { $0.posting.request != nil })
    for record in board.requests.values {
      if case .posted(let call) = record.decision { #expect(board.calls[call]?.posting.request == record.id) }
    }
  }
}

@Suite("红黑榜 entries with their numbers")
struct HonourHistoryTests {
  @Test("a withdrawn entry is marked, the rest stand; a vanguard's withdrawal marks it whole")
  func entries() throws {
    let stairwell = HonourSubject.stairwell(PlaceID(3))
    let month = CivilMonth("2026-11")!
    func event(_ sequence: Int64, _ body: EventBody, at hours: Int) -> RecordedEvent {
      RecordedEvent(
        sequence: sequence, id: EventID(high: 0, low: UInt64(sequence)), stream: body.stream, version: 1,
        time: pinnedNow.adding(hours: hours),
        actor: "王芳", body: body)
    }
    let red = Honour(kind: .red, subject: stairwell, month: month, reason: "楼道整洁")
    let vanguard = Honour(kind: .vanguardStairwell, subject: stairwell, month: month, reason: "四星")
    var history = HonourHistory()
    for recorded in [
      event(5, .honourAwarded(red), at: 0), event(6, .honourAwarded(red), at: 1),
      event(7, .honourAwarded(vanguard), at: 2),
      event(
        8,
        .honourWithdrawn(
          Honour(kind: .red, subject: stairwell, month: month, reason: "误评"),
          awardedAt: pinnedNow.adding(hours: 1)), at: 3),
      event(
        9,
        .honourWithdrawn(
          Honour(kind: .vanguardStairwell, subject: stairwell, month: month, reason: "复核未过"), awardedAt: nil),
        at: 4),
    ] {
      history.apply(recorded)
    }
    #expect(history.entries.map(\.sequence) == [5, 6, 7])
    #expect(history.entries[0].withdrawal == nil)
    #expect(history.entries[1].withdrawal?.reason == "误评")
    #expect(history.entries[2].withdrawal?.reason == "复核未过")
    #expect(history.entries[2].withdrawal?.time == pinnedNow.adding(hours: 4))
  }
}
