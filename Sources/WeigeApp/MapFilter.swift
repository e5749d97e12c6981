import Foundation
import WeigeCore
import WeigeSearch
import WeigeUI

/// The map's filter (`/`) as a small model, like k9s's command buffer: the text, whether it is
/// being typed, and the stairwells and households it lets through.
public struct MapFilter: Sendable {
  public internal(set) var text = ""
  public internal(set) var isEditing = false
  /// Stairwells the filter lets through; nil when no filter is set.
  public internal(set) var matches: Set<PlaceID>?
  /// The households it counts: those with its flags in the matching stairwells, or all of theirs
  /// when it names no flag (`/ cjxq 独居 → 12 楼道 · 15 户`).
  public internal(set) var households = 0

  /// A key while the filter is typed; false for a key it does not take. Enter keeps the filter,
  /// Esc drops it, Ctrl-U starts it over (as in the palette and a shell).
  mutating func edit(_ key: Key) -> Bool {
    switch key {
    case .escape:
      isEditing = false
      text = ""
    case .enter: isEditing = false
    case .backspace: if !text.isEmpty { text.removeLast() }
    case .control("u"): text = ""
    case .character(let character): text.append(character)
    default: return false
    }
    return true
  }

  /// Starts typing a filter.
  mutating func begin() { isEditing = true }

  /// Sets the filter's text (the palette's `filter` command); `match` applies it.
  mutating func set(_ text: String) { self.text = text }

  /// No filter: every stairwell shows.
  mutating func clear() {
    text = ""
    matches = nil
    households = 0
  }

  /// Matches the text against every stairwell under `focus`: by name, path, pinyin or initials
  /// (the palette's matcher), or by a household flag such as 独居 or rental.
  mutating func match(in ledger: Ledger, under focus: PlaceID?) {
    let typed = text.trimmingCharacters(in: .whitespaces)
    guard !typed.isEmpty else {
      matches = nil
      return
    }
    // Words that name a household flag (独居, rental) narrow by households; the rest name places.
    var flags: HouseholdFlags = []
    var words: [Substring] = []
    for word in typed.split(separator: " ") {
      if let flag = HouseholdFlags.all.first(where: { $0.chinese == word || $0.key == word })?.flag {
        flags.formUnion(flag)
      } else {
        words.append(word)
      }
    }
    var stairwells = ledger.subtree(of: focus).filter { ledger.places[$0]?.level == .stairwell }
    if !words.isEmpty {
      let texts = stairwells.map { ledger.path(of: $0).map(\.name).joined(separator: " ") }
      let result = PaletteIndex(texts).search(PaletteQuery(words.joined(separator: " ")), limit: texts.count)
      stairwells = result.matches.map { stairwells[$0.candidate] }
    }
    households = 0
    var matching: Set<PlaceID> = []
    for stairwell in stairwells {
      let homes = ledger.householdsByStairwell[stairwell, default: []].filter {
        ledger.households[$0]?.flags.isSuperset(of: flags) == true
      }
      guard !homes.isEmpty || flags.isEmpty else { continue }
      matching.insert(stairwell)
      households += homes.count
    }
    matches = matching
  }
}
