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
