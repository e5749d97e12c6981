import Foundation
import Testing
import WeigeCore
import WeigeTestSupport

@testable import WeigeLedgers

/// Registers written by other producers at test time, in a folder of the test's own: XLSX by
/// Python's openpyxl (Debian's python3-openpyxl), GB18030 CSV by iconv.
struct RegisterFolder {
  let path = temporaryPath("weige-ledgers")

  init() throws {
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// Whether Debian's openpyxl is there to write workbooks (bin/ensure-deps installs it).
  static let hasOpenpyxl: Bool = {
    (try? Child.run(["-c", "import openpyxl"], executable: "/usr/bin/python3").status) == 0
  }()

  /// Runs `script` under Debian's Python with `arguments` after it; fails the test on a non-zero exit.
  func python(_ script: String, _ arguments: [String]) throws {
    let (status, output) = try Child.run(["-c", script] + arguments, executable: "/usr/bin/python3")
    guard status == 0 else { throw FixtureError("python exited \(status): \(output)") }
  }

  /// An XLSX written by openpyxl from `rows` (JSON: strings stay text, numbers numbers, and
  /// `{"date": "2026-11-30"}` a date cell), with `merges` (`A1:M1`); its strings are then moved
  /// to a shared string table as Excel writes them, all but `inlineCell`'s, left inline.
  func workbook(
    _ name: String, sheet: String, rows: [[Any]], merges: [String] = [], inlineCell: String? = nil
  ) throws -> String {
    let file = path + "/" + name
    let spec = try JSONSerialization.data(withJSONObject: [
      "sheet": sheet, "rows": rows, "merges": merges, "inline": inlineCell ?? "",
    ])
    let specPath = file + ".json"
    try spec.write(to: URL(fileURLWithPath: specPath))
    try python(Self.writer, [specPath, file])
    return file
  }

  /// `text` as a file (replacing one of that name) in UTF-8, or GB18030 through iconv, with a BOM
  /// when asked.
  func csv(_ name: String, _ text: String, gb18030: Bool = false, bom: Bool = false) throws -> String {
    let file = path + "/" + name
    let utf8 = file + ".utf8"
    try ((bom ? Data([0xEF, 0xBB, 0xBF]) : Data()) + Data(text.utf8)).write(to: URL(fileURLWithPath: utf8))
    if gb18030 {
      let (status, _) = try Child.run(
        ["-c", "iconv -f UTF-8 -t GB18030 '\(utf8)' > '\(file)'"], executable: "/bin/sh")
      guard status == 0 else { throw FixtureError("iconv exited \(status)") }
    } else {
      try? FileManager.default.removeItem(atPath: file)
      try FileManager.default.moveItem(atPath: utf8, toPath: file)
    }
    return file
  }

  static let writer = """
    import json, sys, datetime, zipfile, re, shutil
    from openpyxl import Workbook
    spec = json.load(open(sys.argv[1], encoding="utf-8"))
    wb = Workbook()
    ws = wb.active
    ws.title = spec["sheet"]
    for row in spec["rows"]:
        cells = []
        for value in row:
            if isinstance(value, dict) and "date" in value:
                value = datetime.datetime.strptime(value["date"], "%Y-%m-%d").date()
            elif value is None or value == "":
                value = None
            cells.append(value)
        ws.append(cells)
    for merge in spec["merges"]:
        ws.merge_cells(merge)
    wb.save(sys.argv[2])
    # Debian's openpyxl writes every string inline; Excel and WPS write a shared string table.
    # All strings but the one named cell move to a shared string table, as Excel would have them.
    source = sys.argv[2] + ".tmp"
    shutil.move(sys.argv[2], source)
    keep = spec["inline"]
    strings = []
    def share(match):
        if match.group(1) == keep:
            return match.group(0)
        strings.append(match.group(4))
        return '<c r="%s"%s t="s"><v>%d</v></c>' % (match.group(1), match.group(2), len(strings) - 1)
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename).decode("utf-8")
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(r'<c r="([A-Z]+[0-9]+)"([^>]*?) t="inlineStr"><is><t([^>]*)>(.*?)</t></is></c>', share, data)
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType='
                    '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", '<Relationship Id="rIdShared" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                    '</Relationships>')
            zout.writestr(item, data.encode("utf-8"))
        table = "".join("<si><t>%s</t></si>" % text for text in strings)
        zout.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main" count="%d" uniqueCount="%d">%s</sst>' % (len(strings), len(strings), table))
    """
}

struct FixtureError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// 春江小区 as the demo writes it: the ledger the register tests import into.
let chunjiang: Ledger = {
  var events: [NewEvent] = []
  let ledger = try! DemoDistrict(preset: .chunjiang, seed: 1, days: 1, now: pinnedNow).generate {
    events += $0
  }
  return ledger
}()

extension Ledger {
  /// The household in 春江小区 `building`幢`unit`单元 room `room`.
  func household(building: Int, unit: Int, room: String) -> Household {
    let stairwell = places(named: "春江小区/\(building)幢/\(unit)单元")[0].id
    return householdsByStairwell[stairwell]!.map { households[$0]! }.first { $0.room == room }!
  }

  /// Folds a plan's events in, as the store would after appending them.
  func applying(_ events: [NewEvent]) -> Ledger {
    var ledger = self
    for event in events { ledger.apply(event.body, time: event.time, actor: event.actor) }
    return ledger
  }
}

/// A valid resident identity number (GB 11643 check digit) for 1950-01-01.
let validID = "110101195001010017"

/// Plans `path` both ways — read whole and then planned, and planned as it is read
/// (`ImportPlan.plan(_:reading:…)`) — and expects the same table, the same decisions or the same
/// refusal; the plan as read.
func planBothWays(
  _ kind: ImportKind, _ path: String, into ledger: Ledger, options: ImportOptions
) throws -> ImportPlan {
  let whole = Result { () throws(LedgerFileError) in
    let table = try LedgerFile.read(path: path)
    return (table, try ImportPlan.plan(kind, table: table, into: ledger, options: options))
  }
  let streamed = Result { () throws(LedgerFileError) in
    try ImportPlan.plan(kind, reading: path, into: ledger, options: options)
  }
  switch (whole, streamed) {
  case (.success(let whole), .success(let streamed)):
    #expect(streamed.table == whole.0)
    let (a, b) = (streamed.plan, whole.1)
    #expect(a.events.map(\.body) == b.events.map(\.body))
    #expect(a.added == b.added && a.changed == b.changed && a.unchanged == b.unchanged)
    #expect(a.placesCreated == b.placesCreated && a.rows == b.rows)
    #expect(a.issues == b.issues && a.ignoredColumns == b.ignoredColumns)
    return streamed.plan
  case (.failure(let whole), .failure(let streamed)):
    #expect(streamed == whole)
    throw streamed
  default:
    Issue.record("planned whole: \(whole); planned as read: \(streamed)")
    return try streamed.get().plan
  }
}
