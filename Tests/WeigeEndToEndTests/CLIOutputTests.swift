import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeTestSupport

/// What `weige stats`, `log`, `replay` and `themes` print, read from the real binary over a
/// 春江小区 demo written with a pinned `--now` and `--seed`.
@Suite("weige's printed output", .serialized, .enabled(if: Tmux.weige != nil))
struct CLIOutputTests {
  let folder = temporaryPath("weige-cli")
  var store: String { folder + "/chunjiang.db" }
  /// `pinnedNow` as `--now` takes it.
  static let now = "2026-11-21 20:45"

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try weige(
      "demo", "--preset", "chunjiang", "--days", "7", "--seed", "1", "--now", Self.now, "--store", store)
  }

  /// One JSON object as a dictionary, to compare key by key.
  func object(_ text: String) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// Core's own baseline of the same demo, encoded as `--json` encodes it.
  func coreBaseline(now: Timestamp) throws -> [String: Any] {
    let ledger = try demoEvents(.chunjiang, days: 7, seed: 1).ledger
    return try object(
      String(decoding: try JSONEncoder().encode(ledger.baseline(of: nil, now: now)), as: UTF8.self))
  }

  /// The figures that do not move with the clock (overdue, resolved today and this month's visits do).
  static let timeless = [
    "place", "stairwells", "households", "residents", "aged60Plus", "roles", "reserves", "openTickets",
    "openByClass", "activeAlerts", "flags",
  ]

  @Test func statsPrintsTheBaselineTable() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let lines = try weige("stats", "--store", store).split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("全域 底数  (as of ") == true)
    #expect(lines.first?.hasSuffix(", event #1,222)") == true)
    #expect(lines.contains("楼道 stairwells               26"))
    #expect(lines.contains("户 households                 383"))
    #expect(lines.contains("居民 residents                1,300"))
    #expect(lines.contains("60岁以上 aged 60+             551"))
    #expect(lines.contains("保障员 logistics officer      25        26        1         28.00%"))
    #expect(lines.contains("工单 open tickets             2  (发展难事 1, 扶弱济贫急事 0, 影响和谐烦事 1)"))
    #expect(lines.last == "四必联/四掌握 flags           空巢 34  独居 34  留守儿童 10  流动人口 42  出租 58  党员户 67  纠纷 2  婚丧 0")
  }

  @Test func statsJSONCarriesEveryKeyWithCoresFigures() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let printed = try object(try weige("stats", "--store", store, "--json"))
    let core = try coreBaseline(now: pinnedNow)
    #expect(Set(printed.keys) == Set(core.keys))
    #expect(
      Set(printed.keys) == [
        "place", "stairwells", "households", "residents", "aged60Plus", "roles", "reserves", "openTickets",
        "overdueTickets", "openByClass", "overdueByClass", "resolvedToday", "activeAlerts",
        "householdsVisitedThisMonth", "visitCoverage", "flags",
      ])
    #expect(printed["households"] as? Int == 383)
    #expect(printed["residents"] as? Int == 1_300)
    #expect(printed["stairwells"] as? Int == 26)
    for key in Self.timeless {
      #expect(printed[key] as? NSObject == core[key] as? NSObject, "\(key)")
    }
  }

  @Test func replayAtTheDemosEndEqualsCoresBaselineThen() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let printed = try object(try weige("replay", "--store", store, "--at", Self.now, "--json"))
    #expect(printed as NSDictionary == (try coreBaseline(now: pinnedNow)) as NSDictionary)
  }

  @Test func replayAtASequenceEqualsTheStoreCutThere() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let sequence = 500
    let cut = folder + "/cut.db"
    let events = try SQLiteEventStore(path: store, access: .readOnly).events(after: 0, limit: sequence)
    try SQLiteEventStore(path: cut).append(
      events.map { NewEvent(id: $0.id, time: $0.time, actor: $0.actor, body: $0.body) })

    let replayed = try weige("replay", "--store", store, "--at", "\(sequence)", "--json")
    #expect(try weige("replay", "--store", cut, "--at", "\(sequence)", "--json") == replayed)
    let stats = try object(try weige("stats", "--store", cut, "--json"))
    let past = try object(replayed)
    #expect(past["households"] as? Int == 383)
    for key in Self.timeless {
      #expect(stats[key] as? NSObject == past[key] as? NSObject, "\(key)")
    }
    // The events after 500 are not in it: the whole store's last replay differs.
    #expect(try weige("replay", "--store", store, "--at", "1222", "--json") != replayed)
  }

  @Test func logPrintsOneLineAnEventInSequence() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let lines = try weige("log", "--store", store, "--since", "1210").split(separator: "\n").map(String.init)
    #expect(lines.count == 12)
    let pattern = /^#(\d+)  (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)  (\S+)  ([a-z]+\.[a-z-]+)  (.+)$/
    var sequences: [Int] = []
    for line in lines {
      let match = try #require(line.wholeMatch(of: pattern), "\(line)")
      sequences.append(Int(match.1)!)
      #expect(String(match.2) <= Self.now)
    }
    #expect(sequences == Array(1211...1222))
    #expect(lines.last?.hasPrefix("#1222  2026-11-21 ") == true)

    let json = try weige("log", "--store", store, "--since", "1221", "--json")
    let last = try object(json)
    #expect(Set(last.keys) == ["seq", "id", "stream", "version", "time", "actor", "kind", "summary"])
    #expect(last["seq"] as? Int == 1222)
    let text = try #require(lines.last?.wholeMatch(of: pattern))
    #expect(last["time"] as? String == String(text.2))
    #expect(last["actor"] as? String == String(text.3))
    #expect(last["kind"] as? String == String(text.4))
    #expect(last["summary"] as? String == String(text.5))
  }

  @Test func themesListsTheShippedOnesAndSaysWhatIsWrongWithAUsersFile() throws {
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let config = folder + "/config"
    try FileManager.default.createDirectory(
      atPath: config + "/weige/themes", withIntermediateDirectories: true)
    try "[colors\n".write(toFile: config + "/weige/themes/broken.toml", atomically: true, encoding: .utf8)
    var environment = ProcessInfo.processInfo.environment
    environment["XDG_CONFIG_HOME"] = config
    let (status, output) = try Child.run(["themes"], environment: environment)
    #expect(status == 0)
    let lines = output.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("shipped: ") == true)
    #expect(lines.first?.hasSuffix("/themes") == true)
    #expect(lines.contains("user:    \(config)/weige/themes"))
    #expect(lines.contains("* dangjian         shipped  党建红 — red on dark (default)"))
    for name in ["dark", "high-contrast", "light", "mono"] {
      #expect(lines.contains { $0.hasPrefix("  \(name) ") && $0.contains(" shipped ") }, "\(name)")
    }
    #expect(lines.contains { $0.hasPrefix("  broken ") && $0.contains("BROKEN: ") })
    #expect(lines.last == "(* default; pick one with --theme NAME)")
  }
}
