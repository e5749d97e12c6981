/// Lines over an x range drawn in Braille dots (ratatui's `Chart`): each cell is a 2×4 grid of
/// dots, so a 60×10 plot holds 120×40 points. Labels sit on the axes and a legend names each line.
/// Lines differ without colour too — solid, dashed or dotted — so the chart reads on a mono
/// terminal and in a captured screen:
///
///     ━ 已告知  ╍ 按时所需  ┈ 1·26 节奏      legend (top row), the line on top first
///     2688┤         ⢀⠔⠁                   y labels right-aligned in the gutter
///         │    ⣀⡠⠔⠊⠁ ⡇                    a marker: a dotted column (the deadline)
///        0┤⣀⠤⠒⠉      ⡇
///         └──────────┴───                  the x axis, ┴ under the marker
///         20:45      21:30                 x labels centred on their values
public struct LineChart: Widget, Sendable {
  /// How a line is drawn along its length, so that lines differ without colour.
  public enum Pattern: Sendable {
    case solid, dashed, dotted

    /// The legend's glyph for it.
    public var glyph: Character {
      switch self {
      case .solid: "━"
      case .dashed: "╍"
      case .dotted: "┈"
      }
    }

    /// Whether the `step`th dot along a line is drawn: dashes of four dots with gaps of two, a
    /// dot in every three.
    func draws(_ step: Int) -> Bool {
      switch self {
      case .solid: true
      case .dashed: step % 6 < 4
      case .dotted: step % 3 == 0
      }
    }
  }

