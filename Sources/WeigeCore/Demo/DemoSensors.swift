/// The demo's 感知设备 (issue 16 §1, seed 002 智慧春江): an AI camera or two at every building and
/// a water meter in every household of an elderly person living alone, registered as a device
/// mapping is; then the cameras' reports and the meters' hourly readings over the history, each
/// decided by the rules the intake uses (`Ledger.events(for:policy:)` groups a camera's repeats,
/// `WaterRule` and `Ledger.meterEvents` raise and clear the water alarm and the device fault) on
/// the state folded so far. Nothing here decides an alarm: the readings do, through the rule.
///
/// The readings themselves are not events (SensorWatch.swift says why): they are handed to the
/// builder's `meterReadings` as each batch is made, which a demo written to a store's readings
/// table (`writeDemo`) keeps, so that a `weige intake` after it judges against them.
///
/// The operator on duty acknowledges most alerts within their limit, some late and a few not at
/// all, so that a demo opens with a handful past their limit, not a day's worth.
///
/// It draws from generators of its own, as `DemoRecognition` does.
struct DemoSensors {
  /// A building's second camera, covering its bike shed and bin room: four buildings in ten.
  static let secondCameraShare = 0.4
  /// Incidents a camera reports a day, and the share of them it reports more than once within its
  /// kind's group window (a lane blocked for an hour is seen again and again). Weige's assumption:
  /// the field report gives no rate.
  static let incidentsPerCameraDay = 0.12
  static let repeatShare = 0.35
  /// The meters send their hourly readings in batches (NB-IoT meters wake a few times a day).
  static let batchHours: Int64 = 4
  /// Meters that go quiet over a 30-day history: one in 150, and at least two (the newest still
  /// quiet at `now`); one in 400 stops reporting, and at least one (still stopped at `now`).
  static let quietPerMeterMonth = 1.0 / 150
  static let stoppedPerMeterMonth = 1.0 / 400
  static let actor = "感知设备"
  static let mappingSource = "设备对照表（演示）"
  static let silenceReason = "物业已知：楼道改造材料临时堆放，明日清运"
  /// Of the alerts raised, the share acknowledged within the limit (at 10 % to 90 % of it) and
  /// the share acknowledged late (at 1.1 to 3 times it); the rest are never acknowledged, only
  /// cleared. Weige's assumption: the field reports give no rate.
  static let acknowledgedInTime = 0.86
  static let acknowledgedLate = 0.10

  /// A camera report planned at a moment, an operator clearing what a camera raised, or setting a silence.
  private enum Input {
    case report(CameraReport)
    case clear(SensorGroup)
    case silence(AlertSilence)
  }

  /// One meter's hourly readings: its register and the reading the 12-hour rule needs as baseline.
  private struct Meter {
    var device: SensorDevice
    /// The minute past each hour it reads at.
    var minute: Int64
    var volume: WaterVolume
    /// Its readings from the newest one at least 12 hours old to the newest.
    var readings: [MeterReading] = []
    /// When it is quiet (a dripping tap at most) and when it stops reporting, if ever.
    var quiet: [Range<Int64>] = []
    var stopped: Range<Int64>?
  }

  private var random: DemoRandom
  private let history: DemoHistory
  private let devices: [SensorDevice]
  private var meters: [Meter]
  private var inputs: [(time: Timestamp, input: Input)] = []
  private var nextInput = 0
  /// Acknowledgements planned as alerts are raised, latest first (the next one is the last).
  private var acknowledgements: [(time: Timestamp, alert: AlertID)] = []
  private var acknowledging: DemoRandom
  /// The next batch of readings, and the hour the readings run from.
  private var nextBatch: Int64
  private var readUpTo: Int64

