#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Display width of text in terminal columns. The unit is the grapheme cluster (a Swift
/// `Character`), as a terminal draws it; a single scalar is measured by glibc's `wcwidth` — the
/// function ncursesw itself uses — so the buffer and the screen never disagree about where a
/// glyph ends.
///
///     "滨江区"              → 6 columns (each Han character is two)
///     "é" (e + U+0301)      → 1 column (the combining mark joins the e)
///     "👨‍👩‍👧‍👦" (4 emoji, 3 ZWJ) → 2 columns, one glyph
///     "🇨🇳" (2 regional indicators) → 2 columns, one flag
///     U+200B, U+200D alone  → 0 columns: never a cell of their own
public enum TextWidth {
  /// Columns of one grapheme cluster. Printable ASCII and single scalars (all of CJK) take the
  /// fast path; a longer cluster is its first scalar's width — later scalars are combining marks,
  /// selectors or modifiers drawn in the same cell — except that a ZWJ sequence or a flag is one
  /// two-column glyph. A cluster that starts with a control or zero-width scalar counts 0.
  public static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    let first = scalars[scalars.startIndex]
    if first.value >= 0x20 && first.value < 0x7f { return 1 }
    let base = scalarWidth(first.value)
    guard base > 0, scalars.index(after: scalars.startIndex) != scalars.endIndex else { return base }
    let joinsEmoji = scalars.contains("\u{200D}") && first.properties.isEmoji
    let isFlag = isRegionalIndicator(first) && scalars.dropFirst().contains(where: isRegionalIndicator)
    return joinsEmoji || isFlag ? 2 : base
  }

  static func isRegionalIndicator(_ scalar: Unicode.Scalar) -> Bool {
    (0x1F1E6...0x1F1FF).contains(scalar.value)
  }

  /// Columns of a whole string. Printable ASCII is counted by its bytes, without breaking it
  /// into clusters: most rows are mostly ASCII, and this runs for every span of every frame.
  public static func of(_ text: some StringProtocol) -> Int {
    if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7f }) { return text.utf8.count }
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  /// Columns of one scalar as curses measures it, 0 for a control or zero-width one.
  public static func scalarWidth(_ value: UInt32) -> Int {
    _ = TextLocale.utf8Ready
    return max(0, Int(libcWidth(wchar_t(bitPattern: value))))
  }

  /// glibc's `wcwidth`, looked up by name: its declaration sits behind _XOPEN_SOURCE, which
  /// Swift's Glibc module does not define, and this target must not import the curses module.
  private static let libcWidth: @convention(c) (wchar_t) -> Int32 = {
    guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "wcwidth") else {
      fatalError("the C library has no wcwidth")
    }
    return unsafeBitCast(symbol, to: (@convention(c) (wchar_t) -> Int32).self)
  }()
}

/// The process locale, which decides how the C library (and ncursesw) measures and decodes text.
public enum TextLocale {
  /// Runs once before the first width is asked: `wcwidth` answers -1 for every non-ASCII
  /// character under the plain "C" locale, which would make Chinese vanish from the buffer.
  static let utf8Ready: Bool = {
    if isUTF8 { return true }
    return setlocale(LC_CTYPE, "C.UTF-8") != nil || setlocale(LC_CTYPE, "C.utf8") != nil
  }()

  /// Whether the current character encoding is UTF-8.
  public static var isUTF8: Bool {
    guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
    let name = String(cString: codeset).uppercased()
    return name == "UTF-8" || name == "UTF8"
  }

  /// Adopts the user's locale (`setlocale(LC_ALL, "")`); when it is not UTF-8, switches to
  /// C.UTF-8 and returns a sentence that says so, for the caller to show.
  @discardableResult
  public static func adoptUserLocale() -> String? {
    let chosen = setlocale(LC_ALL, "").map { String(cString: $0) } ?? "C"
    if isUTF8 { return nil }
    for fallback in ["C.UTF-8", "C.utf8"] where setlocale(LC_ALL, fallback) != nil {
      return "weige: the locale \(chosen) is not UTF-8; using \(fallback) so that Chinese text is drawn."
    }
    return
      "weige: the locale \(chosen) is not UTF-8 and no C.UTF-8 locale exists; Chinese text will not show."
  }
}
