import Foundation
import Testing
import WeigeTestSupport

/// `weige import` on a real store: all or nothing, re-import appends nothing, as the binary does it.
@Suite("weige import", .enabled(if: FileManager.default.isExecutableFile(atPath: weigeBinary)))
struct ImportCLITests {
  let folder = temporaryPath("weige-import")
  var store: String { folder + "/weige.db" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (status, _) = try Child.run(["demo", "--preset", "chunjiang", "--days", "1", "--store", store])
    #expect(status == 0)
  }

  /// The store's highest sequence number, as the sqlite3 shell reads it.
  func maxSequence() throws -> String {
    try Child.run([store, "SELECT MAX(seq) FROM events"], executable: "/usr/bin/sqlite3").output
  }

  func write(_ name: String, _ text: String) throws -> String {
    let path = folder + "/" + name
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  func importing(_ arguments: String...) throws -> (status: Int32, output: String) {
    try Child.runWithErrors(["import"] + arguments + ["--store", store])
  }

  @Test func aFileWithOneBadRowAppliesNothingAndACleanOneAppliesOnceAsOneBatch() throws {
    let before = try maxSequence()
    let bad = try write(
      "bad.csv",
      """
      楼道,室号,户主,联系电话,人数,60岁以上,独居
      春江小区/1幢/1单元,801,王一,13812345678,1,1,是
      春江小区/1幢/1单元,802,王二,1381234,2,0,
      春江小区/1幢/1单元,803,王三,13812345679,3,4,

      """)
    let (status, output) = try importing("households", bad)
    #expect(status != 0)
    #expect(output.contains("error bad.csv D3: 联系电话 \"1381234\" is not a phone number"))
    #expect(output.contains("error bad.csv row 4: household 803: 4 aged 60+ among 3 residents"))
    #expect(output.contains("2 errors: nothing appended"))
    #expect(try maxSequence() == before)

    let good = try write(
      "good.csv",
      """
      楼道,室号,户主,联系电话,人数,60岁以上,独居
      春江小区/1幢/1单元,801,王一,13812345678,1,1,是
      春江小区/1幢/1单元,802,王二,13812345670,2,0,

      """)
    let dry = try importing("households", good, "--dry-run")
    #expect(dry.status == 0)
    #expect(dry.output.contains("households: 2 new, 0 changed, 0 unchanged (2 rows; 0 places created)"))
    #expect(try maxSequence() == before)

    let applied = try importing("households", good, "--json")
    #expect(applied.status == 0)
    let summary = try JSONSerialization.jsonObject(with: Data(applied.output.utf8)) as! [String: Any]
    #expect(summary["events"] as? Int == 2)
    #expect(summary["appended"] as? Bool == true)
    let after = try maxSequence()
    #expect(
      Int(after.trimmingCharacters(in: .whitespacesAndNewlines))! == Int(
        before.trimmingCharacters(in: .whitespacesAndNewlines))! + 2)

    let again = try importing("households", good)
    #expect(again.status == 0)
    #expect(again.output.contains("0 new, 0 changed, 2 unchanged"))
    #expect(again.output.contains("nothing to append"))
    #expect(try maxSequence() == after)
  }

  @Test func theLogNamesTheImportedChanges() throws {
    let file = try write("one.csv", "楼道,室号,人数\n春江小区/1幢/1单元,101,9\n")
    #expect(try importing("households", file).status == 0)
    let (_, log) = try Child.run(["log", "--store", store])
    #expect(log.contains("春江小区1幢1单元 101室 更正 9人"))
  }

  /// `weige stats --json`'s baseline without what registers do not carry (visits, tickets,
  /// alerts), as JSON with sorted keys.
  func baseline(_ store: String) throws -> String {
    let (_, output) = try Child.run(["stats", "--json", "--store", store])
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
    let kept = object.filter { key, _ in
      ["place", "households", "residents", "aged60Plus", "flags", "stairwells", "roles", "reserves"].contains(
        key)
    }
    #expect(kept.count == 8)
    return String(
      decoding: try JSONSerialization.data(withJSONObject: kept, options: .sortedKeys), as: UTF8.self)
  }

  @Test func exportThenImportIntoAnEmptyStoreGivesTheSameBaselineAndEveryRevealIsLogged() throws {
    let households = folder + "/户籍.xlsx"
    let teams = folder + "/队伍.xlsx"
    for (kind, file) in [("households", households), ("teams", teams)] {
      let (status, output) = try Child.runWithErrors(
        ["export", kind, "--out", file, "--reveal", "--reason", "街道核对底数", "--store", store])
      #expect(status == 0, "\(output)")
      let mode = (try FileManager.default.attributesOfItem(atPath: file))[.posixPermissions] as? Int
      #expect(mode == 0o600)
    }
    let (_, reveals) = try Child.run(["log", "--kind", "reveal", "--store", store])
    #expect(reveals.split(separator: "\n").count == 2)
    #expect(reveals.contains("reveal.numbers  查看完整号码 滨江区 (export 户籍.xlsx)：街道核对底数"))

    let empty = folder + "/empty.db"
    let placed = try Child.runWithErrors([
      "import", "households", households, "--create-places", "--store", empty,
    ])
    #expect(placed.status == 0, "\(placed.output)")
    let teamed = try Child.runWithErrors(["import", "teams", teams, "--store", empty])
    #expect(teamed.status == 0, "\(teamed.output)")
    let original = try baseline(store)
    #expect(original.contains("\"households\":383"))
    #expect(try baseline(empty) == original)
  }

  @Test func aMaskedExportHoldsNoWholeNumberAndAGB18030ExportImportsBackUnchanged() throws {
    // A household's 身份证号 from a register, kept and exported masked.
    let id = "11010519491231002X"
    let kept = try importing("households", try write("id.csv", "楼道,室号,身份证号\n春江小区/1幢/1单元,101,\(id)\n"))
    #expect(kept.status == 0, "\(kept.output)")
    let masked = folder + "/masked.csv"
    #expect(try Child.run(["export", "households", "--out", masked, "--store", store]).status == 0)
    let bytes = FileManager.default.contents(atPath: masked)!
    #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    let text = String(decoding: bytes, as: UTF8.self)
    #expect(text.contains("区,街道,社区"))
    #expect(text.contains("****"))
    #expect(text.range(of: #"1[3-9][0-9]{9}"#, options: .regularExpression) == nil)
    #expect(text.contains("1101**********002X") && !text.contains(id))
    let refused = try importing("households", masked, "--dry-run")
    #expect(refused.status != 0)
    #expect(refused.output.contains("is not a phone number"))

    let gb = folder + "/gb.csv"
    let exported = try Child.runWithErrors(
      [
        "export", "households", "--out", gb, "--encoding", "gb18030", "--reveal", "--reason", "核对", "--store",
        store,
      ])
    #expect(exported.status == 0, "\(exported.output)")
    #expect(String(validating: [UInt8](FileManager.default.contents(atPath: gb)!), as: UTF8.self) == nil)
    let back = try importing("households", gb, "--dry-run")
    #expect(back.output.contains("households: 0 new, 0 changed, 383 unchanged"))
  }
}
