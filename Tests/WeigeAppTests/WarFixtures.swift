import WeigeCore
import WeigeTestSupport

/// A notify order over `scope` as the palette issues it: squads formed by Core, the deadline
/// `minutes` after `at`.
func issue(
  _ id: Int = 1, over scope: PlaceID, in ledger: Ledger, title: String = "全员告知：今晚集中转运", minutes: Int = 45,
  at time: Timestamp = pinnedNow, drill: Bool = false
) -> EventBody {
  .mobilizationIssued(
    MobilizationOrder(
      id: MobilizationID(id), title: title, task: TaskCatalogue.standard.task(named: "notify")!, scope: scope,
      deadline: time.adding(minutes: minutes), isDrill: drill, squads: ledger.formSquads(for: scope)))
}

/// A place of the demo by name (江三社区, 长江小区).
func place(named name: String, in ledger: Ledger) -> PlaceID {
  ledger.places.values.first { $0.name == name }!.id
}

/// The stream of events a store would hand the dashboard: each validated by Core on the state
/// before it, then numbered after the ledger's last and folded.
struct EventLog {
  var ledger: Ledger
  var events: [RecordedEvent] = []

  init(_ ledger: Ledger) { self.ledger = ledger }

  mutating func append(_ body: EventBody, at time: Timestamp, by actor: String = "王芳") throws {
    try ledger.validate(body, at: time)
    let event = RecordedEvent(
      sequence: ledger.lastSequence + 1, id: .generate(at: time), stream: body.stream, version: 0, time: time,
      actor: actor, body: body)
    ledger.apply(event)
    events.append(event)
  }
}

/// Minutes after `pinnedNow` (20:45).
func at(_ minutes: Double) -> Timestamp {
  Timestamp(milliseconds: pinnedNow.rawValue + Int64(minutes * 60_000))
}

/// 江三社区 at war, 25 minutes into the 1·26 order (issued 20:45, deadline 21:30, now 21:10):
/// every stairwell's squad reporting in three rounds at its own pace, a few not home or refusing,
/// one squad blocked at its door, one stairwell not started, one done; the same on every run.
struct JiangsanAtWar {
  static let now = at(25)
  var log: EventLog
  let community: PlaceID
  let order = MobilizationID(1)
  /// The squad blocked at 21:00, the one that has not reported, and one done in full.
  let blocked: PlaceID
  let silent: PlaceID
  let finished: PlaceID

  var ledger: Ledger { log.ledger }

  init(drill: Bool = false) throws {
    let demo = try recordedDemo(.jiangsan, days: 7)
    log = EventLog(demo.ledger)
    log.events = demo.events
    community = place(named: "江三社区", in: demo.ledger)
    try log.append(issue(over: community, in: log.ledger, drill: drill), at: pinnedNow)
    let stairwells = log.ledger.mobilizations[order]!.squads.map(\.stairwell)
    blocked = stairwells[10]
    silent = stairwells[20]
    finished = stairwells[30]
    // Each squad's rounds, then every report in the order of its time, as the store takes them.
    var reports: [(minute: Double, body: EventBody)] = [
      (15, .squadStatusChanged(order, stairwell: blocked, status: .blocked, note: "单元门禁损坏，无法进入"))
    ]
    for (index, stairwell) in stairwells.enumerated() where stairwell != silent {
      let homes = log.ledger.householdsByStairwell[stairwell]!
      // From a third to nine tenths of each stairwell by now, in three rounds; one in full.
      let share = stairwell == finished ? 1.0 : 0.3 + 0.6 * Double((index * 37) % 100) / 100
      let count = Int((Double(homes.count) * share).rounded())
      for round in 0..<3 {
        let reported = homes[(count * round / 3)..<(count * (round + 1) / 3)]
        guard !reported.isEmpty else { continue }
        let outcomes = reported.enumerated().map { offset, home in
          // The last of a round is not home in every seventh stairwell, refuses in every 19th.
          let last = offset == reported.count - 1
          let outcome: HouseholdOutcome =
            last && index % 7 == 3 ? .notHome : last && index % 19 == 5 && round == 1 ? .refused : .reached
          return HouseholdReport(household: home, outcome: outcome)
        }
        reports.append((2 + Double(round) * 8 + Double(index % 6), .householdsReported(order, outcomes)))
      }
    }
    for report in reports.enumerated().sorted(by: {
      ($0.element.minute, $0.offset) < ($1.element.minute, $1.offset)
    }) {
      try log.append(report.element.body, at: at(report.element.minute), by: "信息员")
    }
  }
}
