import TOMLKit

/// A register's own column names (`weige import … --map MAP.toml`): each header the importer
/// does not know, and what it holds, as a field key (`residents`, `tag:困难`, `ignore`) or a
/// header it knows (`人数`). The importer checks the targets; this reads the file.
///
///     header-row = 3                 optional: the row of the headers (default: found)
///     [columns]
///     "家庭人口数" = "人数"
///     "困难类型" = "tag:困难"
///     "录入人" = "ignore"
public struct ColumnMapFile: Sendable {
  public var file: String
  /// Header → target, in the file's order.
  public var columns: [(header: String, target: String)]
  public var headerRow: Int?

  public static func load(path: String) throws(ConfigFileError) -> ColumnMapFile {
    let text = try ConfigFileError.text(of: path)
    func fail(_ key: String, _ reason: String) -> ConfigFileError {
      ConfigFileError(file: path, key: key, reason: reason)
    }
    let table = try ConfigFileError.table(text, file: path, usedIn: "column maps")
    var map = ColumnMapFile(file: path, columns: [], headerRow: nil)
    for key in table.keys {
      switch key {
      case "header-row":
        guard let row = table[key]?.int, row >= 1 else { throw fail(key, "must be a row number, 1 or more") }
        map.headerRow = row
      case "columns":
        guard let columns = table[key]?.table else { throw fail(key, "must be a table: [columns]") }
        for header in columns.keys {
          guard let target = columns[header]?.string, !target.isEmpty else {
            throw fail("columns.\(header)", "must be a field key or a known header, as text")
          }
          map.columns.append((header, target))
        }
      default:
        throw fail(key, "unknown key (expected header-row and [columns])")
      }
    }
    return map
  }
}
