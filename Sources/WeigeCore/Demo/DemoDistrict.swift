/// The demo districts of DESIGN.md §3, sized to the field's figures.
public enum DemoPreset: String, CaseIterable, Sendable {
  /// 春江小区: 13 buildings, 383 households, about 1,300 residents, 551 aged 60+.
  case chunjiang
  /// 江三社区: 长江小区 and 长江西苑, 94 stairwells, 2,688 households, about 11,500 residents.
  case jiangsan
  /// 滨江区: 2,579 stairwells and their teams, with the district's party-member shares.
  case binjiang
  /// Ten Binjiangs: about 25,000 stairwells and 1,000,000 households, for benchmarks.
  case city
}

/// Writes a realistic district as events, deterministic by seed and `now`: places, households,
/// stairwell teams, then `days` of visits, tickets through every state, and alerts.
public struct DemoDistrict: Sendable {
  public var preset: DemoPreset
  public var seed: UInt64
  public var days: Int
  public var now: Timestamp
  /// Cameras, meters and their alerts (`DemoSensors`); `weige bench demo` leaves them out for its
  /// reference. Everything else is the same either way (they draw from a generator of their own).
  public var includesSensors = true

  /// What the demo's content is, bumped whenever a change to the generators changes the events a
  /// seed gives (`DemoContentTests` pins a digest of them beside it): `weige --demo` keys its cached
  /// district by it, so that a newer build writes its own rather than opening an older build's.
  public static let contentVersion = 4

  public init(preset: DemoPreset, seed: UInt64 = 1, days: Int = 30, now: Timestamp = .now) {
    self.preset = preset
    self.seed = seed
    self.days = days
    self.now = now
  }

  /// Hands the events to `emit` in time order, a chunk at a time, each validated by Core as it is
  /// made, and the meters' readings (not events) to `meterReadings` a batch at a time, in time
  /// order; returns the folded state.
  @discardableResult
  public func generate(
    chunkSize: Int = 20_000, meterReadings: (([MeterReading]) throws -> Void)? = nil,
    _ emit: ([NewEvent]) throws -> Void
  ) throws -> Ledger {
    var builder = DemoBuilder(district: self, chunkSize: chunkSize)
    builder.meterReadings = meterReadings
    try builder.run(emit)
    return builder.ledger
  }
}

/// Figures taken from Binjiang's ledger (DESIGN.md §3) and scaled to any number of stairwells.
private enum BinjiangRatios {
  static let stairwells = 2579.0
  /// 2,592 information officers: 13 stairwells have two.
  static let secondInformationOfficers = 13.0 / stairwells
  /// 2,519 logistics officers: 60 stairwells have none.
  static let logisticsVacancies = 60.0 / stairwells
  static let reserves = 7524.0 / stairwells
  static let headParty = 0.2901
  static let informationParty = 0.3461
  static let logisticsParty = 0.2679
  /// Not published; close to the other roles.
  static let reserveParty = 0.30
}

struct HouseholdPlan {
  var stairwell: PlaceID
  var room: String
  var residents = 1
  var aged60Plus = 0
  var contactName = ""
  var contactPhone = ""
  var flags: HouseholdFlags = []
}

struct StairwellPlan {
  var id: PlaceID
  var name: String
  var households: Range<Int>
  var team: [(role: RoleID, household: Int)] = []
}

struct DemoBuilder {
  let district: DemoDistrict
  let chunkSize: Int
  var random: DemoRandom
  var ledger = Ledger()
  var chunk: [NewEvent] = []
  var eventCounter: UInt64 = 0
  let idPrefix: UInt64
  let runNonce: UInt64
  let setupTime: Timestamp
  var nextPlace = 1
  var households: [HouseholdPlan] = []
  var stairwells: [StairwellPlan] = []
  var usedNames: Set<String> = []
  /// Where the meters' readings go as they are made, if anywhere.
  var meterReadings: (([MeterReading]) throws -> Void)?

  init(district: DemoDistrict, chunkSize: Int) {
    self.district = district
    self.chunkSize = chunkSize
    random = DemoRandom(seed: district.seed)
    setupTime = Timestamp(milliseconds: district.now.rawValue - Int64(district.days + 1) * 86_400_000)
    // Ids unique to this run, not to the seed: two runs (of one preset or two) on one store must
    // never take each other's events for re-sent duplicates. The counter fills the low half.
    idPrefix = EventID.generate(at: setupTime).high
    runNonce = UInt64.random(in: 0...UInt64(UInt32.max)) << 32
  }

