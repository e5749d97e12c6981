import CNcursesw
import WeigeUI

#if canImport(Glibc)
  import Glibc
#endif

/// The ncursesw backend: the one place that draws on a real terminal.
///
/// It writes only the cells a frame changed into curses' screen and shows them with one
/// `doupdate`, so curses in turn sends only those cells' bytes.
///
/// A curses cell holds one spacing character and up to four zero-width ones, so a ZWJ sequence
/// (👨‍👩‍👧‍👦) or a flag (🇨🇳) does not fit: curses would keep 👨 plus a dangling ZWJ, which
/// the terminal then joins to whatever comes next. Such a cluster goes to curses as a placeholder
/// of the same width (its first emoji, else an ideographic space), and after each `doupdate` the
/// whole cluster is written over it, in the cell's colours, through curses' own attribute
/// tracking (`vid_puts`), and the cursor is put back where curses believes it is.
public final class NcursesBackend: Backend, InputSource {
  public struct Options: Sendable {
    /// How long a lone Esc waits for the rest of an escape sequence, in milliseconds. Short,
    /// because Esc means "back" here and a long pause makes it feel broken; 25 ms is ample on a
    /// local terminal and over ssh on a LAN.
    public var escapeDelay: Int32 = 25
    public var mouse = true
    /// The environment colour decisions read (NO_COLOR, COLORTERM, TERM).
    public var environment: [String: String] = [:]

    public init(escapeDelay: Int32 = 25, mouse: Bool = true, environment: [String: String] = [:]) {
      self.escapeDelay = escapeDelay
      self.mouse = mouse
      self.environment = environment
    }
  }

  public enum Failure: Error, CustomStringConvertible {
    case notATerminal
    case cannotStart(String)

    public var description: String {
      switch self {
      case .notATerminal: "weige needs a terminal: standard input and output must be a tty"
      case .cannotStart(let why): "cannot start the terminal: \(why)"
      }
    }
  }

  /// The colours this terminal shows, after NO_COLOR and what curses reports.
  public let colorDepth: ColorDepth
  /// A sentence on how colour was decided, for `--verbose` and the themes command.
  public let colorReport: String
  /// Set when the locale was not UTF-8 and Weige switched to C.UTF-8.
  public let localeWarning: String?
  /// The descriptor to wait on for key presses.
  private let inputDescriptor: Int32
  /// Readable after SIGWINCH; the event loop waits on it too.
  private let resizeDescriptor: Int32

  private let screen: OpaquePointer?
  private let headlessOutput: UnsafeMutablePointer<FILE>?
  private let canUseDefaultColors: Bool
  private var styleCache: [Style: (attributes: attr_t, pair: Int32)] = [:]
  private let glyph = UnsafeMutablePointer<wchar_t>.allocate(capacity: 8)
  private var resizePipe: (read: Int32, write: Int32) = (-1, -1)
  private var ended = false
  private let outputDescriptor: Int32
  /// Clusters curses cannot hold, by screen position (row * 65536 + column), as now on screen.
  private var clusters: [Int: CellChange] = [:]
  private var drewClusters = false

  /// Takes over the controlling terminal (standard input and output).
  public convenience init(options: Options = Options()) throws(Failure) {
    let warning = TextLocale.adoptUserLocale()
    guard isatty(0) == 1, isatty(1) == 1 else { throw .notATerminal }
    TerminalGuard.arm(descriptor: 1, crashDirectory: CrashReport.directory(environment: options.environment))
    guard initscr() != nil else { throw .cannotStart("initscr failed (is TERM set?)") }
    try self.init(screen: nil, headless: nil, input: 0, options: options, localeWarning: warning)
  }

  /// A backend that writes to a file instead of a terminal, so the bytes a frame costs can be
  /// counted. The size comes from LINES and COLUMNS, as curses does when the output is no tty.
  public static func headless(
    size: Size, terminalType: String = "xterm-256color", options: Options = Options()
  ) throws(Failure) -> NcursesBackend {
    _ = TextLocale.adoptUserLocale()
    let names = ["LINES", "COLUMNS"]
    let saved: [String?] = names.map { (name: String) -> String? in
      guard let value = getenv(name) else { return nil }
      return String(cString: value)
    }
    setenv("LINES", "\(size.height)", 1)
    setenv("COLUMNS", "\(size.width)", 1)
    // Put them back at once: child processes (a terminal started by a test) must not inherit a
    // fixed size, or their curses would ignore every resize.
    defer {
      for (name, value) in zip(names, saved) {
        if let value { setenv(name, value, 1) } else { unsetenv(name) }
      }
    }
    guard let output = tmpfile(), let input = fopen("/dev/null", "r") else {
      throw .cannotStart("no temporary file")
    }
    guard let screen = newterm(terminalType, output, input) else {
      throw .cannotStart("no terminfo entry for \(terminalType)")
    }
    set_term(screen)
    return try NcursesBackend(
      screen: screen, headless: output, input: fileno(input), options: options, localeWarning: nil)
  }

