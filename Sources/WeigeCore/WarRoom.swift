/// What the war view reads of an order: pure functions of the folded order and a moment, so the
/// screen, the CLI and the tests all ask the same questions the same way.

/// A pace from the field to measure an order against.
public struct ReferencePace: Sendable, Equatable {
  public var households: Int
  public var squads: Int
  public var minutes: Int

  public init(households: Int, squads: Int, minutes: Int) {
    self.households = households
    self.squads = squads
    self.minutes = minutes
  }

  /// 27 January 2022, 江三社区: 94 squads told 2,688 households in 45 minutes (seed 000).
  public static let record126 = ReferencePace(households: 2_688, squads: 94, minutes: 45)

  /// How long one squad took per household: ≈ 94 s at 1·26.
  public var secondsPerHouseholdPerSquad: Double { Double(minutes * 60 * squads) / Double(households) }

  /// Households a minute across all the squads: ≈ 59.7 at 1·26.
  public var householdsPerMinute: Double { Double(households) / Double(minutes) }

  /// Households `squads` squads reach in `milliseconds` at this pace.
  public func households(squads: Int, in milliseconds: Int64) -> Double {
    Double(squads) * Double(max(0, milliseconds)) / 1000 / secondsPerHouseholdPerSquad
  }
}

/// The countdown to an order's deadline.
public struct Countdown: Sendable, Equatable {
  /// In the order's own time (a sped-up drill's drill time); negative once the deadline has passed.
  public var millisecondsLeft: Int64
  public var phase: DeadlinePhase

  /// `mm:ss` (`h:mm:ss` from an hour), and `+mm:ss` past the deadline.
  public var text: String {
    let seconds = Int((abs(millisecondsLeft) + (millisecondsLeft >= 0 ? 999 : 0)) / 1000)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let clock =
      seconds >= 3600
      ? "\(seconds / 3600):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
      : "\(two(seconds / 60)):\(two(seconds % 60))"
    return (millisecondsLeft < 0 ? "+" : "") + clock
  }
}

/// One stairwell of an order as the laggard list shows it.
public struct StairwellProgress: Sendable, Equatable {
  public var squad: Squad
  /// Households the stairwell should have settled by now, for its share of the deadline.
  public var expected: Double
  /// How many households it is behind that (negative: ahead).
  public var behind: Double

  public var stairwell: PlaceID { squad.stairwell }
  public var tally: OutcomeTally { squad.tally }
  public var isFinished: Bool { squad.tally.outstanding == 0 }

  /// `behind` as time: how long a full squad at the 1·26 pace takes for that many households.
  public var behindSeconds: Double { behind * ReferencePace.record126.secondsPerHouseholdPerSquad }
}

/// When the order will be done, from the recent rate.
public struct Projection: Sendable, Equatable {
  public enum State: Sendable, Equatable {
    /// Every household is settled.
    case finished
    /// A finish time projected from the recent rate.
    case projected
    /// Reports came, but nothing was settled within the window.
    case stalled
    /// No report yet.
    case notStarted
  }

  public var state: State
  /// The finish, done or projected.
  public var finish: Timestamp?
  public var deadline: Timestamp
  /// Households settled a minute over the window; the window's span. Both in the order's own
  /// time: a drill at ×300 settles 65 households a drill minute, not 19,600 a real one.
  public var settledPerMinute: Double
  public var windowMilliseconds: Int64
  /// The order's issue and a sped-up drill's speed, for saying its moments (`orderClock`).
  public var issuedAt: Timestamp
  public var drillSpeed: Int

  /// Minutes between the finish and the deadline, rounded: positive when early; a sped-up
  /// drill's in drill minutes.
  public var minutesEarly: Int? {
    finish.map { Int((Double((deadline.rawValue - $0.rawValue) * Int64(drillSpeed)) / 60_000).rounded()) }
  }

