import Testing
import WeigeSearch

@Suite("Weak matches: letters scattered over a line, not typed for it")
struct MatchStrengthTests {
  static let lines = [
    "赵梓敏 长江小区 1幢2单元", "王瑞 长江西苑 4幢3单元", "长江小区 3幢2单元", "王芳 长江小区 1幢1单元", "李明 长江小区 1幢1单元", "江三社区",
    "mobilize PLACE TASK DEADLINE TITLE 发布动员令：战时", "dispatch TICKET PERSON 派单",
    "#1023 雨污管网老化需改造 长江西苑 8幢1单元 评单",
  ]

  /// The best line for `query`, and whether it is a weak match of it.
  func best(_ query: String) throws -> (line: String, weak: Bool) {
    let parsed = PaletteQuery(query)
    let match = try #require(PaletteIndex(Self.lines).search(parsed, limit: 5).matches.first)
    let line = Self.lines[match.candidate]
    return (line, parsed.isWeakMatch(of: line, positions: match.positions))
  }

  @Test(
    "initials, whole syllables and a last syllable begun are typed on purpose",
    arguments: [
      ("cjxq", "长江小区 3幢2单元"), ("changjiang", "长江小区 3幢2单元"), ("wf", "王芳 长江小区 1幢1单元"),
      ("wangfang", "王芳 长江小区 1幢1单元"), ("limi", "李明 长江小区 1幢1单元"), ("jssq", "江三社区"),
      ("chjxy", "长江西苑"), ("mob", "mobilize PLACE TASK DEADLINE TITLE 发布动员令：战时"),
      ("disp", "dispatch TICKET PERSON 派单"), ("1023", "#1023 雨污管网老化需改造 长江西苑 8幢1单元 评单"),
      ("cjxq 3 2", "长江小区 3幢2单元"),
    ])
  func strong(query: String, line: String) throws {
    let found = try best(query)
    #expect(found.line.hasPrefix(line) || found.line.contains(line))
    #expect(!found.weak, "\(query) → \(found.line)")
  }

  @Test(
    "random letters are weak: zzz over a name and an address, war cutting 王 short",
    arguments: ["zzz", "war", "xyz"])
  func weak(query: String) throws {
    #expect(try best(query).weak)
  }
}
