/// The bottom line of keys: ` ? 帮助  : 命令  q 退出`. Hints that do not fit are dropped from the
/// end rather than cut, since half a hint teaches nothing.
public struct KeyHintBar: Widget {
  public struct Hint: Hashable, Sendable {
    public var key: String
    public var label: String

    public init(_ key: String, _ label: String) {
      self.key = key
      self.label = label
    }
  }

  public var hints: [Hint]
  public var keyStyle: Style
  public var labelStyle: Style

  public init(_ hints: [Hint], keyStyle: Style = Style(reverse: true), labelStyle: Style = .plain) {
    self.hints = hints
    self.keyStyle = keyStyle
    self.labelStyle = labelStyle
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    buffer.setStyle(area.row(0), labelStyle)
    var x = area.x + 1
    for hint in hints {
      let key = " \(hint.key) "
      let width = TextWidth.of(key) + 1 + TextWidth.of(hint.label)
      guard x + width <= area.right else { break }
      x += buffer.write(key, x: x, y: area.y, style: keyStyle)
      x += 1
      x += buffer.write(hint.label, x: x, y: area.y)
      x += 2
    }
  }
}
