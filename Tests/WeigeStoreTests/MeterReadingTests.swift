import Foundation
import Testing
import WeigeCore
import WeigeStoreTestSupport
import WeigeTestSupport

@testable import WeigeStore

/// A reading `hours` after the pinned moment, of `litres` on the register.
private func reading(_ meter: String, hours: Double, litres: Int64) -> MeterReading {
  MeterReading(
    meter: meter, time: Timestamp(milliseconds: pinnedNow.rawValue + Int64(hours * 3_600_000)),
    volume: WaterVolume(rawValue: litres * 10))
}

private func readingStore(_ backend: Backend) throws -> any MeterReadingStore {
  try #require(try backend.makeStore() as? any MeterReadingStore)
}

@Suite("Meter readings beside the events: the table the 12-hour rule reads, on both backends")
struct MeterReadingTests {
  @Test(
    "a batch answers each touched meter's newest reading and its baseline, 12 hours back to the millisecond, in the order the batch first touched them",
    arguments: Backend.allCases)
  func windows(backend: Backend) throws {
    let store = try readingStore(backend)
    #expect(try store.record([]).isEmpty)
    let baseline = reading("WM-1", hours: 0, litres: 100)
    var windows = try store.record([
      reading("WM-2", hours: 5, litres: 7), baseline, reading("WM-1", hours: 6, litres: 100),
      reading("WM-2", hours: 1, litres: 6),
    ])
    #expect(windows.map(\.latest.meter) == ["WM-2", "WM-1"])
    #expect(windows.map(\.latest.time) == [pinnedNow.adding(hours: 5), pinnedNow.adding(hours: 6)])
    #expect(windows.allSatisfy { $0.baseline == nil && $0.verdict == .tooEarly })
    // One millisecond short of 12 hours: no baseline yet.
    var almost = reading("WM-1", hours: 12, litres: 100)
    almost.time = Timestamp(milliseconds: almost.time.rawValue - 1)
    windows = try store.record([almost])
    #expect(windows == [MeterWindow(latest: almost, baseline: nil)])
    // Exactly 12 hours: the reading of hour 0 is the baseline; an hour later, still it (the newest
    // at or before the baseline time), not hour 6's.
    let twelve = reading("WM-1", hours: 12, litres: 100)
    #expect(try store.record([twelve]) == [MeterWindow(latest: twelve, baseline: baseline)])
    let thirteen = reading("WM-1", hours: 13, litres: 100)
    #expect(try store.record([thirteen]) == [MeterWindow(latest: thirteen, baseline: baseline)])
  }

  @Test(
    "a late reading leaves the newest judging; the same meter and moment again, in a batch or later, replaces the stored one",
    arguments: Backend.allCases)
  func lateAndReplaced(backend: Backend) throws {
    let store = try readingStore(backend)
    let newest = reading("WM-1", hours: 14, litres: 500)
    _ = try store.record([reading("WM-1", hours: 0, litres: 400), newest])
    let late = try store.record([reading("WM-1", hours: 1, litres: 450)])
    #expect(late == [MeterWindow(latest: newest, baseline: reading("WM-1", hours: 1, litres: 450))])
    // Twice in one batch: the later one wins, as it replaces a stored one.
    let twice = try store.record([
      reading("WM-1", hours: 1, litres: 460), reading("WM-1", hours: 14, litres: 510),
      reading("WM-1", hours: 14, litres: 520),
    ])
    #expect(
      twice == [
        MeterWindow(
          latest: reading("WM-1", hours: 14, litres: 520), baseline: reading("WM-1", hours: 1, litres: 460))
      ])
  }

  @Test(
    "the device-fault sweep sees meters whose newest reading is at or before the moment, with that reading",
    arguments: Backend.allCases)
  func quietMeters(backend: Backend) throws {
    let store = try readingStore(backend)
    _ = try store.record([
      reading("WM-1", hours: 0, litres: 1), reading("WM-1", hours: 3, litres: 2),
      reading("WM-2", hours: 4, litres: 3), reading("WM-3", hours: 9, litres: 4),
    ])
    let quiet = try store.meters(lastReportedAtOrBefore: pinnedNow.adding(hours: 4))
    #expect(quiet == [reading("WM-1", hours: 3, litres: 2), reading("WM-2", hours: 4, litres: 3)])
    #expect(try store.meters(lastReportedAtOrBefore: pinnedNow.adding(hours: 2)).isEmpty)
  }

  @Test(
    "pruning drops readings before the moment but keeps each meter's newest, however old",
    arguments: Backend.allCases)
  func prune(backend: Backend) throws {
    let store = try readingStore(backend)
    _ = try store.record([
      reading("WM-1", hours: 0, litres: 1), reading("WM-1", hours: 10, litres: 2),
      reading("WM-1", hours: 20, litres: 3), reading("WM-2", hours: 1, litres: 5),
      reading("WM-2", hours: 2, litres: 6),
    ])
    try store.pruneReadings(before: pinnedNow.adding(hours: 10))
    // WM-2's readings are all older: its newest is kept, its older one gone.
    #expect(
      try store.meters(lastReportedAtOrBefore: pinnedNow.adding(hours: 30)) == [
        reading("WM-1", hours: 20, litres: 3), reading("WM-2", hours: 2, litres: 6),
      ])
    // Hour 0 is gone, hour 10 kept (not before the moment): the baselines say which remain.
    #expect(try store.record([reading("WM-1", hours: 12, litres: 3)]).first?.baseline == nil)
    #expect(
      try store.record([reading("WM-1", hours: 22, litres: 4)]).first?.baseline
        == reading("WM-1", hours: 10, litres: 2))
    #expect(try store.record([reading("WM-2", hours: 13.5, litres: 7)]).first?.baseline == nil)
    #expect(
      try store.record([reading("WM-2", hours: 15, litres: 7)]).first?.baseline
        == reading("WM-2", hours: 2, litres: 6))
  }
}
