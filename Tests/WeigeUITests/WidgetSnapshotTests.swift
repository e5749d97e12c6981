import Testing
import WeigeUI

/// Every widget drawn through the test backend; the expected screens are the literal rows.
@Suite("Widget snapshots")
struct WidgetSnapshotTests {
  @Test func blockWithChineseTitles() {
    let block = Block(title: "待办工单", trailingTitle: "20:45")
    #expect(
      screen(24, 3, block) == [
        "┌ 待办工单 ───── 20:45 ┐",
        "│                      │",
        "└──────────────────────┘",
      ])
  }

  @Test func blockTitleTooLongIsCutWithAnEllipsis() {
    #expect(
      screen(12, 2, Block(title: "长河街道江三社区")) == [
        "┌ 长河街… ─┐",
        "└──────────┘",
      ])
  }

  @Test func paragraphTruncatesWithoutHalvingAGlyph() {
    let paragraph = Paragraph([
      Line([Span("户 "), Span("90,216", style: Style(bold: true))]),
      "滨江区长河街道",
      Line("右对齐", alignment: .right),
    ])
    #expect(
      screen(9, 3, paragraph) == [
        "户 90,216",
        "滨江区长…",
        "   右对齐",
      ])
    // One column narrower: 长 would straddle the edge, so the ellipsis comes one column early.
    #expect(screen(8, 2, paragraph)[1] == "滨江区… ")
  }

  @Test func tableWithHeaderSelectionAndTruncation() {
    let table = Table(
      columns: [
        .init("楼道", width: .fill(1)), .init("楼道长", width: .length(8)),
        .init("户", width: .length(3), alignment: .right),
      ],
      rows: [
        .init(["长江3幢2单元", "王芳", "36"]),
        .init(["长江西苑北区12幢1单元", "欧阳娜娜", "41"]),
        .init(["春江小区1幢", "李明", "8"]),
      ],
      selected: 1, selectionSymbol: "▶ ")
    #expect(
      screen(32, 4, table) == [
        "  楼道              楼道长    户",
        "  长江3幢2单元      王芳      36",
        "▶ 长江西苑北区12幢… 欧阳娜娜  41",
        "  春江小区1幢       李明       8",
      ])
  }

  @Test func tableScrollsToKeepTheSelectionInView() {
    let rows = (1...10).map { Table.Row([Line("\($0)号楼")]) }
    let table = Table(columns: [.init("楼", width: .fill(1))], rows: rows, selected: 7)
    #expect(screen(6, 4, table) == ["楼    ", "6号楼 ", "7号楼 ", "8号楼 "])
  }

  @Test func tableCellWithAWideGlyphAtTheRightEdge() {
    let table = Table(
      columns: [.init("名", width: .length(3)), .init("社区", width: .fill(1))], rows: [.init(["王", "观潮社区"])])
    #expect(screen(10, 2, table) == ["名  社区  ", "王  观潮… "])
  }

  @Test func listWithSelection() {
    let list = ListView(["四必联", "四掌握", "每日一联系"], selected: 2)
    #expect(screen(12, 3, list) == ["  四必联    ", "  四掌握    ", "› 每日一联系"])
  }

  @Test func gaugeInEighths() {
    #expect(screen(16, 1, Gauge(ratio: 0.5)) == ["██████░░░░░░ 50%"])
    // 2,104 of Jiangsan's 2,688 households: 78.3 % of 7 cells is 5 cells and 4 eighths.
    #expect(screen(20, 1, Gauge(ratio: 2_104.0 / 2_688, label: "2104/2688 户")) == ["█████▌░ 2104/2688 户"])
    #expect(screen(10, 1, Gauge(ratio: 0)) == ["░░░░░░░ 0%"])
  }

  @Test func sparklineShowsTheNewestValuesAtTheRight() {
    let spark = Sparkline([9, 0, 1, 2, 3, 4, 5, 6, 7, 8])
    #expect(screen(9, 1, spark) == [" ▁▂▃▄▅▆▇█"])
    #expect(screen(3, 2, Sparkline([1, 8, 16], maximum: 16)) == ["  █", "▁██"])
  }

  @Test func tileMapWrapsGroupsUnderTheirLabels() {
    let ok = TileMap.Tile("■")
    let open = TileMap.Tile("□")
    let map = TileMap([
      .init("江三社区", tiles: Array(repeating: ok, count: 22) + [open], trailer: "94"),
      .init("春江", tiles: [ok, open, ok], trailer: "3"),
    ])
    #expect(
      screen(32, 4, map) == [
        "江三社区 ■■■■■■■■■■■■■■■■■■■■ 94",
        "         ■■□                    ",
        "春江     ■□■                   3",
        "                                ",
      ])
    #expect(map.rowsNeeded(width: 32) == 3)
  }

  @Test func tileMapScrollsByRows() {
    let map = TileMap(
      [.init("观潮", tiles: Array(repeating: .init("■"), count: 6)), .init("长河", tiles: [.init("■")])],
      offset: 1,
      labelWidth: 4)
    #expect(screen(8, 2, map) == ["     ■■■", "长河 ■  "])
  }

  @Test func tabsMarkTheSelectedOne() {
    let tabs = Tabs(["全域图", "工单", "告警"], selected: 1, selectedStyle: Style(reverse: true), divider: "|")
    #expect(screen(22, 1, tabs) == [" 全域图 | 工单 | 告警 "])
  }

  @Test func breadcrumbDropsTheTopLevelsFirst() {
    let crumbs = Breadcrumb(["滨江区", "长河街道", "江三社区", "3幢2单元"])
    #expect(screen(40, 1, crumbs) == ["滨江区 › 长河街道 › 江三社区 › 3幢2单元 "])
    #expect(screen(24, 1, crumbs) == ["… › 江三社区 › 3幢2单元 "])
  }

  @Test func keyHintsDropWhatDoesNotFit() {
    let bar = KeyHintBar([.init("?", "帮助"), .init(":", "命令"), .init("q", "退出")])
    #expect(screen(30, 1, bar) == ["  ?  帮助   :  命令   q  退出 "])
    #expect(screen(20, 1, bar) == ["  ?  帮助   :  命令 "])
    #expect(screen(16, 1, bar) == ["  ?  帮助       "])
  }

  @Test func modalHidesWhatIsUnderIt() {
    let lines = screen(16, 5) { buffer, area in
      for y in 0..<5 { buffer.write(String(repeating: "■", count: 16), x: 0, y: y) }
      let modal = Modal(title: "帮助", size: Size(width: 10, height: 3))
      buffer.render(modal, in: area)
      buffer.write("q 退出", x: modal.inner(in: area).x, y: modal.inner(in: area).y)
    }
    #expect(
      lines == [
        "■■■■■■■■■■■■■■■■",
        "■■■┏ 帮助 ━━┓■■■",
        "■■■┃q 退出  ┃■■■",
        "■■■┗━━━━━━━━┛■■■",
        "■■■■■■■■■■■■■■■■",
      ])
  }

  @Test func tooSmallTerminalShowsANoticeInsteadOfTheLayout() {
    let backend = TestBackend(width: 40, height: 5)
    Renderer(backend: backend).draw { buffer, area in buffer.render(Block(title: "全域图"), in: area) }
    #expect(
      backend.lines == [
        "                                        ",
        "     终端太小 · terminal too small      ",
        "     需要 need 80×24，当前 now 40×5     ",
        "    请放大窗口 · enlarge the window     ",
        "                                        ",
      ])
  }
}