  mutating func run(_ emit: ([NewEvent]) throws -> Void) throws {
    try record(.catalogueDefined(.stairwellTeam), at: setupTime, actor: "底数导入", emit)
    try buildPlaces(emit)
    planResidents()
    planTeams()
    try registerHouseholdsAndTeams(emit)
    try DemoHistory(district: district).run(into: &self, emit)
    if !chunk.isEmpty { try emit(chunk) }
    chunk = []
  }

  /// Validates, folds and queues one event.
  mutating func record(
    _ body: EventBody, at time: Timestamp, actor: String, _ emit: ([NewEvent]) throws -> Void
  ) throws {
    try ledger.execute(body, at: time, actor: actor)
    eventCounter += 1
    chunk.append(
      NewEvent(
        id: EventID(high: idPrefix, low: runNonce | eventCounter), time: time, actor: actor, body: body))
    if chunk.count >= chunkSize {
      try emit(chunk)
      chunk.removeAll(keepingCapacity: true)
    }
  }

  mutating func addPlace(
    _ name: String, level: PlaceLevel, in parent: PlaceID?, gridKind: GridKind? = nil,
    _ emit: ([NewEvent]) throws -> Void
  ) throws -> PlaceID {
    let id = PlaceID(nextPlace)
    nextPlace += 1
    let place = Place(id: id, parent: parent, level: level, name: name, gridKind: gridKind)
    try record(.placeAdded(place), at: setupTime, actor: "底数导入", emit)
    return id
  }

  // MARK: Places

  mutating func buildPlaces(_ emit: ([NewEvent]) throws -> Void) throws {
    switch district.preset {
    case .chunjiang:
      let binjiang = DemoNames.districts[0]
      let districtID = try addPlace(binjiang.name, level: .district, in: nil, emit)
      let street = try addPlace(binjiang.streets[2], level: .street, in: districtID, emit)
      let community = try addPlace("春江社区", level: .community, in: street, emit)
      let compound = try addPlace("春江小区", level: .compound, in: community, emit)
      let grid = try addPlace("春江小区微网格", level: .grid, in: compound, gridKind: .general, emit)
      // 12 six-storey buildings of two units, two flats a floor; one high-rise of two units.
      for number in 1...13 {
        let building = try addPlace("\(number)幢", level: .building, in: grid, emit)
        let sizes = number <= 12 ? [12, 12] : [48, 47]
        for (unit, size) in sizes.enumerated() {
          try addStairwell(
            "\(unit + 1)单元", in: building, households: size, perFloor: 2, emit)
        }
      }
    case .jiangsan:
      let binjiang = DemoNames.districts[0]
      let districtID = try addPlace(binjiang.name, level: .district, in: nil, emit)
      let street = try addPlace(binjiang.streets[0], level: .street, in: districtID, emit)
      try buildJiangsan(in: street, emit)
    case .binjiang:
      try buildDistrict(DemoNames.districts[0], households: 90_216, withJiangsan: true, emit)
    case .city:
      let perDistrict = random.allocate(
        1_000_000, into: DemoNames.districts.count, minimum: 90_000, spread: 0.05)
      for (index, entry) in DemoNames.districts.enumerated() {
        try buildDistrict(entry, households: perDistrict[index], withJiangsan: index == 0, emit)
      }
    }
  }

  mutating func buildJiangsan(in street: PlaceID, _ emit: ([NewEvent]) throws -> Void) throws {
    let community = try addPlace("江三社区", level: .community, in: street, emit)
    usedNames.insert("江三社区")
    try buildCompound("长江小区", in: community, stairwells: 54, households: 1_560, emit)
    try buildCompound("长江西苑", in: community, stairwells: 40, households: 1_128, emit)
  }

