import Foundation
import WeigeCore
import WeigeStore

/// What an intake run did, for its summary line and `--json`.
public struct IntakeReport: Sendable, Equatable, Encodable {
  public var lines = 0
  public var cameraReports = 0
  public var readings = 0
  public var skipped = 0
  /// Alerts raised (camera alerts, water alarms, device faults) and cleared.
  public var raised = 0
  public var cleared = 0
  /// Camera reports grouped into an alert already open.
  public var grouped = 0
  public var events = 0

  public init() {}
}

/// Why an intake stopped: a decision the ledger refused, or other writers that kept moving on.
public struct IntakeError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

/// The intake: JSON lines in, Core's decisions out. Camera reports are decided one at a time
/// (each may group into the alert the one before raised); meter readings are gathered into
/// batches, stored in the readings table and judged once per meter per batch by its newest
/// reading, so that a batch of readings costs one transaction. A batch spanning a meter's whole
/// alarm and recovery (a replayed file) judges only its end: live feeds send each meter's
/// readings hours apart, in different batches.
public final class SensorIntake {
  public static let batchSize = 4_096

  let store: any EventStore
  public private(set) var ledger: Ledger
  let policy: SlaPolicy
  let actor: String
  /// Told of each skipped line as it happens; the stream goes on.
  var onProblem: (IntakeProblem) -> Void
  public private(set) var report = IntakeReport()
  /// The newest reading of any meter: the clock a quiet meter is measured against.
  public private(set) var clock: Timestamp?
  private var pending: [MeterReading] = []
  private var reportedUnknown = Set<String>()
  private var decoder = IntakeDecoder()

  public init(
    store: any EventStore, policy: SlaPolicy, actor: String, onProblem: @escaping (IntakeProblem) -> Void
  ) throws {
    self.store = store
    self.policy = policy
    self.actor = actor
    self.onProblem = onProblem
    ledger = try store.openLedger()
  }

  /// Reads one line; a blank line is passed over, a bad one reported and skipped.
  public func take(_ line: Data, number: Int) throws {
    guard line.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
    report.lines += 1
    do {
      let (fields, time) = try decoder.decode(line, line: number)
      switch try item(fields, time: time, line: number) {
      case .camera(let camera): try decide(camera)
      case .reading(let reading):
        pending.append(reading)
        report.readings += 1
        if pending.count >= Self.batchSize { try flush() }
      case nil: report.skipped += 1
      }
    } catch let problem as IntakeProblem {
      report.skipped += 1
      onProblem(problem)
    }
  }

  /// Reads every line of `data` (a file, a request body), numbering from `firstLine`; returns the
  /// number the line after them takes.
  @discardableResult
  public func take(lines data: Data, firstLine: Int = 1) throws -> Int {
    // The line ends found with memchr over the bytes: `Data.firstIndex(of:)` went byte by byte
    // through Data's generic subscript, a tenth of the intake's time in its benchmark's profile.
    let ends = data.withUnsafeBytes { bytes in
      var ends: [Int] = []
      guard let base = bytes.baseAddress else { return ends }
      var offset = 0
      while offset < bytes.count, let found = memchr(base + offset, 0x0A, bytes.count - offset) {
        ends.append(base.distance(to: UnsafeRawPointer(found)))
        offset = ends[ends.count - 1] + 1
      }
      return ends
    }
    var number = firstLine
    var start = data.startIndex
    for end in ends.map({ data.startIndex + $0 }) + [data.endIndex] where start < data.endIndex {
      try take(data[start..<end], number: number)
      number += 1
      start = end + 1
    }
    return number
  }

  /// Checks a decoded line against the catalogue and the mapping. Nil for a line of an unknown
  /// device, which is reported once per device, not once per line.
  private func item(_ line: IntakeLine, time: Timestamp, line number: Int) throws(IntakeProblem)
    -> IntakeItem?
  {
    if let meter = line.meter {
      guard line.device == nil else {
        throw IntakeProblem(line: number, "a line is a camera's report or a meter's reading, not both")
      }
      guard let m3 = line.m3 else { throw IntakeProblem(line: number, "missing field \"m3\"") }
      guard let volume = WaterVolume(cubicMetres: m3) else {
        throw IntakeProblem(line: number, "field \"m3\" is not a meter's register: \(m3)")
      }
      guard ledger.sensors.devices[meter]?.source == .meter else {
        unknown(meter, what: "meter", line: number)
        return nil
      }
      return .reading(MeterReading(meter: meter, time: time, volume: volume))
    }
    guard let device = line.device else {
      throw IntakeProblem(line: number, "a line names a \"device\" (a camera) or a \"meter\"")
    }
    guard let name = line.kind else { throw IntakeProblem(line: number, "missing field \"kind\"") }
    guard let kind = ledger.sensors.catalogue.kind(named: name), kind.source == .camera else {
      let known = ledger.sensors.catalogue.kinds.filter { $0.source == .camera }.map(\.code)
      throw IntakeProblem(line: number, "unknown kind \"\(name)\" (known: \(known.joined(separator: ", ")))")
    }
    let place: PlaceID
    if let text = line.place {
      guard let id = PlaceID(typed: text), ledger.places[id] != nil else {
        throw IntakeProblem(line: number, "there is no place \(text)")
      }
      place = id
    } else if let mapped = ledger.sensors.devices[device] {
      place = mapped.place
    } else {
      unknown(device, what: "device", line: number)
      return nil
    }
    return .camera(
      CameraReport(device: device, kind: kind, place: place, time: time, snapshot: line.snapshot ?? ""))
  }

