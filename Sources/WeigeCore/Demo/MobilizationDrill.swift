/// `weige drill`: a drill order (演练) over a demo district and the reports its squads would phone
/// in, step by step in drill time, so that a second process can play them into a store at any
/// speed and the war room can be watched as on 27 January 2022 (seed 000).
///
/// Deterministic by seed: each squad draws from a generator of its own, so the steps are the same
/// whatever order they are asked for in.
public struct MobilizationDrill: Sendable {
  /// Who the squads are.
  public enum Formation: Sendable {
    /// As on 27 January 2022: one street or community cadre, one member of the 24 emergency teams
    /// that came from neighbouring communities, one cadre sent down from the city or district,
    /// registered for the drill. A few squads lack their sent-down cadre (short-handed).
    case record126
    /// The stairwells' own 一长二员 and reserves, as `Ledger.formSquads` forms them.
    case stairwellTeams
  }

  /// How the squads work, in drill time. The record says every household was told within the 45
  /// minutes, so each squad paces its stairwell to the deadline: it sets out within the first two
  /// and a half minutes and plans to be through its households (the first pass and the revisits)
  /// at 80–90 % of the time (a held-up squad runs later), short-handed squads and slow stairwells (no lift, many elders) a
  /// little later. For 28.6 households a stairwell that is about 86 s a household, near the
  /// record's 94 s a household a squad that includes setting out.
  enum Pacing {
    static let setOutSeconds = 20.0...150.0
    static let finishShare = 0.80...0.90
    static let shortHandedFactor = 1.04
    static let slowStairwellShare = 0.03
    static let slowStairwellFactor = 1.04
    /// One household's visit, around the squad's pace: a door opened at once, or a long talk.
    static let householdSpread = 0.6...1.4
    /// A squad now and then is held up (a locked unit door) for two to four minutes.
    static let blockedShare = 0.04
    static let blockedSeconds = 120.0...240.0
    /// First-pass outcomes: the rest are reached.
    static let notHomeShare = 0.04
    static let refusedShare = 0.004
    static let unreachableShare = 0.003
    /// A not-home household revisited after the squad's first pass is found this often; after
    /// this many visits the squad phones it instead, and most answer.
    static let revisitFoundShare = 0.75
    static let revisitTries = 2
    static let phoneReachedShare = 0.8
    /// The share of the plan the revisit round is given: about one household in twenty-five.
    static let revisitAllowance = 1.06
    /// The record's squads lacking their sent-down cadre.
    static let record126ShortHanded = 4
    /// The order is closed this long after the last squad is done.
    static let closeAfterSeconds = 30.0
  }

  /// One event of the drill, `offset` milliseconds of drill time after the order was issued.
  public struct Step: Sendable, Equatable {
    public var offset: Int64
    public var actor: String
    public var body: EventBody
  }

  /// The person registrations the order needs, then the order itself, all at offset 0.
  public let setup: [Step]
  public let order: MobilizationOrder
  /// When the order was issued, in real time.
  public let issuedAt: Timestamp
  /// Drill time runs this many times faster than real time.
  public let speed: Int
  private var squads: [SquadRun]
  private var queue: [QueueEntry] = []
  private var doneSquads = 0
  private var lastDone: Int64 = 0
  private var isClosed = false

