import WeigeConfig
import WeigeCore

/// What a register file holds, one kind a command.
public enum ImportKind: String, CaseIterable, Sendable {
  case places, households, people, teams
}

/// A cell, row or file that keeps the import from applying, where a spreadsheet user finds it.
public struct ImportIssue: Sendable, Equatable, Encodable, CustomStringConvertible {
  /// `households.xlsx 户籍!F213`
  public var location: String
  public var message: String

  public var description: String { "\(location): \(message)" }
}

/// One record the import would change, and how (`人数 3 → 4`).
public struct ImportChange: Sendable, Equatable, Encodable {
  public var record: String
  public var fields: [String]
}

/// What importing a file would do: the events, as one batch, and the counts a dry run prints.
public struct ImportPlan: Sendable {
  public var kind: ImportKind
  /// The batch to append, in order; empty when nothing changes or anything is wrong.
  public var events: [NewEvent] = []
  /// Records (households, people, team posts by place, places) new, changed and unchanged.
  public var added = 0
  public var changed: [ImportChange] = []
  public var unchanged = 0
  /// Places the import creates (`--create-places`, or a places file).
  public var placesCreated = 0
  /// Data rows read (blank rows and the header not counted).
  public var rows = 0
  public var issues: [ImportIssue] = []
  /// Headers not recognised, left out.
  public var ignoredColumns: [String] = []

  /// Whether the batch may be appended: no issue at all.
  public var isClean: Bool { issues.isEmpty }
}

/// What the import is told besides the file.
public struct ImportOptions: Sendable {
  public var createPlaces: Bool
  public var actor: String
  public var time: Timestamp
  public var map: ColumnMapFile?

  public init(createPlaces: Bool = false, actor: String, time: Timestamp = .now, map: ColumnMapFile? = nil) {
    self.createPlaces = createPlaces
    self.actor = actor
    self.time = time
    self.map = map
  }
}

extension ImportPlan {
  /// Plans importing `table` as `kind` into `ledger`: every row read, every change decided and
  /// validated by Core on a copy of the state, in the order it would be appended. Rows that
  /// match the ledger already give no event, so importing the same file twice appends nothing.
  /// `progress` hears (rows done, rows in all) every thousand rows.
  public static func plan(
    _ kind: ImportKind, table: SheetTable, into ledger: Ledger, options: ImportOptions,
    progress: (Int, Int) -> Void = { _, _ in }
  ) throws(LedgerFileError) -> ImportPlan {
    var table = table
    table.fillMerges()
    let layout = try table.layout(catalogue: ledger.catalogue, map: options.map)
    var importer = try LedgerImporter(
      kind: kind, table: table, layout: layout, ledger: ledger, options: options)
    let rows = table.rows.filter { $0.number > layout.headerRow }
    for (index, row) in rows.enumerated() {
      importer.read(row)
      if (index + 1) % 1_000 == 0 { progress(index + 1, rows.count) }
    }
    progress(rows.count, rows.count)
    return importer.finished()
  }
}

/// The import's working state: a copy of the ledger that every planned event is executed on, so
/// that Core validates each against what the events before it did.
struct LedgerImporter {
  let kind: ImportKind
  let table: SheetTable
  let layout: ColumnLayout
  let options: ImportOptions
  var ledger: Ledger
  var plan: ImportPlan
  var places: PlaceFinder
  var people: PeopleFinder
  /// (stairwell, room) → the row that named it, to refuse a household twice.
  var seenRooms: [PlaceID: [String: Int]] = [:]
  /// Each stairwell's households by room, as far as rows have looked.
  var rooms: [PlaceID: [String: HouseholdID]] = [:]
  /// Team registers: who the file names at each place, in the order places first appear.
  var teams: [PlaceID: [TeamEntry]] = [:]
  var teamOrder: [PlaceID] = []
  /// The yes/no columns of a household register (flags and tags), in the file's order.
  let markColumns: [LedgerField]
  /// The columns that name a row's place, and what their cells found: rows of one stairwell
  /// repeat the same cells, which need not be split, trimmed and looked up again.
  let placeColumns: [Int]
  var placesByCells: [String: PlaceID] = [:]

