import Foundation
import Testing
import WeigeTestSupport

/// Runs `weige` to the end and returns its standard output, expecting it to succeed.
@discardableResult
func weige(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
  let (status, output) = try Child.run(arguments)
  #expect(
    status == 0, "weige \(arguments.joined(separator: " ")) exited with status \(status)",
    sourceLocation: sourceLocation)
  return output
}

/// The dashboard on the 江三社区 demo, driven by keys in a real terminal and read off the screen.
@Suite("dashboard in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct DashboardTmuxTests {
  let store = temporaryPath("weige-e2e", suffix: ".db")

  init() throws {
    try weige("demo", "--preset", "jiangsan", "--days", "7", "--store", store)
  }

  @Test func drillFilterHelpLensAndQuit() throws {
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("微格 › 滨江区 › 长河街道 › 江三社区")
    try tmux.waitFor("长江小区 第一微网格")
    try tmux.waitFor("操作 王芳")

    tmux.keys("Enter")
    try tmux.waitFor("一长二员 · 长江小区1幢1单元")
    #expect(tmux.capture().contains("最近走访"))
    tmux.keys("Escape")
    try tmux.waitFor("全域图 · 开放工单")

    tmux.keys("/")
    tmux.keys("-l", "cjxq")
    try tmux.waitFor("/ cjxq▏")
    tmux.keys("Enter")
    try tmux.waitFor("/ cjxq → 54")
    tmux.keys("Escape")

    tmux.keys("?")
    try tmux.waitFor(" 按键 ")
    tmux.keys("Space")
    tmux.keys("c")
    try tmux.waitFor("全域图 · 超时工单")
    #expect(!tmux.capture().contains(" 按键 "))

    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }

  @Test func wallDisplayCyclesLensesWithWideTilesAndTakesNoAction() throws {
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --wall --cycle 1")
    try tmux.waitFor("全域图 · 开放工单")
    #expect(tmux.capture().contains("□   □   □   "), "94 stairwells fit with wide tiles at 160×48")
    // The next lens within a second or two, no key pressed.
    try tmux.waitFor("全域图 · 超时工单")
    // n files a ticket at a desk; a wall is read-only.
    tmux.keys("n")
    Thread.sleep(forTimeInterval: 0.5)
    #expect(!tmux.capture().contains(" 命令 "))
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }

  /// Every row but the key hints ends in a border, in the last column.
  func expectBordersInPlace(_ tmux: Tmux, sourceLocation: SourceLocation = #_sourceLocation) {
    let rows = tmux.capture().split(separator: "\n", omittingEmptySubsequences: false).prefix(47)
    for (index, row) in rows.enumerated() where !["│", "┐", "┘"].contains(row.last) {
      Issue.record("row \(index) lost its right border: \(row)", sourceLocation: sourceLocation)
    }
  }

  /// A family emoji, a flag and a combining mark in a title: borders stay put on the main
  /// screen, in the ticket's detail and after Esc; Ctrl-L repaints over what another program wrote.
  @Test func emojiTitlesKeepBordersAndCtrlLRepaints() throws {
    try weige(
      "ticket", "new", "--store", store, "--place", "长江小区/3幢/2单元", "--title", "👨‍👩‍👧‍👦 家庭 🇨🇳 国旗 cafe\u{301}",
      "--urgency", "critical", "--operator", "陈静")
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("家庭 🇨🇳")
    expectBordersInPlace(tmux)
    tmux.keys("Tab")
    tmux.keys("Enter")
    try tmux.waitFor("全程记录")
    expectBordersInPlace(tmux)
    tmux.keys("Escape")
    try tmux.waitFor("全域图 · 开放工单")
    expectBordersInPlace(tmux)

    let terminal = tmux.format("#{pane_tty}")
    let descriptor = open(terminal, O_WRONLY | O_NOCTTY)
    try #require(descriptor >= 0)
    _ = "\u{1b}[20;30HSTRAY BYTES FROM ANOTHER PROGRAM".withCString { write(descriptor, $0, strlen($0)) }
    close(descriptor)
    try tmux.waitFor("STRAY BYTES")
    tmux.keys("C-l")
    for _ in 0..<30 where tmux.capture().contains("STRAY BYTES") { usleep(100_000) }
    #expect(!tmux.capture().contains("STRAY BYTES"))
    expectBordersInPlace(tmux)
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
  }

  /// The duty desk's bell: the dashboard runs in a window the operator is not looking at, and
  /// tmux marks that window when it rings. A 急 ticket does not ring; a 特急 one does, and shows ●.
  @Test func aCriticalTicketFromElsewhereRingsTheBell() throws {
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("待办工单")
    let dashboard = tmux.format("#{window_id}")
    // The demo's overdue tickets are escalated on the desk's first check, which rings: heard
    // (Space), and the window's flag cleared by visiting it, the test starts from silence.
    sleep(3)
    tmux.keys("Space")
    tmux.tmux("new-window", "-t", "e2e")
    tmux.tmux("last-window", "-t", "e2e")
    tmux.tmux("last-window", "-t", "e2e")
    let flag = {
      tmux.tmux("display-message", "-p", "-t", dashboard, "#{window_bell_flag}").trimmingCharacters(
        in: .whitespacesAndNewlines)
    }
    #expect(flag() == "0")
    try weige(
      "ticket", "new", "--store", store, "--place", "长江小区/3幢/2单元", "--title", "楼道灯损坏",
      "--urgency", "urgent", "--operator", "陈静")
    Thread.sleep(forTimeInterval: 1.5)
    #expect(flag() == "0", "急 does not ring")
    let filed = try weige(
      "ticket", "new", "--store", store, "--place", "长江小区/3幢/2单元", "--title", "车棚冒烟",
      "--urgency", "critical", "--operator", "陈静")
    let number = filed.split(separator: " ")[1]
    for _ in 0..<50 where flag() != "1" { usleep(100_000) }
    #expect(flag() == "1")
    tmux.tmux("select-window", "-t", dashboard)
    try tmux.waitFor("●\(number) 特急")
    try tmux.waitFor("● 1 条新的紧急事项")
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
  }

  @Test func aTicketFiledElsewhereShowsWithoutAKeyPress() throws {
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("待办工单")
    let filed = try weige(
      "ticket", "new", "--store", store, "--place", "长江小区/3幢/2单元", "--title", "消防通道堆放杂物",
      "--urgency", "critical", "--operator", "陈静")
    #expect(filed.hasPrefix("点单 #"))
    let number = filed.split(separator: " ")[1]
    // The side pane is 51 columns at this width, so the longer lines end in an ellipsis. Filed
    // under the shipped SLA policy, a critical ticket is due in 12 hours (wall-clock).
    try tmux.waitFor("\(number) 特急 11h5")
    try tmux.waitFor("长江小区3幢2单元 消防通道")
    try tmux.waitFor("点单 \(number) 特急 长江小区3幢2单元")
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
  }
}
