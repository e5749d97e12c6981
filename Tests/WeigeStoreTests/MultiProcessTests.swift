import Foundation
import Testing
import WeigeCore
import WeigeStore

/// The `weige` binary that `swift build` put beside this test bundle.
let weigeBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
  .appendingPathComponent("weige").path

/// Starts `weige` with `arguments`, its output piped back.
func launchWeige(_ arguments: [String]) throws -> (process: Process, output: Pipe) {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: weigeBinary)
  process.arguments = arguments
  let output = Pipe()
  process.standardOutput = output
  process.standardError = FileHandle.nullDevice
  try process.run()
  return (process, output)
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
      try launchWeige([
        "simulate", "--store", store.path!, "--rate", "2000", "--count", "150", "--seed", "\(seed)",
        "--verbose",
        "--operator", "值班\(seed)",
      ])
    }
    var acked: [String] = []
    for writer in writers {
      let text = String(decoding: writer.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      writer.process.waitUntilExit()
      #expect(writer.process.terminationStatus == 0)
      acked += ackedIDs(text)
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
    let writer = try launchWeige(["simulate", "--store", store.path!, "--rate", "20", "--count", "5"])
    let started = ContinuousClock.now
    var seen: [RecordedEvent] = []
    let keepGoing = { seen.count < 5 && ContinuousClock.now - started < .seconds(20) }
    try store.follow(after: base, every: .milliseconds(100), while: keepGoing) { seen += $0 }
    writer.process.waitUntilExit()
    #expect(seen.count == 5)
  }

  @Test("kill -9 mid-stream loses no acknowledged event")
  func killedWriter() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let (store, _) = try chunjiangStore()
    let writer = try launchWeige(["simulate", "--store", store.path!, "--rate", "5000", "--verbose"])
    var text = ""
    let reader = writer.output.fileHandleForReading
    while ackedIDs(text).count < 200 {
      let chunk = reader.availableData
      if chunk.isEmpty { break }
      text += String(decoding: chunk, as: UTF8.self)
    }
    kill(writer.process.processIdentifier, SIGKILL)
    text += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
    writer.process.waitUntilExit()
    #expect(writer.process.terminationReason == .uncaughtSignal)
    let acked = ackedIDs(text)
    #expect(acked.count >= 200)
    let stored = Set(try EventStore(path: store.path!).events().map(\.id.description))
    #expect(acked.allSatisfy(stored.contains))
  }

  @Test("a demo killed mid-ingest leaves no half-written district")
  func killedIngest() throws {
    try #require(
      FileManager.default.isExecutableFile(atPath: weigeBinary), "build weige first: \(weigeBinary)")
    let path = temporaryStorePath()
    let demo = try launchWeige(["demo", "--preset", "binjiang", "--days", "0", "--store", path])
    Thread.sleep(forTimeInterval: 1.5)
    kill(demo.process.processIdentifier, SIGKILL)
    demo.process.waitUntilExit()
    let store = try EventStore(path: path)
    #expect(try store.lastSequence() == 0)
  }
}
