import Foundation
import Testing
import WeigeTestSupport

/// The 揭榜 board in a real terminal: `J` opens it over the 江三社区 demo, an item claimed by
/// another process shows on it live, and `J` closes it again.
@Suite("揭榜 board in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct OpenCallTmuxTests {
  let store = FileManager.default.temporaryDirectory.appendingPathComponent(
    "weige-e2e-calls-\(UUID().uuidString).db"
  ).path

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
}
