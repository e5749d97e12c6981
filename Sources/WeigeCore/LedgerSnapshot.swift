import Dispatch

/// The folded state as bytes, so that a large store opens from its newest snapshot plus the
/// events after it instead of replaying everything.
///
/// Households, people and tickets (most of a city's bytes) are parts of their own, decoded on
/// separate cores: opening the city preset must stay within a second (issue 2). So are stream
/// versions, and mobilization orders (a city drill's order holds a million households' outcomes).
/// A directory of the parts' lengths comes first, and the large tables are written in chunks, so
/// that a store can hand the decoder one chunk's bytes at a time (`SnapshotSource`): a city's
/// whole snapshot (98 MB) held beside the state it becomes was a fifth of opening's peak.
extension Ledger {
  /// Bump when the layout below changes; an older snapshot is then ignored and the log replayed.
  public static let snapshotFormat = 13

  /// The snapshot's parts, in the order the directory gives their lengths.
  /// The small ones after the tables are parts too: read whole, each is freed before the next
  /// (together, a city's are about 28 MB).
  private enum Part: Int, CaseIterable {
    case head, households, people, tickets, versions, mobilizations
    case holders, alerts, duty, openCalls, recognition, sensors, teamHistory, taskCatalogue
  }

  public func snapshot() -> [UInt8] { snapshot(chunkBytes: 1 << 18) }

  /// The snapshot with the tables in chunks of about `chunkBytes` (a test writes small ones).
  func snapshot(chunkBytes: Int) -> [UInt8] {
    var head = BinaryWriter(capacity: places.count * 24 + 1024)
    head.write(lastSequence)
    head.write(optional: lastEventTime)
    catalogue.encode(into: &head)
    let orderedPlaces = subtree(of: nil)
    head.write(UInt64(orderedPlaces.count))
    for id in orderedPlaces {
      places[id]!.encode(into: &head)
    }
    // Stairwell by stairwell, so that each stairwell's list is rebuilt in one piece.
    let orderedHouseholds = orderedPlaces.flatMap { householdsByStairwell[$0, default: []] }
    var householdPart = ChunkedWriter(
      count: orderedHouseholds.count, capacity: households.count * 48, chunkBytes: chunkBytes)
    for id in orderedHouseholds {
      let household = households[id]!
      householdPart.add { w in
        household.encode(into: &w, idNumber: true)
        w.write(optional: household.lastVisit)
      }
    }
    var personPart = ChunkedWriter(count: people.count, capacity: people.count * 32, chunkBytes: chunkBytes)
    for person in people.values { personPart.add { person.encode(into: &$0, idNumber: true) } }
    var ticketPart = ChunkedWriter(
      count: tickets.count, capacity: tickets.count * 128, chunkBytes: chunkBytes)
    for ticket in tickets.values { ticketPart.add { ticket.encode(into: &$0) } }
    // Stream versions (one per place, household, person, ticket, alert and order, and the duty
    // desk's): decoded beside the three tables rather than after them.
    var versionPart = BinaryWriter(capacity: (households.count + people.count + tickets.count) * 6)
    versions.encode(into: &versionPart)
    var orderPart = ChunkedWriter(
      count: mobilizations.count, capacity: mobilizations.values.reduce(64) { $0 + $1.tally.reported * 8 },
      chunkBytes: chunkBytes)
    for order in mobilizations.values { orderPart.add { order.encode(into: &$0) } }
    var w = BinaryWriter(capacity: 1024)
    var small: [BinaryWriter] = []
    // Holders in appointment order, so that a person's own role list is rebuilt in order too.
    let assignments = holders.filter { !$0.value.isEmpty }.sorted {
      ($0.key.place, $0.key.role) < ($1.key.place, $1.key.role)
    }
    w.write(UInt64(assignments.count))
    for (assignment, people) in assignments {
      w.write(assignment.role)
      w.write(assignment.place.rawValue)
      w.write(UInt64(people.count))
      for person in people { w.write(person.rawValue) }
    }
    var alertPart = ChunkedWriter(count: alerts.count, capacity: alerts.count * 64, chunkBytes: chunkBytes)
    for alert in alerts.values { alertPart.add { alert.encode(into: &$0) } }
    small += [w, alertPart.finished()]
    for encode in [duty.encode, openCalls.encode, recognition.encode, sensors.encode] {
      w.removeAll()
      encode(&w)
      small.append(w)
    }
    w.removeAll()
    w.write(UInt64(teamHistory.count))
    for stairwell in teamHistory.keys.sorted() {
      let changes = teamHistory[stairwell]!
      w.write(stairwell.rawValue)
      w.write(UInt64(changes.count))
      for change in changes {
        w.write(change.time.rawValue)
        w.write(change.missing)
      }
    }
    var tasks = BinaryWriter(capacity: 256)
    taskCatalogue.encode(into: &tasks)
    let parts =
      [
        head, householdPart.finished(), personPart.finished(), ticketPart.finished(), versionPart,
        orderPart.finished(),
      ] + small + [w, tasks]
    var snapshot = BinaryWriter(capacity: parts.reduce(64) { $0 + $1.bytes.count })
    snapshot.write(UInt64(Self.snapshotFormat))
    snapshot.write(UInt64(parts.count))
    for part in parts { snapshot.write(UInt64(part.bytes.count)) }
    for part in parts { snapshot.append(part) }
    return snapshot.bytes
  }

