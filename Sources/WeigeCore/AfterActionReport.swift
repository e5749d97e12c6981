/// 复盘: the record of an order — its timeline, its finish against the deadline, the curve, the
/// slowest stairwells with their squads, and the households still outstanding. Worded in one
/// language, for the screen, `weige war report` and its `--json`.
public struct AfterActionReport: Sendable, Equatable, Encodable {
  public struct Entry: Sendable, Equatable, Encodable {
    public var time: Timestamp
    public var actor: String
    public var text: String
  }

  public struct SlowStairwell: Sendable, Equatable, Encodable {
    public var stairwell: String
    public var squad: [String]
    public var shortHanded: Bool
    public var status: String
    public var households: OutcomeTally
    public var finishedAt: Timestamp?
    /// From the issue to the stairwell's finish, per household: 94 s matches the 1·26 record.
    public var secondsPerHousehold: Double?
  }

  public struct OutstandingHousehold: Sendable, Equatable, Encodable {
    public var stairwell: String
    public var room: String
    public var outcome: String
    public var reporter: String
    public var time: Timestamp
  }

  public var order: String
  public var title: String
  public var task: String
  public var scope: String
  public var drill: Bool
  /// `open`, `completed` or `stood-down`.
  public var state: String
  public var issuedAt: Timestamp
  public var issuedBy: String
  public var originalDeadline: Timestamp
  public var deadline: Timestamp
  public var closedAt: Timestamp?
  public var finishedAt: Timestamp?
  /// The finish against the deadline in words: done, projected, or not done when it closed.
  public var finish: String
  public var households: OutcomeTally
  public var squads: SquadCounts
  public var timeline: [Entry]
  /// Households reached, about once a minute from the issue to the end.
  public var curve: [CurvePoint]
  public var slowest: [SlowStairwell]
  /// Households not home, refused or unreachable at their latest report.
  public var outstanding: [OutstandingHousehold]
}

extension Ledger {
  /// The after-action report of an order as of `now` (an open order's is interim); nil when there
  /// is no such order.
  public func afterActionReport(of id: MobilizationID, at now: Timestamp, language l: Language)
    -> AfterActionReport?
  {
    guard let order = mobilizations[id] else { return nil }
    let end = order.closedAt ?? max(now, order.finishedAt ?? now)
    func names(_ squad: Squad) -> [String] {
      squad.members.map { people[$0.person]?.name ?? $0.person.description }
    }
    let done = l(order.task.doneName, order.task.englishDoneName)
    let finish: String
    if order.finishedAt != nil || order.isOpen {
      finish = order.projection(at: end).statement(l)
    } else {
      let closing = order.closing?.name(l) ?? ""
      finish = l(
        "未完成：\(closing)于 \(clockText(end, beside: order.deadline))，尚有 \(order.tally.outstanding) 户待走访",
        "not finished: \(closing) at \(clockText(end, beside: order.deadline)), \(order.tally.outstanding) households still to visit"
      )
    }
    let minutes = Int((end.rawValue - order.issuedAt.rawValue) / 60_000)
    let curve = order.reachedCurve(to: end, count: min(121, max(2, minutes + 1)))
    return AfterActionReport(
      order: order.id.description, title: order.title, task: order.task.name(l),
      scope: fieldName(of: order.scope),
      drill: order.isDrill, state: order.closing?.key ?? "open", issuedAt: order.issuedAt,
      issuedBy: order.issuedBy,
      originalDeadline: order.originalDeadline, deadline: order.deadline, closedAt: order.closedAt,
      finishedAt: order.finishedAt, finish: finish, households: order.tally, squads: order.squadCounts,
      timeline: timeline(of: order, done: done, language: l),
      curve: curve,
      slowest: slowestStairwells(of: order, at: end, count: 10).map { squad in
        AfterActionReport.SlowStairwell(
          stairwell: fieldName(of: squad.stairwell), squad: names(squad), shortHanded: squad.isShortHanded,
          status: squad.status.name(l), households: squad.tally, finishedAt: squad.finishedAt,
          secondsPerHousehold: squad.finishedAt.map {
            Double($0.rawValue - order.issuedAt.rawValue) / 1000 / Double(max(1, squad.tally.households))
          })
      },
      outstanding: order.reportedHouseholds.compactMap { entry in
        guard entry.record.outcome != .reached, let home = households[entry.household] else { return nil }
        return AfterActionReport.OutstandingHousehold(
          stairwell: fieldName(of: home.stairwell), room: home.room, outcome: entry.record.outcome.name(l),
          reporter: entry.record.reporter, time: entry.record.time)
      })
  }

