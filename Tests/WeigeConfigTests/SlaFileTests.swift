import Foundation
import Testing
import WeigeConfig
import WeigeCore
import WeigeTestSupport

@Suite("The SLA policy file: the shipped one and a user's")
struct SlaFileTests {
  /// A minimal whole policy, to which each case adds or changes a line.
  static let minimal = """
    [levels]
    "网格长" = "grid leader"
    "街道" = "street office"

    [defaults]
    warning = 80
    sign = "2 working hours"
    remind = "1 working hour"
    resolve = "3 working days"
    acknowledge = "30 minutes"
    ladder = ["网格长 + 0 minutes", "街道 + 2 working days"]

    """

  func parse(_ text: String) throws(ConfigFileError) -> SlaPolicy {
    try SlaFile.parse(text, file: "sla.toml")
  }

  @Test(
    "sla-policy.toml read by the user file's parser equals ShippedSlaPolicy.swift (run scripts/gen_sla.py after an edit)"
  )
  func shippedFileMatchesGeneratedSwift() throws {
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Sources/WeigeCore/Time/sla-policy.toml").path
    let (policy, file) = try SlaFile.policy(path: source)
    #expect(file == source)
    #expect(policy == SlaPolicy.shipped)
  }

  @Test("the tables apply most specific last: defaults, class, urgency, the class's urgency")
  func precedence() throws {
    let policy = try parse(
      Self.minimal + """
        [class.development]
        resolve = "10 working days"

        [class.development.critical]
        resolve = "24 hours"

        [urgency.critical]
        sign = "15 minutes"
        resolve = "8 hours"
        """)
    #expect(policy.terms(.nuisance, .normal).resolve == .workingDays(3))
    #expect(policy.terms(.development, .normal).resolve == .workingDays(10))
    #expect(policy.terms(.nuisance, .critical).resolve == .wallClockMinutes(480))
    #expect(policy.terms(.development, .critical).resolve == .wallClockMinutes(1440))
    #expect(policy.terms(.development, .critical).sign == .wallClockMinutes(15))
    #expect(policy.terms(.urgentAid, .urgent).warningPercent == 80)
    #expect(policy.terms(.urgentAid, .urgent).ladder.map(\.englishName) == ["grid leader", "street office"])
    #expect(policy.name == "sla.toml")
  }

  @Test("no file: the shipped policy; the user's file when there is one, replacing it whole")
  func userFile() throws {
    let folder = temporaryPath("weige-sla")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let environment = ["XDG_CONFIG_HOME": folder]
    #expect(try SlaFile.policy(environment: environment).file == nil)
    try FileManager.default.createDirectory(atPath: folder + "/weige", withIntermediateDirectories: true)
    try Self.minimal.write(toFile: folder + "/weige/sla.toml", atomically: true, encoding: .utf8)
    let (policy, file) = try SlaFile.policy(environment: environment)
    #expect(file == folder + "/weige/sla.toml")
    #expect(policy.terms(.development, .critical).resolve == .workingDays(3))
  }

  @Test(
    "a bad file is refused naming the file, the key and the value",
    arguments: [
      ("[defaults]\nsign = \"2 working hours\"\n", "sla.toml: defaults.warning: missing"),
      (
        minimal + "[class.development]\nresolve = \"10 workdays\"\n",
        "sla.toml: class.development.resolve: '10 workdays' is not a limit"
      ),
      (
        minimal + "[urgency.critical]\nsign = \"0 minutes\"\n",
        "sla.toml: urgency.critical.sign: '0 minutes': a limit must be above zero"
      ),
      (
        minimal.replacingOccurrences(of: "warning = 80", with: "warning = 120"),
        "sla.toml: defaults.warning: 120 is not a share"
      ),
      (
        minimal + "[urgency.soon]\nsign = \"1 hour\"\n",
        "sla.toml: urgency.soon: 'soon' is not one of normal, urgent, critical"
      ),
      (
        minimal + "[class.development]\nresolv = \"1 hour\"\n",
        "sla.toml: class.development.resolv: unknown key"
      ),
      (
        minimal.replacingOccurrences(of: "\"街道 + 2 working days\"", with: "\"居委会 + 2 working days\""),
        "sla.toml: defaults.ladder[1]: '居委会' is not in [levels]"
      ),
      (
        minimal.replacingOccurrences(of: "\"街道 + 2 working days\"", with: "\"街道 2 working days\""),
        "sla.toml: defaults.ladder[1]: '街道 2 working days' is not a level: write \"NAME + DELAY\""
      ),
      (
        minimal.replacingOccurrences(of: "\"街道 + 2 working days\"", with: "\"网格长 + 1 hour\""),
        "sla.toml: defaults.ladder[1]: '网格长' is on the ladder twice"
      ),
      (minimal + "[defaults.x]\n", "sla.toml: defaults.x: unknown key"),
      (minimal + "ladder = [{ a = 1 }]\n", "sla.toml: line 12, column 11: inline tables are not used"),
    ])
  func refusals(text: String, message: String) {
    #expect(throws: ConfigFileError.self) { try parse(text) }
    do {
      _ = try parse(text)
    } catch {
      #expect(error.description.hasPrefix(message), "\(error.description)")
    }
  }

  @Test("a named file that does not exist is an error naming it")
  func missingFile() {
    #expect(throws: ConfigFileError(file: "/nowhere/sla.toml", key: "(file)", reason: "no such file")) {
      try SlaFile.policy(path: "/nowhere/sla.toml")
    }
  }
}
