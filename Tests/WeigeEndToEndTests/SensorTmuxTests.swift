import Foundation
import Testing
import WeigeTestSupport

/// A room's own alert kind in a real terminal: the room defines 电动车入梯 (critical) in its
/// sensor catalogue, another process's intake raises one, and the open dashboard shows it by its
/// name and rings the bell, as it does for Weige's own critical kinds.
@Suite("a room's alert kind in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct SensorTmuxTests {
  let folder = temporaryPath("weige-e2e-sensors")
  var store: String { folder + "/jiangsan.db" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try weige("demo", "--preset", "jiangsan", "--days", "7", "--store", store)
  }

  @Test func aRoomsCriticalKindRaisedElsewhereShowsByNameAndRings() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let catalogue = folder + "/sensors.toml"
    try (try weige("intake", "catalogue", "--store", store) + "\n" + ebikeInLiftTable)
      .write(toFile: catalogue, atomically: true, encoding: .utf8)
    try weige("intake", "catalogue", "set", catalogue, "--store", store, "--operator", "王芳")
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.tmux("new-window", "-d", "-t", "e2e")
    tmux.run("\(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("待办工单")
    // The demo's overdue tickets are escalated on the desk's first check, which rings: heard
    // (Space), and the window's flag cleared by visiting another and coming back.
    sleep(3)
    if tmux.capture().contains("项未确认") {
      tmux.keys("Space")
      try tmux.waitForAbsence("项未确认")
    }
    tmux.tmux("select-window", "-t", "e2e:1")
    tmux.tmux("select-window", "-t", "e2e:0")
    #expect(tmux.format("#{window_bell_flag}") == "0")

    let time = ISO8601DateFormatter.string(
      from: Date(), timeZone: TimeZone(secondsFromGMT: 8 * 3600)!, formatOptions: [.withInternetDateTime])
    let lines = folder + "/camera.jsonl"
    try (#"{"device":"CAM-00001","kind":"HK-DDCRT","time":""# + time + #""}"# + "\n")
      .write(toFile: lines, atomically: true, encoding: .utf8)
    let intake = try Child.runWithErrors(["intake", "--from", lines, "--store", store, "--operator", "感知接入"])
    #expect(intake.status == 0 && intake.output.contains("raised 1"), "\(intake.output)")
    try tmux.waitFor("● 1 条新的紧急事项")
    #expect(tmux.capture().contains("电动车入梯"))
    try tmux.waitForFormat("#{window_bell_flag}", "1", seconds: 5)
    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }
}
