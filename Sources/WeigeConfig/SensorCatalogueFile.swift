import TOMLKit
import WeigeCore

/// A sensor catalogue file (`weige intake catalogue set FILE.toml`) read into Core's
/// `SensorCatalogue`: a table a kind, named by its code. `weige intake catalogue` prints the
/// catalogue in force in this form, so a room edits what it has.
///
///     [thrown-object]
///     alert = "thrown-object"        which of Weige's alerts it raises (ALERTS below)
///     source = "camera"              camera, or meter for the water meter's kind
///     name = "高空抛物"              what the screen and the feed call it
///     english = "thrown object"
///     aliases = ["HK-GKPW", "高空坠物"]   other names vendors send (optional)
///     group_minutes = 30             repeats within this many minutes join one alert (0–1440)
public enum SensorCatalogueFile {
  /// The alerts a kind may raise, by the word a file uses.
  public static let alerts: [(word: String, kind: AlertKind)] = [
    ("thrown-object", .thrownObject), ("bike-shed-fire", .bikeShedFire),
    ("blocked-fire-lane", .blockedFireLane),
    ("rubbish-dropped", .rubbishDropped), ("low-water-use", .lowWaterUse),
  ]
  private static let sources: [(word: String, source: SensorSource)] = [
    ("camera", .camera), ("meter", .meter),
  ]
  private static let keys = ["alert", "source", "name", "english", "aliases", "group_minutes"]

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
      let alertWord = try string("alert")
      guard let alert = alerts.first(where: { $0.word == alertWord })?.kind else {
        throw ConfigFileError(
          file: file, key: "\(code).alert",
          reason: "'\(alertWord)' is not one of \(alerts.map(\.word).joined(separator: ", "))")
      }
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
          code: code, alert: alert, source: source, name: try string("name"),
          englishName: try string("english"),
          aliases: aliases, groupMinutes: minutes))
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
    func quoted(_ text: String) -> String {
      "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        + "\""
    }
    return catalogue.kinds.map { kind in
      let alert = alerts.first { $0.kind == kind.alert }?.word ?? ""
      let source = sources.first { $0.source == kind.source }?.word ?? ""
      return """
        [\(quoted(kind.code))]
        alert = \(quoted(alert))
        source = \(quoted(source))
        name = \(quoted(kind.name))
        english = \(quoted(kind.englishName))
        aliases = [\(kind.aliases.map(quoted).joined(separator: ", "))]
        group_minutes = \(kind.groupMinutes)

        """
    }.joined(separator: "\n")
  }
}
