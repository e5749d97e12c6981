import WeigeCore

/// The street's monthly reports (`weige export report KIND`): workbooks of figures, not registers.
public enum ReportKind: String, CaseIterable, Sendable {
  /// 每月全覆盖走访: coverage per grid and per stairwell against the target.
  case coverage
  /// Posts per role per stairwell: filled, vacant, party members and their share.
  case roster
  /// Tickets by demand class: filed, resolved, resolution time, satisfaction, overdue.
  case tickets
}

/// A visit as the log records it (the ledger keeps only each household's last).
public struct VisitRecord: Sendable, Equatable {
  public var time: Timestamp
  public var household: HouseholdID
  public var visitor: PersonID?
  public var note: String

  /// The visit an event records; nil for any other event.
  public init?(_ event: RecordedEvent) {
    guard case .visitRecorded(let household, let visitor, let note) = event.body else { return nil }
    time = event.time
    self.household = household
    self.visitor = visitor
    self.note = note
  }
}

extension ExportTable {
  /// One row per ticket filed under `scope` (in `month` when given), by number: what it is, where,
  /// its household's contact (the phone masked unless `reveal`), when each step was taken, who
  /// holds it, how long resolving took, the rating, and whether it missed its deadline at `now`.
  public static func tickets(
    of ledger: Ledger, under scope: PlaceID?, in month: CivilMonth?, now: Timestamp,
    calendar: WorkingCalendar = .shipped, reveal: Bool
  ) -> ExportTable {
    var table = ExportTable(
      sheet: "工单",
      header: [
        "工单号", "事项", "三类需求", "紧急程度", "来源", "地点", "室号", "户主", "联系电话", "点单时间", "状态", "承办人",
        "接单时间", "办结时间", "评单时间", "办结用时（小时）", "满意度", "超时",
      ], rows: [])
    table.counted = [table.header.count - 1]
    table.frozenColumns = 1
    func time(_ moment: Timestamp?) -> ExportCell { .text(moment.map(ChinaTime.text) ?? "") }
    for ticket in ledger.tickets(under: scope, filedIn: month) {
      let home = ticket.household.flatMap { ledger.households[$0] }
      let phone = home.map { reveal ? $0.contactPhone : ResidentNumbers.maskedPhone($0.contactPhone) }
      table.rows.append([
        .text(ticket.id.description), .text(ticket.title), .text(ticket.demandClass.chineseName),
        .text(ticket.urgency.chineseName), .text(ticket.source.chineseName),
        .text(ledger.fieldName(of: ticket.place)),
        .text(home?.room ?? ""), .text(home?.contactName ?? ""), .text(phone ?? ""), time(ticket.requestedAt),
        .text(ticket.status.chineseName), .text(ticket.assignee.flatMap { ledger.people[$0]?.name } ?? ""),
        time(ticket.lastTime(.accepted)), time(ticket.resolvedAt), time(ticket.lastTime(.rated)),
        .decimal(or: ticket.resolutionHours), ticket.rating.map { .number($0) } ?? .text(""),
        .text(ticket.missedDeadline(at: now, calendar: calendar) ? "是" : "否"),
      ])
    }
    return table
  }

  /// One row per visit to a household under `scope` (in `month` when given), in the log's order:
  /// when, where, the household, who visited and what about. No numbers: nothing to mask.
  public static func visits(
    _ visits: [VisitRecord], of ledger: Ledger, under scope: PlaceID?, in month: CivilMonth?
  ) -> ExportTable {
    var table = ExportTable(
      sheet: "走访", header: ["走访时间", "地点", "室号", "户主", "走访人", "走访内容"], rows: [])
    let inside = scope.map { Set(ledger.subtree(of: $0)) }
    for visit in visits where month?.contains(visit.time) ?? true {
      guard let home = ledger.households[visit.household], inside?.contains(home.stairwell) ?? true else {
        continue
      }
      table.rows.append([
        .text(ChinaTime.text(visit.time)), .text(ledger.fieldName(of: home.stairwell)), .text(home.room),
        .text(home.contactName), .text(visit.visitor.flatMap { ledger.people[$0]?.name } ?? ""),
        .text(visit.note),
      ])
    }
    return table
  }
}

