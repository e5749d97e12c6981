import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeTerminal
import WeigeUI

/// `weige screen-demo`: one screen of every widget, to look at the engine until the dashboard lands.
public struct ScreenDemo: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "screen-demo",
    abstract: "Show a demo screen of the terminal engine's widgets (q quits).")

  @OptionGroup var themeOptions: ThemeOptions

  @Flag(help: .hidden) var trapOnBang = false

  public init() {}

  public func run() throws {
    var theme = try themeOptions.resolve()
    let backend: NcursesBackend
    do {
      backend = try NcursesBackend(options: .init(environment: ProcessInfo.processInfo.environment))
    } catch {
      throw ValidationError("\(error)")
    }
    defer { backend.end() }
    theme = theme.downgraded(to: backend.colorDepth)
    var screen = DemoScreen(data: .binjiang, theme: theme, trapOnBang: trapOnBang)
    screen.clock = DemoScreen.clockText()
    let loop = EventLoop<DemoScreen.Message>()
    loop.every(.seconds(1)) { .tick(DemoScreen.clockText()) }
    loop.run(&screen, on: backend, input: backend)
  }
}

/// Field-shaped sample data: the Binjiang district's 2,579 stairwells across its communities.
struct DemoData {
  struct Community {
    var name: String
    /// One lens value per stairwell, 0 (fine) … 1 (needs attention).
    var stairwells: [Double]
  }

  struct Head {
    var stairwell: String
    var name: String
    var households: Int
    var visited: Int
  }

  var communities: [Community]
  var heads: [Head]

  var stairwellCount: Int { communities.reduce(0) { $0 + $1.stairwells.count } }

  /// Deterministic, so the screen looks the same every run.
  static let binjiang: DemoData = {
    let names = [
      "江三社区", "观潮社区", "长河社区", "春江小区", "浦沿社区", "西兴社区", "缤纷社区", "星民社区",
      "东信社区", "滨和社区", "江一社区", "江二社区", "白金海岸", "冠山社区", "湘湖社区", "山一社区",
      "东冠社区", "江南社区", "月明社区", "钱塘春晓",
    ]
    // Jiangsan has 94 stairwells (field record); the rest share the district's 2,579.
    var sizes = [94] + Array(repeating: 130, count: names.count - 1)
    sizes[sizes.count - 1] += 2_579 - sizes.reduce(0, +)
    var seed: UInt64 = 0x5EED
    func next() -> Double {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(seed >> 33) / Double(1 << 31)
    }
    let communities = zip(names, sizes).map { name, size in
      Community(
        name: name,
        stairwells: (0..<size).map { _ in
          let r = next()
          return r * r * r
        })
    }
    let people = ["王芳", "李明", "张伟", "欧阳娜娜", "陈静", "刘洋", "赵磊", "孙丽", "周杰", "吴敏", "郑强", "冯雪"]
    let heads = (0..<40).map { i in
      Head(
        stairwell: "长江\(i / 4 + 1)幢\(i % 4 + 1)单元" + (i == 2 ? "（长江西苑北区）" : ""),
        name: people[i % people.count], households: 28 + i % 13, visited: 20 + (i * 7) % 19)
    }
    return DemoData(communities: communities, heads: heads)
  }()
}

/// The demo as an app: state in, a frame out.
struct DemoScreen: App {
  enum Message: Sendable { case tick(String) }

  var data: DemoData
  var theme: Theme
  var trapOnBang = false
  var selected = 0
  var tab = 0
  var showHelp = false
  var clock = ""
  var lastKey = "—"

  static let tabs = ["全域图", "工单", "告警"]

  /// A made-up but plausible minute-by-minute count, with a burst every 17 minutes.
  static let ticketsPerMinute: [Double] = (0..<120).map { minute -> Double in
    let base = (minute * 37 + 11) % 23
    return Double(minute % 17 == 0 ? base + 30 : base)
  }

