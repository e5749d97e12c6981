import Foundation

/// Where themes come from: the shipped `themes/` folder, overridden by the user's own folder.
public struct ThemeCatalog: Sendable {
  public struct Entry: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable { case shipped, user }

    public var name: String
    public var path: String
    public var source: Source
    /// True when a user theme of the same name hides this shipped one.
    public var isOverridden: Bool
  }

  public static let defaultName = "dangjian"

  public var shippedDirectory: String?
  public var userDirectory: String?

  public init(shippedDirectory: String?, userDirectory: String?) {
    self.shippedDirectory = shippedDirectory
    self.userDirectory = userDirectory
  }

  /// The catalog for this process: `$WEIGE_THEMES_DIR`, else the nearest `themes/` (or
  /// `share/weige/themes/`) above the executable; the user folder is
  /// `$XDG_CONFIG_HOME/weige/themes` (default `~/.config`).
  public static func standard(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    executablePath: String = CommandLine.arguments.first ?? "."
  ) -> ThemeCatalog {
    ThemeCatalog(
      shippedDirectory: environment["WEIGE_THEMES_DIR"] ?? findShippedDirectory(from: executablePath),
      userDirectory: UserFolders.weige(.config, environment: environment).map { $0 + "/themes" })
  }

  static func findShippedDirectory(from executablePath: String) -> String? {
    let manager = FileManager.default
    var url = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<6 {
      for candidate in ["themes", "share/weige/themes"] {
        let path = url.appendingPathComponent(candidate).path
        if manager.fileExists(atPath: path + "/\(defaultName).toml") { return path }
      }
      url = url.deletingLastPathComponent()
    }
    return nil
  }

  private func files(in directory: String?) -> [String: String] {
    guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
      return [:]
    }
    var found: [String: String] = [:]
    for name in names where name.hasSuffix(".toml") {
      found[String(name.dropLast(5))] = directory + "/" + name
    }
    return found
  }

  /// Every theme by name, a user theme replacing a shipped one of the same name.
  public var entries: [Entry] {
    let shipped = files(in: shippedDirectory)
    let user = files(in: userDirectory)
    var all = shipped.map {
      Entry(name: $0.key, path: $0.value, source: .shipped, isOverridden: user[$0.key] != nil)
    }
    all += user.map { Entry(name: $0.key, path: $0.value, source: .user, isOverridden: false) }
    return all.sorted { ($0.name, $0.source.rawValue) < ($1.name, $1.source.rawValue) }
  }

  /// Loads a theme by name (the file name without `.toml`).
  public func load(_ name: String) throws(ThemeError) -> Theme {
    guard let entry = entries.first(where: { $0.name == name && !$0.isOverridden }) else {
      let known = entries.map(\.name).sorted().joined(separator: ", ")
      throw ThemeError(file: "\(name).toml", key: "(theme)", reason: "no such theme (known: \(known))")
    }
    return try Theme.load(path: entry.path)
  }

  /// The named theme, or the default one with the reason when it cannot be used — a broken
  /// theme file must not keep the command room dark.
  public func loadOrFallback(_ name: String?) -> (theme: Theme, problem: ThemeError?) {
    do {
      return (try load(name ?? ThemeCatalog.defaultName), nil)
    } catch {
      if name != nil && name != ThemeCatalog.defaultName, let theme = try? load(ThemeCatalog.defaultName) {
        return (theme, error)
      }
      return (.fallback, error)
    }
  }
}