  /// An importer of `table`'s rows (it keeps the table only to name places in messages); refuses
  /// a header without the columns `kind` needs.
  init(
    kind: ImportKind, table: SheetTable, layout: ColumnLayout, ledger: Ledger, options: ImportOptions
  ) throws(LedgerFileError) {
    self.kind = kind
    self.table = table
    self.layout = layout
    self.options = options
    self.ledger = ledger
    plan = ImportPlan(kind: kind)
    places = PlaceFinder(ledger)
    people = PeopleFinder(kind == .people || kind == .teams ? ledger : Ledger())
    markColumns = layout.columns.sorted { $0.value < $1.value }.map(\.key).filter {
      switch $0 {
      case .flag, .partyMember, .tag: true
      default: false
      }
    }
    placeColumns = ([LedgerField.placePath] + PlaceLevel.allCases.map(LedgerField.place)).compactMap {
      layout.column($0)
    }
    plan.ignoredColumns = layout.unknown
    try requireColumns()
  }

  /// The plan once every row is read: nothing to append unless every row was clean.
  mutating func finished() -> ImportPlan {
    finish()
    if !plan.isClean { plan.events = [] }
    return plan
  }

  /// The columns a kind cannot do without, said before any row is read.
  private func requireColumns() throws(LedgerFileError) {
    let placeColumns = [LedgerField.placePath] + PlaceLevel.allCases.map(LedgerField.place)
    var missing: [String] = []
    if !placeColumns.contains(where: { layout.column($0) != nil }) {
      missing.append("a place (楼道 as 长江小区/3幢/2单元, or 小区, 楼栋, 单元)")
    }
    switch kind {
    case .places: break
    case .households:
      if layout.column(.room) == nil { missing.append("室号") }
    case .people:
      if layout.column(.name) == nil { missing.append("姓名") }
    case .teams:
      let roles = ledger.catalogue.roles.contains { layout.column(.role($0.id)) != nil }
      if !roles && (layout.column(.roleName) == nil || layout.column(.name) == nil) {
        missing.append("职务 and 姓名, or a column per role (楼道长, 信息员, 保障员 …)")
      }
    }
    guard missing.isEmpty else {
      throw LedgerFileError(
        file: table.location(row: layout.headerRow, column: nil),
        reason: "no column for " + missing.joined(separator: ", ") + " in the header")
    }
  }

  // MARK: Cells

  func text(_ row: SheetRow, _ field: LedgerField) -> String? {
    layout.column(field).map { FreeText.trimmed(row.cell($0)) }
  }

  mutating func issue(_ row: SheetRow, _ field: LedgerField?, _ message: String) {
    let column = field.flatMap { layout.column($0) }
    plan.issues.append(
      ImportIssue(location: table.location(row: row.number, column: column), message: message))
  }

  /// A cell read by `parse`; a problem is recorded against the cell, naming its header and text.
  mutating func value<T>(
    _ row: SheetRow, _ field: LedgerField, _ parse: (String) -> Result<T, CellProblem>
  ) -> T? {
    guard let text = text(row, field) else { return nil }
    switch parse(text) {
    case .success(let value): return value
    case .failure(let problem):
      let header = layout.column(field).flatMap { layout.headers[$0] } ?? field.key
      issue(row, field, "\(header) \"\(text)\" \(problem.reason)")
      return nil
    }
  }

  /// Executes `body` on the working ledger and queues it; Core's refusal is the row's issue.
  @discardableResult
  mutating func record(_ body: EventBody, row: SheetRow) -> Bool {
    do {
      try ledger.execute(body, at: options.time, actor: options.actor)
    } catch {
      issue(row, nil, error.english)
      return false
    }
    plan.events.append(NewEvent(time: options.time, actor: options.actor, body: body))
    return true
  }

  // MARK: Rows