  /// The plain statement: 预计 21:37 完成，比时限早 8 分 / 预计超时 12 分（21:57 完成）.
  public func statement(_ l: Language) -> String {
    guard let finish, let early = minutesEarly else {
      return state == .notStarted
        ? l("尚无上报，无法预计完成时间", "no reports yet: no projection")
        : l(
          "最近 \(spanText(windowMilliseconds, .zh)) 无进展，无法预计完成时间",
          "no progress in the last \(spanText(windowMilliseconds, .en)): no projection")
    }
    let at = orderClock(finish, issuedAt: issuedAt, drillSpeed: drillSpeed)
    switch (state, early) {
    case (.finished, 0): return l("已于 \(at) 完成，恰在时限", "finished at \(at), on the deadline")
    case (.finished, 1...):
      return l("已于 \(at) 完成，比时限早 \(early) 分", "finished at \(at), \(early) min before the deadline")
    case (.finished, _):
      return l("已于 \(at) 完成，超时 \(-early) 分", "finished at \(at), \(-early) min past the deadline")
    case (_, 0): return l("预计 \(at) 完成，恰在时限", "projected to finish at \(at), on the deadline")
    case (_, 1...):
      return l(
        "预计 \(at) 完成，比时限早 \(early) 分", "projected to finish at \(at), \(early) min before the deadline")
    default:
      return l("预计超时 \(-early) 分（\(at) 完成）", "projected \(-early) min past the deadline (finish \(at))")
    }
  }
}

/// `21:37`, with the date when it is not the day of `reference`.
public func clockText(_ time: Timestamp, beside reference: Timestamp) -> String {
  time.startOfDayInChina == reference.startOfDayInChina
    ? time.chinaClock : String(time.chinaDateTime.dropFirst(5).prefix(11))
}

/// An order's moment as its screens and reports say it: the clock (`clockText` beside the issue),
/// or for a drill sped up N times the drill time since the issue (`+43:10`), since its clock
/// minutes would all be the same minute.
public func orderClock(_ time: Timestamp, issuedAt: Timestamp, drillSpeed: Int) -> String {
  guard drillSpeed > 1 else { return clockText(time, beside: issuedAt) }
  let seconds = Int((time.rawValue - issuedAt.rawValue) * Int64(drillSpeed) / 1000)
  return "+\(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
}

/// A span as a sentence says it: `4 分 30 秒`, `5 分钟`, `40 秒` (`4 min 30 s`).
public func spanText(_ milliseconds: Int64, _ l: Language) -> String {
  let seconds = Int((milliseconds + 500) / 1000)
  if seconds < 60 { return l("\(seconds) 秒", "\(seconds) s") }
  if seconds % 60 == 0 { return l("\(seconds / 60) 分钟", "\(seconds / 60) min") }
  return l("\(seconds / 60) 分 \(seconds % 60) 秒", "\(seconds / 60) min \(seconds % 60) s")
}

extension Mobilization {
  /// From the issue to the deadline in force.
  public var allottedMilliseconds: Int64 { deadline.rawValue - issuedAt.rawValue }

  /// The share of its time an order has used at `now`, from 0 to 1.
  func elapsedShare(at now: Timestamp) -> Double {
    guard allottedMilliseconds > 0 else { return 1 }
    return min(1, max(0, Double(now.rawValue - issuedAt.rawValue) / Double(allottedMilliseconds)))
  }

  /// One of the order's moments, said as `orderClock` says it.
  public func clock(_ time: Timestamp) -> String {
    orderClock(time, issuedAt: issuedAt, drillSpeed: drillSpeed)
  }

  public func countdown(at now: Timestamp) -> Countdown {
    Countdown(
      millisecondsLeft: (deadline.rawValue - now.rawValue) * Int64(drillSpeed),
      phase: Deadline.phase(issuedAt: issuedAt, deadline: deadline, now: now))
  }

  // MARK: The chart's three lines

  /// The straight line to finish on the deadline: every household, in proportion to time used.
  public func neededReached(at time: Timestamp) -> Double {
    Double(tally.households) * elapsedShare(at: time)
  }

