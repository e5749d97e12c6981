import ArgumentParser
import Foundation
import WeigeApp
import WeigeCommandSupport
import WeigeCore
import WeigeLedgers
import WeigeStore

/// `weige bench import`: a households register of realistic Chinese columns, written by Python's
/// openpyxl (XLSX) and csv module (GB18030), imported into an empty store end to end, read alone
/// beside openpyxl (read-only mode) and Python's csv module reading the same files in the same run,
/// and imported again unchanged (issue 14's targets).
struct BenchImport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Register import: XLSX and GB18030 CSV rows a second, beside openpyxl and Python's csv module.")

  @Option(help: "Households in the register (1,000 a stairwell block of 10 buildings × 4 units × 25 floors).")
  var households = 100_000
  @Option(
    help: "Where the register and the stores are written (default: a new temporary folder, removed after).")
  var folder: String?
  @Flag(help: "Print the figures as one JSON object.") var json = false

  func run() throws {
    guard households >= 100 else { throw CLIError("--households takes 100 or more") }
    let work =
      folder
      ?? FileManager.default.temporaryDirectory.appendingPathComponent(
        "weige-bench-import-\(UUID().uuidString)"
      ).path
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    defer { if folder == nil { try? FileManager.default.removeItem(atPath: work) } }
    let xlsx = work + "/households.xlsx"
    let csv = work + "/households-gb18030.csv"
    log("writing \(grouped(households)) households with openpyxl and Python's csv module …")
    _ = try python(["write", xlsx, csv, String(households)])

    let openpyxlSeconds = try python(["read-xlsx", xlsx])
    let pythonCSVSeconds = try python(["read-csv", csv])
    var rows = 0
    let readSeconds = try seconds { rows = try LedgerFile.read(path: xlsx).rows.count - 1 }
    let readCSVSeconds = try seconds { _ = try LedgerFile.read(path: csv) }

    let (xlsxSeconds, events) = try importInto(work + "/xlsx.db", xlsx)
    let (reimportSeconds, reimportEvents) = try importInto(work + "/xlsx.db", xlsx)
    let (csvSeconds, _) = try importInto(work + "/csv.db", csv)

    let rate = { (seconds: Double) in Double(rows) / seconds }
    let report = ImportBenchReport(
      households: rows, eventsAppended: events, reimportEvents: reimportEvents,
      readXLSX: Figure(
        value: rate(readSeconds), unit: "rows/s", reference: rate(openpyxlSeconds),
        referenceName: "openpyxl read-only, same file", target: "≥ 3× reference",
        met: readSeconds * 3 <= openpyxlSeconds),
      importXLSX: Figure(
        value: xlsxSeconds, unit: "s", reference: readSeconds, referenceName: "reading alone",
        target: households == 100_000 ? "≤ 10 s" : "—", met: xlsxSeconds <= 10),
      readCSV: Figure(
        value: rate(readCSVSeconds), unit: "rows/s", reference: rate(pythonCSVSeconds),
        referenceName: "Python csv module decoding GB18030", target: "—", met: true),
      importCSV: Figure(
        value: csvSeconds, unit: "s", reference: readCSVSeconds, referenceName: "reading alone",
        target: households == 100_000 ? "≤ 3 s" : "—", met: csvSeconds <= 3),
      reimport: Figure(
        value: reimportSeconds, unit: "s", reference: xlsxSeconds, referenceName: "the first import",
        target: "≤ 2 s, 0 events", met: reimportSeconds <= 2 && reimportEvents == 0))
    if json {
      try printJSON(report)
    } else {
      print(report.table)
    }
  }

  /// Opens (or creates) the store, plans the file against it with places created, and appends the
  /// batch: what `weige import households FILE --create-places` does. Seconds and events appended.
  func importInto(_ store: String, _ file: String) throws -> (Double, Int) {
    var appended = 0
    let elapsed = try seconds {
      let target = try openEventStore(store, access: .create)
      let ledger = try target.openLedger()
      let plan = try ImportPlan.plan(
        .households, reading: file, into: ledger, options: ImportOptions(createPlaces: true, actor: "bench")
      ).plan
      guard plan.isClean else {
        throw CLIError("the benchmark's register has errors: \(plan.issues.prefix(3))")
      }
      if !plan.events.isEmpty { appended = try target.append(plan.events, decidedOn: ledger).count }
    }
    return (elapsed, appended)
  }

  /// Runs the helper under Debian's Python; the seconds it measured itself.
  func python(_ arguments: [String]) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
    process.arguments = ["-c", Self.helper] + arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let seconds = Double(
        String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    else {
      throw CLIError(
        "python3 \(arguments[0]) failed (is python3-openpyxl installed? bin/ensure-deps installs it)")
    }
    return seconds
  }

  func log(_ message: String) {
    if !json { FileHandle.standardError.write(Data("\(message)\n".utf8)) }
  }

  /// Writes the register (openpyxl's write-only mode, and csv in GB18030) and times the references.
  static let helper = """
    import sys, time, csv, random
    mode = sys.argv[1]
    header = ["小区", "楼栋", "单元", "室号", "户主", "联系电话", "人数", "60岁以上", "独居", "空巢", "留守",
              "党员", "流动人口", "出租", "残疾", "低保"]
    if mode == "write":
        from openpyxl import Workbook
        xlsx, path, count = sys.argv[2], sys.argv[3], int(sys.argv[4])
        rng = random.Random(1)
        surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
        given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
        rows = []
        for index in range(count):
            block, rest = divmod(index, 1000)
            stairwell, room = divmod(rest, 100)
            floor, flat = divmod(room, 4)
            residents = rng.randint(1, 5)
            aged = rng.randint(0, min(2, residents))
            yes = lambda p: "是" if rng.random() < p else ""
            rows.append(["长江%d小区" % (block + 1), str(stairwell // 4 + 1), str(stairwell % 4 + 1),
                         "%d%02d" % (floor + 1, flat + 1),
                         rng.choice(surnames) + rng.choice(given) + rng.choice(given),
                         "13%09d" % rng.randrange(10**9), str(residents), str(aged),
                         yes(0.05), yes(0.05), yes(0.02), yes(0.08), yes(0.12), yes(0.08), yes(0.03), yes(0.02)])
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("户籍")
        ws.append(header)
        for row in rows:
            ws.append(row)
        wb.save(xlsx)
        with open(path, "w", encoding="gb18030", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        print(0)
    elif mode == "read-xlsx":
        from openpyxl import load_workbook
        start = time.perf_counter()
        wb = load_workbook(sys.argv[2], read_only=True)
        n = sum(1 for row in wb.worksheets[0].iter_rows(values_only=True))
        print(time.perf_counter() - start)
    elif mode == "read-csv":
        start = time.perf_counter()
        with open(sys.argv[2], encoding="gb18030", newline="") as source:
            n = sum(1 for row in csv.reader(source))
        print(time.perf_counter() - start)
    """
}

struct ImportBenchReport: Encodable {
  var households: Int
  var eventsAppended: Int
  var reimportEvents: Int
  var readXLSX, importXLSX, readCSV, importCSV, reimport: Figure

  var table: String {
    [
      "weige bench import — \(grouped(households)) households (16 Chinese columns), \(grouped(eventsAppended)) events appended in one batch",
      figureLine("read XLSX", readXLSX),
      figureLine("import XLSX end to end", importXLSX),
      figureLine("read GB18030 CSV", readCSV),
      figureLine("import GB18030 CSV end to end", importCSV),
      figureLine("re-import unchanged XLSX", reimport) + "; \(reimportEvents) events",
    ].joined(separator: "\n")
  }
}
