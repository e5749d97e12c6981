import CNcursesw
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Gives the terminal back in a sane state however the process ends: on quit, on SIGINT, SIGTERM
/// and SIGHUP, and on a crash (a Swift trap is SIGILL on x86-64, SIGTRAP on arm64).
///
/// The signal path may only make async-signal-safe calls, so everything it needs — the saved
/// termios and the escape bytes that leave the alternate screen and show the cursor — is prepared
/// at start in memory that is never freed. The handler writes the bytes and puts the modes back
/// with `tcsetattr`. SIGINT, SIGTERM and SIGHUP then end the process quietly; a crash signal
/// (SIGSEGV, SIGABRT, SIGILL, SIGQUIT …) first writes a `CrashReport` and says where in one line.
/// Either way the signal is raised again at its default action, so the process ends at once and
/// its exit status says what killed it.
///
/// A crash does not chain to Swift's own backtracer: on a terminal it waits 30 s for a key
/// ("Press space to interact…") while the process stays alive, and its settings
/// (SWIFT_BACKTRACE) are read only at process start. A command room needs its shell back at once.
enum TerminalGuard {
  struct State {
    var descriptor: Int32 = -1
    var active = false
    var modes = termios()
    var sequenceLength = 0
    var resizeWakeDescriptor: Int32 = -1
  }

  static let quietSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]
  static let crashSignals: [Int32] = [SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGSEGV]
  static var fatalSignals: [Int32] { quietSignals + crashSignals }
  static let sequenceCapacity = 256
  /// Room for the crash handler to run on when the crash is a stack overflow.
  static let alternateStackSize = 64 * 1024
  /// Set by the first crash handler to run; a second fatal signal meanwhile ends the process.
  static let crashing = Atomic<Bool>(false)

  nonisolated(unsafe) static let state: UnsafeMutablePointer<State> = {
    let pointer = UnsafeMutablePointer<State>.allocate(capacity: 1)
    pointer.initialize(to: State())
    return pointer
  }()
  nonisolated(unsafe) static let sequence = UnsafeMutablePointer<UInt8>.allocate(capacity: sequenceCapacity)
  /// Previous actions, indexed by signal number, to chain to or re-raise with.
  nonisolated(unsafe) static let previousActions: UnsafeMutablePointer<sigaction> = {
    let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
    pointer.initialize(repeating: sigaction(), count: 65)
    return pointer
  }()

  /// Saves the modes of `descriptor` before curses changes them and installs the handlers; a
  /// crash report goes to `crashDirectory`.
  static func arm(descriptor: Int32, crashDirectory: String?) {
    state.pointee.descriptor = descriptor
    guard tcgetattr(descriptor, &state.pointee.modes) == 0 else { return }
    state.pointee.active = true
    CrashReport.prepare(directory: crashDirectory)
    _ = crashing.load(ordering: .relaxed)
    provideAlternateStack()
    for signal in quietSignals { install(restoreAndReraise, for: signal) }
    for signal in crashSignals {
      var action = sigaction()
      action.__sigaction_handler.sa_sigaction = restoreReportAndReraise
      sigemptyset(&action.sa_mask)
      action.sa_flags = SA_SIGINFO | SA_ONSTACK
      sigaction(signal, &action, previousActions + Int(signal))
    }
    // A blocked mask is inherited across exec; a parent that blocked these would leave Weige
    // deaf to resizes and to SIGTERM.
    var handled = sigset_t()
    sigemptyset(&handled)
    for signal in fatalSignals + [SIGWINCH] { sigaddset(&handled, signal) }
    sigprocmask(SIG_UNBLOCK, &handled, nil)
    atexit { TerminalGuard.restore() }
  }

  /// A stack for the signal handlers of this (the main) thread, unless one is set already.
  private static func provideAlternateStack() {
    var current = stack_t()
    guard sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) != 0 else { return }
    var stack = stack_t()
    stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: alternateStackSize, alignment: 16)
    stack.ss_size = alternateStackSize
    sigaltstack(&stack, nil)
  }

  /// Records the bytes that undo what curses did to the screen; read from terminfo after
  /// `initscr`, so they fit the actual terminal.
  static func prepareSequence(terminfo names: [String], literal: String) {
    var bytes: [UInt8] = []
    for name in names {
      guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { continue }
      bytes += Array(String(cString: value).utf8)
    }
    bytes += Array(literal.utf8)
    let count = min(bytes.count, sequenceCapacity)
    for i in 0..<count { sequence[i] = bytes[i] }
    state.pointee.sequenceLength = count
  }

  /// Wakes the event loop on SIGWINCH after letting ncursesw's own handler note the resize, so
  /// that the next `get_wch` reports KEY_RESIZE.
  static func watchResize(wake descriptor: Int32) {
    state.pointee.resizeWakeDescriptor = descriptor
    install(chainResize, for: SIGWINCH)
  }

  static func install(_ handler: @convention(c) (Int32) -> Void, for signal: Int32) {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = handler
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(signal, &action, previousActions + Int(signal))
  }

  /// Async-signal-safe: write(2) and tcsetattr(3) only.
  static func restore() {
    let current = state.pointee
    guard current.active else { return }
    state.pointee.active = false
    if current.sequenceLength > 0 { _ = write(current.descriptor, sequence, current.sequenceLength) }
    var modes = current.modes
    tcsetattr(current.descriptor, TCSANOW, &modes)
  }

  /// Called after a clean `endwin`: nothing left to undo on exit.
  static func disarm() {
    restore()
    for signal in fatalSignals { sigaction(signal, previousActions + Int(signal), nil) }
  }
}

private let restoreAndReraise: @convention(c) (Int32) -> Void = { signal in
  TerminalGuard.restore()
  sigaction(signal, TerminalGuard.previousActions + Int(signal), nil)
  raise(signal)
}

/// Restores the terminal, reports, and dies of the signal at its default action (re-raised; it is
/// delivered as the handler returns, or the faulting instruction faults again).
private let restoreReportAndReraise:
  @convention(c) (Int32, UnsafeMutablePointer<siginfo_t>?, UnsafeMutableRawPointer?) -> Void = {
    signal, info, _ in
    if !TerminalGuard.crashing.exchange(true, ordering: .relaxed) {
      TerminalGuard.restore()
      // si_code 0 or below: sent by kill, tkill or sigqueue rather than raised by a fault.
      let sender = info.flatMap { $0.pointee.si_code <= 0 ? $0.pointee._sifields._kill.si_pid : nil }
      CrashReport.write(signal: signal, sender: sender)
    }
    var action = sigaction()
    action.__sigaction_handler.sa_handler = SIG_DFL
    sigemptyset(&action.sa_mask)
    sigaction(signal, &action, nil)
    raise(signal)
  }

private let chainResize: @convention(c) (Int32) -> Void = { signal in
  let previous = TerminalGuard.previousActions[Int(signal)].__sigaction_handler.sa_handler
  if let previous, unsafeBitCast(previous, to: Int.self) > 1 { previous(signal) }
  var byte: UInt8 = 0x57  // "W"
  _ = write(TerminalGuard.state.pointee.resizeWakeDescriptor, &byte, 1)
}