  /// The drill of `scope` issued by `actor` at `issuedAt` (real time), due `deadlineMinutes` of
  /// drill time later. Person ids for the record's squads start at `ledger.nextPersonID`.
  public init(
    in ledger: Ledger, scope: PlaceID, formation: Formation, issuedAt: Timestamp, deadlineMinutes: Int,
    speed: Int, seed: UInt64, title: String, actor: String
  ) {
    self.issuedAt = issuedAt
    self.speed = speed
    var random = DemoRandom(seed: seed)
    var setup: [Step] = []
    let formations: [SquadFormation]
    switch formation {
    case .stairwellTeams:
      formations = ledger.formSquads(for: scope)
    case .record126:
      let stairwells = ledger.stairwells(in: scope)
      let shortHanded = random.choose(
        min(Pacing.record126ShortHanded, stairwells.count), of: stairwells.count)
      var next = ledger.nextPersonID.rawValue
      formations = stairwells.enumerated().map { index, stairwell in
        let size = shortHanded.contains(index) ? 2 : Squad.fullStrength
        let members = (0..<size).map { _ in
          let person = Person(
            id: PersonID(next), name: DemoNames.person(&random), household: nil,
            phone: DemoNames.phone(&random), isPartyMember: true)
          next += 1
          setup.append(Step(offset: 0, actor: actor, body: .personRegistered(person)))
          return person.id
        }
        return SquadFormation(stairwell: stairwell, members: members)
      }
    }
    let order = MobilizationOrder(
      id: ledger.nextMobilizationID, title: title, task: ledger.taskCatalogue.tasks[0], scope: scope,
      deadline: Timestamp(milliseconds: issuedAt.rawValue + Int64(deadlineMinutes) * 60_000 / Int64(speed)),
      isDrill: true,
      drillSpeed: speed, squads: formations)
    setup.append(Step(offset: 0, actor: actor, body: .mobilizationIssued(order)))
    self.setup = setup
    self.order = order

    let names = Dictionary(
      setup.compactMap { step -> (PersonID, String)? in
        if case .personRegistered(let person) = step.body { return (person.id, person.name) }
        return nil
      }, uniquingKeysWith: { first, _ in first })
    // Each squad's generator seeded by a draw of its own: seeds a step apart would give squads the
    // same sequence shifted by one, and their households the same answers.
    var seeds = DemoRandom(seed: seed ^ 0x1_26)
    squads = formations.enumerated().map { index, formation in
      let reporter = formation.members.last.flatMap { names[$0] ?? ledger.people[$0]?.name } ?? actor
      return SquadRun(
        index: index, order: order.id, stairwell: formation.stairwell,
        households: ledger.householdsByStairwell[formation.stairwell] ?? [],
        isShortHanded: formation.members.count < Squad.fullStrength,
        deadlineSeconds: Double(deadlineMinutes * 60),
        reporter: reporter,
        seed: seeds.next())
    }
    for squad in squads { push(squad.nextOffset, squad.index) }
  }

  /// Every step due at or before `offset` of drill time, in time order; empty once the drill is over.
  public mutating func steps(through offset: Int64) -> [Step] {
    var due: [Step] = []
    while let first = queue.first, first.offset <= offset {
      let index = pop().squad
      let step = squads[index].advance()
      due.append(step.step)
      if step.isDone {
        doneSquads += 1
        lastDone = max(lastDone, step.step.offset)
      } else {
        push(squads[index].nextOffset, index)
      }
    }
    let closeAt = lastDone + Int64(Pacing.closeAfterSeconds * 1000)
    if !isClosed, doneSquads == squads.count, offset >= closeAt {
      isClosed = true
      due.append(
        Step(
          offset: closeAt, actor: squads.first?.reporter ?? "演练",
          body: .mobilizationClosed(order.id, .completed, note: "演练结束")))
    }
    return due
  }

  /// The real moment a step happens: drill time from the issue, compressed by the speed.
  public func time(of step: Step) -> Timestamp {
    Timestamp(milliseconds: issuedAt.rawValue + step.offset / Int64(speed))
  }

  /// Drill time at a real moment.
  public func offset(at now: Timestamp) -> Int64 { (now.rawValue - issuedAt.rawValue) * Int64(speed) }

  /// Whether every step has been given.
  public var isOver: Bool { isClosed }

  /// The next step's offset, to sleep until; nil when only the closing remains or the drill is over.
  public var nextOffset: Int64? {
    if let first = queue.first { return first.offset }
    return isClosed ? nil : lastDone + Int64(Pacing.closeAfterSeconds * 1000)
  }

  // MARK: The queue of squads by their next step (a binary heap; ties by squad, for determinism)

  private struct QueueEntry {
    var offset: Int64
    var squad: Int
    func precedes(_ other: QueueEntry) -> Bool { (offset, squad) < (other.offset, other.squad) }
  }

  private mutating func push(_ offset: Int64, _ squad: Int) {
    queue.append(QueueEntry(offset: offset, squad: squad))
    var child = queue.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard queue[child].precedes(queue[parent]) else { break }
      queue.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func pop() -> QueueEntry {
    let top = queue[0]
    queue[0] = queue[queue.count - 1]
    queue.removeLast()
    var parent = 0
    while true {
      let (left, right) = (2 * parent + 1, 2 * parent + 2)
      var first = parent
      if left < queue.count, queue[left].precedes(queue[first]) { first = left }
      if right < queue.count, queue[right].precedes(queue[first]) { first = right }
      guard first != parent else { return top }
      queue.swapAt(parent, first)
      parent = first
    }
  }
}

/// One squad working through its stairwell: set out, visit each household, perhaps be held up
/// once, revisit those not home, report done.
private struct SquadRun: Sendable {
  enum Phase { case standingBy, firstPass, heldUp, blocked, revisits, done }

