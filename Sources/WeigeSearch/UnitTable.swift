// Per UTF-16 code unit facts the matcher needs on every character it looks at, in flat tables
// so the inner loops do one load per character instead of Unicode property look-ups.

/// Built once from `PinyinTable.shared` and never freed, so copies of it (a few pointers) can be
/// handed to the scanning threads without reference counting.
struct UnitTable: @unchecked Sendable {
  static let shared = UnitTable(pinyin: .shared)

  /// Per code unit: folded unit (bits 0–15), class (bits 16–18), reading set (bits 19–31).
  let info: UnsafeMutablePointer<UInt32>
  /// Bonus for a class after a class: `bonus[previous << 3 | current]`.
  let bonus: UnsafeMutablePointer<Int32>
  /// Syllables of each reading set as packed lowercase letters (first letter in the low byte):
  /// `syllables[setStarts[s] ..< setStarts[s + 1]]`.
  let setStarts: UnsafeMutablePointer<UInt32>
  let syllables: UnsafeMutablePointer<UInt64>
  /// Letters (bit 0 = a) that occur in any reading of a set: a candidate containing 江 may be
  /// asked for j, i, a, n or g.
  let setLetters: UnsafeMutablePointer<UInt64>
  /// Prefilter bits a code unit gives its candidate: its own bit, and for a Han character the
  /// letters of all its readings.
  let unitMask: UnsafeMutablePointer<UInt64>

  /// The code units that have readings, so a query can visit just those (about 27,000).
  let hanUnits: [UInt16]
  /// Code units above ASCII that fold to another unit (full-width forms, non-ASCII capitals), by
  /// the unit they fold to.
  let foldedFrom: [UInt16: [UInt16]]

  static let foldMask: UInt32 = 0xFFFF
  static let classShift: UInt32 = 16
  static let setShift: UInt32 = 19

  private init(pinyin: PinyinTable) {
    info = .allocate(capacity: 0x1_0000)
    for unit in 0..<0x1_0000 {
      let set = UInt32(pinyin.setOfUnit[unit])
      let (folded, charClass) = Self.fold(UInt16(unit), isHan: set != 0)
      info[unit] = UInt32(folded) | UInt32(charClass.rawValue) << Self.classShift | set << Self.setShift
    }
    var hanUnits: [UInt16] = []
    var foldedFrom: [UInt16: [UInt16]] = [:]
    for unit in 0x80..<0x1_0000 {
      if info[unit] >> Self.setShift != 0 { hanUnits.append(UInt16(unit)) }
      if info[unit] & Self.foldMask != unit {
        foldedFrom[UInt16(info[unit] & Self.foldMask), default: []].append(UInt16(unit))
      }
    }
    self.hanUnits = hanUnits
    self.foldedFrom = foldedFrom
    bonus = .allocate(capacity: 64)
    for previous in 0..<8 {
      for current in 0..<8 {
        bonus[previous << 3 | current] = CharClass(rawValue: UInt8(current))!
          .bonus(after: CharClass(rawValue: UInt8(previous))!)
      }
    }
    let setCount = pinyin.setStarts.count - 1
    setStarts = .allocate(capacity: setCount + 1)
    setStarts.initialize(from: pinyin.setStarts, count: setCount + 1)
    syllables = .allocate(capacity: pinyin.setSyllables.count)
    let packed = pinyin.syllables.map { syllable in
      syllable.utf8.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
    for (slot, syllable) in pinyin.setSyllables.enumerated() { syllables[slot] = packed[Int(syllable)] }
    setLetters = .allocate(capacity: setCount)
    for set in 0..<setCount {
      var letters: UInt64 = 0
      for slot in Int(setStarts[set])..<Int(setStarts[set + 1]) {
        var word = syllables[slot]
        while word != 0 {
          letters |= Self.maskBit(UInt16(word & 0xFF))
          word >>= 8
        }
      }
      setLetters[set] = letters
    }
    unitMask = .allocate(capacity: 0x1_0000)
    for unit in 0..<0x1_0000 {
      let set = Int(info[unit] >> Self.setShift)
      unitMask[unit] = Self.maskBit(UInt16(info[unit] & Self.foldMask)) | (set == 0 ? 0 : setLetters[set])
    }
  }

  /// The prefilter bit of a folded unit: a–z own bits 0–25 and digits 26–35, because queries are
  /// mostly those; everything else shares the remaining 28 bits by remainder. Spaces have none.
  @inline(__always)
  static func maskBit(_ folded: UInt16) -> UInt64 {
    switch folded {
    case 0x61...0x7A: return 1 << UInt64(folded - 0x61)
    case 0x30...0x39: return 1 << UInt64(folded - 0x30 + 26)
    case 0x20: return 0
    default: return 1 << UInt64(36 + folded % 28)
    }
  }

  /// Case-folds ASCII, maps full-width ASCII (what Chinese input methods type: ３幢, ＡＢＣ) and
  /// the ideographic space to plain ASCII, and classifies the result.
  static func fold(_ unit: UInt16, isHan: Bool) -> (UInt16, CharClass) {
    if isHan { return (unit, .han) }
    switch unit {
    case 0x3000: return (0x20, .white)
    case 0xFF01...0xFF5E: return fold(unit - 0xFF01 + 0x21, isHan: false)
    case 0x41...0x5A: return (unit + 0x20, .upper)
    case 0x61...0x7A: return (unit, .lower)
    case 0x30...0x39: return (unit, .number)
    case 0x09, 0x0A, 0x0D, 0x20: return (unit, .white)
    case 0x2F, 0x2C, 0x3A, 0x3B, 0x7C: return (unit, .delimiter)
    case 0..<0x80: return (unit, .nonWord)
    case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF: return (unit, .han)
    case 0xD800...0xDFFF: return (unit, .letter)
    default: break
    }
    let properties = Unicode.Scalar(unit)!.properties
    if properties.isWhitespace { return (unit, .white) }
    if properties.isUppercase, let lower = properties.lowercaseMapping.utf16.first,
      properties.lowercaseMapping.utf16.count == 1
    {
      return (lower, .upper)
    }
    if properties.isLowercase { return (unit, .lower) }
    if properties.isAlphabetic { return (unit, .letter) }
    if properties.numericType == .decimal { return (unit, .number) }
    return (unit, .nonWord)
  }
}
