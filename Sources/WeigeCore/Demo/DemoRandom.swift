/// SplitMix64: tiny, fast and the same on every machine, so a demo is reproducible by seed.
struct DemoRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &self) < probability }

  mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

  /// Splits `total` into `count` parts of at least `minimum`, each near total/count, varied by
  /// ±`spread`, summing exactly to `total`.
  mutating func allocate(_ total: Int, into count: Int, minimum: Int = 1, spread: Double = 0.35) -> [Int] {
    precondition(count > 0 && total >= minimum * count, "cannot split \(total) into \(count) parts")
    let weights = (0..<count).map { _ in Double.random(in: (1 - spread)...(1 + spread), using: &self) }
    let free = total - minimum * count
    let sum = weights.reduce(0, +)
    var parts = weights.map { minimum + Int(Double(free) * $0 / sum) }
    var remainder = total - parts.reduce(0, +)
    while remainder > 0 {
      parts[Int.random(in: 0..<count, using: &self)] += 1
      remainder -= 1
    }
    return parts
  }

  /// Exactly `count` distinct indices below `range`, as a set.
  mutating func choose(_ count: Int, of range: Int) -> Set<Int> {
    var indices = Array(0..<range)
    indices.shuffle(using: &self)
    return Set(indices.prefix(count))
  }
}