extension ExportWorkbook {
  /// 每月全覆盖走访: a sheet of grids and one of stairwells, each with its households, those
  /// visited in `month`, the coverage and whether it meets the 95 % target (marked where not),
  /// and the scope's total. `ledger` is folded through the month's end (`Ledger.visitCoverage`).
  public static func coverage(of ledger: Ledger, under scope: PlaceID?, in month: CivilMonth)
    -> ExportWorkbook
  {
    let figures = ledger.visitCoverage(under: scope, in: month)
    func sheet(_ name: String, _ rows: [VisitCoverage], through level: PlaceLevel) -> ExportTable {
      let places = ExportTable.placeLevels.filter { $0 <= level }
      let headers = Array(ExportTable.placeHeaders.prefix(places.count))
      var table = ExportTable(
        sheet: "\(name) \(month)",
        header: headers + ["户数", "本月走访", "覆盖率", "达标（≥\(VisitCoverage.targetPercent)%）"], rows: [])
      for (index, row) in rows.enumerated() {
        table.rows.append(
          Array(ExportTable.placeCells(ledger, row.place!).prefix(places.count)) + coverageCells(row))
        if !row.meetsTarget {
          table.marked.insert(CellPosition(row: index, column: headers.count + 2))
          table.marked.insert(CellPosition(row: index, column: headers.count + 3))
        }
      }
      table.totals =
        [.text("合计")] + Array(repeating: .text(""), count: headers.count - 1)
        + coverageCells(figures.total)
      return table
    }
    return ExportWorkbook(sheets: [
      sheet("网格", figures.grids, through: .grid), sheet("楼道", figures.stairwells, through: .stairwell),
    ])
  }

  private static func coverageCells(_ row: VisitCoverage) -> [ExportCell] {
    [
      .number(row.households), .number(row.visited), .share(or: row.share),
      .text(row.meetsTarget ? "是" : "否"),
    ]
  }

  /// The team's posts per stairwell (each place that holds posts): for each role of the
  /// catalogue but the reserve, the holders (在岗), vacancies (空缺, marked), the party members
  /// among the holders and their share, with the scope's totals (`Ledger.roleFigures`).
  public static func roster(of ledger: Ledger, under scope: PlaceID?) -> ExportWorkbook {
    let roles = ledger.catalogue.roles.filter { !$0.isReserve }
    let measures = ["在岗", "空缺", "党员", "党员占比"]
    var table = ExportTable(
      sheet: "队伍统计",
      header: ExportTable.placeHeaders + roles.flatMap { role in measures.map { role.name + $0 } }, rows: [])
    let levels = Set(roles.map(\.level))
    var placesByLevel: [PlaceLevel: [PlaceID]] = [:]
    for place in ledger.subtree(of: scope) {
      guard let level = ledger.places[place]?.level, levels.contains(level) else { continue }
      placesByLevel[level, default: []].append(place)
      var cells = ExportTable.placeCells(ledger, place)
      for role in roles {
        guard role.level == level else {
          cells += Array(repeating: .text(""), count: measures.count)
          continue
        }
        let figures = ledger.roleFigures(role, at: [place])
        if figures.vacancies > 0 {
          table.marked.insert(CellPosition(row: table.rows.count, column: cells.count + 1))
        }
        cells += roleCells(figures)
      }
      table.rows.append(cells)
    }
    table.totals =
      [.text("合计")] + Array(repeating: .text(""), count: ExportTable.placeHeaders.count - 1)
      + roles.flatMap { roleCells(ledger.roleFigures($0, at: placesByLevel[$0.level, default: []])) }
    table.frozenColumns = ExportTable.placeHeaders.count
    return ExportWorkbook(sheets: [table])
  }

  private static func roleCells(_ figures: RoleFigures) -> [ExportCell] {
    [
      .number(figures.filled), .number(figures.vacancies), .number(figures.partyMembers),
      .share(or: figures.filled == 0 ? nil : figures.partyShare),
    ]
  }

  /// Tickets filed under `scope` in `month` by demand class (三类需求) and in all: filed, resolved,
  /// median and mean hours to resolve, ratings, mean rating, the share satisfied (4 or 5 stars),
  /// and how many missed their deadline, as they stand at `now` (`Ledger.ticketFigures`).
  public static func tickets(
    of ledger: Ledger, under scope: PlaceID?, in month: CivilMonth, now: Timestamp,
    calendar: WorkingCalendar = .shipped
  ) -> ExportWorkbook {
    let figures = ledger.ticketFigures(under: scope, in: month, now: now, calendar: calendar)
    var table = ExportTable(
      sheet: "工单统计 \(month)",
      header: [
        "三类需求", "受理", "办结", "办结率", "办结用时中位数（小时）", "平均办结用时（小时）", "评价", "平均评分", "满意率", "超时",
      ], rows: [])
    table.rows = figures.byClass.map { [.text($0.0.chineseName)] + ticketCells($0.1) }
    table.totals = [.text("合计")] + ticketCells(figures.total)
    return ExportWorkbook(sheets: [table])
  }

  private static func ticketCells(_ figures: TicketFigures) -> [ExportCell] {
    [
      .number(figures.filed), .number(figures.resolved),
      .share(or: figures.filed == 0 ? nil : Double(figures.resolved) / Double(figures.filed)),
      .decimal(or: figures.medianHours), .decimal(or: figures.meanHours), .number(figures.rated),
      .decimal(or: figures.meanRating), .share(or: figures.satisfiedShare), .number(figures.overdue),
    ]
  }
}
