import Foundation

/// Where a user's files go, by the XDG base directories, honouring `$HOME` (Foundation's home
/// directory reads the password database and ignores it): the one place every layer asks.
public enum UserFolders {
  public enum Kind: String, Sendable {
    case data = "XDG_DATA_HOME"
    case cache = "XDG_CACHE_HOME"
    case config = "XDG_CONFIG_HOME"
    case state = "XDG_STATE_HOME"

    var fallback: String {
      switch self {
      case .data: "/.local/share"
      case .cache: "/.cache"
      case .config: "/.config"
      case .state: "/.local/state"
      }
    }
  }

  /// `$XDG_…_HOME/weige`, or its default under `$HOME`; nil when neither is set. A relative
  /// XDG value is ignored, as the specification says.
  public static func weige(
    _ kind: Kind, environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> String? {
    if let base = environment[kind.rawValue], base.hasPrefix("/") { return base + "/weige" }
    guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
    return home + kind.fallback + "/weige"
  }
}
