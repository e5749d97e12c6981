import Foundation
import Testing
import WeigeTestSupport

/// `weige import` on a real store: all or nothing, re-import appends nothing, as the binary does it.
@Suite("weige import", .enabled(if: FileManager.default.isExecutableFile(atPath: weigeBinary)))
struct ImportCLITests {
  let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
    "weige-import-\(UUID().uuidString)"
  ).path
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
}
