/// A progress bar with a label at its right: `█████▌░░░░ 56%`. The bar is drawn in eighths of a
/// cell, so 2,688 households move it smoothly, and it still reads with no colour at all.
public struct Gauge: Widget {
  public var ratio: Double
  public var label: String?
  public var filledStyle: Style
  public var emptyStyle: Style
  public var labelStyle: Style

  /// Eighth blocks, from one eighth to seven; a full cell is "█".
  static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  public init(
    ratio: Double, label: String? = nil, filledStyle: Style = .plain, emptyStyle: Style = Style(dim: true),
    labelStyle: Style = .plain
  ) {
    self.ratio = ratio.isFinite ? min(1, max(0, ratio)) : 0
    self.label = label
    self.filledStyle = filledStyle
    self.emptyStyle = emptyStyle
    self.labelStyle = labelStyle
  }

  /// The default label: the ratio as a whole percentage.
  public var percentText: String { "\(Int((ratio * 100).rounded(.down)))%" }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let text = label ?? percentText
    let labelWidth = min(TextWidth.of(text), area.width)
    let barWidth = max(0, area.width - labelWidth - (labelWidth > 0 ? 1 : 0))
    let eighths = Int((ratio * Double(barWidth * 8)).rounded())
    for y in area.top..<area.bottom {
      for column in 0..<barWidth {
        let covered = eighths - column * 8
        let x = area.x + column
        switch covered {
        case 8...: buffer.put("█", x: x, y: y, style: filledStyle)
        case 1...7: buffer.put(Gauge.partials[covered - 1], x: x, y: y, style: filledStyle)
        default: buffer.put("░", x: x, y: y, style: emptyStyle)
        }
      }
    }
    let labelRow = area.y + (area.height - 1) / 2
    buffer.write(text, x: area.right - labelWidth, y: labelRow, style: labelStyle, maxWidth: labelWidth)
  }
}
