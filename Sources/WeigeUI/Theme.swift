import Foundation
import TOMLKit

/// A named colour role: what a colour is for, not which colour it is.
public enum StyleRole: String, CaseIterable, Sendable {
  case background, text, muted, accent, border, title, selection
  case selectionText = "selection_text"
  case ok, warn, danger, critical
  case partyRed = "party_red"
  case war
  case drillWatermark = "drill_watermark"
}

/// The colours of the whole interface, read from a TOML file under `themes/`.
public struct Theme: Hashable, Sendable {
  public var name: String
  public var summary: String
  public var colors: [StyleRole: Color]
  /// Tile-map lens steps from good to bad (e.g. 0 open tickets … many).
  public var lensSteps: [Color]

  public init(name: String, summary: String, colors: [StyleRole: Color], lensSteps: [Color]) {
    self.name = name
    self.summary = summary
    self.colors = colors
    self.lensSteps = lensSteps
  }

  public subscript(role: StyleRole) -> Color { colors[role] ?? .default }

  /// Text in `role`'s colour on the theme background.
  public func style(_ role: StyleRole) -> Style {
    Style(foreground: self[role], background: self[.background])
  }

  /// The style of a selected row; reversed where the selection has no colour of its own (mono,
  /// NO_COLOR), since bold alone hardly marks a row.
  public var selectionStyle: Style {
    Style(
      foreground: self[.selectionText], background: self[.selection], bold: true,
      reverse: self[.selection] == self[.background])
  }

  /// The lens colour for a value in 0...1.
  public func lens(_ fraction: Double) -> Color {
    guard !lensSteps.isEmpty else { return self[.accent] }
    let clamped = fraction.isFinite ? min(1, max(0, fraction)) : 0
    return lensSteps[min(lensSteps.count - 1, Int(clamped * Double(lensSteps.count)))]
  }

  /// Every colour downgraded to what the terminal shows. A colour that differed from its
  /// background before and equals it after (a dark grey on black, a grey on white with 8 colours)
  /// is given the nearest visible one instead, so nothing drawn in it disappears.
  public func downgraded(to depth: ColorDepth) -> Theme {
    var down = colors.mapValues { $0.downgraded(to: depth) }
    let background = down[.background] ?? .default
    func visible(_ original: Color, on back: Color, originally: Color) -> Color {
      let color = original.downgraded(to: depth)
      guard color == back, original != originally, depth != .none, depth < .indexed256 else { return color }
      let (r, g, b) = back.rgbValue
      let isLight = back != .default && Int(r) * 3 + Int(g) * 6 + Int(b) > 1280
      return isLight ? .black : depth == .ansi16 && color != .ansi(8) ? .ansi(8) : .white
    }
    for role in StyleRole.allCases where ![.background, .selection, .drillWatermark].contains(role) {
      down[role] = visible(self[role], on: background, originally: self[.background])
    }
    down[.selectionText] = visible(
      self[.selectionText], on: down[.selection] ?? .default, originally: self[.selection])
    return Theme(
      name: name, summary: summary, colors: down,
      lensSteps: lensSteps.map { visible($0, on: background, originally: self[.background]) })
  }

  /// Used when no theme file can be read, so Weige always starts. Matches themes/dangjian.toml
  /// (a test keeps them equal).
  public static let fallback = Theme(
    name: "dangjian", summary: "党建红 — red on dark (default)",
    colors: [
      .background: .rgb(0x1a, 0x0d, 0x0d), .text: .rgb(0xf2, 0xe6, 0xd8), .muted: .rgb(0x9a, 0x86, 0x7a),
      .accent: .rgb(0xff, 0xc8, 0x3d), .border: .rgb(0xb0, 0x30, 0x30), .title: .rgb(0xff, 0xd7, 0x00),
      .selection: .rgb(0xc8, 0x10, 0x2e), .selectionText: .rgb(0xff, 0xff, 0xff), .ok: .rgb(0x4c, 0xaf, 0x50),
      .warn: .rgb(0xff, 0xb3, 0x00), .danger: .rgb(0xff, 0x57, 0x22), .critical: .rgb(0xff, 0x17, 0x44),
      .partyRed: .rgb(0xde, 0x29, 0x10), .war: .rgb(0xff, 0x00, 0x00),
      .drillWatermark: .rgb(0x4a, 0x1c, 0x1c),
    ],
    lensSteps: [
      .rgb(0x2e, 0x7d, 0x32), .rgb(0x9e, 0x9d, 0x24), .rgb(0xf9, 0xa8, 0x25), .rgb(0xef, 0x6c, 0x00),
      .rgb(0xc6, 0x28, 0x28),
    ])
}

