import ArgumentParser
import Foundation
import Synchronization
import WeigeApp
import WeigeCore
import WeigeStore
import WeigeTerminal
import WeigeUI

extension Language: ExpressibleByArgument {}

/// The options of the dashboard itself.
struct DashboardOptions: ParsableArguments {
  @Option(help: "zh or en: the language of every label.")
  var lang: Language = .zh

  @Flag(help: "Read-only wall display: no actions.")
  var wall = false

  @Option(help: "With --wall: switch to the next lens every N seconds.")
  var cycle: Int?

  @OptionGroup var themeOptions: ThemeOptions
}

/// Runs the dashboard on `store` until the operator quits: one event loop fed by the terminal, a
/// one-second clock and a thread that follows the store for other processes' events.
func runDashboard(store: EventStore, operatorName: String, options: DashboardOptions) throws {
  if let cycle = options.cycle, cycle < 1 { throw CLIError("--cycle takes a number of seconds of 1 or more") }
  let ledger = try store.openLedger()
  let recent = try store.events(after: max(0, ledger.lastSequence - Int64(50)))
  let backend: NcursesBackend
  do {
    backend = try NcursesBackend(options: .init(environment: ProcessInfo.processInfo.environment))
  } catch {
    throw CLIError("\(error)")
  }
  defer { backend.end() }
  var dashboard = Dashboard(
    ledger: ledger, now: .now, theme: options.themeOptions.resolve().downgraded(to: backend.colorDepth),
    language: options.lang, operatorName: operatorName, isWall: options.wall, screenSize: backend.size,
    recent: recent)
  let loop = EventLoop<Dashboard.Message>()
  loop.every(.seconds(1)) { .tick(.now) }
  if options.wall, let cycle = options.cycle { loop.every(.seconds(cycle)) { .cycleLens } }
  let follower = StoreFollower(store: store, after: ledger.lastSequence, loop: loop)
  follower.start()
  defer { follower.stop() }
  loop.run(&dashboard, on: backend, renderer: Renderer(backend: backend))
}

/// Follows the store on its own thread and posts what other processes append to the loop.
final class StoreFollower: Sendable {
  private let store: EventStore
  private let first: Int64
  private let loop: EventLoop<Dashboard.Message>
  private let running = Atomic<Bool>(true)

  init(store: EventStore, after sequence: Int64, loop: EventLoop<Dashboard.Message>) {
    self.store = store
    first = sequence
    self.loop = loop
  }

  func start() {
    let thread = Thread { [self] in
      try? store.follow(
        after: first, every: .milliseconds(200), while: { self.running.load(ordering: .relaxed) }
      ) {
        self.loop.post(.events($0))
      }
    }
    thread.start()
  }

  func stop() { running.store(false, ordering: .relaxed) }
}
