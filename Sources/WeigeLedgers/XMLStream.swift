import CLibXML2
import Foundation

/// A name libxml2 hands a reader: an element's or attribute's local name (its prefix left off),
/// NUL-terminated UTF-8 that lives only for the callback.
struct XMLName {
  let bytes: UnsafePointer<xmlChar>

  /// Whether the name is `literal`, compared byte by byte without making a `String`.
  func `is`(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    let wanted = literal.utf8Start
    for index in 0..<count where bytes[index] != wanted[index] { return false }
    return bytes[count] == 0
  }
}

/// An element's attributes as libxml2's SAX2 hands them: five pointers each (local name, prefix,
/// URI, value start, value end), values already unescaped.
struct XMLAttributes {
  let count: Int
  let fields: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?

  /// The value of the attribute whose local name is `name`, whatever its prefix (`r:id` is `id`).
  func bytes(_ name: StaticString) -> UnsafeBufferPointer<UInt8>? {
    guard let fields else { return nil }
    for index in 0..<count {
      let base = index * 5
      guard let local = fields[base], XMLName(bytes: local).is(name), let start = fields[base + 3],
        let end = fields[base + 4]
      else { continue }
      return UnsafeBufferPointer(start: start, count: end - start)
    }
    return nil
  }

  func string(_ name: StaticString) -> String? {
    bytes(name).map { String(decoding: $0, as: UTF8.self) }
  }

  /// A whole number in ASCII digits; nil when absent or anything else.
  func int(_ name: StaticString) -> Int? {
    guard let value = bytes(name), !value.isEmpty, value.count <= 18 else { return nil }
    var number = 0
    for byte in value {
      guard (48...57).contains(byte) else { return nil }
      number = number * 10 + Int(byte - 48)
    }
    return number
  }
}

/// What reads one XML part: called back for each element's start and end, and its text.
protocol XMLPartReader: AnyObject {
  func start(_ element: XMLName, _ attributes: XMLAttributes)
  /// Text, in as many pieces as libxml2 likes (a character reference such as `&#23567;` is one).
  func characters(_ text: UnsafeBufferPointer<UInt8>)
  func end(_ element: XMLName)
}

extension XMLPartReader {
  func characters(_ text: UnsafeBufferPointer<UInt8>) {}
  func end(_ element: XMLName) {}
}

/// libxml2's SAX2 push parser over a part as ZIPFoundation inflates it, a chunk at a time: the
/// part is never whole in memory, and no element name, attribute table or text is made into a
/// Swift value unless the reader asks. Foundation's `XMLParser` (the same libxml2 underneath)
/// made each of them a `String` and a dictionary, which cost most of a 100,000-row import. No
/// network access and no external entities: a workbook is read as its own bytes only.
final class XMLPartParser {
  private let reader: XMLPartReader
  private var context: xmlParserCtxtPtr?

  init(_ reader: XMLPartReader) {
    self.reader = reader
    var handler = xmlSAXHandler()
    handler.initialized = UInt32(XML_SAX2_MAGIC)
    handler.startElementNs = { user, name, _, _, _, _, count, _, fields in
      guard let user, let name else { return }
      Unmanaged<XMLPartParser>.fromOpaque(user).takeUnretainedValue().reader.start(
        XMLName(bytes: name), XMLAttributes(count: Int(count), fields: fields))
    }
    handler.endElementNs = { user, name, _, _ in
      guard let user, let name else { return }
      Unmanaged<XMLPartParser>.fromOpaque(user).takeUnretainedValue().reader.end(XMLName(bytes: name))
    }
    let text: charactersSAXFunc = { user, bytes, length in
      guard let user, let bytes else { return }
      Unmanaged<XMLPartParser>.fromOpaque(user).takeUnretainedValue().reader.characters(
        UnsafeBufferPointer(start: bytes, count: Int(length)))
    }
    handler.characters = text
    handler.ignorableWhitespace = text
    handler.cdataBlock = text
    // Errors are kept in the context for `finish` to report, not printed on stderr.
    handler.serror = { _, _ in }
    context = xmlCreatePushParserCtxt(&handler, nil, nil, 0, nil)
    context?.pointee.userData = Unmanaged.passUnretained(self).toOpaque()
    _ = xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue))
  }

  deinit { xmlFreeParserCtxt(context) }

  /// Hands libxml2 the next chunk; after the first error the rest is ignored.
  func push(_ chunk: UnsafeRawBufferPointer) {
    guard let context, context.pointee.wellFormed != 0, !chunk.isEmpty else { return }
    let bytes = chunk.bindMemory(to: CChar.self)
    _ = xmlParseChunk(context, bytes.baseAddress, Int32(bytes.count), 0)
  }

  /// Ends the part: nil when it was well-formed XML, else libxml2's complaint with its line.
  func finish() -> String? {
    guard let context else { return "libxml2 could not start a parser" }
    _ = xmlParseChunk(context, nil, 0, 1)
    guard context.pointee.wellFormed == 0 else { return nil }
    guard let error = xmlCtxtGetLastError(context), let message = error.pointee.message else {
      return "not well-formed"
    }
    let text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    return "line \(error.pointee.line): \(text)"
  }
}
