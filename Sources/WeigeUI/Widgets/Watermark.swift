/// A word tiled faintly over the blank cells of an area, such as 演练 on every screen of a drill
/// so that nobody takes it for war. Drawn after everything else and only into cells that are
/// blank, so it hides no text; rows of it are staggered by half a step:
///
///     演练            演练            演练
///             演练            演练
public struct Watermark: Widget {
  public var text: String
  public var style: Style
  /// Columns from one copy to the next along a row.
  public var columnStep: Int
  /// Rows from one row of copies to the next.
  public var rowStep: Int

  public init(_ text: String, style: Style = .plain, columnStep: Int = 16, rowStep: Int = 4) {
    self.text = text
    self.style = style
    self.columnStep = max(1, columnStep)
    self.rowStep = max(1, rowStep)
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    let width = TextWidth.of(text)
    guard width > 0, !area.isEmpty else { return }
    for (band, y) in stride(from: area.top + rowStep / 2, to: area.bottom, by: rowStep).enumerated() {
      let shift = band % 2 == 0 ? 0 : columnStep / 2
      for x in stride(from: area.left + shift, through: area.right - width, by: columnStep)
      where (x..<x + width).allSatisfy({ isBlank(buffer.cell(x: $0, y: y)) }) {
        buffer.write(text, x: x, y: y, style: style)
      }
    }
  }

  private func isBlank(_ cell: Cell) -> Bool { cell.symbol == " " && cell.width == 1 }
}