  /// Rebuilds the state from `snapshot()`'s bytes; nil when they were written in another format.
  public init?(snapshot bytes: UnsafeRawBufferPointer) throws(BinaryDecodingError) {
    try self.init(snapshotFrom: BufferSource(bytes: bytes))
  }

  /// Rebuilds the state from `snapshot()`'s bytes as `source` hands them out, a part or a chunk
  /// at a time; nil when they were written in another format.
  public init?(snapshotFrom source: some SnapshotSource) throws(BinaryDecodingError) {
    guard let parts = try Self.directory(of: source) else { return nil }
    self.init()
    try source.withBytes(in: parts[Part.head.rawValue]) { bytes throws(BinaryDecodingError) in
      var r = BinaryReader(bytes)
      lastSequence = try r.readInt64("lastSequence")
      lastEventTime = try r.readOptionalTime("lastEventTime")
      catalogue = try RoleCatalogue(from: &r)
      let placeCount = try r.readCount("places")
      places.reserveCapacity(placeCount)
      for _ in 0..<placeCount {
        // Not through the fold: it would note each stairwell's team, and each holder's below,
        // only to be replaced by the history the snapshot keeps (a city's 25,790 and 77,000).
        _ = insert(try Place(from: &r))
      }
    }
    let sections = Sections(source: source, parts: parts)
    DispatchQueue.concurrentPerform(iterations: 5) { part in sections.decode(part) }
    (households, householdsByStairwell, latestVisit) = try sections.households.get()
    people = try sections.people.get()
    (tickets, ticketsByPlace) = try sections.tickets.get()
    mobilizations = try sections.mobilizations.get()
    let restoredVersions = try sections.versions.get()
    sections.release()
    indexOpenMobilizations()
    func read<Value>(
      _ part: Part, _ decode: (inout BinaryReader) throws(BinaryDecodingError) -> Value
    ) throws(BinaryDecodingError) -> Value {
      try source.withBytes(in: parts[part.rawValue]) { bytes throws(BinaryDecodingError) in
        var r = BinaryReader(bytes)
        return try decode(&r)
      }
    }
    try read(.holders) { r throws(BinaryDecodingError) in try decodeHolders(&r) }
    try source.forEachRecord(in: parts[Part.alerts.rawValue], "alerts") {
      alerts.reserveCapacity($0)
    } record: { r throws(BinaryDecodingError) in
      let alert = try Alert(from: &r)
      alerts[alert.id] = alert
    }
    duty = try read(.duty) { r throws(BinaryDecodingError) in try DutyLedger(from: &r) }
    openCalls = try read(.openCalls) { r throws(BinaryDecodingError) in try OpenCallBoard(from: &r) }
    recognition = try read(.recognition) { r throws(BinaryDecodingError) in try Recognition(from: &r) }
    let restoredAlerts = alerts
    sensors = try read(.sensors) { r throws(BinaryDecodingError) in try SensorWatch(from: &r, alerts: alerts)
    }
    teamHistory = try read(.teamHistory) { r throws(BinaryDecodingError) in try Self.decodeTeamHistory(&r) }
    taskCatalogue = try read(.taskCatalogue) { r throws(BinaryDecodingError) in try TaskCatalogue(from: &r) }
    // Last: rebuilding holders above went through the fold, which counts versions.
    versions = restoredVersions
  }

