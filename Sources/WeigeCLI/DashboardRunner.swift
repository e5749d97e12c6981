import ArgumentParser
import Foundation
import Synchronization
import WeigeApp
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeSearch
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

  @Flag(help: "Open on the duty desk's queue (值班台; z there and back).")
  var duty = false

  @Option(help: "Seconds between the bell's repeats while it is not acknowledged (default 180).")
  var bellRepeat: Int = DutyBell.defaultRepeatSeconds

  @OptionGroup var themeOptions: ThemeOptions
}

/// Runs the dashboard on `store` until the operator quits: one event loop fed by the terminal, a
/// one-second clock and a thread that follows the store for other processes' events.
func runDashboard(store: any EventStore, operatorName: String, options: DashboardOptions) throws {
  if let cycle = options.cycle, cycle < 1 { throw CLIError("--cycle takes a number of seconds of 1 or more") }
  guard options.bellRepeat >= 1 else {
    throw CLIError("--bell-repeat takes a number of seconds of 1 or more")
  }
  do {
    try FreeText.check(operatorName, field: ("操作人", "operator name"))
  } catch {
    throw CLIError(error.english)
  }
  // The working calendar and SLA policy in force: the user's files over the shipped ones, read
  // (and refused, naming the file and key) before the screen takes the terminal. The duty clocks
  // (the queue, the map's overdue counts, the escalation check) count on this calendar.
  let calendar = try WorkingCalendar.user()
  let slaPolicy: SlaPolicy
  do {
    slaPolicy = try SlaFile.policy().policy
  } catch {
    throw CLIError(error.description)
  }
  let starRules = try loadStarRules(path: nil)
  let ledger = try store.openLedger()
  reportNotices(of: store)
  let recent = try store.events(after: max(0, ledger.lastSequence - Int64(50)))
  let theme = try options.themeOptions.resolve()
  let backend: NcursesBackend
  do {
    backend = try NcursesBackend(options: .init(environment: ProcessInfo.processInfo.environment))
  } catch {
    throw CLIError("\(error)")
  }
  defer { backend.end() }
  let catalog = ThemeCatalog.standard()
  let themes = catalog.entries.filter { !$0.isOverridden }.compactMap {
    try? catalog.load($0.name).downgraded(to: backend.colorDepth)
  }
  let history = PaletteHistory(store: store)
  let loop = EventLoop<Dashboard.Message>()
  var dashboard = Dashboard(
    ledger: ledger, now: .now, theme: theme.downgraded(to: backend.colorDepth),
    language: options.lang, operatorName: operatorName, isWall: options.wall, screenSize: backend.size,
    recent: recent, themes: themes, frecency: history.load(), calendar: calendar)
  let effects = DashboardEffects(store: store, history: history, loop: loop, backend: backend)
  if options.wall { dashboard.lensCycleSeconds = options.cycle }
  dashboard.slaPolicy = slaPolicy
  dashboard.starRules = starRules
  dashboard.setUpDesk(bellRepeatSeconds: options.bellRepeat, opensQueue: options.duty)
  if !options.wall { dashboard.preparePalette().forEach(effects.perform) }
  loop.every(.seconds(1)) { .tick(.now) }
  if options.wall, let cycle = options.cycle { loop.every(.seconds(cycle)) { .cycleLens } }
  let follower = StoreFollower(store: store, after: ledger.lastSequence, loop: loop)
  follower.start()
  defer { follower.stop() }
  // Any open dashboard (not a read-only wall) escalates as `weige duty watch` does, on its tick.
  let escalation = options.wall ? nil : DashboardEscalation(store: store, operatorName: operatorName)
  var app = EscalatingDashboard(dashboard: dashboard, escalation: escalation)
  loop.run(&app, on: backend, input: backend) { effect in
    switch effect {
    case .dashboard(let effect): effects.perform(effect)
    case .escalate(let events, let expected):
      escalation?.append(events, expectedVersions: expected, loop: loop)
    }
  }
}

