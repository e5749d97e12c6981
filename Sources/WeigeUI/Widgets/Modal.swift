/// A bordered box over the middle of the screen that hides what is under it (help, palette).
public struct Modal: Widget {
  public var block: Block
  /// The box's size; clipped to the area it is centred in.
  public var size: Size
  public var style: Style

  public init(title: Line, size: Size, style: Style = .plain, borderStyle: Style = .plain) {
    self.block = Block(title: title, border: .thick, borderStyle: borderStyle, titleStyle: borderStyle)
    self.size = size
    self.style = style
  }

  /// The box within `area`.
  public func frame(in area: Rect) -> Rect { area.centered(size) }

  /// Where the modal's content goes.
  public func inner(in area: Rect) -> Rect { block.inner(frame(in: area)) }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    let box = frame(in: area)
    Clear(style: style).render(box, into: &buffer)
    block.render(box, into: &buffer)
  }
}

/// What replaces the layout when the terminal is smaller than the screen was designed for.
public struct TooSmallNotice: Widget {
  public var actual: Size
  public var minimum: Size
  public var style: Style

  public init(actual: Size, minimum: Size, style: Style = Style(bold: true)) {
    self.actual = actual
    self.minimum = minimum
    self.style = style
  }

  public var lines: [Line] {
    [
      Line("终端太小 · terminal too small", style: style, alignment: .center),
      Line("需要 need \(minimum)，当前 now \(actual)", alignment: .center),
      Line("请放大窗口 · enlarge the window", alignment: .center),
    ]
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    let top = area.y + max(0, (area.height - lines.count) / 2)
    for (n, line) in lines.enumerated() where top + n < area.bottom {
      buffer.write(line, in: Rect(x: area.x, y: top + n, width: area.width, height: 1))
    }
  }
}