  /// The parts' byte ranges from the directory at the start; nil for another format.
  private static func directory(of source: some SnapshotSource) throws(BinaryDecodingError) -> [Range<Int>]? {
    // The format, the count and the lengths, each at most ten bytes.
    try source.withBytes(in: 0..<min(source.count, 10 * (Part.allCases.count + 2))) {
      bytes throws(BinaryDecodingError) in
      var r = BinaryReader(bytes)
      guard try r.readFormat("format") == Self.snapshotFormat else { return nil }
      let count = try r.readCount("parts")
      guard count == Part.allCases.count else { throw .invalid(field: "parts", value: Int64(count)) }
      let lengths = try (0..<count).map { _ throws(BinaryDecodingError) in try r.readUInt64("part") }
      var start = r.consumed
      var parts: [Range<Int>] = []
      for length in lengths {
        guard length <= UInt64(source.count - start) else { throw .truncated(field: "part") }
        parts.append(start..<start + Int(length))
        start += Int(length)
      }
      return parts
    }
  }

  /// Holders, through the fold, so that each person's own list of roles is rebuilt too.
  private mutating func decodeHolders(_ r: inout BinaryReader) throws(BinaryDecodingError) {
    let assignmentCount = try r.readCount("holders")
    holders.reserveCapacity(assignmentCount)
    for _ in 0..<assignmentCount {
      let assignment = try RoleAssignment(from: &r)
      let count = try r.readCount("holders.count")
      for _ in 0..<count {
        apply(
          .roleAssigned(PersonID(try r.readInt("holders.person")), assignment),
          time: Timestamp(milliseconds: 0), actor: "")
      }
    }
  }

  private static func decodeTeamHistory(_ r: inout BinaryReader) throws(BinaryDecodingError) -> [PlaceID:
    [TeamChange]]
  {
    var history: [PlaceID: [TeamChange]] = [:]
    for _ in 0..<(try r.readCount("teamHistory")) {
      let stairwell = PlaceID(try r.readInt("team.stairwell"))
      var changes: [TeamChange] = []
      for _ in 0..<(try r.readCount("team.changes")) {
        let time = Timestamp(milliseconds: try r.readInt64("team.time"))
        changes.append(TeamChange(time: time, missing: try r.readStrings("team.missing")))
      }
      history[stairwell] = changes
    }
    return history
  }

  /// The snapshot's five large parts, each decoded by one worker into its own slot, the tables
  /// a chunk at a time.
  private final class Sections: @unchecked Sendable {
    /// The table, each stairwell's list, and the newest last visit (`Ledger.latestVisit`).
    typealias Households = (EntityTable<HouseholdEntity, Household>, [PlaceID: [HouseholdID]], Timestamp?)
    let source: any SnapshotSource
    let parts: [Range<Int>]
    var households: Result<Households, BinaryDecodingError> = .failure(.truncated(field: "households"))
    var people: Result<EntityTable<PersonEntity, Person>, BinaryDecodingError> = .failure(
      .truncated(field: "people"))
    /// The table, and each place's tickets by number (`Ledger.ticketsByPlace`).
    typealias Tickets = (EntityTable<TicketEntity, Ticket>, [PlaceID: [TicketID]])
    var tickets: Result<Tickets, BinaryDecodingError> = .failure(.truncated(field: "tickets"))

    var versions: Result<StreamVersions, BinaryDecodingError> = .failure(.truncated(field: "versions"))
    var mobilizations: Result<EntityTable<MobilizationEntity, Mobilization>, BinaryDecodingError> = .failure(
      .truncated(field: "mobilizations"))

    init(source: any SnapshotSource, parts: [Range<Int>]) {
      self.source = source
      self.parts = parts
    }

    /// Lets go of the decoded tables once the ledger holds them: a second owner would make the
    /// holders' fold copy the whole people table to change one person's roles.
    func release() {
      households = .failure(.truncated(field: "households"))
      people = .failure(.truncated(field: "people"))
      tickets = .failure(.truncated(field: "tickets"))
      versions = .failure(.truncated(field: "versions"))
      mobilizations = .failure(.truncated(field: "mobilizations"))
    }

