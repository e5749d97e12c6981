import Foundation
import Testing
import WeigeCore
import WeigeStore
import WeigeTestSupport

/// `weige export tickets|visits|report` on a real store: `--month` by China time to the minute,
/// numbers masked unless revealed (and the reveal logged), reports read back by openpyxl.
@Suite("weige export", .enabled(if: FileManager.default.isExecutableFile(atPath: weigeBinary)))
struct ExportCLITests {
  let folder = temporaryPath("weige-export")
  var store: String { folder + "/weige.db" }

  init() throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let (status, _) = try Child.run([
      "demo", "--preset", "chunjiang", "--days", "3", "--now", "2026-11-30 20:00", "--store", store,
    ])
    #expect(status == 0)
  }

  /// Runs `weige export` into a new file of the folder: its status and words, the file's path
  /// and its text (for CSV).
  func export(_ arguments: String...) throws -> (status: Int32, output: String, path: String, file: String) {
    let file = folder + "/out-\(UUID().uuidString)." + (arguments.contains("csv") ? "csv" : "xlsx")
    let (status, output) = try Child.runWithErrors(
      ["export"] + arguments + ["--out", file, "--store", store])
    let text = (try? Data(contentsOf: URL(fileURLWithPath: file))).map { String(decoding: $0, as: UTF8.self) }
    return (status, output, file, text ?? "")
  }

  /// The last row of a workbook's `sheet` (or the one `fromEnd` rows up), as openpyxl reads it.
  func lastRow(of path: String, sheet: Int, fromEnd: Int = 1) throws -> [Any] {
    let script = """
      import json, sys, openpyxl
      ws = openpyxl.load_workbook(sys.argv[1]).worksheets[int(sys.argv[2])]
      print(json.dumps([c for c in list(ws.iter_rows(values_only=True))[-int(sys.argv[3])]], ensure_ascii=False))
      """
    let (status, output) = try Child.run(
      ["-c", script, path, "\(sheet)", "\(fromEnd)"], executable: "/usr/bin/python3")
    #expect(status == 0, "\(output)")
    return try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [Any]
  }

  @Test func aMonthEndsAtMidnightChinaTimeForTicketsVisitsAndTheCoverageReport() throws {
    let writer = try SQLiteEventStore(path: store, access: .readWrite)
    let ledger = try writer.openLedger()
    let stairwell = try #require(ledger.places(named: "春江小区/1幢/1单元").first).id
    let home = try #require(ledger.householdsByStairwell[stairwell]?.first)
    let first = ledger.nextTicketID
    for (offset, (time, words)) in [("2026-11-30 23:59", "月末"), ("2026-12-01 00:00", "月初")].enumerated() {
      let moment = try #require(ChinaTime.parse(time))
      let request = TicketRequest(
        id: TicketID(first.rawValue + offset), title: words + "工单", demandClass: .nuisance, urgency: .normal,
        source: .hotline, place: stairwell, household: home, dueAt: moment.adding(hours: 72))
      _ = try writer.append([
        NewEvent(time: moment, actor: "测试", body: .ticketRequested(request)),
        NewEvent(time: moment, actor: "测试", body: .visitRecorded(home, visitor: nil, note: words + "走访")),
      ])
    }
    for kind in ["tickets", "visits"] {
      let november = try export(kind, "--month", "2026-11", "--format", "csv")
      #expect(november.status == 0, "\(november.output)")
      #expect(november.file.contains("月末"))
      #expect(!november.file.contains("月初"))
      let december = try export(kind, "--month", "2026-12", "--format", "csv")
      #expect(december.file.contains("月初"))
      #expect(!december.file.contains("月末"))
      #expect(december.file.split(separator: "\r\n").count == 2)
    }
    let typo = try export("tickets", "--month", "2026-13", "--format", "csv")
    #expect(typo.status != 0)
    #expect(typo.output.contains("--month '2026-13' is not a month: write it as 2026-11 (yyyy-MM)"))

    // December's coverage counts the one household visited at 00:00; November's every household
    // with a visit in the log before midnight, the one at 23:59 included.
    let december = folder + "/december.xlsx"
    let reported = try Child.runWithErrors([
      "export", "report", "coverage", "--month", "2026-12", "--out", december, "--store", store,
    ])
    #expect(reported.status == 0, "\(reported.output)")
    #expect(try lastRow(of: december, sheet: 1)[8] as? Int == 1)
    let november = folder + "/november.xlsx"
    #expect(
      try Child.run([
        "export", "report", "coverage", "--month", "2026-11", "--out", november, "--store", store,
      ])
      .status == 0)
    let (start, end) = (
      try #require(ChinaTime.parse("2026-11-01")), try #require(ChinaTime.parse("2026-12-01"))
    )
    var visited: Set<HouseholdID> = []
    for event in try writer.events(after: 0, limit: 1_000_000) {
      if case .visitRecorded(let id, _, _) = event.body, event.time >= start, event.time < end {
        visited.insert(id)
      }
    }
    #expect(visited.contains(home))
    let total = try lastRow(of: november, sheet: 1)
    #expect(total[0] as? String == "合计")
    #expect(total[7] as? Int == ledger.households.count)
    #expect(total[8] as? Int == visited.count)
  }

  @Test func aTicketsExportMasksTheContactsPhoneUntilARevealIsLogged() throws {
    let ledger = try SQLiteEventStore(path: store, access: .readOnly).openLedger()
    let stairwell = try #require(ledger.places(named: "春江小区/2幢/1单元").first).id
    let home = try #require(ledger.householdsByStairwell[stairwell]?.first.flatMap { ledger.households[$0] })
    let filed = try Child.runWithErrors([
      "ticket", "new", "--place", "春江小区/2幢/1单元", "--room", home.room, "--title", "厨房漏水", "--store", store,
    ])
    #expect(filed.status == 0, "\(filed.output)")
    let masked = try export("tickets", "--format", "csv")
    #expect(masked.status == 0, "\(masked.output)")
    #expect(masked.output.contains("(numbers masked)"))
    #expect(masked.file.contains("厨房漏水"))
    #expect(masked.file.contains(ResidentNumbers.maskedPhone(home.contactPhone)))
    #expect(masked.file.range(of: #"1[3-9][0-9]{9}"#, options: .regularExpression) == nil)
    #expect(!masked.file.contains(home.contactPhone))

    let whole = try export("tickets", "--format", "xlsx", "--reveal", "--reason", "回访漏水住户")
    #expect(whole.status == 0, "\(whole.output)")
    #expect(whole.output.contains("(numbers revealed, recorded in the log)"))
    // The ticket just filed is the last row above the 合计, its contact's phone whole.
    let row = try lastRow(of: whole.path, sheet: 0, fromEnd: 2)
    #expect(row[1] as? String == "厨房漏水")
    #expect(row[8] as? String == home.contactPhone)
    let (_, log) = try Child.run(["log", "--kind", "reveal", "--store", store])
    #expect(log.contains("回访漏水住户"))
    let visits = try export("visits", "--reveal", "--reason", "无")
    #expect(visits.status != 0)
    #expect(visits.output.contains("--reveal: visits holds no residents' numbers"))
  }

  @Test func reportsAreWorkbooksCreatedOwnerOnly() throws {
    for report in ["coverage", "roster", "tickets"] {
      let path = folder + "/\(report).xlsx"
      let (status, output) = try Child.runWithErrors([
        "export", "report", report, "--month", "2026-11", "--place", "春江小区", "--out", path, "--store", store,
      ])
      #expect(status == 0, "\(output)")
      let mode = (try FileManager.default.attributesOfItem(atPath: path))[.posixPermissions] as? Int
      #expect(mode == 0o600)
      #expect(try lastRow(of: path, sheet: 0).first as? String == "合计")
    }
    let csv = try export("report", "roster", "--format", "csv")
    #expect(csv.status != 0)
    #expect(csv.output.contains("reports are XLSX workbooks"))
  }
}
