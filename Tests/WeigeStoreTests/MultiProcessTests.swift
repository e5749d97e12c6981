import Foundation
import Testing
import WeigeCore
import WeigeStore

/// The `weige` binary that `swift build` put beside this test bundle.
let weigeBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
  .appendingPathComponent("weige").path

/// A process (`weige` unless told otherwise) started by the test, its standard output going to a file.
///
/// Spawned and reaped with posix_spawn and waitpid: Foundation's Process can miss a child's exit
/// when waited on from the test runner's threads, and a hung test would hang CI.
struct Child {
  let pid: pid_t
  let outputPath: String

  init(_ arguments: [String], executable: String = weigeBinary) throws {
    outputPath =
      FileManager.default.temporaryDirectory.appendingPathComponent("weige-child-\(UUID().uuidString)").path
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for pointer in argv + envp { free(pointer) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, envp) == 0 else {
      throw CocoaError(.executableLoad)
    }
    self.pid = pid
  }

  /// What it has printed so far.
  var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

  /// Waits for the exit; the raw wait status.
  @discardableResult
  func wait() -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    return status
  }
}

/// The event ids a `weige simulate --verbose` reported as acknowledged (`acked SEQ ID KIND`).
func ackedIDs(_ text: String) -> [String] {
  text.split(separator: "\n").compactMap { line in
    let parts = line.split(separator: " ")
    return parts.count == 4 && parts[0] == "acked" ? String(parts[2]) : nil
  }
}

@Suite("Several processes share one store file", .serialized)
struct MultiProcessTests {
  func chunjiangStore() throws -> (EventStore, Int64) {
    let store = try EventStore(path: temporaryStorePath())
    try store.append(try chunjiangEvents(days: 1))
    return (store, try store.lastSequence())
  }

  @Test("two writers at once: nothing lost, nothing duplicated")
  func twoWriters() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let (store, base) = try chunjiangStore()
    let writers = try (1...2).map { seed in
      try Child([
        "simulate", "--store", store.path!, "--rate", "2000", "--count", "150", "--seed", "\(seed)",
        "--verbose",
        "--operator", "值班\(seed)",
      ])
    }
    var acked: [String] = []
    for writer in writers {
      #expect(writer.wait() == 0)
      acked += ackedIDs(writer.output)
    }
    #expect(acked.count == 300)
    #expect(Set(acked).count == 300)
    let appended = try store.events(after: base)
    #expect(appended.count == 300)
    #expect(appended.map(\.sequence) == Array(base + 1...base + 300))
    #expect(Set(appended.map(\.id.description)) == Set(acked))
    #expect(try store.ledger() == (try store.replayFromScratch()))
  }

  @Test("a reader sees another process's events within a second")
  func followSeesOtherWriters() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let (store, base) = try chunjiangStore()
    let writer = try Child(["simulate", "--store", store.path!, "--rate", "20", "--count", "5"])
    let started = ContinuousClock.now
    var seen: [RecordedEvent] = []
    let keepGoing = { seen.count < 5 && ContinuousClock.now - started < .seconds(20) }
    try store.follow(after: base, every: .milliseconds(100), while: keepGoing) { seen += $0 }
    writer.wait()
    #expect(seen.count == 5)
  }

  @Test("kill -9 mid-stream loses no acknowledged event")
  func killedWriter() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let (store, _) = try chunjiangStore()
    let writer = try Child(["simulate", "--store", store.path!, "--rate", "5000", "--verbose"])
    let started = ContinuousClock.now
    while ackedIDs(writer.output).count < 200 && ContinuousClock.now - started < .seconds(60) {
      usleep(20_000)
    }
    kill(writer.pid, SIGKILL)
    let status = writer.wait()
    #expect(status & 0x7f == SIGKILL)
    let acked = ackedIDs(writer.output)
    #expect(acked.count >= 200)
    let stored = Set(try EventStore(path: store.path!).events().map(\.id.description))
    #expect(acked.allSatisfy(stored.contains))
  }

  @Test("a demo killed mid-ingest leaves no half-written district")
  func killedIngest() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let path = temporaryStorePath()
    let demo = try Child(["demo", "--preset", "binjiang", "--days", "0", "--store", path])
    Thread.sleep(forTimeInterval: 1.5)
    kill(demo.pid, SIGKILL)
    demo.wait()
    let store = try EventStore(path: path)
    #expect(try store.lastSequence() == 0)
  }
}
