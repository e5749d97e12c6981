/// A tiny bar chart of the latest values, one column each, newest at the right: `▁▂▄█▆▃`.
public struct Sparkline: Widget {
  public var values: [Double]
  /// The value of a full-height bar; the largest value when nil.
  public var maximum: Double?
  public var style: Style

  static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

  public init(_ values: [Double], maximum: Double? = nil, style: Style = .plain) {
    self.values = values
    self.maximum = maximum
    self.style = style
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let shown = values.suffix(area.width)
    let top = maximum ?? shown.max() ?? 0
    guard top > 0 else { return }
    for (column, value) in shown.enumerated() {
      // Heights are counted in eighths of a row over the whole area height.
      var eighths = Int((max(0, min(value, top)) / top * Double(area.height * 8)).rounded())
      if value > 0 && eighths == 0 { eighths = 1 }
      for row in 0..<area.height {
        let level = eighths - row * 8
        guard level > 0 else { break }
        buffer.put(
          Sparkline.levels[min(8, level) - 1], x: area.x + column, y: area.bottom - 1 - row, style: style)
      }
    }
  }
}
