import ArgumentParser
import Foundation
import WeigeCommandSupport
import WeigeConfig
import WeigeCore
import WeigeIntake
import WeigeLedgers
import WeigeStore

/// `weige intake …`: 感知接入 — cameras' reports and water meters' readings into the alerts the
/// duty desk rings for.
struct IntakeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "intake",
    abstract: "感知接入: AI cameras' reports and water meters' readings (JSON lines) into alerts.",
    discussion: """
      One JSON object a line. A camera: {"device":"CAM-3","kind":"高空抛物","time":"2026-11-30T08:00:00+08:00",\
      "snapshot":"https://…"} (kind: a code, name or alias of `weige intake catalogue`, built in: thrown-object, \
      bike-shed-fire, blocked-fire-lane, rubbish-dropped or their Chinese names; "place":"place-12" overrides the \
      mapping). A meter: {"meter":"WM-0101",\
      "time":"2026-11-30T08:00:00+08:00","m3":123.4567} (the cumulative register). Under 0.01 m³ in 12 hours \
      raises 用水异常; a meter 6 hours behind the others is a device fault (设备故障).
      """,
    subcommands: [
      IntakeRead.self, IntakeServe.self, IntakeDevices.self, IntakeSilence.self, IntakeUnsilence.self,
      IntakeCatalogue.self,
    ],
    defaultSubcommand: IntakeRead.self)
}

/// The SLA policy in force, for the alerts' acknowledgement clocks.
private func slaPolicy() throws -> SlaPolicy {
  do {
    return try SlaFile.policy().policy
  } catch {
    throw CLIError(error.description)
  }
}

private func standardError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

/// `weige intake [read] [--from FILE|-]`: a file or standard input, line by line.
struct IntakeRead: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "read", abstract: "Read JSON lines from a file or standard input (the default).")

  @OptionGroup var store: StoreOptions

  @Option(help: ArgumentHelp("The JSON lines: a file, or - for standard input.", valueName: "file"))
  var from = "-"

  @Flag(help: "The summary as one JSON object on stdout.")
  var json = false

  func run() throws {
    let input: FileHandle
    if from == "-" {
      input = .standardInput
    } else {
      guard let file = FileHandle(forReadingAtPath: from) else { throw CLIError("\(from): no such file") }
      input = file
    }
    let name = from == "-" ? "stdin" : from
    let intake = try SensorIntake(
      store: try store.open(.readWrite), policy: try slaPolicy(), actor: store.actor,
      onProblem: { standardError("weige intake: \(name) \($0)") })
    var carried = Data()
    var number = 1
    // Lines are cut from 1 MiB chunks as they arrive: a feed on a pipe is taken as it comes.
    while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
      carried.append(chunk)
      guard let lastBreak = carried.lastIndex(of: 0x0A) else { continue }
      let whole = carried[carried.startIndex...lastBreak]
      number = try intake.take(lines: Data(whole), firstLine: number)
      carried = Data(carried[carried.index(after: lastBreak)...])
    }
    if !carried.isEmpty { try intake.take(carried, number: number) }
    try intake.sweep()
    let r = intake.report
    if json {
      try printJSON(r)
    } else {
      standardError(
        "weige intake: \(r.lines) lines · \(r.readings) meter readings · \(r.cameraReports) camera reports "
          + "(\(r.grouped) grouped) · raised \(r.raised) · cleared \(r.cleared) · skipped \(r.skipped)")
    }
  }
}