  init(district: DemoDistrict, history: DemoHistory, builder: DemoBuilder) {
    self.history = history
    var draw = DemoRandom(seed: district.seed ^ 0x5345_4E53_4F52)
    acknowledging = DemoRandom(seed: district.seed ^ 0x4143_4B4E_4F57)
    // Each building's stairwells, in the order they were built. A camera is mapped to the
    // entrance it watches (as a mapping names `1幢/1单元`), so its alerts colour that tile.
    var buildings: [[PlaceID]] = []
    var buildingOf: [PlaceID: Int] = [:]
    for stairwell in builder.stairwells {
      guard let building = builder.ledger.places[stairwell.id]?.parent else { continue }
      if let index = buildingOf[building] {
        buildings[index].append(stairwell.id)
      } else {
        buildingOf[building] = buildings.count
        buildings.append([stairwell.id])
      }
    }
    var cameras: [(device: SensorDevice, kinds: [AlertKind])] = []
    for entrances in buildings {
      // The second watches the bike shed and the bin room, by the building's last entrance.
      let views: [(PlaceID, [AlertKind])] =
        draw.chance(Self.secondCameraShare)
        ? [
          (entrances[0], [.thrownObject, .blockedFireLane]),
          (entrances[entrances.count - 1], [.bikeShedFire, .rubbishDropped]),
        ]
        : [(entrances[0], [.thrownObject, .blockedFireLane, .rubbishDropped, .bikeShedFire])]
      for (place, kinds) in views {
        let id = "CAM-" + Self.padded(cameras.count + 1, to: 5)
        cameras.append((SensorDevice(id: id, source: .camera, place: place), kinds))
      }
    }
    meters = builder.households.indices.compactMap { index in
      let plan = builder.households[index]
      guard plan.flags.contains(.elderlyLivingAlone) else { return nil }
      let household = HouseholdID(index + 1)
      return Meter(
        device: SensorDevice(
          id: "WM-" + Self.padded(index + 1, to: 7), source: .meter, place: plan.stairwell,
          household: household),
        minute: Int64.random(in: 0..<60, using: &draw),
        volume: WaterVolume(rawValue: Int64.random(in: 100_000...3_000_000, using: &draw)))
    }
    devices = cameras.map(\.device) + meters.map(\.device)
    // Readings from 13 hours before the history, so that its first batch is already judged.
    readUpTo = history.start.rawValue - 13 * DemoHistory.hour
    nextBatch = history.start.rawValue
    random = draw
    planMeterTrouble()
    planCameras(cameras, catalogue: builder.ledger.sensors.catalogue)
  }

  private static func padded(_ number: Int, to width: Int) -> String {
    let digits = String(number)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  /// The mapping, registered as `weige intake devices` registers a file: a sheet of a few hundred
  /// devices an event.
  func register(_ builder: inout DemoBuilder, _ emit: ([NewEvent]) throws -> Void) throws {
    var first = 0
    while first < devices.count {
      let sheet = Array(devices[first..<min(first + 500, devices.count)])
      try builder.record(
        .devicesRegistered(sheet, source: Self.mappingSource), at: history.start,
        actor: DemoNames.operators[0],
        emit)
      first += sheet.count
    }
  }

  /// Which meters go quiet and when, and which stop: the newest of each still so at `now`.
  private mutating func planMeterTrouble() {
    guard !meters.isEmpty else { return }
    let now = history.now.rawValue
    let hour = DemoHistory.hour
    let months = Double(history.days) / 30
    let quietCount = max(2, Int((Double(meters.count) * Self.quietPerMeterMonth * months).rounded()))
    let stoppedCount = max(1, Int((Double(meters.count) * Self.stoppedPerMeterMonth * months).rounded()))
    let chosen = random.choose(min(meters.count, quietCount + stoppedCount), of: meters.count).sorted()
    for (order, index) in chosen.enumerated() {
      let isQuiet = order < quietCount
      // The first of each is still quiet or stopped now; the others were earlier and recovered.
      let ongoing = order == 0 || order == quietCount
      let from =
        ongoing
        ? now - Int64.random(in: 18...22, using: &random) * hour
        : Int64.random(
          in: history.start.rawValue..<max(history.start.rawValue + 1, now - 40 * hour), using: &random)
      let length = Int64.random(in: isQuiet ? 17...24 : 11...30, using: &random) * hour
      let span = from..<(ongoing ? Int64.max : from + length)
      if isQuiet { meters[index].quiet.append(span) } else { meters[index].stopped = span }
    }
  }

  /// The cameras' incidents over the history: a first report, perhaps repeats within the kind's
  /// group window, and an operator clearing it once seen to; and one silence on a camera whose
  /// blocked lane the property company already knows about.
  private mutating func planCameras(
    _ cameras: [(device: SensorDevice, kinds: [AlertKind])], catalogue: SensorCatalogue
  ) {
    guard !cameras.isEmpty else { return }
    let minute = DemoHistory.minute
    let now = history.now.rawValue
    let weights: [AlertKind: Double] = [
      .rubbishDropped: 0.35, .blockedFireLane: 0.3, .thrownObject: 0.25, .bikeShedFire: 0.1,
    ]
    var planned: [(time: Timestamp, input: Input)] = []
    func report(_ camera: SensorDevice, _ kind: AlertKind, at time: Int64) {
      guard time < now, let sensorKind = catalogue.kind(for: kind) else { return }
      planned.append(
        (
          Timestamp(milliseconds: time),
          .report(
            CameraReport(
              device: camera.id, kind: sensorKind, place: camera.place, time: Timestamp(milliseconds: time),
              snapshot: "https://snap.example.cn/\(camera.id)/\(time / 1000).jpg"))
        ))
    }
    func clear(_ camera: SensorDevice, _ kind: AlertKind, at time: Int64) {
      guard time < now else { return }
      planned.append(
        (Timestamp(milliseconds: time), .clear(SensorGroup(kind: kind.code, place: camera.place, meter: ""))))
    }
    for dayIndex in 0...history.days {
      let dayStart = history.start.rawValue + Int64(dayIndex) * DemoHistory.day
      let expected =
        Double(cameras.count) * Self.incidentsPerCameraDay * Double.random(in: 0.7...1.3, using: &random)
      let count = Int(expected) + (random.chance(expected - expected.rounded(.down)) ? 1 : 0)
      for _ in 0..<count {
        let (camera, kinds) = random.pick(cameras)
        var roll = Double.random(in: 0..<kinds.reduce(0) { $0 + weights[$1, default: 0] }, using: &random)
        var kind = kinds[0]
        for candidate in kinds {
          kind = candidate
          roll -= weights[candidate, default: 0]
          if roll < 0 { break }
        }
        let window = Int64(catalogue.kind(for: kind)?.groupMinutes ?? 0)
        var time = dayStart + Int64.random(in: 0..<DemoHistory.day, using: &random)
        report(camera, kind, at: time)
        if random.chance(Self.repeatShare) {
          for _ in 0..<Int.random(in: 1...4, using: &random) {
            time += Int64.random(in: 1...max(1, window * 2 / 3), using: &random) * minute
            report(camera, kind, at: time)
          }
        }
        // Most within three hours; one in twenty waits for the morning round (the next day),
        // so that only the last day's are still open at `now`.
        let delay = random.chance(0.95) ? Int64.random(in: 10...180, using: &random) : 24 * 60
        clear(camera, kind, at: time + delay * minute)
      }
    }
    // The silence: a lane reported at mid-morning of the last day, silenced a quarter of an hour
    // later for a day, and reported again while silenced, grouped and not.
    let lane = cameras.filter { $0.kinds.contains(.blockedFireLane) }
    if !lane.isEmpty {
      let camera = random.pick(lane).device
      let first = now - Int64.random(in: 8 * 60...10 * 60, using: &random) * minute
      let silenced = first + 15 * minute
      report(camera, .blockedFireLane, at: first)
      let silence = AlertSilence(
        scope: .device(camera.id), until: Timestamp(milliseconds: silenced + DemoHistory.day),
        reason: Self.silenceReason)
      planned.append((Timestamp(milliseconds: silenced), .silence(silence)))
      for offset: Int64 in [40, 95, 150, 330] {
        report(camera, .blockedFireLane, at: first + offset * minute)
      }
    }
    inputs = planned.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }
      .map(\.element)
  }

