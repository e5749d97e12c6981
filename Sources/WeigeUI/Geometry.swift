/// A terminal size in columns and rows.
public struct Size: Hashable, Sendable, CustomStringConvertible {
  public var width: Int
  public var height: Int

  public init(width: Int, height: Int) {
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public var description: String { "\(width)×\(height)" }

  /// Whether this size holds `other` in both directions.
  public func contains(_ other: Size) -> Bool { width >= other.width && height >= other.height }
}

/// A rectangle of cells; `x`/`y` are absolute screen coordinates.
public struct Rect: Hashable, Sendable, CustomStringConvertible {
  public var x: Int
  public var y: Int
  public var width: Int
  public var height: Int

  public init(x: Int, y: Int, width: Int, height: Int) {
    self.x = x
    self.y = y
    self.width = max(0, width)
    self.height = max(0, height)
  }

  public init(size: Size) { self.init(x: 0, y: 0, width: size.width, height: size.height) }

  public var description: String { "(\(x),\(y) \(width)×\(height))" }
  public var size: Size { Size(width: width, height: height) }
  public var isEmpty: Bool { width == 0 || height == 0 }
  public var area: Int { width * height }
  public var left: Int { x }
  public var top: Int { y }
  /// One past the last column, so `left..<right` are the columns.
  public var right: Int { x + width }
  /// One past the last row.
  public var bottom: Int { y + height }

  /// The rectangle shrunk by `horizontal` columns on each side and `vertical` rows top and bottom.
  public func inset(horizontal: Int = 0, vertical: Int = 0) -> Rect {
    Rect(x: x + horizontal, y: y + vertical, width: width - 2 * horizontal, height: height - 2 * vertical)
  }

  /// The part of this rectangle that lies inside `other` (empty when they do not meet).
  public func intersection(_ other: Rect) -> Rect {
    let left = max(self.left, other.left)
    let top = max(self.top, other.top)
    let right = min(self.right, other.right)
    let bottom = min(self.bottom, other.bottom)
    return Rect(x: left, y: top, width: right - left, height: bottom - top)
  }

  public func contains(x column: Int, y row: Int) -> Bool {
    column >= left && column < right && row >= top && row < bottom
  }

  /// The single row `offset` rows down (empty when outside).
  public func row(_ offset: Int) -> Rect {
    guard offset >= 0, offset < height else { return Rect(x: x, y: y + offset, width: 0, height: 0) }
    return Rect(x: x, y: y + offset, width: width, height: 1)
  }

  /// A rectangle of `size` centred in this one (clipped to it).
  public func centered(_ size: Size) -> Rect {
    let w = min(size.width, width)
    let h = min(size.height, height)
    return Rect(x: x + (width - w) / 2, y: y + (height - h) / 2, width: w, height: h)
  }
}
