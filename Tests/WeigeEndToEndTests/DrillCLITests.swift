import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeTestSupport

/// `weige drill` from a second process: the 1·26 drill sped up 600 times into the 江三社区 demo.
@Suite("weige drill", .serialized, .enabled(if: Tmux.weige != nil))
struct DrillCLITests {
  let folder = temporaryPath("weige-drill")
  var store: String { folder + "/jiangsan.db" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try weige(
      "demo", "--preset", "jiangsan", "--days", "1", "--seed", "1", "--now", CLIOutputTests.now, "--store",
      store)
  }

  @Test("the 1·26 drill at ×600: every household settled near the 45 minutes, the log audits clean")
  func record126() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let printed = try weige("drill", "--record", "1-26", "--speed", "600", "--json", "--store", store)
    let summary = try #require(JSONSerialization.jsonObject(with: Data(printed.utf8)) as? [String: Any])
    #expect(summary["squads"] as? Int == 94)
    #expect(summary["households"] as? Int == 2_688)
    #expect(summary["notHome"] as? Int == 0)
    let reached = try #require(summary["reached"] as? Int)
    #expect(reached > 2_600)
    #expect(reached + (summary["refused"] as? Int ?? 0) + (summary["unreachable"] as? Int ?? 0) == 2_688)
    let finish = try #require(summary["finishDrillSeconds"] as? Double)
    #expect(finish > 40 * 60 && finish < 48 * 60)
    let store = try SQLiteEventStore(path: self.store, access: .readOnly)
    let ledger = try store.openLedger()
    let order = try #require(ledger.mobilizations[MobilizationID(1)])
    #expect(order.isDrill && order.drillSpeed == 600 && order.closing == .completed)
    #expect(order.squads.filter(\.isShortHanded).count == 4)
    #expect(try weige("store", "check", "--store", self.store).contains("clean"))
  }

  @Test("bad input is one line naming the option")
  func refusals() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (arguments, words) in [
      (["--speed", "0"], "--speed takes 1 to 3600"),
      (["--record", "3-14"], "--record: '3-14' is not a record"),
      (["--record", "1-26", "--preset", "city"], "takes --preset jiangsan"),
      (["--scope", "火星小区"], "--scope: no place named '火星小区'"),
    ] {
      let (status, output) = try Child.runWithErrors(["drill"] + arguments + ["--store", store])
      #expect(status != 0)
      #expect(output.contains(words), "\(output)")
    }
  }
}
