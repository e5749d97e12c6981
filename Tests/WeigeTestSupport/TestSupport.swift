import Foundation
import Synchronization
import WeigeCore

/// 2026-11-21 20:45 China time: every demo district in the tests ends here and the clock stands
/// here, so figures and screens are the same on every run.
public let pinnedNow = Timestamp(milliseconds: 1_795_265_100_000)

/// A demo district ending at `pinnedNow`: its events, and the state the generator folded them into.
public func demoEvents(_ preset: DemoPreset, days: Int = 7, seed: UInt64 = 1) throws -> (
  events: [NewEvent], ledger: Ledger
) {
  var events: [NewEvent] = []
  let ledger = try DemoDistrict(preset: preset, seed: seed, days: days, now: pinnedNow).generate {
    events += $0
  }
  return (events, ledger)
}

/// Events numbered as a store would number them, from sequence 1.
public func recorded(_ events: [NewEvent]) -> [RecordedEvent] {
  events.enumerated().map { index, event in
    RecordedEvent(
      sequence: Int64(index + 1), id: event.id, stream: event.body.stream, version: 0, time: event.time,
      actor: event.actor, body: event.body)
  }
}

/// Folds events as a store would number them.
public func fold(_ events: [NewEvent]) -> Ledger {
  var ledger = Ledger()
  for event in recorded(events) { ledger.apply(event) }
  return ledger
}

/// A demo district as a store hands it to the dashboard: the numbered events and their fold.
public func recordedDemo(_ preset: DemoPreset, days: Int = 7, seed: UInt64 = 1) throws -> (
  ledger: Ledger, events: [RecordedEvent]
) {
  let events = recorded(try demoEvents(preset, days: days, seed: seed).events)
  var ledger = Ledger()
  for event in events { ledger.apply(event) }
  return (ledger, events)
}

/// The `weige` binary that `swift build` put beside the test bundle.
public let weigeBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  .deletingLastPathComponent().appendingPathComponent("weige").path

/// A process (`weige` unless told otherwise) started by a test, its standard output going to a
/// file and its standard error nowhere.
///
/// Spawned and reaped with posix_spawn and waitpid: Foundation's Process can miss a child's exit
/// when waited on from the test runner's threads, and a hung test would hang CI. The child starts
/// with no signal blocked: the runner blocks some in its threads, a blocked mask survives exec,
/// and a child under test would never see SIGWINCH or SIGTERM.
public struct Child {
  public let pid: pid_t
  /// Where its standard output goes; nil when it is thrown away.
  public let outputPath: String?

  public init(
    _ arguments: [String], executable: String = weigeBinary,
    environment: [String: String] = ProcessInfo.processInfo.environment, keepsOutput: Bool = true
  ) throws {
    let outputPath =
      keepsOutput
      ? temporaryPath("weige-child")
      : nil
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // A server a child starts (tmux) keeps these descriptors, so output goes to a file or
    // nowhere, never to a pipe that would stay open.
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(
      &actions, 1, outputPath ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attributes, &none)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, &attributes, argv, envp) == 0 else {
      throw CocoaError(.executableLoad)
    }
    self.pid = pid
    self.outputPath = outputPath
  }

  /// Runs `executable` to its end: the raw wait status and what it printed.
  public static func run(
    _ arguments: [String], executable: String = weigeBinary,
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> (status: Int32, output: String) {
    let child = try Child(arguments, executable: executable, environment: environment)
    let status = child.wait()
    defer { child.removeOutput() }
    return (status, child.output)
  }

  /// Runs `weige` to its end with its standard error joined to its output (through the shell), for
  /// messages: the raw wait status and what it said.
  public static func runWithErrors(
    _ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws -> (status: Int32, output: String) {
    let quoted = ([weigeBinary] + arguments).map {
      "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
    return try run(
      ["-c", quoted.joined(separator: " ") + " 2>&1"], executable: "/bin/sh", environment: environment)
  }

  /// What it has printed so far.
  public var output: String { outputPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "" }

  /// Waits for the exit; the raw wait status.
  @discardableResult
  public func wait() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return status
  }

  /// Deletes the file its output went to.
  public func removeOutput() {
    if let outputPath { unlink(outputPath) }
  }
}

/// A sensor catalogue file's table for 电动车入梯, an AI-camera kind none of Weige's six alerts is:
/// a room's own alert, critical, filed as 急事.
public let ebikeInLiftTable = """
  [ebike-in-lift]
  alert = "ebike-in-lift"
  source = "camera"
  name = "电动车入梯"
  english = "e-bike in lift"
  urgency = "critical"
  class = "urgent-aid"
  aliases = ["HK-DDCRT"]
  group_minutes = 15
  """

/// A flood's mobilization tasks (防汛): checking every household and moving those at risk, where
/// the lockdown's four were notify, sample, transfer and deliver.
public let floodTasks = TaskCatalogue(tasks: [
  MobilizationTask(
    id: "check", name: "排查", englishName: "check", doneName: "已排查", englishDoneName: "checked"),
  MobilizationTask(
    id: "evacuate", name: "转移", englishName: "evacuate", doneName: "已转移", englishDoneName: "moved"),
])

/// `floodTasks` as a task file.
public let floodTasksFile = """
  order = ["check", "evacuate"]

  [check]
  name = "排查"
  english = "check"
  done = "已排查"
  english_done = "checked"

  [evacuate]
  name = "转移"
  english = "evacuate"
  done = "已转移"
  english_done = "moved"

  """

/// What the tests made under the temporary directory, removed when the test process exits (a
/// store a test left behind, a server child's output): a run leaves nothing in /tmp.
private let madeByTests = Mutex<[String]>([])

/// Registers the removal once, on the first path handed out.
private let removalAtExit: Void = {
  atexit {
    let paths = madeByTests.withLock { $0 }
    for path in paths {
      for companion in ["", "-wal", "-shm", "-journal", ".palette.json"] {
        try? FileManager.default.removeItem(atPath: path + companion)
      }
    }
  }
}()

/// A fresh path under the temporary directory, `PREFIX-UUID` then `suffix` (nothing is made
/// there), removed with whatever is under it and a store file's companions (SQLite's, the palette's), when the test
/// process exits.
public func temporaryPath(_ prefix: String, suffix: String = "") -> String {
  _ = removalAtExit
  let path = FileManager.default.temporaryDirectory.appendingPathComponent(
    "\(prefix)-\(UUID().uuidString)\(suffix)"
  ).path
  madeByTests.withLock { $0.append(path) }
  return path
}