  /// Records, on the state folded so far, what the cameras and meters decide before `time`.
  mutating func record(
    before time: Timestamp, _ builder: inout DemoBuilder, _ emit: ([NewEvent]) throws -> Void
  ) throws {
    let end = min(time.rawValue, history.now.rawValue)
    while true {
      let input = nextInput < inputs.count && inputs[nextInput].time.rawValue < end ? inputs[nextInput] : nil
      let batch = nextBatch < end ? nextBatch : nil
      let acknowledgement = acknowledgements.last.flatMap { $0.time.rawValue < end ? $0 : nil }
      let next = [batch, input?.time.rawValue, acknowledgement?.time.rawValue].compactMap { $0 }.min()
      if let batch, batch == next {
        try judgeMeters(at: batch, &builder, emit)
        nextBatch += Self.batchHours * DemoHistory.hour
      } else if let input, input.time.rawValue == next {
        try decide(input.input, at: input.time, &builder, emit)
        nextInput += 1
      } else if let acknowledgement {
        acknowledgements.removeLast()
        try acknowledge(acknowledgement.alert, at: acknowledgement.time, &builder, emit)
      } else {
        return
      }
    }
  }

  /// Records what the rules decided, planning the acknowledgement of each alert raised.
  private mutating func record(
    _ bodies: [EventBody], at time: Timestamp, _ builder: inout DemoBuilder,
    _ emit: ([NewEvent]) throws -> Void
  ) throws {
    for body in bodies {
      try builder.record(body, at: time, actor: Self.actor, emit)
      if case .alertRaised(let raise) = body { planAcknowledgement(of: raise.id, in: builder.ledger) }
    }
  }

  /// When the operator on duty acknowledges a new alert, if ever: most within its limit, some late.
  private mutating func planAcknowledgement(of id: AlertID, in ledger: Ledger) {
    guard let alert = ledger.alerts[id], let clock = Deadline.clock(of: alert, calendar: .shipped) else {
      return
    }
    let roll = Double.random(in: 0..<1, using: &acknowledging)
    guard roll < Self.acknowledgedInTime + Self.acknowledgedLate else { return }
    let share =
      roll < Self.acknowledgedInTime
      ? Double.random(in: 0.1...0.9, using: &acknowledging)
      : Double.random(in: 1.1...3, using: &acknowledging)
    let limit = Double(clock.deadline.rawValue - clock.start.rawValue)
    let time = Timestamp(milliseconds: clock.start.rawValue + max(DemoHistory.minute, Int64(limit * share)))
    let at = acknowledgements.firstIndex { $0.time <= time } ?? acknowledgements.endIndex
    acknowledgements.insert((time, id), at: at)
  }

