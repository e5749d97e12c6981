import WeigeCore
import WeigeTestSupport

/// A stairwell with two households, a head, and one ticket, built through Core's own validation.
func smallStairwell() throws -> Ledger {
  var ledger = Ledger()
  let t = pinnedNow
  let bodies: [EventBody] = [
    .placeAdded(Place(id: PlaceID(1), parent: nil, level: .community, name: "江三社区")),
    .placeAdded(Place(id: PlaceID(2), parent: PlaceID(1), level: .building, name: "3幢")),
    .placeAdded(Place(id: PlaceID(3), parent: PlaceID(2), level: .stairwell, name: "2单元")),
    .householdRegistered(
      Household(
        id: HouseholdID(1), stairwell: PlaceID(3), room: "302", residents: 3, aged60Plus: 1,
        contactName: "李明",
        contactPhone: "13800001111", flags: [.partyMember])),
    .householdRegistered(
      Household(
        id: HouseholdID(2), stairwell: PlaceID(3), room: "401", residents: 1, aged60Plus: 1,
        contactName: "张桂英",
        contactPhone: "13800002222", flags: [.elderlyLivingAlone])),
    .personRegistered(
      Person(
        id: PersonID(1), name: "李明", household: HouseholdID(1), phone: "13800001111", isPartyMember: true)),
    .personRegistered(
      Person(id: PersonID(2), name: "王芳", household: nil, phone: "13900003333", isPartyMember: false)),
    .roleAssigned(PersonID(1), RoleAssignment(role: "head", place: PlaceID(3))),
    .ticketRequested(
      TicketRequest(
        id: TicketID(1043), title: "楼道堆物影响通行", demandClass: .nuisance, urgency: .urgent, source: .hotline,
        place: PlaceID(3), household: HouseholdID(1), dueAt: t.adding(hours: 24))),
  ]
  for body in bodies { try ledger.execute(body, at: t, actor: "王芳") }
  return ledger
}
