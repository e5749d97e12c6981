import Foundation
import Testing
import WeigeTestSupport

/// The war room in a real terminal: `weige drill` from another process while the dashboard, with no
/// key pressed, goes to war, counts households, shows the after-action report, and returns to 平时.
@Suite("war room in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct WarTmuxTests {
  let store = temporaryPath("weige-war-e2e", suffix: ".db")

  init() throws {
    try weige("demo", "--preset", "jiangsan", "--days", "3", "--store", store)
  }

  /// The households reached the war view shows (`已告知 1,573 / 2,688`).
  func reached(_ screen: String) -> Int? {
    guard let range = screen.range(of: #"已告知 [0-9,]+ / 2,688"#, options: .regularExpression) else {
      return nil
    }
    return Int(screen[range].dropFirst(4).prefix { $0 != " " }.filter(\.isNumber))
  }

  @Test func theDashboardGoesToWarWithTheDrillAndBack() throws {
    defer { try? FileManager.default.removeItem(atPath: store) }
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("平时 ─")
    // 45 drill minutes in 4.5 s, from a second process.
    let drill = try Child(
      ["drill", "--record", "1-26", "--speed", "600", "--store", store], keepsOutput: false)
    try tmux.waitFor("演练 ─", seconds: 10)
    try tmux.waitFor("演练 M1 演练：1·26 全员告知（w 查看）")
    tmux.keys("w")
    try tmux.waitFor("进度")
    // The count rises without a key pressed.
    var seen: [Int] = []
    for _ in 0..<40 where seen.count < 2 {
      if let count = reached(tmux.capture()), count < 2_688, count != seen.last { seen.append(count) }
      usleep(100_000)
    }
    #expect(seen.count == 2 && seen[0] < seen[1], "counts seen: \(seen)")
    #expect(drill.wait() == 0)
    // Closed: the war view turns into its after-action report, in drill time; the place is at peace.
    try tmux.waitFor("复盘 M1 演练：1·26 全员告知")
    try tmux.waitFor("平时 ─")
    let report = tmux.capture()
    #expect(report.contains("已于 +4"), "\(report)")
    #expect(report.contains("最慢的楼道"))
    tmux.keys("Escape")
    try tmux.waitFor("全域图 · 开放工单")
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }
}