  private init(
    screen: OpaquePointer?, headless: UnsafeMutablePointer<FILE>?, input: Int32, options: Options,
    localeWarning: String?
  ) throws(Failure) {
    self.screen = screen
    self.headlessOutput = headless
    self.inputDescriptor = input
    self.localeWarning = localeWarning
    self.outputDescriptor = headless.map { fileno($0) } ?? 1
    raw()
    noecho()
    nonl()
    keypad(weige_stdscr(), true)
    nodelay(weige_stdscr(), true)
    set_escdelay(options.escapeDelay)
    curs_set(0)
    if options.mouse && headless == nil {
      mousemask(weige_mouse_mask(), nil)
      mouseinterval(0)
    }
    let environment = options.environment
    let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    if noColor || !has_colors() {
      colorDepth = .none
      canUseDefaultColors = false
      colorReport =
        noColor ? "NO_COLOR is set: no colours, bold and reverse kept" : "the terminal has no colours"
    } else {
      start_color()
      canUseDefaultColors = use_default_colors() == OK
      let reported = Int(weige_colors())
      colorDepth = ColorDepth(reportedColors: reported)
      let claimsTrueColor = ["truecolor", "24bit"].contains(environment["COLORTERM"]?.lowercased() ?? "")
      let term = environment["TERM"] ?? "?"
      colorReport =
        claimsTrueColor && colorDepth < .trueColor
        ? "COLORTERM says truecolor, but terminfo \(term) gives \(reported) colours: drawing at \(colorDepth)"
        : "terminfo \(term): \(reported) colours, drawing at \(colorDepth)"
    }
    if headless == nil {
      TerminalGuard.prepareSequence(
        terminfo: ["sgr0", "rmkx", "cnorm", "rmcup"],
        literal: options.mouse ? "\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1006l" : "")
      var descriptors: [Int32] = [0, 0]
      if pipe(&descriptors) == 0 {
        for descriptor in descriptors {
          _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        }
        resizePipe = (descriptors[0], descriptors[1])
        TerminalGuard.watchResize(wake: descriptors[1])
      }
    }
    resizeDescriptor = resizePipe.read
  }

  deinit {
    end()
    glyph.deallocate()
  }

  public var size: Size {
    var rows: Int32 = 0
    var columns: Int32 = 0
    weige_getmaxyx(weige_stdscr(), &rows, &columns)
    return Size(width: Int(columns), height: Int(rows))
  }

  public func draw(_ changes: [CellChange]) {
    for change in changes where !change.cell.isContinuation {
      let key = change.y << 16 | change.x
      if !clusters.isEmpty {
        clusters[key] = nil
        if change.cell.width == 2 { clusters[key + 1] = nil }
      }
      if !loadGlyph(change.cell) { clusters[key] = change }
      let (attributes, pair) = attributes(for: change.cell.style)
      _ = weige_put_glyph(Int32(change.y), Int32(change.x), glyph, attributes, pair)
    }
    if !changes.isEmpty && !clusters.isEmpty { drewClusters = true }
  }

  /// Puts the cell's glyph in `glyph` for curses; false when it had to be a placeholder.
  private func loadGlyph(_ cell: Cell) -> Bool {
    let scalars = cell.symbol.unicodeScalars
    var count = 0
    var whole = true
    for scalar in scalars {
      if count > 0 && (count == 5 || scalar == "\u{200D}" || TextWidth.scalarWidth(scalar.value) > 0) {
        whole = false
        break
      }
      glyph[count] = wchar_t(bitPattern: scalar.value)
      count += 1
    }
    if !whole && TextWidth.scalarWidth(UInt32(bitPattern: glyph[0])) != Int(cell.width) {
      glyph[0] = cell.width == 2 ? 0x3000 : 0x20
      count = 1
    }
    glyph[count] = 0
    return whole
  }

  /// Forgets what is on screen: the next `doupdate` clears the terminal and repaints every cell
  /// (Ctrl-L, a resize), so stray bytes another program wrote are gone too.
  public func clear() {
    clearok(weige_curscr(), true)
    clusters.removeAll()
  }

  public func flush() {
    wnoutrefresh(weige_stdscr())
    doupdate()
    if drewClusters { writeClusters() }
    drewClusters = false
  }

  /// curses' beep: the terminal's bell, or its visible bell when it has no audible one. Sent at
  /// once, not with the next frame.
  public func bell() { beep() }

