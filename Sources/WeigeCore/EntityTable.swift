/// Values keyed by a typed id, held in a flat array indexed by the raw id.
///
/// Ids are handed out in sequence (the 1,000,000 households of the city preset are 1…1,000,000),
/// so a flat array costs no hashing on the fold's hot path and about a third of a Dictionary's
/// memory. An id far past the table (more than four times the count, and past 65,536) goes to an
/// overflow dictionary instead, so one odd id cannot make the array huge.
public struct EntityTable<Entity: IdentifiedEntity, Value> {
  public typealias ID = Identifier<Entity>

  private var slots: ContiguousArray<Value?> = []
  private var overflow: [Int: Value] = [:]
  public private(set) var count = 0

  public init() {}

  public var isEmpty: Bool { count == 0 }

  public mutating func reserveCapacity(_ capacity: Int) { slots.reserveCapacity(capacity + 1) }

  private func fitsInSlots(_ raw: Int) -> Bool { raw >= 0 && raw < max(1 << 16, 4 * count + 16) }

  public subscript(id: ID) -> Value? {
    get {
      let raw = id.rawValue
      if raw >= 0 && raw < slots.count, let value = slots[raw] { return value }
      // An id put in the overflow stays there even once the slots have grown past it.
      return overflow.isEmpty ? nil : overflow[raw]
    }
    _modify {
      let raw = id.rawValue
      if (overflow.isEmpty || overflow[raw] == nil) && (raw >= 0 && raw < slots.count || fitsInSlots(raw)) {
        // The next id (the usual case when ids come in sequence) appends one slot; the generic
        // append of a repeated nil costs a replay or a snapshot load much more.
        if raw == slots.count {
          slots.append(nil)
        } else if raw > slots.count {
          slots.append(contentsOf: repeatElement(nil, count: raw + 1 - slots.count))
        }
        let wasPresent = slots[raw] != nil
        yield &slots[raw]
        count += (slots[raw] != nil ? 1 : 0) - (wasPresent ? 1 : 0)
      } else {
        var value = overflow.removeValue(forKey: raw)
        let wasPresent = value != nil
        defer {
          if let value { overflow[raw] = value }
          count += (value != nil ? 1 : 0) - (wasPresent ? 1 : 0)
        }
        yield &value
      }
    }
  }

  /// The highest id present: the slots are read from the end, so this costs little when ids
  /// come in sequence.
  public var lastKey: ID? {
    let high = [overflow.keys.max(), slots.lastIndex(where: { $0 != nil })].compactMap { $0 }.max()
    return high.map { ID($0) }
  }

  /// The ids present, ascending.
  public var keys: [ID] {
    let inSlots = slots.indices.filter { slots[$0] != nil }
    return (overflow.isEmpty ? inSlots : (inSlots + overflow.keys).sorted()).map { ID($0) }
  }

  /// The values, in id order, read in place rather than copied out first.
  public var values: Values { Values(slots: slots, overflow: overflow.sorted { $0.key < $1.key }) }

  /// Walks the slots (shared, not copied) and the overflow together, in id order: an overflow id
  /// may lie below the slots' end once they have grown past it.
  public struct Values: Sequence, IteratorProtocol {
    fileprivate let slots: ContiguousArray<Value?>
    fileprivate let overflow: [(key: Int, value: Value)]
    private var index = 0
    private var overflowIndex = 0

    fileprivate init(slots: ContiguousArray<Value?>, overflow: [(key: Int, value: Value)]) {
      self.slots = slots
      self.overflow = overflow
    }

    public mutating func next() -> Value? {
      while index < slots.count {
        if overflowIndex < overflow.count && overflow[overflowIndex].key < index {
          defer { overflowIndex += 1 }
          return overflow[overflowIndex].value
        }
        defer { index += 1 }
        if let value = slots[index] { return value }
      }
      guard overflowIndex < overflow.count else { return nil }
      defer { overflowIndex += 1 }
      return overflow[overflowIndex].value
    }
  }
}

extension EntityTable: Sendable where Value: Sendable {}

extension EntityTable: Equatable where Value: Equatable {
  public static func == (lhs: Self, rhs: Self) -> Bool {
    lhs.count == rhs.count && lhs.keys == rhs.keys && lhs.keys.allSatisfy { lhs[$0] == rhs[$0] }
  }
}