/// `weige intake serve`: vendors' webhooks.
struct IntakeServe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Accept the same JSON lines by HTTP POST to /intake, with the shared secret in X-Weige-Secret.",
    discussion: """
      The secret comes from $WEIGE_INTAKE_SECRET or --secret-file, never the command line (other users \
      can read a process's arguments). Plain HTTP on loopback: put a reverse proxy in front for TLS and \
      the outside world (README, "Sensor intake").
      """)

  @OptionGroup var store: StoreOptions

  @Option(help: ArgumentHelp("Where to listen: HOST:PORT.", valueName: "address"))
  var listen = "127.0.0.1:8417"

  @Option(help: ArgumentHelp("A file holding the shared secret (its first line).", valueName: "file"))
  var secretFile: String?

  func run() throws {
    guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
      (1...65_535).contains(port)
    else { throw CLIError("--listen '\(listen)' is not HOST:PORT") }
    let host = String(listen[..<colon])
    let secret = try readSecret()
    let intake = try SensorIntake(
      store: try store.open(.readWrite), policy: try slaPolicy(), actor: store.actor, onProblem: { _ in })
    if !["127.0.0.1", "::1", "localhost"].contains(host) {
      standardError("weige intake: listening on \(host), not loopback: only plain HTTP is spoken here")
    }
    let desk = IntakeDesk(intake)
    let outcome = ServerOutcome()
    Task {
      do {
        try await IntakeServer.run(host: host, port: port, secret: secret, desk: desk) { line in
          standardError("weige intake: \(line)")
        }
      } catch {
        outcome.error = error
      }
      outcome.done.signal()
    }
    outcome.done.wait()
    if let error = outcome.error { throw CLIError("weige intake serve: \(error)") }
  }

  private func readSecret() throws -> String {
    let text: String
    if let secretFile {
      guard let data = FileManager.default.contents(atPath: secretFile) else {
        throw CLIError("\(secretFile): cannot be read")
      }
      text =
        String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    } else {
      text = ProcessInfo.processInfo.environment["WEIGE_INTAKE_SECRET"] ?? ""
    }
    let secret = text.trimmingCharacters(in: .whitespaces)
    guard secret.count >= 16 else {
      throw CLIError(
        "a shared secret of at least 16 characters is needed: set WEIGE_INTAKE_SECRET or give --secret-file")
    }
    return secret
  }
}

/// How the server's task ended, handed to the waiting command: written before `done` is
/// signalled and read after it is waited for, so the semaphore orders the two.
private final class ServerOutcome: @unchecked Sendable {
  let done = DispatchSemaphore(value: 0)
  var error: (any Error)?
}

/// `weige intake devices FILE`: the device→place and meter→household mapping.
struct IntakeDevices: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "devices",
    abstract: "Register cameras and meters from a CSV or XLSX mapping: 设备编号, 类型 (摄像头/水表), 地点, 房号.")

  @OptionGroup var store: StoreOptions

  @Argument(help: "The mapping: .xlsx or .csv.")
  var file: String

  @Option(help: "The sheet of an XLSX workbook (default: its first).")
  var sheet: String?

  func run() throws {
    let target = try store.open(.readWrite)
    let ledger = try target.openLedger()
    let devices: [SensorDevice]
    do {
      devices = try DeviceMapping.devices(in: LedgerFile.read(path: file, sheet: sheet), ledger: ledger)
    } catch {
      throw CLIError(error.description)
    }
    let name = URL(fileURLWithPath: file).lastPathComponent
    let event = NewEvent(actor: store.actor, body: .devicesRegistered(devices, source: name))
    do {
      try ledger.validate(event)
    } catch {
      throw CLIError(error.chinese)
    }
    try target.append([event], decidedOn: ledger)
    let meters = devices.count { $0.source == .meter }
    print("登记感知设备 \(devices.count) 台（摄像头 \(devices.count - meters)，水表 \(meters)）")
  }
}

/// What a silence covers, as `silence` and `unsilence` both name it: a device, or a kind at a place.
struct SilenceScopeOptions: ParsableArguments {
  @Option(help: "The device or meter id.")
  var device: String?

  @Option(
    help:
      "The alert kind: thrown-object, bike-shed-fire, blocked-fire-lane, rubbish-dropped or a Chinese name.")
  var kind: String?

  @Option(help: "With --kind: the place, by name or path (and everything under it).")
  var place: String?

  func scope(in ledger: Ledger) throws -> SilenceScope {
    switch (device, kind, place) {
    case (let device?, nil, nil):
      return .device(device)
    case (nil, let kind?, let place?):
      guard let alert = ledger.sensors.catalogue.kind(named: kind)?.alert else {
        throw CLIError("--kind '\(kind)' is not a sensor kind")
      }
      return .kind(alert, place: try resolvePlace(place, in: ledger))
    default:
      throw CLIError("say --device, or --kind with --place")
    }
  }
}

/// Validates one sensor event on the ledger it was decided on, appends it and prints it.
private func appendSensorEvent(
  _ body: EventBody, at time: Timestamp, to target: any EventStore, decidedOn ledger: Ledger, actor: String
) throws {
  let event = NewEvent(time: time, actor: actor, body: body)
  do {
    try ledger.validate(event)
  } catch {
    throw CLIError(error.chinese)
  }
  try target.append([event], decidedOn: ledger)
  print(event.body.summary(in: ledger))
}

