import Testing

@testable import WeigeSearch

/// What an operator types, and the candidate that must come first.
@Suite struct FirstResultTests {
  static let table: [(query: String, first: String)] = [
    // Chinese as typed through an input method.
    ("江三社区", "江三社区"),
    ("长江西苑", "长江西苑"),
    ("长江 3幢", "长江小区 3幢"),
    ("夜间噪音", "#1044 夜间噪音扰民 长江西苑 4幢1单元"),
    // Pinyin initials; 长 is chang here, though the dictionary's first reading is zhang.
    ("jssq", "江三社区"),
    ("cjxq", "长江小区"),
    ("cjxy", "长江西苑"),
    ("chjxq", "长江小区"),
    ("CJXQ", "长江小区"),
    // Full pinyin, and the other reading of a polyphone.
    ("zhangsan", "张三 长江小区 3幢2单元"),
    ("jiangsan", "江三社区"),
    ("wangfang", "王芳 长江小区 1幢1单元"),
    ("zhangsanfeng", "张三丰 春江小区 2幢1单元"),
    ("yinhang", "工商银行长河支行专属网格"),
    ("xingzheng", "行政服务中心"),
    ("lvzhou", "绿洲花园"),
    // Space-separated terms are ANDed; the order typed breaks the tie.
    ("cjxq 3 2", "长江小区 3幢2单元"),
    ("cjxq 2 3", "长江小区 2幢3单元"),
    ("cjxy 5 2", "长江西苑 5幢2单元"),
    // Mixed Chinese and ASCII.
    ("cj3幢", "长江小区 3幢"),
    ("长江xy", "长江西苑"),
    ("长江 3幢2单元 301", "长江小区 3幢2单元 301室"),
    ("zhang 长江 7", "张伟 长江小区 7幢3单元"),
    // Typos fzf tolerates: characters left out, never characters changed.
    ("长江区 3幢", "长江小区 3幢"),
    ("cjxq32", "长江小区 3幢2单元"),
    ("dispach", "dispatch"),
    ("zhsan", "张三 长江小区 3幢2单元"),
    // Numbers.
    ("1043", "#1043 楼道堆物影响通行 长江小区 3幢2单元"),
    ("3幢1单元 302", "长江小区 3幢1单元 302室"),
    // Full-width forms and the ideographic space, as some input methods send them.
    ("ｃｊｘｑ　３　２", "长江小区 3幢2单元"),
    ("lang en", "lang en"),
  ]

  @Test(arguments: table)
  func firstResult(query: String, first: String) {
    #expect(PaletteFixture.first(query) == first)
  }

  @Test(arguments: ["zhngsan", "江三社区 3幢", "jssq 7", "长江东苑", "dispatchx"])
  func findsNothing(query: String) {
    #expect(PaletteFixture.first(query) == nil)
  }
}

@Suite struct MatchDetailTests {
  @Test func positionsMarkEveryMatchedCharacter() {
    let match = PaletteFixture.index.search(PaletteQuery("cjxq 3 2"), limit: 1).matches[0]
    // 长江小区 3幢2单元: 长 江 小 区 by initials, then 3 and 2.
    #expect(PaletteFixture.candidates[match.candidate] == "长江小区 3幢2单元")
    #expect(match.positions == [0, 1, 2, 3, 5, 7])
  }

  @Test func positionsCountUTF16Units() {
    let match = PaletteFixture.index.search(PaletteQuery("zhangsan"), limit: 1).matches[0]
    #expect(match.positions == [0, 1])
  }

  @Test func everyMatchIsCounted() {
    let result = PaletteFixture.index.search(PaletteQuery("cjxq 3 2"), limit: 3, counting: true)
    #expect(result.matches.count == 3)
    // The stairwell, its six households, 张三 and ticket #1043, and 2幢3单元's and 13幢's likes.
    #expect(result.matchCount! > result.matches.count)
    #expect(result.matches.map(\.score) == result.matches.map(\.score).sorted(by: >))
  }

  @Test func emptyQueryListsEverythingInOrder() {
    let result = PaletteFixture.index.search(PaletteQuery("  "), limit: 3, counting: true)
    #expect(result.matchCount == PaletteFixture.candidates.count)
    #expect(result.matches.map(\.candidate) == [0, 1, 2])
  }

  @Test func indexKeepsTheTextsUTF16() {
    let texts = ["长江小区 3幢2单元 301室", "Zhang 张三", "𠀀 rare", "é ÿ ǅ", "ｃｊ　３"]
    #expect(PaletteIndex(texts).units == texts.flatMap { Array($0.utf16) })
  }

  @Test func noPlacesRankNothingButStillCount() {
    let result = PaletteFixture.index.search(PaletteQuery("cjxq"), limit: 0, counting: true)
    #expect(result.matches.isEmpty)
    #expect(result.matchCount == PaletteFixture.index.search(PaletteQuery("cjxq"), counting: true).matchCount)
  }

  @Test func anEmptyIndexFindsNothing() {
    let index = PaletteIndex([])
    #expect(index.search(PaletteQuery("cjxq"), counting: true).matchCount == 0)
    #expect(index.search(PaletteQuery("")).matches.isEmpty)
  }

