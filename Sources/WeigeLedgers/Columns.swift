import WeigeConfig
import WeigeCore

/// What a register's column holds.
public enum LedgerField: Hashable, Sendable {
  /// One level of the place: 社区, 小区, 网格, 楼栋, 单元 (a stairwell).
  case place(PlaceLevel)
  /// A place as a path, `长江小区/3幢/2单元`.
  case placePath
  case room
  /// 户主 of a household, 姓名 of a person.
  case name
  case phone
  case idNumber
  case residents
  case aged60Plus
  /// A household flag, yes or no.
  case flag(HouseholdFlags)
  /// A household tag (残疾, 低保 …), yes or no: the tag is kept when yes.
  case tag(String)
  /// 党员: a household's 党员户 flag, a person's membership.
  case partyMember
  /// The people who hold this role at the row's place, by name (a column per role).
  case role(RoleID)
  /// The role of the person on the row (职务: 楼道长, 信息员 …).
  case roleName
  /// A column known to hold nothing to import (序号, 备注).
  case ignored

  /// The key `--map` names it by.
  public var key: String {
    switch self {
    case .place(let level): level == .stairwell ? "unit" : level.englishName
    case .placePath: "place"
    case .room: "room"
    case .name: "name"
    case .phone: "phone"
    case .idNumber: "id-number"
    case .residents: "residents"
    case .aged60Plus: "aged-60-plus"
    case .flag(let flag): HouseholdFlags.all.first { $0.flag == flag }?.key ?? "flag"
    case .tag(let name): "tag:" + name
    case .partyMember: "party-member"
    case .role(let id): "role:" + id
    case .roleName: "role"
    case .ignored: "ignore"
    }
  }
}

/// The usual Chinese headers of community registers, and the keys `--map` may name.
enum ColumnVocabulary {
  static let headers: [String: LedgerField] = {
    var table: [String: LedgerField] = [:]
    func add(_ field: LedgerField, _ names: String...) { for name in names { table[name] = field } }
    add(.place(.district), "区", "区县", "所属区")
    add(.place(.street), "街道", "所属街道", "镇街")
    add(.place(.community), "社区", "所属社区", "社区名称")
    add(.place(.compound), "小区", "小区名称", "所属小区", "楼盘")
    add(.place(.grid), "网格", "微网格", "所属网格", "网格名称")
    add(.place(.building), "楼栋", "楼幢", "楼号", "幢", "栋", "幢号", "楼栋号")
    add(.place(.stairwell), "单元", "单元号")
    add(.placePath, "楼道", "所在楼道", "地址", "位置", "住址")
    add(.room, "室号", "门牌", "门牌号", "房号", "室", "房间号", "户号")
    add(.name, "户主", "户主姓名", "姓名", "联系人")
    add(.phone, "联系电话", "手机", "手机号", "手机号码", "电话", "联系方式", "电话号码")
    add(.idNumber, "身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证")
    add(.residents, "人数", "常住人口", "家庭人口", "在住人数", "户内人数", "居住人数")
    add(.aged60Plus, "60岁以上", "60岁以上人数", "60周岁以上", "老年人")
    add(.flag(.elderlyLivingAlone), "独居", "独居老人")
    add(.flag(.emptyNestElderly), "空巢", "空巢老人")
    add(.flag(.leftBehindChild), "留守", "留守儿童")
    add(.flag(.floatingPopulation), "流动人口", "流动")
    add(.flag(.rental), "出租", "出租房", "出租户")
    add(.flag(.disputeInProgress), "矛盾纠纷", "纠纷")
    add(.flag(.weddingOrFuneral), "婚丧", "婚丧嫁娶")
    add(.partyMember, "党员", "党员户", "是否党员", "政治面貌")
    add(.tag("残疾"), "残疾", "残疾人")
    add(.tag("低保"), "低保", "低保户")
    add(.tag("特困"), "特困", "特困户")
    add(.tag("优抚"), "优抚", "优抚对象")
    add(.roleName, "职务", "岗位", "角色", "队伍职务", "担任职务")
    add(.ignored, "序号", "编号", "备注", "说明")
    return table
  }()

  /// A header as written, without spaces, line breaks, required-field stars or a unit in brackets
  /// (`人数（人）`, `* 姓名`).
  static func normalized(_ header: String) -> String {
    var text = header.filter { !$0.isWhitespace && $0 != "*" && $0 != "＊" }
    while let last = text.last, last == ")" || last == "）",
      let open = text.lastIndex(where: { $0 == "(" || $0 == "（" }), open != text.startIndex
    {
      text = String(text[..<open])
    }
    return text
  }

