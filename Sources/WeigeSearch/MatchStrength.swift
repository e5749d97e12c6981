/// Whether a match reads as something typed on purpose. The matcher is forgiving (fzf's kind of
/// fuzzy, over every pinyin reading), so three random letters usually find something: `zzz` finds
/// 赵梓敏 by the z of 赵, the z of 梓 and the z of the 长 (zhang) in her address, and `war` finds 王瑞
/// by wa(ng) and r(ui). The palette marks such a line rather than offering it as the answer.
extension PaletteQuery {
  /// A one-term query is a strong match of `text` when its characters fall in one run of the text,
  /// nothing skipped between the first and the last, and each Han character of the run is typed
  /// by the beginning of its syllable (its first letter, zh/ch/sh, or the whole syllable) or, the
  /// last one, by any beginning of it (`cjxq`, `changjiang`, `wf`, `limi`). Otherwise it is weak.
  /// Queries of several terms (`cjxq 3 2`) are taken as meant.
  public func isWeakMatch(of text: String, positions: [Int]) -> Bool {
    guard terms.count == 1, let term = terms.first, !positions.isEmpty else { return false }
    let matched = Array(Set(positions)).sorted()
    guard matched.last! - matched.first! == matched.count - 1 else { return true }
    // The matched characters, by their UTF-16 offsets (a Han character is one unit).
    var characters: [Character] = []
    var offset = 0
    for character in text {
      if offset >= matched.first!, offset <= matched.last! { characters.append(character) }
      offset += character.utf16.count
      if offset > matched.last! { break }
    }
    return !Self.spells(term[...], characters[...])
  }

  /// Whether `term` (folded units) spells `characters` one after another, as above.
  private static func spells(_ term: ArraySlice<UInt16>, _ characters: ArraySlice<Character>) -> Bool {
    guard let character = characters.first else { return term.isEmpty }
    let rest = characters.dropFirst()
    let readings = PinyinTable.shared.readings(of: character)
    if readings.isEmpty {
      let folded = character.lowercased().utf16
      guard folded.count == 1, term.first == folded.first else { return false }
      return spells(term.dropFirst(), rest)
    }
    for reading in readings {
      let units = Array(reading.utf16)
      var lengths = [1, units.count]
      if units.count > 1, "zcs".utf16.contains(units[0]), units[1] == "h".utf16.first! {
        lengths.append(2)
      }
      if rest.isEmpty { lengths = Array(1...units.count) }
      for length in lengths
      where length <= term.count && term.prefix(length).elementsEqual(units.prefix(length)) {
        if spells(term.dropFirst(length), rest) { return true }
      }
    }
    return false
  }
}
