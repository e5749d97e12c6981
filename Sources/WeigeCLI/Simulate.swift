import ArgumentParser
import Foundation
import WeigeCore
import WeigeStore

/// `weige simulate`: another operator's terminal in a box — appends a believable stream of events.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Append a believable stream of visits, tickets and alerts to a store, one durable event at a time.")

  @OptionGroup var store: StoreOptions

  @Option(help: "Events a second.")
  var rate: Double = 2

  @Option(help: "Stop after this many events (default: run until interrupted).")
  var count: Int?

  @Option(help: "The seed of the random choices.")
  var seed: UInt64 = UInt64(UInt32(truncatingIfNeeded: getpid()))

  @Flag(help: "Print each acknowledged event: `acked SEQ ID KIND`.")
  var verbose = false

  func run() throws {
    guard rate > 0 else { throw CLIError("--rate must be above 0") }
    let target = try store.openExisting()
    var ledger = try target.openLedger()
    var simulator = Simulator(seed: seed)
    var appended = 0
    while count.map({ appended < $0 }) ?? true {
      // Catch up with what other processes appended, so validation sees the current state.
      try target.replay(into: &ledger)
      let now = Timestamp.now
      guard let (body, actor) = simulator.next(in: ledger, at: now) else {
        throw CLIError("the store has no households to simulate; write a demo district first")
      }
      try ledger.validate(body, at: now)
      let stream = body.stream
      let expected = try target.version(of: stream)
      do {
        for event in try target.append(
          [NewEvent(time: now, actor: actor, body: body)], expectedVersions: [stream: expected])
        {
          ledger.apply(event)
          if verbose { print("acked \(event.sequence) \(event.id) \(event.body.kind.name)") }
        }
        fflush(nil)
        appended += 1
      } catch StoreError.versionConflict {
        continue  // another writer got there first; catch up and choose again
      }
      Thread.sleep(forTimeInterval: 1 / rate)
    }
  }
}