  /// 确认, unless it was cleared (or turned into a ticket) before the operator got to it.
  private func acknowledge(
    _ id: AlertID, at time: Timestamp, _ builder: inout DemoBuilder, _ emit: ([NewEvent]) throws -> Void
  ) throws {
    guard let alert = builder.ledger.alerts[id], alert.clearedAt == nil, alert.acknowledgedAt == nil,
      alert.ticket == nil
    else { return }
    try builder.record(.alertAcknowledged(id), at: time, actor: DemoHistory.operatorOnDuty(at: time), emit)
  }

  private mutating func decide(
    _ input: Input, at time: Timestamp, _ builder: inout DemoBuilder, _ emit: ([NewEvent]) throws -> Void
  ) throws {
    switch input {
    case .report(let report):
      try record(builder.ledger.events(for: report, policy: .shipped), at: time, &builder, emit)
    case .clear(let group):
      guard let id = builder.ledger.sensors.open[group] else { return }
      try builder.record(
        .alertCleared(id, note: "已现场处置"), at: time, actor: DemoHistory.operatorOnDuty(at: time), emit)
    case .silence(let silence):
      try builder.record(.alertSilenced(silence), at: time, actor: DemoHistory.operatorOnDuty(at: time), emit)
    }
  }

  /// A batch arriving at `time`: every meter's readings since the last, then what the 12-hour rule
  /// and the fault rule say of each meter's newest (as the intake's flush and sweep do), against
  /// the newest reading of any meter.
  private mutating func judgeMeters(
    at time: Int64, _ builder: inout DemoBuilder, _ emit: ([NewEvent]) throws -> Void
  ) throws {
    let hour = DemoHistory.hour
    var clock: Timestamp?
    var batch: [MeterReading] = []
    let keepsReadings = builder.meterReadings != nil
    for index in meters.indices {
      var meter = meters[index]
      var reading = readUpTo - readUpTo % hour + meter.minute * DemoHistory.minute
      if reading < readUpTo { reading += hour }
      while reading < time {
        // A stopped meter's register still turns; only its readings are lost.
        meter.volume.rawValue += use(quiet: meter.quiet, endingAt: reading)
        if !(meter.stopped?.contains(reading) ?? false) {
          let read = MeterReading(
            meter: meter.device.id, time: .init(milliseconds: reading), volume: meter.volume)
          meter.readings.append(read)
          if keepsReadings { batch.append(read) }
        }
        reading += hour
      }
      if let latest = meter.readings.last {
        let baseline = WaterRule.baselineTime(for: latest.time)
        while meter.readings.count > 1 && meter.readings[1].time <= baseline { meter.readings.removeFirst() }
        clock = max(clock ?? latest.time, latest.time)
      }
      meters[index] = meter
    }
    readUpTo = time
    if let keep = builder.meterReadings, !batch.isEmpty { try keep(batch) }
    guard let clock else { return }
    for meter in meters {
      guard let latest = meter.readings.last else { continue }
      let baseline = meter.readings.first.flatMap {
        $0.time <= WaterRule.baselineTime(for: latest.time) ? $0 : nil
      }
      let verdict = WaterRule.verdict(latest: latest, baseline: baseline)
      let bodies = builder.ledger.meterEvents(
        for: meter.device, latest: latest, verdict: verdict, clock: clock, policy: .shipped)
      try record(bodies, at: .init(milliseconds: time), &builder, emit)
    }
  }

  /// The water used in the hour before a reading at `time`, in 10⁻⁴ m³: nothing at night but now
  /// and then, a wash in the hours to 08:00 and to 20:00 (so that every 12 hours see at least
  /// 0.01 m³), a little through the day; a dripping tap at most while the meter is quiet.
  private mutating func use(quiet: [Range<Int64>], endingAt time: Int64) -> Int64 {
    if quiet.contains(where: { $0.contains(time) }) { return Int64.random(in: 0...3, using: &random) }
    let hourOfDay = (time + 8 * DemoHistory.hour) % DemoHistory.day / DemoHistory.hour
    switch hourOfDay {
    case 8, 20: return Int64.random(in: 150...400, using: &random)
    case 0..<6: return random.chance(0.1) ? Int64.random(in: 60...120, using: &random) : 0
    default: return random.chance(0.6) ? Int64.random(in: 20...150, using: &random) : 0
    }
  }
}
