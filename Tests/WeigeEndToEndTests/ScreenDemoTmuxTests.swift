import Foundation
import Testing
import WeigeTestSupport

/// Runs the real `weige screen-demo` inside tmux — a real terminal — and reads the screen back
/// with capture-pane, as a person at the terminal would see it.
@Suite("screen-demo in tmux", .serialized, .enabled(if: Tmux.available && Tmux.weige != nil))
struct ScreenDemoTmuxTests {
  @Test func drawsTakesKeysSurvivesResizesAndRestoresOnQuit() throws {
    let tmux = try Tmux(width: 120, height: 40)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) screen-demo")
    try tmux.waitFor("微格 · 屏幕演示")
    #expect(tmux.format("#{alternate_on}") == "1")
    let screen = tmux.capture()
    #expect(screen.contains("楼道长 · 江三社区"))
    #expect(screen.contains("欧阳娜娜"))
    #expect(screen.contains("江三社区 ■"))
    #expect(screen.contains("?  帮助"))
    // CJK alignment: the right border of the top block sits in the last column.
    #expect(screen.split(separator: "\n").first.map { $0.hasSuffix("┐") } == true)

    tmux.keys("-l", "楼")
    try tmux.waitFor("按键 「楼」")
    tmux.keys("Down", "Down")
    try tmux.waitFor("3/40")
    tmux.keys("C-p")
    try tmux.waitFor("按键 Ctrl-P")

    tmux.resize(width: 70, height: 20)
    try tmux.waitFor("终端太小")
    for (width, height) in [(90, 30), (81, 25), (200, 50), (100, 28), (130, 44)] {
      tmux.resize(width: width, height: height)
    }
    try tmux.waitFor("楼道长 · 江三社区")
    let resized = tmux.capture().split(separator: "\n", omittingEmptySubsequences: false)
    #expect(resized.first.map { $0.hasPrefix("┌ 微格") && $0.hasSuffix("┐") } == true)

    tmux.keys("q")
    try tmux.waitFor("EXIT=0")
    try tmux.expectRestored()
  }

  @Test func sigtermRestoresTheTerminalAndKeepsTheExitStatus() throws {
    let tmux = try Tmux(width: 100, height: 30)
    defer { tmux.kill() }
    tmux.run("\(Tmux.weige!) screen-demo")
    try tmux.waitFor("微格 · 屏幕演示")
    let child = try #require(tmux.childProcess())
    kill(child, SIGTERM)
    try tmux.waitFor("EXIT=143")  // 128 + SIGTERM
    try tmux.expectRestored()
  }

  /// Swift's backtracer is left enabled: the trap must not wait in it for a key.
  @Test func aSwiftTrapRestoresTheTerminalAndEndsAtOnce() throws {
    let state = temporaryPath("weige-trap")
    defer { try? FileManager.default.removeItem(atPath: state) }
    let tmux = try Tmux(width: 100, height: 30)
    defer { tmux.kill() }
    tmux.run("ulimit -c 0; XDG_STATE_HOME=\(state) \(Tmux.weige!) screen-demo --trap-on-bang")
    try tmux.waitFor("微格 · 屏幕演示")
    tmux.keys("!")
    try tmux.waitFor("EXIT=132", seconds: 3)  // 128 + SIGILL, the trap instruction on x86-64
    #expect(tmux.capture().contains("weige: crashed on SIGILL; crash log in \(state)/weige/"))
    try tmux.expectRestored()
  }
}

/// One private tmux server with one shell, driven from a test.
struct Tmux {
  static let available = FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux")

  /// The `weige` built beside this test binary.
  static let weige: String? = FileManager.default.isExecutableFile(atPath: weigeBinary) ? weigeBinary : nil

  let socket = "weige-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

  init(width: Int, height: Int) throws {
    // The server this starts keeps its parent's descriptors, so its output must not be a pipe
    // read to the end.
    tmux(
      detached: true, "new-session", "-d", "-s", "e2e", "-x", "\(width)", "-y", "\(height)",
      "env PS1='$ ' bash --norc --noprofile")
    try waitFor("$")
  }

  /// Runs a command line in the shell and prints its exit status after it.
  func run(_ command: String) {
    keys("-l", "clear; \(command); echo EXIT=$?")
    keys("Enter")
  }

  func keys(_ keys: String...) { tmux(["send-keys", "-t", "e2e"] + keys) }

  func resize(width: Int, height: Int) {
    tmux("resize-window", "-t", "e2e", "-x", "\(width)", "-y", "\(height)")
  }

  func capture() -> String { tmux("capture-pane", "-p", "-t", "e2e") }

  func format(_ text: String) -> String {
    tmux("display-message", "-p", "-t", "e2e", text).trimmingCharacters(in: .whitespacesAndNewlines)
  }

  func childProcess() -> pid_t? {
    let shell = format("#{pane_pid}")
    let children =
      (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
    return children.split(separator: " ").first.flatMap { pid_t($0) }
  }

  /// Waits (up to `seconds`, polling) until the screen shows `text`; fails with the screen if not.
  func waitFor(_ text: String, seconds: Int = 20, sourceLocation: SourceLocation = #_sourceLocation) throws {
    for _ in 0..<(seconds * 10) {
      if capture().contains(text) { return }
      usleep(100_000)
    }
    Issue.record("never saw \(text) on the screen:\n\(capture())", sourceLocation: sourceLocation)
    throw CancellationError()
  }

  /// The shell is usable again: out of the alternate screen, cursor shown, echo and line mode on.
  func expectRestored(sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(format("#{alternate_on}") == "0", sourceLocation: sourceLocation)
    #expect(format("#{cursor_flag}") == "1", sourceLocation: sourceLocation)
    keys("-l", "stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?(echo|icanon)' | tr '\\n' ' '; echo MO''DES")
    keys("Enter")
    try waitFor("MODES", sourceLocation: sourceLocation)
    let screen = capture()
    #expect(
      screen.contains("icanon echo MODES"), "terminal modes not restored:\n\(screen)",
      sourceLocation: sourceLocation)
  }

  func kill() { tmux("kill-server") }

  @discardableResult
  func tmux(detached: Bool = false, _ arguments: String...) -> String { tmux(arguments, detached: detached) }

  /// Runs tmux to its end in a UTF-8 xterm of its own; with `detached`, its output is thrown away.
  @discardableResult
  func tmux(_ arguments: [String], detached: Bool = false) -> String {
    var environment = ProcessInfo.processInfo.environment
    environment["LC_ALL"] = "C.UTF-8"
    environment["TERM"] = "xterm-256color"
    for name in ["TMUX", "LINES", "COLUMNS"] { environment.removeValue(forKey: name) }
    guard
      let child = try? Child(
        ["-u", "-L", socket] + arguments, executable: "/usr/bin/tmux", environment: environment,
        keepsOutput: !detached)
    else { return "" }
    child.wait()
    defer { child.removeOutput() }
    return child.output
  }
}
