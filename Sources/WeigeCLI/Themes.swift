import ArgumentParser
import Foundation
import WeigeUI

/// `--theme NAME`, for every command that draws.
struct ThemeOptions: ParsableArguments {
  @Option(help: "Colour theme by name (see `weige themes`); default: dangjian (党建红).")
  var theme: String?

  /// The chosen theme, worked out before the screen opens so that anything said here stays on
  /// the shell. An unknown name is an error (a typo must not pass for a choice); a broken file is
  /// reported, naming its file and line, and the default theme is used instead.
  func resolve(catalog: ThemeCatalog = .standard()) throws -> Theme {
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

/// `weige themes`: the shipped and user themes, and whether each one loads.
struct Themes: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List colour themes: shipped ones and yours in $XDG_CONFIG_HOME/weige/themes.")

  func run() throws {
    let catalog = ThemeCatalog.standard()
    print("shipped: \(catalog.shippedDirectory ?? "(not found; built-in dangjian only)")")
    print("user:    \(catalog.userDirectory ?? "(no HOME)")")
    for entry in catalog.entries {
      let marker = entry.name == ThemeCatalog.defaultName && entry.source == .shipped ? "*" : " "
      let note: String
      if entry.isOverridden {
        note = "overridden by your theme of the same name"
      } else {
        do {
          note = try Theme.load(path: entry.path).summary
        } catch {
          note = "BROKEN: \(error)"
        }
      }
      let name = entry.name.padding(toLength: 16, withPad: " ", startingAt: 0)
      print(
        "\(marker) \(name) \(entry.source.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(note)"
      )
    }
    print("(* default; pick one with --theme NAME)")
  }
}
