import Testing
import WeigeTestSupport

@testable import WeigeCore

/// A seeded property test standing in for a libFuzzer target: corrupted payloads and snapshots
/// (bytes flipped, cut short, spliced, varints made huge) must come back as an error or a value,
/// never a trap. A trap here would crash the test process, which is the failure.
@Suite("Decoders refuse corrupted bytes without trapping")
struct DecoderFuzzTests {
  /// Core's own seedable generator (SplitMix64): the same corruptions on every machine.
  typealias Mixer = DemoRandom

  static func corrupt(_ bytes: [UInt8], using random: inout Mixer) -> [UInt8] {
    var bytes = bytes
    switch random.next() % 5 {
    case 0 where !bytes.isEmpty:
      for _ in 0..<Int(random.next() % 4 + 1) {
        bytes[Int(random.next() % UInt64(bytes.count))] ^= UInt8(truncatingIfNeeded: random.next() | 1)
      }
    case 1:
      bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
    case 2 where !bytes.isEmpty:
      // A varint of ten 0xFF bytes: a count or id far beyond anything real.
      let at = Int(random.next() % UInt64(bytes.count))
      bytes.insert(contentsOf: [UInt8](repeating: 0xFF, count: 9) + [0x01], at: at)
    case 3 where bytes.count > 2:
      let at = Int(random.next() % UInt64(bytes.count))
      bytes.removeSubrange(at..<min(bytes.count, at + Int(random.next() % 8 + 1)))
    default:
      bytes += (0..<Int(random.next() % 16)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
    }
    return bytes
  }

  @Test("20,000 corrupted event payloads of every kind")
  func payloads() throws {
    let (events, _) = try demoEvents(.chunjiang, days: 3)
    var byKind: [EventKind: [UInt8]] = [:]
    for body in events.map(\.body) + warBodies + dutyBodies { byKind[body.kind] = body.encoded() }
    var random = Mixer(seed: 2026_11_30)
    var refused = 0
    for round in 0..<20_000 {
      let kind = EventKind.allCases[round % EventKind.allCases.count]
      let original = byKind[kind] ?? [1]
      let bytes = Self.corrupt(original, using: &random)
      do {
        _ = try bytes.withUnsafeBytes { try EventBody.decode(kind: kind, payload: $0) }
      } catch {
        refused += 1
      }
    }
    #expect(refused > 5_000)
  }

  @Test(
    "2,000 corrupted snapshots each of a district, of one holding a mobilization order with its reports, and of the duty desk's"
  )
  func snapshots() throws {
    let (_, demo) = try demoEvents(.chunjiang, days: 2)
    var ledger = try WarGround().atWar(drill: true)
    let id = MobilizationID(1)
    try ledger.execute(
      .squadStatusChanged(id, stairwell: WarGround.unit3, status: .blocked, note: "单元门损坏"), at: minute(1),
      actor: "王芳")
    try ledger.execute(
      .householdsReported(
        id,
        try ledger.reports(try ReachSpec(parsing: ["all", "except", "302", "notHome"]), in: WarGround.unit2)),
      at: minute(2), actor: "刘洋")
    try ledger.execute(.deadlineExtended(id, to: minute(60), reason: "雨天"), at: minute(3), actor: "王芳")
    var duty = try dutyStairwell()
    for body in dutyBodies where body.kind != .escalated {
      try duty.execute(body, at: novemberTime(30, 18), actor: "刘洋")
    }
    _ = try escalate(&duty, at: novemberTime(30, 18))
    for original in [demo.snapshot(), ledger.snapshot(), duty.snapshot()] { corruptSnapshots(original) }
  }

  /// Corrupts `original` 2,000 ways: each read back is a state or an error, never a trap.
  func corruptSnapshots(_ original: [UInt8]) {
    var random = Mixer(seed: 1_126)
    var refused = 0
    for _ in 0..<2_000 {
      let bytes = Self.corrupt(original, using: &random)
      do {
        _ = try bytes.withUnsafeBytes { try Ledger(snapshot: $0) }
      } catch {
        refused += 1
      }
    }
    #expect(refused > 500)
  }
}
