/// Residents' phone and ID numbers are masked wherever they are shown or exported (DESIGN.md §8);
/// seeing one whole is a `numbersRevealed` event with who, what and why.
public enum ResidentNumbers {
  /// `138****5678`: the first three and last four digits.
  public static func maskedPhone(_ phone: String) -> String {
    guard phone.count >= 7 else { return phone }
    return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
  }

  /// Why `text` is not a resident identity number (GB 11643-1999: 17 digits and a check
  /// character, the ISO 7064 MOD 11-2 of the 17; a birth date that exists), in English as the
  /// importer words its cells; nil when it is one. Excel's habit of storing it as a number (its
  /// last digits lost as `3.30106E+17`) is named.
  public static func idNumberProblem(_ text: String) -> String? {
    let upper = text.uppercased()
    if upper.contains("E+") {
      return "was stored as a number and has lost its last digits: format the column as text"
    }
    let characters = Array(upper.utf8)
    guard characters.count == 18,
      characters[..<17].allSatisfy({ (48...57).contains($0) }),
      (48...57).contains(characters[17]) || characters[17] == UInt8(ascii: "X")
    else {
      return "is not an ID number: 18 characters, 17 digits and a digit or X"
    }
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    let sum = zip(characters[..<17], weights).reduce(0) { $0 + Int($1.0 - 48) * $1.1 }
    let check = Array("10X98765432".utf8)[sum % 11]
    guard check == characters[17] else {
      return "fails its check digit (GB 11643): the last character would be \(UnicodeScalar(check))"
    }
    let birth = characters[6..<14].map { Int($0 - 48) }
    let year = birth[0..<4].reduce(0) { $0 * 10 + $1 }
    let month = birth[4] * 10 + birth[5]
    let day = birth[6] * 10 + birth[7]
    guard (1900...2100).contains(year), CivilDate(year: year, month: month, day: day) != nil else {
      return "has no real birth date (\(year)-\(month)-\(day))"
    }
    return nil
  }

  /// Refuses an ID number that is not one (an empty one is none given); the importer names the
  /// cell before this is reached, so this guards every other way an event is written.
  static func validateIDNumber(_ text: String) throws(DomainError) {
    guard !text.isEmpty, let problem = idNumberProblem(text) else { return }
    throw DomainError(
      "身份证号 \(maskedID(text)) 无效：须为18位，校验位合 GB 11643，出生日期真实",
      english: "ID number \(maskedID(text)) \(problem)")
  }

  /// `3301**********1234`: the first four and last four characters.
  public static func maskedID(_ number: String) -> String {
    guard number.count > 8 else { return number }
    return String(number.prefix(4)) + String(repeating: "*", count: number.count - 8)
      + String(number.suffix(4))
  }
}

/// An operator saw residents' numbers whole: on screen for one household, or in an export of a
/// place. The operator and the time are the event's.
public struct NumbersReveal: Sendable, Equatable {
  /// The place whose households' numbers were revealed (an export's scope), or one household's.
  public var place: PlaceID?
  public var household: HouseholdID?
  /// What the operator typed as the reason.
  public var reason: String
  /// Where they were shown: `screen`, or the export's file.
  public var purpose: String

  public init(place: PlaceID?, household: HouseholdID?, reason: String, purpose: String) {
    self.place = place
    self.household = household
    self.reason = reason
    self.purpose = purpose
  }
}

extension NumbersReveal {
  /// Whether the reveal showed `household`'s numbers: it names the household, or a place the
  /// household lives under (an export of its stairwell, community or district).
  public func covers(_ household: HouseholdID, in ledger: Ledger) -> Bool {
    if let revealed = self.household { return revealed == household }
    guard let place, let stairwell = ledger.households[household]?.stairwell else { return false }
    return ledger.path(of: stairwell).contains { $0.id == place }
  }

  /// The streams that hold every reveal covering `household`: its own and each of its places'.
  public static func streams(covering household: HouseholdID, in ledger: Ledger) -> [String] {
    let places = ledger.households[household].map { ledger.path(of: $0.stairwell).map(\.id.stream) } ?? []
    return [household.stream] + places
  }
}
