/// Which stairwells' star ratings an event can change: none, some, or every one. A board that
/// keeps its ratings re-rates only the stairwells an event touches (a city has 25,000, and
/// rating them all costs more than a frame), so this is the one home of what a rating reads:
/// the households' visits, the stairwell team, the tickets filed at the stairwell, its convention,
/// and the catalogue and places that decide what is rated (`Ledger.starRating(of:in:rules:)`).
public enum StarTouch: Equatable, Sendable {
  case none
  case stairwells([PlaceID])
  case all
}

extension Ledger {
  /// The stairwells whose rating `body` can change, read on the ledger it was folded into (a
  /// visit's household, a ticket's place). Every kind is named, so that a new kind must say.
  public func starTouch(of body: EventBody) -> StarTouch {
    switch body {
    case .catalogueDefined, .placeAdded:
      return .all
    case .householdRegistered(let household):
      return .stairwells([household.stairwell])
    case .visitRecorded(let id, _, _):
      return households[id].map { .stairwells([$0.stairwell]) } ?? .none
    case .roleAssigned(_, let assignment), .roleVacated(_, let assignment, _):
      return places[assignment.place]?.level == .stairwell ? .stairwells([assignment.place]) : .none
    case .conventionAdopted(let stairwell, _):
      return .stairwells([stairwell])
    case .ticketRequested, .ticketDispatched, .ticketAccepted, .ticketReturned, .ticketResolved, .ticketRated,
      .ticketReopened, .ticketEscalated, .ticketExtended, .escalated:
      return body.ticketID.flatMap { tickets[$0] }.map { .stairwells([$0.place]) } ?? .none
    case .householdFlagsChanged, .personRegistered, .alertRaised, .alertCleared, .alertAcknowledged,
      .alertTicketed, .mobilizationIssued, .squadAttached, .squadStatusChanged, .householdsReported,
      .deadlineExtended, .mobilizationClosed, .rosterImported, .shiftChanged, .handoverNoted, .handoverSigned,
      .householdDetailsChanged, .personDetailsChanged, .numbersRevealed, .partnerUnitRegistered,
      .openCallPosted, .openCallClaimed, .openCallProgressed, .openCallCompleted, .openCallRated,
      .volunteerHoursRecorded, .pointsRedeemed, .honourAwarded, .devicesRegistered, .sensorTriggered,
      .alertSilenced, .openCallWithdrawn, .openCallReleased, .openCallRequested, .openCallRequestDeclined,
      .honourWithdrawn, .silenceLifted, .sensorCatalogueDefined, .taskCatalogueDefined:
      return .none
    }
  }
}
