/// A progress bar with a label at its right: `█████▌░░│░ 56%`. The bar is drawn in eighths of a
/// cell, so 2,688 households move it smoothly, and it still reads with no colour at all. A target
/// (where the bar should have got to by now) shows as `│` in the part not yet filled, so a bar
/// behind its pace says so without a number.
public struct Gauge: Widget {
  public var ratio: Double
  public var label: String?
  public var filledStyle: Style
  public var emptyStyle: Style
  public var labelStyle: Style
  /// Where the bar should be, 0…1; nil for none.
  public var target: Double?
  public var targetStyle: Style

  /// Eighth blocks, from one eighth to seven; a full cell is "█".
  static let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  public init(
    ratio: Double, label: String? = nil, filledStyle: Style = .plain, emptyStyle: Style = Style(dim: true),
    labelStyle: Style = .plain, target: Double? = nil, targetStyle: Style = .plain
  ) {
    self.ratio = Self.clamped(ratio)
    self.label = label
    self.filledStyle = filledStyle
    self.emptyStyle = emptyStyle
    self.labelStyle = labelStyle
    self.target = target.map(Self.clamped)
    self.targetStyle = targetStyle
  }

  private static func clamped(_ value: Double) -> Double { value.isFinite ? min(1, max(0, value)) : 0 }

  /// The default label: the ratio as a whole percentage.
  public var percentText: String { "\(Int((ratio * 100).rounded(.down)))%" }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let text = label ?? percentText
    let labelWidth = min(TextWidth.of(text), area.width)
    let barWidth = max(0, area.width - labelWidth - (labelWidth > 0 ? 1 : 0))
    let eighths = Int((ratio * Double(barWidth * 8)).rounded())
    // The cell the target falls in; the last cell for a target of 1.
    let targetColumn = target.map { min(barWidth - 1, Int($0 * Double(barWidth))) }
    for y in area.top..<area.bottom {
      for column in 0..<barWidth {
        let covered = eighths - column * 8
        let x = area.x + column
        switch covered {
        case 8...: buffer.put("█", x: x, y: y, style: filledStyle)
        case 1...7: buffer.put(Gauge.partials[covered - 1], x: x, y: y, style: filledStyle)
        default:
          if column == targetColumn {
            buffer.put("│", x: x, y: y, style: targetStyle)
          } else {
            buffer.put("░", x: x, y: y, style: emptyStyle)
          }
        }
      }
    }
    let labelRow = area.y + (area.height - 1) / 2
    buffer.write(text, x: area.right - labelWidth, y: labelRow, style: labelStyle, maxWidth: labelWidth)
  }
}
