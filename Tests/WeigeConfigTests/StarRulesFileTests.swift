import Foundation
import Testing
import WeigeConfig
import WeigeCore

@Suite("The star-rules file: a street's own rules over the built-in ones")
struct StarRulesFileTests {
  @Test("what the file leaves out keeps the built-in rule; a rule of 0 stars is off")
  func partial() throws {
    let rules = try StarRulesFile.parse(
      """
      [visits]
      percent = 90

      [tickets]
      stars = 0

      [points]
      per_hour = 20
      """, file: "stars.toml")
    var expected = StarRules.standard
    expected.visitPercent = 90
    expected.ticketStars = 0
    expected.pointsPerHour = 20
    #expect(rules == expected)
    #expect(rules.maximum == 3)
    #expect(rules.points(forMinutes: 45) == 15)
    #expect(try StarRulesFile.parse("", file: "stars.toml") == .standard)
  }

  @Test("a bad file is refused naming the file, the key and the value")
  func refusals() throws {
    let cases: [(String, String)] = [
      ("[visits]\npercent = 120\n", "stars.toml: visits.percent: 120 is not a whole number from 1 to 100"),
      ("[tickets]\nrating = \"4\"\n", "stars.toml: tickets.rating:"),
      ("[team]\nstar = 1\n", "stars.toml: team.star: unknown key (expected stars)"),
      ("[bonus]\nstars = 1\n", "stars.toml: bonus: unknown table"),
    ]
    for (text, message) in cases {
      let error = #expect(throws: ConfigFileError.self) { try StarRulesFile.parse(text, file: "stars.toml") }
      #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "")")
    }
  }

  @Test("no user file: the built-in rules, and no file named")
  func defaults() throws {
    let (rules, file) = try StarRulesFile.rules(environment: ["XDG_CONFIG_HOME": "/nonexistent-weige-config"])
    #expect(rules == .standard && file == nil)
  }
}
