import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeCore
import WeigeStore

/// `weige simulate`: another operator's terminal in a box — appends a believable stream of events.
struct Simulate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract:
      "Append a believable stream of visits, tickets and alerts to a store, one durable event at a time.")

  @OptionGroup var store: StoreOptions

  @Option(parsing: .unconditional, help: "Events a second.")
  var rate: Double = 2

  @Option(parsing: .unconditional, help: "Stop after this many events (default: run until interrupted).")
  var count: Int?

  @Option(help: "The seed of the random choices.")
  var seed: UInt64 = UInt64(UInt32(truncatingIfNeeded: getpid()))

  @Flag(help: "Print each acknowledged event: `acked SEQ ID KIND`.")
  var verbose = false

  func run() throws {
    guard rate > 0 else { throw CLIError("--rate must be above 0, not \(rate)") }
    if let count, count < 0 { throw CLIError("--count takes 0 or more events, not \(count)") }
    let target = try store.open(.readWrite)
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
      let event = NewEvent(time: now, actor: actor, body: body)
      try ledger.validate(event)
      do {
        // Decided on this state: a stream another writer moved on since is refused, never overwritten.
        // Not folded here: another writer may have appended before it, and the next catch-up
        // reads both in order.
        for recorded in try target.append([event], decidedOn: ledger) {
          if verbose { print("acked \(recorded.sequence) \(recorded.id) \(recorded.body.kind.name)") }
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