  /// A district of 2,579 stairwells in about 60 communities over its three streets.
  mutating func buildDistrict(
    _ entry: (name: String, streets: [String]), households: Int, withJiangsan: Bool,
    _ emit: ([NewEvent]) throws -> Void
  ) throws {
    let districtID = try addPlace(entry.name, level: .district, in: nil, emit)
    let communitiesPerStreet = [22, 20, 18]
    let jiangsan = withJiangsan ? (stairwells: 94, households: 2_688) : (stairwells: 0, households: 0)
    let communityCount = communitiesPerStreet.reduce(0, +) - (withJiangsan ? 1 : 0)
    let stairwellShares = random.allocate(
      Int(BinjiangRatios.stairwells) - jiangsan.stairwells, into: communityCount, minimum: 20)
    var nextCommunity = 0
    let householdsLeft = households - jiangsan.households
    let stairwellsLeft = Double(stairwellShares.reduce(0, +))
    var householdShares = stairwellShares.map { Int(Double(householdsLeft) * Double($0) / stairwellsLeft) }
    householdShares[0] += householdsLeft - householdShares.reduce(0, +)
    for (streetIndex, streetName) in entry.streets.enumerated() {
      let street = try addPlace(streetName, level: .street, in: districtID, emit)
      var count = communitiesPerStreet[streetIndex]
      if streetIndex == 0 && withJiangsan {
        try buildJiangsan(in: street, emit)
        count -= 1
      }
      for _ in 0..<count {
        let index = nextCommunity
        nextCommunity += 1
        let community = try addPlace(uniqueName(suffix: "社区"), level: .community, in: street, emit)
        let compounds = max(1, Int((Double(stairwellShares[index]) / 40).rounded()))
        let stairwellSplit = random.allocate(stairwellShares[index], into: compounds, minimum: 8, spread: 0.3)
        var householdSplit = stairwellSplit.map {
          Int(Double(householdShares[index]) * Double($0) / Double(stairwellShares[index]))
        }
        householdSplit[0] += householdShares[index] - householdSplit.reduce(0, +)
        for (stairwellCount, householdCount) in zip(stairwellSplit, householdSplit) {
          try buildCompound(
            uniqueName(suffix: random.pick(DemoNames.compoundSuffixes)), in: community,
            stairwells: stairwellCount, households: householdCount, emit)
        }
        if random.chance(0.25) {
          _ = try addPlace(
            random.pick(DemoNames.placeSyllables) + random.pick(DemoNames.dedicatedGrids), level: .grid,
            in: community, gridKind: .dedicated, emit)
        }
      }
    }
  }

  /// A compound split into micro-grids of 300–500 households, buildings of two to four units.
  mutating func buildCompound(
    _ name: String, in community: PlaceID, stairwells: Int, households: Int,
    _ emit: ([NewEvent]) throws -> Void
  ) throws {
    let compound = try addPlace(name, level: .compound, in: community, emit)
    let perStairwell = random.allocate(households, into: stairwells, minimum: 8, spread: 0.4)
    let gridCount = max(1, Int((Double(households) / 400).rounded()))
    let gridSizes = random.allocate(stairwells, into: gridCount, minimum: 1, spread: 0.2)
    var stairwellIndex = 0
    var buildingNumber = 1
    for (gridIndex, size) in gridSizes.enumerated() {
      let numeral = DemoNames.chineseNumerals[gridIndex % DemoNames.chineseNumerals.count]
      let grid = try addPlace("第\(numeral)微网格", level: .grid, in: compound, gridKind: .general, emit)
      var left = size
      while left > 0 {
        let units = min(left, Int.random(in: 2...4, using: &random))
        let building = try addPlace("\(buildingNumber)幢", level: .building, in: grid, emit)
        buildingNumber += 1
        for unit in 1...units {
          let count = perStairwell[stairwellIndex]
          try addStairwell("\(unit)单元", in: building, households: count, perFloor: count > 40 ? 4 : 2, emit)
          stairwellIndex += 1
        }
        left -= units
      }
    }
  }

  mutating func addStairwell(
    _ name: String, in building: PlaceID, households count: Int, perFloor: Int,
    _ emit: ([NewEvent]) throws -> Void
  ) throws {
    let id = try addPlace(name, level: .stairwell, in: building, emit)
    let first = households.count
    for index in 0..<count {
      let room = "\(index / perFloor + 1)\(index % perFloor + 1 < 10 ? "0" : "")\(index % perFloor + 1)"
      households.append(HouseholdPlan(stairwell: id, room: room))
    }
    stairwells.append(StairwellPlan(id: id, name: name, households: first..<households.count))
  }

  mutating func uniqueName(suffix: String) -> String {
    while true {
      let name = random.pick(DemoNames.placeSyllables) + random.pick(DemoNames.placeSyllables) + suffix
      if usedNames.insert(name).inserted { return name }
    }
  }

  // MARK: Residents

