import Foundation
import Testing
import WeigeCore
import WeigeTestSupport

@testable import WeigeLedgers

/// Team registers (队伍台账) planned into 春江小区's stairwell teams.
struct TeamImportTests {
  let folder = try! RegisterFolder()
  let stairwell = chunjiang.places(named: "春江小区/1幢/1单元")[0].id

  /// The stairwell's team as the ledger holds it: (role name, person), in the catalogue's order.
  var team: [(role: String, person: Person)] {
    chunjiang.catalogue.roles.flatMap { role in
      chunjiang.holders[RoleAssignment(role: role.id, place: stairwell), default: []].map {
        (role.name, chunjiang.people[$0]!)
      }
    }
  }

  func roster(_ members: [(role: String, person: Person)]) -> String {
    "楼道,职务,姓名,联系电话,政治面貌\n"
      + members.map {
        "春江小区/1幢/1单元,\($0.role),\($0.person.name),\($0.person.phone),\($0.person.isPartyMember ? "中共党员" : "群众")\n"
      }.joined()
  }

  func plan(_ text: String, name: String = "teams.csv") throws -> ImportPlan {
    try ImportPlan.plan(
      .teams, table: LedgerFile.read(path: try folder.csv(name, text)), into: chunjiang,
      options: ImportOptions(actor: "测试"))
  }

  @Test func theTeamAsItStandsAppendsNothing() throws {
    let plan = try plan(roster(team))
    #expect(plan.issues == [])
    #expect(plan.events.isEmpty)
    #expect(plan.unchanged == 1)
  }

  @Test func aNewHeadVacatesTheOldOneAndAPhoneChangeIsCorrected() throws {
    var members = team
    let oldHead = members[0].person
    members[0].person = Person(
      id: PersonID(0), name: "新楼长", household: nil, phone: "13700000000", isPartyMember: true)
    members[1].person.phone = "13911112222"
    let plan = try plan(roster(members))
    #expect(plan.issues == [])
    #expect(
      plan.events.map(\.body.kind) == [.personRegistered, .personDetailsChanged, .roleVacated, .roleAssigned])
    #expect(plan.changed.map(\.record) == ["春江小区1幢1单元"])
    #expect(plan.changed[0].fields == ["楼道长 \(oldHead.name) 卸任", "楼道长 新楼长"])
    let after = chunjiang.applying(plan.events)
    let head = after.holders[RoleAssignment(role: "head", place: stairwell)]!.map { after.people[$0]!.name }
    #expect(head == ["新楼长"])
    #expect(after.people[members[1].person.id]?.phone == "13911112222")
  }

  @Test func aColumnPerRoleReadsNamesAndCoreRefusesASecondHead() throws {
    let names = Dictionary(grouping: team, by: \.role).mapValues {
      $0.map(\.person.name).joined(separator: "、")
    }
    let same = "楼道,楼道长,信息员\n春江小区/1幢/1单元,\(names["楼道长"]!),\(names["信息员"]!)\n"
    #expect(try plan(same).events.isEmpty)
    let two = "楼道,楼道长\n春江小区/1幢/1单元,\(names["楼道长"]!)、张二\n"
    let refused = try plan(two, name: "two.csv")
    #expect(refused.events.isEmpty)
    #expect(refused.issues.map(\.location) == ["two.csv row 2"])
    #expect(refused.issues.first?.message.contains("already has its 楼道长") == true)
  }

  @Test func anUnknownRoleIsNamedWithTheCatalogue() throws {
    let plan = try plan("楼道,职务,姓名\n春江小区/1幢/1单元,楼长,王五\n")
    #expect(
      plan.issues.map(\.description) == ["teams.csv B2: 职务 \"楼长\" is not a role here (楼道长、信息员、保障员、后备力量)"])
  }
}
