import Testing
import WeigeCore
import WeigeTestSupport

@Suite("Demo districts carry the field's figures")
struct DemoTests {
  @Test("滨江区: 2,579 stairwells, their teams and party-member shares")
  func binjiang() throws {
    let ledger = fold(try demoEvents(.binjiang, days: 0).events)
    let baseline = ledger.baseline(of: nil, now: pinnedNow)
    #expect(baseline.stairwells == 2_579)
    #expect(baseline.households == 90_216)
    #expect(baseline.roles["head"]?.filled == 2_579)
    #expect(baseline.roles["information"]?.filled == 2_592)
    #expect(baseline.roles["logistics"]?.filled == 2_519)
    #expect(baseline.reserves == 7_524)
    for (role, share) in [("head", 0.2901), ("information", 0.3461), ("logistics", 0.2679)] {
      #expect(abs((baseline.roles[role]?.partyShare ?? 0) - share) < 0.005, "\(role)")
    }
    let jiangsan = try #require(ledger.places(named: "江三社区").first)
    #expect(ledger.baseline(of: jiangsan.id, now: pinnedNow).stairwells == 94)
  }

  @Test("江三社区: two compounds, 94 stairwells, 2,688 households, 11,500 residents")
  func jiangsan() throws {
    let ledger = try demoEvents(.jiangsan, days: 0).ledger
    let baseline = ledger.baseline(of: nil, now: pinnedNow)
    #expect(baseline.stairwells == 94)
    #expect(baseline.households == 2_688)
    #expect(baseline.residents == 11_500)
    let community = try #require(ledger.places(named: "江三社区").first)
    #expect(community.children.compactMap { ledger.places[$0]?.name } == ["长江小区", "长江西苑"])
    #expect(ledger.places(named: "长江小区/3幢/2单元").count == 1)
  }

  @Test("春江小区: 13 buildings, 383 households, 1,300 residents, 551 aged 60+")
  func chunjiang() throws {
    let ledger = try demoEvents(.chunjiang, days: 0).ledger
    let baseline = ledger.baseline(of: nil, now: pinnedNow)
    #expect(ledger.places.values.filter { $0.level == .building }.count == 13)
    #expect(baseline.households == 383)
    #expect(baseline.residents == 1_300)
    #expect(baseline.aged60Plus == 551)
  }

  @Test("history has tickets in every state, returned and overdue ones included")
  func history() throws {
    let ledger = try demoEvents(.jiangsan, days: 30).ledger
    let steps = Set(ledger.tickets.values.flatMap { $0.timeline.map(\.status) })
    #expect(steps == Set(TicketStatus.allCases))
    #expect(ledger.tickets.values.contains { $0.timeline.contains { $0.status == .returned } })
    #expect(ledger.tickets.values.contains { $0.isEscalated })
    let baseline = ledger.baseline(of: nil, now: pinnedNow)
    #expect(baseline.openTickets > 0)
    #expect(baseline.visitCoverage > 0.4 && baseline.visitCoverage < 1)
  }
}
