import Foundation
import Testing
import WeigeTestSupport

/// The real dashboard on a shared room's PostgreSQL server (a server of the test's own, so that
/// it can be stopped): what the header says when the server goes away and comes back, and where
/// the palette's history is kept.
@Suite("a dashboard on PostgreSQL in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct PostgresTmuxTests {
  @Test(
    "the header says since when the screen is not live while the server is stopped, and the screen is live again after it starts; the palette's history is kept in the state folder"
  )
  func serverStoppedAndStarted() throws {
    let server = try PostgresServer.start()
    let url = try server.newDatabase()
    let database = String(url.split(separator: "/").last!)
    let demo = try Child.run(
      ["demo", "--preset", "jiangsan", "--days", "2", "--store", url], environment: server.environment)
    #expect(demo.status == 0, "\(demo.output)")
    let state = temporaryPath("weige-e2e-state")
    defer { try? FileManager.default.removeItem(atPath: state) }
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run(
      "PGPASSFILE=\(server.passwordFile) XDG_STATE_HOME=\(state) \(Tmux.weige!) --store \(url) --operator 王芳")
    try tmux.waitFor("操作 王芳")
    tmux.keys(":")
    tmux.keys("-l", "cjxq 3 2")
    try tmux.waitFor("› 地点 长江小区 3幢2单元")
    tmux.keys("Enter")
    try tmux.waitFor("一长二员 · 长江小区3幢2单元")
    tmux.keys("Escape")
    #expect(!tmux.capture().contains("未实时"))

    try server.stop()
    try tmux.waitFor("未实时 自 ", seconds: 15)
    try server.start()
    // Back by itself, and live: a ticket another process files after the restart shows up.
    let filed = try Child.run(
      [
        "ticket", "new", "--store", url, "--place", "长江小区/3幢/2单元", "--title", "重启后的工单",
        "--operator", "陈静",
      ], environment: server.environment)
    #expect(filed.status == 0, "\(filed.output)")
    try tmux.waitFor("重启后的工单", seconds: 15)
    #expect(!tmux.capture().contains("未实时"))

    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    let history = "\(state)/weige/palette/\(server.user)@\(server.host):\(server.port)%2F\(database).json"
    #expect(
      FileManager.default.fileExists(atPath: history), "the palette's history is kept for the server's room")
    let mode = try? FileManager.default.attributesOfItem(atPath: history)[.posixPermissions] as? Int
    #expect(mode == 0o600, "whom the operator looked up is the owner's alone")
  }
}
