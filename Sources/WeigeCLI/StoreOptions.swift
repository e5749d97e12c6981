import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeCore
import WeigeStore
import WeigeUI

/// The options every store command shares: which file, and who is acting.
struct StoreOptions: ParsableArguments {
  @Option(
    name: .customLong("store"),
    help: ArgumentHelp(
      "The store: a file, or a shared room's server as postgres://user@host:port/db (password from "
        + "~/.pgpass, PGPASSFILE or PGPASSWORD). Default: $WEIGE_STORE, else $XDG_DATA_HOME/weige/weige.db, "
        + "else ~/.local/share/weige/weige.db.")
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

/// Prints what the store had to say (a mode tightened, a snapshot not written) on stderr.
func reportNotices(of store: any EventStore) {
  for notice in store.takeNotices() {
    FileHandle.standardError.write(Data("weige: \(notice)\n".utf8))
  }
}

func percent(_ fraction: Double) -> String { String(format: "%.2f%%", fraction * 100) }