  static func clockText() -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "MM-dd HH:mm:ss"
    return formatter.string(from: Date())
  }

  mutating func update(_ event: Event<Message>) -> Outcome<Never> {
    switch event {
    case .message(.tick(let text)):
      guard text != clock else { return .unchanged }
      clock = text
      return .redraw
    case .input(.resize): return .redraw
    case .input(.mouse(let mouse)):
      lastKey = "mouse \(mouse.kind) \(mouse.x),\(mouse.y)"
      if mouse.kind == .wheelDown { selected = min(data.heads.count - 1, selected + 1) }
      if mouse.kind == .wheelUp { selected = max(0, selected - 1) }
      return .redraw
    case .input(.key(let key)):
      lastKey = Self.describe(key)
      return handle(key)
    }
  }

  private mutating func handle(_ key: Key) -> Outcome<Never> {
    switch key {
    case .character("q"), .control("c"): return .quit
    case .character("!") where trapOnBang:
      let stairwells: [Int] = []
      _ = stairwells[1]  // A deliberate Swift trap, for the crash-restore test.
    case .escape where showHelp, .character("?"): showHelp.toggle()
    case .down, .character("j"): selected = min(data.heads.count - 1, selected + 1)
    case .up, .character("k"): selected = max(0, selected - 1)
    case .tab: tab = (tab + 1) % Self.tabs.count
    case .backTab: tab = (tab + Self.tabs.count - 1) % Self.tabs.count
    default: break
    }
    return .redraw
  }

  static func describe(_ key: Key) -> String {
    switch key {
    case .character(let character): "「\(character)」"
    case .control(let character): "Ctrl-\(character.uppercased())"
    case .function(let n): "F\(n)"
    default: "\(key)"
    }
  }

  func view(into buffer: inout Buffer, area: Rect) {
    buffer.fill(area, with: Cell(" ", style: theme.style(.text)))
    let rows = Layout.vertical([.length(4), .fill(1), .length(1)]).split(area)
    renderHeader(rows[0], into: &buffer)
    let columns = Layout.horizontal([.percentage(58), .fill(1)]).split(rows[1])
    renderMap(columns[0], into: &buffer)
    renderSide(columns[1], into: &buffer)
    buffer.render(
      KeyHintBar(
        [
          .init("?", "帮助"), .init("↑↓", "选择"), .init("Tab", "切换"), .init("Esc", "返回"),
          .init("q", "退出"),
        ], keyStyle: theme.selectionStyle, labelStyle: theme.style(.muted)), in: rows[2])
    if showHelp { renderHelp(area, into: &buffer) }
  }

  private func block(_ title: String, trailing: String? = nil) -> Block {
    Block(
      title: Line(title), trailingTitle: trailing.map { Line($0) }, borderStyle: theme.style(.border),
      titleStyle: theme.style(.title).bolded())
  }

  private func renderHeader(_ area: Rect, into buffer: inout Buffer) {
    let frame = block("微格 · 屏幕演示 · 滨江区", trailing: "平时 · \(clock)")
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    let line = Layout.horizontal([.length(28), .fill(1), .length(24)]).split(inner.row(0))
    buffer.render(
      Tabs(
        Self.tabs.map { Line($0) }, selected: tab, style: theme.style(.muted),
        selectedStyle: theme.selectionStyle), in: line[0])
    buffer.render(
      Breadcrumb(
        ["滨江区", "长河街道", "江三社区", "长江3幢2单元"], style: theme.style(.muted),
        currentStyle: theme.style(.accent).bolded()), in: line[1])
    buffer.write(Line("按键 " + lastKey, style: theme.style(.muted), alignment: .right), in: line[2])
    let figures = "户 90,216  楼道 \(data.stairwellCount.formatted())  在岗 98.1%  党员 29/35/27%  本月走访 76.4%"
    buffer.write(Line(figures, style: theme.style(.text)), in: inner.row(1))
  }

  private func renderMap(_ area: Rect, into buffer: inout Buffer) {
    let frame = block("全域图 · 开放工单", trailing: "\(data.stairwellCount) 楼道")
    buffer.render(frame, in: area)
    let groups = data.communities.map { community in
      TileMap.Group(
        community.name,
        tiles: community.stairwells.map { TileMap.Tile("■", style: Style(foreground: theme.lens($0))) },
        trailer: "\(community.stairwells.count)")
    }
    buffer.render(
      TileMap(groups, labelStyle: theme.style(.text), trailerStyle: theme.style(.muted)),
      in: frame.inner(area))
  }

  private func renderSide(_ area: Rect, into buffer: inout Buffer) {
    let parts = Layout.vertical([.fill(1), .length(4), .length(4)]).split(area)
    let frame = block("楼道长 · 江三社区", trailing: "\(selected + 1)/\(data.heads.count)")
    buffer.render(frame, in: parts[0])
    let table = Table(
      columns: [
        .init("楼道", width: .fill(1)), .init("楼道长", width: .length(8)),
        .init("户", width: .length(4), alignment: .right), .init("走访", width: .length(5), alignment: .right),
      ],
      rows: data.heads.map { head in
        Table.Row([
          Line(head.stairwell), Line(head.name), Line("\(head.households)"), Line("\(head.visited)"),
        ])
      },
      selected: selected, headerStyle: theme.style(.accent).bolded(), selectionStyle: theme.selectionStyle)
    buffer.render(table, in: frame.inner(parts[0]))

    let reached = 2_104
    let war = block("战时动员 · 通知到户", trailing: "剩 12 分")
    buffer.render(war, in: parts[1])
    let gaugeArea = war.inner(parts[1])
    buffer.render(
      Gauge(
        ratio: Double(reached) / 2_688, label: "\(reached)/2,688 户", filledStyle: theme.style(.partyRed),
        emptyStyle: theme.style(.drillWatermark), labelStyle: theme.style(.text).bolded()),
      in: gaugeArea.row(0))
    buffer.write(Line("94 个三人突击小组 · 预计 20:58 完成", style: theme.style(.muted)), in: gaugeArea.row(1))

    let trend = block("工单 · 近 60 分钟")
    buffer.render(trend, in: parts[2])
    buffer.render(Sparkline(Self.ticketsPerMinute, style: theme.style(.accent)), in: trend.inner(parts[2]))
  }

  private func renderHelp(_ area: Rect, into buffer: inout Buffer) {
    let modal = Modal(
      title: "帮助 · Help", size: Size(width: 44, height: 9), style: theme.style(.text),
      borderStyle: theme.style(.accent))
    buffer.render(modal, in: area)
    let lines: [Line] = [
      "↑ ↓ / j k   选择楼道长", "Tab         切换页签", "?  Esc      关闭帮助", "q  Ctrl-C   退出",
      Line("一屏知全域 · one screen, the whole area", style: theme.style(.muted)),
    ]
    buffer.render(Paragraph(lines), in: modal.inner(in: area).inset(horizontal: 1))
  }
}
