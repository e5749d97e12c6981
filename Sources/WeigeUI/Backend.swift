#if canImport(Glibc)
  import Glibc
#endif

/// The one thing that talks to a terminal (or pretends to). Everything above it works on buffers.
public protocol Backend: AnyObject {
  /// The drawable size now.
  var size: Size { get }
  /// Draws changed cells; nothing shows until `flush`.
  func draw(_ changes: [CellChange])
  /// Forgets what is on screen, so the next frame repaints every cell.
  func clear()
  /// Shows what was drawn, in one write.
  func flush()
  /// Rings the terminal's bell (a terminal may flash instead, or a multiplexer mark the window).
  func bell()
}

/// Draws frames through a backend, sending only the cells that changed since the last frame.
public final class Renderer {
  public let backend: any Backend
  /// Below this size the view is replaced by a "terminal too small" notice.
  public var minimumSize: Size
  /// Cells sent to the backend by the last frame.
  public private(set) var lastChangeCount = 0
  private var previous: Buffer
  private var current: Buffer

  public init(backend: any Backend, minimumSize: Size = Size(width: 80, height: 24)) {
    self.backend = backend
    self.minimumSize = minimumSize
    previous = Buffer(size: Size(width: 0, height: 0))
    current = previous
  }

  /// The frame now on screen.
  public var screen: Buffer { previous }

  /// Makes the next frame a full repaint (after a resize, or when the screen may be garbled).
  public func invalidate() {
    previous = Buffer(size: Size(width: 0, height: 0))
    backend.clear()
  }

  /// Renders `view` into a fresh frame and sends the difference.
  public func draw(_ view: (inout Buffer, Rect) -> Void) {
    let size = backend.size
    if current.area.size != size {
      current.resize(to: Rect(size: size))
      if previous.area.size != size { invalidate() }
    } else {
      current.reset()
    }
    let area = Rect(size: size)
    if size.contains(minimumSize) {
      view(&current, area)
    } else {
      current.render(TooSmallNotice(actual: size, minimum: minimumSize), in: area)
    }
    let changes = current.diff(from: previous)
    backend.draw(changes)
    backend.flush()
    lastChangeCount = changes.count
    swap(&previous, &current)
  }
}

/// A backend that keeps the screen in memory, for tests: `lines` reads back what a user would see,
/// `frames` every frame shown, and `feed` types into an event loop as a terminal would.
public final class TestBackend: Backend, InputSource, CustomStringConvertible {
  public private(set) var buffer: Buffer
  /// Times the bell rang, for tests of what calls for attention.
  public private(set) var bellCount = 0
  /// Every frame shown (at each `flush`), as text rows.
  public private(set) var frames: [[String]] = []
  /// Input fed and not yet read, one batch per read, as a terminal delivers a burst of keys.
  private var batches: [[InputEvent]] = []
  /// One byte per batch waiting, so that the loop's `poll` wakes for fed input as for a key
  /// typed on a terminal; closing the write end is the terminal going away.
  private let readEnd: Int32
  private var writeEnd: Int32

  public init(width: Int, height: Int) {
    buffer = Buffer(size: Size(width: width, height: height))
    var descriptors: [Int32] = [-1, -1]
    _ = pipe(&descriptors)
    readEnd = descriptors[0]
    writeEnd = descriptors[1]
  }

  deinit {
    close(readEnd)
    closeInput()
  }

  public var size: Size { buffer.area.size }

  public func resize(width: Int, height: Int) {
    buffer.resize(to: Rect(size: Size(width: width, height: height)))
  }

  public func draw(_ changes: [CellChange]) {
    buffer.apply(changes)
  }

  public func clear() { buffer.reset() }

  public func flush() { frames.append(lines) }

  public func bell() { bellCount += 1 }

  public var lines: [String] { buffer.lines }

  /// The screen as quoted lines, ready to paste into a test as the expected value.
  public var description: String {
    lines.map { "\"\($0)\"," }.joined(separator: "\n")
  }

  // MARK: Input

  /// Queues one burst of input for the loop; a `.resize` takes the screen to its size when read.
  public func feed(_ events: InputEvent...) {
    batches.append(events)
    var byte: UInt8 = 1
    _ = write(writeEnd, &byte, 1)
  }

  /// Hangs up, as a terminal window closing: the loop ends once it sees it.
  public func closeInput() {
    if writeEnd >= 0 { close(writeEnd) }
    writeEnd = -1
  }

  public var readinessDescriptors: [Int32] { [readEnd] }

  public func readEvents() -> [InputEvent] {
    guard !batches.isEmpty else { return [] }
    var byte: UInt8 = 0
    _ = read(readEnd, &byte, 1)
    let batch = batches.removeFirst()
    for case .resize(let size) in batch { resize(width: size.width, height: size.height) }
    return batch
  }
}
