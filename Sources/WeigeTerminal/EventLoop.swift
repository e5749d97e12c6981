import Synchronization
import WeigeUI

#if canImport(Glibc)
  import Glibc
#endif

/// Runs an app: sleeps in one `poll` on the terminal, a wake-up pipe and the next timer, feeds
/// what arrives to the app's update, and draws a frame only when an update asked for one.
/// Nothing spins while idle, so an idle command room costs no CPU.
public final class EventLoop<Message: Sendable>: Sendable {
  private struct Timer {
    var interval: Duration
    var due: ContinuousClock.Instant
    var make: @Sendable () -> Message
  }

  private let wake: (read: Int32, write: Int32)
  private let inbox = Mutex<[Message]>([])
  private let timers = Mutex<[Timer]>([])

  public init() {
    var descriptors: [Int32] = [-1, -1]
    if pipe(&descriptors) == 0 {
      for descriptor in descriptors {
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
      }
    }
    wake = (descriptors[0], descriptors[1])
  }

  deinit {
    close(wake.read)
    close(wake.write)
  }

  /// Hands a message to the loop from any thread (a store event, a finished search).
  public func post(_ message: Message) {
    inbox.withLock { $0.append(message) }
    var byte: UInt8 = 1
    _ = write(wake.write, &byte, 1)  // A full pipe already means "wake up"; EAGAIN is fine.
  }

  /// Sends `make()` to the app every `interval`, starting one interval from now.
  public func every(_ interval: Duration, _ make: @escaping @Sendable () -> Message) {
    timers.withLock { $0.append(Timer(interval: interval, due: .now + interval, make: make)) }
  }

  /// Runs until an update answers `.quit` or the input hangs up, drawing through `backend`.
  /// The first frame is drawn at once; `perform` carries out each effect an update returns, in
  /// order, before the next event is fed (it answers, if at all, through `post`).
  public func run<A: App>(
    _ app: inout A, on backend: any Backend, input: any InputSource, perform: (A.Effect) -> Void
  ) where A.Message == Message {
    let renderer = Renderer(backend: backend)
    var needsFrame = true
    while true {
      if needsFrame {
        renderer.draw { buffer, area in app.view(into: &buffer, area: area) }
        needsFrame = false
      }
      if waitForSomething(input) { return }
      var events: [Event<Message>] = input.readEvents().map { .input($0) }
      drainWakePipe()
      events += inbox.withLock { messages in
        defer { messages.removeAll() }
        return messages.map { .message($0) }
      }
      events += dueTimerMessages().map { .message($0) }
      for event in events {
        if case .input(.resize) = event {
          renderer.invalidate()
          needsFrame = true
        }
        // Ctrl-L repaints the whole screen, as in a shell, whatever else wrote over it.
        if case .input(.key(.control("l"))) = event {
          renderer.invalidate()
          needsFrame = true
          continue
        }
        let outcome = app.update(event)
        outcome.effects.forEach(perform)
        switch outcome.reaction {
        case .unchanged: break
        case .redraw: needsFrame = true
        case .quit: return
        }
      }
    }
  }

  /// Runs an app that hands the runtime no work.
  public func run<A: App>(_ app: inout A, on backend: any Backend, input: any InputSource)
  where A.Message == Message, A.Effect == Never {
    run(&app, on: backend, input: input) { _ in }
  }

  /// Sleeps until input, a wake-up or the next timer; true when the input itself is gone (its
  /// window closed, its tmux server killed), where reading would fail at once forever after.
  private func waitForSomething(_ input: any InputSource) -> Bool {
    let sources = input.readinessDescriptors
    var descriptors = (sources + [wake.read]).map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
    _ = poll(&descriptors, nfds_t(descriptors.count), millisecondsToNextTimer())
    return descriptors.prefix(sources.count).contains {
      $0.revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0
    }
  }

  /// -1 (wait for input only) when no timer is set; rounded up so a timer is never early.
  private func millisecondsToNextTimer() -> Int32 {
    guard let due = timers.withLock({ $0.map(\.due).min() }) else { return -1 }
    let left = ContinuousClock.now.duration(to: due)
    if left <= .zero { return 0 }
    let (seconds, attoseconds) = left.components
    return Int32(
      min(Int64(Int32.max), seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000))
  }

  private func drainWakePipe() {
    var scratch = [UInt8](repeating: 0, count: 256)
    while read(wake.read, &scratch, scratch.count) > 0 {}
  }

  private func dueTimerMessages() -> [Message] {
    let now = ContinuousClock.now
    return timers.withLock { timers in
      var messages: [Message] = []
      for index in timers.indices where timers[index].due <= now {
        messages.append(timers[index].make())
        // After a stall (a suspended laptop), skip missed ticks instead of firing a burst.
        let next = timers[index].due + timers[index].interval
        timers[index].due = next > now ? next : now + timers[index].interval
      }
      return messages
    }
  }
}
