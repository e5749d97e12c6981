import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeTestSupport

/// What `weige war …` prints, read from the real binary over the 春江小区 demo written with a
/// pinned `--now` and `--seed`; the orders themselves are issued at the real time.
@Suite("weige war's printed output", .serialized, .enabled(if: Tmux.weige != nil))
struct WarCLITests {
  let folder = temporaryPath("weige-war")
  var store: String { folder + "/chunjiang.db" }
  let stairwell = "春江小区/1幢/1单元"

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try weige(
      "demo", "--preset", "chunjiang", "--days", "7", "--seed", "1", "--now", CLIOutputTests.now, "--store",
      store)
  }

  /// `weige war ARGUMENTS --store … --operator 王芳`, expected to succeed: its lines.
  @discardableResult
  func war(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    let (status, output) = try Child.runWithErrors(
      ["war"] + arguments + ["--store", store, "--operator", "王芳"])
    #expect(
      status == 0, "weige war \(arguments.joined(separator: " ")): \(output)", sourceLocation: sourceLocation)
    return output.split(separator: "\n").map(String.init)
  }

  /// The same, expected to fail: its one line of error.
  func refused(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let (status, output) = try Child.runWithErrors(
      ["war"] + arguments + ["--store", store, "--operator", "王芳"])
    #expect(
      status != 0, "weige war \(arguments.joined(separator: " ")) succeeded", sourceLocation: sourceLocation)
    let lines = output.split(separator: "\n")
    #expect(lines.count == 1, "\(output)", sourceLocation: sourceLocation)
    return String(lines.first ?? "")
  }

  func object(_ lines: [String]) throws -> [String: Any] {
    try #require(
      JSONSerialization.jsonObject(with: Data(lines.joined(separator: "\n").utf8)) as? [String: Any])
  }

  /// Core's squads for the whole community of the same demo.
  func coreSquads() throws -> [SquadFormation] {
    let ledger = try demoEvents(.chunjiang, days: 7, seed: 1).ledger
    return ledger.formSquads(for: try #require(ledger.places(named: "春江社区").first).id)
  }

  @Test func issueReachAndListPrintTheOrdersFigures() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try war("list") == ["没有进行中的动员令（平时）"])
    let squads = try coreSquads()
    let short = squads.filter { $0.members.count < 3 }.count
    let issued = try war("issue", "--scope", "春江社区", "--deadline", "45m", "--title", "全员告知：今晚集中转运")
    #expect(issued.count == 1)
    let pattern = /^动员令 M1 全员告知：今晚集中转运 · 告知 · 春江社区 · 时限 (\d\d:\d\d) · 突击小组 (\d+) 个(（缺员 (\d+)）)? · 住户 383 户$/
    let match = try #require(issued.first?.wholeMatch(of: pattern), "\(issued)")
    #expect(Int(match.2) == squads.count)
    #expect(Int(match.4 ?? "0") == short)

    let json = try object(
      try war(
        "issue", "--scope", "春江小区/13幢", "--task", "送物资", "--deadline", "2h", "--title", "送菜", "--drill",
        "--json"))
    #expect(
      Set(json.keys) == [
        "sequence", "order", "title", "task", "scope", "drill", "issuedAt", "issuedBy", "deadline", "squads",
        "shortHanded", "households",
      ])
    #expect(json["order"] as? String == "M2")
    #expect(json["task"] as? String == "deliver")
    #expect(json["scope"] as? String == "春江小区13幢")
    #expect(json["drill"] as? Bool == true)
    #expect(json["squads"] as? Int == 2)
    #expect(json["households"] as? Int == 95)
    #expect(json["issuedBy"] as? String == "王芳")

    #expect(
      try war("reach", "M1", stairwell, "all", "except", "302", "notHome", "401", "refused") == [
        "M1 春江小区1幢1单元 上报 12 户：已告知 10、不在家 1、拒绝 1 · 本楼道 10/12（83.3%） · 全部 10/383（2.6%）"
      ])
    #expect(
      try war("reach", "m1", stairwell, "302") == [
        "M1 春江小区1幢1单元 302室 已告知 · 本楼道 11/12（91.7%） · 全部 11/383（2.9%）"
      ])
    #expect(
      try war("reach", "1", "春江小区 1幢2单元", "101", "unreachable", "--lang", "en") == [
        "M1 春江小区1幢2单元 101 unreachable · stairwell 0/12 (0.0%) · order 11/383 (2.9%)"
      ])
    let reached = try object(try war("reach", "M1", "春江小区/2幢/1单元", "all", "--json"))
    #expect(reached["reported"] as? [String: Int] == ["reached": 12])
    #expect((reached["orderHouseholds"] as? [String: Any])?["reached"] as? Int == 23)
    #expect((reached["orderHouseholds"] as? [String: Any])?["households"] as? Int == 383)
    #expect((reached["stairwellHouseholds"] as? [String: Any])?["outstanding"] as? Int == 0)

    let list = try war("list")
    #expect(list.count == 2)
    #expect(list[0].hasPrefix("M1  全员告知：今晚集中转运  告知  春江社区  已告知 23/383（6.0%）  突击小组 \(squads.count)  剩 "))
    #expect(list[0].contains("  预计") || list[0].contains("  最近 "), "\(list[0])")
    #expect(
      list[1].wholeMatch(
        of: /M2 演练  送菜  送物资  春江小区13幢  已完成 0\/95（0.0%）  突击小组 2  剩 (1:59:\d\d|2:00:00)  尚无上报，无法预计完成时间/)
        != nil, "\(list[1])")
    let rows = try #require(
      JSONSerialization.jsonObject(with: Data(try war("list", "--json").joined(separator: "\n").utf8))
        as? [[String: Any]])
    #expect(rows.map { $0["order"] as? String } == ["M1", "M2"])
    #expect(
      rows.first.map { Set($0.keys) } == [
        "order", "title", "task", "scope", "drill", "state", "deadline", "countdown", "households", "squads",
        "finish",
      ])
  }

  @Test func squadsExtensionsClosingAndTheReport() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try war("issue", "--scope", "春江社区", "--deadline", "45m", "--title", "全员告知：今晚集中转运")
    #expect(try war("squad", "M1", stairwell, "blocked", "--reason", "电梯停运") == ["M1 春江小区1幢1单元 突击小组 受阻：电梯停运"])
    let active = try object(try war("squad", "M1", stairwell, "出发", "--json"))
    #expect(active["status"] as? String == "active")
    #expect((active["members"] as? [String])?.count == 3)
    #expect(
      try war("attach", "M1", stairwell, "--name", "周建国", "--phone", "13900000001", "--party-member") == [
        "登记人员 周建国 (党员)", "M1 春江小区1幢1单元 突击小组 增援 周建国",
      ])
    let attached = try object(try war("attach", "M1", "春江小区/1幢/2单元", "--name", "吴丽", "--json"))
    #expect((attached["members"] as? [String])?.last == "吴丽")

    let before = try object(try war("extend", "M1", "15m", "--reason", "雨天", "--json"))
    let (previous, deadline) = (
      try #require(before["previousDeadline"] as? String), try #require(before["deadline"] as? String)
    )
    let format = DateFormatter()
    format.dateFormat = "yyyy-MM-dd HH:mm:ss"
    #expect(format.date(from: deadline)!.timeIntervalSince(format.date(from: previous)!) == 900)
    let extended = try war("extend", "M1", "5m")
    #expect(extended.first?.wholeMatch(of: /^M1 延期至 \d\d:\d\d · 剩 1:0[45]:\d\d$/) != nil, "\(extended)")

    try war("reach", "M1", stairwell, "all", "except", "302", "notHome")
    let closed = try war("close", "M1", "--note", "302 次日回访")
    #expect(closed.count == 1)
    #expect(closed.first?.hasPrefix("M1 完成：302 次日回访 · 已告知 11/383（2.9%） · 完成于 ") == true)
    #expect(closed.first?.hasSuffix("，尚有住户待走访 · 春江社区 回到平时") == true)
    #expect(try war("list") == ["没有进行中的动员令（平时）"])
    #expect(try war("list", "--all").first?.contains("  完成 ") == true)

    let report = try war("report", "M1")
    #expect(report.first == "复盘 M1「全员告知：今晚集中转运」")
    for heading in ["概况", "时间线", "进度", "最慢的楼道", "待回访住户"] { #expect(report.contains(heading), "\(heading)") }
    #expect(report.contains { $0.hasPrefix("  状态      完成 ") })
    #expect(
      report.contains { $0.hasPrefix("  住户      11/383（2.9%） · 已完成 11 · 不在家 1 · 拒绝 0 · 无法联系 0 · 未上报 371") })
    #expect(report.contains { $0.contains("王芳    春江小区1幢1单元 突击小组受阻：电梯停运") })
    #expect(report.contains { $0.contains("王芳    春江小区1幢1单元 突击小组增援 周建国") })
    #expect(report.contains { $0.hasSuffix("动员令完成：302 次日回访") })
    #expect(report.contains { $0.hasPrefix("  春江小区1幢1单元  302   不在家  王芳") })
    let markdown = try war("report", "M1", "--markdown", "--lang", "en")
    #expect(markdown.first == "# After-action report M1 '全员告知：今晚集中转运'")
    #expect(markdown.contains("## Households outstanding"))
    #expect(markdown.contains("| stairwell | room | outcome | reported by | time |"))
    let json = try object(try war("report", "M1", "--json"))
    #expect(json["state"] as? String == "completed")
    #expect((json["outstanding"] as? [[String: Any]])?.count == 1)
    #expect((json["slowest"] as? [[String: Any]])?.count == 10)
    #expect((json["timeline"] as? [[String: Any]])?.isEmpty == false)
  }

  @Test func logFollowMarksEveryLineOfADrillOrderedAfterItStarted() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let follower = try Child(["log", "--follow", "--since", "999999", "--store", store])
    defer {
      kill(follower.pid, SIGKILL)
      follower.wait()
      follower.removeOutput()
    }
    Thread.sleep(forTimeInterval: 0.5)
    try war("issue", "--scope", "春江小区/13幢", "--deadline", "45m", "--title", "演练告知", "--drill")
    try war("reach", "M1", "春江小区/13幢/1单元", "101", "notHome")
    try war("close", "M1", "stood-down")
    let started = ContinuousClock.now
    while follower.output.split(separator: "\n").count < 3 && ContinuousClock.now - started < .seconds(10) {
      usleep(100_000)
    }
    let summaries = follower.output.split(separator: "\n").map { $0.components(separatedBy: "  ").last ?? "" }
    #expect(summaries.count == 3, "\(follower.output)")
    #expect(
      summaries.first?.wholeMatch(of: /演练 动员令 M1 演练告知 · 告知 · 春江小区13幢 · 时限 \d\d:\d\d · 突击小组 2 个/) != nil,
      "\(summaries)")
    #expect(Array(summaries.dropFirst()) == ["演练 M1 春江小区13幢1单元 101室 不在家", "演练 M1 解除"])
  }

  @Test func aRoomsOwnTasksAreOrderedAndReportedUnderTheirNames() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let shown = try war("tasks").joined(separator: "\n")
    #expect(shown.contains("4, built in"))
    #expect(shown.contains("order = [\"notify\", \"sample\", \"transfer\", \"deliver\"]"))
    // A flood: the room replaces 核酸 and the rest with 排查 and 转移.
    let file = folder + "/tasks.toml"
    let flood = floodTasksFile
    try flood.replacingOccurrences(of: "english_done = \"moved\"", with: "english_done = \"\"")
      .write(toFile: file, atomically: true, encoding: .utf8)
    #expect(
      try refused("tasks", "set", file)
        == "Error: \(file): evacuate.english_done: a non-empty string is needed")
    try flood.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(try war("tasks", "set", file) == ["定义动员任务 2 项：排查、转移"])
    #expect(try war("tasks").joined(separator: "\n").contains("2, defined in this room"))
    #expect(
      try refused("issue", "--scope", "春江社区", "--deadline", "2h", "--title", "全员告知")
        == "Error: --task: 'notify' is not a task; one of check (排查), evacuate (转移)")
    let issued = try war("issue", "--scope", "春江社区", "--task", "排查", "--deadline", "2h", "--title", "汛前排查")
    #expect(issued.first?.hasPrefix("动员令 M1 汛前排查 · 排查 · 春江社区") == true, "\(issued)")
    #expect(
      try war("reach", "M1", stairwell, "all")
        == ["M1 春江小区1幢1单元 上报 12 户：已排查 12 · 本楼道 12/12（100.0%） · 全部 12/383（3.1%）"])
    #expect(try war("list", "--lang", "en").first?.contains("  check  ") == true)
  }

  @Test func badInputIsOneLineNamingTheField() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(
      try refused("issue", "--scope", "春江社区", "--deadline", "45x", "--title", "告知").hasPrefix(
        "Error: --deadline: '45x' 不是时长"))
    #expect(
      try refused("issue", "--scope", "春江社区", "--task", "shout", "--deadline", "45m", "--title", "告知")
        .hasPrefix("Error: --task: 'shout' is not a task; one of notify (告知)"))
    #expect(
      try refused("issue", "--scope", "江三社区", "--deadline", "45m", "--title", "告知")
        == "Error: --scope: no place named '江三社区' in the store")
    try war("issue", "--scope", "春江社区", "--deadline", "45m", "--title", "全员告知")
    #expect(
      try refused("issue", "--scope", "春江社区", "--deadline", "45m", "--title", "全员告知")
        == "Error: 春江社区 已有进行中的动员令 M1「全员告知」")
    #expect(
      try refused("issue", "--scope", "春江社区", "--deadline", "45m", "--title", "全员告知", "--lang", "en")
        == "Error: mobilization order M1 '全员告知' is already open over 春江社区")
    #expect(try refused("reach", "M9", stairwell, "all") == "Error: ORDER: there is no mobilization order M9")
    #expect(
      try refused("reach", "X1", stairwell, "all") == "Error: ORDER: 'X1' is not an order number (M1, or 1)")
    #expect(try refused("reach", "M1", "春江小区/1幢", "all") == "Error: STAIRWELL: 春江小区1幢 是楼幢，不是楼道：突击小组按楼道编组")
    let ambiguous = try refused("reach", "M1", "1单元", "all")
    #expect(ambiguous.hasPrefix("Error: STAIRWELL: '1单元' names 13 places; say which with a path: 滨江区/"))
    #expect(ambiguous.contains("/春江小区/春江小区微网格/1幢/1单元; "))
    #expect(try refused("reach", "M1", stairwell, "902", "refused") == "Error: HOUSEHOLDS: 春江小区1幢1单元 没有 902室")
    #expect(
      try refused("reach", "M1", stairwell)
        == "Error: HOUSEHOLDS: 上报需写明住户：all、all except 302 notHome 或 302 notHome")
    #expect(
      try refused("squad", "M1", stairwell, "lost").hasPrefix(
        "Error: STATUS: 'lost' is not a squad status; one of standby (待命)"))
    #expect(try refused("squad", "M1", stairwell, "blocked") == "Error: 受阻需写明原因（春江小区1幢1单元）")
    #expect(
      try refused("attach", "M1", stairwell)
        == "Error: --person or --name: give one of them, a registered person or a new one")
    #expect(
      try refused("attach", "M1", stairwell, "--person", "无名氏")
        == "Error: --person: nobody named '无名氏' is registered")
    #expect(try refused("extend", "M1", "soon").hasPrefix("Error: DEADLINE: 'soon' 不是时长"))
    #expect(
      try refused("close", "M1", "maybe").hasPrefix(
        "Error: CLOSING: 'maybe' is not a closing; one of completed (完成), stood-down (解除)"))
    try war("close", "M1", "stood-down")
    #expect(try refused("reach", "M1", stairwell, "all").hasPrefix("Error: 动员令 M1 已于 "))
    #expect(
      try refused("reach", "M1", stairwell, "all", "--lang", "en").hasPrefix(
        "Error: mobilization order M1 was already stood down at "))
  }
}