/// The dashboard, with the duty desk's check on its clock's tick (every tenth): the escalation steps due
/// on the ledger it shows (its clock index's `dueEscalations`, the same answer as `weige duty
/// watch`) are appended under the ids every process derives alike, so however many dashboards and
/// watchers are open, each step is written once.
struct EscalatingDashboard: App {
  enum Effect: Sendable {
    case dashboard(DashboardEffect)
    case escalate([NewEvent], expectedVersions: [String: Int])
  }

  var dashboard: Dashboard
  let escalation: DashboardEscalation?
  var lastCheck: Timestamp?

  /// Seconds between checks: a step is a reminder or a ladder level whose delays are minutes to
  /// days, so ten seconds late costs nothing. The check itself reads only the clocks with a step
  /// due; the interval leaves the follower time to bring back the steps appended, so that the
  /// next check does not propose them again.
  static let checkSeconds: Int64 = 10

  mutating func update(_ event: Event<Dashboard.Message>) -> Outcome<Effect> {
    let outcome = dashboard.update(event)
    var effects = outcome.effects.map(Effect.dashboard)
    if case .message(.tick(let now)) = event, let escalation,
      lastCheck.map({ now.rawValue - $0.rawValue >= Self.checkSeconds * 1000 }) ?? true
    {
      lastCheck = now
      let ledger = dashboard.ledger
      // The dashboard's update has just advanced its clocks to `now`.
      let events = dashboard.index.clocks.dueEscalations(callingFrom: ledger).map {
        $0.event(at: now, actor: escalation.operatorName)
      }
      if !events.isEmpty {
        var expected: [String: Int] = [:]
        for event in events { expected[event.body.stream] = ledger.versions[event.body.streamKey] }
        effects.append(.escalate(events, expectedVersions: expected))
      }
    }
    return Outcome(outcome.reaction, effects: effects)
  }

  func view(into buffer: inout Buffer, area: Rect) { dashboard.view(into: &buffer, area: area) }
}

/// Where the dashboard's escalations go, and whose name they carry.
struct DashboardEscalation {
  let store: any EventStore
  let operatorName: String

  /// Appends the steps; a step another process appended first is skipped by the store, and one
  /// decided on a stale ledger is refused and decided again on the next tick, once the follower
  /// has caught the dashboard up. Only another failure reaches the footer.
  func append(_ events: [NewEvent], expectedVersions: [String: Int], loop: EventLoop<Dashboard.Message>) {
    do {
      _ = try store.append(events, expectedVersions: expectedVersions)
    } catch StoreError.versionConflict, StoreError.idReused {
      return
    } catch {
      loop.post(.refused(chinese: "督办未写入：\(error)", english: "escalation not written: \(error)"))
    }
  }
}

/// Carries out what the dashboard's update asks for (Bubble Tea's commands): appends a palette
/// command's events, keeps the palette's history, builds its index off the loop, rings the bell.
/// What comes of an append returns to the dashboard as a message through the loop.
struct DashboardEffects {
  let store: any EventStore
  let history: PaletteHistory
  let loop: EventLoop<Dashboard.Message>
  let backend: any Backend

  func perform(_ effect: DashboardEffect) {
    switch effect {
    case .append(let events, let expectedVersions, let summary):
      do {
        _ = try store.append(events, expectedVersions: expectedVersions)
        loop.post(.appended(summary: summary))
      } catch let error as StoreError {
        // A version conflict says which stream another operator moved on first, in either
        // language: the footer words it in the screen's.
        loop.post(.refused(chinese: error.message(.zh), english: error.message(.en)))
      } catch {
        loop.post(.refused(chinese: "\(error)", english: "\(error)"))
      }
    case .saveFrecency(let frecency):
      history.save(frecency)
    case .buildPalette(let build):
      let loop = loop
      Thread { loop.post(build.run()) }.start()
    case .bell:
      backend.bell()
    case .readReveals(let household, let streams):
      // A failed read leaves the detail saying it is reading; the follower reports the store.
      if let events = try? streams.flatMap({ try store.events(in: $0) }) {
        loop.post(.revealsRead(household, events))
      }
    }
  }
}

