@testable import WeigeSearch

/// Candidates as the palette will list them for the 江三社区 demo: places from street to stairwell,
/// households by room, people with the stairwell they serve, open tickets and commands.
enum PaletteFixture {
  static let candidates: [String] = {
    var lines = [
      "滨江区", "长河街道", "江三社区", "春波社区", "长江小区", "长江西苑", "春江小区", "绿洲花园", "长江小区 第一微网格",
      "工商银行长河支行专属网格", "行政服务中心",
    ]
    for compound in ["长江小区", "长江西苑"] {
      for building in 1...13 {
        lines.append("\(compound) \(building)幢")
        for unit in 1...3 { lines.append("\(compound) \(building)幢\(unit)单元") }
      }
    }
    for unit in 1...2 {
      for room in [101, 102, 201, 202, 301, 302] { lines.append("长江小区 3幢\(unit)单元 \(room)室") }
    }
    lines += [
      "张三 长江小区 3幢2单元", "王芳 长江小区 1幢1单元", "李明 长江西苑 2幢1单元", "章伟 长江西苑 5幢2单元",
      "张伟 长江小区 7幢3单元", "张三丰 春江小区 2幢1单元", "吕绿 绿洲花园 1幢1单元",
      "#1043 楼道堆物影响通行 长江小区 3幢2单元", "#1044 夜间噪音扰民 长江西苑 4幢1单元",
      "#1051 独居老人行动不便需代购 长江小区 9幢3单元",
      "goto", "dispatch", "resolve", "theme", "lang zh", "lang en", "help", "quit",
    ]
    return lines
  }()

  static let index = PaletteIndex(candidates)

  /// The text of the best match, or nil when nothing matches.
  static func first(_ query: String) -> String? {
    index.search(PaletteQuery(query), limit: 1).matches.first.map { candidates[$0.candidate] }
  }

  static func position(of text: String) -> Int { candidates.firstIndex(of: text)! }
}
