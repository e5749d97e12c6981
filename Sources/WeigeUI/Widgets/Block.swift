/// A bordered panel with a title in its top edge: `┌ 待办工单 ──┐`.
public struct Block: Widget {
  /// The glyphs of the frame.
  public struct Border: Hashable, Sendable {
    public var horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Character

    public static let plain = Border(
      horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘")
    public static let rounded = Border(
      horizontal: "─", vertical: "│", topLeft: "╭", topRight: "╮", bottomLeft: "╰", bottomRight: "╯")
    public static let thick = Border(
      horizontal: "━", vertical: "┃", topLeft: "┏", topRight: "┓", bottomLeft: "┗", bottomRight: "┛")
  }

  public var title: Line?
  /// A second title at the right of the top edge (a clock, a count).
  public var trailingTitle: Line?
  public var border: Border
  public var borderStyle: Style
  public var titleStyle: Style
  /// Patched over the whole block first, e.g. a panel background.
  public var style: Style

  public init(
    title: Line? = nil, trailingTitle: Line? = nil, border: Border = .plain, borderStyle: Style = .plain,
    titleStyle: Style = .plain, style: Style = .plain
  ) {
    self.title = title
    self.trailingTitle = trailingTitle
    self.border = border
    self.borderStyle = borderStyle
    self.titleStyle = titleStyle
    self.style = style
  }

  /// The area inside the border.
  public func inner(_ area: Rect) -> Rect { area.inset(horizontal: 1, vertical: 1) }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard area.width >= 2, area.height >= 2 else { return }
    buffer.setStyle(area, style)
    let right = area.right - 1
    let bottom = area.bottom - 1
    for x in (area.left + 1)..<right {
      buffer.put(border.horizontal, x: x, y: area.top, style: borderStyle)
      buffer.put(border.horizontal, x: x, y: bottom, style: borderStyle)
    }
    for y in (area.top + 1)..<bottom {
      buffer.put(border.vertical, x: area.left, y: y, style: borderStyle)
      buffer.put(border.vertical, x: right, y: y, style: borderStyle)
    }
    buffer.put(border.topLeft, x: area.left, y: area.top, style: borderStyle)
    buffer.put(border.topRight, x: right, y: area.top, style: borderStyle)
    buffer.put(border.bottomLeft, x: area.left, y: bottom, style: borderStyle)
    buffer.put(border.bottomRight, x: right, y: bottom, style: borderStyle)
    renderTitles(in: Rect(x: area.left + 1, y: area.top, width: area.width - 2, height: 1), into: &buffer)
  }

  /// Titles sit one space in from the corners with a space either side: `┌ 标题 ───── 20:45 ┐`.
  private func renderTitles(in edge: Rect, into buffer: inout Buffer) {
    var available = edge
    if let trailing = trailingTitle, edge.width > 4 {
      let padded = Line([Span(" ")] + trailing.spans + [Span(" ")])
      let width = min(padded.width, edge.width / 2)
      let slot = Rect(x: edge.right - width, y: edge.y, width: width, height: 1)
      buffer.write(padded.aligned(.right), in: slot, style: titleStyle)
      available.width = slot.x - edge.x
    }
    if let title, available.width > 3 {
      let slot = Rect(x: edge.x, y: edge.y, width: available.width - 1, height: 1)
      let fitted = title.truncated(to: slot.width - 2)
      buffer.write(Line([Span(" ")] + fitted.spans + [Span(" ")]), in: slot, style: titleStyle)
    }
  }
}
