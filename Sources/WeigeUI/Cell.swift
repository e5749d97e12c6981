/// One terminal column: a glyph and its style. A wide glyph lives in its first column; the column
/// after it holds a *continuation* cell (empty symbol, width 0) that the backend never draws.
public struct Cell: Hashable, Sendable {
  public var symbol: String
  public var style: Style
  /// Columns the glyph takes: 1, 2 for a wide glyph, 0 for a continuation.
  public var width: UInt8

  public init(_ symbol: String = " ", style: Style = .plain, width: Int = 1) {
    self.symbol = symbol
    self.style = style
    self.width = UInt8(width)
  }

  public static let blank = Cell()

  public static func continuation(style: Style) -> Cell { Cell("", style: style, width: 0) }

  public var isContinuation: Bool { width == 0 }
}

/// A cell that differs from the previous frame, at absolute screen coordinates.
public struct CellChange: Hashable, Sendable {
  public var x: Int
  public var y: Int
  public var cell: Cell

  public init(x: Int, y: Int, cell: Cell) {
    self.x = x
    self.y = y
    self.cell = cell
  }
}
