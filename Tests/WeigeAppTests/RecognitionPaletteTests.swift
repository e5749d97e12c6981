import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// The one event the palette sent, delivered back as the store would record it.
private func sent(_ effects: [DashboardEffect], to app: inout Dashboard) throws -> EventBody {
  let appends = storeAppends(in: effects)
  try #require(appends.count == 1 && appends[0].events.count == 1)
  deliver(appends[0].events, to: &app)
  return appends[0].events[0].body
}

@Suite("Hours, points, honours, conventions and partner units from the palette")
struct RecognitionPaletteTests {
  static let ledger = try! jiangsan()

  /// A volunteer with points to spend and a name nobody else has, so that typing it finds them.
  static func volunteer() throws -> (Person, balance: Int) {
    let names = Dictionary(grouping: ledger.people.values, by: \.name)
    let found = ledger.recognition.accounts.sorted { $0.key < $1.key }.first { id, account in
      account.balance > 0 && names[ledger.people[id]?.name ?? ""]?.count == 1
    }
    let (id, account) = try #require(found)
    return (try #require(ledger.people[id]), account.balance)
  }

  /// A stairwell without a convention, with its palette label.
  static func stairwellWithoutConvention() throws -> (PlaceID, label: String) {
    let id = try #require(
      ledger.places.values.filter { $0.level == .stairwell && ledger.recognition.conventions[$0.id] == nil }
        .map(\.id).sorted().first)
    var labels = PlaceLabels(ledger)
    return (id, labels.label(of: id))
  }

  @Test("hours add: a person, an activity and a time; the points follow the star rules, as the CLI's")
  func hours() throws {
    let (person, balance) = try Self.volunteer()
    var app = dashboard(Self.ledger, width: 120, height: 40)
    let effects = enter(["hours add ", person.name, "平安巡查", "1小时30分"], into: &app)
    #expect(app.palette.input == nil, "\(app.palette.input?.error ?? "")")
    let body = try sent(effects, to: &app)
    #expect(
      body
        == .volunteerHoursRecorded(
          VolunteerHours(person: person.id, activity: "平安巡查", minutes: 90, points: 15)))
    #expect(app.ledger.recognition.accounts[person.id]?.balance == balance + 15)
    enter(["hours add ", person.name, "平安巡查", "一个半小时"], into: &app)
    #expect(app.palette.input?.error == "'一个半小时' 不是时长：写 2h、90m、1h30m 或 2小时")
  }

  @Test("points redeem: past the balance Core refuses, in the screen's language; the whole balance is spent")
  func redeem() throws {
    let (person, balance) = try Self.volunteer()
    var app = dashboard(Self.ledger, width: 120, height: 40)
    let refused = enter(["points redeem ", person.name, "\(balance + 1)", "大米一袋"], into: &app)
    #expect(storeAppends(in: refused).isEmpty)
    #expect(app.palette.input?.error == "积分不足：\(person.name) 余 \(balance) 分，兑换「大米一袋」需 \(balance + 1) 分")
    app.language = .en
    press(&app, .enter)
    #expect(
      app.palette.input?.error
        == "not enough points: \(person.name) has \(balance), and \"大米一袋\" takes \(balance + 1)")
    press(&app, .escape)
    let effects = enter(["points redeem ", person.name, "\(balance)分", "大米一袋"], into: &app)
    #expect(
      try sent(effects, to: &app)
        == .pointsRedeemed(PointsRedemption(person: person.id, points: balance, reward: "大米一袋")))
    #expect(app.ledger.recognition.accounts[person.id]?.balance == 0)
  }

  @Test("honour red takes the stars board's selection; honour black a stairwell typed; both this month")
  func redBlack() throws {
    var app = dashboard(Self.ledger, width: 160, height: 48)
    press(&app, .character("S"), .down)
    let selected = try #require(app.selectedRating()?.stairwell)
    let red = enter(["honour red ", "", "楼道整洁无堆物"], into: &app)
    let month = CivilMonth(inChina: pinnedNow)
    #expect(
      try sent(red, to: &app)
        == .honourAwarded(Honour(kind: .red, subject: .stairwell(selected), month: month, reason: "楼道整洁无堆物")))
    let (stairwell, label) = try Self.stairwellWithoutConvention()
    let black = enter(["honour black ", label, "楼道堆放杂物"], into: &app)
    #expect(
      try sent(black, to: &app)
        == .honourAwarded(
          Honour(kind: .black, subject: .stairwell(stairwell), month: month, reason: "楼道堆放杂物")))
    #expect(render(app).contains { $0.contains("黑榜 " + app.ledger.fieldName(of: stairwell) + " 楼道堆放杂物") })
  }

  @Test("a 先锋 for last month by default, once a month; honour withdraw takes it back")
  func vanguards() throws {
    let (stairwell, label) = try Self.stairwellWithoutConvention()
    let (person, _) = try Self.volunteer()
    var app = dashboard(Self.ledger, width: 120, height: 40)
    let last = CivilMonth(inChina: pinnedNow).previous
    let chosen = enter(["vanguard stairwell ", label, "", "一长二员齐全，走访全覆盖"], into: &app)
    let award = Honour(
      kind: .vanguardStairwell, subject: .stairwell(stairwell), month: last, reason: "一长二员齐全，走访全覆盖")
    #expect(try sent(chosen, to: &app) == .honourAwarded(award))
    enter(["vanguard stairwell ", label, "", "再评一次"], into: &app)
    #expect(app.palette.input?.error == "\(app.ledger.fieldName(of: stairwell)) 已是 \(last) 先锋楼道")
    press(&app, .escape)
    let personal = enter(["vanguard person ", person.name, "\(last.previous)", "志愿时长最多"], into: &app)
    #expect(
      try sent(personal, to: &app)
        == .honourAwarded(
          Honour(kind: .vanguardPerson, subject: .person(person.id), month: last.previous, reason: "志愿时长最多")))
    press(&app, .character(":"))
    type("honour withdraw ", into: &app)
    #expect(app.palette.input?.rows.first?.item.honourKind == .vanguardPerson, "newest first")
    type("先锋楼道", into: &app)
    press(&app, .enter)
    type("评选有误", into: &app)
    let withdrawn = press(&app, .enter)
    #expect(
      try sent(withdrawn, to: &app)
        == .honourWithdrawn(
          Honour(kind: .vanguardStairwell, subject: .stairwell(stairwell), month: last, reason: "评选有误"),
          awardedAt: pinnedNow))
    #expect(!app.ledger.recognition.honours.contains { $0.honour.subject == .stairwell(stairwell) })
  }

  @Test("convention adopt once; unit add by name and kind; --lang en prompts")
  func conventionAndUnit() throws {
    let (stairwell, label) = try Self.stairwellWithoutConvention()
    var app = dashboard(Self.ledger, width: 120, height: 40)
    let adopted = enter(["convention adopt ", label, "文明楼道公约"], into: &app)
    #expect(try sent(adopted, to: &app) == .conventionAdopted(stairwell, title: "文明楼道公约"))
    enter(["convention adopt ", label, "又一公约"], into: &app)
    #expect(app.palette.input?.error?.hasSuffix("订立楼道公约「文明楼道公约」") == true)
    press(&app, .escape)
    app.language = .en
    press(&app, .character(":"))
    type("unit add ", into: &app)
    #expect(render(app).contains { $0.contains("the unit's name (Enter)") })
    type("区民政局", into: &app)
    press(&app, .enter)
    #expect(render(app).contains { $0.contains("the kind: office, company, property, social, courier") })
    type("shzz", into: &app)
    let registered = press(&app, .enter)
    let id = Self.ledger.openCalls.nextUnitID
    let social = try #require(UnitKindCatalogue.standard.kind(named: "social"))
    #expect(
      try sent(registered, to: &app)
        == .partnerUnitRegistered(PartnerUnit(id: id, name: "区民政局", kind: social)))
    #expect(app.ledger.openCalls.units[id]?.name == "区民政局")
  }
}

