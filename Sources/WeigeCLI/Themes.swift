import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeUI

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
