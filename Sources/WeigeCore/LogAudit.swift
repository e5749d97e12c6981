/// Replays a log and checks each event against the state just before it, as a writer should
/// have: sequence numbers without gaps, each stream's versions one after another, and every event
/// legal by Core's validation (no ticket requested twice, no transition from a state the ticket
/// was not in, no text that drives a terminal). `weige store check` and the soak tests run it.
public struct LogAudit {
  /// One event that should not be in the log, and why.
  public struct Finding: Sendable, Equatable, CustomStringConvertible {
    public var sequence: Int64
    public var stream: String
    public var kind: EventKind
    public var problem: String

    public var description: String { "#\(sequence) \(stream) \(kind.name): \(problem)" }
  }

  public private(set) var ledger = Ledger()
  public private(set) var findings: [Finding] = []
  public private(set) var checked = 0

  public init() {}

  public mutating func check(_ event: RecordedEvent) {
    checked += 1
    func find(_ problem: String) {
      findings.append(
        Finding(sequence: event.sequence, stream: event.stream, kind: event.body.kind, problem: problem))
    }
    if event.sequence != ledger.lastSequence + 1 {
      find("comes after #\(ledger.lastSequence): sequence numbers skip")
    }
    let expected = ledger.versions[event.body.streamKey] + 1
    if event.version != expected || event.stream != event.body.stream {
      find(
        "stored as version \(event.version) of \(event.stream); expected version \(expected) of \(event.body.stream)"
      )
    }
    do {
      try ledger.validate(NewEvent(id: event.id, time: event.time, actor: event.actor, body: event.body))
    } catch {
      find(error.english)
    }
    ledger.apply(event)
  }
}
