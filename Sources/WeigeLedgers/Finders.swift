import WeigeCore

/// One part of a row's place: a name, and its level when a column said it.
struct PlacePart: Equatable {
  var name: String
  var level: PlaceLevel?

  /// A bare number in a 楼栋 or 单元 column names the building or unit as the ledger does (`3` →
  /// `3幢`, `2` → `2单元`).
  static func named(_ text: String, at level: PlaceLevel) -> String {
    guard !text.isEmpty, text.allSatisfy(\.isNumber) else { return text }
    switch level {
    case .building: return text + "幢"
    case .stairwell: return text + "单元"
    default: return text
    }
  }

  /// A room as the ledger keeps it: `302`, whether written `302`, `302室` or `302号`.
  static func room(_ text: String) -> String {
    var room = FreeText.trimmed(text)
    // By scalars: neither ending takes a combining mark, and a register asks for every row.
    while let last = room.unicodeScalars.last, last == "室" || last == "号" { room.unicodeScalars.removeLast() }
    return room
  }

  /// The level a name says it is by its ending, for a path's parts (`长江小区`, `3幢`, `2单元`).
  static func level(of name: String) -> PlaceLevel? {
    let endings: [(PlaceLevel, [String])] = [
      (.stairwell, ["单元"]), (.building, ["幢", "栋", "号楼"]), (.grid, ["网格"]),
      (.community, ["社区", "村"]), (.street, ["街道", "镇", "乡"]), (.district, ["区", "县", "市"]),
      (.compound, ["小区", "苑", "园", "花园", "公寓", "家园", "新村", "里", "庭", "府", "城"]),
    ]
    for (level, suffixes) in endings where suffixes.contains(where: name.hasSuffix) { return level }
    return nil
  }

  /// Names the field writes differently for the same thing compare equal: 3栋, 3号楼 and 3幢.
  static func key(_ name: String) -> String {
    guard name.contains(where: { $0 == "栋" || $0 == "楼" }) else { return name }
    return name.replacingOccurrences(of: "号楼", with: "幢").replacingOccurrences(of: "栋", with: "幢")
  }
}

/// Finds the place a row names, as `Ledger.places(named:)` reads a path (the name and some of its
/// ancestors in order), over indexes built once and a cache of the paths found. A path is found
/// from the top: its prefix first, then the last part among the prefix's descendants, so that
/// the thousand stairwells named 1单元 are not each walked up for every path that ends in one.
struct PlaceFinder {
  enum Found: Equatable {
    case found(PlaceID)
    case missing
    case ambiguous(Int)
  }

  private var byName: [String: [PlaceID]] = [:]
  private var parents: [PlaceID: (parent: PlaceID?, key: String, level: PlaceLevel)] = [:]
  private var children: [PlaceID: [PlaceID]] = [:]
  /// Paths as the rows write them (names and levels, not yet normalised) to what they found;
  /// missing ones are not kept, since the import may create them.
  private var cache: [String: Found] = [:]

  init(_ ledger: Ledger) {
    for place in ledger.places.values { index(place) }
  }

  private mutating func index(_ place: Place) {
    let key = PlacePart.key(place.name)
    byName[key, default: []].append(place.id)
    parents[place.id] = (place.parent, key, place.level)
    if let parent = place.parent { children[parent, default: []].append(place.id) }
  }

  /// A place created by the import joins the index.
  mutating func add(_ place: Place) { index(place) }

  mutating func find(_ parts: [PlacePart]) -> Found {
    var cacheKey = ""
    for part in parts {
      cacheKey += part.name
      cacheKey.unicodeScalars.append(Unicode.Scalar(UInt8(part.level.map { $0.rawValue + 1 } ?? 0)))
    }
    if let found = cache[cacheKey] { return found }
    guard let last = parts.last else { return .missing }
    let key = PlacePart.key(last.name)
    func fits(_ id: PlaceID) -> Bool {
      guard let entry = parents[id] else { return false }
      return entry.key == key && (last.level == nil || entry.level == last.level)
    }
    let matches: [PlaceID]
    switch parts.count == 1 ? .missing : find(Array(parts.dropLast())) {
    case .found(let prefix):
      var found: [PlaceID] = []
      var stack = children[prefix] ?? []
      while let next = stack.popLast() {
        if fits(next) { found.append(next) }
        stack += children[next] ?? []
      }
      matches = found
    case .missing where parts.count > 1:
      return .missing
    default:
      matches = byName[key, default: []].filter { fits($0) && hasAncestors(parts.dropLast(), above: $0) }
    }
    let result: Found =
      switch matches.count {
      case 0: .missing
      case 1: .found(matches[0])
      default: .ambiguous(matches.count)
      }
    if result != .missing { cache[cacheKey] = result }
    return result
  }

  /// Whether `wanted` are names of the place's ancestors, in order, others allowed between.
  private func hasAncestors(_ wanted: ArraySlice<PlacePart>, above id: PlaceID) -> Bool {
    var wanted = wanted
    var current = parents[id]?.parent
    while let ancestor = current, let next = parents[ancestor], let part = wanted.last {
      if next.key == PlacePart.key(part.name) && (part.level == nil || part.level == next.level) {
        wanted.removeLast()
      }
      current = next.parent
    }
    return wanted.isEmpty
  }
}

/// People by name, for matching a register's rows to who is registered.
struct PeopleFinder {
  private var byName: [String: [PersonID]] = [:]

  init(_ ledger: Ledger) {
    for person in ledger.people.values { add(person) }
  }

  mutating func add(_ person: Person) { byName[person.name, default: []].append(person.id) }

  func named(_ name: String) -> [PersonID] { byName[name] ?? [] }
}