  mutating func read(_ row: SheetRow) {
    // A totals row (合计), as an exported report ends, is not a record.
    if let first = row.cells.first(where: { !$0.isEmpty }),
      ["合计", "总计", "小计"].contains(FreeText.trimmed(first))
    {
      return
    }
    plan.rows += 1
    guard let place = place(of: row) else { return }
    switch kind {
    case .places: break
    case .households: readHousehold(row, stairwell: place)
    case .people: readPerson(row, place: place)
    case .teams: readTeam(row, place: place)
    }
  }

  /// The row's place; missing places are created when the kind or `--create-places` allows.
  mutating func place(of row: SheetRow) -> PlaceID? {
    let cells = placeColumns.map { row.cell($0) }.joined(separator: "\u{1F}")
    if let known = placesByCells[cells] {
      if kind == .places { plan.unchanged += 1 }
      return known
    }
    let found = find(row)
    if let found { placesByCells[cells] = found }
    return found
  }

  /// The place the row's cells name, found (or created) through `places`.
  mutating func find(_ row: SheetRow) -> PlaceID? {
    var parts: [PlacePart] = []
    if let path = text(row, .placePath), !path.isEmpty {
      parts += path.split(whereSeparator: { "/／\\".contains($0) }).map {
        PlacePart(name: FreeText.trimmed(String($0)), level: nil)
      }
    }
    for level in PlaceLevel.allCases {
      if let name = text(row, .place(level)), !name.isEmpty {
        parts.append(PlacePart(name: PlacePart.named(name, at: level), level: level))
      }
    }
    let shown = parts.map(\.name).joined(separator: "/")
    guard !parts.isEmpty else {
      issue(row, .placePath, "no place: the row names no 楼道, 楼栋 or 单元")
      return nil
    }
    switch places.find(parts) {
    case .found(let id):
      if kind == .places { plan.unchanged += 1 }
      return id
    case .ambiguous(let count):
      issue(row, nil, "\(shown) names \(count) places: add the 小区 or 社区 column, or a longer path")
      return nil
    case .missing:
      guard kind == .places || options.createPlaces else {
        issue(row, nil, "there is no place \(shown) (--create-places creates it)")
        return nil
      }
      return create(parts, row: row)
    }
  }

  /// Creates the parts of `parts` past the longest prefix that exists.
  mutating func create(_ parts: [PlacePart], row: SheetRow) -> PlaceID? {
    var parent: PlaceID?
    var start = 0
    for length in stride(from: parts.count - 1, through: 1, by: -1) {
      if case .found(let id) = places.find(Array(parts[..<length])) {
        parent = id
        start = length
        break
      }
    }
    for part in parts[start...] {
      guard let level = part.level ?? PlacePart.level(of: part.name) else {
        issue(
          row, nil,
          "cannot tell what kind of place '\(part.name)' is (社区, 小区, 网格, 楼栋 or 单元): use separate columns")
        return nil
      }
      let place = Place(
        id: ledger.nextPlaceID, parent: parent, level: level, name: part.name,
        gridKind: level == .grid ? .general : nil)
      guard record(.placeAdded(place), row: row) else { return nil }
      places.add(place)
      plan.placesCreated += 1
      if kind == .places { plan.added += 1 }
      parent = place.id
    }
    return parent
  }

