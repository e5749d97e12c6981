import Testing
import WeigeCore
import WeigeTestSupport

/// 江三社区 with two partner units and one item on the needs list, due in seven days.
private func boardWithOneItem() throws -> Ledger {
  var ledger = try smallStairwell()
  let kinds = UnitKindCatalogue.standard
  try ledger.execute(
    .partnerUnitRegistered(
      PartnerUnit(id: PartnerUnitID(1), name: "绿城物业", kind: kinds.kind(named: "property")!)),
    at: pinnedNow, actor: "王芳")
  try ledger.execute(
    .partnerUnitRegistered(PartnerUnit(id: PartnerUnitID(2), name: "区住建局", kind: kinds.kind(named: "机关")!)),
    at: pinnedNow, actor: "王芳")
  try ledger.execute(
    .openCallPosted(
      OpenCallPosting(
        id: OpenCallID(1), list: .needs, title: "楼道扶手加装", place: PlaceID(3), need: "工人2名、扶手材料",
        dueBy: pinnedNow.adding(hours: 7 * 24))), at: pinnedNow, actor: "王芳")
  return ledger
}

private let item = OpenCallID(1)
private let property = PartnerUnitID(1)
private let office = PartnerUnitID(2)

/// The refusal Core gives, in both languages.
private func refusal(_ ledger: Ledger, _ body: EventBody, at time: Timestamp = pinnedNow) -> DomainError? {
  do {
    try ledger.validate(body, at: time, by: "王芳")
    return nil
  } catch {
    return error
  }
}

@Suite("揭榜: claims, progress, completion and ratings")
struct OpenCallTests {
  @Test("点单 → 派单 → 接单 → 评单 with a unit as the taker: person-times add up, the rating stands")
  func wholeLife() throws {
    var ledger = try boardWithOneItem()
    let later = pinnedNow.adding(hours: 24)
    try ledger.execute(.openCallClaimed(item, unit: property), at: later, actor: "绿城物业")
    try ledger.execute(
      .openCallProgressed(item, note: "材料已到位", personTimes: 4), at: later.adding(hours: 24), actor: "绿城物业")
    try ledger.execute(
      .openCallCompleted(item, note: "已验收", personTimes: 6), at: later.adding(hours: 48), actor: "绿城物业")
    try ledger.execute(
      .openCallRated(item, score: 5, comment: "响应迅速"), at: later.adding(hours: 72), actor: "周建国")
    let call = try #require(ledger.openCalls.calls[item])
    #expect(call.status == .rated)
    #expect(call.unit == property)
    #expect(call.personTimes == 10)
    #expect(call.rating == 5)
    #expect(call.history.map(\.kind) == [.posted, .claimed, .progress, .done, .rated])
    let standings = ledger.openCalls.standings()
    #expect(standings.map(\.unit.name) == ["绿城物业", "区住建局"])
    #expect(standings[0].completed == 1 && standings[0].averageRating == 5 && standings[0].personTimes == 10)
    #expect(standings[1].completed == 0 && standings[1].averageRating == nil)
  }

  @Test("a claimed item cannot be claimed again; the refusal names who holds it")
  func claimedTwice() throws {
    var ledger = try boardWithOneItem()
    try ledger.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    let error = try #require(refusal(ledger, .openCallClaimed(item, unit: office)))
    #expect(error.chinese == "榜单 J1 当前为「已揭榜」（绿城物业）；只有「待揭榜」的榜单才能揭榜")
    #expect(error.english == "item J1 is 已揭榜 (绿城物业); only a 待揭榜 item can be claimed (揭榜)")
  }

  @Test("a done or rated item is closed to claims and reports")
  func closedItem() throws {
    var ledger = try boardWithOneItem()
    try ledger.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    try ledger.execute(.openCallCompleted(item, note: "", personTimes: 3), at: pinnedNow, actor: "绿城物业")
    #expect(refusal(ledger, .openCallClaimed(item, unit: office))?.chinese.contains("「已完成」") == true)
    #expect(refusal(ledger, .openCallProgressed(item, note: "再去一次", personTimes: 1)) != nil)
    #expect(refusal(ledger, .openCallCompleted(item, note: "", personTimes: 0)) != nil)
    try ledger.execute(.openCallRated(item, score: 4, comment: ""), at: pinnedNow, actor: "周建国")
    let twice = try #require(refusal(ledger, .openCallRated(item, score: 5, comment: "")))
    #expect(twice.english.hasPrefix("item J1 is 已评单 (绿城物业); only a 已完成 item can be rated"))
  }

