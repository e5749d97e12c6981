import Foundation
import Testing
import WeigeUI

@Suite("Themes")
struct ThemeTests {
  let catalog = ThemeCatalog(shippedDirectory: shippedThemes, userDirectory: nil)

  @Test(arguments: ["dangjian", "dark", "light", "high-contrast", "mono"])
  func everyShippedThemeLoads(name: String) throws {
    let theme = try catalog.load(name)
    #expect(theme.name == name)
    #expect(theme.colors.count == StyleRole.allCases.count)
  }

  /// A plain xterm has 8 colours: the greys (muted text, legends, counts) fell to black on the
  /// black background. Every colour meant to be seen must stay apart from what it is drawn on.
  @Test(arguments: ["dangjian", "dark", "light", "high-contrast"], [ColorDepth.ansi8, .ansi16])
  func everyTextColourStaysVisibleWithFewColours(name: String, depth: ColorDepth) throws {
    let original = try catalog.load(name)
    let theme = original.downgraded(to: depth)
    for role in StyleRole.allCases where ![.background, .selection, .drillWatermark].contains(role) {
      guard original[role] != original[.background] else { continue }
      #expect(theme[role] != theme[.background], "\(name) \(role) at \(depth): \(theme[role])")
    }
    for (step, color) in theme.lensSteps.enumerated() {
      #expect(color != theme[.background], "\(name) lens step \(step) at \(depth)")
    }
    #expect(theme[.selectionText] != theme[.selection])
  }

  @Test func greyIsWhiteWithEightColours() {
    #expect(Color.ansi(8).downgraded(to: .ansi8) == .white)
    #expect(Color.rgb(0x9a, 0x86, 0x7a).downgraded(to: .ansi8) == .white)
    #expect(Color.ansi(8).downgraded(to: .ansi16) == .ansi(8))
    #expect(Theme.fallback.downgraded(to: .ansi8)[.muted] == .white)
  }

  @Test func builtInFallbackIsTheShippedDefault() throws {
    #expect(try catalog.load("dangjian") == Theme.fallback)
  }

  @Test func colourValuesInEveryForm() throws {
    let text = sampleTheme(replacing: "accent", with: "\"bright-red\"").replacingOccurrences(
      of: "border = \"default\"", with: "border = 240")
    let theme = try Theme.parse(text, file: "mine.toml")
    #expect(theme[.accent] == .ansi(9))
    #expect(theme[.border] == .indexed(240))
    #expect(theme[.title] == .rgb(0xff, 0xd7, 0x00))
    #expect(theme[.text] == .default)
  }

