import WeigeCore

/// The duty desk's bell (值班台): what has rung and is not yet acknowledged, when it last rang, and
/// a mute. A new critical ticket or alert and every escalation step ring it; it rings again every
/// `repeatSeconds` until the duty operator acknowledges (Space), and the header flashes meanwhile.
/// A mute stops the sound for `muteMinutes`, never the flashing: what is pending stays in sight.
public struct DutyBell: Equatable, Sendable {
  /// Why it rang: shown in the header beside the flash.
  public enum Cause: Hashable, Sendable {
    case ticket(TicketID)
    case alert(AlertID)
    case escalation(DutySubject)
  }

  /// Three minutes: an operator who stepped away from a night desk hears it again within the time
  /// a critical ticket's 30-minute 签收 clock can spare, while a bell every few seconds would teach
  /// the desk to mute it for good (alarm fatigue). `--bell-repeat` sets another.
  public static let defaultRepeatSeconds = 180
  /// Fifteen minutes: long enough for a phone call with the resident, short enough not to be
  /// forgotten over a shift.
  public static let muteMinutes = 15

  public var repeatSeconds = Self.defaultRepeatSeconds
  /// What rang and is not acknowledged, oldest first.
  public internal(set) var pending: [Cause] = []
  public internal(set) var lastRang: Timestamp?
  public internal(set) var mutedUntil: Timestamp?

  public init(repeatSeconds: Int = Self.defaultRepeatSeconds) { self.repeatSeconds = repeatSeconds }

  public var isRinging: Bool { !pending.isEmpty }

  public func isMuted(at now: Timestamp) -> Bool { mutedUntil.map { now < $0 } ?? false }

  /// Something new calls for the desk (each escalation step sounds, even of a subject already
  /// ringing): true when the terminal's bell should sound now.
  mutating func ring(_ causes: [Cause], at now: Timestamp) -> Bool {
    guard !causes.isEmpty else { return false }
    pending += causes.filter { !pending.contains($0) }
    return sound(at: now)
  }

  /// The clock's tick: true when the pending bell is due to sound again (or first, once a mute
  /// that held it back has ended).
  mutating func tick(at now: Timestamp) -> Bool {
    guard isRinging else { return false }
    if let last = lastRang, now.rawValue - last.rawValue < Int64(repeatSeconds) * 1000 { return false }
    return sound(at: now)
  }

  private mutating func sound(at now: Timestamp) -> Bool {
    guard !isMuted(at: now) else { return false }
    lastRang = now
    return true
  }

  /// The duty operator has heard it: the flashing and the repeats stop.
  mutating func acknowledge() -> Bool {
    guard isRinging else { return false }
    pending = []
    lastRang = nil
    return true
  }

  /// Mutes the sound for `muteMinutes`, or lifts a mute in force.
  mutating func toggleMute(at now: Timestamp) {
    mutedUntil = isMuted(at: now) ? nil : now.adding(minutes: Self.muteMinutes)
  }

  /// A subject that no longer needs the desk (signed for, acknowledged, closed) stops ringing.
  mutating func keep(where stillCalls: (Cause) -> Bool) {
    pending = pending.filter(stillCalls)
    if pending.isEmpty { lastRang = nil }
  }
}
