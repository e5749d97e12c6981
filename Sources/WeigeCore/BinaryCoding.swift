/// Appends a compact binary form: LEB128 varints, zigzag for signed numbers, length-prefixed UTF-8.
/// Hand-rolled because replay must decode over 500,000 events a second, and Foundation's
/// JSONDecoder manages about 100,000 here.
public struct BinaryWriter {
  public private(set) var bytes: [UInt8] = []

  public init(capacity: Int = 64) { bytes.reserveCapacity(capacity) }

  public mutating func write(_ value: UInt64) {
    var value = value
    while value >= 0x80 {
      bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
      value >>= 7
    }
    bytes.append(UInt8(value))
  }

  public mutating func write(_ value: Int) { write(Int64(value)) }

  public mutating func write(_ value: Int64) {
    write(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
  }

  public mutating func write(_ value: Bool) { bytes.append(value ? 1 : 0) }

  public mutating func write(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      write(UInt64(utf8.count))
      bytes.append(contentsOf: utf8)
    }
  }

  public mutating func write(_ values: [String]) {
    write(UInt64(values.count))
    for value in values { write(value) }
  }

  /// Another writer's bytes behind their length, so a reader can skip them or read them apart.
  public mutating func write(section: BinaryWriter) {
    write(UInt64(section.bytes.count))
    bytes.append(contentsOf: section.bytes)
  }

  /// Another writer's bytes as they are, after a directory of lengths written earlier.
  public mutating func append(_ other: BinaryWriter) { bytes.append(contentsOf: other.bytes) }

  /// Empties the writer for the next chunk, keeping its capacity.
  public mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }

  /// Optional ids and counts (never negative) are stored shifted by one so that 0 means absent.
  /// A negative value cannot trap here: its bit pattern is written, and reading it back fails.
  public mutating func write(optional value: Int?) {
    write(value.map { UInt64(bitPattern: Int64($0)) &+ 1 } ?? 0)
  }

  /// An optional moment, signed: 0 means absent, then zigzag shifted by one, so a time before
  /// 1970 (a typo'd year) is stored like any other.
  public mutating func write(optional time: Timestamp?) {
    write(time.map { UInt64(bitPattern: ($0.rawValue << 1) ^ ($0.rawValue >> 63)) &+ 1 } ?? 0)
  }
}

/// Why a payload could not be read; names the field so a broken event line can be found.
public enum BinaryDecodingError: Error, Equatable, CustomStringConvertible {
  case truncated(field: String)
  case invalid(field: String, value: Int64)
  case unsupportedFormat(Int)

  public var description: String {
    switch self {
    case .truncated(let field): "payload ends before field '\(field)'"
    case .invalid(let field, let value): "field '\(field)' has an invalid value \(value)"
    case .unsupportedFormat(let format): "payload format \(format) is newer than this build reads"
    }
  }
}

/// Reads what `BinaryWriter` wrote, straight from a borrowed buffer (no copy of the row).
public struct BinaryReader {
  private let bytes: UnsafeRawBufferPointer
  private var offset = 0

  public init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

  public mutating func readUInt64(_ field: String) throws(BinaryDecodingError) -> UInt64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while offset < bytes.count, shift < 64 {
      let byte = bytes[offset]
      offset += 1
      result |= UInt64(byte & 0x7f) << shift
      if byte < 0x80 { return result }
      shift += 7
    }
    throw .truncated(field: field)
  }

  public mutating func readInt64(_ field: String) throws(BinaryDecodingError) -> Int64 {
    let raw = try readUInt64(field)
    return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
  }

  public mutating func readInt(_ field: String) throws(BinaryDecodingError) -> Int {
    Int(try readInt64(field))
  }

  public mutating func readBool(_ field: String) throws(BinaryDecodingError) -> Bool {
    guard offset < bytes.count else { throw .truncated(field: field) }
    defer { offset += 1 }
    return bytes[offset] != 0
  }

  /// A count of items that follow, each at least one byte long: a corrupted count larger than
  /// what is left is refused here rather than reserving memory for it.
  public mutating func readCount(_ field: String) throws(BinaryDecodingError) -> Int {
    let raw = try readUInt64(field)
    guard raw <= UInt64(bytes.count - offset) else { throw .truncated(field: field) }
    return Int(raw)
  }

  public mutating func readString(_ field: String) throws(BinaryDecodingError) -> String {
    let count = try readCount(field)
    defer { offset += count }
    return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + count]), as: UTF8.self)
  }

  public mutating func readStrings(_ field: String) throws(BinaryDecodingError) -> [String] {
    let count = try readCount(field)
    var values: [String] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(try readString(field)) }
    return values
  }

  public mutating func readOptionalInt(_ field: String) throws(BinaryDecodingError) -> Int? {
    let raw = try readUInt64(field)
    guard raw <= UInt64(Int.max) else { throw .invalid(field: field, value: Int64(bitPattern: raw)) }
    return raw == 0 ? nil : Int(raw - 1)
  }

  /// How many bytes have been read.
  public var consumed: Int { offset }

  /// Whether every byte has been read: a field added to a payload later is absent from older
  /// events.
  public var isAtEnd: Bool { offset >= bytes.count }

  public mutating func readOptionalTime(_ field: String) throws(BinaryDecodingError) -> Timestamp? {
    let raw = try readUInt64(field)
    guard raw != 0 else { return nil }
    let zigzag = raw - 1
    return Timestamp(milliseconds: Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1))
  }

  /// A format number, which a corrupted row may make any size.
  public mutating func readFormat(_ field: String) throws(BinaryDecodingError) -> Int {
    let raw = try readUInt64(field)
    return Int(clamping: raw)
  }

  /// Reads a small enum stored by its raw value.
  public mutating func readEnum<E: RawRepresentable>(_ field: String, as: E.Type) throws(BinaryDecodingError)
    -> E
  where E.RawValue == UInt8 {
    let raw = try readUInt64(field)
    guard raw <= UInt8.max, let value = E(rawValue: UInt8(raw)) else {
      throw .invalid(field: field, value: Int64(bitPattern: raw))
    }
    return value
  }
}
