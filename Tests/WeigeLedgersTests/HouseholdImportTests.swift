import Foundation
import Testing
import WeigeConfig
import WeigeCore
import WeigeTestSupport

@testable import WeigeLedgers

/// Households registers written by openpyxl and iconv, read and planned into 春江小区.
@Suite(.enabled(if: RegisterFolder.hasOpenpyxl, "needs Debian's python3-openpyxl (bin/ensure-deps)"))
struct HouseholdImportTests {
  let folder = try! RegisterFolder()
  let first = chunjiang.household(building: 1, unit: 1, room: "101")
  let second = chunjiang.household(building: 1, unit: 1, room: "102")

  static let header: [String] = [
    "小区", "楼栋", "单元", "室号", "户主", "联系电话", "身份证号", "人数（人）", "60岁以上", "重点人群", "", "", "登记日期",
  ]

  func yes(_ household: Household, _ flag: HouseholdFlags) -> String {
    household.flags.contains(flag) ? "是" : ""
  }

  /// A row as the register has it: building and unit as numbers, room and counts as text (numbers
  /// stored as text), the phone as a number.
  func row(_ household: Household, residents: Int? = nil, phone: String? = nil, id: String? = nil) -> [Any] {
    [
      "春江小区", 1, 1, household.room, household.contactName,
      Int(phone ?? household.contactPhone) ?? phone ?? "",
      id ?? household.contactIDNumber, String(residents ?? household.residents), String(household.aged60Plus),
      yes(household, .elderlyLivingAlone), yes(household, .emptyNestElderly),
      yes(household, .leftBehindChild),
      ["date": "2026-11-30"],
    ]
  }

