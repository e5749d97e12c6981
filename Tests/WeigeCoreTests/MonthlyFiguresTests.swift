import Testing
import WeigeCore
import WeigeTestSupport

@Suite("A month in China time, and the tickets counted in it")
struct MonthlyFiguresTests {
  @Test("yyyy-MM is read strictly, and a month runs from 00:00 of its first day to the next's")
  func months() throws {
    #expect(CivilMonth("2026-13") == nil)
    #expect(CivilMonth("2026-1") == nil)
    #expect(CivilMonth("2026-00") == nil)
    #expect(CivilMonth("２０２６-11") == nil)
    let december = try #require(CivilMonth("2026-12"))
    #expect(december.next.description == "2027-01")
    let november = try #require(CivilMonth("2026-11"))
    let lastMinute = try #require(ChinaTime.parse("2026-11-30 23:59:59"))
    let midnight = try #require(ChinaTime.parse("2026-12-01 00:00"))
    #expect(november.contains(lastMinute))
    #expect(!november.contains(midnight))
    #expect(december.contains(midnight))
    #expect(november.endInChina == midnight)
    #expect(CivilMonth(inChina: Timestamp(milliseconds: midnight.rawValue - 1)) == november)
    // 2026-11-30 16:00 UTC is already December in China.
    #expect(CivilMonth(inChina: Timestamp(milliseconds: 1_796_054_400_000)) == december)
  }

  @Test("the median of an even count is the mean of the middle two; an unrated class has no mean rating")
  func ticketFigures() throws {
    let (_, ledger) = try demoEvents(.chunjiang, days: 14)
    let (byClass, total) = ledger.ticketFigures(under: nil, in: CivilMonth("2026-11"), now: pinnedNow)
    #expect(byClass.map(\.1.filed).reduce(0, +) == total.filed)
    let hours = ledger.tickets.values.compactMap(\.resolutionHours).sorted()
    #expect(total.resolved == hours.count)
    let even = hours.count % 2 == 0
    let middle = hours.count / 2
    #expect(total.medianHours == (even ? (hours[middle - 1] + hours[middle]) / 2 : hours[middle]))
    let october = ledger.ticketFigures(under: nil, in: CivilMonth("2026-10"), now: pinnedNow).total
    #expect(october.filed == 0)
    #expect(october.meanRating == nil && october.medianHours == nil)
  }
}
