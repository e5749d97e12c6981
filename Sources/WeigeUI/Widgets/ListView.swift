/// A vertical list with one selected item kept in view.
public struct ListView: Widget {
  public var items: [Line]
  public var selected: Int?
  public var offset: Int
  public var selectionStyle: Style
  /// Put before the selected item; the others are indented by its width.
  public var selectionSymbol: String

  public init(
    _ items: [Line], selected: Int? = nil, offset: Int = 0, selectionStyle: Style = Style(reverse: true),
    selectionSymbol: String = "› "
  ) {
    self.items = items
    self.selected = selected
    self.offset = offset
    self.selectionStyle = selectionStyle
    self.selectionSymbol = selectionSymbol
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let indent = TextWidth.of(selectionSymbol)
    let first = Table.scrollOffset(
      selected: selected, offset: offset, visibleRows: area.height, rowCount: items.count)
    for (n, index) in (first..<min(items.count, first + area.height)).enumerated() {
      let row = area.row(n)
      if index == selected {
        buffer.setStyle(row, selectionStyle)
        buffer.write(selectionSymbol, x: row.x, y: row.y, maxWidth: row.width)
      }
      buffer.write(items[index], in: Rect(x: row.x + indent, y: row.y, width: row.width - indent, height: 1))
    }
  }
}
