import Testing
import WeigeUI

@Suite("Text width, as ncursesw measures it")
struct TextWidthTests {
  @Test func chineseIsTwoColumnsAsciiOne() {
    #expect(TextWidth.of("滨江区") == 6)
    #expect(TextWidth.of("楼道 94") == 7)
    #expect(TextWidth.of("，") == 2)
  }

  @Test func combiningMarkTakesNoColumn() {
    #expect(TextWidth.of("e\u{301}") == 1)
    #expect(TextWidth.of("Ji\u{0101}ngs\u{0101}n") == 8)
  }

  @Test func boxAndBlockGlyphsAreOneColumn() {
    #expect(TextWidth.of("─│┌■□█▁…") == 8)
  }

  /// What tmux and other current terminals draw: one two-column glyph per sequence.
  @Test func emojiSequencesAndFlagsAreOneTwoColumnGlyph() {
    #expect(TextWidth.of("👨‍👩‍👧‍👦") == 2)
    #expect(TextWidth.of("🇨🇳") == 2)
    #expect(TextWidth.of("🇨🇳🇨🇳") == 4)
    #expect(TextWidth.of("👍🏽") == 2)
    #expect(TextWidth.of("家庭👨‍👩‍👧‍👦 café") == 11)
  }

  @Test func zeroWidthCharactersTakeNoColumn() {
    #expect(TextWidth.of("\u{200B}") == 0)
    #expect(TextWidth.of("\u{200D}") == 0)
    #expect(TextWidth.of("楼\u{200B}道") == 4)
  }
}

@Suite("Buffer")
struct BufferTests {
  @Test func wideGlyphTakesALeadAndAContinuationCell() {
    var buffer = Buffer(size: Size(width: 6, height: 1))
    #expect(buffer.write("户a", x: 0, y: 0) == 3)
    #expect(buffer.cell(x: 0, y: 0).width == 2)
    #expect(buffer.cell(x: 1, y: 0).isContinuation)
    #expect(buffer.lines == ["户a   "])
  }

  @Test func writingOverTheRightHalfClearsTheLeftHalf() {
    var buffer = Buffer(size: Size(width: 4, height: 1))
    buffer.write("中国", x: 0, y: 0)
    buffer.put("x", x: 1, y: 0)
    #expect(buffer.lines == [" x国"])
  }

  @Test func writingOverTheLeftHalfClearsTheRightHalf() {
    var buffer = Buffer(size: Size(width: 4, height: 1))
    buffer.write("中国", x: 0, y: 0)
    buffer.put("x", x: 2, y: 0)
    #expect(buffer.lines == ["中x "])
  }

  @Test func wideGlyphStraddlingTwoOthersClearsBothOuterHalves() {
    var buffer = Buffer(size: Size(width: 6, height: 1))
    buffer.write("中国人", x: 0, y: 0)
    buffer.put("楼", x: 1, y: 0)
    #expect(buffer.lines == [" 楼 人"])
    #expect(buffer.cells.filter(\.isContinuation).count == 2)
  }

  @Test func wideGlyphAtTheRightEdgeBecomesABlank() {
    var buffer = Buffer(size: Size(width: 5, height: 1))
    #expect(buffer.put("楼", x: 4, y: 0) == 1)
    #expect(buffer.lines == ["     "])
    #expect(buffer.write("ab楼道", x: 0, y: 0) == 4)
    #expect(buffer.lines == ["ab楼 "])
  }

  /// A sequence is one cell and its continuation; a lone ZWJ or zero-width space gets no cell:
  ///
  ///     |👨‍👩‍👧‍👦|··|🇨🇳|··|é|楼|··|│|
  @Test func graphemeClustersAreTheUnitOfCells() {
    var buffer = Buffer(size: Size(width: 9, height: 1))
    #expect(buffer.write("👨‍👩‍👧‍👦🇨🇳\u{200D}e\u{301}\u{200B}楼│", x: 0, y: 0) == 8)
    #expect(buffer.cell(x: 0, y: 0).symbol == "👨‍👩‍👧‍👦")
    #expect(buffer.cell(x: 1, y: 0).isContinuation)
    #expect(buffer.cell(x: 2, y: 0).symbol == "🇨🇳")
    #expect(buffer.cell(x: 4, y: 0).symbol == "e\u{301}")
    #expect(buffer.cell(x: 5, y: 0).symbol == "楼")
    #expect(buffer.cell(x: 7, y: 0).symbol == "│")
    #expect(buffer.lines == ["👨‍👩‍👧‍👦🇨🇳é楼│ "])
  }

