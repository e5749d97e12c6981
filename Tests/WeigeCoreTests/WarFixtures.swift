import WeigeCore
import WeigeTestSupport

/// Ground for the war room, built through Core's own validation:
///
/// - 江三社区 (1) › 长江小区 (2) › 第一微网格 (3) › 3幢 (4) › 1单元 (5), 2单元 (6), 3单元 (7)
/// - 江三社区 (1) › 长江西苑 (8) › 第一微网格 (9) › 1幢 (10) › 1单元 (11)
/// - 江二社区 (12) › 9幢 (13) › 1单元 (14), at peace throughout
///
/// 1单元 of 3幢 has its whole team and a spare reserve (赵四); 2单元 lacks a logistics officer
/// and has two reserves (孙七, 周九); 3单元 has only its head; 长江西苑's one stairwell only its head.
struct WarGround {
  var ledger = Ledger()
  static let community = PlaceID(1)
  static let compound = PlaceID(2)
  static let unit1 = PlaceID(5)
  static let unit2 = PlaceID(6)
  static let unit3 = PlaceID(7)
  static let westCompound = PlaceID(8)
  static let westUnit = PlaceID(11)
  static let peaceUnit = PlaceID(14)
  static let names = [
    "张伟", "李娜", "王强", "赵四", "刘洋", "陈静", "孙七", "吴敏", "周九", "郑霞", "钱江", "冯立",
  ]

  init() throws {
    let t = pinnedNow
    var bodies: [EventBody] = [
      .placeAdded(Place(id: PlaceID(1), parent: nil, level: .community, name: "江三社区")),
      .placeAdded(Place(id: PlaceID(2), parent: PlaceID(1), level: .compound, name: "长江小区")),
      .placeAdded(Place(id: PlaceID(3), parent: PlaceID(2), level: .grid, name: "第一微网格", gridKind: .general)),
      .placeAdded(Place(id: PlaceID(4), parent: PlaceID(3), level: .building, name: "3幢")),
      .placeAdded(Place(id: PlaceID(5), parent: PlaceID(4), level: .stairwell, name: "1单元")),
      .placeAdded(Place(id: PlaceID(6), parent: PlaceID(4), level: .stairwell, name: "2单元")),
      .placeAdded(Place(id: PlaceID(7), parent: PlaceID(4), level: .stairwell, name: "3单元")),
      .placeAdded(Place(id: PlaceID(8), parent: PlaceID(1), level: .compound, name: "长江西苑")),
      .placeAdded(Place(id: PlaceID(9), parent: PlaceID(8), level: .grid, name: "第一微网格", gridKind: .general)),
      .placeAdded(Place(id: PlaceID(10), parent: PlaceID(9), level: .building, name: "1幢")),
      .placeAdded(Place(id: PlaceID(11), parent: PlaceID(10), level: .stairwell, name: "1单元")),
      .placeAdded(Place(id: PlaceID(12), parent: nil, level: .community, name: "江二社区")),
      .placeAdded(Place(id: PlaceID(13), parent: PlaceID(12), level: .building, name: "9幢")),
      .placeAdded(Place(id: PlaceID(14), parent: PlaceID(13), level: .stairwell, name: "1单元")),
    ]
    let rooms: [(PlaceID, [String])] = [
      (Self.unit1, ["101", "102", "201", "202"]), (Self.unit2, ["101", "102", "301", "302", "401"]),
      (Self.unit3, ["101"]), (Self.westUnit, ["101", "102"]), (Self.peaceUnit, ["101"]),
    ]
    var nextHousehold = 1
    for (stairwell, list) in rooms {
      for room in list {
        bodies.append(
          .householdRegistered(
            Household(
              id: HouseholdID(nextHousehold), stairwell: stairwell, room: room, residents: 2, aged60Plus: 0,
              contactName: "住户\(nextHousehold)", contactPhone: "1380000\(1000 + nextHousehold)", flags: [])))
        nextHousehold += 1
      }
    }
    for (index, name) in Self.names.enumerated() {
      bodies.append(
        .personRegistered(
          Person(
            id: PersonID(index + 1), name: name, household: nil, phone: "1390000\(1000 + index)",
            isPartyMember: false)))
    }
    let posts: [(Int, String, PlaceID)] = [
      (1, "head", Self.unit1), (2, "information", Self.unit1), (3, "logistics", Self.unit1),
      (4, "reserve", Self.unit1),
      (5, "head", Self.unit2), (6, "information", Self.unit2), (7, "reserve", Self.unit2),
      (9, "reserve", Self.unit2),
      (8, "head", Self.unit3), (10, "head", Self.westUnit), (11, "head", Self.peaceUnit),
    ]
    for (person, role, place) in posts {
      bodies.append(.roleAssigned(PersonID(person), RoleAssignment(role: role, place: place)))
    }
    for body in bodies { try ledger.execute(body, at: t, actor: "底数导入") }
  }

  /// A notify order over `scope`, its squads formed by Core, issued at `pinnedNow`.
  func order(
    _ id: Int = 1, over scope: PlaceID = WarGround.community, title: String = "全员告知：今晚集中转运",
    minutes: Int = 45, drill: Bool = false, in ledger: Ledger? = nil
  ) -> EventBody {
    let state = ledger ?? self.ledger
    return .mobilizationIssued(
      MobilizationOrder(
        id: MobilizationID(id), title: title, task: TaskCatalogue.standard.task(named: "notify")!,
        scope: scope,
        deadline: pinnedNow.adding(minutes: minutes), isDrill: drill, squads: state.formSquads(for: scope)))
  }

  /// The household of a stairwell by room.
  func household(_ stairwell: PlaceID, _ room: String) -> HouseholdID {
    ledger.householdsByStairwell[stairwell]!.first { ledger.households[$0]?.room == room }!
  }

  /// `ledger` with the community-wide order issued.
  func atWar(drill: Bool = false) throws -> Ledger {
    var state = ledger
    try state.execute(order(drill: drill), at: pinnedNow, actor: "王芳")
    return state
  }
}

/// Minutes after `pinnedNow`.
func minute(_ n: Double) -> Timestamp { Timestamp(milliseconds: pinnedNow.rawValue + Int64(n * 60_000)) }
