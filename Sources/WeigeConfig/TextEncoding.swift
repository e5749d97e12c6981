import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The encodings a spreadsheet's CSV comes in: UTF-8 (with or without a byte-order mark), and
/// GB18030 or its GBK subset, as Excel and WPS save CSV on a Chinese Windows.
public enum TextEncoding: String, CaseIterable, Sendable {
  case utf8 = "utf-8"
  case gb18030
  case gbk

  /// The name iconv knows it by.
  var iconvName: String {
    switch self {
    case .utf8: "UTF-8"
    case .gb18030: "GB18030"
    case .gbk: "GBK"
    }
  }

  /// An encoding as a person types it: `utf-8`, `utf8`, `gb18030`, `gbk`, `gb2312` (read as GBK,
  /// which contains it), any case.
  public init?(name: String) {
    switch name.lowercased().replacingOccurrences(of: "_", with: "-") {
    case "utf-8", "utf8": self = .utf8
    case "gb18030": self = .gb18030
    case "gbk", "gb2312", "cp936": self = .gbk
    default: return nil
    }
  }
}

/// Why a file's bytes are not text in the encoding asked, or in any encoding guessed.
public struct TextDecodingError: Error, Equatable, CustomStringConvertible {
  public var description: String
}

/// Bytes of a text file as text: the one home of the guess every CSV reader makes.
public enum TextDecoding {
  /// The text of `bytes`. Without `encoding`: UTF-8 when the bytes are (a BOM dropped), else
  /// GB18030 when they decode to what a Chinese register holds (CJK, ASCII, CJK and full-width
  /// punctuation). Anything else is refused rather than read as mojibake, and the refusal names
  /// `--encoding`.
  public static func text(_ bytes: [UInt8], encoding: TextEncoding? = nil) throws(TextDecodingError) -> String
  {
    var bytes = bytes
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) && encoding != .gb18030 && encoding != .gbk {
      bytes.removeFirst(3)
    }
    if let encoding {
      let text: String? =
        encoding == .utf8 ? String(validating: bytes, as: UTF8.self) : iconv(bytes, from: encoding.iconvName)
      guard let text else {
        throw TextDecodingError(
          description: "is not \(encoding.rawValue) text (\(firstBadByte(bytes, encoding)))")
      }
      return text
    }
    if let text = String(validating: bytes, as: UTF8.self) { return text }
    if let text = iconv(bytes, from: "GB18030"), text.unicodeScalars.allSatisfy(isRegisterText) {
      return text
    }
    throw TextDecodingError(
      description:
        "does not decode cleanly as UTF-8 or GB18030 (\(firstBadByte(bytes, .utf8))); say which encoding it is with --encoding utf-8|gb18030|gbk"
    )
  }

  /// Where UTF-8 (or the encoding asked) first fails, for the message.
  private static func firstBadByte(_ bytes: [UInt8], _ encoding: TextEncoding) -> String {
    var low = 0
    var high = bytes.count
    // The longest prefix that decodes, found by halving: the byte after it is the first bad one.
    while low < high {
      let middle = (low + high + 1) / 2
      let prefix = Array(bytes[..<middle])
      let decodes =
        encoding == .utf8
        ? String(validating: prefix, as: UTF8.self) != nil
        : iconv(prefix, from: encoding.iconvName) != nil
      if decodes { low = middle } else { high = middle - 1 }
    }
    let shown = bytes[low..<min(bytes.count, low + 4)].map { String(format: "%02X", $0) }.joined(
      separator: " ")
    return "byte \(low + 1): \(shown)"
  }

  /// Characters a Chinese register holds; a GB18030 guess that yields others was a wrong guess.
  private static func isRegisterText(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09, 0x0A, 0x0D, 0x20...0x7E: true
    case 0xB7, 0xD7: true  // · ×
    case 0x2000...0x206F, 0x2100...0x214F, 0x2460...0x24FF, 0x25A0...0x25FF, 0x2610...0x2613, 0x2713...0x2718:
      true  // general punctuation, ℃ №, ①, ■ ●, ☐ ☑, ✓ ✔ ✗
    case 0x3000...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF00...0xFFEF: true
    default: false
    }
  }

  /// `text` as bytes in `encoding` (nil when a character has no place in it), for CSV exports.
  public static func bytes(_ text: String, in encoding: TextEncoding) -> [UInt8]? {
    guard encoding != .utf8 else { return Array(text.utf8) }
    return convert(Array(text.utf8), from: "UTF-8", to: encoding.iconvName)
  }

  /// `bytes` in `encoding` as text, through iconv; nil when they are not.
  static func iconv(_ bytes: [UInt8], from encoding: String) -> String? {
    convert(bytes, from: encoding, to: "UTF-8").flatMap { String(validating: $0, as: UTF8.self) }
  }

  /// `bytes` from one encoding to another through iconv; nil when they do not convert whole.
  static func convert(_ bytes: [UInt8], from source: String, to target: String) -> [UInt8]? {
    let converter = iconv_open(target, source)
    guard converter != iconv_t(bitPattern: -1) else { return nil }
    defer { iconv_close(converter) }
    var input = bytes.map { CChar(bitPattern: $0) }
    var output = [CChar](repeating: 0, count: bytes.count * 4 + 4)
    let converted: Int = input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target in
        var inPointer = source.baseAddress
        var inLeft = source.count
        var outPointer = target.baseAddress
        var outLeft = target.count
        guard Glibc.iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0 else {
          return -1
        }
        return target.count - outLeft
      }
    }
    guard converted >= 0 else { return nil }
    return output[0..<converted].map { UInt8(bitPattern: $0) }
  }
}
