/// The stream an event belongs to, as a value: the name (`ticket-1043`) is what the store keeps,
/// the key is what the fold counts by without building a string for every event.
public enum StreamKey: Hashable, Sendable, CustomStringConvertible {
  case catalogue
  case place(PlaceID)
  case household(HouseholdID)
  case person(PersonID)
  case ticket(TicketID)
  case alert(AlertID)
  case mobilization(MobilizationID)
  /// The duty desk's roster and handovers: one stream, so that two operators changing one shift
  /// cannot both win.
  case duty
  /// The 揭榜 board, units and items: one stream, so that two units cannot both claim one item
  /// and a rating cannot land on an item another operator has just changed.
  case openCalls
  /// The sensor intake's mapping and silences.
  case sensors

  public var description: String {
    switch self {
    case .catalogue: "catalogue"
    case .place(let id): id.stream
    case .household(let id): id.stream
    case .person(let id): id.stream
    case .ticket(let id): id.stream
    case .alert(let id): id.stream
    case .mobilization(let id): id.stream
    case .duty: "duty"
    case .openCalls: "opencalls"
    case .sensors: "sensors"
    }
  }
}

/// How many events each stream holds in the state folded so far: the version a writer expects
/// when it appends a decision taken on this state (optimistic concurrency, DESIGN.md §6). Kept by
/// the fold rather than read from the store, so a writer can never validate against one state and
/// claim another's version.
///
/// Counted for every event, even one the fold ignores (an older build's duplicate), so that the
/// count always equals the store's own version of the stream.
public struct StreamVersions: Sendable, Equatable {
  var catalogue: UInt32 = 0
  var duty: UInt32 = 0
  var openCalls: UInt32 = 0
  var sensors: UInt32 = 0
  var places = EntityTable<PlaceEntity, UInt32>()
  var households = EntityTable<HouseholdEntity, UInt32>()
  var people = EntityTable<PersonEntity, UInt32>()
  var tickets = EntityTable<TicketEntity, UInt32>()
  var alerts = EntityTable<AlertEntity, UInt32>()
  var mobilizations = EntityTable<MobilizationEntity, UInt32>()

  public init() {}

  /// 0 for a stream with no events: what a writer creating that entity expects.
  public subscript(key: StreamKey) -> Int {
    switch key {
    case .catalogue: Int(catalogue)
    case .place(let id): Int(places[id] ?? 0)
    case .household(let id): Int(households[id] ?? 0)
    case .person(let id): Int(people[id] ?? 0)
    case .ticket(let id): Int(tickets[id] ?? 0)
    case .alert(let id): Int(alerts[id] ?? 0)
    case .mobilization(let id): Int(mobilizations[id] ?? 0)
    case .duty: Int(duty)
    case .openCalls: Int(openCalls)
    case .sensors: Int(sensors)
    }
  }

  mutating func count(_ key: StreamKey) {
    switch key {
    case .catalogue: catalogue += 1
    case .place(let id): places[id] = (places[id] ?? 0) + 1
    case .household(let id): households[id] = (households[id] ?? 0) + 1
    case .person(let id): people[id] = (people[id] ?? 0) + 1
    case .ticket(let id): tickets[id] = (tickets[id] ?? 0) + 1
    case .alert(let id): alerts[id] = (alerts[id] ?? 0) + 1
    case .mobilization(let id): mobilizations[id] = (mobilizations[id] ?? 0) + 1
    case .duty: duty += 1
    case .openCalls: openCalls += 1
    case .sensors: sensors += 1
    }
  }

  func encode(into w: inout BinaryWriter) {
    w.write(UInt64(catalogue))
    Self.encode(places, into: &w)
    Self.encode(households, into: &w)
    Self.encode(people, into: &w)
    Self.encode(tickets, into: &w)
    Self.encode(alerts, into: &w)
    Self.encode(mobilizations, into: &w)
    w.write(UInt64(duty))
    w.write(UInt64(openCalls))
    w.write(UInt64(sensors))
  }

  init(from r: inout BinaryReader) throws(BinaryDecodingError) {
    catalogue = UInt32(truncatingIfNeeded: try r.readUInt64("versions.catalogue"))
    places = try Self.table(&r, "versions.places")
    households = try Self.table(&r, "versions.households")
    people = try Self.table(&r, "versions.people")
    tickets = try Self.table(&r, "versions.tickets")
    alerts = try Self.table(&r, "versions.alerts")
    mobilizations = try Self.table(&r, "versions.mobilizations")
    duty = UInt32(truncatingIfNeeded: try r.readUInt64("versions.duty"))
    openCalls = UInt32(truncatingIfNeeded: try r.readUInt64("versions.openCalls"))
    sensors = UInt32(truncatingIfNeeded: try r.readUInt64("versions.sensors"))
  }

  private static func encode<Entity>(_ table: EntityTable<Entity, UInt32>, into w: inout BinaryWriter) {
    w.write(UInt64(table.count))
    for (id, version) in zip(table.keys, table.values) {
      w.write(id.rawValue)
      w.write(UInt64(version))
    }
  }

  private static func table<Entity>(_ r: inout BinaryReader, _ field: String) throws(BinaryDecodingError)
    -> EntityTable<Entity, UInt32>
  {
    var table = EntityTable<Entity, UInt32>()
    let count = try r.readCount(field)
    table.reserveCapacity(count)
    for _ in 0..<count {
      let id = Identifier<Entity>(try r.readInt(field))
      table[id] = UInt32(truncatingIfNeeded: try r.readUInt64(field))
    }
    return table
  }
}
