import ArgumentParser
import Foundation
import WeigeUI

/// `--theme NAME`, for every command that draws.
public struct ThemeOptions: ParsableArguments {
  @Option(help: "Colour theme by name (see `weige themes`); default: dangjian (党建红).")
  public var theme: String?

  public init() {}

  /// The chosen theme, worked out before the screen opens so that anything said here stays on
  /// the shell. An unknown name is an error (a typo must not pass for a choice); a broken file is
  /// reported, naming its file and line, and the default theme is used instead.
  public func resolve(catalog: ThemeCatalog = .standard()) throws -> Theme {
    if let name = theme, !catalog.entries.contains(where: { $0.name == name }) {
      let known = Set(catalog.entries.map(\.name)).sorted().joined(separator: ", ")
      throw CLIError("no theme named '\(name)' (known: \(known.isEmpty ? "none found" : known))")
    }
    let (theme, problem) = catalog.loadOrFallback(self.theme)
    if let problem {
      let message = "weige: theme \(problem)\nweige: using the \(theme.name) theme instead\n"
      FileHandle.standardError.write(Data(message.utf8))
    }
    return theme
  }
}
