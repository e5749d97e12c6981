import ArgumentParser
import Foundation
import WeigeCore
import WeigeStore

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
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (NSHomeDirectory() + "/.local/share")
    return dataHome + "/weige/weige.db"
  }

  var actor: String {
    if let operatorName, !operatorName.isEmpty { return operatorName }
    let environment = ProcessInfo.processInfo.environment
    if let name = environment["WEIGE_OPERATOR"], !name.isEmpty { return name }
    return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
  }

  /// Opens an existing store; a command that only reads should not create an empty file by mistake.
  func openExisting() throws -> EventStore {
    guard FileManager.default.fileExists(atPath: path) else {
      throw CLIError("no store at \(path); create one with `weige demo --preset jiangsan --store \(path)`")
    }
    return try EventStore(path: path)
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
