import Foundation
import Testing
import WeigeCore
import WeigeTestSupport

/// `weige stars`, `convention`, `hours`, `points` and `honours` through the real binary, over the
/// 春江小区 demo written with a pinned `--now`; what they append lands at the real time.
@Suite("weige stars, hours, points and honours", .serialized, .enabled(if: Tmux.weige != nil))
struct StarsCLITests {
  let folder = temporaryPath("weige-stars")
  var store: String { folder + "/chunjiang.db" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try weige(
      "demo", "--preset", "chunjiang", "--days", "7", "--seed", "1", "--now", CLIOutputTests.now, "--store",
      store)
  }

  /// `weige ARGUMENTS --store … --operator 王芳`: its status and what it printed (errors included).
  func run(_ arguments: [String]) throws -> (status: Int32, lines: [String]) {
    let (status, output) = try Child.runWithErrors(arguments + ["--store", store, "--operator", "王芳"])
    return (status, output.split(separator: "\n").map(String.init))
  }

  func object(_ lines: [String]) throws -> [String: Any] {
    try #require(
      JSONSerialization.jsonObject(with: Data(lines.joined(separator: "\n").utf8)) as? [String: Any])
  }

  /// Each stairwell's rating as `weige stars --json` gives it.
  func ratings(_ extra: String...) throws -> [[String: Any]] {
    let (status, lines) = try run(["stars", "--json"] + extra)
    #expect(status == 0, "\(lines)")
    return try #require(try object(lines)["stairwells"] as? [[String: Any]])
  }

  @Test func hoursPointsConventionsAndHonoursGoThroughCore() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // Hours earn 10 points an hour by the built-in rules.
    let added = try run(["hours", "add", "person-1", "平安巡查", "--time", "1h30m", "--json"])
    #expect(added.status == 0, "\(added.lines)")
    let answer = try object(added.lines)
    #expect(answer["kind"] as? String == "volunteer.hours-recorded")
    let balance = try #require(answer["balance"] as? Int)
    #expect(balance >= 15)
    #expect((answer["summary"] as? String)?.contains("志愿 平安巡查 1小时30分，积分 +15") == true)

    // One point past the balance is refused, in one line, in the language asked; nothing is spent.
    let over = try run(["points", "redeem", "person-1", "\(balance + 1)", "--reward", "大米一袋"])
    #expect(over.status != 0)
    #expect(over.lines.count == 1)
    #expect(over.lines.first?.hasPrefix("Error: 积分不足：") == true, "\(over.lines)")
    #expect(over.lines.first?.hasSuffix("余 \(balance) 分，兑换「大米一袋」需 \(balance + 1) 分") == true)
    let english = try run([
      "points", "redeem", "person-1", "\(balance + 1)", "--reward", "大米一袋", "--lang", "en",
    ])
    #expect(english.lines.first?.contains("not enough points:") == true, "\(english.lines)")
    let spent = try run(["points", "redeem", "person-1", "\(balance)", "--reward", "大米一袋"])
    #expect(spent.status == 0, "\(spent.lines)")
    #expect(spent.lines.first?.hasSuffix("（余 0 分）") == true, "\(spent.lines)")

    // A stairwell without a convention gains this month's convention star once one is adopted.
    let current = CivilMonth(inChina: .now)
    let before = try ratings("--month", "\(current)")
    let lacking = try #require(
      before.first { rating in
        (rating["reasons"] as? [[String: Any]])?.contains {
          $0["rule"] as? String == "convention" && $0["earned"] as? Bool == false
        } == true
      })
    let name = try #require(lacking["stairwell"] as? String)
    let stars = try #require(lacking["stars"] as? Int)
    let adopted = try run(["convention", "adopt", name, "--title", "文明楼道公约"])
    #expect(adopted.status == 0, "\(adopted.lines)")
    #expect(adopted.lines == ["\(name) 订立楼道公约「文明楼道公约」"])
    let after = try ratings("--place", name, "--month", "\(current)")
    #expect(after.count == 1 && after.first?["stars"] as? Int == stars + 1)
    let again = try run(["convention", "adopt", name, "--title", "另一份公约"])
    #expect(again.status != 0 && again.lines.first?.contains("已于") == true, "\(again.lines)")

    // The red list takes a stairwell and its reason; a vanguard person takes a person.
    let red = try run(["honours", "add", "red", name, "--reason", "楼道整洁无堆物"])
    #expect(red.lines.first?.hasPrefix("红榜 \(name)：楼道整洁无堆物（记录 #") == true, "\(red.lines)")
    let entry = try #require(red.lines.first?.split(separator: "#").last?.dropLast())
    let wrong = try run(["honours", "add", "vanguard-person", name, "--reason", "好"])
    #expect(wrong.status != 0 && wrong.lines.first?.contains("SUBJECT") == true, "\(wrong.lines)")

    // A 先锋 is withdrawn by its kind, subject and month; a list entry by its number.
    let vanguard = try run([
      "honours", "add", "vanguard-stairwell", name, "--month", "2026-10", "--reason", "满星",
    ])
    #expect(vanguard.status == 0, "\(vanguard.lines)")
    let listed = try run(["honours", "withdraw", "red", name, "--month", "2026-11", "--reason", "错评"])
    #expect(listed.status != 0 && listed.lines.first?.contains("--entry N") == true, "\(listed.lines)")
    let byEntry = try run(["honours", "withdraw", "--entry", String(entry), "--reason", "错评"])
    #expect(byEntry.lines.first?.hasPrefix("撤销红榜 \(name) (") == true, "\(byEntry.lines)")
    let twice = try run(["honours", "withdraw", "--entry", String(entry), "--reason", "错评"])
    #expect(twice.status != 0 && twice.lines.first?.contains("或已撤销") == true, "\(twice.lines)")
    let notAnAward = try run(["honours", "withdraw", "--entry", "1", "--reason", "错评"])
    #expect(notAnAward.lines.first?.contains("not honour.awarded") == true, "\(notAnAward.lines)")
    let withdrawn = try run(
      ["honours", "withdraw", "vanguard-stairwell", name, "--month", "2026-10", "--reason", "评选有误"])
    #expect(withdrawn.lines == ["撤销先锋楼道 \(name) (2026-10)：评选有误"], "\(withdrawn.lines)")

    // The list names every award by the number withdraw takes, the withdrawn ones marked.
    let month = CivilMonth(inChina: .now).description
    let again2 = try run(["honours", "add", "black", name, "--reason", "楼道堆物"])
    let black = try #require(again2.lines.first?.split(separator: "#").last?.dropLast())
    let honours = try run(["honours", "list", "--place", name])
    #expect(honours.status == 0, "\(honours.lines)")
    #expect(
      honours.lines.map { $0.split(separator: "\t").prefix(6).joined(separator: "|") } == [
        "#\(entry)|红榜|\(month)|\(name)|楼道整洁无堆物|王芳",
        "#\(vanguard.lines.first!.split(separator: "#").last!.dropLast())|先锋楼道|2026-10|\(name)|满星|王芳",
        "#\(black)|黑榜|\(month)|\(name)|楼道堆物|王芳",
      ], "\(honours.lines)")
    #expect(honours.lines[0].hasSuffix("王芳：错评") && honours.lines[0].contains("\t已撤销 "), "\(honours.lines)")
    #expect(honours.lines[1].hasSuffix("王芳：评选有误") && !honours.lines[2].contains("已撤销"))
    let json = try run(["honours", "list", "--month", "2026-10", "--place", name, "--json", "--lang", "en"])
    let entries = try #require(
      try JSONSerialization.jsonObject(with: Data(json.lines.joined(separator: "\n").utf8))
        as? [[String: Any]])
    #expect(entries.count == 1 && entries[0]["kind"] as? String == "vanguard-stairwell")
    #expect((entries[0]["withdrawn"] as? [String: Any])?["reason"] as? String == "评选有误")
    #expect(entries[0]["givenBy"] as? String == "王芳" && entries[0]["reason"] as? String == "满星")
    let elsewhere = try run(["honours", "list", "--place", "春江小区/13幢"])
    #expect(elsewhere.status == 0 && !elsewhere.lines.contains { $0.contains(name) }, "\(elsewhere.lines)")
    let badMonth = try run(["honours", "list", "--month", "11月"])
    #expect(badMonth.status != 0 && badMonth.lines.first?.contains("is not a month") == true)

    // The table: a line a stairwell, its stars and each rule's reason, names aligned.
    let table = try run(["stars", "--month", "2026-11"])
    #expect(table.status == 0)
    #expect(table.lines.first?.hasPrefix("星级楼道 2026-11") == true, "\(table.lines)")
    #expect(table.lines.first?.contains(" · 全部 · ") == true, "\(table.lines)")
    let rows = table.lines.dropFirst(2)
    #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("★") || $0.contains("☆") })
    let columns = Set(
      rows.map { row in row.prefix { $0 != "★" && $0 != "☆" }.reduce(0) { $0 + ($1.isASCII ? 1 : 2) } })
    #expect(columns.count == 1, "\(columns)")
  }

  @Test func withoutMonthTheBoardsMonthIsRatedAndSaid() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // The demo's history ends on 21 November 2026: nobody has been visited this month, so the
    // month before is rated, as the board rates it, and the heading says so.
    let last = CivilMonth(inChina: .now).previous
    let table = try run(["stars"])
    #expect(table.status == 0, "\(table.lines)")
    #expect(
      table.lines.first?.hasPrefix("星级楼道 \(last) \(last.name(.zh)) (上月) · 全部 · ") == true, "\(table.lines)")
    let english = try run(["stars", "--json", "--lang", "en"])
    let answer = try object(english.lines)
    #expect(answer["month"] as? String == "\(last)")
    #expect(answer["which"] as? String == "\(last.name(.en)) (last month)")
  }
}