  public struct Point: Sendable, Equatable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
      self.x = x
      self.y = y
    }
  }

  /// One line: its points joined in order. A later series is drawn over an earlier one where
  /// they share a cell (the dots merge; the cell takes the later one's style).
  public struct Series: Sendable {
    public var name: String
    public var points: [Point]
    public var style: Style
    public var pattern: Pattern

    public init(_ name: String, points: [Point], style: Style = .plain, pattern: Pattern = .solid) {
      self.name = name
      self.points = points
      self.style = style
      self.pattern = pattern
    }
  }

  /// A label at a value on an axis.
  public struct Label: Sendable, Equatable {
    public var value: Double
    public var text: String

    public init(_ value: Double, _ text: String) {
      self.value = value
      self.text = text
    }
  }

  public var series: [Series]
  public var xRange: ClosedRange<Double>
  public var yRange: ClosedRange<Double>
  public var xLabels: [Label]
  public var yLabels: [Label]
  /// A dotted vertical line across the plot at this x, e.g. a deadline; nil for none.
  public var marker: Double?
  public var axisStyle: Style
  public var labelStyle: Style
  public var markerStyle: Style

  public init(
    series: [Series], x: ClosedRange<Double>, y: ClosedRange<Double>, xLabels: [Label] = [],
    yLabels: [Label] = [], marker: Double? = nil, axisStyle: Style = .plain, labelStyle: Style = .plain,
    markerStyle: Style = .plain
  ) {
    self.series = series
    xRange = x
    yRange = y
    self.xLabels = xLabels
    self.yLabels = yLabels
    self.marker = marker
    self.axisStyle = axisStyle
    self.labelStyle = labelStyle
    self.markerStyle = markerStyle
  }

  /// Braille dot bits by column (left, right) and row (top to bottom) within a cell.
  static let dotBits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

  public func render(_ area: Rect, into buffer: inout Buffer) {
    let hasLegend = series.contains { !$0.name.isEmpty }
    let gutter = (yLabels.map { TextWidth.of($0.text) }.max() ?? 0)
    // Legend, plot, axis and x labels; the plot needs a row and a column at least.
    let top = area.y + (hasLegend ? 1 : 0)
    let plot = Rect(
      x: area.x + gutter + 1, y: top, width: area.width - gutter - 1, height: area.bottom - 2 - top)
    guard plot.width > 0, plot.height > 0 else { return }
    if hasLegend { renderLegend(Rect(x: plot.x, y: area.y, width: plot.width, height: 1), into: &buffer) }
    let dotsWide = plot.width * 2
    let dotsHigh = plot.height * 4
    func dotX(_ x: Double) -> Int? {
      let span = xRange.upperBound - xRange.lowerBound
      guard span > 0, x.isFinite, xRange.contains(x) else { return nil }
      return min(dotsWide - 1, Int(((x - xRange.lowerBound) / span * Double(dotsWide - 1)).rounded()))
    }
    func dotY(_ y: Double) -> Int {
      let span = yRange.upperBound - yRange.lowerBound
      guard span > 0, y.isFinite else { return dotsHigh - 1 }
      let clamped = min(yRange.upperBound, max(yRange.lowerBound, y))
      // Dot rows count down from the top; the lowest value sits on the bottom row.
      return dotsHigh - 1 - Int(((clamped - yRange.lowerBound) / span * Double(dotsHigh - 1)).rounded())
    }
    var bits = [UInt32](repeating: 0, count: plot.width * plot.height)
    var styles = [Style?](repeating: nil, count: plot.width * plot.height)
    func dot(_ x: Int, _ y: Int, _ style: Style) {
      guard (0..<dotsWide).contains(x), (0..<dotsHigh).contains(y) else { return }
      let cell = (y / 4) * plot.width + x / 2
      bits[cell] |= Self.dotBits[x % 2][y % 4]
      styles[cell] = style
    }
    let markerColumn = marker.flatMap(dotX)
    if let column = markerColumn {
      for y in stride(from: 0, to: dotsHigh, by: 2) { dot(column, y, markerStyle) }
    }
    for line in series {
      var step = 0
      let dots = line.points.compactMap { point in dotX(point.x).map { ($0, dotY(point.y)) } }
      for (from, to) in zip(dots, dots.dropFirst()) {
        // Bresenham between the two dots; the pattern counts dots along the whole line.
        var (x, y) = from
        let (dx, dy) = (abs(to.0 - x), -abs(to.1 - y))
        let (sx, sy) = (x < to.0 ? 1 : -1, y < to.1 ? 1 : -1)
        var error = dx + dy
        while true {
          if line.pattern.draws(step) { dot(x, y, line.style) }
          step += 1
          if x == to.0 && y == to.1 { break }
          let twice = 2 * error
          if twice >= dy {
            error += dy
            x += sx
          }
          if twice <= dx {
            error += dx
            y += sy
          }
        }
        step -= 1  // the next segment starts on this one's last dot
      }
      if dots.count == 1, let only = dots.first { dot(only.0, only.1, line.style) }
    }
    for row in 0..<plot.height {
      for column in 0..<plot.width where bits[row * plot.width + column] != 0 {
        let index = row * plot.width + column
        buffer.put(
          Character(Unicode.Scalar(0x2800 + bits[index])!), x: plot.x + column, y: plot.y + row,
          style: styles[index] ?? .plain)
      }
    }
    renderAxes(plot, markerColumn: markerColumn.map { $0 / 2 }, dotY: dotY, into: &buffer)
    renderXLabels(plot, dotX: dotX, into: &buffer)
  }

  /// `━ 已告知  ╍ 按时所需  ┈ 1·26 节奏`, each glyph in its line's style: the line drawn on top
  /// (the last) first.
  private func renderLegend(_ row: Rect, into buffer: inout Buffer) {
    var spans: [Span] = []
    for line in series.reversed() where !line.name.isEmpty {
      if !spans.isEmpty { spans.append(Span("  ")) }
      spans.append(Span(String(line.pattern.glyph), style: line.style))
      spans.append(Span(" " + line.name, style: labelStyle))
    }
    buffer.write(Line(spans), in: row)
  }

  /// The y axis with its labels (a tick `┤` at each), and the x axis (`┴` under the marker).
  private func renderAxes(_ plot: Rect, markerColumn: Int?, dotY: (Double) -> Int, into buffer: inout Buffer)
  {
    let axisX = plot.x - 1
    for y in plot.top..<plot.bottom { buffer.put("│", x: axisX, y: y, style: axisStyle) }
    for label in yLabels {
      let y = plot.y + dotY(label.value) / 4
      buffer.put("┤", x: axisX, y: y, style: axisStyle)
      let width = TextWidth.of(label.text)
      buffer.write(label.text, x: axisX - width, y: y, style: labelStyle, maxWidth: width)
    }
    buffer.put("└", x: axisX, y: plot.bottom, style: axisStyle)
    for x in plot.left..<plot.right {
      buffer.put(x - plot.x == markerColumn ? "┴" : "─", x: x, y: plot.bottom, style: axisStyle)
    }
  }

  /// Each x label centred under its value, kept inside the row; one that would touch the label
  /// before it is left out.
  private func renderXLabels(_ plot: Rect, dotX: (Double) -> Int?, into buffer: inout Buffer) {
    let y = plot.bottom + 1
    var free = plot.x - 1
    for label in xLabels {
      guard let dot = dotX(label.value) else { continue }
      let width = TextWidth.of(label.text)
      let x = min(plot.right - width, max(plot.x - 1, plot.x + dot / 2 - width / 2))
      guard x >= free else { continue }
      buffer.write(label.text, x: x, y: y, style: labelStyle)
      free = x + width + 1
    }
  }
}