  @Test("rating before completion is refused, and so is a rating out of 1…5")
  func ratingRules() throws {
    var ledger = try boardWithOneItem()
    #expect(refusal(ledger, .openCallRated(item, score: 5, comment: ""))?.chinese.contains("「待揭榜」") == true)
    try ledger.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    #expect(refusal(ledger, .openCallRated(item, score: 5, comment: ""))?.chinese.contains("「已揭榜」") == true)
    try ledger.execute(.openCallCompleted(item, note: "", personTimes: 0), at: pinnedNow, actor: "绿城物业")
    #expect(
      refusal(ledger, .openCallRated(item, score: 0, comment: ""))?.english
        == "a rating is 1 to 5 stars, not 0")
    #expect(refusal(ledger, .openCallRated(item, score: 6, comment: ""))?.chinese == "评分为 1 到 5 星，不是 6")
    #expect(refusal(ledger, .openCallRated(item, score: 1, comment: "")) == nil)
    #expect(refusal(ledger, .openCallRated(item, score: 5, comment: "")) == nil)
  }

  @Test("an unknown unit or item is named in the refusal; progress before a claim is refused")
  func unknowns() throws {
    let ledger = try boardWithOneItem()
    #expect(
      refusal(ledger, .openCallClaimed(item, unit: PartnerUnitID(9)))?.english
        == "there is no partner unit U9")
    #expect(refusal(ledger, .openCallClaimed(OpenCallID(7), unit: property))?.chinese == "没有榜单 J7")
    #expect(
      refusal(ledger, .openCallProgressed(item, note: "已上门", personTimes: 2))?.chinese.contains("「待揭榜」")
        == true)
  }

  @Test("person-times run from 0 to the limit; a progress report needs words")
  func personTimes() throws {
    var ledger = try boardWithOneItem()
    try ledger.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    let limit = OpenCallBoard.personTimesLimit
    #expect(refusal(ledger, .openCallProgressed(item, note: "已上门", personTimes: 0)) == nil)
    #expect(refusal(ledger, .openCallProgressed(item, note: "已上门", personTimes: limit)) == nil)
    #expect(
      refusal(ledger, .openCallProgressed(item, note: "已上门", personTimes: limit + 1))?.english
        == "person-times of service must be 0 to \(limit), not \(limit + 1)")
    #expect(refusal(ledger, .openCallProgressed(item, note: "已上门", personTimes: -1)) != nil)
    #expect(
      refusal(ledger, .openCallProgressed(item, note: "", personTimes: 2))?.english
        == "the note must not be empty")
    #expect(refusal(ledger, .openCallCompleted(item, note: "", personTimes: 2)) == nil)
  }

  @Test("a posting's by-when must be after its posting; its place and number must be real")
  func postingRules() throws {
    let ledger = try boardWithOneItem()
    func posting(id: Int = 2, place: Int = 3, dueBy: Timestamp) -> EventBody {
      .openCallPosted(
        OpenCallPosting(
          id: OpenCallID(id), list: .services, title: "义诊进社区", place: PlaceID(place), need: "医生护士",
          dueBy: dueBy))
    }
    let equal = try #require(refusal(ledger, posting(dueBy: pinnedNow)))
    #expect(
      equal.english.hasPrefix("the by-when ")
        && equal.english.hasSuffix(" is not after the posting time \(ChinaTime.text(pinnedNow))"))
    #expect(refusal(ledger, posting(dueBy: pinnedNow.adding(minutes: -60))) != nil)
    #expect(refusal(ledger, posting(dueBy: pinnedNow.adding(minutes: 1))) == nil)
    #expect(
      refusal(ledger, posting(id: 1, dueBy: pinnedNow.adding(hours: 1)))?.english == "J1 already exists")
    #expect(
      refusal(ledger, posting(place: 99, dueBy: pinnedNow.adding(hours: 1)))?.english
        == "there is no place-99")
    #expect(refusal(ledger, posting(id: 0, dueBy: pinnedNow.adding(hours: 1))) != nil)
    #expect(ledger.openCalls.nextCallID == OpenCallID(2))
  }

  @Test("a unit's name is registered once")
  func unitNames() throws {
    let ledger = try boardWithOneItem()
    let again = PartnerUnit(id: PartnerUnitID(3), name: "绿城物业", kind: UnitKindCatalogue.standard.kinds[1])
    #expect(
      refusal(ledger, .partnerUnitRegistered(again))?.chinese == "共建单位「绿城物业」已登记为 U1")
    #expect(ledger.openCalls.unit(named: "U2")?.name == "区住建局")
    #expect(ledger.openCalls.unit(named: "区住建局")?.id == office)
    #expect(ledger.openCalls.unit(named: "U9") == nil)
  }

  @Test("overdue is past the by-when and not done, at the deadline's edge")
  func overdue() throws {
    var ledger = try boardWithOneItem()
    let due = pinnedNow.adding(hours: 7 * 24)
    #expect(ledger.openCalls.calls[item]?.isOverdue(at: due) == false)
    #expect(ledger.openCalls.calls[item]?.isOverdue(at: Timestamp(milliseconds: due.rawValue + 1)) == true)
    #expect(ledger.openCalls.counts(at: due.adding(minutes: 1)).overdue == 1)
    try ledger.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    #expect(ledger.openCalls.calls[item]?.isOverdue(at: due.adding(minutes: 1)) == true)
    try ledger.execute(
      .openCallCompleted(item, note: "", personTimes: 0), at: due.adding(hours: 1), actor: "绿城物业")
    #expect(ledger.openCalls.calls[item]?.isOverdue(at: due.adding(hours: 2)) == false)
    let counts = ledger.openCalls.counts(at: due.adding(hours: 2))
    #expect([counts.posted, counts.open, counts.claimed, counts.overdue, counts.done] == [1, 0, 0, 0, 1])
  }

  @Test("the board survives a snapshot, and its payloads read back as written")
  func snapshotAndPayloads() throws {
    var ledger = try boardWithOneItem()
    let bodies: [EventBody] = [
      .openCallClaimed(item, unit: property), .openCallProgressed(item, note: "已进场", personTimes: 3),
      .openCallCompleted(item, note: "按期完成", personTimes: 5), .openCallRated(item, score: 4, comment: "质量不错"),
    ]
    for body in bodies { try ledger.execute(body, at: pinnedNow, actor: "绿城物业") }
    let bytes = ledger.snapshot()
    let restored = try bytes.withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored?.openCalls == ledger.openCalls)
    let all =
      bodies + [
        .partnerUnitRegistered(ledger.openCalls.units[office]!),
        .openCallPosted(ledger.openCalls.calls[item]!.posting),
      ]
    for body in all {
      let decoded = try body.encoded().withUnsafeBytes { try EventBody.decode(kind: body.kind, payload: $0) }
      #expect(decoded == body)
    }
  }

  @Test("the jiangsan demo runs Chendaomen's size: 35 items, 300-odd person-times, every state")
  func demoBoard() throws {
    let ledger = try demoEvents(.jiangsan, days: 30).ledger
    let board = ledger.openCalls
    let counts = board.counts(at: pinnedNow)
    // Chendaomen: 已发布榜单35个，服务300余人次.
    #expect(counts.posted == 35)
    #expect(counts.personTimes >= 300)
    #expect(
      counts.open > 0 && counts.claimed > 0 && counts.overdue > 0 && counts.done > counts.rated
        && counts.rated > 0)
    #expect(board.units.count == 12)
  }

  @Test(
    "撤榜: an open or a claimed item comes off the list with a reason; a done one, or one withdrawn, cannot")
  func withdraw() throws {
    var ledger = try boardWithOneItem()
    #expect(
      refusal(ledger, .openCallWithdrawn(item, reason: ""))?.english
        == "the reason to withdraw must not be empty")
    #expect(refusal(ledger, .openCallWithdrawn(item, reason: "已由物业解决")) == nil)
    try ledger.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    try ledger.execute(
      .openCallProgressed(item, note: "已上门", personTimes: 2), at: pinnedNow, actor: "绿城物业")
    let due = pinnedNow.adding(hours: 7 * 24)
    try ledger.execute(.openCallWithdrawn(item, reason: "居民已自行解决"), at: pinnedNow, actor: "王芳")
    let call = try #require(ledger.openCalls.calls[item])
    #expect(call.status == .withdrawn)
    #expect(call.history.map(\.kind) == [.posted, .claimed, .progress, .withdrawn])
    #expect(call.history.last?.note == "居民已自行解决")
    #expect(!call.isOverdue(at: due.adding(hours: 1)), "nothing is owed on a withdrawn item")
    let counts = ledger.openCalls.counts(at: due.adding(hours: 1))
    #expect(
      [counts.posted, counts.open, counts.claimed, counts.overdue, counts.done, counts.withdrawn] == [
        1, 0, 0, 0, 0, 1,
      ])
    let standing = try #require(ledger.openCalls.standings().first { $0.unit.id == property })
    #expect(
      [standing.completed, standing.inHand, standing.personTimes] == [0, 0, 2], "its service still counts")
    let again = try #require(refusal(ledger, .openCallWithdrawn(item, reason: "重复")))
    #expect(again.chinese == "榜单 J1 当前为「已撤榜」（绿城物业）；只有「待揭榜/已揭榜」的榜单才能撤榜")
    #expect(refusal(ledger, .openCallClaimed(item, unit: office)) != nil)

    var done = try boardWithOneItem()
    try done.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    try done.execute(.openCallCompleted(item, note: "", personTimes: 1), at: pinnedNow, actor: "绿城物业")
    #expect(
      refusal(done, .openCallWithdrawn(item, reason: "不需要了"))?.english
        == "item J1 is 已完成 (绿城物业); only a 待揭榜/已揭榜 item can be withdrawn (撤榜)")
  }

  @Test("退榜: only the claiming unit gives an item back, only while claimed; it is open again for another")
  func release() throws {
    var ledger = try boardWithOneItem()
    let open = try #require(refusal(ledger, .openCallReleased(item, unit: property, reason: "人手不足")))
    #expect(open.chinese == "榜单 J1 当前为「待揭榜」；只有「已揭榜」的榜单才能退榜")
    try ledger.execute(.openCallClaimed(item, unit: property), at: pinnedNow, actor: "绿城物业")
    let other = try #require(refusal(ledger, .openCallReleased(item, unit: office, reason: "人手不足")))
    #expect(other.chinese == "榜单 J1 由「绿城物业」揭榜，「区住建局」不能退榜")
    #expect(other.english == "item J1 was claimed by 绿城物业: 区住建局 cannot give it back")
    #expect(
      refusal(ledger, .openCallReleased(item, unit: property, reason: ""))?.english
        == "the reason to give it back must not be empty")
    try ledger.execute(
      .openCallReleased(item, unit: property, reason: "人手不足"), at: pinnedNow.adding(hours: 1), actor: "绿城物业")
    let call = try #require(ledger.openCalls.calls[item])
    #expect(call.status == .open && call.unit == nil && call.claimedAt == nil)
    #expect(call.history.last?.kind == .released)
    #expect(call.history.last?.note == "绿城物业：人手不足")
    #expect(
      EventBody.openCallReleased(item, unit: property, reason: "人手不足").summary(in: ledger, language: .zh)
        == "退榜 J1 楼道扶手加装 → 绿城物业：人手不足")
    try ledger.execute(.openCallClaimed(item, unit: office), at: pinnedNow.adding(hours: 2), actor: "区住建局")
    #expect(ledger.openCalls.calls[item]?.unit == office)
    let bytes = ledger.snapshot()
    let restored = try bytes.withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored?.openCalls == ledger.openCalls)
  }
}
