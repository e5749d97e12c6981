import Testing
import WeigeCore

@Suite("The city's most numerous values keep their size")
struct MemoryLayoutTests {
  /// A city holds a million households and 152,140 people in tables of optional slots
  /// (`EntityTable`): eight bytes more a household is 8 MB more at open (`bench store`'s peak).
  @Test("a household's slot is 120 bytes and a person's 80")
  func slots() {
    #expect(MemoryLayout<Household?>.stride == 120)
    #expect(MemoryLayout<Person?>.stride == 80)
  }
}