  /// The field a header names, in the ledger's catalogue (its role names are headers too).
  static func field(_ header: String, catalogue: RoleCatalogue) -> LedgerField? {
    let text = normalized(header)
    if let field = headers[text] { return field }
    for role in catalogue.roles where text == role.name || text == role.name + "姓名" {
      return .role(role.id)
    }
    return nil
  }

  /// A `--map` target: a field key, `tag:NAME`, `role:ID`, or a header this vocabulary knows.
  static func target(_ text: String, catalogue: RoleCatalogue) -> LedgerField? {
    if text.hasPrefix("tag:"), text.count > 4 { return .tag(String(text.dropFirst(4))) }
    if text.hasPrefix("role:"), let role = catalogue.role(String(text.dropFirst(5))) { return .role(role.id) }
    let keyed: [LedgerField] =
      [
        .placePath, .room, .name, .phone, .idNumber, .residents, .aged60Plus, .partyMember, .roleName,
        .ignored,
      ]
      + [PlaceLevel.community, .compound, .grid, .building, .stairwell].map(LedgerField.place)
      + HouseholdFlags.all.map { .flag($0.flag) }
    if let field = keyed.first(where: { $0.key == text }) { return field }
    return field(text, catalogue: catalogue)
  }
}

/// Which column holds which field, and where the header and the data are.
public struct ColumnLayout: Sendable, Equatable {
  /// Field → its column (the first, when two name the same field).
  public var columns: [LedgerField: Int]
  /// The header's text by column, for messages.
  public var headers: [Int: String]
  /// Headers nobody knows, left out of the import and listed in the report.
  public var unknown: [String]
  /// The row of the headers, as the file numbers it.
  public var headerRow: Int

  public func column(_ field: LedgerField) -> Int? { columns[field] }
}

extension SheetTable {
  /// Each merged range's first cell copied into the rest of it: a header spanning columns names
  /// each of them, a 楼栋 merged over its rows names each row's building.
  mutating func fillMerges() {
    guard !merges.isEmpty else { return }
    var index: [Int: Int] = [:]
    for (at, row) in rows.enumerated() { index[row.number] = at }
    for range in merges {
      guard let first = index[range.firstRow] else { continue }
      let value = rows[first].cell(range.firstColumn)
      guard !value.isEmpty else { continue }
      for number in range.firstRow...range.lastRow {
        guard let at = index[number] else { continue }
        if rows[at].cells.count <= range.lastColumn {
          rows[at].cells += Array(repeating: "", count: range.lastColumn + 1 - rows[at].cells.count)
        }
        for column in range.firstColumn...range.lastColumn where rows[at].cells[column].isEmpty {
          rows[at].cells[column] = value
        }
      }
    }
  }

  /// Finds the header row (the one among the first ten that names the most known columns, or the
  /// map's `header-row`) and reads which column holds what.
  func layout(catalogue: RoleCatalogue, map: ColumnMapFile?) throws(LedgerFileError) -> ColumnLayout {
    var mapped: [String: LedgerField] = [:]
    for (header, target) in map?.columns ?? [] {
      guard let field = ColumnVocabulary.target(target, catalogue: catalogue) else {
        throw LedgerFileError(
          file: map?.file ?? "--map",
          reason:
            "columns.\(header): '\(target)' is neither a field key (residents, phone, tag:NAME, ignore …) nor a header Weige knows"
        )
      }
      mapped[ColumnVocabulary.normalized(header)] = field
    }
    func field(_ header: String) -> LedgerField? {
      mapped[ColumnVocabulary.normalized(header)] ?? ColumnVocabulary.field(header, catalogue: catalogue)
    }
    let candidates: [SheetRow]
    if let wanted = map?.headerRow {
      guard let row = rows.first(where: { $0.number == wanted }) else {
        throw LedgerFileError(file: file, reason: "header-row \(wanted) is blank or past the end")
      }
      candidates = [row]
    } else {
      candidates = Array(rows.prefix(10))
    }
    var best: (row: SheetRow, score: Int)?
    for row in candidates {
      let score = Set(row.cells.compactMap { field($0) }.filter { $0 != .ignored }).count
      if score > (best?.score ?? 0) { best = (row, score) }
    }
    guard let header = best?.row else {
      throw LedgerFileError(
        file: location(row: candidates.first?.number ?? 1, column: nil),
        reason:
          "no header row: none of the first rows names a column Weige knows (楼栋, 单元, 室号, 户主, 联系电话 …); name others with --map"
      )
    }
    var layout = ColumnLayout(columns: [:], headers: [:], unknown: [], headerRow: header.number)
    for (column, text) in header.cells.enumerated() where !text.isEmpty {
      layout.headers[column] = text
      guard let found = field(text) else {
        layout.unknown.append(text)
        continue
      }
      if layout.columns[found] == nil { layout.columns[found] = column }
    }
    return layout
  }
}
