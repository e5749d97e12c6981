import Foundation
import Testing
import WeigeTestSupport

/// The command palette in the real dashboard: typed in a terminal, read off the screen, with its
/// commands appended to the store and its history kept beside it.
@Suite("palette in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct PaletteTmuxTests {
  let store = temporaryPath("weige-e2e-palette", suffix: ".db")

  init() throws {
    try weige("demo", "--preset", "jiangsan", "--days", "7", "--store", store)
  }

  @Test func initialsGoToTheStairwell() throws {
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("操作 王芳")

    tmux.keys(":")
    try tmux.waitFor(" 命令 ")
    tmux.keys("-l", "cjxq 3 2")
    try tmux.waitFor(": cjxq 3 2▏")
    try tmux.waitFor("› 地点 长江小区 3幢2单元")
    tmux.keys("Enter")
    try tmux.waitFor("一长二员 · 长江小区3幢2单元")
    #expect(tmux.capture().contains("微格 › 滨江区 › 长河街道 › 江三社区 › 长江小区 › 第一微网格"))
    #expect(!tmux.capture().contains(" 命令 "))
    tmux.keys("Escape")
    try tmux.waitFor("长江小区3幢 ")
    try tmux.waitFor("3幢2单元 · 户")

    tmux.keys("C-p")
    try tmux.waitFor(" 命令 ")
    tmux.keys("Escape")
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
    #expect(FileManager.default.fileExists(atPath: store + ".palette.json"), "the palette's history is kept")
    let mode =
      try FileManager.default.attributesOfItem(atPath: store + ".palette.json")[.posixPermissions] as? Int
    #expect(mode == 0o600, "whom the operator looked up is the owner's alone")

    // The next run remembers: nothing typed, the stairwell chosen last time comes first.
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("操作 王芳")
    tmux.keys(":")
    try tmux.waitFor("› 地点 长江小区 3幢2单元")
    // Chinese as an input method commits it: whole characters in one write, mixed with ASCII.
    tmux.keys("-l", "江三社区")
    try tmux.waitFor("› 地点 江三社区")
    tmux.keys("C-u")
    tmux.keys("-l", "长江 3幢2")
    try tmux.waitFor("› 地点 长江小区 3幢2单元")
    tmux.keys("Escape", "q")
    try tmux.waitFor("EXIT=0")
  }

  @Test func dispatchFromThePalette() throws {
    let filed = try weige(
      "ticket", "new", "--store", store, "--place", "长江小区/3幢/2单元", "--title", "楼道堆放杂物",
      "--urgency", "urgent", "--operator", "陈静")
    let number = String(filed.split(separator: " ")[1])
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("操作 王芳")

    tmux.keys(":")
    tmux.keys("-l", number)
    try tmux.waitFor("› 工单 \(number) 楼道堆放杂物")
    tmux.keys("Enter")
    try tmux.waitFor("状态 点单")

    // d: dispatch this ticket; only the person is asked for.
    tmux.keys("d")
    try tmux.waitFor(": dispatch › \(number) › ▏")
    tmux.keys("-l", "linzhi")
    // The ticket's own stairwell team comes first, each with their role.
    try tmux.waitFor("› 人员 林志 ")
    tmux.keys("Enter")
    try tmux.waitFor("状态 派单")
    try tmux.waitFor("承办 林志")

    tmux.keys(":")
    tmux.keys("-l", "accept \(number)")
    tmux.keys("Enter")
    try tmux.waitFor("状态 接单")

    // Accepted already: Core refuses, the palette says why, and the ticket stays as it is.
    tmux.keys("a", "Enter")
    try tmux.waitFor("只有「派单」的工单才能接单")
    tmux.keys("Escape")
    #expect(tmux.capture().contains("状态 接单"))
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
  }
}
