/// Lines of styled text, one per row, each cut with an ellipsis when too long.
public struct Paragraph: Widget {
  public var lines: [Line]
  public var style: Style
  /// Rows skipped at the top, for scrolling.
  public var offset: Int

  public init(_ lines: [Line], style: Style = .plain, offset: Int = 0) {
    self.lines = lines
    self.style = style
    self.offset = offset
  }

  public init(_ text: String, style: Style = .plain) {
    self.init(
      text.split(separator: "\n", omittingEmptySubsequences: false).map { Line(String($0)) }, style: style)
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    buffer.setStyle(area, style)
    for (row, line) in lines.dropFirst(max(0, offset)).prefix(area.height).enumerated() {
      buffer.write(line, in: area.row(row))
    }
  }
}
