import Foundation
import Testing
import WeigeCore
import WeigeTestSupport

@testable import WeigeLedgers

/// Exports laid out from 春江小区, and read back by the importer.
struct ExportTests {
  let folder = try! RegisterFolder()

  @Test func theRosterCountsVacanciesAsTheBaselineDoesAndImportsBackAsTheTeams() throws {
    let roster = ExportTable.roster(of: chunjiang, under: nil)
    let baseline = chunjiang.baseline(of: nil, now: pinnedNow)
    #expect(roster.rows.count == baseline.stairwells)
    let vacancies = roster.rows.map { row -> Int in
      if case .number(let n) = row[row.count - 2] { n } else { 0 }
    }
    #expect(vacancies.reduce(0, +) == baseline.roles.values.map(\.vacancies).reduce(0, +))
    let party = roster.rows.map { row -> Int in if case .number(let n) = row[row.count - 1] { n } else { 0 } }
    #expect(party.reduce(0, +) == baseline.roles.values.map(\.partyMembers).reduce(0, +))
    let path = folder.path + "/roster.csv"
    try roster.writeCSV(to: path)
    let plan = try ImportPlan.plan(
      .teams, table: LedgerFile.read(path: path), into: chunjiang, options: ImportOptions(actor: "测试"))
    #expect(plan.issues == [])
    #expect(plan.events.isEmpty)
    #expect(plan.unchanged == baseline.stairwells)
    #expect(plan.ignoredColumns == ["空缺", "党员人数"])
  }

  @Test func anXLSXExportIsReadBackWithItsTotalsRowSkipped() throws {
    let table = ExportTable.households(of: chunjiang, under: nil, reveal: true)
    let path = folder.path + "/户籍.xlsx"
    try table.writeXLSX(to: path)
    let read = try LedgerFile.read(path: path)
    #expect(read.rows.count == table.rows.count + 2)
    #expect(read.rows.last?.cells.first == "合计")
    let plan = try ImportPlan.plan(
      .households, table: read, into: chunjiang, options: ImportOptions(actor: "测试"))
    #expect(plan.issues == [])
    #expect((plan.rows, plan.unchanged, plan.events.count) == (table.rows.count, table.rows.count, 0))
  }
}
