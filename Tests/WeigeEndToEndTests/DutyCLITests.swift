import Foundation
import Testing
import WeigeTestSupport

/// What `weige duty …` and `weige ticket new` print for the duty desk, read from the real binary
/// over the 春江小区 demo, with a configuration folder of the test's own (so a developer's
/// calendar.toml or sla.toml never leaks in).
@Suite("weige duty's printed output", .enabled(if: FileManager.default.isExecutableFile(atPath: weigeBinary)))
struct DutyCLITests {
  let folder = temporaryPath("weige-duty")
  var store: String { folder + "/weige.db" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder + "/weige", withIntermediateDirectories: true)
    let (status, _) = try Child.run(
      ["demo", "--preset", "chunjiang", "--days", "1", "--store", store], environment: environment)
    #expect(status == 0)
  }

  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CONFIG_HOME"] = folder
    return environment
  }

  func weige(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    let (status, output) = try Child.run(arguments + ["--store", store], environment: environment)
    #expect(
      status == 0, "weige \(arguments.joined(separator: " ")) exited with \(status)",
      sourceLocation: sourceLocation)
    return output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).dropLast()
  }

  /// Standard output and error together of a run that must fail.
  func failure(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let quoted = (arguments + ["--store", store]).map { "'\($0)'" }.joined(separator: " ")
    let (status, output) = try Child.run(
      ["-c", "'\(weigeBinary)' \(quoted) 2>&1"], executable: "/bin/sh", environment: environment)
    #expect(status != 0, "weige \(quoted) succeeded", sourceLocation: sourceLocation)
    return output
  }

  func write(_ data: Data, to name: String) throws -> String {
    let path = folder + "/" + name
    try data.write(to: URL(fileURLWithPath: path))
    return path
  }

  static let roster = """
    日期,班次,值班员,带班领导
    2026-11-23,白班,王芳,赵建国
    2026-11-23,夜班,刘洋,赵建国
    2026-11-24,白班,陈静,孙丽

    """

  @Test func rosterFromGB18030AndUTF8PrintsByDayAndAsJSON() throws {
    let gb18030 = try gb18030(Self.roster)
    #expect(String(data: gb18030, encoding: .utf8) == nil)
    let file = try write(gb18030, to: "排班.csv")
    #expect(try weige("duty", "roster", "import", file) == ["导入排班 3 个班次（2 天） · 排班.csv"])
    #expect(
      try weige("duty", "roster", "--from", "2026-11-23") == [
        "  2026-11-23 一 白班 08:30–17:30  值班 王芳  带班 赵建国",
        "  2026-11-23 一 夜班 17:30–08:30  值班 刘洋  带班 赵建国",
        "  2026-11-24 二 白班 08:30–17:30  值班 陈静  带班 孙丽",
      ])
    #expect(
      try weige("duty", "roster", "swap", "2026-11-23 白班", "2026-11-24 day", "--reason", "王芳家中有事") == [
        "换班 2026-11-23 白班 值班 陈静，带班 赵建国：王芳家中有事",
        "换班 2026-11-24 白班 值班 王芳，带班 孙丽：王芳家中有事",
      ])
    let json = try weige("duty", "roster", "--week", "--from", "2026-11-25", "--json").joined()
    let shifts = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
    // The imported shifts, swapped, in place of the demo roster's for those days.
    #expect(shifts.prefix(3).map { $0["operator"] as? String } == ["陈静", "刘洋", "王芳"])
    #expect(shifts.first?["start"] as? String == "2026-11-23 08:30:00")
  }

  @Test func aBadRosterNamesRowAndColumnAndAppendsNothing() throws {
    let bad = try write(Data((Self.roster + "2026-11-24,中班,刘洋,孙丽\n").utf8), to: "bad.csv")
    #expect(
      try failure("duty", "roster", "import", bad)
        == "Error: \(bad): row 5, column 2 (班次): '中班' is not a shift: 白班 or 夜班 (day or night)\n")
    let twice = try write(Data((Self.roster + "2026-11-23,白班,李明,赵建国\n").utf8), to: "twice.csv")
    #expect(try failure("duty", "roster", "import", twice).contains("row 5: 2026-11-23 白班 is also on row 2"))
    let header = try write(Data("date,shift,operator\n2026-11-23,day,王芳\n".utf8), to: "header.csv")
    #expect(try failure("duty", "roster", "import", header).contains("row 1: no column 带班领导 (leader)"))
    #expect(
      try weige("duty", "roster", "--from", "2026-11-23") == ["排班表中 2026-11-23 白班 至 2026-11-24 夜班 没有人值班"])
  }

  @Test func ticketNewRecordsTheTermsAndExtendMovesTheDeadline() throws {
    let filed = try weige("ticket", "new", "--place", "春江小区/1幢/1单元", "--title", "楼道灯不亮", "--operator", "王芳")
    let line = try #require(filed.first)
    #expect(line.hasPrefix("点单 #") && line.hasSuffix(" 一般 楼道灯不亮"))
    let id = String(line.split(separator: " ")[1])
    // Opened under the shipped terms: 5 working days, ending at a close of day.
    let brief = try weige("duty", "handover", "--json").joined()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(brief.utf8)) as? [String: Any])
    let open = try #require((object["open"] as? [[String: Any]])?.first { $0["ticket"] as? String == id })
    #expect((open["deadline"] as? String)?.hasSuffix(" 17:30:00") == true)
    #expect(open["next"] as? String == "to dispatch")
    let extended = try weige(
      "duty", "extend", id, "--by", "3 working days", "--reason", "等配件", "--approver", "赵建国", "--operator",
      "王芳")
    #expect(extended.first?.hasPrefix("延期 \(id) 3个工作日，至 ") == true)
    #expect(extended.first?.hasSuffix(" 17:30：等配件（赵建国 批准）") == true)
    #expect(
      try failure("duty", "extend", id, "--by", "3 days", "--reason", "x", "--approver", "y")
        == "Error: --by: '3 days' is not a limit: write \"3 working days\", \"4 working hours\" or \"12 hours\"\n"
    )
    #expect(
      try failure(
        "duty", "extend", id, "--by", "1 hour", "--reason", "x", "--approver", "", "--operator", "王芳"
      )
      .contains("批准人不能为空"))
    // A user's policy file that cannot be read stops a ticket from being filed, naming the key.
    try "[defaults]\nsign = \"soon\"\n".write(
      toFile: folder + "/weige/sla.toml", atomically: true, encoding: .utf8)
    #expect(
      try failure("ticket", "new", "--place", "春江小区/1幢/1单元", "--title", "x")
        == "Error: \(folder)/weige/sla.toml: defaults.sign: 'soon' is not a limit: write \"5 working days\", \"4 working hours\", \"90 working minutes\", \"12 hours\" or \"30 minutes\" (the last two wall-clock)\n"
    )
  }

  @Test func handoverBriefWithNotesSignedByTheIncomingOperator() throws {
    _ = try weige("ticket", "new", "--place", "春江小区/1幢/1单元", "--title", "楼道灯不亮", "--operator", "王芳")
    let brief = try weige("duty", "handover", "--note", "3幢电梯停运，已报修", "--operator", "王芳")
    #expect(brief.first?.hasPrefix("交接班简报 ") == true)
    #expect(brief.contains { $0.hasPrefix("  新开 #") && $0.hasSuffix(" 一般 楼道灯不亮 · 春江小区1幢1单元") })
    #expect(brief.contains { $0.contains("楼道灯不亮 · 春江小区1幢1单元 · 未派单 · 办结时限 ") && $0.hasSuffix(" → 待派单") })
    #expect(brief.contains { $0.hasSuffix(" 王芳：3幢电梯停运，已报修") })
    #expect(brief.last == "  未签收")
    let markdown = try weige("duty", "handover", "--markdown", "--lang", "en")
    #expect(markdown.first?.hasPrefix("# Handover brief ") == true)
    #expect(markdown.contains("## Still open 1") || markdown.contains { $0.hasPrefix("## Still open ") })
    let json = try weige("duty", "handover", "--json").joined()
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect((object["notes"] as? [String]) == ["王芳: 3幢电梯停运，已报修"])
    #expect(object["signedBy"] == nil)
    // The demo's roster has 周建国 lead the day shifts and 吴丽华 the nights: the incoming shift's
    // leader on call may sign, once only; someone not on the incoming shift may not.
    let shift = String(try #require(brief.first).dropFirst("交接班简报 ".count).prefix(13))
    let leader = shift.hasSuffix("白班") ? "吴丽华" : "周建国"
    #expect(try failure("duty", "handover", "sign", "--shift", shift, "--operator", "路人").contains("须由接班的"))
    #expect(
      try weige("duty", "handover", "sign", "--shift", shift, "--operator", leader) == [
        "交接班签收 \(shift)（\(leader)）"
      ])
    #expect(
      try failure("duty", "handover", "sign", "--shift", shift, "--operator", leader).contains(
        "已由 \(leader) 于"))
  }

  /// The text in GB18030, as Excel saves CSV on a Chinese Windows (through the iconv command).
  func gb18030(_ text: String) throws -> Data {
    let path = try write(Data(text.utf8), to: "utf8.csv")
    let (status, output) = try Child.run(
      ["-c", "iconv -f UTF-8 -t GB18030 '\(path)' | base64 -w0"], executable: "/bin/sh",
      environment: environment)
    #expect(status == 0)
    return try #require(Data(base64Encoded: output.trimmingCharacters(in: .whitespacesAndNewlines)))
  }
}
