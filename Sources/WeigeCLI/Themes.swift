import ArgumentParser
import Foundation
import WeigeUI

/// `--theme NAME`, for every command that draws.
struct ThemeOptions: ParsableArguments {
  @Option(help: "Colour theme by name (see `weige themes`); default: dangjian (党建红).")
  var theme: String?

  /// The chosen theme; a broken or unknown one is reported on stderr and the default is used.
  func resolve(catalog: ThemeCatalog = .standard()) -> Theme {
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
