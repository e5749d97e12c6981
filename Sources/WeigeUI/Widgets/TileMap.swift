/// One coloured glyph per item, in labelled groups that wrap onto further rows:
///
///     江三社区 ■■■■■■■■□■■■■■■■   94
///              ■■■■■■■
///     观潮社区 ■■■■■■■■■■■         12
public struct TileMap: Widget {
  public struct Tile: Hashable, Sendable {
    public var glyph: Character
    public var style: Style
    /// Drawn after the glyph when the tile is wide enough for both and its gap (`▲3 `), else
    /// the glyph is repeated.
    public var text: String?

    public init(_ glyph: Character = "■", style: Style = .plain, text: String? = nil) {
      self.glyph = glyph
      self.style = style
      self.text = text
    }
  }

  public struct Group: Hashable, Sendable {
    public var label: String
    public var tiles: [Tile]
    /// Shown at the right of the group's first row, e.g. its tile count.
    public var trailer: String?

    public init(_ label: String, tiles: [Tile], trailer: String? = nil) {
      self.label = label
      self.tiles = tiles
      self.trailer = trailer
    }
  }

  public var groups: [Group]
  public var labelStyle: Style
  public var trailerStyle: Style
  /// Rows skipped at the top, for scrolling.
  public var offset: Int
  /// The label column's width; the widest label (up to a quarter of the area) when nil.
  public var labelWidth: Int?
  /// Columns a tile takes; the glyph's width when nil. A wider tile repeats its glyph and keeps
  /// its last column blank, so tiles read apart from across a room: `██ ██ ██`.
  public var tileWidth: Int?
  /// The tile under the cursor, counted over every group's tiles in order.
  public var cursor: Int?
  /// Patched over the cursor's tile. A colour alone is not enough (a reversed green tile looks
  /// like any other on some themes), so the cursor's row also gets `▸` in the gap before its tiles.
  public var cursorStyle: Style

  public init(
    _ groups: [Group], labelStyle: Style = .plain, trailerStyle: Style = .plain, offset: Int = 0,
    labelWidth: Int? = nil, tileWidth: Int? = nil, cursor: Int? = nil,
    cursorStyle: Style = Style(bold: true, reverse: true)
  ) {
    self.groups = groups
    self.labelStyle = labelStyle
    self.trailerStyle = trailerStyle
    self.offset = offset
    self.labelWidth = labelWidth
    self.tileWidth = tileWidth
    self.cursor = cursor
    self.cursorStyle = cursorStyle
  }

  /// Where the columns go for a given total width.
  struct Geometry {
    var label: Int
    var trailer: Int
    var tilesPerRow: Int
    var tileWidth: Int
    var glyphWidth: Int
  }

  func geometry(width: Int) -> Geometry {
    let label = labelWidth ?? min(width / 4, groups.map { TextWidth.of($0.label) }.max() ?? 0)
    let trailer = groups.compactMap { $0.trailer.map { TextWidth.of($0) } }.max() ?? 0
    let glyphWidth = max(1, groups.lazy.flatMap(\.tiles).prefix(64).map { TextWidth.of($0.glyph) }.max() ?? 1)
    let tileWidth = max(glyphWidth, self.tileWidth ?? glyphWidth)
    let free = width - label - 1 - (trailer > 0 ? trailer + 1 : 0)
    return Geometry(
      label: label, trailer: trailer, tilesPerRow: max(1, free / tileWidth), tileWidth: tileWidth,
      glyphWidth: glyphWidth)
  }

  /// Rows the whole map needs at `width`, so a view can decide to aggregate or scroll.
  public func rowsNeeded(width: Int) -> Int {
    let tilesPerRow = geometry(width: width).tilesPerRow
    return groups.reduce(0) { $0 + max(1, ($1.tiles.count + tilesPerRow - 1) / tilesPerRow) }
  }

  public func render(_ area: Rect, into buffer: inout Buffer) {
    guard !area.isEmpty else { return }
    let shape = geometry(width: area.width)
    let tilesX = area.x + shape.label + 1
    var row = -offset
    var first = 0
    for group in groups {
      defer { first += group.tiles.count }
      let groupRows = max(1, (group.tiles.count + shape.tilesPerRow - 1) / shape.tilesPerRow)
      if row + groupRows <= 0 {
        row += groupRows
        continue
      }
      if row >= area.height { break }
      if row >= 0 {
        buffer.write(
          Line(group.label, style: labelStyle),
          in: Rect(x: area.x, y: area.y + row, width: shape.label, height: 1))
        if let trailer = group.trailer {
          let slot = Rect(x: area.right - shape.trailer, y: area.y + row, width: shape.trailer, height: 1)
          buffer.write(Line(trailer, style: trailerStyle, alignment: .right), in: slot)
        }
      }
      for (index, tile) in group.tiles.enumerated() {
        let y = row + index / shape.tilesPerRow
        guard y >= 0 else { continue }
        guard y < area.height else { break }
        let x = tilesX + (index % shape.tilesPerRow) * shape.tileWidth
        var style = tile.style
        if first + index == cursor {
          style = style.patched(with: cursorStyle)
          if shape.label > 0 { buffer.put("▸", x: tilesX - 1, y: area.y + y, style: cursorStyle) }
        }
        // A tile wider than its glyph shows its text after the glyph when both fit before the
        // gap in its last column, else repeats the glyph.
        let room = shape.tileWidth - 1
        if let text = tile.text, shape.tileWidth > shape.glyphWidth,
          shape.glyphWidth + TextWidth.of(text) <= room
        {
          let used = buffer.put(tile.glyph, x: x, y: area.y + y, style: style)
          buffer.write(text, x: x + used, y: area.y + y, style: style)
          continue
        }
        let copies = shape.tileWidth == shape.glyphWidth ? 1 : room / shape.glyphWidth
        for copy in 0..<max(1, copies) {
          buffer.put(tile.glyph, x: x + copy * shape.glyphWidth, y: area.y + y, style: style)
        }
      }
      row += groupRows
    }
  }
}
