/// The rules for text an operator or a resident typed (a title, a reason, a name): it reaches
/// other people's terminals through `weige log`, the feed and exports, so it may carry no
/// instruction to a terminal and no trick of direction.
public enum FreeText {
  /// Longest title, name or room: a screen line.
  public static let shortLimit = 200
  /// Longest note, reason or alert text: a paragraph.
  public static let longLimit = 2_000

  /// Whether a scalar is a C0 or C1 control (ESC, BEL, CR, LF, TAB, DEL, CSI …) or a bidi
  /// embedding, override or isolate (U+202A–U+202E, U+2066–U+2069), which reorders what follows.
  public static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
  }

  /// Refuses forbidden characters, text of spaces only, and text longer than `limit` characters;
  /// `required` text must not be empty either. `field` names the field in the refusal.
  public static func check(
    _ text: String, field: (chinese: String, english: String), limit: Int = shortLimit, required: Bool = true
  ) throws(DomainError) {
    if text.isEmpty {
      guard !required else {
        throw DomainError("\(field.chinese)不能为空", english: "the \(field.english) must not be empty")
      }
      return
    }
    if let bad = text.unicodeScalars.first(where: isForbidden) {
      throw DomainError(
        "\(field.chinese)含有不可见的控制字符 \(codePoint(bad))",
        english: "the \(field.english) holds the control character \(codePoint(bad))")
    }
    guard text.contains(where: { !$0.isWhitespace }) else {
      throw DomainError("\(field.chinese)只有空格", english: "the \(field.english) is only spaces")
    }
    guard text.count <= limit else {
      throw DomainError(
        "\(field.chinese)过长：\(text.count) 字，最多 \(limit) 字",
        english: "the \(field.english) is too long: \(text.count) characters, at most \(limit)")
    }
  }

  /// `text` with forbidden characters written out as `\u{1B}`: what `weige log` prints of an
  /// older event that holds them, so that reading the log never drives the reader's terminal.
  public static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isForbidden) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if isForbidden(scalar) {
        result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  /// The same text trimmed of the spaces and line ends around it, as a form or a flag hands it in.
  public static func trimmed(_ text: String) -> String {
    // Most text has nothing around it: returned as it is, without breaking it into characters.
    guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
      isWhitespace(first) || isWhitespace(last)
    else { return text }
    var scalars = Substring(text)
    while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }

  /// Unicode's White_Space, spelled out: asking a scalar's properties costs a table search,
  /// and a register of 100,000 rows asks for every cell's both ends.
  private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
    default: false
    }
  }

  private static func codePoint(_ scalar: Unicode.Scalar) -> String {
    let hex = String(scalar.value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}
