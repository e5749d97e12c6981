import Foundation
import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// Whole screens, compared row by row with the goldens under `Goldens/` (ratatui's TestBackend,
/// charmbracelet's teatest): a reviewer reads the expected screen as the operator sees it.
///
/// Each golden is the screen as `TestBackend` prints it, one quoted row a line, so the blanks at
/// the end of a row show. After a change to what the screen should look like, rewrite them all
/// with `WEIGE_REGENERATE_GOLDENS=1 swift test --filter Golden` and read the diff.
@Suite("Golden screens")
struct GoldenScreenTests {
  /// 江三社区 with a week of history at the pinned moment, its last 50 events in the feed as the
  /// runner opens it: the same on every run and every machine.
  static let jiangsan = try! recordedDemo(.jiangsan, days: 7)

  @Test(
    "the dashboard on 江三社区, whole",
    arguments: [
      (Language.zh, 80, 24), (.zh, 160, 48), (.en, 80, 24), (.en, 160, 48),
    ])
  func dashboard(language: Language, width: Int, height: Int) throws {
    let (ledger, events) = Self.jiangsan
    let app = Dashboard(
      ledger: ledger, now: pinnedNow, theme: .fallback, language: language, operatorName: "王芳",
      screenSize: Size(width: width, height: height), recent: Array(events.suffix(50)))
    let backend = TestBackend(width: width, height: height)
    Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
    try expectGolden(backend, named: "dashboard-jiangsan-\(language.rawValue)-\(width)x\(height)")
  }

  /// 江三社区 at war at 21:10, 25 minutes into the 1·26 order (`JiangsanAtWar`).
  static let war = try! JiangsanAtWar()

  @Test(
    "the war view on 江三社区 at war, whole",
    arguments: [
      (Language.zh, 80, 24), (.zh, 160, 48), (.en, 80, 24), (.en, 160, 48),
    ])
  func warView(language: Language, width: Int, height: Int) throws {
    var app = warApp(Self.war, width: width, height: height, language: language)
    press(&app, .character("w"))
    let backend = TestBackend(width: width, height: height)
    Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
    try expectGolden(backend, named: "war-jiangsan-\(language.rawValue)-\(width)x\(height)")
  }
}

extension GoldenScreenTests {
  @Test(
    "the duty desk's queue and a handover brief on 江三社区, whole",
    arguments: [
      (Language.zh, 80, 24), (.zh, 160, 48), (.en, 80, 24), (.en, 160, 48),
    ])
  func dutyDesk(language: Language, width: Int, height: Int) throws {
    var fixture = try DutyFixture(width: width, height: height, language: language)
    let suffix = "jiangsan-\(language.rawValue)-\(width)x\(height)"
    press(&fixture.app, .character("z"))
    try expectGolden(drawn(fixture.app), named: "duty-" + suffix)
    press(&fixture.app, .character("H"))
    try expectGolden(drawn(fixture.app), named: "handover-" + suffix)
  }
}

extension GoldenScreenTests {
  /// The fixed screens below the map, each reached by the keys an operator presses: a stairwell
  /// (its team, tickets, households), a ticket, the person it is assigned to, a household, the
  /// help overlay, and the palette as it opens.
  static let screens: [(name: String, keys: [Key])] = [
    ("stairwell", [.enter]), ("ticket", [.tab, .enter]), ("person", [.tab, .enter, .enter]),
    ("household", [.enter, .tab, .tab, .enter]), ("help", [.character("?")]), ("palette", [.character(":")]),
  ]

  @Test(
    "the detail screens, the help and the palette on 江三社区, whole",
    arguments: [
      (Language.zh, 80, 24), (.zh, 160, 48), (.en, 80, 24), (.en, 160, 48),
    ])
  func detailScreens(language: Language, width: Int, height: Int) throws {
    let (ledger, events) = Self.jiangsan
    for screen in Self.screens {
      var app = Dashboard(
        ledger: ledger, now: pinnedNow, theme: .fallback, language: language, operatorName: "王芳",
        screenSize: Size(width: width, height: height), recent: Array(events.suffix(50)))
      if screen.name == "palette" {
        for case .buildPalette(let build) in app.preparePalette() { _ = app.update(.message(build.run())) }
      }
      for key in screen.keys { answerReads(press(&app, key), from: events, to: &app) }
      try expectGolden(drawn(app), named: "\(screen.name)-jiangsan-\(language.rawValue)-\(width)x\(height)")
    }
  }
}

/// Answers the screen's reads of the log (`readReveals`) from `log`, as the runner answers them
/// from the store.
func answerReads(_ effects: [DashboardEffect], from log: [RecordedEvent], to app: inout Dashboard) {
  for case .readReveals(let household, let streams) in effects {
    _ = app.update(.message(.revealsRead(household, log.filter { streams.contains($0.stream) })))
  }
}

/// The screen `app` draws, on a test backend of its size.
func drawn(_ app: Dashboard) -> TestBackend {
  let backend = TestBackend(width: app.screenSize.width, height: app.screenSize.height)
  Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
  return backend
}

/// The folder the goldens live in, beside this file.
private let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
  "Goldens")

/// Compares the screen on `backend` with the golden `name`, every row; with
/// `WEIGE_REGENERATE_GOLDENS` set, writes it as the golden instead.
func expectGolden(_ backend: TestBackend, named name: String) throws {
  let file = goldens.appendingPathComponent(name + ".txt")
  let screen = backend.lines
  if ProcessInfo.processInfo.environment["WEIGE_REGENERATE_GOLDENS"] != nil {
    try FileManager.default.createDirectory(at: goldens, withIntermediateDirectories: true)
    try (backend.description + "\n").write(to: file, atomically: true, encoding: .utf8)
    return
  }
  guard let text = try? String(contentsOf: file, encoding: .utf8) else {
    Issue.record(
      "no golden \(name).txt: WEIGE_REGENERATE_GOLDENS=1 swift test --filter Golden writes it")
    return
  }
  // Each line is a row between a quote and a quote-comma, as `TestBackend` prints it.
  let expected = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map {
    String($0.dropFirst().dropLast(2))
  }
  let differing = (0..<max(screen.count, expected.count)).filter {
    screen.indices.contains($0) != expected.indices.contains($0) || screen[$0] != expected[$0]
  }
  #expect(
    differing.isEmpty,
    """
    \(name): rows differing from the golden: \(differing.count)
    \(differing.prefix(8).map { row in
      "row \(row)\n  golden: \(expected.indices.contains(row) ? expected[row] : "—")\n  screen: \(screen.indices.contains(row) ? screen[row] : "—")"
    }.joined(separator: "\n"))
    """)
}