/// The palette's ranking history, kept per store: `<store>.palette.json` beside a store file; for
/// a store on a server, in the user's state folder (`$XDG_STATE_HOME/weige/palette/`) under the
/// server's location, which never holds the password.
struct PaletteHistory {
  let path: String?

  /// Where `store`'s history is kept; nil (none kept) for a store in memory, or for a server's
  /// when the user has no state folder (neither HOME nor XDG_STATE_HOME).
  init(store: any EventStore, environment: [String: String] = ProcessInfo.processInfo.environment) {
    if let file = store as? SQLiteEventStore {
      path = file.path.map { $0 + ".palette.json" }
    } else if let server = store as? PostgresEventStore,
      let folder = UserFolders.weige(.state, environment: environment)
    {
      // `%` and `/` escaped, so that two locations never share a file.
      let name = server.location.dropFirst("postgres://".count)
        .replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "/", with: "%2F")
      path = folder + "/palette/" + name + ".json"
    } else {
      path = nil
    }
  }

  /// The kept history; none (or an unreadable file) starts afresh.
  func load() -> Frecency {
    guard let path, let data = FileManager.default.contents(atPath: path) else { return Frecency() }
    return (try? JSONDecoder().decode(Frecency.self, from: data)) ?? Frecency()
  }

  /// Writes the history atomically, so a crash mid-write leaves the previous one; owner-only from
  /// the first byte, as the store is, since it shows whom the operator looked up.
  func save(_ frecency: Frecency) {
    guard let path, let data = try? JSONEncoder().encode(frecency) else { return }
    // A server's history goes into the state folder, made owner-only as the crash reports' is.
    try? FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    let temporary = path + ".new"
    let descriptor = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { return }
    let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    close(descriptor)
    if written == data.count { rename(temporary, path) } else { unlink(temporary) }
  }
}

/// Follows the store on its own thread and posts what other processes append to the loop.
final class StoreFollower: Sendable {
  private let store: any EventStore
  private let first: Int64
  private let loop: EventLoop<Dashboard.Message>
  private let running = Atomic<Bool>(true)

  init(store: any EventStore, after sequence: Int64, loop: EventLoop<Dashboard.Message>) {
    self.store = store
    first = sequence
    self.loop = loop
  }

  func start() {
    let thread = Thread { [self] in
      var after = first
      var stoppedSince: Timestamp?
      // A read error (a locked or vanished file, a server gone) must not freeze a wall screen
      // silently: the header says since when it is not live, and following resumes where it left off.
      while running.load(ordering: .relaxed) {
        var polls = 0
        // Asked before each poll: a second question means the first poll went through.
        let keepGoing = {
          polls += 1
          if polls > 1, stoppedSince != nil {
            stoppedSince = nil
            self.loop.post(.followStopped(since: nil))
          }
          return self.running.load(ordering: .relaxed)
        }
        do {
          try store.follow(after: after, every: .milliseconds(200), while: keepGoing) { update in
            switch update {
            case .events(let events):
              if let last = events.last { after = last.sequence }
              self.loop.post(.events(events))
            case .replaced:
              // Events already in the reloaded ledger are skipped by the dashboard (by sequence).
              let ledger = try self.store.openLedger()
              after = ledger.lastSequence
              let recent = try self.store.events(after: max(0, ledger.lastSequence - 50))
              self.loop.post(.replaced(ledger, recent: recent))
            }
          }
        } catch {
          if stoppedSince == nil {
            stoppedSince = .now
            loop.post(.followStopped(since: stoppedSince))
          }
          Thread.sleep(forTimeInterval: 1)
        }
      }
    }
    thread.start()
  }

  func stop() { running.store(false, ordering: .relaxed) }
}