/// `weige intake silence`: 静默 a device, or a kind at a place, for a time.
struct IntakeSilence: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "silence",
    abstract: "Silence (静默) a device, or an alert kind at a place, for a time, with a reason.",
    discussion: "A silenced alert is still raised and shown, marked 静默; it does not ring the bell.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var scope: SilenceScopeOptions

  @Option(name: .customLong("for"), help: "How long, in minutes.")
  var minutes: Int

  @Option(help: "Why (e.g. 物业已知，明日维修).")
  var reason: String

  func run() throws {
    let target = try store.open(.readWrite)
    let ledger = try target.openLedger()
    let scope = try scope.scope(in: ledger)
    guard minutes > 0 else { throw CLIError("--for must be at least one minute") }
    let now = Timestamp.now
    let silence = AlertSilence(
      scope: scope, until: now.adding(minutes: minutes), reason: FreeText.trimmed(reason))
    try appendSensorEvent(.alertSilenced(silence), at: now, to: target, decidedOn: ledger, actor: store.actor)
  }
}

/// `weige intake unsilence`: 解除静默 before its time.
struct IntakeUnsilence: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "unsilence",
    abstract: "Lift (解除) the silences in force on a device, or on an alert kind at a place, with a reason.",
    discussion: "What they held back and is still active rings and takes its duty steps again.")

  @OptionGroup var store: StoreOptions
  @OptionGroup var scope: SilenceScopeOptions

  @Option(help: "Why (e.g. 摄像头已修复).")
  var reason: String

  func run() throws {
    let target = try store.open(.readWrite)
    let ledger = try target.openLedger()
    let body = EventBody.silenceLifted(try scope.scope(in: ledger), reason: FreeText.trimmed(reason))
    try appendSensorEvent(body, at: .now, to: target, decidedOn: ledger, actor: store.actor)
  }
}

/// `weige intake catalogue [set FILE.toml]`: the sensor kinds in force, as data a room redefines.
struct IntakeCatalogue: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalogue",
    abstract: "The sensor kinds (感知类型) in force, as a TOML file `set` reads back.",
    subcommands: [IntakeCatalogueShow.self, IntakeCatalogueSet.self],
    defaultSubcommand: IntakeCatalogueShow.self)
}

struct IntakeCatalogueShow: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Print the catalogue in force (the built-in one until a room defines its own).")

  @OptionGroup var store: StoreOptions

  func run() throws {
    let ledger = try store.open(.readOnly).openLedger()
    let catalogue = ledger.sensors.catalogue
    let origin = catalogue == .field ? "built in (SensorCatalogue.field)" : "defined in this room"
    print(
      "# Sensor catalogue: \(catalogue.kinds.count) kinds, \(origin). Edit and `weige intake catalogue set FILE`."
    )
    print(
      "# alert: one of " + SensorCatalogueFile.alerts.map(\.code).joined(separator: ", ")
        + ", or a new alert's code (named as its kind; urgency and class then needed)")
    print(
      "# urgency: critical (rings as it arrives), urgent, normal; class: development, urgent-aid, nuisance\n")
    print(SensorCatalogueFile.text(of: catalogue), terminator: "")
  }
}

struct IntakeCatalogueSet: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "set",
    abstract: "Define the room's sensor catalogue from a TOML file (replaces the one in force).",
    discussion:
      "A table a kind, named by its code: alert (one of Weige's, or a new alert's code), source (camera or meter), "
      + "name, english, urgency, class (needed for a new alert), aliases, group_minutes."
  )

  @OptionGroup var store: StoreOptions

  @Argument(help: "The catalogue: a .toml file.")
  var file: String

  func run() throws {
    let catalogue: SensorCatalogue
    do {
      catalogue = try SensorCatalogueFile.read(path: file)
    } catch {
      throw CLIError(error.description)
    }
    let target = try store.open(.readWrite)
    let ledger = try target.openLedger()
    try appendSensorEvent(
      .sensorCatalogueDefined(catalogue), at: .now, to: target, decidedOn: ledger, actor: store.actor)
  }
}
