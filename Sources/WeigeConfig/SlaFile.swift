import Foundation
import TOMLKit
import WeigeCore
import WeigeUI

/// An SLA policy file (`sla-policy.toml` as shipped in Core, a user's `sla.toml`) read into
/// Core's `SlaPolicy`. A user's file replaces the shipped policy whole: a duty desk's limits are
/// one set of rules, not a patchwork.
///
///     name = "…"                               optional: the policy's name and its rules
///     source = "…"
///     [levels]                                 the ladder's levels, with their English names
///     "网格长" = "grid leader"
///     [defaults]                               every key: warning, sign, remind, resolve,
///     warning = 75                             acknowledge, ladder
///     sign = "4 working hours"
///     ladder = ["网格长 + 0 minutes", "社区书记 + 1 working day"]
///     [class.development]                      any of the keys, for one demand class
///     [urgency.critical]                       … for one urgency
///     [class.development.critical]             … for the one cell (most specific wins)
public enum SlaFile {
  /// The policy in force: the file `path` names (it must exist), else the user's
  /// `$XDG_CONFIG_HOME/weige/sla.toml` when there is one, else the shipped policy. Returns the
  /// file that was read, if any.
  public static func policy(
    path: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws(ConfigFileError) -> (policy: SlaPolicy, file: String?) {
    guard let file = ConfigFileError.chosenFile(path, default: "sla.toml", environment: environment) else {
      return (.shipped, nil)
    }
    return (try parse(try ConfigFileError.text(of: file), file: file), file)
  }

  static let cellKeys = ["warning", "sign", "remind", "resolve", "acknowledge", "ladder"]

  /// Parses a policy file's text; `file` names it in errors.
  public static func parse(_ text: String, file: String) throws(ConfigFileError) -> SlaPolicy {
    func fail(_ key: String, _ reason: String) -> ConfigFileError {
      ConfigFileError(file: file, key: key, reason: reason)
    }
    let table = try ConfigFileError.table(text, file: file, usedIn: "SLA policy files")
    let reader = Reader(file: file)
    for key in table.keys where !["name", "source", "levels", "defaults", "class", "urgency"].contains(key) {
      throw fail(
        key, "unknown key (expected name, source, [levels], [defaults], [class.CLASS], [urgency.URGENCY])")
    }
    let name = try reader.text(table["name"], key: "name") ?? file
    let source = try reader.text(table["source"], key: "source") ?? ""
    let levels = try reader.levels(table["levels"])
    guard let defaults = table["defaults"] else {
      throw fail("defaults", "missing: [defaults] gives every key (\(cellKeys.joined(separator: ", ")))")
    }
    let base = try reader.cell(defaults, key: "defaults", levels: levels, subtables: [])
    for key in cellKeys where base[key] == nil {
      throw fail(
        "defaults.\(key)", "missing: [defaults] gives every key (\(cellKeys.joined(separator: ", ")))")
    }
    let classes = try reader.named(table["class"], key: "class", names: DemandClass.allCases.map(\.key))
    let urgencies = try reader.named(
      table["urgency"], key: "urgency", names: Urgency.allCases.map(\.englishName))
    var overlays: [String: Cell] = [:]
    for (name, value) in classes {
      overlays["class.\(name)"] = try reader.cell(
        value, key: "class.\(name)", levels: levels, subtables: Urgency.allCases.map(\.englishName))
      for urgency in Urgency.allCases {
        if let cell = value.table?[urgency.englishName] {
          overlays["class.\(name).\(urgency.englishName)"] = try reader.cell(
            cell, key: "class.\(name).\(urgency.englishName)", levels: levels, subtables: [])
        }
      }
    }
    for (name, value) in urgencies {
      overlays["urgency.\(name)"] = try reader.cell(
        value, key: "urgency.\(name)", levels: levels, subtables: [])
    }
    var cells: [SlaTerms] = []
    for demand in DemandClass.allCases {
      for urgency in Urgency.allCases {
        var cell = base
        for key in [
          "class.\(demand.key)", "urgency.\(urgency.englishName)",
          "class.\(demand.key).\(urgency.englishName)",
        ] {
          cell.merge(overlays[key] ?? [:]) { $1 }
        }
        cells.append(cell.terms)
      }
    }
    return SlaPolicy(name: name, source: source) { demand, urgency in
      cells[Int(demand.rawValue) * Urgency.allCases.count + Int(urgency.rawValue)]
    }
  }

  /// The keys one table gives, each value read already.
  typealias Cell = [String: Value]

  enum Value {
    case percent(Int)
    case limit(WorkingTimeLimit)
    case ladder([EscalationLevel])
  }

  private struct Reader {
    let file: String

    func fail(_ key: String, _ reason: String) -> ConfigFileError {
      ConfigFileError(file: file, key: key, reason: reason)
    }

    func text(_ value: TOMLValueConvertible?, key: String) throws(ConfigFileError) -> String? {
      guard let value else { return nil }
      guard let text = value.string, (try? FreeText.check(text, field: ("", ""))) != nil else {
        throw fail(key, "\(Self.quoted(value)) is not a name (a \"string\" of printable characters)")
      }
      return text
    }

    /// `[levels]`: each level's Chinese name with its English one.
    func levels(_ value: TOMLValueConvertible?) throws(ConfigFileError) -> [String: String] {
      guard let value else { return [:] }
      guard let table = value.table else {
        throw fail("levels", "must be a table: [levels] \"网格长\" = \"grid leader\"")
      }
      var levels: [String: String] = [:]
      for name in table.keys {
        guard (try? FreeText.check(name, field: ("", ""), limit: 40)) != nil else {
          throw fail("levels.\(name)", "'\(name)' is not a level's name (1 to 40 printable characters)")
        }
        levels[name] = try text(table[name], key: "levels.\(name)")
      }
      return levels
    }

    /// `[class]` or `[urgency]`: tables named by the field's keys only.
    func named(_ value: TOMLValueConvertible?, key: String, names: [String]) throws(ConfigFileError)
      -> [(String, TOMLValueConvertible)]
    {
      guard let value else { return [] }
      guard let table = value.table else { throw fail(key, "must be tables: [\(key).\(names[0])]") }
      return try table.keys.sorted().map { (name: String) throws(ConfigFileError) in
        guard names.contains(name) else {
          throw fail("\(key).\(name)", "'\(name)' is not one of \(names.joined(separator: ", "))")
        }
        return (name, table[name]!)
      }
    }

    /// One table's keys; `subtables` names the tables it may hold besides (a class's urgencies).
    func cell(_ value: TOMLValueConvertible, key: String, levels: [String: String], subtables: [String])
      throws(ConfigFileError) -> Cell
    {
      guard let table = value.table else { throw fail(key, "must be a table: [\(key)]") }
      var cell: Cell = [:]
      for name in table.keys where !subtables.contains(name) {
        let at = "\(key).\(name)"
        let item = table[name]!
        switch name {
        case "warning":
          guard let percent = item.int, (1...99).contains(percent) else {
            throw fail(
              at,
              "\(Self.quoted(item)) is not a share of the limit in percent, 1 to 99 (75 warns at three quarters)"
            )
          }
          cell[name] = .percent(percent)
        case "sign", "remind", "resolve", "acknowledge":
          let limit = try self.limit(item, key: at)
          guard !limit.isZero else { throw fail(at, "\(Self.quoted(item)): a limit must be above zero") }
          cell[name] = .limit(limit)
        case "ladder":
          cell[name] = .ladder(try ladder(item, key: at, levels: levels))
        default:
          throw fail(at, "unknown key (expected \(SlaFile.cellKeys.joined(separator: ", ")))")
        }
      }
      return cell
    }

    func limit(_ value: TOMLValueConvertible, key: String) throws(ConfigFileError) -> WorkingTimeLimit {
      guard let text = value.string, let limit = WorkingTimeLimit(parsing: text) else {
        throw fail(
          key,
          "\(Self.quoted(value)) is not a limit: write \"5 working days\", \"4 working hours\", \"90 working minutes\", \"12 hours\" or \"30 minutes\" (the last two wall-clock)"
        )
      }
      return limit
    }

    /// `["网格长 + 0 minutes", …]`: each level and its delay after the deadline, a level once.
    func ladder(_ value: TOMLValueConvertible, key: String, levels: [String: String]) throws(ConfigFileError)
      -> [EscalationLevel]
    {
      guard let list = value.array, !list.isEmpty else {
        throw fail(
          key, "\(Self.quoted(value)) is not a ladder: write [\"网格长 + 0 minutes\", \"社区书记 + 1 working day\"]")
      }
      var ladder: [EscalationLevel] = []
      for (index, item) in list.enumerated() {
        let at = "\(key)[\(index)]"
        let parts = item.string?.split(separator: "+", maxSplits: 1).map { FreeText.trimmed(String($0)) }
        guard let parts, parts.count == 2, !parts[0].isEmpty else {
          throw fail(
            at, "\(Self.quoted(item)) is not a level: write \"NAME + DELAY\", as \"社区书记 + 1 working day\"")
        }
        guard let english = levels[parts[0]] else {
          throw fail(at, "'\(parts[0])' is not in [levels]: add \"\(parts[0])\" = \"its English name\" there")
        }
        guard !ladder.contains(where: { $0.name == parts[0] }) else {
          throw fail(at, "'\(parts[0])' is on the ladder twice")
        }
        guard let delay = WorkingTimeLimit(parsing: parts[1]) else {
          throw fail(
            at, "'\(parts[1])' is not a delay: write \"0 minutes\", \"1 working day\", \"2 hours\" …")
        }
        ladder.append(EscalationLevel(name: parts[0], englishName: english, after: delay))
      }
      return ladder
    }

    static func quoted(_ value: TOMLValueConvertible) -> String {
      if let text = value.string { return "'\(text)'" }
      return "\(value)".trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }
}

extension [String: SlaFile.Value] {
  /// The terms of a cell whose every key is given (the defaults see to that).
  fileprivate var terms: SlaTerms {
    func limit(_ key: String) -> WorkingTimeLimit {
      if case .limit(let limit) = self[key] { return limit }
      preconditionFailure("[defaults] gives \(key)")
    }
    guard case .percent(let warning) = self["warning"], case .ladder(let ladder) = self["ladder"] else {
      preconditionFailure("[defaults] gives warning and ladder")
    }
    return SlaTerms(
      sign: limit("sign"), remind: limit("remind"), resolve: limit("resolve"),
      acknowledge: limit("acknowledge"),
      warningPercent: warning, ladder: ladder)
  }
}
