import Foundation
import WeigeCore
import WeigeLedgers

/// The device→place and meter→household mapping, read from a register (CSV or XLSX) like any
/// ledger: a header row naming 设备编号 (device), 类型 (type: 摄像头/camera or 水表/meter), 地点
/// (place, a path such as 春江小区/3号楼/1单元) and, for a meter, 房号 (room) in that stairwell.
public enum DeviceMapping {
  struct Columns {
    var device: Int
    var type: Int
    var place: Int
    var room: Int?
  }

  static let headers: [(names: Set<String>, field: String)] = [
    (["设备编号", "device", "设备"], "设备编号 (device)"),
    (["类型", "type", "设备类型"], "类型 (type)"),
    (["地点", "place", "位置"], "地点 (place)"),
    (["房号", "room"], "房号 (room)"),
  ]

  /// Every row as a device, or the first bad cell named by file, sheet, row and column; nothing
  /// is registered from a file with a bad row.
  public static func devices(in table: SheetTable, ledger: Ledger) throws(LedgerFileError) -> [SensorDevice] {
    guard let header = table.rows.first else { throw LedgerFileError(file: table.file, reason: "is empty") }
    func column(_ index: Int) -> Int? {
      header.cells.firstIndex {
        headers[index].names.contains($0.trimmingCharacters(in: .whitespaces).lowercased())
      }
    }
    var found: [Int] = []
    for index in 0..<3 {
      guard let at = column(index) else {
        throw LedgerFileError(
          file: table.file,
          reason: "\(table.location(row: header.number, column: nil)) has no column \(headers[index].field)")
      }
      found.append(at)
    }
    let columns = Columns(device: found[0], type: found[1], place: found[2], room: column(3))
    let places = placesByPath(ledger)
    var devices: [SensorDevice] = []
    var seen: [String: Int] = [:]
    for row in table.rows.dropFirst() {
      func bad(_ column: Int?, _ reason: String) -> LedgerFileError {
        LedgerFileError(
          file: table.file, reason: "\(table.location(row: row.number, column: column)): \(reason)")
      }
      let id = row.cell(columns.device).trimmingCharacters(in: .whitespaces)
      guard !id.isEmpty else { throw bad(columns.device, "no device id") }
      if let first = seen[id] { throw bad(columns.device, "device \(id) is already on row \(first)") }
      seen[id] = row.number
      let typeText = row.cell(columns.type).trimmingCharacters(in: .whitespaces)
      guard
        let source = SensorSource.allCases.first(where: {
          $0.chineseName == typeText || $0.englishName == typeText.lowercased()
        })
      else { throw bad(columns.type, "type \"\(typeText)\" is not 摄像头 (camera) or 水表 (meter)") }
      let placeText = row.cell(columns.place).trimmingCharacters(in: .whitespaces)
      guard let place = places[Self.key(placeText)] else {
        throw bad(columns.place, "there is no place \"\(placeText)\" (write its path, e.g. 春江小区/3号楼/1单元)")
      }
      guard source == .meter else {
        devices.append(SensorDevice(id: id, source: source, place: place))
        continue
      }
      let room = columns.room.map { row.cell($0).trimmingCharacters(in: .whitespaces) } ?? ""
      guard
        let household = ledger.householdsByStairwell[place, default: []].first(where: {
          ledger.households[$0]?.room == room
        })
      else {
        throw bad(
          columns.room, "a meter is mapped to a household: there is no room \"\(room)\" in \(placeText)")
      }
      devices.append(SensorDevice(id: id, source: source, place: place, household: household))
    }
    return devices
  }

  /// Every place by its path from the root (长江小区/3幢/2单元) or any shorter tail of it
  /// (3幢/2单元, or a unique name alone); a tail that names two places names neither.
  static func placesByPath(_ ledger: Ledger) -> [String: PlaceID] {
    var found: [String: Set<PlaceID>] = [:]
    for place in ledger.places.values {
      let names = ledger.path(of: place.id).map(\.name)
      for start in names.indices {
        found[key(names[start...].joined(separator: "/")), default: []].insert(place.id)
      }
    }
    return found.compactMapValues { $0.count == 1 ? $0.first : nil }
  }

  private static func key(_ text: String) -> String { text.filter { !$0.isWhitespace } }
}
