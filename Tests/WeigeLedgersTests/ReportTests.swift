import Foundation
import Testing
import WeigeCore
import WeigeTestSupport

@testable import WeigeLedgers

/// The street's monthly reports and the tickets export, written by libxlsxwriter and read back by
/// openpyxl, each figure checked against the ledger counted here another way.
@Suite(.enabled(if: RegisterFolder.hasOpenpyxl))
struct ReportTests {
  let folder = try! RegisterFolder()
  /// 春江小区 with two weeks of visits and tickets, all in November 2026.
  static let ledger = try! demoEvents(.chunjiang, days: 14).ledger
  static let november = CivilMonth(year: 2026, month: 11)!
  static let start = ChinaTime.parse("2026-11-01")!
  static let end = ChinaTime.parse("2026-12-01")!

  /// A workbook as openpyxl reads it: each sheet's title, frozen cell, column widths by letter,
  /// rows of values, the cells filled as marked and whether the last row is bold.
  struct Sheet: Decodable {
    var title: String
    var frozen: String?
    var widths: [String: Double]
    var rows: [[Value?]]
    var marked: [String]
    var lastRowBold: Bool
  }

  enum Value: Decodable, Equatable {
    case text(String)
    case number(Double)
    init(from decoder: any Decoder) throws {
      let container = try decoder.singleValueContainer()
      if let number = try? container.decode(Double.self) {
        self = .number(number)
      } else {
        self = .text(try container.decode(String.self))
      }
    }
    var number: Double? { if case .number(let n) = self { n } else { nil } }
    var text: String? { if case .text(let t) = self { t } else { nil } }
  }

  func read(_ path: String) throws -> [Sheet] {
    let script = """
      import json, sys, openpyxl
      wb = openpyxl.load_workbook(sys.argv[1])
      out = []
      for ws in wb.worksheets:
          marked = [c.coordinate for row in ws.iter_rows() for c in row
                    if c.fill is not None and c.fill.fgColor is not None and c.fill.fgColor.rgb == "FFFFE4E1"]
          last = list(ws.iter_rows(min_row=ws.max_row, max_row=ws.max_row))[0]
          out.append({"title": ws.title, "frozen": ws.freeze_panes,
                      "widths": {k: v.width for k, v in ws.column_dimensions.items()},
                      "rows": [list(r) for r in ws.iter_rows(values_only=True)],
                      "marked": marked, "lastRowBold": bool(last[0].font and last[0].font.b)})
      json.dump(out, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
      """
    let json = path + ".json"
    try folder.python(script, [path, json])
    return try JSONDecoder().decode([Sheet].self, from: Data(contentsOf: URL(fileURLWithPath: json)))
  }

  /// Households of a stairwell, found by scanning every household rather than the stairwell's list.
  static func homes(of stairwell: PlaceID) -> [Household] {
    ledger.households.values.filter { $0.stairwell == stairwell }
  }

  static func stairwell(_ row: [Value?], building: Int, unit: Int) -> PlaceID? {
    guard let b = row[building]?.text, let u = row[unit]?.text else { return nil }
    return ledger.places(named: "春江小区/\(b)/\(u)").first?.id
  }

  @Test("coverage per grid and stairwell: households, visited in the month, share, the 95 % mark")
  func coverage() throws {
    let path = folder.path + "/coverage.xlsx"
    try ExportWorkbook.coverage(of: Self.ledger, under: nil, in: Self.november).writeXLSX(to: path)
    let sheets = try read(path)
    #expect(sheets.map(\.title) == ["网格 2026-11", "楼道 2026-11"])
    let stairwells = sheets[1]
    #expect(stairwells.frozen == "A2")
    #expect(stairwells.lastRowBold)
    let header = stairwells.rows[0].map { $0?.text }
    #expect(header == ["区", "街道", "社区", "小区", "网格", "楼栋", "单元", "户数", "本月走访", "覆盖率", "达标（≥95%）"])
    let expectedStairwells = Self.ledger.places.values.filter { $0.level == .stairwell }.count
    #expect(stairwells.rows.count == expectedStairwells + 2)
    var allHomes = 0
    var allVisited = 0
    var below = 0
    for (index, row) in stairwells.rows.dropFirst().dropLast().enumerated() {
      let place = try #require(Self.stairwell(row, building: 5, unit: 6))
      let homes = Self.homes(of: place)
      let visited = homes.filter { ($0.lastVisit.map { $0 >= Self.start && $0 < Self.end }) ?? false }.count
      #expect(row[7]?.number == Double(homes.count))
      #expect(row[8]?.number == Double(visited))
      #expect(abs((row[9]?.number ?? -1) - Double(visited) / Double(homes.count)) < 1e-9)
      let meets = Double(visited) >= 0.95 * Double(homes.count)
      #expect(row[10]?.text == (meets ? "是" : "否"))
      #expect(stairwells.marked.contains("J\(index + 2)") == !meets)
      allHomes += homes.count
      allVisited += visited
      if !meets { below += 1 }
    }
    #expect(below > 0)
    let total = try #require(stairwells.rows.last)
    #expect(total[0]?.text == "合计")
    #expect((total[7]?.number, total[8]?.number) == (Double(allHomes), Double(allVisited)))
    #expect(allHomes == Self.ledger.households.count)
    // The grid sheet's one grid holds every stairwell, and its 网格 column fits its name (two
    // columns a Chinese character).
    let grid = sheets[0]
    #expect(grid.rows.count == 3)
    #expect((grid.rows[1][5]?.number, grid.rows[1][6]?.number) == (Double(allHomes), Double(allVisited)))
    let gridName = try #require(grid.rows[1][4]?.text)
    #expect(try #require(grid.widths["E"]) >= Double(gridName.count * 2))
  }

