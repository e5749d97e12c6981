import Testing
import WeigeUI

/// The war view's widgets as text: the Braille line chart, the progress bar with its target, the
/// drill's watermark and wrapped statements.
@Suite("Charts, bars, watermarks")
struct ChartTests {
  /// 100 households over 40 minutes: the straight line needed to finish at 30 (dashed, then level),
  /// and a curve that starts slow, catches up and ends at 40; the deadline marked at 30.
  @Test("a known curve against its straight line: legend, axes, labels, the deadline marked")
  func lineChart() {
    let chart = LineChart(
      series: [
        .init(
          "所需", points: [.init(x: 0, y: 0), .init(x: 30, y: 100), .init(x: 40, y: 100)], pattern: .dashed),
        .init(
          "已告知",
          points: [
            .init(x: 0, y: 0), .init(x: 10, y: 10), .init(x: 20, y: 40), .init(x: 30, y: 90),
            .init(x: 40, y: 100),
          ]),
      ], x: 0...40, y: 0...100, xLabels: [.init(0, "20:45"), .init(30, "21:15"), .init(40, "21:25")],
      yLabels: [.init(0, "0"), .init(100, "100")], marker: 30)
    #expect(
      screen(30, 9, chart) == [
        "    ━ 已告知  ╍ 所需          ",
        "100┤                ⢀ ⢒⠭⠤⠛⠛⠒⠉⠉",
        "   │             ⣀ ⠊⢁⠔⠁⠅      ",
        "   │         ⢀⡠ ⠉ ⢀⠔⠁  ⠅      ",
        "   │      ⢀⡠ ⠁  ⣀⠔⠁    ⠅      ",
        "   │   ⣀⠤ ⠁ ⣀⠤⠒⠉       ⠅      ",
        "  0┤⣠⣔⠤⠤⠤⠒⠒⠉           ⠅      ",
        "   └───────────────────┴──────",
        "   20:45             21:15    ",
      ])
    // 21:25 would touch 21:15: left out. Each cell takes its last line's style.
    var buffer = Buffer(size: Size(width: 30, height: 9))
    let solid = Style(bold: true)
    var styled = chart
    styled.series[1].style = solid
    buffer.render(styled, in: buffer.area)
    #expect(buffer.cell(x: 4, y: 6).style == solid)
  }

  @Test("a line's pattern tells it apart without colour: solid, dashed (4 on, 2 off), dotted (1 in 3)")
  func patterns() {
    let flat = { (pattern: LineChart.Pattern) in
      LineChart(
        series: [.init("", points: [.init(x: 0, y: 0), .init(x: 1, y: 0)], pattern: pattern)], x: 0...1,
        y: 0...1)
    }
    #expect(screen(9, 3, flat(.solid))[0] == "│⣀⣀⣀⣀⣀⣀⣀⣀")
    #expect(screen(9, 3, flat(.dashed))[0] == "│⣀⣀ ⣀⣀ ⣀⣀")
    #expect(screen(9, 3, flat(.dotted))[0] == "│⡀⢀ ⡀⢀ ⡀⢀")
  }

  @Test("a bar with its target: │ where it should be by now while it is short of it")
  func gaugeTarget() {
    #expect(screen(20, 1, Gauge(ratio: 0.25, label: "8/32", target: 0.5)) == ["███▊░░░│░░░░░░░ 8/32"])
    #expect(screen(20, 1, Gauge(ratio: 0.75, label: "24/32", target: 0.5)) == ["██████████▌░░░ 24/32"])
  }

  @Test("a watermark fills blank cells only, rows staggered")
  func watermark() {
    let lines = screen(34, 6) { buffer, area in
      buffer.write("落后楼道", x: 0, y: 3)
      buffer.render(Watermark("演练", columnStep: 12, rowStep: 2), in: area)
    }
    #expect(
      lines == [
        "                                  ",
        "演练        演练        演练      ",
        "                                  ",
        "落后楼道          演练        演练",
        "                                  ",
        "演练        演练        演练      ",
      ])
  }

  @Test("a statement wrapped: English at its spaces, Chinese between any two glyphs")
  func wrapping() {
    let words = { (text: String, width: Int) in Line.wrapping(text, width: width).map { $0.spans[0].content }
    }
    #expect(
      words("projected to finish at 21:37, 8 min before the deadline", 24) == [
        "projected to finish at", "21:37, 8 min before the", "deadline",
      ])
    #expect(words("预计超时 12 分（21:57 完成）", 14) == ["预计超时 12 分", "（21:57 完成）"])
  }
}
