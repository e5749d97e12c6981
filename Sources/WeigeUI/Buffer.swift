/// A grid of cells the size of the screen (or part of it). Widgets draw here; a backend shows it.
///
/// A wide glyph is a lead cell plus a continuation cell. Writing over either half clears the other,
/// so the grid never holds half a glyph:
///
///     before      write "x" at column 1     write "中" at column 0 over "a国"
///     |中|··|b|   |␠|x|b|                   |中|··|␠|   (国 lost its lead half → blank)
public struct Buffer: Hashable, Sendable {
  public private(set) var area: Rect
  public private(set) var cells: [Cell]

  public init(area: Rect, filling cell: Cell = .blank) {
    self.area = area
    self.cells = Array(repeating: cell, count: area.area)
  }

  public init(size: Size) { self.init(area: Rect(size: size)) }

  public func cell(x: Int, y: Int) -> Cell { cells[index(x: x, y: y)] }

  func index(x: Int, y: Int) -> Int { (y - area.y) * area.width + (x - area.x) }

  /// Blanks every cell, keeping the size.
  public mutating func reset() {
    for index in cells.indices { cells[index] = .blank }
  }

  public mutating func resize(to newArea: Rect) {
    area = newArea
    cells = Array(repeating: .blank, count: newArea.area)
  }

  /// Puts one glyph, patching `style` over the cell's current style. Returns the columns used:
  /// 0 for a control character or a position outside the buffer. A wide glyph that would hang
  /// over the right edge becomes a blank, never half a glyph.
  @discardableResult
  public mutating func put(_ character: Character, x: Int, y: Int, style: Style = .plain) -> Int {
    put(Buffer.symbol(character), width: TextWidth.of(character), x: x, y: y, style: style)
  }

  /// The text a cell keeps for a cluster: without a trailing ZWJ, which joins nothing inside the
  /// cluster and would make the terminal join the glyph to whatever is drawn after it.
  static func symbol(_ character: Character) -> String {
    let scalars = character.unicodeScalars
    guard character.utf8.count > 3, scalars.last == "\u{200D}" else { return String(character) }
    var kept = String.UnicodeScalarView(scalars)
    while kept.count > 1 && kept.last == "\u{200D}" { kept.removeLast() }
    return String(kept)
  }

  @discardableResult
  mutating func put(_ symbol: String, width: Int, x: Int, y: Int, style: Style) -> Int {
    guard width > 0, area.contains(x: x, y: y) else { return 0 }
    if width == 2 && x + 1 >= area.right {
      return put(" ", width: 1, x: x, y: y, style: style)
    }
    let i = index(x: x, y: y)
    detachWideNeighbours(at: i, column: x - area.x, width: width)
    let merged = cells[i].style.patched(with: style)
    cells[i] = Cell(symbol, style: merged, width: width)
    if width == 2 { cells[i + 1] = .continuation(style: merged) }
    return width
  }

  /// Before columns `column ..< column + width` of a row are overwritten: a wide glyph whose
  /// other half lies outside that span becomes a blank.
  private mutating func detachWideNeighbours(at i: Int, column: Int, width: Int) {
    if cells[i].isContinuation && column > 0 {
      cells[i - 1].symbol = " "
      cells[i - 1].width = 1
    }
    let last = i + width - 1
    if cells[last].width == 2 && column + width < area.width {
      cells[last + 1].symbol = " "
      cells[last + 1].width = 1
    }
  }

  /// Writes `text` from (x, y) in at most `maxWidth` columns, patching `style`; stops before a
  /// glyph that does not fit whole. Returns the columns advanced.
  @discardableResult
  public mutating func write(
    _ text: some StringProtocol, x: Int, y: Int, style: Style = .plain, maxWidth: Int = .max
  ) -> Int {
    guard y >= area.top && y < area.bottom else { return 0 }
    let limit = maxWidth >= area.right - x ? area.right : x + maxWidth
    var column = x
    for character in text {
      let width = TextWidth.of(character)
      if width == 0 { continue }
      if column + width > limit { break }
      if column >= area.left {
        put(Buffer.symbol(character), width: width, x: column, y: y, style: style)
      }
      column += width
    }
    return column - x
  }

  /// Fills a rectangle with copies of `cell` (a one-column glyph), clearing any wide glyph cut
  /// by its edges.
  public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
    let target = rect.intersection(area)
    guard !target.isEmpty else { return }
    for y in target.top..<target.bottom {
      detachWideNeighbours(at: index(x: target.left, y: y), column: target.left - area.x, width: 1)
      let lastColumn = target.right - 1
      detachWideNeighbours(at: index(x: lastColumn, y: y), column: lastColumn - area.x, width: 1)
      let start = index(x: target.left, y: y)
      for i in start..<(start + target.width) { cells[i] = cell }
    }
  }

  /// Patches `style` over every cell of a rectangle, leaving the glyphs.
  public mutating func setStyle(_ rect: Rect, _ style: Style) {
    let target = rect.intersection(area)
    guard !target.isEmpty else { return }
    for y in target.top..<target.bottom {
      let start = index(x: target.left, y: y)
      for i in start..<(start + target.width) { cells[i].style = cells[i].style.patched(with: style) }
    }
  }

  /// The cells that differ from `previous`, the frame now on screen. Continuation cells are left
  /// out: drawing the lead glyph covers them. A size change means everything changed.
  public func diff(from previous: Buffer) -> [CellChange] {
    var changes: [CellChange] = []
    let sameShape = previous.area == area
    cells.withUnsafeBufferPointer { now in
      previous.cells.withUnsafeBufferPointer { before in
        for i in 0..<now.count where !now[i].isContinuation && (!sameShape || now[i] != before[i]) {
          changes.append(
            CellChange(x: area.x + i % area.width, y: area.y + i / area.width, cell: now[i]))
        }
      }
    }
    return changes
  }

  /// Applies changes taken from another buffer's diff, as a terminal would.
  public mutating func apply(_ changes: [CellChange]) {
    for change in changes where area.contains(x: change.x, y: change.y) {
      let width = Int(change.cell.width)
      guard width == 1 || (width == 2 && change.x + 1 < area.right) else { continue }
      let i = index(x: change.x, y: change.y)
      detachWideNeighbours(at: i, column: change.x - area.x, width: width)
      cells[i] = change.cell
      if width == 2 { cells[i + 1] = .continuation(style: change.cell.style) }
    }
  }

  /// Each row as text, a wide glyph once (its continuation adds nothing), so rows of Chinese line
  /// up in a monospaced listing exactly as on screen.
  public var lines: [String] {
    (0..<area.height).map { row in
      let start = row * area.width
      var line = ""
      for cell in cells[start..<(start + area.width)] where !cell.isContinuation { line += cell.symbol }
      return line
    }
  }
}
