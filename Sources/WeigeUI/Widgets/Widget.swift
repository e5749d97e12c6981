/// Something that draws itself into an area of a buffer — and nowhere else.
public protocol Widget {
  func render(_ area: Rect, into buffer: inout Buffer)
}

extension Buffer {
  /// Draws a widget; reads like the view it comes from: `buffer.render(table, in: area)`.
  public mutating func render(_ widget: some Widget, in area: Rect) {
    widget.render(area.intersection(self.area), into: &self)
  }
}

/// Blanks an area, e.g. under an overlay, so the screen behind does not show through.
public struct Clear: Widget {
  public var style: Style

  public init(style: Style = .plain) { self.style = style }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    buffer.fill(area, with: Cell(" ", style: style))
  }
}