  /// The 1·26 pace for this order's squads (≈ 94 s per household per squad), up to every household;
  /// a sped-up drill's in drill time.
  public func referenceReached(at time: Timestamp) -> Double {
    min(
      Double(tally.households),
      ReferencePace.record126.households(
        squads: squads.count, in: (time.rawValue - issuedAt.rawValue) * Int64(drillSpeed)))
  }

  /// Households reached at `count` moments from the issue to `end`: the order's own line.
  public func reachedCurve(to end: Timestamp, count: Int) -> [CurvePoint] {
    curve.samples(from: issuedAt, to: max(end, issuedAt), count: count)
  }

  // MARK: Laggards

  /// Every stairwell's progress against the pace its share of the deadline demands: a stairwell of
  /// `n` households should have settled `n × (time used / time allotted)` of them by now.
  public func progress(at now: Timestamp) -> [StairwellProgress] {
    let share = elapsedShare(at: now)
    return squads.map { progress(of: $0, share: share) }
  }

  private func progress(of squad: Squad, share: Double) -> StairwellProgress {
    let expected = Double(squad.tally.households) * share
    return StairwellProgress(squad: squad, expected: expected, behind: expected - Double(squad.tally.settled))
  }

  /// The stairwells that need help first: blocked squads, then short-handed ones, then the rest by
  /// how many households each is behind its pace (not by percent: a large stairwell five behind
  /// needs more help than a small one three behind), then finished stairwells last. Ties go by
  /// the order the squads were formed in.
  public func laggards(at now: Timestamp, limit: Int? = nil) -> [StairwellProgress] {
    let share = elapsedShare(at: now)
    // Ranked by small keys, not by the progress values themselves: a city order has 25,000
    // squads, and sorting keys moves no squad (each holds its members and history).
    var keys: [(group: Int, behind: Double, index: Int)] = []
    keys.reserveCapacity(squads.count)
    for (index, squad) in squads.enumerated() {
      let behind = progress(of: squad, share: share).behind
      let group =
        squad.tally.outstanding == 0 ? 3 : squad.status == .blocked ? 0 : squad.isShortHanded ? 1 : 2
      keys.append((group, behind, index))
    }
    keys.sort { a, b in
      if a.group != b.group { return a.group < b.group }
      if a.behind != b.behind { return a.behind > b.behind }
      return a.index < b.index
    }
    return keys.prefix(limit ?? keys.count).map { progress(of: squads[$0.index], share: share) }
  }

  // MARK: The projected finish

  /// The window the recent rate is measured over: a tenth of the order's time, from 10 seconds to
  /// 10 minutes. A 45-minute order looks back 4½ minutes: long enough that 94 squads each taking
  /// about 94 s a household average out (about 280 households), short enough that a slowdown (the
  /// last stairwells, the revisit round for households not home) shows within minutes. The whole
  /// order's average would hide it; the last minute would swing with every squad's phone call.
  /// In the order's own time, like the 45 minutes it is a tenth of.
  public var projectionWindowMilliseconds: Int64 {
    min(600_000, max(10_000, allottedMilliseconds * Int64(drillSpeed) / 10))
  }

