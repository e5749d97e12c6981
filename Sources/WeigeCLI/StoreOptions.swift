import ArgumentParser
import Foundation
import WeigeCore
import WeigeStore
import WeigeUI

/// The options every store command shares: which file, and who is acting.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .customLong("store"),
    help:
      "The store file (default: $WEIGE_STORE, else $XDG_DATA_HOME/weige/weige.db, else ~/.local/share/weige/weige.db)."
  )
  var storePath: String?

  @Option(
    name: .customLong("operator"),
    help: "Who is acting; every event records it (default: $WEIGE_OPERATOR, else the login name).")
  var operatorName: String?

  var path: String {
    if let storePath { return storePath }
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["WEIGE_STORE"], !path.isEmpty { return path }
    return (UserFolders.weige(.data) ?? NSHomeDirectory() + "/.local/share/weige") + "/weige.db"
  }

  var actor: String {
    if let operatorName, !operatorName.isEmpty { return operatorName }
    let environment = ProcessInfo.processInfo.environment
    if let name = environment["WEIGE_OPERATOR"], !name.isEmpty { return name }
    return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
  }

  /// Opens the store as the command means to use it (a reader never creates or changes a file),
  /// and says on stderr what opening it did (a mode tightened). Only the default folder is
  /// created; a `--store` whose folder does not exist is an error.
  func open(_ access: StoreAccess) throws -> any EventStore {
    if access == .create && storePath == nil && ProcessInfo.processInfo.environment["WEIGE_STORE"] ?? "" == ""
    {
      try createPrivateFolder(for: path)
    }
    let store = try openEventStore(path, access: access)
    reportNotices(of: store)
    return store
  }
}

/// Creates the folder a default file goes in, owner-only like the store.
func createPrivateFolder(for file: String) throws {
  try FileManager.default.createDirectory(
    at: URL(fileURLWithPath: file).deletingLastPathComponent(), withIntermediateDirectories: true,
    attributes: [.posixPermissions: 0o700])
}

/// Prints what the store had to say (a mode tightened, a snapshot not written) on stderr.
func reportNotices(of store: any EventStore) {
  for notice in store.takeNotices() {
    FileHandle.standardError.write(Data("weige: \(notice)\n".utf8))
  }
}

/// A user's mistake, said plainly on stderr with a non-zero exit and no backtrace.
struct CLIError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

extension DemoPreset: ExpressibleByArgument {}

/// Prints one JSON object, keys sorted so that runs diff cleanly.
func printJSON(_ value: some Encodable) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
  print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