    func decode(_ worker: Int) {
      switch worker {
      case 0: households = Result { () throws(BinaryDecodingError) in try decodeHouseholds() }
      case 1:
        people = Result { () throws(BinaryDecodingError) in
          try table(.people, "people", id: \.id) { r throws(BinaryDecodingError) in
            try Person(from: &r, idNumber: true)
          }
        }
      case 3:
        versions = Result { () throws(BinaryDecodingError) in
          try source.withBytes(in: parts[Part.versions.rawValue]) { bytes throws(BinaryDecodingError) in
            var r = BinaryReader(bytes)
            return try StreamVersions(from: &r)
          }
        }
      case 4:
        mobilizations = Result { () throws(BinaryDecodingError) in
          try table(.mobilizations, "mobilizations", id: \.id) { r throws(BinaryDecodingError) in
            try Mobilization(from: &r)
          }
        }
      default:
        tickets = Result { () throws(BinaryDecodingError) in
          let table = try table(.tickets, "tickets", id: \.id) { r throws(BinaryDecodingError) in
            try Ticket(from: &r)
          }
          var byPlace: [PlaceID: [TicketID]] = [:]
          for ticket in table.values { byPlace[ticket.place, default: []].append(ticket.id) }
          for place in byPlace.keys { byPlace[place]!.sort() }
          return (table, byPlace)
        }
      }
    }

    private func decodeHouseholds() throws(BinaryDecodingError) -> Households {
      var table = EntityTable<HouseholdEntity, Household>()
      var byStairwell: [PlaceID: [HouseholdID]] = [:]
      var stairwell: PlaceID?
      var list: [HouseholdID] = []
      var latestVisit: Timestamp?
      try source.forEachRecord(in: parts[Part.households.rawValue], "households") {
        table.reserveCapacity($0)
      } record: { r throws(BinaryDecodingError) in
        var household = try Household(from: &r, idNumber: true)
        household.lastVisit = try r.readOptionalTime("household.lastVisit")
        if let visit = household.lastVisit, latestVisit.map({ visit > $0 }) ?? true { latestVisit = visit }
        table[household.id] = household
        if household.stairwell != stairwell {
          if let stairwell { byStairwell[stairwell, default: []] += list }
          stairwell = household.stairwell
          list.removeAll(keepingCapacity: true)
        }
        list.append(household.id)
      }
      if let stairwell { byStairwell[stairwell, default: []] += list }
      return (table, byStairwell, latestVisit)
    }

    private func table<Entity, Value>(
      _ part: Part, _ field: String, id: KeyPath<Value, Identifier<Entity>>,
      _ decode: (inout BinaryReader) throws(BinaryDecodingError) -> Value
    ) throws(BinaryDecodingError) -> EntityTable<Entity, Value> {
      var table = EntityTable<Entity, Value>()
      var count = 0
      try source.forEachRecord(in: parts[part.rawValue], field) {
        count = $0
      } record: { r throws(BinaryDecodingError) in
        let value = try decode(&r)
        let key = value[keyPath: id]
        // The values come in id order from the first, which need not be 1 (tickets count from
        // 1001): room for all of them at once, since appending past a reserve doubles the slots.
        if table.isEmpty { table.reserveCapacity(min(max(key.rawValue, 0), 1 << 16) + count) }
        table[key] = value
      }
      return table
    }
  }
}

/// Where a snapshot's bytes come from: whole in memory, or read a piece at a time from a store.
/// The decoder asks for one part or one chunk at a time, from several threads at once.
public protocol SnapshotSource: Sendable {
  /// The snapshot's length in bytes.
  var count: Int { get }

  /// Calls `body` with the bytes in `range`, which live only for the call; a range past the end
  /// is refused as truncated.
  func withBytes<Value>(
    in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws(BinaryDecodingError) -> Value
  ) throws(BinaryDecodingError) -> Value
}

extension SnapshotSource {
  /// Reads a part `ChunkedWriter` wrote, one chunk's bytes at a time: `start` is told how many
  /// records follow, and `record` reads each.
  func forEachRecord(
    in part: Range<Int>, _ field: String, start: (Int) -> Void,
    record: (inout BinaryReader) throws(BinaryDecodingError) -> Void
  ) throws(BinaryDecodingError) {
    var offset = part.lowerBound
    // A count or a chunk's length: a varint, bounded by what is left of the part.
    func header() throws(BinaryDecodingError) -> Int {
      let (value, size) = try withBytes(in: offset..<min(offset + 10, part.upperBound)) {
        bytes throws(BinaryDecodingError) in
        var r = BinaryReader(bytes)
        return (try r.readUInt64(field), r.consumed)
      }
      offset += size
      guard value <= UInt64(part.upperBound - offset) else { throw .truncated(field: field) }
      return Int(value)
    }
    let count = try header()
    start(count)
    var read = 0
    while offset < part.upperBound {
      let length = try header()
      try withBytes(in: offset..<offset + length) { bytes throws(BinaryDecodingError) in
        var r = BinaryReader(bytes)
        while !r.isAtEnd {
          try record(&r)
          read += 1
        }
      }
      offset += length
    }
    guard read == count else { throw .invalid(field: field, value: Int64(read)) }
  }
}

