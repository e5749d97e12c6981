import Foundation
import Testing
import WeigeTestSupport

/// The 揭榜 board in a real terminal: `J` opens it over the 江三社区 demo, an item claimed by
/// another process shows on it live, and `J` closes it again.
@Suite("揭榜 board in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct OpenCallTmuxTests {
  let store = temporaryPath("weige-e2e-calls", suffix: ".db")

  init() throws {
    try weige("demo", "--preset", "jiangsan", "--days", "7", "--store", store)
  }

  @Test func boardOpensWithJAndFollowsTheLog() throws {
    defer { try? FileManager.default.removeItem(atPath: store) }
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("全域图")
    tmux.keys("J")
    try tmux.waitFor("揭榜赛比")
    try tmux.waitFor("赛比 · 共建单位排名")
    try weige(
      "calls", "post", "--store", store, "--operator", "王芳", "--list", "services", "--title", "夜间应急修锁",
      "--place", "江三社区", "--need", "锁匠1名", "--by", "3d")
    try tmux.waitFor("夜间应急修锁")
    try tmux.waitFor("榜单 36")
    tmux.keys("J")
    try tmux.waitForAbsence("赛比 · 共建单位排名")
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }

  /// A unit claims an item through the palette (揭榜): the row says so once the store has the
  /// event, Enter opens the item with the claim on its timeline, and the CLI reads the same claim.
  @Test func claimFromThePalette() throws {
    defer { try? FileManager.default.removeItem(atPath: store) }
    try weige(
      "calls", "post", "--store", store, "--operator", "王芳", "--list", "services", "--title", "夜间应急修锁",
      "--place", "江三社区", "--need", "锁匠1名", "--by", "3d")
    try weige("units", "add", "--store", store, "--operator", "王芳", "--name", "夜巡锁匠铺", "--kind", "company")
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("全域图")
    tmux.keys("J")
    try tmux.waitFor("赛比 · 共建单位排名")
    tmux.keys(":")
    tmux.keys("-l", "call claim J36")
    try tmux.waitFor("› 榜单 J36 夜间应急修锁 江三社区 待揭榜")
    tmux.keys("Enter")
    tmux.keys("-l", "夜巡")
    try tmux.waitFor("› 单位 夜巡锁匠铺 企业 U")
    tmux.keys("Enter")
    try tmux.waitFor("揭榜 J36 夜间应急修锁 ← 夜巡锁匠铺")
    try waitForRow(tmux, containing: ["J36", "已揭榜", "夜巡锁匠铺", "夜间应急修锁"])
    let listed = try weige("calls", "list", "--store", store, "--state", "claimed", "--json")
    #expect(listed.contains("夜间应急修锁") && listed.contains("夜巡锁匠铺"))

    // Claimed already: Core refuses a second claim in Chinese, and nothing changes.
    tmux.keys(":")
    tmux.keys("-l", "call claim J36")
    try tmux.waitFor("› 榜单 J36 夜间应急修锁")
    tmux.keys("Enter")
    try tmux.waitFor("榜单 J36 当前为「已揭榜」（夜巡锁匠铺）；只有「待揭榜」的榜单才能揭榜")
    tmux.keys("Escape", "q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }

  /// Waits for one screen row that holds every one of `parts`.
  private func waitForRow(_ tmux: Tmux, containing parts: [String], seconds: Int = 20) throws {
    for _ in 0..<(seconds * 10) {
      let rows = tmux.capture().split(separator: "\n")
      if rows.contains(where: { row in parts.allSatisfy { row.contains($0) } }) { return }
      usleep(100_000)
    }
    Issue.record("no row with \(parts) on:\n\(tmux.capture())")
    throw CancellationError()
  }
}
