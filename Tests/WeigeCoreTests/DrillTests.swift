import Foundation
import Testing
import WeigeTestSupport

@testable import WeigeCore

@Suite("The 1·26 drill: squads as on 27 January 2022, reports paced to the record, every step legal")
struct DrillTests {
  /// Plays a whole drill onto `ledger` in drill time, each step judged by Core before it is folded.
  static func play(_ drill: inout MobilizationDrill, on ledger: inout Ledger) throws -> [MobilizationDrill
    .Step]
  {
    var steps = drill.setup
    while !drill.isOver {
      steps += drill.steps(through: drill.nextOffset ?? .max)
    }
    for step in steps {
      try ledger.execute(step.body, at: drill.time(of: step), actor: step.actor)
    }
    return steps
  }

  static func jiangsan(speed: Int = 1, seed: UInt64 = 126) throws -> (Ledger, MobilizationDrill) {
    let ledger = try demoEvents(.jiangsan, days: 1).ledger
    let scope = try #require(ledger.places(named: "江三社区").first?.id)
    let drill = MobilizationDrill(
      in: ledger, scope: scope, formation: .record126, issuedAt: pinnedNow, deadlineMinutes: 45, speed: speed,
      seed: seed, title: "演练：1·26 全员告知", actor: "演练导调")
    return (ledger, drill)
  }