/// A snapshot held whole in memory (a test's bytes, a PostgreSQL row).
private struct BufferSource: SnapshotSource, @unchecked Sendable {
  let bytes: UnsafeRawBufferPointer

  var count: Int { bytes.count }

  func withBytes<Value>(
    in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws(BinaryDecodingError) -> Value
  ) throws(BinaryDecodingError) -> Value {
    guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw .truncated(field: "snapshot") }
    return try body(UnsafeRawBufferPointer(rebasing: bytes[range]))
  }
}

/// Many records written in chunks of about `chunkBytes`, each behind its length, after their
/// count: a reader then holds one chunk's bytes at a time rather than the part's.
private struct ChunkedWriter {
  private let chunkBytes: Int
  private var part: BinaryWriter
  private var chunk: BinaryWriter

  init(count: Int, capacity: Int, chunkBytes: Int) {
    self.chunkBytes = chunkBytes
    part = BinaryWriter(capacity: capacity + 16)
    part.write(UInt64(count))
    chunk = BinaryWriter(capacity: min(capacity, chunkBytes) + 4096)
  }

  mutating func add(_ encode: (inout BinaryWriter) -> Void) {
    encode(&chunk)
    if chunk.bytes.count >= chunkBytes { flush() }
  }

  consuming func finished() -> BinaryWriter {
    flush()
    return part
  }

  private mutating func flush() {
    guard !chunk.bytes.isEmpty else { return }
    part.write(section: chunk)
    chunk.removeAll()
  }
}

extension Ticket {
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(title)
    w.write(UInt64(demandClass.rawValue))
    w.write(UInt64(urgency.rawValue))
    w.write(UInt64(source.rawValue))
    w.write(place.rawValue)
    w.write(optional: household?.rawValue)
    w.write(requestedAt.rawValue)
    w.write(dueAt.rawValue)
    w.write(UInt64(status.rawValue))
    w.write(optional: assignee?.rawValue)
    w.write(optional: rating)
    w.write(isEscalated)
    w.write(optional: resolvedAt)
    w.write(UInt64(timeline.count))
    for step in timeline {
      w.write(UInt64(step.status.rawValue))
      w.write(step.time.rawValue)
      w.write(step.actor)
      w.write(step.note)
    }
    w.write(optional: terms)
    w.write(optional: signFrom)
    w.write(resolveFrom.rawValue)
    w.write(UInt64(extensions.count))
    for granted in extensions {
      granted.by.encode(into: &w)
      w.write(granted.reason)
      w.write(granted.approver)
      w.write(granted.time.rawValue)
      w.write(granted.actor)
    }
    w.write(signSteps)
    w.write(resolveSteps)
    w.write(escalations)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init(
      id: TicketID(try r.readInt("ticket.id")), title: try r.readString("ticket.title"),
      demandClass: try r.readEnum("ticket.demandClass", as: DemandClass.self),
      urgency: try r.readEnum("ticket.urgency", as: Urgency.self),
      source: try r.readEnum("ticket.source", as: TicketSource.self),
      place: PlaceID(try r.readInt("ticket.place")),
      household: try r.readOptionalInt("ticket.household").map { HouseholdID($0) },
      requestedAt: Timestamp(milliseconds: try r.readInt64("ticket.requestedAt")),
      dueAt: Timestamp(milliseconds: try r.readInt64("ticket.dueAt")))
    status = try r.readEnum("ticket.status", as: TicketStatus.self)
    assignee = try r.readOptionalInt("ticket.assignee").map { PersonID($0) }
    rating = try r.readOptionalInt("ticket.rating")
    isEscalated = try r.readBool("ticket.isEscalated")
    resolvedAt = try r.readOptionalTime("ticket.resolvedAt")
    let steps = try r.readCount("ticket.timeline")
    // Exactly as many as there are: appended one by one, the capacity doubles past the count.
    timeline.reserveCapacity(steps)
    for _ in 0..<steps {
      timeline.append(
        TicketStep(
          status: try r.readEnum("step.status", as: TicketStatus.self),
          time: Timestamp(milliseconds: try r.readInt64("step.time")), actor: try r.readString("step.actor"),
          note: try r.readString("step.note")))
    }
    terms = try SlaTerms.readOptional(&r, "ticket.terms")
    signFrom = try r.readOptionalTime("ticket.signFrom")
    resolveFrom = Timestamp(milliseconds: try r.readInt64("ticket.resolveFrom"))
    for _ in 0..<(try r.readCount("ticket.extensions")) {
      let limit = try WorkingTimeLimit(from: &r, "extension.by")
      let reason = try r.readString("extension.reason")
      let approver = try r.readString("extension.approver")
      let time = Timestamp(milliseconds: try r.readInt64("extension.time"))
      extensions.append(
        TicketExtension(
          by: limit, reason: reason, approver: approver, time: time,
          actor: try r.readString("extension.actor")))
    }
    signSteps = try r.readInt("ticket.signSteps")
    resolveSteps = try r.readInt("ticket.resolveSteps")
    escalations = try r.readEscalations("ticket.escalations")
  }
}

