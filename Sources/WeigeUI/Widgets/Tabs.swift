/// A row of tab titles with the selected one marked: ` 全域图 │ 工单 │ 告警 `.
public struct Tabs: Widget {
  public var titles: [Line]
  public var selected: Int
  public var style: Style
  public var selectedStyle: Style
  public var divider: String

  public init(
    _ titles: [Line], selected: Int, style: Style = .plain, selectedStyle: Style = Style(reverse: true),
    divider: String = "│"
  ) {
    self.titles = titles
    self.selected = selected
    self.style = style
    self.selectedStyle = selectedStyle
    self.divider = divider
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    buffer.setStyle(area.row(0), style)
    var x = area.x
    for (index, title) in titles.enumerated() {
      if index > 0 {
        x += buffer.write(divider, x: x, y: area.y, maxWidth: area.right - x)
      }
      let padded = Line([Span(" ")] + title.spans + [Span(" ")])
      let slot = Rect(x: x, y: area.y, width: area.right - x, height: 1)
      x += buffer.write(padded, in: slot, style: index == selected ? selectedStyle : .plain)
      if x >= area.right { break }
    }
  }
}

/// Where the operator is in the drill-down: `滨江区 › 长河街道 › 江三社区`. When too long, the
/// leftmost levels give way to "…", since the deepest level is the one being looked at.
public struct Breadcrumb: Widget {
  public var segments: [String]
  public var style: Style
  public var currentStyle: Style
  public var separator: String

  public init(
    _ segments: [String], style: Style = .plain, currentStyle: Style = Style(bold: true),
    separator: String = " › "
  ) {
    self.segments = segments
    self.style = style
    self.currentStyle = currentStyle
    self.separator = separator
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty, !segments.isEmpty else { return }
    var shown = segments
    var dropped = false
    func width(_ parts: [String]) -> Int {
      TextWidth.of((dropped ? ["…"] : []) + parts, separator: separator)
    }
    while shown.count > 1 && width(shown) > area.width {
      shown.removeFirst()
      dropped = true
    }
    var spans: [Span] = dropped ? [Span("…", style: style), Span(separator, style: style)] : []
    for (index, segment) in shown.enumerated() {
      if index > 0 { spans.append(Span(separator, style: style)) }
      spans.append(Span(segment, style: index == shown.count - 1 ? currentStyle : style))
    }
    buffer.write(Line(spans), in: area.row(0))
  }
}

extension TextWidth {
  static func of(_ parts: [String], separator: String) -> Int {
    parts.reduce(0) { $0 + of($1) } + max(0, parts.count - 1) * of(separator)
  }
}
