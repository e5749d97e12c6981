import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore

/// `weige bench duty`: one tick of the duty desk at city scale through the clock index kept by
/// the fold (`DutyClockIndex`: wake the clocks whose phase or due step changed, read the head of
/// the queue) beside the same tick with wall-clock deadlines only (every open ticket's `dueAt` by
/// urgency and its phase, as before the duty desk), in the same run; a tick an hour later, across
/// which many clocks change; what the index costs to build and to keep (a note per event); every
/// clock recomputed without the index; and which steps are due, through the index and by walking
/// every ticket.
struct BenchDuty: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "duty",
    abstract: "One duty-desk tick through the clock index, beside the wall-clock-only loop.")

  @Option(help: "Open tickets.") var tickets = 100_000
  @Option(help: "Runs per figure; the median is kept.") var runs = 7
  @Option(help: "Events noted per run for the note cost.") var events = 3_000
  @Option(help: "Seconds to watch the idle dashboard's CPU with the duty view open (0 skips it).")
  var idleSeconds = 10
  @Option(help: "The demo district the idle dashboard opens on.") var preset: DemoPreset = .binjiang
  @Flag(help: "Print the figures as one JSON object.") var json = false

  /// Monday 30 November 2026, 10:00: tickets were opened over the ten days before.
  static let now = CivilDate(year: 2026, month: 11, day: 30)!.inChina(minute: 600)
  /// Entries at the head of the queue a tick reads: a duty view's page.
  static let page = 50

  func run() throws {
    guard tickets > 0, runs > 0, events > 0 else {
      throw CLIError("--tickets, --runs and --events take 1 or more")
    }
    let calendar = WorkingCalendar.shipped
    let now = Self.now
    // A desk kept up to date: every step due by `now` appended, as the watcher would have.
    var ledger = Self.ledger(tickets: tickets)
    let caughtUp = Deadline.dueEscalations(in: ledger, at: now, calendar: calendar)
    for step in caughtUp {
      let event = step.event(at: now, actor: "值班台")
      ledger.apply(event.body, time: event.time, actor: event.actor)
    }
    var sums: (Int64, Int64, Int64) = (0, 0, 0)
    var index = DutyClockIndex(ledger, calendar: calendar, now: now)
    let build = median(runs) { index = DutyClockIndex(ledger, calendar: calendar, now: now) }
    // Successive ticks a second apart, as the dashboard's clock sends them.
    var second = 0
    let tick = median(runs) {
      second += 1
      index.advance(to: Timestamp(milliseconds: now.rawValue + Int64(second) * 1000))
      var sum: Int64 = 0
      for entry in index.queue.prefix(Self.page) {
        sum &+= entry.nearest.deadline.rawValue &+ Int64(entry.phase.rawValue)
      }
      sums.0 = sum &+ Int64(index.counts(at: PlaceID(1)).overdueTickets)
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
    // An hour later: each run from an index freshly built at `now`, the build not timed.
    var changed = 0
    let hour = medianOfTimed(
      runs,
      {
        var fresh = DutyClockIndex(ledger, calendar: calendar, now: now)
        return seconds { changed = fresh.advance(to: now.adding(hours: 1)).count }
      })
    let recompute = median(runs) {
      var sum: Int64 = 0
      for ticket in ledger.tickets.values where ticket.status.isOpen {
        let clocks = Deadline.clocks(of: ticket, calendar: calendar)
        if let clock = clocks.sign { sum &+= Self.checksum(clock, at: now) }
        if let clock = clocks.resolve { sum &+= Self.checksum(clock, at: now) }
      }
      sums.2 = sum
    }
    let bodies = Self.events(events, in: ledger, calendar: calendar)
    let note = medianOfTimed(
      runs,
      {
        var folded = ledger
        var kept = DutyClockIndex(folded, calendar: calendar, now: now)
        var total: Duration = .zero
        for body in bodies {
          folded.apply(body, time: now, actor: "王芳")
          let start = ContinuousClock.now
          kept.note(body, in: folded)
          total += ContinuousClock.now - start
        }
        return Double(total.components.seconds) + Double(total.components.attoseconds) / 1e18
      })
    // The check an hour on: the steps that fell due in the hour.
    var due = 0
    var dueThroughIndex = 0
    let watcher = median(runs) {
      due = Deadline.dueEscalations(in: ledger, at: now.adding(hours: 1), calendar: calendar).count
    }
    var hourOn = DutyClockIndex(ledger, calendar: calendar, now: now)
    hourOn.advance(to: now.adding(hours: 1))
    let watcherThroughIndex = median(runs) { dueThroughIndex = hourOn.dueEscalations.count }
    guard due == dueThroughIndex else {
      throw CLIError("the index found \(dueThroughIndex) steps due where Deadline found \(due)")
    }
    var idle = (weige: 0.0, reference: 0.0)
    if idleSeconds > 0 {
      // The real binary on a demo district, the duty view open (its queue, clocks and header
      // redrawn each second), whatever its first check escalates left ringing as a night desk might.
      let (folder, path) = try benchDistrict(preset, days: 7, bench: "duty") { if !json { print($0) } }
      defer { try? FileManager.default.removeItem(atPath: folder) }
      idle = try idleCPU(store: path, seconds: idleSeconds, options: ["--duty"])
    }
    let report = DutyBenchReport(
      openTickets: tickets, runs: runs,
      tick: Figure(
        value: tick * 1000, unit: "ms", reference: wallClock * 1000,
        referenceName: "wall-clock deadlines only",
        target: "≤ 5 ms", met: tick * 1000 <= 5),
      tickAnHourLater: Figure(
        value: hour * 1000, unit: "ms", reference: wallClock * 1000,
        referenceName: "wall-clock deadlines only",
        target: "≤ 5 ms", met: hour * 1000 <= 5),
      clocksChangedInTheHour: changed,
      buildMilliseconds: build * 1000, entries: index.count, entryBytes: MemoryLayout<DutyEntry>.stride,
      noteMicroseconds: note * 1e6 / Double(bodies.count), eventsNoted: bodies.count,
      recomputeEveryClockMilliseconds: recompute * 1000,
      dueEscalationsMilliseconds: watcher * 1000,
      dueEscalationsThroughIndexMilliseconds: watcherThroughIndex * 1000, stepsDue: due,
      stepsAppendedBefore: caughtUp.count,
      idleCPU: idleSeconds > 0
        ? Figure(
          value: idle.weige, unit: "% of a core", reference: idle.reference,
          referenceName: "tmux running `sleep` in the same way", target: "≤ 1 %", met: idle.weige <= 1) : nil,
      idlePreset: preset.rawValue,
      checksum: sums.0 &+ sums.1 &+ sums.2)
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// Events on the first tickets, as a desk's day brings them: the waiting dispatched (a 签收 clock
  /// starts, the queue position moves), the dispatched signed for, the signed for resolved (the
  /// ticket leaves the queue) or extended (延期), and new requests.
  static func events(_ count: Int, in ledger: Ledger, calendar: WorkingCalendar) -> [EventBody] {
    var bodies: [EventBody] = []
    var newID = ledger.nextTicketID.rawValue
    for offset in 0..<count {
      let id = TicketID(1001 + offset)
      switch offset % 4 {
      case 0: bodies.append(.ticketDispatched(id, assignee: PersonID(1)))
      case 1: bodies.append(.ticketAccepted(id))
      case 2:
        if offset % 8 == 2 {
          bodies.append(.ticketResolved(id, note: "已修好"))
        } else if let ticket = ledger.tickets[id],
          let to = Deadline.extended(ticket, by: .workingDays(2), calendar: calendar)
        {
          bodies.append(.ticketExtended(id, by: .workingDays(2), to: to, reason: "等待配件", approver: "赵书记"))
        }
      default:
        let (terms, dueAt) = Deadline.opening(
          at: now, .nuisance, .normal, policy: .shipped, calendar: calendar)
        bodies.append(
          .ticketRequested(
            TicketRequest(
              id: TicketID(newID), title: "楼道灯不亮", demandClass: .nuisance, urgency: .normal, source: .hotline,
              place: PlaceID(1), household: nil, dueAt: dueAt, terms: terms)))
        newID += 1
      }
    }
    return bodies
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
    medianOfTimed(count) { seconds(body) }
  }

  /// The median of `count` runs of a body that times itself (after one run not counted).
  func medianOfTimed(_ count: Int, _ body: () -> Double) -> Double {
    _ = body()
    return (0..<count).map { _ in body() }.sorted()[count / 2]
  }
}

struct DutyBenchReport: Encodable {
  var openTickets: Int
  var runs: Int
  var tick: Figure
  var tickAnHourLater: Figure
  var clocksChangedInTheHour: Int
  var buildMilliseconds: Double
  /// Open subjects in the index, and the bytes of one entry (its clocks and terms) as laid out.
  var entries: Int
  var entryBytes: Int
  var noteMicroseconds: Double
  var eventsNoted: Int
  var recomputeEveryClockMilliseconds: Double
  var dueEscalationsMilliseconds: Double
  var dueEscalationsThroughIndexMilliseconds: Double
  var stepsDue: Int
  /// The steps due by the bench's moment, appended before it starts (a desk kept up to date).
  var stepsAppendedBefore: Int
  /// The dashboard with the duty view open on `idlePreset`, no key pressed.
  var idleCPU: Figure?
  var idlePreset: String
  /// The loops' sums: what keeps the compiler from skipping them.
  var checksum: Int64

  var table: String {
    var lines: [String] = [
      "weige bench duty — \(grouped(openTickets)) open tickets (every class and urgency, opened over ten days "
        + "under the shipped policy; a third dispatched, a third signed for); median of \(runs) runs",
      figureLine("one tick (a second on)", tick),
      figureLine("one tick an hour on", tickAnHourLater)
        + "\n    \(grouped(clocksChangedInTheHour)) tickets changed phase or had a step fall due in the hour",
      "  the clock index: \(grouped(entries)) entries of \(entryBytes) B, built in "
        + String(format: "%.1f ms", buildMilliseconds)
        + ", kept at " + String(format: "%.2f µs", noteMicroseconds)
        + " an event (mean of \(grouped(eventsNoted)): "
        + "派单, 签收, 办结, 延期, new requests)",
      "  every clock recomputed, no index (the tick before it): "
        + String(format: "%.2f ms", recomputeEveryClockMilliseconds),
      "  which escalation steps are due an hour on (the watcher's and the dashboard's check): "
        + String(format: "%.2f ms", dueEscalationsThroughIndexMilliseconds) + " through the index, "
        + String(format: "%.2f ms", dueEscalationsMilliseconds) + " walking every ticket; "
        + "\(grouped(stepsDue)) steps fell due in the hour (the \(grouped(stepsAppendedBefore)) due before were appended first)",
    ]
    if let idleCPU {
      lines.append(figureLine("idle CPU, the duty view open on \(idlePreset) (real binary in tmux)", idleCPU))
    }
    return lines.joined(separator: "\n")
  }
}
