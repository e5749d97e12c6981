import TOMLKit
import WeigeCore

/// A sensor catalogue file (`weige intake catalogue set FILE.toml`) read into Core's
/// `SensorCatalogue`: a table a kind, named by its code. `weige intake catalogue` prints the
/// catalogue in force in this form, so a room edits what it has.
///
///     [thrown-object]
///     alert = "thrown-object"        one of Weige's alerts (`alerts` below), or a new alert's code
///     source = "camera"              camera, or meter for the water meter's kind
///     name = "高空抛物"              what the screen and the feed call it
///     english = "thrown object"
///     urgency = "urgent"             critical, urgent or normal: its ticket and acknowledgement
///                                    clock; a critical alert rings the bell as it arrives
///     class = "nuisance"             development, urgent-aid or nuisance: its ticket's demand class
///     aliases = ["HK-GKPW", "高空坠物"]   other names vendors send (optional)
///     group_minutes = 30             repeats within this many minutes join one alert (0–1440)
///
/// A new alert (电动车入梯: `alert = "ebike-in-lift"`) is named as its kind and needs `urgency`
/// and `class`; for one of Weige's they default to Weige's and may be changed.
public enum SensorCatalogueFile {
  /// Weige's alerts a kind may raise, by code (设备故障 is Weige's judgement of a quiet meter).
  public static let alerts = AlertKind.builtIn.filter { !$0.isSame(as: .deviceFault) }
  private static let sources: [(word: String, source: SensorSource)] = [
    ("camera", .camera), ("meter", .meter),
  ]
  private static let keys = [
    "alert", "source", "name", "english", "urgency", "class", "aliases", "group_minutes",
  ]

  public static func read(path: String) throws(ConfigFileError) -> SensorCatalogue {
    try parse(try ConfigFileError.text(of: path), file: path)
  }

  /// Parses a catalogue file's text; `file` names it in errors, with the key (`thrown-object.alert`).
  /// Core's checks of the whole (a name meaning two kinds …) are refused under the file's name too.
  public static func parse(_ text: String, file: String) throws(ConfigFileError) -> SensorCatalogue {
    let table = try ConfigFileError.table(text, file: file, usedIn: "sensor catalogue files")
    var kinds: [SensorKind] = []
    for code in table.keys.sorted() {
      guard let entry = table[code]?.table else {
        throw ConfigFileError(file: file, key: code, reason: "must be a table: [\(code)]")
      }
      for key in entry.keys.sorted() where !keys.contains(key) {
        throw ConfigFileError(
          file: file, key: "\(code).\(key)", reason: "unknown key (expected \(keys.joined(separator: ", ")))")
      }
      func string(_ key: String) throws(ConfigFileError) -> String {
        guard let value = entry[key]?.string, !value.isEmpty else {
          throw ConfigFileError(file: file, key: "\(code).\(key)", reason: "a non-empty string is needed")
        }
        return value
      }
      func word<Term>(_ key: String, among terms: [(word: String, term: Term)]) throws(ConfigFileError)
        -> Term?
      {
        guard entry[key] != nil else { return nil }
        let value = try string(key)
        guard let term = terms.first(where: { $0.word == value })?.term else {
          throw ConfigFileError(
            file: file, key: "\(code).\(key)",
            reason: "'\(value)' is not one of \(terms.map(\.word).joined(separator: ", "))")
        }
        return term
      }
      let name = try string("name")
      let english = try string("english")
      let alertCode = try string("alert")
      let urgency = try word("urgency", among: Urgency.allCases.map { ($0.englishName, $0) })
      let demandClass = try word("class", among: DemandClass.allCases.map { ($0.key, $0) })
      var alert: AlertKind
      if let builtIn = AlertKind.builtIn.first(where: { $0.code == alertCode }) {
        alert = builtIn
      } else {
        for (key, given) in [("urgency", urgency != nil), ("class", demandClass != nil)] where !given {
          throw ConfigFileError(
            file: file, key: "\(code).\(key)",
            reason:
              "'\(alertCode)' is not one of Weige's alerts (\(alerts.map(\.code).joined(separator: ", "))), "
              + "so it is a new alert and needs urgency and class")
        }
        alert = AlertKind(
          code: alertCode, chineseName: name, englishName: english, urgency: .normal, demandClass: .nuisance)
      }
      alert.urgency = urgency ?? alert.urgency
      alert.demandClass = demandClass ?? alert.demandClass
      let sourceWord = try string("source")
      guard let source = sources.first(where: { $0.word == sourceWord })?.source else {
        throw ConfigFileError(
          file: file, key: "\(code).source", reason: "'\(sourceWord)' is not camera or meter")
      }
      var aliases: [String] = []
      if let value = entry["aliases"] {
        guard let list = value.array else {
          throw ConfigFileError(file: file, key: "\(code).aliases", reason: "must be a list of strings")
        }
        for item in list {
          guard let alias = item.string, !alias.isEmpty else {
            throw ConfigFileError(
              file: file, key: "\(code).aliases", reason: "\(item) is not a non-empty string")
          }
          aliases.append(alias)
        }
      }
      let limit = SensorCatalogue.groupMinutesLimit
      guard let minutes = entry["group_minutes"]?.int, (0...limit).contains(minutes) else {
        throw ConfigFileError(
          file: file, key: "\(code).group_minutes",
          reason:
            "\(entry["group_minutes"].map { "\($0)" } ?? "(missing)") is not a whole number from 0 to \(limit)"
        )
      }
      kinds.append(
        SensorKind(
          code: code, alert: alert, source: source, name: name, englishName: english, aliases: aliases,
          groupMinutes: minutes))
    }
    let catalogue = SensorCatalogue(kinds: kinds)
    do {
      try catalogue.validate()
    } catch {
      throw ConfigFileError(file: file, key: "(catalogue)", reason: error.english)
    }
    return catalogue
  }

  /// The catalogue as a file `parse` reads back.
  public static func text(of catalogue: SensorCatalogue) -> String {
    return catalogue.kinds.map { kind in
      let source = sources.first { $0.source == kind.source }?.word ?? ""
      return """
        [\(tomlString(kind.code))]
        alert = \(tomlString(kind.alert.code))
        source = \(tomlString(source))
        name = \(tomlString(kind.name))
        english = \(tomlString(kind.englishName))
        urgency = \(tomlString(kind.alert.urgency.englishName))
        class = \(tomlString(kind.alert.demandClass.key))
        aliases = [\(kind.aliases.map(tomlString).joined(separator: ", "))]
        group_minutes = \(kind.groupMinutes)

        """
    }.joined(separator: "\n")
  }
}

/// `"高空抛物"`: a TOML basic string for the catalogue files Weige prints. Core refuses control
/// characters in every name, so only the backslash and the quote need escaping.
func tomlString(_ text: String) -> String {
  "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