  /// The `count` slowest stairwells with households: those not finished first, most households
  /// still to visit first; then the finished by time taken per household, slowest first.
  func slowestStairwells(of order: Mobilization, at end: Timestamp, count: Int) -> [Squad] {
    func pace(_ squad: Squad) -> Double {
      Double((squad.finishedAt ?? end).rawValue - order.issuedAt.rawValue)
        / Double(max(1, squad.tally.households))
    }
    return order.squads.filter { $0.tally.households > 0 }.sorted { a, b in
      let (fa, fb) = (a.finishedAt == nil, b.finishedAt == nil)
      if fa != fb { return fa }
      if fa && a.tally.outstanding != b.tally.outstanding { return a.tally.outstanding > b.tally.outstanding }
      return pace(a) > pace(b)
    }.prefix(count).map { $0 }
  }

  /// The order's steps, its squads' blocks and reinforcements, and the milestones of its curve
  /// (first report, half reached, every household reached, every household settled), in time order.
  private func timeline(of order: Mobilization, done: String, language l: Language) -> [AfterActionReport
    .Entry]
  {
    typealias Entry = AfterActionReport.Entry
    var entries: [Entry] = []
    for step in order.timeline {
      let note = step.note.isEmpty ? "" : l("：", ": ") + step.note
      let text: String
      switch step.kind {
      case .issued:
        text = l(
          "发布动员令「\(order.title)」，\(order.task.name)，\(fieldName(of: order.scope))，时限 \(clockText(step.deadline, beside: step.time))，突击小组 \(order.squads.count) 个",
          "order '\(order.title)' issued: \(order.task.englishName), \(fieldName(of: order.scope)), deadline \(clockText(step.deadline, beside: step.time)), \(order.squads.count) squads"
        )
      case .extended:
        text =
          l(
            "延期至 \(clockText(step.deadline, beside: step.time))",
            "extended to \(clockText(step.deadline, beside: step.time))") + note
      case .completed, .stoodDown:
        text =
          l(
            "动员令\(step.kind == .completed ? "完成" : "解除")",
            "order \(step.kind == .completed ? "completed" : "stood down")") + note
      }
      entries.append(Entry(time: step.time, actor: step.actor, text: text))
    }
    for squad in order.squads {
      let name = fieldName(of: squad.stairwell)
      for member in squad.members {
        guard let at = member.attachedAt else { continue }
        let who = people[member.person]?.name ?? member.person.description
        entries.append(
          Entry(
            time: at, actor: member.attachedBy ?? "",
            text: l("\(name) 突击小组增援 \(who)", "\(name) squad reinforced by \(who)")))
      }
      for step in squad.history where step.status == .blocked {
        entries.append(
          Entry(
            time: step.time, actor: step.actor,
            text: l("\(name) 突击小组受阻：", "\(name) squad blocked: ") + step.note))
      }
    }
    if let first = order.firstReportAt {
      entries.append(Entry(time: first, actor: "", text: l("首次上报", "first report")))
    }
    let total = order.tally.households
    for (share, zh, en) in [(0.5, "过半", "half"), (1.0, "全部", "every household")] {
      let target = Int((Double(total) * share).rounded(.up))
      guard total > 0, let at = firstTime(in: order.curve, reaching: target) else { continue }
      entries.append(
        Entry(
          time: at, actor: "",
          text: l("\(zh)\(done)（\(target)/\(total)）", "\(en) \(done) (\(target)/\(total))")))
    }
    if let finished = order.finishedAt, order.tally.reached < total, total > 0 {
      entries.append(
        Entry(
          time: finished, actor: "",
          text: l(
            "全部住户走访完毕（拒绝 \(order.tally.refused)，无法联系 \(order.tally.unreachable)）",
            "every household settled (\(order.tally.refused) refused, \(order.tally.unreachable) unreachable)"
          )))
    }
    return entries.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(
      \.element)
  }

  /// The first second the curve's reached count got to `target` and stayed there at least that
  /// second; the last such rise when it fell back below and rose again.
  private func firstTime(in curve: ReachCurve, reaching target: Int) -> Timestamp? {
    var sum = 0
    var reachedAt: Timestamp?
    for index in curve.seconds.indices {
      sum += Int(curve.reachedDeltas[index])
      if sum >= target {
        if reachedAt == nil { reachedAt = Timestamp(milliseconds: curve.seconds[index] * 1000) }
      } else {
        reachedAt = nil
      }
    }
    return reachedAt
  }
}
