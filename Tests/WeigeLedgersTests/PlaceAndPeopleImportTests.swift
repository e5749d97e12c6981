import Foundation
import Testing
import WeigeCore
import WeigeTestSupport

@testable import WeigeLedgers

/// Places and people registers, as CSV, planned into 春江小区.
struct PlaceAndPeopleImportTests {
  let folder = try! RegisterFolder()

  func plan(_ kind: ImportKind, _ text: String, into ledger: Ledger = chunjiang) throws -> ImportPlan {
    try ImportPlan.plan(
      kind, table: LedgerFile.read(path: try folder.csv("\(kind).csv", text)), into: ledger,
      options: ImportOptions(actor: "测试"))
  }

  @Test func aPlacesRegisterCreatesWhatIsMissingOnceAndLevelsComeFromColumnsOrNames() throws {
    let text = """
      社区,小区,网格,楼栋,单元
      春江社区,春江小区,春江小区微网格,1,1
      春江社区,春江西苑,西苑第一微网格,1,1
      春江社区,春江西苑,西苑第一微网格,1,2

      """
    let plan = try plan(.places, text)
    #expect(plan.issues == [])
    #expect((plan.added, plan.unchanged) == (5, 1))
    let after = chunjiang.applying(plan.events)
    let unit = after.places(named: "春江西苑/1幢/2单元")
    #expect(unit.map(\.level) == [.stairwell])
    #expect(
      after.path(of: unit[0].id).map(\.level) == [
        .district, .street, .community, .compound, .grid, .building, .stairwell,
      ])
    #expect(try self.plan(.places, text, into: after).events.isEmpty)
    let unknown = try self.plan(.places, "楼道\n春江小区/某处\n")
    #expect(
      unknown.issues.map(\.message) == [
        "cannot tell what kind of place '某处' is (社区, 小区, 网格, 楼栋 or 单元): use separate columns"
      ])
  }

  @Test func aPeopleRegisterRegistersNewPeopleOnceAndCorrectsAPartyMembership() throws {
    let home = chunjiang.household(building: 1, unit: 1, room: "101")
    let text = "楼道,室号,姓名,手机,是否党员,身份证号\n春江小区/1幢/1单元,101,赵新,13655556666,是,\(validID)\n"
    let plan = try plan(.people, text)
    #expect(plan.issues == [])
    #expect(plan.added == 1)
    let after = chunjiang.applying(plan.events)
    let person = after.people.values.first { $0.name == "赵新" }
    #expect(person?.household == home.id)
    #expect(person?.isPartyMember == true)
    #expect(person?.idNumber == validID)
    #expect(try self.plan(.people, text, into: after).events.isEmpty)
    let edited = try self.plan(.people, text.replacingOccurrences(of: ",是,", with: ",否,"), into: after)
    #expect(edited.changed.map(\.fields) == [["党员 是 → 否"]])
    #expect(edited.events.map(\.body.kind) == [.personDetailsChanged])
  }
}
