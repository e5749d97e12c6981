import CNcursesw
import WeigeUI

#if canImport(Glibc)
  import Glibc
#endif

/// Writes what is known about a crash to a file under `$XDG_STATE_HOME/weige/` (default
/// `~/.local/state/weige/`), from inside a signal handler.
///
/// Only async-signal-safe calls are allowed there, so everything is prepared by `prepare`: the
/// directory is created and opened, the buffers allocated, and `backtrace` called once so that
/// glibc has loaded libgcc before the crash. The handler then only formats digits into those
/// buffers and calls `openat`, `write`, `read` and `backtrace_symbols_fd`.
///
/// The report holds the signal, who sent it, the time, the raw backtrace of the crashing thread
/// and `/proc/self/maps` (to turn the addresses into names later, with `addr2line` or
/// `swift demangle`). It is not symbolicated in the handler: that would need memory allocation.
enum CrashReport {
  struct State {
    var directory: Int32 = -1
    var directoryPathLength = 0
  }

  static let bufferCapacity = 4096
  static let frameCapacity = 64

  nonisolated(unsafe) static let state: UnsafeMutablePointer<State> = {
    let pointer = UnsafeMutablePointer<State>.allocate(capacity: 1)
    pointer.initialize(to: State())
    return pointer
  }()
  nonisolated(unsafe) static let directoryPath = UnsafeMutablePointer<UInt8>.allocate(
    capacity: bufferCapacity)
  nonisolated(unsafe) static let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bufferCapacity)
  nonisolated(unsafe) static let fileName = UnsafeMutablePointer<UInt8>.allocate(capacity: 128)
  nonisolated(unsafe) static let frames = UnsafeMutablePointer<UnsafeMutableRawPointer?>.allocate(
    capacity: frameCapacity)

  /// The folder crash reports go to for this environment; nil without HOME or XDG_STATE_HOME.
  static func directory(environment: [String: String]) -> String? {
    UserFolders.weige(.state, environment: environment)
  }

  /// Creates the folder (owner-only, 0700) and keeps it open for the handler.
  static func prepare(directory path: String?) {
    _ = backtrace(frames, 1)
    guard let path, path.utf8.count < bufferCapacity - 128 else { return }
    var partial = ""
    for component in path.split(separator: "/") {
      partial += "/" + component
      _ = mkdir(partial, 0o700)
    }
    let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    if state.pointee.directory >= 0 { close(state.pointee.directory) }
    state.pointee.directory = descriptor
    let bytes = Array(path.utf8)
    for (i, byte) in bytes.enumerated() { directoryPath[i] = byte }
    state.pointee.directoryPathLength = bytes.count
  }

  /// Writes the report and one line on standard error saying where it went. Async-signal-safe.
  static func write(signal: Int32, sender: pid_t?) {
    var now = timespec()
    clock_gettime(CLOCK_REALTIME, &now)
    let seconds = Int64(now.tv_sec)
    var report: Int32 = -1
    var nameLength = 0
    if state.pointee.directory >= 0 {
      var name = Text(fileName, capacity: 128)
      name.append("crash-")
      name.appendTimestamp(seconds, compact: true)
      name.append("-")
      name.append(Int64(getpid()))
      name.append(".log")
      nameLength = name.count
      fileName[nameLength] = 0
      report = openat(
        state.pointee.directory, UnsafeRawPointer(fileName).assumingMemoryBound(to: CChar.self),
        O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
    }

    var line = Text(buffer, capacity: bufferCapacity)
    line.append("weige: crashed on ")
    line.append(signalName(signal))
    if report >= 0 {
      line.append("; crash log in ")
      line.append(directoryPath, count: state.pointee.directoryPathLength)
      line.append("/")
      line.append(fileName, count: nameLength)
    } else {
      line.append("; no crash log written (set XDG_STATE_HOME or HOME to a writable place)")
    }
    line.append("\n")
    line.write(to: 2)
    guard report >= 0 else { return }

    var header = Text(buffer, capacity: bufferCapacity)
    header.append("weige crash report\nsignal: ")
    header.append(signalName(signal))
    header.append(" (")
    header.append(Int64(signal))
    header.append(")\n")
    if let sender {
      header.append("sent by: process ")
      header.append(Int64(sender))
      header.append("\n")
    }
    header.append("time: ")
    header.appendTimestamp(seconds, compact: false)
    header.append("\nprocess: ")
    header.append(Int64(getpid()))
    header.append("\nbacktrace of the crashing thread (addresses; see the map below):\n")
    header.write(to: report)
    let count = backtrace(frames, Int32(frameCapacity))
    backtrace_symbols_fd(frames, count, report)

    var mapsTitle = Text(buffer, capacity: bufferCapacity)
    mapsTitle.append("\nmemory map (/proc/self/maps):\n")
    mapsTitle.write(to: report)
    let maps = open("/proc/self/maps", O_RDONLY | O_CLOEXEC)
    if maps >= 0 {
      while true {
        let got = read(maps, buffer, bufferCapacity)
        if got <= 0 { break }
        _ = Glibc.write(report, buffer, got)
      }
      close(maps)
    }
    close(report)
  }

  static func signalName(_ signal: Int32) -> StaticString {
    switch signal {
    case SIGSEGV: "SIGSEGV"
    case SIGABRT: "SIGABRT"
    case SIGILL: "SIGILL"
    case SIGQUIT: "SIGQUIT"
    case SIGBUS: "SIGBUS"
    case SIGFPE: "SIGFPE"
    case SIGTRAP: "SIGTRAP"
    default: "a fatal signal"
    }
  }

  /// Text built in a fixed buffer, without allocating: the handler's only way to format.
  struct Text {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    private(set) var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>, capacity: Int) {
      self.base = base
      self.capacity = capacity
    }

    mutating func append(_ byte: UInt8) {
      guard count < capacity - 1 else { return }
      base[count] = byte
      count += 1
    }

    mutating func append(_ text: StaticString) {
      append(text.utf8Start, count: text.utf8CodeUnitCount)
    }

    mutating func append(_ bytes: UnsafePointer<UInt8>, count: Int) {
      for i in 0..<count { append(bytes[i]) }
    }

    mutating func append(_ bytes: UnsafeMutablePointer<UInt8>, count: Int) {
      append(UnsafePointer(bytes), count: count)
    }

    mutating func append(_ number: Int64, width: Int = 1) {
      var value = number.magnitude
      if number < 0 { append(UInt8(ascii: "-")) }
      var digits = 0
      var divisor: UInt64 = 1
      while value / divisor >= 10 {
        divisor *= 10
        digits += 1
      }
      for _ in 0..<max(0, width - digits - 1) { append(UInt8(ascii: "0")) }
      while divisor > 0 {
        append(UInt8(ascii: "0") + UInt8(value / divisor))
        value %= divisor
        divisor /= 10
      }
    }

    /// UTC, as 2026-11-30T12:58:34Z, or 20261130T125834Z for a file name. The civil date is
    /// worked out by hand (Howard Hinnant's days-to-civil): gmtime is not async-signal-safe.
    mutating func appendTimestamp(_ seconds: Int64, compact: Bool) {
      let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
      let secondOfDay = seconds - days * 86_400
      let shifted = days + 719_468
      let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
      let dayOfEra = shifted - era * 146_097
      let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
      let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
      let monthIndex = (5 * dayOfYear + 2) / 153
      let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
      let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
      let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
      append(year, width: 4)
      if !compact { append(UInt8(ascii: "-")) }
      append(month, width: 2)
      if !compact { append(UInt8(ascii: "-")) }
      append(day, width: 2)
      append(UInt8(ascii: "T"))
      append(secondOfDay / 3600, width: 2)
      if !compact { append(UInt8(ascii: ":")) }
      append(secondOfDay / 60 % 60, width: 2)
      if !compact { append(UInt8(ascii: ":")) }
      append(secondOfDay % 60, width: 2)
      append(UInt8(ascii: "Z"))
    }

    func write(to descriptor: Int32) {
      var written = 0
      while written < count {
        let result = Glibc.write(descriptor, base + written, count - written)
        if result <= 0 { return }
        written += result
      }
    }
  }
}