/// A theme file that cannot be used, naming the file and the key at fault.
public struct ThemeError: Error, Hashable, Sendable, CustomStringConvertible {
  public var file: String
  /// The TOML key (`colors.accent`), or a line and column for a syntax error.
  public var key: String
  public var reason: String

  public init(file: String, key: String, reason: String) {
    self.file = file
    self.key = key
    self.reason = reason
  }

  public var description: String { "\(file): \(key): \(reason)" }
}

extension Theme {
  static let colourHint = "use default, an ANSI name (red, bright-red), a 256-colour index or #rrggbb"

  /// Parses a theme file's text. Every role must be given, and an unknown key is an error, so a
  /// typo cannot quietly leave a role in the terminal's colour. The text's shape is checked first
  /// (`TOMLSubset`), so that no malformed file reaches an assertion inside the TOML parser.
  public static func parse(_ text: String, file: String) throws(ThemeError) -> Theme {
    if let failure = TOMLSubset.check(text, usedIn: "themes") {
      throw ThemeError(
        file: file, key: "line \(failure.line), column \(failure.column)", reason: failure.reason)
    }
    let table: TOMLTable
    do {
      table = try TOMLTable(string: text)
    } catch let error as TOMLParseError {
      let at = error.source.begin
      throw ThemeError(file: file, key: "line \(at.line), column \(at.column)", reason: error.description)
    } catch {
      throw ThemeError(file: file, key: "(file)", reason: "\(error)")
    }
    guard let name = table["name"]?.string else {
      throw ThemeError(file: file, key: "name", reason: "missing or not a string")
    }
    let summary = table["description"]?.string ?? ""
    for key in table.keys where !["name", "description", "colors"].contains(key) {
      throw ThemeError(file: file, key: key, reason: "unknown key (expected name, description, [colors])")
    }
    guard let colorTable = table["colors"]?.table else {
      throw ThemeError(file: file, key: "colors", reason: "missing [colors] table")
    }
    let known = Set(StyleRole.allCases.map(\.rawValue) + ["lens"])
    for key in colorTable.keys where !known.contains(key) {
      throw ThemeError(file: file, key: "colors.\(key)", reason: "unknown colour role")
    }
    var colors: [StyleRole: Color] = [:]
    for role in StyleRole.allCases {
      let key = "colors.\(role.rawValue)"
      guard let value = colorTable[role.rawValue] else {
        throw ThemeError(file: file, key: key, reason: "missing (\(colourHint))")
      }
      colors[role] = try color(value, file: file, key: key)
    }
    guard let lens = colorTable["lens"]?.array, !lens.isEmpty else {
      throw ThemeError(file: file, key: "colors.lens", reason: "missing: an array of colours, good to bad")
    }
    let steps = try lens.enumerated().map { (index, value) throws(ThemeError) in
      try color(value, file: file, key: "colors.lens[\(index)]")
    }
    return Theme(name: name, summary: summary, colors: colors, lensSteps: steps)
  }

  private static func color(_ value: TOMLValueConvertible, file: String, key: String) throws(ThemeError)
    -> Color
  {
    if let index = value.int {
      guard (0...255).contains(index) else {
        throw ThemeError(file: file, key: key, reason: "\(index) is outside 0–255")
      }
      return .indexed(UInt8(index))
    }
    guard let text = value.string, let color = Color(name: text) else {
      throw ThemeError(file: file, key: key, reason: "\(value) is not a colour (\(colourHint))")
    }
    return color
  }

  /// Reads and parses a theme file.
  public static func load(path: String) throws(ThemeError) -> Theme {
    guard let data = FileManager.default.contents(atPath: path),
      let text = String(data: data, encoding: .utf8)
    else { throw ThemeError(file: path, key: "(file)", reason: "cannot be read as UTF-8 text") }
    return try parse(text, file: path)
  }
}
