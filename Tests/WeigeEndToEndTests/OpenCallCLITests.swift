import Foundation
import Testing
import WeigeTestSupport

/// `weige calls …` and `weige units …` through the real binary, over the 春江小区 demo (its 揭榜
/// run: 12 units, 35 items); the new item is posted at the real time.
@Suite("weige calls and units through the binary", .serialized, .enabled(if: Tmux.weige != nil))
struct OpenCallCLITests {
  let folder = temporaryPath("weige-calls")
  var store: String { folder + "/chunjiang.db" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try weige(
      "demo", "--preset", "chunjiang", "--days", "7", "--seed", "1", "--now", CLIOutputTests.now, "--store",
      store)
  }

  /// `weige ARGUMENTS --store … --operator 王芳`, expected to succeed: its lines.
  @discardableResult
  func run(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
    let (status, output) = try Child.runWithErrors(arguments + ["--store", store, "--operator", "王芳"])
    #expect(
      status == 0, "weige \(arguments.joined(separator: " ")): \(output)", sourceLocation: sourceLocation)
    return output.split(separator: "\n").map(String.init)
  }

  /// The same, expected to fail: its one line of error.
  func refused(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let (status, output) = try Child.runWithErrors(arguments + ["--store", store, "--operator", "王芳"])
    #expect(
      status != 0, "weige \(arguments.joined(separator: " ")) succeeded", sourceLocation: sourceLocation)
    let lines = output.split(separator: "\n")
    #expect(lines.count == 1, "\(output)", sourceLocation: sourceLocation)
    return String(lines.first ?? "")
  }

  func objects(_ lines: [String]) throws -> [[String: Any]] {
    try #require(
      JSONSerialization.jsonObject(with: Data(lines.joined(separator: "\n").utf8)) as? [[String: Any]])
  }

  @Test func anItemFromPostingToRatingWithEveryRefusalOnTheWay() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    #expect(try run("units", "add", "--name", "街道城管中队", "--kind", "office") == ["登记共建单位 街道城管中队（机关）"])
    #expect(
      try refused("units", "add", "--name", "街道城管中队", "--kind", "机关") == "Error: 共建单位「街道城管中队」已登记为 U13")
    #expect(
      try refused("units", "add", "--name", "渔船", "--kind", "ship").hasPrefix(
        "Error: --kind: 'ship' is not a kind of unit; one of office (机关), company (企业)"))

    let posted = try run(
      "calls", "post", "--list", "needs", "--title", "车棚电线改造", "--place", "春江小区", "--need", "电工1名",
      "--by", "14d")
    #expect(posted.count == 1 && posted[0].hasPrefix("发榜 J36 需求清单 车棚电线改造 限 "), "\(posted)")
    #expect(
      try refused(
        "calls", "post", "--list", "needs", "--title", "补种", "--place", "春江小区", "--need", "苗木", "--by",
        "2020-01-01 10:00"
      ).hasPrefix("Error: 完成时限 2020-01-01 10:00 不晚于发榜时间 "))
    #expect(
      try refused(
        "calls", "post", "--list", "wishes", "--title", "补种", "--place", "春江小区", "--need", "苗木", "--by", "7d"
      )
      .hasPrefix("Error: --list: 'wishes' is not a list; one of needs (需求清单)"))
    #expect(
      try refused(
        "calls", "post", "--list", "needs", "--title", "补种", "--place", "春江小区", "--need", "苗木", "--by", "soon"
      )
      .hasPrefix("Error: --by: 'soon' 不是时长"))

    #expect(try refused("calls", "rate", "J36", "--score", "5").hasPrefix("Error: 榜单 J36 当前为「待揭榜」"))
    #expect(
      try refused("calls", "claim", "J36", "--unit", "渔船")
        == "Error: --unit: there is no partner unit '渔船'; `weige units list` names them")
    #expect(try refused("calls", "claim", "J99", "--unit", "U13") == "Error: ITEM: there is no item J99")
    #expect(try run("calls", "claim", "J36", "--unit", "街道城管中队") == ["揭榜 J36 车棚电线改造 ← 街道城管中队"])
    #expect(
      try refused("calls", "claim", "36", "--unit", "U1", "--lang", "en")
        == "Error: item J36 is 已揭榜 (街道城管中队); only a 待揭榜 item can be claimed (揭榜)")
    #expect(
      try run("calls", "progress", "J36", "--note", "已拆除旧线路", "--served", "4")
        == ["进展 J36 车棚电线改造：已拆除旧线路（服务 4 人次）"])
    #expect(try refused("calls", "rate", "J36", "--score", "5").hasPrefix("Error: 榜单 J36 当前为「已揭榜」"))
    #expect(
      try run("calls", "done", "J36", "--note", "已验收", "--served", "6") == ["完成 J36 车棚电线改造：已验收（服务 6 人次）"])
    #expect(try refused("calls", "rate", "J36", "--score", "7") == "Error: 评分为 1 到 5 星，不是 7")
    #expect(
      try run("calls", "rate", "J36", "--score", "5", "--comment", "响应迅速", "--lang", "en")
        == ["rated (评单) J36 车棚电线改造 5★ 响应迅速"])

    let done = try objects(try run("calls", "list", "--state", "done", "--json"))
    let item = try #require(done.first { $0["item"] as? String == "J36" })
    #expect(item["unit"] as? String == "街道城管中队")
    #expect(item["personTimes"] as? Int == 10)
    #expect(item["rating"] as? Int == 5)
    #expect(item["status"] as? String == "rated")
    #expect(item["list"] as? String == "needs")
    #expect(item["overdue"] as? Bool == false)
    let all = try objects(try run("calls", "list", "--json"))
    #expect(all.count == 36)

    let units = try objects(try run("units", "list", "--json"))
    #expect(units.count == 13)
    let unit = try #require(units.first { $0["name"] as? String == "街道城管中队" })
    #expect(unit["completed"] as? Int == 1)
    #expect(unit["averageRating"] as? Double == 5)
    #expect(unit["personTimes"] as? Int == 10)
    #expect(units.map { $0["rank"] as? Int } == (1...13).map { $0 })
  }

  @Test func aResidentsRequestIsPostedOrDeclinedOnce() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    // The demo's requests: most posted, some declined, a few waiting.
    let demo = try objects(try run("calls", "requests", "--json"))
    let next = demo.count + 1
    #expect(demo.contains { $0["state"] as? String == "pending" })
    #expect(demo.filter { $0["state"] as? String == "posted" }.count > demo.count / 2)

    #expect(
      try run(
        "calls", "request", "--place", "春江小区/2幢/1单元", "--room", "301", "--via", "visit", "--wish", "楼道增设扶手")
        == ["点单 D\(next) 春江小区2幢1单元 301室（入户走访）：楼道增设扶手"])
    #expect(
      try run(
        "calls", "request", "--place", "春江小区", "--name", "陈大爷", "--via", "热线", "--wish", "小区增设座椅", "--lang",
        "en")
        == ["request (点单) D\(next + 1) 陈大爷 (hotline): 小区增设座椅"])
    #expect(
      try refused("calls", "request", "--place", "春江小区", "--via", "visit", "--wish", "座椅")
        == "Error: name who asked: --room for a registered household, or --name for a resident")
    #expect(
      try refused(
        "calls", "request", "--place", "春江小区/2幢/1单元", "--room", "9999", "--via", "visit", "--wish", "座椅")
        == "Error: --room: there is no room 9999 in 春江小区/2幢/1单元")
    #expect(
      try refused("calls", "request", "--place", "春江小区", "--name", "陈大爷", "--via", "visit", "--wish", " ")
        == "Error: 诉求不能为空")
    let fax = try Child.runWithErrors(
      [
        "calls", "request", "--place", "春江小区", "--name", "陈大爷", "--via", "fax", "--wish", "座椅", "--store",
        store,
      ])
    #expect(fax.0 != 0 && fax.1.contains("'fax'"), "\(fax.1)")

    // Posted from the request: its title and place come with it, and it cannot be posted again.
    let posted = try run(
      "calls", "post", "--list", "needs", "--need", "工人2名", "--by", "14d", "--from-request", "D\(next)")
    #expect(posted.count == 1 && posted[0].hasPrefix("发榜 J36 需求清单 楼道增设扶手 限 "), "\(posted)")
    #expect(posted.first?.hasSuffix("（来自点单 D\(next)）") == true, "\(posted)")
    #expect(
      try refused(
        "calls", "post", "--list", "needs", "--need", "工人", "--by", "7d", "--from-request", "\(next)")
        == "Error: 点单 D\(next) 已派单为榜单 J36，不能再派单或不予采纳")
    #expect(
      try refused("calls", "decline", "D\(next)", "--reason", "重复", "--lang", "en")
        == "Error: request D\(next) was already posted as item J36; it cannot be posted or declined again")
    #expect(
      try refused("calls", "post", "--list", "needs", "--need", "工人", "--by", "7d", "--from-request", "D999")
        == "Error: --from-request: there is no request D999")
    #expect(
      try refused("calls", "post", "--list", "needs", "--need", "工人", "--by", "7d")
        == "Error: give --title and --place, or --from-request to take them from a resident's request")

    // Declined with the reason the resident is told, once.
    #expect(
      try run("calls", "decline", "D\(next + 1)", "--reason", "已列入口袋公园改造")
        == ["点单未采纳 D\(next + 1) 小区增设座椅：已列入口袋公园改造"])
    #expect(
      try refused("calls", "decline", "D\(next + 1)", "--reason", "再答复")
        == "Error: 点单 D\(next + 1) 已答复未采纳（已列入口袋公园改造），不能再派单或不予采纳")
    #expect(try refused("calls", "decline", "D\(next)", "--reason", "").hasPrefix("Error: 点单 D\(next) 已派单"))
    #expect(
      try refused("calls", "decline", "X1", "--reason", "无")
        == "Error: REQUEST: 'X1' is not a request number (D3, or 3)")

    let item = try #require(
      try objects(try run("calls", "list", "--json")).first { $0["item"] as? String == "J36" })
    #expect(item["request"] as? String == "D\(next)" && item["place"] as? String == "春江小区2幢1单元")
    let declined = try objects(try run("calls", "requests", "--state", "declined", "--json"))
    let mine = try #require(declined.first { $0["request"] as? String == "D\(next + 1)" })
    #expect(mine["reason"] as? String == "已列入口袋公园改造" && mine["name"] as? String == "陈大爷")
    #expect(mine["channel"] as? String == "hotline" && mine["decidedBy"] as? String == "王芳")
    let postedRequests = try objects(try run("calls", "requests", "--state", "posted", "--json"))
    #expect(
      postedRequests.first?["request"] as? String == "D\(next)"
        && postedRequests.first?["item"] as? String == "J36")
    let waiting = try run("calls", "requests", "--state", "pending")
    #expect(waiting.allSatisfy { $0.split(separator: "\t")[1] == "待审" } && !waiting.isEmpty)
  }

  @Test func withdrawAndGiveBack() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try run("units", "add", "--name", "街道城管中队", "--kind", "office")
    try run("units", "add", "--name", "春江物业", "--kind", "property")
    try run(
      "calls", "post", "--list", "needs", "--title", "车棚电线改造", "--place", "春江小区", "--need", "电工1名",
      "--by", "14d")
    try run("calls", "claim", "J36", "--unit", "街道城管中队")
    #expect(
      try refused("calls", "release", "J36", "--unit", "春江物业", "--reason", "人手不足")
        == "Error: 榜单 J36 由「街道城管中队」揭榜，「春江物业」不能退榜")
    #expect(
      try run("calls", "release", "J36", "--unit", "U13", "--reason", "人手不足")
        == ["退榜 J36 车棚电线改造 → 街道城管中队：人手不足"])
    #expect(
      try run("calls", "withdraw", "J36", "--reason", "居民已自行解决", "--lang", "en")
        == ["withdrawn (撤榜) J36 车棚电线改造: 居民已自行解决"])
    #expect(
      try refused("calls", "withdraw", "J36", "--reason", "再撤一次", "--lang", "en")
        == "Error: item J36 is 已撤榜; only a 待揭榜/已揭榜 item can be withdrawn (撤榜)")
    let listed = try objects(run("calls", "list", "--state", "withdrawn", "--json"))
    #expect(listed.count == 1)
  }
}
