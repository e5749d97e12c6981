/// Rows under a header, in columns sized by constraints, with one selected row kept in view.
public struct Table: Widget {
  public struct Column: Hashable, Sendable {
    public var title: Line
    public var width: Constraint
    public var alignment: Alignment

    public init(_ title: Line, width: Constraint, alignment: Alignment = .left) {
      self.title = title
      self.width = width
      self.alignment = alignment
    }
  }

  public struct Row: Hashable, Sendable {
    public var cells: [Line]
    public var style: Style

    public init(_ cells: [Line], style: Style = .plain) {
      self.cells = cells
      self.style = style
    }
  }

  public var columns: [Column]
  public var rows: [Row]
  public var selected: Int?
  /// The first row shown; moved as little as needed to keep `selected` visible.
  public var offset: Int
  public var headerStyle: Style
  public var selectionStyle: Style
  /// Drawn before the selected row; other rows get as many blanks, so columns stay put.
  public var selectionSymbol: String
  public var columnSpacing: Int

  public init(
    columns: [Column], rows: [Row], selected: Int? = nil, offset: Int = 0, headerStyle: Style = .plain,
    selectionStyle: Style = Style(reverse: true), selectionSymbol: String = "", columnSpacing: Int = 1
  ) {
    self.columns = columns
    self.rows = rows
    self.selected = selected
    self.offset = offset
    self.headerStyle = headerStyle
    self.selectionStyle = selectionStyle
    self.selectionSymbol = selectionSymbol
    self.columnSpacing = columnSpacing
  }

  /// The first visible row when `visibleRows` fit, moving from `offset` only as far as needed.
  public static func scrollOffset(selected: Int?, offset: Int, visibleRows: Int, rowCount: Int) -> Int {
    guard visibleRows > 0 else { return 0 }
    var first = min(max(0, offset), max(0, rowCount - visibleRows))
    if let selected {
      if selected < first { first = selected }
      if selected >= first + visibleRows { first = selected - visibleRows + 1 }
    }
    return max(0, first)
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let symbolWidth = TextWidth.of(selectionSymbol)
    let body = Rect(x: area.x + symbolWidth, y: area.y, width: area.width - symbolWidth, height: area.height)
    let slots = Layout.horizontal(columns.map(\.width), spacing: columnSpacing).split(body)
    buffer.setStyle(area.row(0), headerStyle)
    for (column, slot) in zip(columns, slots) {
      buffer.write(
        column.title.aligned(column.alignment), in: Rect(x: slot.x, y: area.y, width: slot.width, height: 1))
    }
    let visible = area.height - 1
    let first = Table.scrollOffset(
      selected: selected, offset: offset, visibleRows: visible, rowCount: rows.count)
    for (n, index) in (first..<min(rows.count, first + visible)).enumerated() {
      let y = area.y + 1 + n
      let row = rows[index]
      let isSelected = index == selected
      buffer.setStyle(
        Rect(x: area.x, y: y, width: area.width, height: 1),
        isSelected ? row.style.patched(with: selectionStyle) : row.style)
      if isSelected { buffer.write(selectionSymbol, x: area.x, y: y) }
      for (cell, (column, slot)) in zip(row.cells, zip(columns, slots)) {
        buffer.write(cell.aligned(column.alignment), in: Rect(x: slot.x, y: y, width: slot.width, height: 1))
      }
    }
  }
}