  @Test(
    "squads as on 27 January 2022: three people registered for each of the 94 stairwells, four short-handed")
  func formation() throws {
    let (ledger, drill) = try Self.jiangsan()
    #expect(drill.order.squads.count == 94)
    #expect(drill.order.isDrill && drill.order.drillSpeed == 1)
    #expect(drill.order.squads.filter { $0.members.count < Squad.fullStrength }.count == 4)
    let registered = drill.setup.filter { if case .personRegistered = $0.body { true } else { false } }
    #expect(registered.count == 94 * 3 - 4)
    // None of them is a resident or a team member of the district: they came from outside.
    for squad in drill.order.squads {
      for member in squad.members { #expect(ledger.people[member] == nil) }
    }
  }

  @Test(
    "every household is settled close to the record, with not-home households revisited and a few refusals")
  func finishesNearTheRecord() throws {
    var (ledger, drill) = try Self.jiangsan()
    let steps = try Self.play(&drill, on: &ledger)
    let order = try #require(ledger.mobilizations[drill.order.id])
    #expect(order.tally.households == 2_688)
    #expect(order.tally.outstanding == 0)
    #expect(order.closing == .completed)
    let finish = try #require(order.finishedAt)
    let minutes = Double(finish.rawValue - order.issuedAt.rawValue) / 60_000
    #expect(minutes > 40 && minutes < 48, "finished at \(minutes) min")
    var firstPass: [HouseholdOutcome: Int] = [:]
    var seen = Set<HouseholdID>()
    for step in steps {
      guard case .householdsReported(_, let reports) = step.body else { continue }
      for report in reports where seen.insert(report.household).inserted {
        firstPass[report.outcome, default: 0] += 1
      }
    }
    #expect(firstPass[.notHome, default: 0] > 40)
    #expect(firstPass[.refused, default: 0] > 0)
    #expect(order.tally.refused == firstPass[.refused, default: 0])
    // Each household's first report is the door; some needed a second or third visit.
    #expect(steps.count > 2_688 + 94 * 2)
    #expect(order.squads.contains { $0.history.contains { $0.status == .blocked } })
  }

  @Test(
    "at half-time the projected finish is within 10 % of the drill's real finish", arguments: [126, 1, 2, 3])
  func projectionAtHalfTime(seed: UInt64) throws {
    var (ledger, drill) = try Self.jiangsan(seed: seed)
    let half = Timestamp(milliseconds: pinnedNow.rawValue + 45 * 60_000 / 2)
    var steps = drill.setup
    while !drill.isOver { steps += drill.steps(through: drill.nextOffset ?? .max) }
    var projected: Timestamp?
    for step in steps {
      if projected == nil, drill.time(of: step) > half {
        projected = ledger.mobilizations[drill.order.id]?.projection(at: half).finish
      }
      try ledger.execute(step.body, at: drill.time(of: step), actor: step.actor)
    }
    let order = try #require(ledger.mobilizations[drill.order.id])
    let real = Double(try #require(order.finishedAt).rawValue - pinnedNow.rawValue)
    let guess = Double(try #require(projected).rawValue - pinnedNow.rawValue)
    #expect(abs(guess - real) / real < 0.1, "projected \(guess / 60_000) min, finished \(real / 60_000) min")
  }

  @Test("deterministic by seed, whatever the step the steps are asked for at")
  func deterministic() throws {
    var (_, first) = try Self.jiangsan(seed: 7)
    var (_, second) = try Self.jiangsan(seed: 7)
    var a: [MobilizationDrill.Step] = []
    var b: [MobilizationDrill.Step] = []
    while !first.isOver { a += first.steps(through: first.nextOffset ?? .max) }
    var offset: Int64 = 0
    while !second.isOver {
      offset += 7_919
      b += second.steps(through: offset)
    }
    #expect(a.map(\.body) == b.map(\.body))
    #expect(a.map(\.offset) == b.map(\.offset))
  }

  @Test("sped up, the steps keep their drill time and the 1·26 line runs as much faster")
  func speed() throws {
    let (ledger, drill) = try Self.jiangsan(speed: 60)
    #expect(drill.order.deadline.rawValue - pinnedNow.rawValue == 45_000)
    var state = ledger
    for step in drill.setup { try state.execute(step.body, at: pinnedNow, actor: step.actor) }
    let order = try #require(state.mobilizations[drill.order.id])
    // After 45 real seconds at ×60 the record's pace has told every household.
    #expect(
      abs(order.referenceReached(at: Timestamp(milliseconds: pinnedNow.rawValue + 45_000)) - 2_688) < 20)
    let step = MobilizationDrill.Step(offset: 60_000, actor: "x", body: .mobilizationIssued(drill.order))
    #expect(drill.time(of: step).rawValue == pinnedNow.rawValue + 1_000)
  }

  @Test("a sped-up drill's report speaks drill time: its moments, its finish against the deadline, its pace")
  func reportInDrillTime() throws {
    var (ledger, drill) = try Self.jiangsan(speed: 60)
    _ = try Self.play(&drill, on: &ledger)
    let report = try #require(ledger.afterActionReport(of: drill.order.id, at: pinnedNow, language: .zh))
    #expect(report.drillSpeed == 60)
    #expect(report.finish.hasPrefix("已于 +4"), "\(report.finish)")
    let pace = try #require(report.slowest.first?.secondsPerHousehold)
    #expect(pace > 60 && pace < 180)
    #expect(report.curve.count > 40)
    // The countdown and the rate speak drill time too: 45 drill minutes left at the issue, and a
    // rate near the record's 60 households a drill minute, not 60 times that.
    let order = try #require(ledger.mobilizations[drill.order.id])
    #expect(order.countdown(at: order.issuedAt).text == "45:00")
    #expect(order.projectionWindowMilliseconds == 270_000)
    var (half, replay) = try Self.jiangsan(speed: 60)
    let halfTime = Timestamp(milliseconds: pinnedNow.rawValue + 45_000 / 2)
    var steps = replay.setup
    while !replay.isOver { steps += replay.steps(through: replay.nextOffset ?? .max) }
    for step in steps where replay.time(of: step) <= halfTime {
      try half.execute(step.body, at: replay.time(of: step), actor: step.actor)
    }
    let rate = try #require(half.mobilizations[replay.order.id]).projection(at: halfTime).settledPerMinute
    #expect(rate > 30 && rate < 120, "\(rate) households a drill minute")
  }

  @Test("only a drill may be sped up")
  func onlyDrillsSpeedUp() throws {
    let (ledger, drill) = try Self.jiangsan(speed: 60)
    var order = drill.order
    order.isDrill = false
    var state = ledger
    for step in drill.setup.dropLast() { try state.execute(step.body, at: pinnedNow, actor: step.actor) }
    #expect(throws: DomainError.self) { try state.validate(.mobilizationIssued(order), at: pinnedNow) }
  }
}
