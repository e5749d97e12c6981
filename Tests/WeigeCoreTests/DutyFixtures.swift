import WeigeCore
import WeigeTestSupport

/// China time on a day of November 2026 (the 21st, when the demo's clock stands, is a Saturday).
func novemberTime(_ day: Int, _ hour: Int, _ minute: Int = 0) -> Timestamp {
  CivilDate(year: 2026, month: 11, day: day)!.inChina(minute: hour * 60 + minute)
}

/// The small stairwell (its #1043 resolved) with a normal nuisance ticket, #1044, opened at
/// `pinnedNow` (Saturday 21 November, 20:45) under the shipped policy and dispatched to 李明 five
/// minutes later.
func dutyStairwell() throws -> Ledger {
  var ledger = try smallStairwell()
  try ledger.execute(.ticketDispatched(TicketID(1043), assignee: PersonID(1)), at: pinnedNow, actor: "王芳")
  try ledger.execute(.ticketAccepted(TicketID(1043)), at: pinnedNow, actor: "李明")
  try ledger.execute(.ticketResolved(TicketID(1043), note: "已清理"), at: pinnedNow, actor: "李明")
  let (terms, due) = Deadline.opening(
    at: pinnedNow, .nuisance, .normal, policy: .shipped, calendar: .shipped)
  try ledger.execute(
    .ticketRequested(
      TicketRequest(
        id: TicketID(1044), title: "楼道灯不亮", demandClass: .nuisance, urgency: .normal, source: .hotline,
        place: PlaceID(3), household: HouseholdID(2), dueAt: due, terms: terms)),
    at: pinnedNow, actor: "王芳")
  try ledger.execute(
    .ticketDispatched(TicketID(1044), assignee: PersonID(1)), at: pinnedNow.adding(minutes: 5), actor: "王芳")
  return ledger
}

/// Appends every step due at `now`, as a watcher would: validated one after another.
func escalate(_ ledger: inout Ledger, at now: Timestamp) throws -> [DueEscalation] {
  let due = Deadline.dueEscalations(in: ledger, at: now, calendar: .shipped)
  for step in due {
    let event = step.event(at: now, actor: "值班台")
    try ledger.execute(event.body, at: event.time, actor: event.actor)
  }
  return due
}

/// One event of every duty-desk kind, for the codec's round trip and its fuzzing.
let dutyBodies: [EventBody] = [
  .ticketExtended(
    TicketID(1044), by: .workingDays(3), to: novemberTime(30, 17, 30), reason: "需等待物业维修", approver: "赵书记"),
  .escalated(
    DutyEscalation(subject: .ticket(TicketID(1044)), clock: .sign, step: 0, deadline: novemberTime(23, 14))),
  .escalated(
    DutyEscalation(subject: .alert(AlertID(3)), clock: .acknowledge, step: 1, deadline: novemberTime(21, 21))),
  .rosterImported(
    [
      RosterShift(
        shift: ShiftID(date: CivilDate(year: 2026, month: 11, day: 21)!, kind: .day), operatorName: "王芳",
        leader: "赵书记"),
      RosterShift(
        shift: ShiftID(date: CivilDate(year: 2026, month: 11, day: 21)!, kind: .night), operatorName: "刘洋",
        leader: "赵书记"),
    ], source: "roster.csv"),
  .shiftChanged(
    RosterShift(
      shift: ShiftID(date: CivilDate(year: 2026, month: 11, day: 22)!, kind: .day), operatorName: "陈静",
      leader: "赵书记"), reason: "王芳请假"),
  .handoverNoted(ShiftID(date: CivilDate(year: 2026, month: 11, day: 21)!, kind: .day), note: "3幢电梯停运，已报修"),
  .handoverSigned(ShiftID(date: CivilDate(year: 2026, month: 11, day: 21)!, kind: .day)),
]