  let index: Int
  let order: MobilizationID
  let stairwell: PlaceID
  let households: [HouseholdID]
  let reporter: String
  private var random: DemoRandom
  private let secondsPerHousehold: Double
  private let blockAt: Int?
  private var phase = Phase.standingBy
  private var position = 0
  private var notHome: [(household: HouseholdID, tries: Int)] = []
  private(set) var nextOffset: Int64

  typealias Pacing = MobilizationDrill.Pacing

  init(
    index: Int, order: MobilizationID, stairwell: PlaceID, households: [HouseholdID], isShortHanded: Bool,
    deadlineSeconds: Double, reporter: String, seed: UInt64
  ) {
    self.index = index
    self.order = order
    self.stairwell = stairwell
    self.households = households
    self.reporter = reporter
    var random = DemoRandom(seed: seed)
    let setOut = Double.random(in: Pacing.setOutSeconds, using: &random)
    var finish = deadlineSeconds * Double.random(in: Pacing.finishShare, using: &random)
    if isShortHanded { finish *= Pacing.shortHandedFactor }
    if random.chance(Pacing.slowStairwellShare) { finish *= Pacing.slowStairwellFactor }
    secondsPerHousehold =
      max(1, finish - setOut) / (Double(max(1, households.count)) * Pacing.revisitAllowance)
    blockAt =
      random.chance(Pacing.blockedShare) && households.count > 2
      ? Int.random(in: 1..<households.count, using: &random) : nil
    nextOffset = Self.milliseconds(setOut)
    self.random = random
  }

  private static func milliseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }

  private mutating func visitTime() -> Int64 {
    Self.milliseconds(secondsPerHousehold * Double.random(in: Pacing.householdSpread, using: &random))
  }

  private func step(_ body: EventBody) -> MobilizationDrill.Step {
    MobilizationDrill.Step(offset: nextOffset, actor: reporter, body: body)
  }

  private func report(_ household: HouseholdID, _ outcome: HouseholdOutcome) -> MobilizationDrill.Step {
    step(.householdsReported(order, [HouseholdReport(household: household, outcome: outcome)]))
  }

  private func status(_ status: SquadStatus, _ note: String = "") -> MobilizationDrill.Step {
    step(.squadStatusChanged(order, stairwell: stairwell, status: status, note: note))
  }

  /// The squad's next step, at `nextOffset`, and whether it was its last.
  mutating func advance() -> (step: MobilizationDrill.Step, isDone: Bool) {
    switch phase {
    case .standingBy:
      let step = status(.active)
      phase = households.isEmpty ? .revisits : .firstPass
      nextOffset += households.isEmpty ? 0 : visitTime()
      return (step, false)
    case .blocked:
      let step = status(.active, "门禁已开")
      phase = .firstPass
      nextOffset += visitTime()
      return (step, false)
    case .firstPass:
      let household = households[position]
      let roll = Double.random(in: 0..<1, using: &random)
      let outcome: HouseholdOutcome =
        roll < Pacing.notHomeShare
        ? .notHome
        : roll < Pacing.notHomeShare + Pacing.refusedShare
          ? .refused
          : roll < Pacing.notHomeShare + Pacing.refusedShare + Pacing.unreachableShare
            ? .unreachable : .reached
      if outcome == .notHome { notHome.append((household, 1)) }
      let step = report(household, outcome)
      position += 1
      if position == households.count {
        phase = .revisits
        nextOffset += notHome.isEmpty ? 0 : visitTime()
      } else {
        phase = position == blockAt ? .heldUp : .firstPass
        nextOffset += visitTime()
      }
      return (step, false)
    case .heldUp:
      let step = status(.blocked, "单元门禁无法开启")
      phase = .blocked
      nextOffset += Self.milliseconds(Double.random(in: Pacing.blockedSeconds, using: &random))
      return (step, false)
    case .revisits:
      guard let (household, tries) = notHome.first else {
        phase = .done
        return (status(.done), true)
      }
      notHome.removeFirst()
      // Found at the door, or at the last try reached by phone (told all the same), or not at all.
      let outcome: HouseholdOutcome =
        random.chance(Pacing.revisitFoundShare)
        ? .reached
        : tries < Pacing.revisitTries
          ? .notHome : random.chance(Pacing.phoneReachedShare) ? .reached : .unreachable
      if outcome == .notHome { notHome.append((household, tries + 1)) }
      let step = report(household, outcome)
      nextOffset += notHome.isEmpty ? 0 : visitTime()
      return (step, false)
    case .done:
      preconditionFailure("a done squad has no next step")
    }
  }
}
