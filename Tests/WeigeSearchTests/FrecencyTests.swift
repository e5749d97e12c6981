import Foundation
import Testing

@testable import WeigeSearch

@Suite struct FrecencyTests {
  let monday = Date(timeIntervalSince1970: 1_763_683_200)

  @Test func aChoiceHalvesEveryHalfLife() {
    var frecency = Frecency()
    frecency.recordChoice(of: "place:长江小区 3幢2单元", at: monday)
    #expect(frecency.weight(of: "place:长江小区 3幢2单元", at: monday) == 1)
    let weekLater = monday.addingTimeInterval(frecency.halfLife)
    #expect(abs(frecency.weight(of: "place:长江小区 3幢2单元", at: weekLater) - 0.5) < 1e-9)
    #expect(frecency.weight(of: "place:江三社区", at: weekLater) == 0)
  }

  @Test func oftenBeatsOnceAndRecentBeatsOld() {
    var frecency = Frecency()
    let old = monday.addingTimeInterval(-30 * 24 * 3600)
    frecency.recordChoice(of: "old", at: old)
    frecency.recordChoice(of: "often", at: monday.addingTimeInterval(-3600))
    frecency.recordChoice(of: "often", at: monday.addingTimeInterval(-60))
    frecency.recordChoice(of: "once", at: monday)
    #expect(frecency.ranked(at: monday) == ["often", "once", "old"])
  }

  @Test func keepsOnlyItsCapacity() {
    var frecency = Frecency()
    frecency.capacity = 2
    for (offset, id) in ["a", "b", "c"].enumerated() {
      frecency.recordChoice(of: id, at: monday.addingTimeInterval(Double(offset)))
    }
    #expect(Set(frecency.uses.keys) == ["b", "c"])
  }

  @Test func survivesEncoding() throws {
    var frecency = Frecency()
    frecency.recordChoice(of: "person:王芳", at: monday)
    let data = try JSONEncoder().encode(frecency)
    #expect(try JSONDecoder().decode(Frecency.self, from: data) == frecency)
  }

  /// Equal scores: the chosen stairwell comes before the shorter building; a better match still
  /// beats it.
  @Test func boostsBreakTiesOnly() {
    let texts = PaletteFixture.candidates
    var frecency = Frecency()
    frecency.recordChoice(of: "长江小区 1幢3单元", at: monday)
    frecency.recordChoice(of: "长江小区 11幢3单元", at: monday.addingTimeInterval(-60))
    let boosts = frecency.boosts(at: monday) { texts.firstIndex(of: $0) }
    func first(_ query: String, _ boosts: PaletteBoosts) -> String {
      texts[PaletteFixture.index.search(PaletteQuery(query), limit: 1, boosts: boosts).matches[0].candidate]
    }
    #expect(first("cjxq 1幢", .none) == "长江小区 1幢")
    #expect(first("cjxq 1幢", boosts) == "长江小区 1幢3单元")
    #expect(first("cjxq 1幢3", .none) == "长江小区 1幢3单元")
    // 11幢3单元 was chosen, but its 1幢3 starts after a digit, not a space.
    let eleven = PaletteBoosts(favourites: [texts.firstIndex(of: "长江小区 11幢3单元")!])
    #expect(first("cjxq 1幢3", eleven) == "长江小区 1幢3单元")
  }
}