  private func unknown(_ id: String, what: String, line: Int) {
    guard reportedUnknown.insert(id).inserted else { return }
    onProblem(
      IntakeProblem(
        line: line,
        "unknown \(what) \(id): not in the device mapping (`weige intake devices`); its lines are skipped, reported once"
      ))
  }

  private func decide(_ camera: CameraReport) throws {
    report.cameraReports += 1
    let bodies = try append(at: camera.time) { $0.events(for: camera, policy: policy) }
    if bodies.count == 1 { report.grouped += 1 }
  }

  /// Stores the gathered readings and appends what the 12-hour rule and the fault rule decide.
  ///
  /// A store answers for each meter's newest reading, so a batch holding several readings of one
  /// meter (a replayed file, a platform pushing a day at once) is judged in rounds, in time order,
  /// each holding a meter at most once: a low spell and its recovery in one batch raise the alarm
  /// and clear it, as they would have live. A live feed's batch is one round.
  public func flush() throws {
    guard !pending.isEmpty else { return }
    // In time order; readings of one moment keep their arrival order, so the later still wins.
    let ordered = pending.indices.sorted { (pending[$0].time, $0) < (pending[$1].time, $1) }
    var round: [MeterReading] = []
    var inRound = Set<String>()
    for index in ordered {
      let reading = pending[index]
      if !inRound.insert(reading.meter).inserted {
        try judge(round)
        round.removeAll(keepingCapacity: true)
        inRound = [reading.meter]
      }
      round.append(reading)
    }
    pending.removeAll(keepingCapacity: true)
    try judge(round)
  }

  /// Stores `round` (each meter at most once) and appends what the rules decide on it.
  private func judge(_ round: [MeterReading]) throws {
    let windows = try store.record(round)
    for window in windows where clock.map({ window.latest.time > $0 }) ?? true { clock = window.latest.time }
    guard let clock else { return }
    for window in windows {
      guard let meter = ledger.sensors.devices[window.latest.meter] else { continue }
      try append(at: window.latest.time) {
        $0.meterEvents(
          for: meter, latest: window.latest, verdict: window.verdict, clock: clock, policy: policy)
      }
    }
  }

  /// Raises a device fault for each mapped meter quiet for `WaterRule.silentAfterMilliseconds`
  /// behind the clock, and prunes readings the rule no longer needs.
  public func sweep() throws {
    try flush()
    guard let clock else { return }
    let quiet = Timestamp(milliseconds: clock.rawValue - WaterRule.silentAfterMilliseconds)
    for last in try store.meters(lastReportedAtOrBefore: quiet) {
      guard let meter = ledger.sensors.devices[last.meter] else { continue }
      try append(at: clock) {
        $0.meterEvents(for: meter, latest: last, verdict: .tooEarly, clock: clock, policy: policy)
      }
    }
    try store.pruneReadings(before: Timestamp(milliseconds: clock.rawValue - retainedMilliseconds))
  }

  /// Decides on the current state, validates and appends; when another writer (an operator
  /// acknowledging the alert) moved a stream on first, catches up and decides again.
  @discardableResult
  private func append(at time: Timestamp, _ decide: (Ledger) -> [EventBody]) throws -> [EventBody] {
    for _ in 0..<10 {
      let bodies = decide(ledger)
      guard !bodies.isEmpty else { return [] }
      let events = bodies.map { NewEvent(time: time, actor: actor, body: $0) }
      // Each checked on the state the ones before it leave: a raise's first report names the
      // alert the raise creates.
      var trial = ledger
      for event in events {
        do {
          try trial.execute(event.body, at: event.time, actor: event.actor)
        } catch {
          throw IntakeError("intake: \(error.english)")
        }
      }
      do {
        let recorded = try store.append(events, decidedOn: ledger)
        for event in recorded { ledger.apply(event) }
        count(bodies, appended: recorded.count)
        return bodies
      } catch StoreError.versionConflict {
        try store.replay(into: &ledger)
      }
    }
    throw IntakeError("intake: other writers kept moving the alerts on; try again")
  }

  private func count(_ bodies: [EventBody], appended: Int) {
    report.events += appended
    for body in bodies {
      switch body {
      case .alertRaised: report.raised += 1
      case .alertCleared: report.cleared += 1
      default: break
      }
    }
  }
}