  mutating func readHousehold(_ row: SheetRow, stairwell: PlaceID) {
    let room = PlacePart.room(text(row, .room) ?? "")
    guard !room.isEmpty else { return issue(row, .room, "no 室号") }
    if let first = seenRooms[stairwell]?[room] {
      return issue(row, .room, "\(ledger.fieldName(of: stairwell)) \(room)室 is also on row \(first)")
    }
    seenRooms[stairwell, default: [:]][room] = row.number
    let before = plan.issues.count
    let name = text(row, .name)
    let phone = value(row, .phone, CellValue.phone)
    let idNumber = value(row, .idNumber, CellValue.idNumber)
    let residents = value(row, .residents, CellValue.count) ?? nil
    let aged = value(row, .aged60Plus, CellValue.count) ?? nil
    var flagColumns: HouseholdFlags = []
    var flags: HouseholdFlags = []
    var tagColumns: [String] = []
    var tags: [String] = []
    for field in markColumns {
      switch field {
      case .flag, .partyMember:
        let flag: HouseholdFlags = if case .flag(let flag) = field { flag } else { .partyMember }
        flagColumns.insert(flag)
        if value(row, field, CellValue.yesNo) == true { flags.insert(flag) }
      case .tag(let tag):
        tagColumns.append(tag)
        if value(row, field, CellValue.yesNo) == true { tags.append(tag) }
      default:
        break
      }
    }
    guard plan.issues.count == before else { return }
    guard let existing = household(in: stairwell, room: room) else {
      let household = Household(
        id: ledger.nextHouseholdID, stairwell: stairwell, room: room, residents: residents ?? 0,
        aged60Plus: aged ?? 0, contactName: name ?? "", contactPhone: phone ?? "",
        contactIDNumber: idNumber ?? "", flags: flags, tags: tags)
      if record(.householdRegistered(household), row: row) {
        plan.added += 1
        rooms[stairwell]?[room] = household.id
      }
      return
    }
    var details = existing.details
    if let name { details.contactName = name }
    if let phone { details.contactPhone = phone }
    if let idNumber { details.contactIDNumber = idNumber }
    if let residents { details.residents = residents }
    if let aged { details.aged60Plus = aged }
    let newFlags = existing.flags.subtracting(flagColumns).union(flags)
    let newTags = existing.tags.filter { !tagColumns.contains($0) } + tags
    // A row the ledger already holds, as most of a register imported again are: said without
    // writing out each field's before and after.
    guard details != existing.details || newFlags != existing.flags || newTags != existing.tags else {
      plan.unchanged += 1
      return
    }
    var fields: [String] = []
    func note(_ header: String, _ old: String, _ new: String) {
      if old != new { fields.append("\(header) \(old.isEmpty ? "（空）" : old) → \(new.isEmpty ? "（空）" : new)") }
    }
    note("户主", existing.contactName, details.contactName)
    note("联系电话", existing.contactPhone, details.contactPhone)
    if let change = idNumberChange(existing.contactIDNumber, details.contactIDNumber) {
      fields.append(change)
    }
    note("人数", "\(existing.residents)", "\(details.residents)")
    note("60岁以上", "\(existing.aged60Plus)", "\(details.aged60Plus)")
    for entry in HouseholdFlags.all where flagColumns.contains(entry.flag) {
      note(
        entry.chinese, existing.flags.contains(entry.flag) ? "是" : "否",
        newFlags.contains(entry.flag) ? "是" : "否")
    }
    for tag in tagColumns {
      note(tag, existing.tags.contains(tag) ? "是" : "否", tags.contains(tag) ? "是" : "否")
    }
    guard !fields.isEmpty else {
      plan.unchanged += 1
      return
    }
    if details != existing.details { record(.householdDetailsChanged(existing.id, details), row: row) }
    if newFlags != existing.flags || newTags != existing.tags {
      record(.householdFlagsChanged(existing.id, flags: newFlags, tags: newTags), row: row)
    }
    plan.changed.append(ImportChange(record: "\(ledger.fieldName(of: stairwell)) \(room)室", fields: fields))
  }

  /// The household of `room` in `stairwell`, through a room index built for a stairwell the first
  /// time a row names it (and kept as rows register households).
  mutating func household(in stairwell: PlaceID, room: String) -> Household? {
    if rooms[stairwell] == nil {
      var index: [String: HouseholdID] = [:]
      for id in ledger.householdsByStairwell[stairwell, default: []] {
        if let home = ledger.households[id] { index[home.room] = id }
      }
      rooms[stairwell] = index
    }
    return rooms[stairwell]?[room].flatMap { ledger.households[$0] }
  }

