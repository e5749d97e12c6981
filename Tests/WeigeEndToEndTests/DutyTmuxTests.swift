import Foundation
import Testing
import WeigeTestSupport

/// The duty desk in a real terminal: a critical ticket filed by another process rings the bell
/// (tmux records it in `#{window_bell_flag}`), the header flashes and the bell repeats until the
/// duty operator acknowledges it with Space.
@Suite("duty desk in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct DutyTmuxTests {
  let store = temporaryPath("weige-e2e-duty", suffix: ".db")

  init() throws {
    try weige("demo", "--preset", "jiangsan", "--days", "7", "--store", store)
  }

  /// Clears tmux's bell flag on the dashboard's window, as visiting it does: to another window
  /// and back.
  private func clearBellFlag(_ tmux: Tmux) {
    tmux.tmux("select-window", "-t", "e2e:1")
    tmux.tmux("select-window", "-t", "e2e:0")
  }

  @Test func criticalTicketRingsUntilAcknowledged() throws {
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.tmux("new-window", "-d", "-t", "e2e")
    tmux.run("\(Tmux.weige!) --store \(store) --operator 陈静 --duty --bell-repeat 2")
    try tmux.waitFor("值班台 · 江三社区")
    try tmux.waitFor("值班 ")
    // The demo's overdue tickets are escalated on the desk's first check, and that rings:
    // acknowledge it.
    sleep(3)
    if tmux.capture().contains("项未确认") {
      tmux.keys("Space")
      try tmux.waitForAbsence("项未确认")
    }
    clearBellFlag(tmux)
    sleep(3)
    #expect(tmux.format("#{window_bell_flag}") == "0", "an acknowledged bell rang again")

    try weige(
      "ticket", "new", "--store", store, "--operator", "刘洋", "--place", "长江小区/3幢/2单元", "--title", "楼道起火冒烟",
      "--urgency", "critical", "--class", "urgent-aid")
    try tmux.waitFor("铃 1 项未确认（空格确认）")
    #expect(tmux.format("#{window_bell_flag}") == "1")
    #expect(tmux.capture().contains("楼道起火冒烟"))
    // Unacknowledged, it rings again after the repeat.
    clearBellFlag(tmux)
    #expect(tmux.format("#{window_bell_flag}") == "0")
    try tmux.waitForFormat("#{window_bell_flag}", "1", seconds: 5)
    // Acknowledged: the header is quiet and the bell stays silent past the repeat.
    tmux.keys("Space")
    try tmux.waitForAbsence("项未确认")
    clearBellFlag(tmux)
    sleep(4)
    #expect(tmux.format("#{window_bell_flag}") == "0")

    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }
}

extension Tmux {
  /// Waits (up to `seconds`) until the screen no longer shows `text`.
  func waitForAbsence(_ text: String, seconds: Int = 10, sourceLocation: SourceLocation = #_sourceLocation)
    throws
  {
    for _ in 0..<(seconds * 10) {
      if !capture().contains(text) { return }
      usleep(100_000)
    }
    Issue.record("still saw \(text) on the screen:\n\(capture())", sourceLocation: sourceLocation)
    throw CancellationError()
  }

  /// Waits (up to `seconds`) until tmux's `format` reads `value`.
  func waitForFormat(
    _ format: String, _ value: String, seconds: Int, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    for _ in 0..<(seconds * 10) {
      if self.format(format) == value { return }
      usleep(100_000)
    }
    Issue.record("\(format) never read \(value)", sourceLocation: sourceLocation)
    throw CancellationError()
  }
}
