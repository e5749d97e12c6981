/// When a ticket must be resolved (办结): the one home of that decision. Today a wall-clock span
/// by urgency; the duty desk (issue 13) grows it into working days on China's holiday calendar
/// with a policy per demand class, and every caller keeps asking here.
public enum Deadline {
  /// The resolve-by moment of a ticket requested at `requestedAt`.
  public static func resolve(requestedAt: Timestamp, urgency: Urgency) -> Timestamp {
    requestedAt.adding(hours: urgency.slaHours)
  }
}