  @Test func fillCutsWideGlyphsAtItsEdges() {
    var buffer = Buffer(size: Size(width: 6, height: 1))
    buffer.write("江三社", x: 0, y: 0)
    buffer.fill(Rect(x: 1, y: 0, width: 4, height: 1), with: Cell("."))
    #expect(buffer.lines == [" .... "])
  }

  @Test func stylesPatchColoursAndAddModifiers() {
    var buffer = Buffer(size: Size(width: 3, height: 1))
    buffer.fill(buffer.area, with: Cell(" ", style: Style(background: .red)))
    buffer.write("户", x: 0, y: 0, style: Style(foreground: .yellow, bold: true))
    #expect(buffer.cell(x: 0, y: 0).style == Style(foreground: .yellow, background: .red, bold: true))
    #expect(buffer.cell(x: 2, y: 0).style == Style(background: .red))
  }

  @Test func diffOfOneChangedCellInAFullFrameIsOneCell() {
    let size = Size(width: 200, height: 60)
    var before = Buffer(size: size)
    for y in 0..<60 { before.write(String(repeating: "楼道", count: 50), x: 0, y: y) }
    var after = before
    after.put("■", x: 120, y: 30, style: Style(foreground: .green))
    let changes = after.diff(from: before)
    #expect(changes.count == 2)  // The tile, and a blank where the right half of 楼 stood.
    var after2 = before
    after2.write("户", x: 120, y: 30, style: Style(foreground: .red))
    #expect(after2.diff(from: before) == [CellChange(x: 120, y: 30, cell: after2.cell(x: 120, y: 30))])
  }

  @Test func diffOfNarrowCellsChangesExactlyThatCell() {
    var before = Buffer(size: Size(width: 200, height: 60))
    before.fill(before.area, with: Cell("■"))
    var after = before
    after.put("□", x: 7, y: 59)
    #expect(after.diff(from: before).map { [$0.x, $0.y] } == [[7, 59]])
  }

  @Test func applyingADiffReproducesTheFrame() {
    var before = Buffer(size: Size(width: 8, height: 2))
    before.write("ab中国cd", x: 0, y: 0)
    var after = before
    after.write("x楼y", x: 1, y: 0)
    after.write("街道", x: 3, y: 1)
    var shown = before
    shown.apply(after.diff(from: before))
    #expect(shown == after)
    #expect(shown.lines == ["ax楼y cd", "   街道 "])  // 国 lost its lead half to y.
  }
}

@Suite("Layout")
struct LayoutTests {
  let area = Rect(x: 0, y: 0, width: 100, height: 30)

  @Test func fixedPercentAndFill() {
    let parts = Layout.horizontal([.length(20), .percentage(30), .fill(1)]).split(area)
    #expect(parts.map(\.width) == [20, 30, 50])
    #expect(parts.map(\.x) == [0, 20, 50])
  }

  @Test func fillsShareByWeight() {
    #expect(Layout.horizontal([.fill(1), .fill(3)]).split(area).map(\.width) == [25, 75])
  }

  @Test func minGrowsWhenNothingFills() {
    #expect(Layout.vertical([.length(3), .min(5), .length(1)]).split(area).map(\.height) == [3, 26, 1])
  }

  @Test func tooSmallShrinksTheLastPartsFirst() {
    #expect(Layout.vertical([.length(20), .length(20)]).split(area).map(\.height) == [20, 10])
  }

  @Test func spacingSitsBetweenParts() {
    let parts = Layout.horizontal([.length(10), .fill(1)], spacing: 2).split(area)
    #expect(parts.map(\.x) == [0, 12])
    #expect(parts.map(\.width) == [10, 88])
  }
}