  /// The finish projected at `now`, or the finish itself once every household is settled.
  ///
  /// Two rates, and the later finish of the two: the order's rate over the recent window (the
  /// whole district slowing down shows within minutes), and each unfinished squad's own pace
  /// since it set out, because the order is done only when its last stairwell is. The squads'
  /// rates add up to the window's while all are working, but a quick squad that finishes early
  /// stops contributing, so the window alone promises the finish of an average stairwell, not of
  /// the slowest: on the 1·26 drill it was 15 % early at half-time. A squad's whole pace, not a
  /// recent one, because a few minutes of one squad hold two or three households, too few to be
  /// a rate. Its pace counts visits, and its time held up (受阻) does not count, as the pace it
  /// will go on at is its working one. A squad that has visited nobody yet is given the middle
  /// pace of those that have, or the 1·26 record's if that is slower.
  public func projection(at now: Timestamp) -> Projection {
    let window = projectionWindowMilliseconds
    var projection = Projection(
      state: .notStarted, finish: nil, deadline: deadline, settledPerMinute: 0, windowMilliseconds: window,
      issuedAt: issuedAt, drillSpeed: drillSpeed)
    if tally.outstanding == 0, let finishedAt {
      projection.state = .finished
      projection.finish = finishedAt
      return projection
    }
    guard firstReportAt != nil else { return projection }
    // The window in real time, as the curve and `now` are.
    let start = Timestamp(
      milliseconds: max(now.rawValue - max(1, window / Int64(drillSpeed)), issuedAt.rawValue))
    let span = now.rawValue - start.rawValue
    // A report counts in the bucket (a second) ending at or after it: read through the end of
    // `now`'s bucket, so that one made within the last second counts (a first report read back at
    // once said 无进展).
    let through = Timestamp(milliseconds: now.rawValue + curve.width - 1)
    let gained = curve.settled(at: through) - curve.settled(at: start)
    guard span > 0, gained > 0 else {
      projection.state = .stalled
      return projection
    }
    let perMillisecond = Double(gained) / Double(span)
    projection.state = .projected
    projection.settledPerMinute = perMillisecond * 60_000 / Double(drillSpeed)
    let byWindow = Double(tally.outstanding) / perMillisecond
    projection.finish = Timestamp(
      milliseconds: now.rawValue + Int64(max(byWindow, slowestSquadMilliseconds(at: now)).rounded(.up)))
    return projection
  }

  /// How long the slowest unfinished squad will take from `now` at its own pace since it set out.
  func slowestSquadMilliseconds(at now: Timestamp) -> Double {
    // Plain numbers, not squads: this runs each frame of the war view.
    let working = squads.compactMap { squad in
      squad.tally.outstanding > 0
        ? (outstanding: squad.tally.outstanding, work: squad.work(since: issuedAt, at: now)) : nil
    }
    let paces = working.compactMap { _, work in
      work.visits > 0 && work.milliseconds > 0 ? work.visits / work.milliseconds : nil
    }.sorted()
    // A squad yet to visit anyone is given the middle pace, but never one faster than the 1·26
    // record's (≈ 94 s a household a squad, in real time for a sped-up drill), and that one when
    // no squad still working has a pace: early on the middle is one or two squads' first
    // reports, and a stairwell reported whole seconds after the issue would otherwise promise its
    // speed to every squad yet to report (a 60-minute order projected to finish in six).
    let record = Double(drillSpeed) / (ReferencePace.record126.secondsPerHouseholdPerSquad * 1_000)
    let middle = paces.isEmpty ? record : paces[paces.count / 2]
    let unvisited = min(middle, record)
    // A pace from a handful of visits is noisy, and the slowest of ninety-four noisy paces is
    // slower than any squad really is: each squad's visits are weighed with this many at the
    // middle pace, which matters for a squad that has made five visits and not for one that has
    // made twenty-five.
    let prior = 5.0
    return working.map { outstanding, work in
      let pace = work.visits > 0 ? (work.visits + prior) / (work.milliseconds + prior / middle) : unvisited
      return Double(outstanding) / pace
    }.max() ?? 0
  }
}

extension Squad {
  /// The visits a squad has made by `now` and the time on the move they took, less the spans it
  /// was blocked: from setting out, or for a squad never marked 出发 before its first report (the
  /// report marks it), from that first report, which is then not counted.
  func work(since issuedAt: Timestamp, at now: Timestamp) -> (visits: Double, milliseconds: Double) {
    var setOut = history.first { $0.status == .active }?.time ?? issuedAt
    var visits = Double(tally.reported)
    if let first = firstReportAt, setOut >= first {
      setOut = first
      visits -= 1
    }
    var worked = max(0, now.rawValue - setOut.rawValue)
    var blockedSince: Timestamp?
    for step in history where step.time <= now {
      if step.status == .blocked {
        blockedSince = blockedSince ?? step.time
      } else if let since = blockedSince {
        worked -= step.time.rawValue - since.rawValue
        blockedSince = nil
      }
    }
    if let since = blockedSince { worked -= now.rawValue - since.rawValue }
    return (visits, Double(max(0, worked)))
  }
}
