import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige drill`: from a second process, a drill order (演练) and its squads' reports played into a
/// store in real time, sped up, so the war room can be watched and measured.
struct DrillCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drill",
    abstract: "Play a drill mobilization order (演练) into a store: the 1·26 record of 江三社区, or a whole city.",
    discussion: """
      The store must hold the preset's demo district (weige demo --preset jiangsan|city). At --speed 1 a \
      45-minute order takes 45 minutes; at --speed 60, 45 seconds. Deterministic by --seed.
      """)

  @OptionGroup var store: StoreOptions

  @Option(help: "jiangsan (江三社区: 长江小区 and 长江西苑) or city (every stairwell of the city preset).")
  var preset: DemoPreset = .jiangsan

  @Option(help: "1-26: squads as on 27 January 2022 (a cadre, an emergency team member, a sent-down cadre).")
  var record: String?

  @Option(help: "The place at war (default: 江三社区 for jiangsan, the whole district for city).")
  var scope: String?

  @Option(parsing: .unconditional, help: "Drill time runs this many times faster than real time (1 to 3600).")
  var speed = 1

  @Option(help: "The seed of the squads' pace and the households' answers.")
  var seed: UInt64 = 126

  @Option(help: "The deadline in drill minutes.")
  var minutes = 45

  @Flag(help: "Print one JSON object when the drill is over instead of progress lines.")
  var json = false

  /// Reports are appended this often: a batch every 50 ms keeps the lag under a frame's worth at
  /// any speed without one fsync per report (22,000 a second in the city drill).
  static let batchInterval = 0.05
  /// At most this many steps a batch: a drill fallen behind catches up in a few large appends
  /// rather than one that holds the store's lock for seconds.
  static let batchLimit = 5_000

  func run() throws {
    guard (1...3600).contains(speed) else { throw CLIError("--speed takes 1 to 3600, not \(speed)") }
    guard (1...1440).contains(minutes) else { throw CLIError("--minutes takes 1 to 1440, not \(minutes)") }
    let formation: MobilizationDrill.Formation
    switch record {
    case nil: formation = .stairwellTeams
    case "1-26", "126", "1·26":
      guard preset == .jiangsan else {
        throw CLIError(
          "--record 1-26 is the record of 江三社区: it takes --preset jiangsan, not \(preset.rawValue)")
      }
      formation = .record126
    case let other?: throw CLIError("--record: '\(other)' is not a record; the one Weige knows is 1-26")
    }
    let target = try store.open(.readWrite)
    var ledger = try target.openLedger()
    let places = try naming("--scope") { try scopes(in: ledger) }
    let title = formation == .record126 ? "演练：1·26 全员告知" : "演练：全员告知"

    // One drill an order; the city has ten districts and no place above them, so ten orders.
    var drills: [MobilizationDrill] = []
    let issued = try appendDecided(to: target, ledger: &ledger, language: .zh) { state in
      // Formed on the state each order before it leaves (ids, squads); formed again if another
      // writer took an id meanwhile.
      var after = state
      let issuedAt = Timestamp.now
      drills = places.enumerated().map { index, place in
        let drill = MobilizationDrill(
          in: after, scope: place, formation: formation, issuedAt: issuedAt, deadlineMinutes: minutes,
          speed: speed, seed: seed &+ UInt64(index), title: title, actor: "演练导调")
        for step in drill.setup { after.apply(step.body, time: issuedAt, actor: step.actor) }
        return drill
      }
      return drills.flatMap { drill in
        drill.setup.map { NewEvent(time: drill.issuedAt, actor: $0.actor, body: $0.body) }
      }
    }
    let clock = drills[0]
    let orders = drills.map(\.order.id)
    if !json {
      let households = orders.reduce(0) { $0 + (ledger.mobilizations[$1]?.tally.households ?? 0) }
      let squads = drills.reduce(0) { $0 + $1.order.squads.count }
      print(
        "演练 \(orders.map(\.description).joined(separator: "、")) 已下达 · "
          + places.map { ledger.fieldName(of: $0) }.joined(separator: "、") + " · \(grouped(squads)) 个突击小组 · "
          + "\(grouped(households)) 户 · 时限 \(minutes) 分钟（×\(speed)：实际 \(spanText(Int64(minutes) * 60_000 / Int64(speed), .zh))）"
      )
      fflush(nil)
    }

    var pending: [MobilizationDrill.Step] = []
    var appended = issued.count
    var lastProgress = ContinuousClock.now
    while !(drills.allSatisfy(\.isOver) && pending.isEmpty) {
      let now = clock.offset(at: .now)
      let due = drills.indices.flatMap { drills[$0].steps(through: now) }
      pending += drills.count == 1 ? due : due.sorted { $0.offset < $1.offset }
      if !pending.isEmpty {
        appended += try appendBatch(&pending, of: clock, to: target, ledger: &ledger)
      }
      if !json, ContinuousClock.now - lastProgress >= .seconds(5) {
        lastProgress = ContinuousClock.now
        print(progressLine(orders.compactMap { ledger.mobilizations[$0] }))
        fflush(nil)
      }
      // Steps held back for a squad already in the batch go at once; otherwise wait for the
      // next step, a batch interval at most.
      if pending.isEmpty, let next = drills.compactMap(\.nextOffset).min() {
        let wait = Double(next - clock.offset(at: .now)) / Double(speed) / 1000
        Thread.sleep(forTimeInterval: min(Self.batchInterval, max(0, wait)))
      }
    }
    try target.replay(into: &ledger)
    let finals = orders.compactMap { ledger.mobilizations[$0] }
    let finishes = finals.map { order in
      order.finishedAt.map { ($0.rawValue - order.issuedAt.rawValue) * Int64(speed) }
    }
    let drillFinish = finishes.contains(nil) ? nil : finishes.compactMap { $0 }.max()
    let total = finals.reduce(into: OutcomeTally()) { $0.add($1.tally) }
    if json {
      try printJSON(
        DrillSummary(
          order: orders.map(\.description).joined(separator: ","),
          scope: places.map { ledger.fieldName(of: $0) }.joined(separator: "、"),
          squads: finals.reduce(0) { $0 + $1.squads.count }, households: total.households,
          reached: total.reached,
          notHome: total.notHome, refused: total.refused, unreachable: total.unreachable, events: appended,
          speed: speed, deadlineDrillSeconds: minutes * 60,
          finishDrillSeconds: drillFinish.map { Double($0) / 1000 }))
    } else {
      print(progressLine(finals))
      let finish = drillFinish.map { "演练用时 \(spanText($0, .zh))，时限 \(minutes) 分钟" } ?? "尚有未办结的户"
      print(
        "演练 \(orders.map(\.description).joined(separator: "、")) 结束：\(finish)；共写入 \(grouped(appended)) 条事件")
    }
  }

  /// The places the drill's orders cover: `--scope`, else 江三社区 for jiangsan, else every place
  /// with nothing above it (the city preset's ten districts).
  private func scopes(in ledger: Ledger) throws -> [PlaceID] {
    if let scope { return [try resolvePlace(scope, in: ledger)] }
    if preset == .jiangsan { return [try resolvePlace("江三社区", in: ledger)] }
    let roots = ledger.places.values.filter { $0.parent == nil }.map(\.id).sorted()
    guard !roots.isEmpty else { throw CLIError("the store has no places; write a demo district first") }
    return roots
  }

  /// Appends the due steps as one batch expecting the orders' streams where the store had them,
  /// and returns how many were written. A squad appears at most once in a batch: its later steps
  /// wait for the next batch (and so do all its steps after them, keeping its order), so that
  /// Core judges every step against the store's state alone (a squad's status follows from its
  /// own earlier steps). An order's closing waits until nothing else is left. When another
  /// writer moved an order on first (an operator's report), the state catches up and the steps
  /// are judged again.
  private func appendBatch(
    _ pending: inout [MobilizationDrill.Step], of drill: MobilizationDrill, to target: any EventStore,
    ledger: inout Ledger
  ) throws -> Int {
    var batch: [NewEvent] = []
    var held: [MobilizationDrill.Step] = []
    var squads = Set<PlaceID>()
    var waiting = Set<PlaceID>()
    for (index, step) in pending.enumerated() {
      guard batch.count < Self.batchLimit else {
        held += pending[index...]
        break
      }
      if case .mobilizationClosed = step.body, !(batch.isEmpty && held.isEmpty) {
        held.append(step)
        continue
      }
      if let squad = step.body.drillSquad(in: ledger) {
        guard !waiting.contains(squad), squads.insert(squad).inserted else {
          waiting.insert(squad)
          held.append(step)
          continue
        }
      }
      batch.append(NewEvent(time: drill.time(of: step), actor: step.actor, body: step.body))
    }
    for _ in 0..<50 {
      for event in batch {
        try saying(.zh) { () throws(DomainError) in try ledger.validate(event) }
      }
      do {
        _ = try target.append(batch, decidedOn: ledger)
        try target.replay(into: &ledger)
        pending = held
        return batch.count
      } catch StoreError.versionConflict {
        try target.replay(into: &ledger)
      }
    }
    throw CLIError("other writers kept changing the order first; the drill stopped")
  }

  private func progressLine(_ orders: [Mobilization]) -> String {
    let tally = orders.reduce(into: OutcomeTally()) { $0.add($1.tally) }
    let active = orders.reduce(0) { $0 + $1.squadCounts.active }
    let done = orders.reduce(0) { $0 + $1.squadCounts.done }
    return "  \(Timestamp.now.chinaClock)  已告知 \(reachedFigure(tally, .zh)) · 不在家 \(tally.notHome)"
      + " · 拒绝 \(tally.refused) · 小组 出发 \(active) 完成 \(done)"
  }
}

/// What `weige drill --json` prints.
private struct DrillSummary: Encodable {
  var order: String
  var scope: String
  var squads: Int
  var households: Int
  var reached: Int
  var notHome: Int
  var refused: Int
  var unreachable: Int
  var events: Int
  var speed: Int
  var deadlineDrillSeconds: Int
  var finishDrillSeconds: Double?
}

extension EventBody {
  /// The squad a drill step concerns, for keeping one step per squad in a batch.
  fileprivate func drillSquad(in ledger: Ledger) -> PlaceID? {
    switch self {
    case .squadStatusChanged(_, let stairwell, _, _): stairwell
    case .householdsReported(_, let reports):
      reports.first.flatMap { ledger.households[$0.household]?.stairwell }
    default: nil
    }
  }
}