  @Test("the roster report: each role's holders, vacancies and party members per stairwell, totalled")
  func roster() throws {
    let path = folder.path + "/roster.xlsx"
    try ExportWorkbook.roster(of: Self.ledger, under: nil).writeXLSX(to: path)
    let sheet = try #require(try read(path).first)
    #expect(sheet.frozen == "H2")
    let roles = Self.ledger.catalogue.roles.filter { !$0.isReserve }
    #expect(
      sheet.rows[0].dropFirst(7).map { $0?.text }
        == roles.flatMap { role in
          ["在岗", "空缺", "党员", "党员占比"].map { role.name + $0 }
        })
    var totals = Array(repeating: 0, count: roles.count * 3)
    var vacant = 0
    for (index, row) in sheet.rows.dropFirst().dropLast().enumerated() {
      let place = try #require(Self.stairwell(row, building: 5, unit: 6))
      for (position, role) in roles.enumerated() {
        // Holders found from the people's own roles, not from the ledger's holder index.
        let people = Self.ledger.people.values.filter {
          $0.roles.contains(RoleAssignment(role: role.id, place: place))
        }
        let party = people.filter(\.isPartyMember).count
        let vacancies = max(0, role.posts - people.count)
        let column = 7 + position * 4
        #expect(row[column]?.number == Double(people.count))
        #expect(row[column + 1]?.number == Double(vacancies))
        #expect(row[column + 2]?.number == Double(party))
        #expect(row[column + 3]?.number == (people.isEmpty ? nil : Double(party) / Double(people.count)))
        #expect(sheet.marked.contains(columnLetters(column + 1) + "\(index + 2)") == (vacancies > 0))
        totals[position * 3] += people.count
        totals[position * 3 + 1] += vacancies
        totals[position * 3 + 2] += party
        vacant += vacancies
      }
    }
    #expect(vacant > 0)
    let total = try #require(sheet.rows.last)
    for position in roles.indices {
      let column = 7 + position * 4
      #expect(total[column]?.number == Double(totals[position * 3]))
      #expect(total[column + 1]?.number == Double(totals[position * 3 + 1]))
      #expect(total[column + 2]?.number == Double(totals[position * 3 + 2]))
      let share = try #require(total[column + 3]?.number)
      #expect(abs(share - Double(totals[position * 3 + 2]) / Double(totals[position * 3])) < 1e-9)
    }
  }

  @Test("tickets by demand class: filed, resolved, median and mean hours, ratings, satisfied, overdue")
  func tickets() throws {
    let path = folder.path + "/tickets.xlsx"
    try ExportWorkbook.tickets(of: Self.ledger, under: nil, in: Self.november, now: pinnedNow).writeXLSX(
      to: path)
    let sheet = try #require(try read(path).first)
    #expect(
      sheet.rows[0].map { $0?.text } == [
        "三类需求", "受理", "办结", "办结率", "办结用时中位数（小时）", "平均办结用时（小时）", "评价", "平均评分", "满意率", "超时",
      ])
    let filed = Self.ledger.tickets.values.filter {
      $0.requestedAt >= Self.start && $0.requestedAt < Self.end
    }
    #expect(filed.count == Self.ledger.tickets.count)
    for (row, group) in zip(
      sheet.rows.dropFirst(),
      DemandClass.allCases.map { c in filed.filter { $0.demandClass == c } }
        + [filed])
    {
      let hours = group.compactMap { t in
        t.resolvedAt.map { Double($0.rawValue - t.requestedAt.rawValue) / 3_600_000 }
      }
      .sorted()
      let ratings = group.compactMap(\.rating)
      let late = group.filter { t in
        (t.status != .resolved && t.status != .rated && pinnedNow > t.dueAt)
          || (t.resolvedAt.map { $0 > t.dueAt } ?? false)
      }
      #expect(row[1]?.number == Double(group.count))
      #expect(row[2]?.number == Double(hours.count))
      let median =
        hours.count % 2 == 1
        ? hours[hours.count / 2] : (hours[hours.count / 2 - 1] + hours[hours.count / 2]) / 2
      #expect(abs((row[4]?.number ?? -1) - median) < 1e-6)
      #expect(abs((row[5]?.number ?? -1) - hours.reduce(0, +) / Double(hours.count)) < 1e-6)
      #expect(row[6]?.number == Double(ratings.count))
      #expect(abs((row[7]?.number ?? -1) - Double(ratings.reduce(0, +)) / Double(ratings.count)) < 1e-9)
      let satisfied = Double(ratings.filter { $0 >= 4 }.count) / Double(ratings.count)
      #expect(abs((row[8]?.number ?? -1) - satisfied) < 1e-9)
      #expect(row[9]?.number == Double(late.count))
    }
    #expect(sheet.rows.last?[0]?.text == "合计")
    #expect(sheet.lastRowBold)
  }

  @Test("the tickets export: a row a ticket of the month, the contact's phone masked, as CSV")
  func ticketsExport() throws {
    let table = ExportTable.tickets(
      of: Self.ledger, under: nil, in: Self.november, now: pinnedNow, reveal: false)
    #expect(table.rows.count == Self.ledger.tickets.count)
    #expect(
      ExportTable.tickets(
        of: Self.ledger, under: nil, in: CivilMonth(year: 2026, month: 10), now: pinnedNow, reveal: false
      ).rows.isEmpty)
    let path = folder.path + "/tickets.csv"
    try table.writeCSV(to: path)
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    #expect(text.range(of: #"1[3-9][0-9]{9}"#, options: .regularExpression) == nil)
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }
}
