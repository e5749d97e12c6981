/// The 四必联 / 四掌握 flags a grid worker keeps on a household.
public struct HouseholdFlags: OptionSet, Sendable, Hashable {
  public var rawValue: UInt16
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// 空巢老人
  public static let emptyNestElderly = HouseholdFlags(rawValue: 1 << 0)
  /// 独居老人
  public static let elderlyLivingAlone = HouseholdFlags(rawValue: 1 << 1)
  /// 留守儿童
  public static let leftBehindChild = HouseholdFlags(rawValue: 1 << 2)
  /// 流动人口
  public static let floatingPopulation = HouseholdFlags(rawValue: 1 << 3)
  /// 出租房
  public static let rental = HouseholdFlags(rawValue: 1 << 4)
  /// 党员户
  public static let partyMember = HouseholdFlags(rawValue: 1 << 5)
  /// 矛盾纠纷
  public static let disputeInProgress = HouseholdFlags(rawValue: 1 << 6)
  /// 婚丧嫁娶
  public static let weddingOrFuneral = HouseholdFlags(rawValue: 1 << 7)

  /// Flags whose households the team must contact (四必联), the "needs care" lens.
  public static let needsCare: HouseholdFlags = [
    .emptyNestElderly, .elderlyLivingAlone, .leftBehindChild, .disputeInProgress,
  ]

  public static let all: [(flag: HouseholdFlags, key: String, chinese: String)] = [
    (.emptyNestElderly, "empty-nest", "空巢"),
    (.elderlyLivingAlone, "living-alone", "独居"),
    (.leftBehindChild, "left-behind-child", "留守儿童"),
    (.floatingPopulation, "floating", "流动人口"),
    (.rental, "rental", "出租"),
    (.partyMember, "party-member", "党员户"),
    (.disputeInProgress, "dispute", "纠纷"),
    (.weddingOrFuneral, "wedding-funeral", "婚丧"),
  ]
}

/// A household (户) of a stairwell. Residents are counted, not registered one by one; the people
/// who hold roles are registered as `Person`s.
public struct Household: Sendable, Equatable {
  public var id: HouseholdID
  public var stairwell: PlaceID
  /// The room, e.g. `302`.
  public var room: String
  public var residents: Int
  public var aged60Plus: Int
  public var contactName: String
  /// Shown masked by default (DESIGN.md §8).
  public var contactPhone: String
  /// The contact's resident identity number (GB 11643), from a register; empty when none was
  /// given. Masked everywhere by default, as the phone is.
  public var contactIDNumber: String
  public var tags: [String]
  public var lastVisit: Timestamp?
  /// Last: in the optional's padding, which makes a household 120 bytes rather than 128 (a
  /// million of them in a city's table).
  public var flags: HouseholdFlags

  public init(
    id: HouseholdID, stairwell: PlaceID, room: String, residents: Int, aged60Plus: Int,
    contactName: String, contactPhone: String, contactIDNumber: String = "", flags: HouseholdFlags,
    tags: [String] = [], lastVisit: Timestamp? = nil
  ) {
    self.id = id
    self.stairwell = stairwell
    self.room = room
    self.residents = residents
    self.aged60Plus = aged60Plus
    self.contactName = contactName
    self.contactPhone = contactPhone
    self.contactIDNumber = contactIDNumber
    self.flags = flags
    self.tags = tags
    self.lastVisit = lastVisit
  }
}

/// What `householdDetailsChanged` sets: a household's counts and contact, the fields of a
/// register that change without the household moving (its stairwell and room are its identity).
public struct HouseholdDetails: Sendable, Equatable {
  public var residents: Int
  public var aged60Plus: Int
  public var contactName: String
  public var contactPhone: String
  public var contactIDNumber: String

  public init(
    residents: Int, aged60Plus: Int, contactName: String, contactPhone: String, contactIDNumber: String = ""
  ) {
    self.residents = residents
    self.aged60Plus = aged60Plus
    self.contactName = contactName
    self.contactPhone = contactPhone
    self.contactIDNumber = contactIDNumber
  }
}

extension Household {
  /// The fields `householdDetailsChanged` sets, as they are now.
  public var details: HouseholdDetails {
    get {
      HouseholdDetails(
        residents: residents, aged60Plus: aged60Plus, contactName: contactName, contactPhone: contactPhone,
        contactIDNumber: contactIDNumber)
    }
    set {
      residents = newValue.residents
      aged60Plus = newValue.aged60Plus
      contactName = newValue.contactName
      contactPhone = newValue.contactPhone
      contactIDNumber = newValue.contactIDNumber
    }
  }
}

/// A role held at a place.
public struct RoleAssignment: Sendable, Hashable {
  public var role: RoleID
  public var place: PlaceID
  public init(role: RoleID, place: PlaceID) {
    self.role = role
    self.place = place
  }
}

/// Someone who serves: a team member, a reserve, a grid worker.
public struct Person: Sendable, Equatable {
  public var id: PersonID
  public var name: String
  public var phone: String
  /// Their resident identity number (GB 11643) from a register; empty when none was given.
  public var idNumber: String
  public var roles: [RoleAssignment] = []
  /// The optional and the flag last, where they share one word's padding: 80 bytes a person
  /// rather than 88.
  public var household: HouseholdID?
  public var isPartyMember: Bool

  public init(
    id: PersonID, name: String, household: HouseholdID?, phone: String, idNumber: String = "",
    isPartyMember: Bool
  ) {
    self.id = id
    self.name = name
    self.household = household
    self.phone = phone
    self.idNumber = idNumber
    self.isPartyMember = isPartyMember
  }
}
