import ArgumentParser
import Foundation
import WeigeApp
import WeigeBench
import WeigeCommandSupport
import WeigeCore
import WeigeStore
import WeigeUI

/// The `weige` command: the dashboard by default, tools as subcommands. The root takes no options
/// of its own: a parent's `--lang` or `--store` would take the words meant for a subcommand's own
/// (`weige log --lang en` printed Chinese), so plain `weige …` runs `weige dashboard …`.
@main
struct Weige: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "weige",
    abstract: "微格 — a terminal command room for community micro-grid governance.",
    subcommands: [
      DashboardCommand.self, Demo.self, Stats.self, Log.self, Replay.self, Simulate.self, TicketCommand.self,
      StoreCommand.self, Bench.self, Themes.self, ScreenDemo.self,
      CalendarCommand.self, DutyCommand.self, ImportCommand.self, ExportCommand.self,
      WarCommand.self, DrillCommand.self,
      CallsCommand.self, UnitsCommand.self,
      StarsCommand.self, ConventionCommand.self, HoursCommand.self, PointsCommand.self, HonoursCommand.self,
      IntakeCommand.self,
    ],
    defaultSubcommand: DashboardCommand.self
  )
}

/// `weige [dashboard]`: the 一屏知全域 dashboard on the store.
struct DashboardCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "dashboard", abstract: "The dashboard (一屏知全域) on the store; what `weige` runs by default.")

  @OptionGroup var store: StoreOptions

  @Option(help: "Open on a demo district (chunjiang, jiangsan, binjiang, city), written on first use.")
  var demo: DemoPreset?

  @OptionGroup var dashboard: DashboardOptions

  /// `weige` opens the dashboard on the store.
  func run() throws {
    try runDashboard(store: try openStore(), operatorName: store.actor, options: dashboard)
  }

  /// The store to open: with `--demo`, a demo district kept under the cache folder unless `--store` says.
  func openStore() throws -> any EventStore {
    let access: StoreAccess = dashboard.wall ? .readOnly : .readWrite
    guard let demo else { return try store.open(access) }
    let cache = UserFolders.weige(.cache) ?? NSHomeDirectory() + "/.cache/weige"
    // Keyed by the demo's content version: a newer build's demo is a new file, not an older one's.
    let path = store.storePath ?? "\(cache)/demo-\(demo.rawValue)-v\(DemoDistrict.contentVersion).db"
    if store.storePath == nil { try createPrivateFolder(for: path) }
    let source = try openEventStore(path, access: .create)
    reportNotices(of: source)
    if try source.lastSequence() == 0 {
      FileHandle.standardError.write(Data("writing the \(demo.rawValue) demo district to \(path) …\n".utf8))
      do {
        try writeDemo(DemoDistrict(preset: demo), into: source, force: 0)
      } catch StoreError.notEmpty {
        // Another `weige --demo` wrote it first: open what it wrote.
      }
    }
    return source
  }
}
