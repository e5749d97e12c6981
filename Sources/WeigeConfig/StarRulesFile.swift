import Foundation
import TOMLKit
import WeigeCore
import WeigeUI

/// A star-rules file (a user's `stars.toml`) read into Core's `StarRules`. Every table and key
/// is optional: what the file leaves out keeps Core's default (`StarRules.standard`), and a
/// rule set to 0 stars is off.
///
///     [team]          stars = 1                  一长二员 all filled
///     [visits]        stars = 1, percent = 95    households visited this month
///     [tickets]       stars = 1, percent = 80, rating = 4
///                                                the month's tickets resolved and rated, mean ≥ rating
///     [convention]    stars = 1                  楼道公约 adopted by the month's end
///     [points]        per_hour = 10              points a volunteer earns an hour
public enum StarRulesFile {
  /// The rules in force: the file `path` names (it must exist), else the user's
  /// `$XDG_CONFIG_HOME/weige/stars.toml` when there is one, else Core's defaults. Returns the
  /// file that was read, if any.
  public static func rules(
    path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigFileError) -> (rules: StarRules, file: String?) {
    guard let file = ConfigFileError.chosenFile(path, default: "stars.toml", environment: environment) else {
      return (.standard, nil)
    }
    return (try parse(try ConfigFileError.text(of: file), file: file), file)
  }

  /// Each table's keys and, for each, the range it takes and where it goes.
  private static var keys:
    [String: [String: (range: ClosedRange<Int>, path: WritableKeyPath<StarRules, Int>)]]
  {
    [
      "team": ["stars": (0...5, \.teamStars)],
      "visits": ["stars": (0...5, \.visitStars), "percent": (1...100, \.visitPercent)],
      "tickets": [
        "stars": (0...5, \.ticketStars), "percent": (1...100, \.ticketPercent),
        "rating": (1...5, \.ticketRating),
      ],
      "convention": ["stars": (0...5, \.conventionStars)],
      "points": ["per_hour": (0...1_000, \.pointsPerHour)],
    ]
  }

  /// Parses a rules file's text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws(ConfigFileError) -> StarRules {
    let table = try ConfigFileError.table(text, file: file, usedIn: "star-rules files")
    var rules = StarRules.standard
    for name in table.keys.sorted() {
      guard let allowed = keys[name] else {
        throw ConfigFileError(
          file: file, key: name,
          reason: "unknown table (expected \(keys.keys.sorted().map { "[\($0)]" }.joined(separator: ", ")))")
      }
      guard let rule = table[name]?.table else {
        throw ConfigFileError(file: file, key: name, reason: "must be a table: [\(name)]")
      }
      for key in rule.keys.sorted() {
        let at = "\(name).\(key)"
        guard let (range, path) = allowed[key] else {
          throw ConfigFileError(
            file: file, key: at,
            reason: "unknown key (expected \(allowed.keys.sorted().joined(separator: ", ")))")
        }
        guard let value = rule[key]?.int, range.contains(value) else {
          throw ConfigFileError(
            file: file, key: at,
            reason:
              "\(rule[key].map { "\($0)" } ?? "") is not a whole number from \(range.lowerBound) to \(range.upperBound)"
          )
        }
        rules[keyPath: path] = value
      }
    }
    return rules
  }
}
