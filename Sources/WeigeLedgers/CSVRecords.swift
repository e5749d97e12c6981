/// The records of a CSV register, read over its UTF-8 bytes.
///
/// Written here rather than taken from a library: SwiftCSV, which the import used before, walks
/// the text a grapheme cluster (`Character`) at a time, and that walk was a third of a
/// 100,000-row GB18030 import (perf, `weige bench import`). CSV as spreadsheets save it needs
/// little: RFC 4180's quoting (a field in double quotes holds commas, line breaks and `""` for a
/// quote), CRLF, LF or CR line ends; the byte-order mark is `TextDecoding`'s. Every structural
/// byte is ASCII, which never occurs inside a UTF-8 multi-byte character, so fields are cut on
/// bytes and made `String`s only once.
enum CSVRecords {
  /// An opening quote that is never closed: the rest of the file would be one field.
  struct UnclosedQuote: Error {
    /// The record (counted from 1) whose field opened it.
    var record: Int
  }

  /// Each record's fields in order. A quote inside an unquoted field, or after a closing quote
  /// before the comma, is kept as written, as Excel reads it.
  static func records(_ text: String) throws(UnclosedQuote) -> [[String]] {
    var text = text
    return try text.withUTF8 { bytes in Result { () throws(UnclosedQuote) in try records(utf8: bytes) } }
      .get()
  }

  private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")

  private static func records(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(UnclosedQuote) -> [[String]] {
    var records: [[String]] = []
    var fields: [String] = []
    var quoted: [UInt8] = []
    var index = 0
    let end = bytes.count
    /// Moves `index` to the next comma or line end.
    func skipToDelimiter() {
      while index < end {
        let byte = bytes[index]
        if byte == comma || byte == lineFeed || byte == carriageReturn { return }
        index += 1
      }
    }
    while index < end {
      if bytes[index] == quote {
        index += 1
        var start = index
        var closed = false
        quoted.removeAll(keepingCapacity: true)
        while index < end {
          guard bytes[index] == quote else {
            index += 1
            continue
          }
          if index + 1 < end && bytes[index + 1] == quote {
            quoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...index]))
            index += 2
            start = index
          } else {
            quoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            index += 1
            closed = true
            break
          }
        }
        guard closed else { throw UnclosedQuote(record: records.count + 1) }
        start = index
        skipToDelimiter()
        quoted.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        fields.append(String(decoding: quoted, as: UTF8.self))
      } else {
        let start = index
        skipToDelimiter()
        fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
      }
      if index < end && bytes[index] == comma {
        index += 1
        // A comma ending the file still opens a last, empty field.
        if index == end { fields.append("") }
        continue
      }
      if index < end {
        let crlf = bytes[index] == carriageReturn && index + 1 < end && bytes[index + 1] == lineFeed
        index += crlf ? 2 : 1
      }
      records.append(fields)
      fields = []
    }
    if !fields.isEmpty { records.append(fields) }
    return records
  }
}