  /// The household a person's row names by its room, in the row's stairwell.
  mutating func home(_ row: SheetRow, place: PlaceID) -> HouseholdID? {
    guard let room = text(row, .room).map(PlacePart.room), !room.isEmpty else { return nil }
    return household(in: place, room: room)?.id
  }

  mutating func readPerson(_ row: SheetRow, place: PlaceID) {
    let name = text(row, .name) ?? ""
    guard !name.isEmpty else { return issue(row, .name, "no 姓名") }
    let before = plan.issues.count
    let phone = value(row, .phone, CellValue.phone)
    let party = value(row, .partyMember, CellValue.yesNo)
    let idNumber = value(row, .idNumber, CellValue.idNumber)
    let household = home(row, place: place)
    if text(row, .room).map({ !$0.isEmpty }) == true && household == nil {
      issue(row, .room, "there is no room \(text(row, .room) ?? "") in \(ledger.fieldName(of: place))")
    }
    guard plan.issues.count == before else { return }
    var entry = TeamEntry(
      row: row, role: nil, name: name, phone: phone, isPartyMember: party, household: household)
    entry.idNumber = idNumber
    _ = person(for: entry, at: place, counting: true)
  }

  mutating func readTeam(_ row: SheetRow, place: PlaceID) {
    let before = plan.issues.count
    let phone = value(row, .phone, CellValue.phone)
    let party = value(row, .partyMember, CellValue.yesNo)
    let idNumber = value(row, .idNumber, CellValue.idNumber)
    let household = home(row, place: place)
    var entries: [TeamEntry] = []
    if let roleText = text(row, .roleName), let name = text(row, .name), !(roleText.isEmpty && name.isEmpty) {
      guard
        let role = ledger.catalogue.roles.first(where: {
          $0.name == roleText || $0.id == roleText || $0.englishName == roleText
        })
      else {
        let names = ledger.catalogue.roles.map(\.name).joined(separator: "、")
        return issue(row, .roleName, "职务 \"\(roleText)\" is not a role here (\(names))")
      }
      guard !name.isEmpty else { return issue(row, .name, "no 姓名 for the \(role.name)") }
      entries.append(
        TeamEntry(
          row: row, role: role.id, name: name, phone: phone, isPartyMember: party, household: household,
          idNumber: idNumber))
    }
    for role in ledger.catalogue.roles {
      guard let names = text(row, .role(role.id)) else { continue }
      for name in names.split(whereSeparator: { "、,，;；/ ".contains($0) }) {
        entries.append(
          TeamEntry(
            row: row, role: role.id, name: String(name), phone: nil, isPartyMember: nil, household: nil))
      }
    }
    guard plan.issues.count == before else { return }
    if teams[place] == nil { teamOrder.append(place) }
    teams[place, default: []] += entries
  }

  /// The person an entry names at `place`: someone of that name and phone, else someone of that
  /// name who holds a post there or lives there (a phone the row gives that differs is then
  /// corrected), else a new person.
  mutating func person(for entry: TeamEntry, at place: PlaceID, counting: Bool) -> PersonID? {
    let phone = entry.phone.flatMap { $0.isEmpty ? nil : $0 }
    let named = people.named(entry.name).compactMap { ledger.people[$0] }
    let posts = ledger.catalogue.roles.flatMap {
      ledger.holders[RoleAssignment(role: $0.id, place: place)] ?? []
    }
    let match =
      named.first { phone != nil && $0.phone == phone }
      ?? named.first {
        posts.contains($0.id) || $0.household.flatMap { ledger.households[$0]?.stairwell } == place
      }
    guard let match else {
      let person = Person(
        id: ledger.nextPersonID, name: entry.name, household: entry.household, phone: phone ?? "",
        idNumber: entry.idNumber ?? "", isPartyMember: entry.isPartyMember ?? false)
      guard record(.personRegistered(person), row: entry.row) else { return nil }
      people.add(person)
      if counting { plan.added += 1 }
      return person.id
    }
    let newPhone = phone ?? match.phone
    let newID = entry.idNumber.flatMap { $0.isEmpty ? nil : $0 } ?? match.idNumber
    let party = entry.isPartyMember ?? match.isPartyMember
    guard newPhone != match.phone || newID != match.idNumber || party != match.isPartyMember else {
      if counting { plan.unchanged += 1 }
      return match.id
    }
    record(
      .personDetailsChanged(match.id, phone: newPhone, idNumber: newID, isPartyMember: party), row: entry.row)
    var fields: [String] = []
    if newPhone != match.phone { fields.append("电话 \(match.phone) → \(newPhone)") }
    if let change = idNumberChange(match.idNumber, newID) { fields.append(change) }
    if party != match.isPartyMember {
      fields.append("党员 \(match.isPartyMember ? "是" : "否") → \(party ? "是" : "否")")
    }
    if counting { plan.changed.append(ImportChange(record: match.name, fields: fields)) }
    return match.id
  }