  /// A title row merged across, a two-row header (小区 … merged down, 重点人群 merged over 独居 空巢
  /// 留守), then `rows` with a blank row after the first.
  func register(_ rows: [[Any]], name: String = "households.xlsx") throws -> String {
    let subheader: [Any] = ["", "", "", "", "", "", "", "", "", "独居", "空巢", "留守", ""]
    var all: [[Any]] = [["春江小区住户台账（2026年11月）"], Self.header, subheader]
    for (index, row) in rows.enumerated() {
      all.append(row)
      if index == 0 { all.append([]) }
    }
    let downMerges = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "M"].map { "\($0)2:\($0)3" }
    return try folder.workbook(
      name, sheet: "户籍", rows: all, merges: ["A1:M1", "J2:L2"] + downMerges, inlineCell: "E4")
  }

  func plan(_ path: String, into ledger: Ledger = chunjiang) throws -> ImportPlan {
    try planBothWays(.households, path, into: ledger, options: ImportOptions(actor: "测试"))
  }

  @Test func readsSharedAndInlineStringsNumbersAsDigitsDatesAndMergedHeaders() throws {
    let path = try register([row(first), row(second)])
    var table = try LedgerFile.read(path: path)
    #expect(table.sheet == "户籍")
    // The blank row 5 is left out; rows keep their numbers in the file.
    #expect(table.rows.map(\.number) == [1, 2, 3, 4, 6])
    let data = table.rows[3]
    #expect(data.cell(1) == "1")
    #expect(data.cell(3) == first.room)
    #expect(data.cell(4) == first.contactName)  // the inline string
    #expect(data.cell(5) == first.contactPhone)  // a number, read as its digits
    #expect(data.cell(12) == "2026-11-30")
    table.fillMerges()
    let layout = try table.layout(catalogue: chunjiang.catalogue, map: nil)
    #expect(layout.headerRow == 3)
    #expect(layout.column(.flag(.elderlyLivingAlone)) == 9)
    #expect(layout.column(.residents) == 7)
    #expect(layout.unknown == ["登记日期"])
  }

  @Test func aSheetWhoseChecksumFailsIsRefusedNamingItsPart() throws {
    let path = try register([row(first), row(second)])
    // The sheet's CRC-32, in its local header and the central directory, no longer matches what
    // inflates: the part is read on a thread of its own, and what it finds must still reach here.
    try folder.python(
      """
      import struct, sys, zipfile
      path = sys.argv[1]
      crc = zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").CRC
      data = open(path, "rb").read()
      open(path, "wb").write(data.replace(struct.pack("<I", crc), struct.pack("<I", crc ^ 0xFFFFFFFF)))
      """, [path])
    let error = #expect(throws: LedgerFileError.self) { try LedgerFile.read(path: path) }
    #expect(error?.description.contains("part xl/worksheets/sheet1.xml could not be read") == true)
    // Planned as it is read, every row is planned before the check fails, and nothing is kept.
    let streamed = #expect(throws: LedgerFileError.self) {
      try ImportPlan.plan(.households, reading: path, into: chunjiang, options: ImportOptions(actor: "测试"))
    }
    #expect(streamed == error)
  }

  @Test func dryRunCountsNewChangedAndUnchangedWithTheFieldsThatChange() throws {
    var edited = row(second, residents: second.residents + 1)
    edited[9] = second.flags.contains(.elderlyLivingAlone) ? "" : "是"
    var fresh = row(first)
    fresh[3] = "701"
    fresh[1] = "1幢"
    let plan = try plan(try register([row(first), edited, fresh]))
    #expect(plan.issues == [])
    #expect(plan.rows == 3)
    #expect((plan.added, plan.changed.count, plan.unchanged) == (1, 1, 1))
    #expect(plan.changed[0].record == "春江小区1幢1单元 102室")
    #expect(
      plan.changed[0].fields == [
        "人数 \(second.residents) → \(second.residents + 1)",
        second.flags.contains(.elderlyLivingAlone) ? "独居 是 → 否" : "独居 否 → 是",
      ])
    #expect(
      plan.events.map(\.body.kind) == [
        .householdDetailsChanged, .householdFlagsChanged, .householdRegistered,
      ])
  }

  @Test func reimportingAppendsNothingAndAnEditedFileOnlyItsDifferences() throws {
    let path = try register([row(first), row(second)])
    let once = try plan(path)
    #expect(once.events.isEmpty)
    #expect(once.unchanged == 2)
    let edited = try register([row(first, phone: "13900001111"), row(second)], name: "edited.xlsx")
    let changes = try plan(edited)
    #expect(changes.events.map(\.body.kind) == [.householdDetailsChanged])
    let after = chunjiang.applying(changes.events)
    #expect(after.households[first.id]?.contactPhone == "13900001111")
    #expect(try plan(edited, into: after).events.isEmpty)
  }

  /// The register's 身份证号 is kept (checked by Core's GB 11643 rule), a change to it is planned
  /// and printed masked, and the same file again appends nothing.
  @Test func anIDNumberIsKeptAndItsChangeShownMasked() throws {
    let path = try register([row(first, id: validID), row(second)])
    let plan = try plan(path)
    #expect(plan.changed.map(\.fields) == [["身份证号 （空） → 1101**********0017"]])
    #expect(plan.events.map(\.body.kind) == [.householdDetailsChanged])
    let after = chunjiang.applying(plan.events)
    #expect(after.households[first.id]?.contactIDNumber == validID)
    #expect(try self.plan(path, into: after).events.isEmpty)
    // A correction of middle digits masks alike, and is still planned and said.
    let corrected = try self.plan(
      try register([row(first, id: "110102195001090017"), row(second)], name: "corrected.xlsx"), into: after)
    #expect(corrected.changed.map(\.fields) == [["身份证号 1101**********0017 已更正"]])
    #expect(corrected.events.map(\.body.kind) == [.householdDetailsChanged])
    // Core refuses a wrong one however it comes, not only from a register.
    var wrong = try #require(after.households[second.id]).details
    wrong.contactIDNumber = "110101195001010018"
    #expect(throws: DomainError.self) {
      try after.validate(.householdDetailsChanged(second.id, wrong), at: pinnedNow)
    }
  }

  @Test func everyBadCellIsNamedBySheetRowAndColumnAndNothingIsPlanned() throws {
    var fresh = row(first, phone: "1381234")
    fresh[3] = "701"
    let path = try register([row(first), fresh, row(second, id: "110101195001010018")])
    let plan = try plan(path)
    #expect(plan.events.isEmpty)
    #expect(
      plan.issues.map(\.description) == [
        "households.xlsx 户籍!F6: 联系电话 \"1381234\" is not a phone number",
        "households.xlsx 户籍!G7: 身份证号 \"110101195001010018\" fails its check digit (GB 11643): the last character would be 7",
      ])
  }

  @Test func aSheetCutShortIsNamedByItsPartAndLine() throws {
    let path = try register([row(first), row(second)])
    let cut = folder.path + "/cut.xlsx"
    try folder.python(
      """
      import sys, zipfile
      with zipfile.ZipFile(sys.argv[1]) as source, zipfile.ZipFile(sys.argv[2], "w") as target:
          for item in source.infolist():
              data = source.read(item.filename)
              if item.filename == "xl/worksheets/sheet1.xml":
                  data = data[: data.index(b"</row>", data.index(b'<row r="4"'))]
              target.writestr(item, data)
      """, [path, cut])
    #expect {
      try LedgerFile.read(path: cut)
    } throws: { error in
      "\(error)".hasPrefix("\(cut): part xl/worksheets/sheet1.xml is not well-formed XML (line ")
    }
  }

  @Test func aRoomTwiceOrAPlaceMissingIsRefusedUnlessPlacesMayBeCreated() throws {
    var elsewhere = row(first)
    elsewhere[1] = 14
    let path = try register([row(first), row(first), elsewhere])
    let refused = try plan(path)
    #expect(
      refused.issues.map(\.description) == [
        "households.xlsx 户籍!D6: 春江小区1幢1单元 101室 is also on row 4",
        "households.xlsx 户籍 row 7: there is no place 春江小区/14幢/1单元 (--create-places creates it)",
      ])
    let created = try ImportPlan.plan(
      .households, table: LedgerFile.read(path: try register([elsewhere], name: "new.xlsx")), into: chunjiang,
      options: ImportOptions(createPlaces: true, actor: "测试"))
    #expect(created.issues == [])
    #expect(created.placesCreated == 2)
    let after = chunjiang.applying(created.events)
    #expect(after.places(named: "春江小区/14幢/1单元").first?.level == .stairwell)
    #expect(after.places(named: "春江小区/14幢").first?.parent == chunjiang.places(named: "春江小区").first?.id)
  }

  @Test func csvInUTF8WithBOMAndInGB18030ReadsAlikeAndOtherBytesAskForEncoding() throws {
    let text = """
      楼道,室号,户主,联系电话,人数,独居,残疾
      春江小区/1幢/1单元,\(first.room),\(first.contactName),\(first.contactPhone),\(first.residents),是,是

      """
    let bom = try LedgerFile.read(path: try folder.csv("bom.csv", text, bom: true))
    let gb = try LedgerFile.read(path: try folder.csv("gb.csv", text, gb18030: true))
    #expect(bom.rows == gb.rows)
    #expect(gb.rows[1].cell(2) == first.contactName)
    let plan = try ImportPlan.plan(
      .households, table: gb, into: chunjiang, options: ImportOptions(actor: "测试"))
    #expect(plan.changed.first?.fields.contains("残疾 否 → 是") == true)
    let bad = folder.path + "/bad.csv"
    try Data([0x80, 0xFF, 0x2C, 0x41, 0x0A]).write(to: URL(fileURLWithPath: bad))
    #expect {
      try LedgerFile.read(path: bad)
    } throws: { error in
      "\(error)".contains("does not decode cleanly") && "\(error)".contains("--encoding")
    }
  }

  @Test func aMapNamesTheRegistersOwnColumnsAndABadTargetIsNamed() throws {
    let text = "楼道,房间,家庭人口数,困难户,录入人\n春江小区/1幢/1单元,\(first.room),\(first.residents + 1),是,小王\n"
    let path = try folder.csv("own.csv", text)
    let map = folder.path + "/map.toml"
    try Data(
      """
      [columns]
      "房间" = "室号"
      "家庭人口数" = "residents"
      "困难户" = "tag:困难"
      "录入人" = "ignore"

      """.utf8
    ).write(to: URL(fileURLWithPath: map))
    let plan = try ImportPlan.plan(
      .households, table: LedgerFile.read(path: path), into: chunjiang,
      options: ImportOptions(actor: "测试", map: try ColumnMapFile.load(path: map)))
    #expect(plan.issues == [])
    #expect(plan.ignoredColumns == [])
    #expect(plan.changed.first?.fields == ["人数 \(first.residents) → \(first.residents + 1)", "困难 否 → 是"])
    try Data("[columns]\n\"房间\" = \"楼层\"\n".utf8).write(to: URL(fileURLWithPath: map))
    #expect {
      try ImportPlan.plan(
        .households, table: LedgerFile.read(path: path), into: chunjiang,
        options: ImportOptions(actor: "测试", map: try ColumnMapFile.load(path: map)))
    } throws: { error in
      "\(error)".contains("columns.房间: '楼层' is neither a field key")
    }
  }
}