extension BinaryWriter {
  mutating func write(_ escalations: [EscalationRecord]) {
    write(UInt64(escalations.count))
    for record in escalations {
      write(UInt64(record.clock.rawValue))
      write(record.step)
      write(record.level)
      write(record.englishLevel)
      write(record.deadline.rawValue)
      write(record.time.rawValue)
      write(record.actor)
    }
  }
}

extension BinaryReader {
  mutating func readEscalations(_ field: String) throws(BinaryDecodingError) -> [EscalationRecord] {
    let count = try readCount(field)
    // Exactly as many as there are: appended one by one, the capacity doubles past the count.
    var records: [EscalationRecord] = []
    records.reserveCapacity(count)
    for _ in 0..<count {
      records.append(
        EscalationRecord(
          clock: try readEnum("escalation.clock", as: DutyClockKind.self),
          step: try readInt("escalation.step"),
          level: try readString("escalation.level"), englishLevel: try readString("escalation.englishLevel"),
          deadline: Timestamp(milliseconds: try readInt64("escalation.deadline")),
          time: Timestamp(milliseconds: try readInt64("escalation.time")),
          actor: try readString("escalation.actor")))
    }
    return records
  }
}

extension DutyLedger {
  /// The roster in shift order, the handovers, and the 换班 in order.
  func encode(into w: inout BinaryWriter) {
    w.write(UInt64(roster.count))
    for shift in roster.keys.sorted() { roster[shift]!.encode(into: &w) }
    w.write(UInt64(handovers.count))
    for shift in handovers.keys.sorted() {
      let handover = handovers[shift]!
      w.write(shift.ordinal)
      w.write(UInt64(handover.notes.count))
      for note in handover.notes {
        w.write(note.text)
        w.write(note.time.rawValue)
        w.write(note.actor)
      }
      w.write(handover.signedBy ?? "")
      w.write(optional: handover.signedAt)
    }
    w.write(UInt64(changes.count))
    for change in changes {
      change.shift.encode(into: &w)
      w.write(change.before != nil)
      change.before?.encode(into: &w)
      w.write(change.reason)
      w.write(change.time.rawValue)
      w.write(change.actor)
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init()
    for _ in 0..<(try r.readCount("roster")) {
      let shift = try RosterShift(from: &r)
      roster[shift.shift] = shift
    }
    for _ in 0..<(try r.readCount("handovers")) {
      let shift = try ShiftID(from: &r)
      var handover = Handover()
      for _ in 0..<(try r.readCount("handover.notes")) {
        let text = try r.readString("note.text")
        let time = Timestamp(milliseconds: try r.readInt64("note.time"))
        handover.notes.append(HandoverNote(text: text, time: time, actor: try r.readString("note.actor")))
      }
      let by = try r.readString("handover.signedBy")
      handover.signedAt = try r.readOptionalTime("handover.signedAt")
      handover.signedBy = handover.signedAt == nil ? nil : by
      handovers[shift] = handover
    }
    for _ in 0..<(try r.readCount("roster.changes")) {
      let shift = try RosterShift(from: &r)
      let before = try r.readBool("change.before") ? try RosterShift(from: &r) : nil
      let reason = try r.readString("change.reason")
      let time = Timestamp(milliseconds: try r.readInt64("change.time"))
      changes.append(
        RosterChange(
          shift: shift, before: before, reason: reason, time: time, actor: try r.readString("change.actor")))
    }
  }
}

extension Alert {
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    kind.encode(into: &w)
    w.write(place.rawValue)
    w.write(optional: household?.rawValue)
    w.write(text)
    w.write(raisedAt.rawValue)
    w.write(optional: clearedAt)
    w.write(optional: acknowledgedAt)
    w.write(acknowledgedBy ?? "")
    w.write(optional: ticket?.rawValue)
    w.write(UInt64(history.count))
    for step in history {
      w.write(UInt64(step.kind.rawValue))
      w.write(step.time.rawValue)
      w.write(step.actor)
      w.write(step.note)
    }
    w.write(optional: terms)
    w.write(acknowledgeSteps)
    w.write(escalations)
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init(
      id: AlertID(try r.readInt("alert.id")), kind: try AlertKind(from: &r, "alert.kind"),
      place: PlaceID(try r.readInt("alert.place")),
      household: try r.readOptionalInt("alert.household").map { HouseholdID($0) },
      text: try r.readString("alert.text"),
      raisedAt: Timestamp(milliseconds: try r.readInt64("alert.raisedAt")))
    clearedAt = try r.readOptionalTime("alert.clearedAt")
    acknowledgedAt = try r.readOptionalTime("alert.acknowledgedAt")
    // An acknowledged alert always has who acknowledged it; the empty name stands for none.
    let by = try r.readString("alert.acknowledgedBy")
    acknowledgedBy = acknowledgedAt == nil ? nil : by
    ticket = try r.readOptionalInt("alert.ticket").map { TicketID($0) }
    let steps = try r.readCount("alert.history")
    for _ in 0..<steps {
      history.append(
        AlertStep(
          kind: try r.readEnum("alertStep.kind", as: AlertStepKind.self),
          time: Timestamp(milliseconds: try r.readInt64("alertStep.time")),
          actor: try r.readString("alertStep.actor"), note: try r.readString("alertStep.note")))
    }
    terms = try SlaTerms.readOptional(&r, "alert.terms")
    acknowledgeSteps = try r.readInt("alert.acknowledgeSteps")
    escalations = try r.readEscalations("alert.escalations")
  }
}

