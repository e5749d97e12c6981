// Toneless Mandarin readings of every BMP Han character, decoded from the generated literal in
// PinyinTable.swift (see scripts/gen_pinyin_table.py for its format).

/// Every reading a character has, not just the customary one: 长 is chang and zhang, 行 is xing
/// and hang, so a place called 长江 is found by `cj` even though the dictionary's first reading of
/// 长 is zhǎng.
public struct PinyinTable: Sendable {
  /// Decoded on first use; about 77 KB of literal, a millisecond or two.
  public static let shared = PinyinTable(encoded: encoded)

  /// Toneless syllables in the order the table numbers them ("a", "ai", … "zuo").
  public let syllables: [String]
  /// `setSyllables[setStarts[s] ..< setStarts[s + 1]]` are the syllables of reading set `s`;
  /// set 0 is empty (no reading).
  let setStarts: [UInt32]
  let setSyllables: [UInt16]
  /// Reading set of each UTF-16 code unit (0 for everything that is not a Han character).
  let setOfUnit: [UInt16]

  /// Readings of one character, the customary one first; empty for anything but a BMP Han
  /// character.
  public func readings(of character: Character) -> [String] {
    let units = Array(character.utf16)
    guard units.count == 1 else { return [] }
    let set = Int(setOfUnit[Int(units[0])])
    return setSyllables[Int(setStarts[set])..<Int(setStarts[set + 1])].map { syllables[Int($0)] }
  }

  init(encoded: String) {
    var text = encoded
    var syllables: [String] = []
    var setStarts: [UInt32] = [0, 0]
    var setSyllables: [UInt16] = []
    var setOfUnit = [UInt16](repeating: 0, count: 0x1_0000)
    text.withUTF8 { bytes in
      var cursor = 0
      // Section 1: syllables separated by commas, ended by '|'.
      var syllable: [UInt8] = []
      while cursor < bytes.count {
        let byte = bytes[cursor]
        cursor += 1
        if byte == Self.newline { continue }
        if byte == Self.comma || byte == Self.bar {
          syllables.append(String(decoding: syllable, as: UTF8.self))
          syllable.removeAll(keepingCapacity: true)
          if byte == Self.bar { break }
        } else {
          syllable.append(byte)
        }
      }
      // Section 2: reading sets, each syllable two base-32 digits; a high digit below 16 opens a
      // new set.
      while cursor < bytes.count {
        let byte = bytes[cursor]
        cursor += 1
        if byte == Self.newline { continue }
        if byte == Self.bar { break }
        var low = bytes[cursor]
        cursor += 1
        if low == Self.newline {
          low = bytes[cursor]
          cursor += 1
        }
        let high = Self.base32Value(byte)
        if high < 16, !setSyllables.isEmpty { setStarts.append(UInt32(setSyllables.count)) }
        setSyllables.append(UInt16((high & 15) << 5 | Self.base32Value(low)))
      }
      setStarts.append(UInt32(setSyllables.count))
      // Section 3: one base-80 set id per code point, runs opened by '@XXXX'.
      var codePoint = 0
      var digits: [UInt8] = []
      while cursor < bytes.count {
        let byte = bytes[cursor]
        cursor += 1
        if byte == Self.newline { continue }
        if byte == Self.at {
          codePoint = 0
          var read = 0
          while read < 4 {
            let digit = bytes[cursor]
            cursor += 1
            if digit == Self.newline { continue }
            codePoint = codePoint << 4 | Self.hexValue(digit)
            read += 1
          }
          continue
        }
        digits.append(byte)
        if digits.count == 2 {
          setOfUnit[codePoint] = UInt16(Self.base80Value(digits[0]) * 80 + Self.base80Value(digits[1]))
          digits.removeAll(keepingCapacity: true)
          codePoint += 1
        }
      }
    }
    self.syllables = syllables
    self.setStarts = setStarts
    self.setSyllables = setSyllables
    self.setOfUnit = setOfUnit
  }

  private static let newline = UInt8(ascii: "\n")
  private static let comma = UInt8(ascii: ",")
  private static let bar = UInt8(ascii: "|")
  private static let at = UInt8(ascii: "@")

  private static func base32Value(_ byte: UInt8) -> Int {
    byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : Int(byte - UInt8(ascii: "a")) + 10
  }

  private static func hexValue(_ byte: UInt8) -> Int {
    byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : Int(byte - UInt8(ascii: "A")) + 10
  }

  /// The generator's B80 alphabet, inverted.
  private static let base80Values: [Int] = {
    let alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!#$%&()*+,-./:;<=>?"
    var values = [Int](repeating: 0, count: 128)
    for (value, byte) in alphabet.utf8.enumerated() { values[Int(byte)] = value }
    return values
  }()

  private static func base80Value(_ byte: UInt8) -> Int { base80Values[Int(byte)] }
}
