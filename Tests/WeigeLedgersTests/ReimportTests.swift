import Foundation
import Testing
import WeigeCore

@testable import WeigeLedgers

/// A register imported again: rows the ledger holds give nothing, an edited row exactly its events.
struct ReimportTests {
  let folder = try! RegisterFolder()

  /// 1,000 households in 10 stairwells of 长江小区, as CSV; `edit` changes a row's cells.
  func register(_ edit: (Int, inout [String]) -> Void = { _, _ in }) throws -> SheetTable {
    var lines = ["小区,楼栋,单元,室号,户主,联系电话,人数,60岁以上,独居,低保"]
    for index in 0..<1_000 {
      let (stairwell, room) = index.quotientAndRemainder(dividingBy: 100)
      var cells = [
        "长江小区", String(stairwell / 2 + 1), String(stairwell % 2 + 1), String(101 + room), "住户\(index)",
        String(13_800_000_000 + index), String(index % 4 + 1), "0", index % 7 == 0 ? "是" : "", "",
      ]
      edit(index, &cells)
      lines.append(cells.joined(separator: ","))
    }
    return try LedgerFile.read(path: try folder.csv("长江小区.csv", lines.joined(separator: "\n") + "\n"))
  }

  func plan(_ table: SheetTable, into ledger: Ledger) throws -> ImportPlan {
    try ImportPlan.plan(
      .households, table: table, into: ledger, options: ImportOptions(createPlaces: true, actor: "测试"))
  }

  @Test func oneEditedRowOfAThousandGivesExactlyItsEvents() throws {
    let first = try plan(register(), into: Ledger())
    #expect(first.issues == [])
    #expect(first.added == 1_000)
    let ledger = Ledger().applying(first.events)

    let again = try plan(register(), into: ledger)
    #expect(again.events.isEmpty)
    #expect((again.added, again.changed.count, again.unchanged) == (0, 0, 1_000))

    let edited = try plan(
      register { index, cells in
        if index == 437 {
          cells[6] = "9"
          cells[9] = "是"
        }
      }, into: ledger)
    let household = try #require(
      ledger.households.values.first { $0.room == "138" && ledger.fieldName(of: $0.stairwell) == "长江小区3幢1单元" }
    )
    var details = household.details
    details.residents = 9
    #expect(
      edited.events.map(\.body) == [
        .householdDetailsChanged(household.id, details),
        .householdFlagsChanged(household.id, flags: household.flags, tags: ["低保"]),
      ])
    #expect(edited.changed == [ImportChange(record: "长江小区3幢1单元 138室", fields: ["人数 2 → 9", "低保 否 → 是"])])
    #expect(edited.unchanged == 999)
  }

  /// The same thousand rows as an XLSX (openpyxl's), read in batches while they are planned.
  func workbook(_ name: String, merges: [String] = [], _ edit: (Int, inout [String]) -> Void = { _, _ in })
    throws -> String
  {
    let table = try register(edit)
    return try folder.workbook(name, sheet: "户籍", rows: table.rows.map(\.cells), merges: merges)
  }

  @Test(.enabled(if: RegisterFolder.hasOpenpyxl))
  func aWorkbookPlannedAsItIsReadDecidesAsOneReadWhole() throws {
    let options = ImportOptions(createPlaces: true, actor: "测试")
    let first = try planBothWays(.households, try workbook("first.xlsx"), into: Ledger(), options: options)
    #expect(first.added == 1_000 && first.issues == [])
    let ledger = Ledger().applying(first.events)
    let again = try planBothWays(.households, try workbook("again.xlsx"), into: ledger, options: options)
    #expect(again.events.isEmpty && again.unchanged == 1_000)
    let edited = try planBothWays(
      .households, try workbook("edited.xlsx") { index, cells in if index == 437 { cells[6] = "9" } },
      into: ledger, options: options)
    #expect(edited.changed == [ImportChange(record: "长江小区3幢1单元 138室", fields: ["人数 2 → 9"])])
    // 楼栋 merged down over its rows: the merges come after the rows, and reach data rows, so the
    // rows planned as read are planned again with the merges filled.
    let merged = try workbook("merged.xlsx", merges: ["B2:B201"]) { index, cells in
      if index > 0 && index < 200 { cells[1] = "" }
    }
    let fromMerged = try planBothWays(.households, merged, into: ledger, options: options)
    #expect(fromMerged.events.isEmpty && fromMerged.unchanged == 1_000)
    // A file with no header at all is refused the same way.
    let headless = try folder.workbook("headless.xlsx", sheet: "户籍", rows: [["甲", "乙"], ["1", "2"]])
    #expect(throws: LedgerFileError.self) {
      try planBothWays(.households, headless, into: ledger, options: options)
    }
  }
}