extension OutcomeTally {
  func encode(into w: inout BinaryWriter) {
    for count in [households, reached, notHome, refused, unreachable] { w.write(count) }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    self.init()
    households = try r.readInt("tally.households")
    reached = try r.readInt("tally.reached")
    notHome = try r.readInt("tally.notHome")
    refused = try r.readInt("tally.refused")
    unreachable = try r.readInt("tally.unreachable")
  }
}

extension Mobilization {
  /// Everything the fold keeps but the indexes (squads by stairwell, squad counts, reporters by
  /// name), which are rebuilt on reading. Outcomes and the curve are written as steps from the one
  /// before: most take two or three bytes.
  func encode(into w: inout BinaryWriter) {
    w.write(id.rawValue)
    w.write(title)
    task.encode(into: &w)
    w.write(scope.rawValue)
    w.write(isDrill)
    w.write(drillSpeed)
    w.write(issuedAt.rawValue)
    w.write(issuedBy)
    w.write(deadline.rawValue)
    w.write(UInt64(timeline.count))
    for step in timeline {
      w.write(UInt64(step.kind.rawValue))
      w.write(step.time.rawValue)
      w.write(step.actor)
      w.write(step.deadline.rawValue)
      w.write(step.note)
    }
    w.write(UInt64(squads.count))
    for squad in squads {
      w.write(squad.stairwell.rawValue)
      w.write(UInt64(squad.members.count))
      for member in squad.members {
        w.write(member.person.rawValue)
        w.write(optional: member.attachedAt)
        w.write(member.attachedBy ?? "")
      }
      w.write(UInt64(squad.status.rawValue))
      w.write(UInt64(squad.history.count))
      for step in squad.history {
        w.write(UInt64(step.status.rawValue))
        w.write(step.time.rawValue)
        w.write(step.actor)
        w.write(step.note)
      }
      squad.tally.encode(into: &w)
      w.write(optional: squad.firstReportAt)
      w.write(optional: squad.finishedAt)
    }
    tally.encode(into: &w)
    w.write(optional: firstReportAt)
    w.write(optional: lastReportAt)
    w.write(optional: finishedAt)
    w.write(UInt64(curve.buckets.count))
    var previous: Int64 = 0
    for index in curve.buckets.indices {
      w.write(curve.buckets[index] - previous)
      previous = curve.buckets[index]
      w.write(Int(curve.reachedDeltas[index]))
      w.write(Int(curve.settledDeltas[index]))
    }
    w.write(reporters)
    w.write(UInt64(outcomes.count))
    var previousHousehold = 0
    for (household, packed) in zip(outcomes.keys, outcomes.values) {
      w.write(household.rawValue - previousHousehold)
      previousHousehold = household.rawValue
      w.write(UInt64(packed.bits))
      w.write(packed.time.rawValue - issuedAt.rawValue)
    }
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    let id = MobilizationID(try r.readInt("order.id"))
    let title = try r.readString("order.title")
    let task = try MobilizationTask(from: &r)
    let scope = PlaceID(try r.readInt("order.scope"))
    let isDrill = try r.readBool("order.isDrill")
    let drillSpeed = try r.readInt("order.drillSpeed")
    let issuedAt = Timestamp(milliseconds: try r.readInt64("order.issuedAt"))
    let issuedBy = try r.readString("order.issuedBy")
    let deadline = Timestamp(milliseconds: try r.readInt64("order.deadline"))
    var timeline: [MobilizationStep] = []
    for _ in 0..<(try r.readCount("order.timeline")) {
      timeline.append(
        MobilizationStep(
          kind: try r.readEnum("orderStep.kind", as: MobilizationStepKind.self),
          time: Timestamp(milliseconds: try r.readInt64("orderStep.time")),
          actor: try r.readString("orderStep.actor"),
          deadline: Timestamp(milliseconds: try r.readInt64("orderStep.deadline")),
          note: try r.readString("orderStep.note")))
    }
    var squads: [Squad] = []
    let squadCount = try r.readCount("order.squads")
    squads.reserveCapacity(squadCount)
    for _ in 0..<squadCount {
      let stairwell = PlaceID(try r.readInt("squad.stairwell"))
      var members: [SquadMember] = []
      for _ in 0..<(try r.readCount("squad.members")) {
        let person = PersonID(try r.readInt("member.person"))
        let attachedAt = try r.readOptionalTime("member.attachedAt")
        let attachedBy = try r.readString("member.attachedBy")
        members.append(
          SquadMember(person: person, attachedAt: attachedAt, attachedBy: attachedAt.map { _ in attachedBy }))
      }
      var squad = Squad(stairwell: stairwell, members: members)
      squad.status = try r.readEnum("squad.status", as: SquadStatus.self)
      for _ in 0..<(try r.readCount("squad.history")) {
        squad.history.append(
          SquadStep(
            status: try r.readEnum("squadStep.status", as: SquadStatus.self),
            time: Timestamp(milliseconds: try r.readInt64("squadStep.time")),
            actor: try r.readString("squadStep.actor"), note: try r.readString("squadStep.note")))
      }
      squad.tally = try OutcomeTally(from: &r)
      squad.firstReportAt = try r.readOptionalTime("squad.firstReportAt")
      squad.finishedAt = try r.readOptionalTime("squad.finishedAt")
      squads.append(squad)
    }
    self.init(
      id: id, title: title, task: task, scope: scope, isDrill: isDrill, drillSpeed: drillSpeed,
      issuedAt: issuedAt,
      issuedBy: issuedBy,
      deadline: deadline, timeline: timeline, squads: squads)
    tally = try OutcomeTally(from: &r)
    firstReportAt = try r.readOptionalTime("order.firstReportAt")
    lastReportAt = try r.readOptionalTime("order.lastReportAt")
    finishedAt = try r.readOptionalTime("order.finishedAt")
    let buckets = try r.readCount("order.curve")
    curve.buckets.reserveCapacity(buckets)
    var bucket: Int64 = 0
    for _ in 0..<buckets {
      bucket &+= try r.readInt64("curve.bucket")
      curve.buckets.append(bucket)
      curve.reachedDeltas.append(Int32(truncatingIfNeeded: try r.readInt("curve.reached")))
      curve.settledDeltas.append(Int32(truncatingIfNeeded: try r.readInt("curve.settled")))
    }
    reporters = try r.readStrings("order.reporters")
    for (number, name) in reporters.enumerated() { reporterIndex[name] = UInt32(number) }
    let reported = try r.readCount("order.outcomes")
    outcomes.reserveCapacity(reported)
    var household = 0
    for _ in 0..<reported {
      household &+= try r.readInt("outcome.household")
      let bits = try r.readUInt64("outcome.bits")
      let time = Timestamp(milliseconds: issuedAt.rawValue &+ (try r.readInt64("outcome.time")))
      guard bits >> 2 < UInt64(reporters.count), let outcome = HouseholdOutcome(rawValue: UInt8(bits & 3))
      else {
        throw .invalid(field: "outcome.bits", value: Int64(truncatingIfNeeded: bits))
      }
      outcomes[HouseholdID(household)] = PackedOutcome(
        outcome: outcome, reporter: UInt32(bits >> 2), time: time)
    }
  }
}