  /// Writes each cluster over its placeholder. All of them, after any frame that drew a cell:
  /// curses may have repainted a placeholder as part of a run of cells it rewrote.
  private func writeClusters() {
    ClusterOutput.bytes.removeAll(keepingCapacity: true)
    for change in clusters.values {
      guard let move = weige_move_to(Int32(change.y), Int32(change.x)) else { return }
      ClusterOutput.bytes += UnsafeRawBufferPointer(start: move, count: strlen(move))
      var (attributes, pair) = attributes(for: change.cell.style)
      vid_puts(attributes, 0, &pair, ClusterOutput.put)
      ClusterOutput.bytes += Array(change.cell.symbol.utf8)
    }
    vid_puts(weige_attr_normal(), 0, nil, ClusterOutput.put)
    var row: Int32 = 0
    var column: Int32 = 0
    weige_physical_cursor(&row, &column)
    if let move = weige_move_to(row, column) {
      ClusterOutput.bytes += UnsafeRawBufferPointer(start: move, count: strlen(move))
    }
    ClusterOutput.bytes.withUnsafeBytes { bytes in
      var written = 0
      while written < bytes.count {
        let result = write(outputDescriptor, bytes.baseAddress! + written, bytes.count - written)
        if result <= 0 { return }
        written += result
      }
    }
  }

  /// Bytes sent to the output so far (headless backends only).
  public var bytesWritten: Int {
    guard let output = headlessOutput else { return 0 }
    fflush(output)
    var status = stat()
    return fstat(fileno(output), &status) == 0 ? Int(status.st_size) : 0
  }

  /// The terminal (its hang-up ends the loop) and the pipe SIGWINCH writes to.
  public var readinessDescriptors: [Int32] { [inputDescriptor, resizeDescriptor] }

  /// Everything the terminal has sent, without waiting.
  public func readEvents() -> [InputEvent] {
    var events: [InputEvent] = []
    if resizePipe.read >= 0 {
      var scratch = [UInt8](repeating: 0, count: 64)
      while read(resizePipe.read, &scratch, 64) > 0 {}
    }
    var value: wint_t = 0
    while true {
      let result = get_wch(&value)
      if result == weige_err() { break }
      if result == weige_key_code_yes() {
        let code = Int32(bitPattern: value)
        if code == KEY_RESIZE {
          events.append(.resize(size))
        } else if code == KEY_MOUSE {
          if let mouse = readMouse() { events.append(.mouse(mouse)) }
        } else if let key = KeyDecoder.key(code: code) {
          events.append(.key(key))
        }
      } else {
        events.append(.key(KeyDecoder.key(character: UInt32(value))))
      }
    }
    return events
  }

  private func readMouse() -> MouseEvent? {
    var event = MEVENT()
    guard getmouse(&event) == OK else { return nil }
    let state = event.bstate
    let kind: MouseEvent.Kind =
      weige_mouse_is_wheel_up(state) != 0
      ? .wheelUp
      : weige_mouse_is_wheel_down(state) != 0
        ? .wheelDown
        : weige_mouse_is_left(state) != 0
          ? .leftClick
          : weige_mouse_is_right(state) != 0 ? .rightClick : .other
    return MouseEvent(kind: kind, x: Int(event.x), y: Int(event.y))
  }

  /// Leaves curses and gives the terminal back as it was found.
  public func end() {
    guard !ended else { return }
    ended = true
    endwin()
    if let screen {
      delscreen(screen)
    } else {
      TerminalGuard.disarm()
    }
    if let headlessOutput { fclose(headlessOutput) }
  }

  /// The curses attributes and colour pair of a style, worked out once per distinct style.
  private func attributes(for style: Style) -> (attr_t, Int32) {
    if let known = styleCache[style] { return known }
    var attributes = weige_attr_normal()
    if style.bold { attributes |= weige_attr_bold() }
    if style.dim { attributes |= weige_attr_dim() }
    if style.underline { attributes |= weige_attr_underline() }
    if style.reverse { attributes |= weige_attr_reverse() }
    var pair: Int32 = 0
    if colorDepth > .none {
      let foreground = number(style.foreground ?? .default, isForeground: true)
      let background = number(style.background ?? .default, isForeground: false)
      if foreground != -1 || background != -1 || !canUseDefaultColors {
        pair = max(0, alloc_pair(foreground, background))
      }
    }
    styleCache[style] = (attributes, pair)
    return (attributes, pair)
  }

  /// A curses colour number: -1 is the terminal's default (after `use_default_colors`).
  private func number(_ color: Color, isForeground: Bool) -> Int32 {
    switch color.downgraded(to: colorDepth) {
    case .default: canUseDefaultColors ? -1 : (isForeground ? 7 : 0)
    case .ansi(let index), .indexed(let index): Int32(index)
    case .rgb(let r, let g, let b): Int32(r) << 16 | Int32(g) << 8 | Int32(b)
    }
  }
}

/// Collects the bytes `vid_puts` sends, which it hands over one at a time to a C function.
private enum ClusterOutput {
  nonisolated(unsafe) static var bytes: [UInt8] = []
  static let put: @convention(c) (Int32) -> Int32 = { byte in
    ClusterOutput.bytes.append(UInt8(truncatingIfNeeded: byte))
    return byte
  }
}