  /// Residents and elders per household, summing exactly to the preset's figures, then the
  /// 四必联/四掌握 flags in believable proportions.
  mutating func planResidents() {
    let count = households.count
    let (residents, elders): (Int, Int) =
      switch district.preset {
      case .chunjiang: (1_300, 551)
      case .jiangsan: (11_500, 2_530)
      case .binjiang, .city: (Int(Double(count) * 2.9), Int(Double(count) * 2.9 * 0.2))
      }
    let perHousehold = random.allocate(residents, into: count, minimum: 1, spread: 0.95)
    for index in 0..<count { households[index].residents = perHousehold[index] }
    var placed = 0
    while placed < elders {
      let index = Int.random(in: 0..<count, using: &random)
      guard households[index].aged60Plus < households[index].residents else { continue }
      households[index].aged60Plus += 1
      placed += 1
    }
    for index in 0..<count {
      var plan = households[index]
      plan.contactName = DemoNames.person(&random)
      plan.contactPhone = DemoNames.phone(&random)
      if plan.residents == 1 && plan.aged60Plus == 1 { plan.flags.insert(.elderlyLivingAlone) }
      if plan.residents == 2 && plan.aged60Plus == 2 { plan.flags.insert(.emptyNestElderly) }
      if plan.residents >= 2 && plan.aged60Plus >= 1 && random.chance(0.03) {
        plan.flags.insert(.leftBehindChild)
      }
      if random.chance(0.12) {
        plan.flags.insert(.floatingPopulation)
        if random.chance(0.7) { plan.flags.insert(.rental) }
      } else if random.chance(0.06) {
        plan.flags.insert(.rental)
      }
      if random.chance(0.005) { plan.flags.insert(.disputeInProgress) }
      if random.chance(0.004) { plan.flags.insert(.weddingOrFuneral) }
      if random.chance(0.08) { plan.flags.insert(.partyMember) }
      households[index] = plan
    }
  }

  // MARK: Teams

  /// 一长二员 + N for every stairwell, with Binjiang's counts and party-member shares.
  mutating func planTeams() {
    let count = stairwells.count
    let scaled = { (ratio: Double) in Int((Double(count) * ratio).rounded()) }
    let second = random.choose(scaled(BinjiangRatios.secondInformationOfficers), of: count)
    let vacant = random.choose(scaled(BinjiangRatios.logisticsVacancies), of: count)
    let reserves = random.allocate(scaled(BinjiangRatios.reserves), into: count, minimum: 0, spread: 1)
    for index in 0..<count {
      var roles: [RoleID] = ["head", "information"]
      if second.contains(index) { roles.append("information") }
      if !vacant.contains(index) { roles.append("logistics") }
      roles += Array(repeating: "reserve", count: reserves[index])
      let homes = stairwells[index].households
      stairwells[index].team = roles.map { ($0, Int.random(in: homes, using: &random)) }
    }
  }

  mutating func registerHouseholdsAndTeams(_ emit: ([NewEvent]) throws -> Void) throws {
    // Party members per role are chosen exactly, so the shares land on the published figures.
    var holdersByRole: [RoleID: [(stairwell: Int, member: Int)]] = [:]
    for (s, stairwell) in stairwells.enumerated() {
      for (m, member) in stairwell.team.enumerated() {
        holdersByRole[member.role, default: []].append((s, m))
      }
    }
    let shares: [RoleID: Double] = [
      "head": BinjiangRatios.headParty, "information": BinjiangRatios.informationParty,
      "logistics": BinjiangRatios.logisticsParty, "reserve": BinjiangRatios.reserveParty,
    ]
    var party = Set<[Int]>()
    for role in ["head", "information", "logistics", "reserve"] {
      let holders = holdersByRole[role, default: []]
      let chosen = random.choose(Int((Double(holders.count) * shares[role]!).rounded()), of: holders.count)
      for index in chosen {
        party.insert([holders[index].stairwell, holders[index].member])
        households[stairwells[holders[index].stairwell].team[holders[index].member].household].flags.insert(
          .partyMember)
      }
    }
    for (index, plan) in households.enumerated() {
      let household = Household(
        id: HouseholdID(index + 1), stairwell: plan.stairwell, room: plan.room, residents: plan.residents,
        aged60Plus: plan.aged60Plus, contactName: plan.contactName, contactPhone: plan.contactPhone,
        flags: plan.flags)
      try record(.householdRegistered(household), at: setupTime, actor: "底数导入", emit)
    }
    var nextPerson = 1
    for (s, stairwell) in stairwells.enumerated() {
      for (m, member) in stairwell.team.enumerated() {
        let home = households[member.household]
        // The head is usually the household's own contact; others are neighbours in the stairwell.
        let name = m == 0 ? home.contactName : DemoNames.person(&random)
        let phone = m == 0 ? home.contactPhone : DemoNames.phone(&random)
        let person = Person(
          id: PersonID(nextPerson), name: name, household: HouseholdID(member.household + 1), phone: phone,
          isPartyMember: party.contains([s, m]))
        nextPerson += 1
        try record(.personRegistered(person), at: setupTime, actor: "底数导入", emit)
        try record(
          .roleAssigned(person.id, RoleAssignment(role: member.role, place: stairwell.id)), at: setupTime,
          actor: "底数导入", emit)
      }
    }
  }
}
