import Foundation
import WeigeApp
import WeigeCore
import WeigeStore

/// Generates `district` into `store` in one transaction that first checks the store is empty
/// (`force` 1: replaces its events unless another process has it open; 2: even then), then
/// snapshots it so that the first open is fast. Returns the events written and the state.
///
/// The events are committed before the snapshot is written: when only the snapshot fails (a full
/// disk), the district is kept and opens by replaying, and the notice says so.
@discardableResult
public func writeDemo(_ district: DemoDistrict, into store: EventStore, force: Int) throws -> (Int, Ledger) {
  if force == 1, store.isOpenElsewhere() { throw StoreError.heldOpen(path: store.path ?? "the store") }
  let count: Int
  do {
    count = try store.ingest { appender in
      if force > 0 { try appender.eraseAll() } else { try appender.requireEmpty(path: store.path) }
      try district.generate { chunk in
        for event in chunk { _ = try appender.append(event) }
      }
    }
  } catch let error as StoreError {
    throw error
  } catch {
    throw CLIError("the demo district was not written, and the store is as it was: \(error)")
  }
  let ledger = try store.replayFromScratch()
  do {
    try store.saveSnapshot(of: ledger)
  } catch {
    FileHandle.standardError.write(
      Data(
        "weige: all \(grouped(count)) events were committed; only the snapshot was not written (\(error)), so the first open replays them\n"
          .utf8))
  }
  return (count, ledger)
}