  /// Teams are decided place by place once every row is read: posts the file no longer names are
  /// vacated first, then the people it names are appointed.
  private mutating func finish() {
    guard kind == .teams else { return }
    let columnRoles = Set(ledger.catalogue.roles.map(\.id).filter { layout.column(.role($0)) != nil })
    let byRow = layout.column(.roleName) != nil
    for place in teamOrder {
      let entries = teams[place] ?? []
      guard let level = ledger.places[place]?.level, let firstRow = entries.first?.row else { continue }
      let roles = ledger.catalogue.roles.filter {
        $0.level == level && (byRow || columnRoles.contains($0.id))
      }
      var wanted: [(role: RoleID, person: PersonID, row: SheetRow)] = []
      for entry in entries {
        guard let role = entry.role, let person = person(for: entry, at: place, counting: false) else {
          continue
        }
        wanted.append((role, person, entry.row))
      }
      var fields: [String] = []
      var held = 0
      for role in roles {
        let assignment = RoleAssignment(role: role.id, place: place)
        let current = ledger.holders[assignment, default: []]
        held += current.count
        for person in current where !wanted.contains(where: { $0.role == role.id && $0.person == person }) {
          let name = ledger.people[person]?.name ?? person.description
          let reason = "台账导入 \(table.file.split(separator: "/").last ?? "")：名册中已无"
          if record(.roleVacated(person, assignment, reason: reason), row: firstRow) {
            fields.append("\(role.name) \(name) 卸任")
          }
        }
      }
      for (role, person, row) in wanted {
        let assignment = RoleAssignment(role: role, place: place)
        guard !ledger.holders[assignment, default: []].contains(person) else { continue }
        if record(.roleAssigned(person, assignment), row: row) {
          let name = ledger.catalogue.role(role)?.name ?? role
          fields.append("\(name) \(ledger.people[person]?.name ?? "")")
        }
      }
      if fields.isEmpty {
        plan.unchanged += 1
      } else if held == 0 {
        plan.added += 1
      } else {
        plan.changed.append(ImportChange(record: ledger.fieldName(of: place), fields: fields))
      }
    }
  }
}

/// How a plan words an ID number's change: masked, as it is printed (a correction of middle
/// digits masks alike on both sides, and is said so rather than passed over); nil when unchanged.
func idNumberChange(_ old: String, _ new: String) -> String? {
  guard old != new else { return nil }
  let (before, after) = (ResidentNumbers.maskedID(old), ResidentNumbers.maskedID(new))
  if before == after { return "身份证号 \(after) 已更正" }
  return "身份证号 \(before.isEmpty ? "（空）" : before) → \(after.isEmpty ? "（空）" : after)"
}

/// A person a team or people register names on a row.
struct TeamEntry {
  var row: SheetRow
  var role: RoleID?
  var name: String
  var phone: String?
  var isPartyMember: Bool?
  var household: HouseholdID?
  /// From the row's 身份证号 column: a people register's, or a team register's that names one
  /// person a row.
  var idNumber: String? = nil
}
