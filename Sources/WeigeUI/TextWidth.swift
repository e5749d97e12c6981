#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Display width of text in terminal columns, by glibc's `wcwidth` — the function ncursesw itself
/// uses — so the buffer and the screen never disagree about where a glyph ends.
///
///     "滨江区"  → 6 columns (each Han character is two)
///     "é" (e + U+0301) → 1 column (the combining mark takes none)
public enum TextWidth {
  /// Columns of one grapheme cluster: the width of its first scalar. Later scalars are combining
  /// marks or selectors, which ncursesw stacks into the same cell. Control characters count 0.
  public static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    let first = scalars[scalars.startIndex].value
    if first >= 0x20 && first < 0x7f { return 1 }
    return scalarWidth(first)
  }

  /// Columns of a whole string.
  public static func of(_ text: some StringProtocol) -> Int {
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  static func scalarWidth(_ value: UInt32) -> Int {
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
