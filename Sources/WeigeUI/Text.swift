/// A run of text in one style.
public struct Span: Hashable, Sendable, ExpressibleByStringLiteral {
  public var content: String
  public var style: Style

  public init(_ content: String, style: Style = .plain) {
    self.content = content
    self.style = style
  }

  public init(stringLiteral value: String) { self.init(value) }

  public var width: Int { TextWidth.of(content) }
}

public enum Alignment: Hashable, Sendable {
  case left, center, right
}

/// One row of styled text.
public struct Line: Hashable, Sendable, ExpressibleByStringLiteral {
  public var spans: [Span]
  public var alignment: Alignment

  public init(_ spans: [Span], alignment: Alignment = .left) {
    self.spans = spans
    self.alignment = alignment
  }

  public init(_ text: String, style: Style = .plain, alignment: Alignment = .left) {
    self.init([Span(text, style: style)], alignment: alignment)
  }

  public init(stringLiteral value: String) { self.init(value) }

  public var width: Int { spans.reduce(0) { $0 + $1.width } }

  public func aligned(_ alignment: Alignment) -> Line { Line(spans, alignment: alignment) }

  /// The line cut to `maxWidth` columns, ending in "…" when anything was cut. A wide glyph that
  /// would straddle the cut is dropped whole, so the result may be one column short:
  ///
  ///     "滨江区长河街道" in 6 columns → "滨江…" (5 columns; 区 would need columns 5–6)
  public func truncated(to maxWidth: Int, ellipsis: String = "…") -> Line {
    guard width > maxWidth else { return self }
    let ellipsisWidth = TextWidth.of(ellipsis)
    guard maxWidth > ellipsisWidth else {
      return Line([Span(String(repeating: ".", count: max(0, maxWidth)))], alignment: alignment)
    }
    var budget = maxWidth - ellipsisWidth
    var kept: [Span] = []
    var lastStyle = spans.first?.style ?? .plain
    for span in spans {
      var text = ""
      var full = true
      for character in span.content {
        let w = TextWidth.of(character)
        if w > budget {
          full = false
          break
        }
        budget -= w
        text.append(character)
      }
      kept.append(Span(text, style: span.style))
      lastStyle = span.style
      if !full { break }
    }
    kept.append(Span(ellipsis, style: lastStyle))
    return Line(kept.filter { !$0.content.isEmpty }, alignment: alignment)
  }
}

extension Buffer {
  /// Writes a line into one row of `rect`: cut with an ellipsis when too long, then aligned.
  /// Returns the columns written.
  @discardableResult
  public mutating func write(_ line: Line, in rect: Rect, style: Style = .plain) -> Int {
    guard !rect.isEmpty else { return 0 }
    let fitted = line.truncated(to: rect.width)
    let slack = rect.width - fitted.width
    var x = rect.x
    switch fitted.alignment {
    case .left: break
    case .center: x += slack / 2
    case .right: x += slack
    }
    let start = x
    for span in fitted.spans {
      x += write(
        span.content, x: x, y: rect.y, style: style.patched(with: span.style), maxWidth: rect.right - x)
    }
    return x - start
  }
}

extension Line {
  /// `text` in rows of at most `width` columns: a word of narrow letters (English, a time) goes
  /// down whole to the next row; Chinese breaks between any two glyphs.
  ///
  ///     "projected to finish at 21:37, 8 min before the deadline" in 24 →
  ///     "projected to finish at" / "21:37, 8 min before the" / "deadline"
  public static func wrapping(_ text: String, width: Int, style: Style = .plain) -> [Line] {
    guard width > 0 else { return [] }
    var rows: [String] = []
    var row = ""
    var used = 0
    let midWord = { (c: Character) in !c.isWhitespace && TextWidth.of(c) == 1 }
    for character in text {
      let columns = TextWidth.of(character)
      if used + columns > width && !row.isEmpty {
        var carried = ""
        if midWord(character), let last = row.last, midWord(last), let space = row.lastIndex(of: " ") {
          // The word under way goes down to the next row whole.
          carried = String(row[row.index(after: space)...])
          row = String(row[..<space])
        }
        rows.append(String(row.reversed().drop { $0 == " " }.reversed()))
        row = carried
        used = TextWidth.of(row)
        if character == " " && row.isEmpty { continue }
      }
      row.append(character)
      used += columns
    }
    if !row.isEmpty { rows.append(row) }
    return rows.map { Line($0, style: style) }
  }

}
