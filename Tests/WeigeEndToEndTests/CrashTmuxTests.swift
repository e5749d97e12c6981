import Foundation
import Testing
import WeigeTestSupport

/// The dashboard on the 春江小区 demo when something outside it goes wrong: a bad --theme, or a
/// fatal signal sent to it.
@Suite("dashboard failures in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct CrashTmuxTests {
  let directory = temporaryPath("weige-crash")
  var store: String { directory + "/store.db" }
  var state: String { directory + "/state" }

  init() throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    try weige("demo", "--preset", "chunjiang", "--store", store)
  }

  @Test func anUnknownThemeIsAnErrorBeforeTheScreenOpens() throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) --store \(store) --theme dangjan")
    try tmux.waitFor("EXIT=1")
    #expect(tmux.capture().contains("Error: no theme named 'dangjan' (known: dangjian, dark"))
    #expect(tmux.format("#{alternate_on}") == "0")
  }

  /// The process is gone within seconds, the shell shows one line naming the report, and the
  /// report is owner-only in an owner-only folder.
  @Test(arguments: [(SIGSEGV, "SIGSEGV"), (SIGABRT, "SIGABRT"), (SIGQUIT, "SIGQUIT")])
  func aFatalSignalRestoresReportsAndEnds(signal: Int32, name: String) throws {
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let tmux = try Tmux(width: 160, height: 48)
    defer { tmux.kill() }
    tmux.run("ulimit -c 0; XDG_STATE_HOME=\(state) \(Tmux.weige!) --store \(store) --operator 王芳")
    try tmux.waitFor("操作 王芳")
    let child = try #require(tmux.childProcess())
    kill(child, signal)
    try tmux.waitFor("EXIT=\(128 + signal)", seconds: 2)
    let line = try #require(
      tmux.capture().split(separator: "\n").first { $0.hasPrefix("weige: crashed on \(name); crash log in ") }
    )
    let path = String(line.split(separator: " ").last!)
    #expect(path.hasPrefix(state + "/weige/crash-") && path.hasSuffix("-\(child).log"))
    let file = try FileManager.default.attributesOfItem(atPath: path)
    #expect(file[.posixPermissions] as? Int == 0o600)
    let folder = try FileManager.default.attributesOfItem(atPath: state + "/weige")
    #expect(folder[.posixPermissions] as? Int == 0o700)
    let report = try String(contentsOfFile: path, encoding: .utf8)
    #expect(report.contains("signal: \(name) (\(signal))\nsent by: process \(getpid())\n"))
    #expect(report.contains("/weige(+0x"))  // at least one frame of the binary itself
    try tmux.expectRestored()
  }
}
