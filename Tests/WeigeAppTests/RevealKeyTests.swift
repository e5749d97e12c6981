import Foundation
import Testing
import WeigeApp
import WeigeCore
import WeigeStore
import WeigeTestSupport
import WeigeUI

/// The reveal key (`v` 查看号码) on a real SQLite store: the household detail asks the log who saw
/// its numbers, `v` asks for a reason, appends the reveal, and shows the numbers whole on that
/// screen only once the reveal is in the log.
@Suite("Revealing a household's numbers on screen")
struct RevealKeyTests {
  let folder = temporaryPath("weige-reveal")
  let store: SQLiteEventStore

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    store = try SQLiteEventStore(path: folder + "/weige.db")
    _ = try store.append(try demoEvents(.jiangsan, days: 1).events)
  }

  /// Does what the runner does with the screen's effects: appends to the store (then follows it,
  /// as the follower would), and reads a household's streams; other effects are left.
  func perform(_ effects: [DashboardEffect], on app: inout Dashboard) throws {
    for effect in effects {
      switch effect {
      case .append(let events, let expected, let summary):
        _ = try store.append(events, expectedVersions: expected)
        _ = app.update(.message(.appended(summary: summary)))
        _ = app.update(.message(.events(try store.events(after: app.ledger.lastSequence))))
      case .readReveals(let household, let streams):
        let events = try streams.flatMap { try store.events(in: $0) }
        try perform(app.update(.message(.revealsRead(household, events))).effects, on: &app)
      default:
        break
      }
    }
  }

  func keys(_ keys: Key..., into app: inout Dashboard) throws {
    for key in keys { try perform(app.update(.input(.key(key))).effects, on: &app) }
  }

  func typed(_ text: String, into app: inout Dashboard) throws {
    for character in text { try keys(.character(character), into: &app) }
  }

  @Test("v asks a reason, appends the reveal, shows the phone whole there only; the detail says who and when")
  func revealKey() throws {
    let ledger = try store.openLedger()
    let stairwell = try #require(ledger.places(named: "长江小区/1幢/1单元").first).id
    let id = try #require(ledger.householdsByStairwell[stairwell]?.first)
    var home = try #require(ledger.households[id])
    // A register gave the contact's ID number; an export of the whole community was revealed
    // earlier, by another operator.
    home.contactIDNumber = "11010519491231002X"
    let community = try #require(ledger.places(named: "江三社区").first).id
    _ = try store.append([
      NewEvent(
        time: pinnedNow.adding(minutes: -120), actor: "李娜", body: .householdDetailsChanged(id, home.details)),
      NewEvent(
        time: pinnedNow.adding(minutes: -90), actor: "李娜",
        body: .numbersRevealed(
          NumbersReveal(place: community, household: nil, reason: "街道核对底数", purpose: "export 户籍.xlsx"))),
    ])
    var app = Dashboard(
      ledger: try store.openLedger(), now: pinnedNow, theme: .fallback, operatorName: "王芳",
      screenSize: Size(width: 120, height: 40))
    try keys(.character(":"), into: &app)
    try typed("长江小区 1幢1单元", into: &app)
    try keys(.enter, into: &app)
    // Tab to the stairwell's households (past its tickets, if it has any); the first is `id`.
    let households = app.team(of: stairwell).count + app.tickets(at: stairwell).count
    while app.navigation.detailSelection != households { try keys(.tab, into: &app) }
    try keys(.enter, into: &app)
    #expect(app.navigation.details.last == .household(id))
    var screen = render(app)
    let masked = ResidentNumbers.maskedPhone(home.contactPhone)
    #expect(screen.contains { $0.contains("电话 \(masked)   身份证 1101**********002X") })
    #expect(!screen.joined().contains(home.contactIDNumber))
    #expect(screen.contains { $0.contains("查看号码 李娜 19:15（export 户籍.xlsx）：街道核对底数") })
    #expect(!screen.joined().contains(home.contactPhone))

    // An empty reason reveals nothing, and the palette says why.
    let before = try store.lastSequence()
    try keys(.character("v"), into: &app)
    #expect(app.palette.input?.command == .reveal)
    try keys(.enter, into: &app)
    #expect(app.palette.input?.error == "请先输入查看原因，再按 Enter")
    #expect(try store.lastSequence() == before)
    #expect(!render(app).joined().contains(home.contactPhone))

    try typed("核实独居老人联系方式", into: &app)
    try keys(.enter, into: &app)
    #expect(try store.lastSequence() == before + 1)
    let appended = try #require(try store.events(after: before).first)
    #expect(appended.actor == "王芳")
    #expect(
      appended.body
        == .numbersRevealed(NumbersReveal(place: nil, household: id, reason: "核实独居老人联系方式", purpose: "screen"))
    )
    screen = render(app)
    #expect(
      screen.contains {
        $0.contains("电话 \(home.contactPhone)（完整号码，已记入日志）   身份证 \(home.contactIDNumber)")
      })
    #expect(screen.contains { $0.contains("查看号码 王芳 20:45（屏幕）：核实独居老人联系方式；李娜 19:15（export 户籍.xlsx）：街道核对底数") })

    // Leaving the household hides the numbers again; the record stays.
    try keys(.escape, into: &app)
    #expect(app.reveals.shown == nil)
    while app.navigation.detailSelection != households { try keys(.tab, into: &app) }
    try keys(.enter, into: &app)
    #expect(app.navigation.details.last == .household(id))
    screen = render(app)
    #expect(!screen.joined().contains(home.contactPhone))
    #expect(screen.contains { $0.contains("查看号码 王芳 20:45（屏幕）") })
  }

  @Test("reveal from the palette on the map opens the household it shows whole")
  func revealFromThePalette() throws {
    var app = Dashboard(
      ledger: try store.openLedger(), now: pinnedNow, theme: .fallback, operatorName: "王芳",
      screenSize: Size(width: 120, height: 40))
    try keys(.character(":"), into: &app)
    try typed("reveal ", into: &app)
    #expect(app.palette.input?.command == .reveal)
    try typed("长江小区 1幢1单元 101", into: &app)
    try keys(.enter, into: &app)
    let chosen = try #require(app.palette.input?.arguments.first?.item)
    guard case .household(let id) = chosen else {
      Issue.record("not a household: \(chosen)")
      return
    }
    try typed("复核联系电话", into: &app)
    try keys(.enter, into: &app)
    #expect(app.navigation.details.last == .household(id))
    let phone = try #require(app.ledger.households[id]?.contactPhone)
    #expect(render(app).contains { $0.contains("电话 \(phone)（完整号码，已记入日志）") })
  }
}
