/// How much of a split one part asks for.
public enum Constraint: Hashable, Sendable {
  /// Exactly this many cells (shrunk only when the parts cannot all fit).
  case length(Int)
  /// At least this many; grows when nothing asks to fill.
  case min(Int)
  /// This share of the whole, 0–100.
  case percentage(Int)
  /// A share of what is left after the others, by weight.
  case fill(Int)
}

/// Splits a rectangle into rows or columns by constraints.
public struct Layout: Hashable, Sendable {
  public enum Direction: Hashable, Sendable { case horizontal, vertical }

  public var direction: Direction
  public var constraints: [Constraint]
  /// Cells left empty between neighbouring parts.
  public var spacing: Int

  public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
    self.direction = direction
    self.constraints = constraints
    self.spacing = spacing
  }

  public static func vertical(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
    Layout(.vertical, constraints, spacing: spacing)
  }

  public static func horizontal(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
    Layout(.horizontal, constraints, spacing: spacing)
  }

  public func split(_ area: Rect) -> [Rect] {
    let extent = direction == .horizontal ? area.width : area.height
    let sizes = Layout.sizes(for: constraints, in: extent - spacing * max(0, constraints.count - 1))
    var offset = 0
    return sizes.map { size in
      defer { offset += size + spacing }
      let start = Swift.min(offset, extent)
      let length = Swift.max(0, Swift.min(size, extent - start))
      return direction == .horizontal
        ? Rect(x: area.x + start, y: area.y, width: length, height: area.height)
        : Rect(x: area.x, y: area.y + start, width: area.width, height: length)
    }
  }

  /// Fixed parts first, then `fill` parts share what is left by weight (the last takes the
  /// rounding remainder); with no fill part, `min` parts share it. When the parts do not fit,
  /// the last ones shrink first, so headers at the top keep their rows.
  static func sizes(for constraints: [Constraint], in total: Int) -> [Int] {
    let total = Swift.max(0, total)
    var sizes = constraints.map { constraint -> Int in
      switch constraint {
      case .length(let n), .min(let n): Swift.max(0, n)
      case .percentage(let p): total * Swift.max(0, Swift.min(100, p)) / 100
      case .fill: 0
      }
    }
    var remaining = total - sizes.reduce(0, +)
    if remaining > 0 {
      let fills = constraints.indices.compactMap { i -> (Int, Int)? in
        if case .fill(let weight) = constraints[i] { return (i, Swift.max(1, weight)) }
        return nil
      }
      let mins = constraints.indices.filter {
        if case .min = constraints[$0] { return true }
        return false
      }
      let growers = fills.isEmpty ? mins.map { ($0, 1) } : fills
      let weights = growers.reduce(0) { $0 + $1.1 }
      var given = 0
      for (n, (index, weight)) in growers.enumerated() {
        let share = n == growers.count - 1 ? remaining - given : remaining * weight / weights
        sizes[index] += share
        given += share
      }
      if !growers.isEmpty { remaining = 0 }
    }
    var index = sizes.count - 1
    while remaining < 0 && index >= 0 {
      let cut = Swift.min(sizes[index], -remaining)
      sizes[index] -= cut
      remaining += cut
      index -= 1
    }
    return sizes
  }
}
