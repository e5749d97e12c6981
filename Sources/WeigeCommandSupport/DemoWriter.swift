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
public func writeDemo(_ district: DemoDistrict, into store: any EventStore, force: Int) throws -> (
  Int, Ledger
) {
  if force == 1, store.isOpenElsewhere() { throw StoreError.heldOpen(path: store.location) }
  let count: Int
  do {
    count = try store.bulkLoad(force > 0 ? .replacingAll : .intoEmpty) { emit in
      try district.generate(emit)
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
