import TOMLKit
import WeigeCore

/// A mobilization task file (`weige war tasks set FILE.toml`) read into Core's `TaskCatalogue`:
/// the tasks an order may be issued with, a table a task named by its key, and `order` listing
/// the keys in the order the palette offers them. `weige war tasks` prints the list in force in
/// this form, so a room edits what it has.
///
///     order = ["notify", "check"]
///
///     [check]
///     name = "排查"                  what the war view and the feed call it
///     english = "check"
///     done = "已排查"                what a reached household is marked
///     english_done = "checked"
public enum TaskCatalogueFile {
  private static let keys = ["name", "english", "done", "english_done"]

  public static func read(path: String) throws(ConfigFileError) -> TaskCatalogue {
    try parse(try ConfigFileError.text(of: path), file: path)
  }

  /// Parses a task file's text; `file` names it in errors, with the key (`check.done`). Core's
  /// checks of the whole (a name meaning two tasks …) are refused under the file's name too.
  public static func parse(_ text: String, file: String) throws(ConfigFileError) -> TaskCatalogue {
    let table = try ConfigFileError.table(text, file: file, usedIn: "task files")
    guard let order = table["order"]?.array?.map({ $0.string }), !order.isEmpty,
      let keys = order as? [String]
    else {
      throw ConfigFileError(
        file: file, key: "order", reason: "a list of the tasks' keys is needed, in the order they are offered"
      )
    }
    let tables = table.keys.filter { $0 != "order" }.sorted()
    for key in tables where !keys.contains(key) {
      throw ConfigFileError(file: file, key: key, reason: "a task not named in order")
    }
    var seen = Set<String>()
    var tasks: [MobilizationTask] = []
    for key in keys {
      guard seen.insert(key).inserted else {
        throw ConfigFileError(file: file, key: "order", reason: "'\(key)' is named twice")
      }
      guard let entry = table[key]?.table else {
        throw ConfigFileError(file: file, key: key, reason: "order names it, so a table [\(key)] is needed")
      }
      for field in entry.keys.sorted() where !Self.keys.contains(field) {
        throw ConfigFileError(
          file: file, key: "\(key).\(field)",
          reason: "unknown key (expected \(Self.keys.joined(separator: ", ")))")
      }
      func string(_ field: String) throws(ConfigFileError) -> String {
        guard let value = entry[field]?.string, !value.isEmpty else {
          throw ConfigFileError(file: file, key: "\(key).\(field)", reason: "a non-empty string is needed")
        }
        return value
      }
      tasks.append(
        MobilizationTask(
          id: key, name: try string("name"), englishName: try string("english"), doneName: try string("done"),
          englishDoneName: try string("english_done")))
    }
    let catalogue = TaskCatalogue(tasks: tasks)
    do {
      try catalogue.validate()
    } catch {
      throw ConfigFileError(file: file, key: "(tasks)", reason: error.english)
    }
    return catalogue
  }

  /// The list as a file `parse` reads back.
  public static func text(of catalogue: TaskCatalogue) -> String {
    let order = "order = [" + catalogue.tasks.map { tomlString($0.id) }.joined(separator: ", ") + "]\n"
    return
      ([order]
      + catalogue.tasks.map { task in
        """
        [\(tomlString(task.id))]
        name = \(tomlString(task.name))
        english = \(tomlString(task.englishName))
        done = \(tomlString(task.doneName))
        english_done = \(tomlString(task.englishDoneName))

        """
      }).joined(separator: "\n")
  }
}
