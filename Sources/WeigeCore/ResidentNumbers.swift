/// Residents' phone and ID numbers are masked wherever they are shown or exported (DESIGN.md §8);
/// seeing one whole is a `numbersRevealed` event with who, what and why.
public enum ResidentNumbers {
  /// `138****5678`: the first three and last four digits.
  public static func maskedPhone(_ phone: String) -> String {
    guard phone.count >= 7 else { return phone }
    return String(phone.prefix(3)) + "****" + String(phone.suffix(4))
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
