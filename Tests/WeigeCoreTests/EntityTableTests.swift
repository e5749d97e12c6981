import Testing

@testable import WeigeCore

@Suite("EntityTable: a flat array with an overflow for odd ids")
struct EntityTableTests {
  /// The city drill's reports arrive in no id order: an id first put in the overflow must still be
  /// found, replaced and counted once after the slots have grown past it (it was shadowed by an
  /// empty slot, and a household's second report counted twice).
  @Test("an id in the overflow is found after the slots grow past it")
  func overflowShadowedBySlots() {
    var table = EntityTable<HouseholdEntity, Int>()
    table[HouseholdID(900_000)] = 1
    for raw in 1...300_000 { table[HouseholdID(raw)] = raw }
    // 4 × 300,001 + 16 is past 950,000: this one goes to the slots, which now reach past 900,000.
    table[HouseholdID(950_000)] = 2
    #expect(table[HouseholdID(900_000)] == 1)
    table[HouseholdID(900_000)] = 3
    #expect(table[HouseholdID(900_000)] == 3)
    #expect(table.count == 300_002)
    let keys = table.keys
    #expect(keys.count == 300_002 && keys == keys.sorted())
    #expect(Array(table.values).suffix(2) == [3, 2])
    #expect(table.lastKey == HouseholdID(950_000))
    table[HouseholdID(900_000)] = nil
    #expect(table[HouseholdID(900_000)] == nil && table.count == 300_001)
  }
}
