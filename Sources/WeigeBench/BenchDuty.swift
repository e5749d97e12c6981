import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore

/// `weige bench duty`: one tick of the duty desk at city scale — every open ticket's clocks
/// recomputed on the working calendar (签收 and 办结 deadlines, 预警, the next escalation step) —
/// beside the same loop with wall-clock deadlines only (the ticket's `dueAt` by urgency, as before
/// the duty desk), in the same run; and the watcher's whole answer, which steps are due.
struct BenchDuty: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "duty",
    abstract: "Recomputing every open ticket's clocks for a tick, beside the wall-clock-only loop.")

  @Option(help: "Open tickets.") var tickets = 100_000
  @Option(help: "Runs per figure; the median is kept.") var runs = 7
  @Flag(help: "Print the figures as one JSON object.") var json = false

  /// Monday 30 November 2026, 10:00: tickets were opened over the ten days before.
  static let now = CivilDate(year: 2026, month: 11, day: 30)!.inChina(minute: 600)

  func run() throws {
    guard tickets > 0, runs > 0 else { throw CLIError("--tickets and --runs take 1 or more") }
    let ledger = Self.ledger(tickets: tickets)
    let calendar = WorkingCalendar.shipped
    let now = Self.now
    var sums: (Int64, Int64) = (0, 0)
    let working = median(runs) {
      var sum: Int64 = 0
      for ticket in ledger.tickets.values where ticket.status.isOpen {
        let clocks = Deadline.clocks(of: ticket, calendar: calendar)
        if let clock = clocks.sign { sum &+= Self.checksum(clock, at: now) }
        if let clock = clocks.resolve { sum &+= Self.checksum(clock, at: now) }
      }
      sums.0 = sum
    }
    let wallClock = median(runs) {
      var sum: Int64 = 0
      for ticket in ledger.tickets.values where ticket.status.isOpen {
        let deadline = Deadline.resolve(requestedAt: ticket.requestedAt, urgency: ticket.urgency)
        let phase = Deadline.phase(issuedAt: ticket.requestedAt, deadline: deadline, now: now)
        sum &+= deadline.rawValue &+ Int64(phase.rawValue)
      }
      sums.1 = sum
    }
    var due = 0
    let watcher = median(runs) {
      due = Deadline.dueEscalations(in: ledger, at: now, calendar: calendar).count
    }
    let report = DutyBenchReport(
      openTickets: tickets, runs: runs,
      tick: Figure(
        value: working * 1000, unit: "ms", reference: wallClock * 1000,
        referenceName: "wall-clock deadlines only",
        target: "≤ 5 ms", met: working * 1000 <= 5),
      dueEscalationsMilliseconds: watcher * 1000, stepsDue: due, checksum: sums.0 &+ sums.1)
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// What a tick reads of a clock: its deadline, its phase now, its next step.
  static func checksum(_ clock: DutyClock, at now: Timestamp) -> Int64 {
    clock.deadline.rawValue &+ Int64(clock.phase(at: now).rawValue) &+ (clock.next?.due.rawValue ?? 0)
  }

  /// `count` open tickets of every class and urgency, opened over the ten days before `now` under
  /// the shipped policy: a third waiting for 派单, a third dispatched, a third signed for.
  static func ledger(tickets count: Int) -> Ledger {
    var ledger = Ledger()
    let stairwell = PlaceID(1)
    ledger.apply(
      .placeAdded(Place(id: stairwell, parent: nil, level: .stairwell, name: "1单元")), time: now, actor: "")
    ledger.apply(
      .personRegistered(Person(id: PersonID(1), name: "李明", household: nil, phone: "", isPartyMember: false)),
      time: now, actor: "")
    var state: UInt64 = 2026
    func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state >> 33
    }
    for index in 0..<count {
      let id = TicketID(1001 + index)
      let demand = DemandClass.allCases[Int(next() % 3)]
      let urgency = Urgency.allCases[Int(next() % 20 == 0 ? 2 : next() % 2)]
      let requested = Timestamp(milliseconds: now.rawValue - Int64(next() % (10 * 86_400)) * 1000)
      let (terms, dueAt) = Deadline.opening(
        at: requested, demand, urgency, policy: .shipped, calendar: .shipped)
      ledger.apply(
        .ticketRequested(
          TicketRequest(
            id: id, title: "楼道灯不亮", demandClass: demand, urgency: urgency, source: .hotline, place: stairwell,
            household: nil, dueAt: dueAt, terms: terms)), time: requested, actor: "王芳")
      if index % 3 > 0 {
        ledger.apply(
          .ticketDispatched(id, assignee: PersonID(1)), time: requested.adding(minutes: 5), actor: "王芳")
      }
      if index % 3 > 1 { ledger.apply(.ticketAccepted(id), time: requested.adding(minutes: 30), actor: "李明") }
    }
    return ledger
  }

  func median(_ count: Int, _ body: () -> Void) -> Double {
    body()
    return (0..<count).map { _ in seconds(body) }.sorted()[count / 2]
  }
}

struct DutyBenchReport: Encodable {
  var openTickets: Int
  var runs: Int
  var tick: Figure
  var dueEscalationsMilliseconds: Double
  var stepsDue: Int
  /// Both loops' sums: what keeps the compiler from skipping them.
  var checksum: Int64

  var table: String {
    [
      "weige bench duty — \(grouped(openTickets)) open tickets (every class and urgency, opened over ten days "
        + "under the shipped policy; a third dispatched, a third signed for); median of \(runs) runs",
      figureLine("one tick: every clock on the working calendar", tick),
      "  which escalation steps are due (the watcher's and the dashboard's check): "
        + String(format: "%.2f ms", dueEscalationsMilliseconds) + ", \(grouped(stepsDue)) steps due",
    ].joined(separator: "\n")
  }
}
