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

/// An app plugs into the event loop as one update function and one view (Bubble Tea's shape):
/// the loop feeds every event to `update`, and calls `view` only after an update said `.redraw`.
public protocol App {
  associatedtype Message: Sendable
  mutating func update(_ event: Event<Message>) -> Reaction
  func view(into buffer: inout Buffer, area: Rect)
}