  @Test func pinyinTableKeepsEveryReading() {
    let table = PinyinTable.shared
    #expect(Set(table.readings(of: "长")).isSuperset(of: ["chang", "zhang"]))
    #expect(Set(table.readings(of: "行")).isSuperset(of: ["xing", "hang"]))
    #expect(table.readings(of: "绿").contains("lv"))
    #expect(table.readings(of: "三") == ["san"])
    #expect(table.readings(of: "a").isEmpty)
  }
}

@Suite struct NarrowingTests {
  /// Typing, then deleting, answers each query exactly as a fresh search would.
  @Test(arguments: ["cjxq 3 2", "长江 3幢2单元 301", "zhangsan", "cj3幢"])
  func sessionAgreesWithFreshSearch(query: String) {
    let session = PaletteSession(index: PaletteFixture.index, limit: 10)
    var prefixes: [String] = []
    var typed = ""
    for character in query {
      typed.append(character)
      prefixes.append(typed)
    }
    for text in prefixes + prefixes.reversed().dropFirst() {
      let fresh = PaletteFixture.index.search(PaletteQuery(text), limit: 10, counting: true)
      let incremental = session.update(text)
      #expect(incremental.matches == fresh.matches, "\(text)")
      #expect(Set(incremental.candidates).isSuperset(of: fresh.candidates), "\(text)")
    }
  }

  /// Candidates that cannot rank are kept untested, and the keystrokes after rank the same.
  @Test(arguments: ["chan", "c", "cjxq 3 2", "长江 3", "zh"])
  func skippingWhatCannotRankChangesNoResult(query: String) {
    let index = PaletteFixture.index
    for limit in [1, 3, 10] {
      let counted = index.search(PaletteQuery(query), limit: limit, counting: true)
      let skipped = index.search(PaletteQuery(query), limit: limit)
      #expect(skipped.matches == counted.matches, "\(query) limit \(limit)")
      #expect(skipped.matchCount == nil)
      #expect(Set(skipped.candidates).isSuperset(of: counted.candidates))
      let narrower = PaletteQuery(query + "1")
      #expect(
        index.search(narrower, limit: limit, narrowing: skipped).matches
          == index.search(narrower, limit: limit, counting: true).matches, "\(query)1 limit \(limit)")
    }
    // 行政服务中心 scores the ceiling for `ha`; after it, 长 (chang, which has an h and an a but no
    // syllable starting ha) cannot rank, and is kept untested instead of found not to match.
    let counted = index.search(PaletteQuery("ha"), limit: 1, counting: true)
    let skipped = index.search(PaletteQuery("ha"), limit: 1)
    #expect(PaletteFixture.candidates[skipped.matches[0].candidate] == "行政服务中心")
    #expect(skipped.candidates.count > counted.matchCount!)
  }

  /// Above 20,000 candidates a scan runs in pieces on all cores, which share the lowest key they
  /// keep (`KeptBar`); the best twenty must be those of a search that keeps every match.
  @Test(arguments: ["chan", "c", "zh", "cjxq 3 2", "1203", "ch 12", "禅院 7"])
  func piecesSharingTheBarRankAsOneScan(query: String) {
    var lines: [String] = []
    for compound in ["长江小区", "长江西苑", "春江花园", "江三新村", "禅院小区"] {
      for building in 1...30 {
        for unit in 1...4 {
          for floor in 1...25 {
            for room in 1...4 { lines.append("\(compound) \(building)幢\(unit)单元 \(floor)0\(room)室") }
          }
        }
      }
    }
    let index = PaletteIndex(lines)
    #expect(PaletteIndex.pieceCount(for: index.count) > 1)
    let everything = index.search(PaletteQuery(query), limit: index.count, counting: true)
    let best = index.search(PaletteQuery(query), limit: 20)
    #expect(best.matches == Array(everything.matches.prefix(20)))
  }

  /// A scan resumes each candidate after the prefix it shares with the one before; the same lists
  /// in another order share other prefixes, and every candidate must score the same.
  @Test(arguments: ["cjxq 3 2", "长江 3幢2单元 301", "chan", "3幢 0", "zhsan", "cj3幢", "2 cjxq 1单元"])
  func sharedPrefixesChangeNoScore(query: String) {
    let texts = PaletteFixture.candidates
    let shuffled = texts.enumerated().sorted { ($0.offset * 7919) % 101 < ($1.offset * 7919) % 101 }.map(
      \.element)
    func scores(_ list: [String]) -> [String: Int] {
      let result = PaletteIndex(list).search(PaletteQuery(query), limit: list.count)
      return Dictionary(uniqueKeysWithValues: result.matches.map { (list[$0.candidate], $0.score) })
    }
    #expect(scores(texts) == scores(shuffled))
    #expect(!scores(texts).isEmpty)
  }

  @Test func extendingATermOrAddingOneNarrows() {
    #expect(PaletteQuery("cj").isNarrowed(by: PaletteQuery("cjx")))
    #expect(PaletteQuery("cjxq").isNarrowed(by: PaletteQuery("cjxq 3")))
    #expect(!PaletteQuery("cjxq").isNarrowed(by: PaletteQuery("cjx")))
    #expect(!PaletteQuery("").isNarrowed(by: PaletteQuery("c")))
  }
}
