/// A key press, decoded from whatever the terminal sent.
public enum Key: Hashable, Sendable {
  /// Typed text: a letter, a digit, a Chinese character from an input method.
  case character(Character)
  /// Ctrl with a letter, lowercased: Ctrl-P is `.control("p")`.
  case control(Character)
  case enter, tab, backTab, backspace, escape
  case up, down, left, right, home, end, pageUp, pageDown, insert, delete
  /// F1 … F24.
  case function(Int)
  /// A key code with no name here; kept so that it can be reported.
  case unknown(Int)
}

/// A mouse click or wheel step at a screen cell.
public struct MouseEvent: Hashable, Sendable {
  public enum Kind: Hashable, Sendable { case leftClick, rightClick, wheelUp, wheelDown, other }

  public var kind: Kind
  public var x: Int
  public var y: Int

  public init(kind: Kind, x: Int, y: Int) {
    self.kind = kind
    self.x = x
    self.y = y
  }
}

/// What the terminal reports.
public enum InputEvent: Hashable, Sendable {
  case key(Key)
  case mouse(MouseEvent)
  case resize(Size)
}

/// Everything an app's update sees: terminal input, or a message of its own (a timer tick, a
/// store event posted from another thread).
public enum Event<Message: Sendable>: Sendable {
  case input(InputEvent)
  case message(Message)
}

/// What an update asks of the loop.
public enum Reaction: Hashable, Sendable {
  /// Nothing visible changed; no frame is drawn.
  case unchanged
  case redraw
  case quit
}

/// What an update answers (Bubble Tea's model and command): whether to draw, and the work it
/// hands to the runtime. Update itself does no I/O; the runtime performs each effect, and what
/// comes of it returns to update as a message.
public struct Outcome<Effect: Sendable>: Sendable {
  public var reaction: Reaction
  public var effects: [Effect]

  public init(_ reaction: Reaction, effects: [Effect] = []) {
    self.reaction = reaction
    self.effects = effects
  }

  public static var unchanged: Self { Self(.unchanged) }
  public static var redraw: Self { Self(.redraw) }
  public static var quit: Self { Self(.quit) }
}

extension Outcome: Equatable where Effect: Equatable {}

/// An app plugs into the event loop as one update function and one view (Bubble Tea's shape):
/// the loop feeds every event to `update`, hands the effects it returns to the runtime, and calls
/// `view` only after an update said `.redraw`.
public protocol App {
  associatedtype Message: Sendable
  /// Work for the runtime (append to a store, ring the bell); `Never` for an app that has none.
  associatedtype Effect: Sendable = Never
  mutating func update(_ event: Event<Message>) -> Outcome<Effect>
  func view(into buffer: inout Buffer, area: Rect)
}

/// Where an event loop's input comes from: the terminal's keys, mouse and resizes, or a test's.
public protocol InputSource: AnyObject {
  /// Readable when there is input to read (the terminal, its resize pipe). The loop sleeps in one
  /// `poll` on these, its wake-up pipe and its next timer; a hang-up on any of them means the
  /// input is gone for good (a closed window), and the loop ends.
  var readinessDescriptors: [Int32] { get }
  /// Everything that has arrived, without waiting.
  func readEvents() -> [InputEvent]
}