  @Test func aBadColourNamesTheFileAndKey() {
    #expect(
      throws: ThemeError(
        file: "mine.toml", key: "colors.accent", reason: "\"bleu\" is not a colour (\(hint))")
    ) {
      try Theme.parse(sampleTheme(replacing: "accent", with: "\"bleu\""), file: "mine.toml")
    }
  }

  @Test func aMissingRoleAndAnUnknownRoleAreErrors() {
    let missing = sampleTheme(replacing: "war", with: nil)
    #expect { try Theme.parse(missing, file: "a.toml") } throws: { ($0 as? ThemeError)?.key == "colors.war" }
    let typo = sampleTheme(replacing: "war", with: "\"red\"") + "\nwarr = \"red\"\n"
    #expect { try Theme.parse(typo, file: "a.toml") } throws: { ($0 as? ThemeError)?.key == "colors.warr" }
  }

  @Test func aSyntaxErrorGivesTheLine() {
    #expect { try Theme.parse("name = \"x\"\n[colors\n", file: "b.toml") } throws: {
      ($0 as? ThemeError)?.key.hasPrefix("line 2") == true
    }
  }

  /// Each of these aborted the test process inside toml++ (`[[[`, `[=`) or must fail as cleanly.
  @Test(arguments: [
    ("[[[", 1), ("[=", 1), ("[[[1]]]", 1), ("[a", 1), ("a = ", 1), ("name = \"dangjian\n", 1),
    ("name = \"x\"\n[colors]\nlens = [\"red\", ", 3), ("a = {b = 1}", 1), ("a = 1.5", 1),
    ("a = \"\"\"long\"\"\"", 1), ("name = \"x\"\n\u{0}\u{7}\u{1b}[2J\u{ff}", 2), ("a = 0x1f", 1),
  ])
  func malformedTextIsAnErrorWithItsLine(text: String, line: Int) {
    #expect { try Theme.parse(text, file: "broken.toml") } throws: { error in
      guard let error = error as? ThemeError else { return false }
      return error.file == "broken.toml" && error.key.hasPrefix("line \(line), column ")
    }
  }

  @Test func binaryGarbageInAUserThemeFallsBackToTheDefault() throws {
    let user = FileManager.default.temporaryDirectory.appendingPathComponent("weige-garbage-\(getpid())").path
    try FileManager.default.createDirectory(atPath: user, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: user) }
    try Data([0x5b, 0x5b, 0x5b, 0x00, 0xfe, 0x80]).write(to: URL(fileURLWithPath: user + "/noise.toml"))
    try Data("[[[".utf8).write(to: URL(fileURLWithPath: user + "/brackets.toml"))
    let catalog = ThemeCatalog(shippedDirectory: shippedThemes, userDirectory: user)
    for name in ["noise", "brackets"] {
      let (theme, problem) = catalog.loadOrFallback(name)
      #expect(theme.name == "dangjian")
      #expect(problem?.file == user + "/\(name).toml")
    }
    #expect(catalog.loadOrFallback("brackets").problem?.key == "line 1, column 2")
  }

  @Test func userThemeOverridesShippedOneAndBrokenFallsBack() throws {
    let user = FileManager.default.temporaryDirectory.appendingPathComponent("weige-themes-\(getpid())").path
    try FileManager.default.createDirectory(atPath: user, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: user) }
    let mine = sampleTheme(replacing: "accent", with: "\"cyan\"").replacingOccurrences(
      of: "\"sample\"", with: "\"dark\"")
    try mine.write(toFile: user + "/dark.toml", atomically: true, encoding: .utf8)
    try "name = 1".write(toFile: user + "/broken.toml", atomically: true, encoding: .utf8)
    let catalog = ThemeCatalog(shippedDirectory: shippedThemes, userDirectory: user)
    #expect(try catalog.load("dark")[.accent] == .cyan)
    #expect(catalog.entries.contains { $0.name == "dark" && $0.source == .shipped && $0.isOverridden })
    let (theme, problem) = catalog.loadOrFallback("broken")
    #expect(theme.name == "dangjian")
    #expect(problem?.key == "name")
    #expect(problem?.file.hasSuffix("broken.toml") == true)
  }

  let hint = "use default, an ANSI name (red, bright-red), a 256-colour index or #rrggbb"

  /// A complete theme with every role "default" except a few, one role replaced or removed.
  func sampleTheme(replacing role: String, with value: String?) -> String {
    var lines = ["name = \"sample\"", "[colors]", "lens = [\"green\", \"red\"]"]
    for each in StyleRole.allCases.map(\.rawValue) {
      if each == role {
        if let value { lines.append("\(each) = \(value)") }
      } else if each == "title" {
        lines.append("title = \"#ffd700\"")
      } else {
        lines.append("\(each) = \"default\"")
      }
    }
    return lines.joined(separator: "\n")
  }
}

@Suite("Colour downgrade")
struct ColorDowngradeTests {
  @Test func trueColourStepsDownToWhatTheTerminalHas() {
    let partyRed = Color.rgb(0xde, 0x29, 0x10)
    #expect(partyRed.downgraded(to: .trueColor) == partyRed)
    #expect(partyRed.downgraded(to: .indexed256) == .indexed(160))
    #expect(partyRed.downgraded(to: .ansi16) == .ansi(1))
    #expect(partyRed.downgraded(to: .none) == .default)
  }

  @Test func brightColoursLoseTheirBrightnessAtEight() {
    #expect(Color.ansi(9).downgraded(to: .ansi8) == .ansi(1))
    #expect(Color.indexed(15).downgraded(to: .ansi8) == .ansi(7))
  }

  @Test func greysGoToTheGreyRamp() {
    #expect(Color.rgb(0x80, 0x80, 0x80).downgraded(to: .indexed256) == .indexed(244))
  }

  @Test func depthFromReportedColours() {
    #expect(ColorDepth(reportedColors: 16_777_216) == .trueColor)
    #expect(ColorDepth(reportedColors: 256) == .indexed256)
    #expect(ColorDepth(reportedColors: 8) == .ansi8)
    #expect(ColorDepth(reportedColors: -1) == .none)
  }

  @Test func namesParse() {
    #expect(Color(name: "Bright-Red") == .ansi(9))
    #expect(Color(name: "grey") == .ansi(8))
    #expect(Color(name: "#C8102E") == .rgb(0xc8, 0x10, 0x2e))
    #expect(Color(name: "#c8102") == nil)
    #expect(Color(name: "bleu") == nil)
  }
}