extension RecognitionPaletteTests {
  @Test("honour withdraw takes a 红黑榜 entry, named by the day it was given; the stairwell's others stay")
  func withdrawListEntry() throws {
    let (stairwell, _) = try Self.stairwellWithoutConvention()
    var app = dashboard(Self.ledger, width: 120, height: 40)
    // Two red entries on one stairwell, three hours apart.
    for (hours, reason) in [(-5, "楼道整洁"), (-2, "主动清理堆物")] {
      let red = Honour(
        kind: .red, subject: .stairwell(stairwell), month: CivilMonth(inChina: pinnedNow), reason: reason)
      deliver(
        [NewEvent(time: pinnedNow.adding(hours: hours), actor: "王芳", body: .honourAwarded(red))], to: &app)
    }
    let entry = try #require(app.ledger.recognition.honours.first { $0.honour.reason == "楼道整洁" })
    let standing = app.ledger.recognition.honours.count
    press(&app, .character(":"))
    type("honour withdraw ", into: &app)
    type("红榜 " + app.ledger.fieldName(of: stairwell) + " " + entry.time.chinaDateTime.prefix(16), into: &app)
    #expect(
      app.palette.input?.rows.first?.item == .honour(entry.entry),
      "\(app.palette.input?.rows.first?.text ?? "")")
    press(&app, .enter)
    type("误评", into: &app)
    let effects = press(&app, .enter)
    let honour = Honour(kind: .red, subject: .stairwell(stairwell), month: entry.honour.month, reason: "误评")
    #expect(try sent(effects, to: &app) == .honourWithdrawn(honour, awardedAt: entry.time))
    #expect(app.ledger.recognition.honours.count == standing - 1)
    #expect(!app.ledger.recognition.honours.contains(entry))
  }
}

extension PaletteItem {
  /// The kind of the honour a line stands for, if it stands for one.
  fileprivate var honourKind: HonourKind? {
    if case .honour(let entry) = self { entry.kind } else { nil }
  }
}
