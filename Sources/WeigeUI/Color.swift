/// A colour as a theme names it; the backend downgrades it to what the terminal can show.
public enum Color: Hashable, Sendable, CustomStringConvertible {
  /// The terminal's own foreground or background.
  case `default`
  /// One of the 16 ANSI colours: 0–7 normal, 8–15 bright.
  case ansi(UInt8)
  /// An entry of the xterm 256-colour palette.
  case indexed(UInt8)
  case rgb(UInt8, UInt8, UInt8)

  public static let black = Color.ansi(0)
  public static let red = Color.ansi(1)
  public static let green = Color.ansi(2)
  public static let yellow = Color.ansi(3)
  public static let blue = Color.ansi(4)
  public static let magenta = Color.ansi(5)
  public static let cyan = Color.ansi(6)
  public static let white = Color.ansi(7)

  /// ANSI names in palette order; `bright-` adds 8.
  static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

  public var description: String {
    switch self {
    case .default: "default"
    case .ansi(let index) where index < 8: Color.ansiNames[Int(index)]
    case .ansi(let index): "bright-" + Color.ansiNames[Int(index % 8)]
    case .indexed(let index): "\(index)"
    case .rgb(let r, let g, let b):
      "#" + [r, g, b].map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
  }

  /// Parses a theme value: `default`, an ANSI name (`red`, `bright-red`, `grey`), or `#rrggbb`.
  public init?(name: String) {
    let text = name.lowercased().trimmingSpaces()
    if text == "default" {
      self = .default
      return
    }
    if text.hasPrefix("#") {
      let hex = text.dropFirst()
      guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return nil }
      self = .rgb(UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff))
      return
    }
    if let index = Int(text), (0...255).contains(index) {
      self = .indexed(UInt8(index))
      return
    }
    var base = text
    var bright = false
    for prefix in ["bright-", "bright_", "bright", "light-", "light_"] where base.hasPrefix(prefix) {
      base = String(base.dropFirst(prefix.count))
      bright = true
      break
    }
    if base == "grey" || base == "gray" {
      self = bright ? .ansi(7) : .ansi(8)
      return
    }
    guard let index = Color.ansiNames.firstIndex(of: base) else { return nil }
    self = .ansi(UInt8(index + (bright ? 8 : 0)))
  }
}

/// How many colours a terminal can show, from none to 24-bit.
public enum ColorDepth: Int, Comparable, Sendable, CaseIterable, CustomStringConvertible {
  case none = 0
  case ansi8 = 8
  case ansi16 = 16
  case indexed256 = 256
  case trueColor = 16_777_216

  public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }

  public var description: String {
    switch self {
    case .none: "no colour"
    case .ansi8: "8 colours"
    case .ansi16: "16 colours"
    case .indexed256: "256 colours"
    case .trueColor: "24-bit colour"
    }
  }

  /// The depth for a terminal that reports `colors` (ncurses' COLORS).
  public init(reportedColors colors: Int) {
    switch colors {
    case 16_777_216...: self = .trueColor
    case 256...: self = .indexed256
    case 16...: self = .ansi16
    case 8...: self = .ansi8
    default: self = .none
    }
  }
}

extension Color {
  /// The colour the terminal can show at `depth`: truecolor → 256 → 16 → 8 → none.
  public func downgraded(to depth: ColorDepth) -> Color {
    switch (self, depth) {
    case (.default, _), (_, .trueColor): return self
    case (_, .none): return .default
    case (.rgb(let r, let g, let b), .indexed256): return .indexed(ColorTable.nearest256(r, g, b))
    case (.indexed, .indexed256), (.ansi, .indexed256), (.ansi, .ansi16): return self
    // Bright black is the 16-colour grey; with 8 colours it would fall to black, and grey text
    // (legends, counts) would vanish on a black background. White keeps it readable.
    case (.ansi(8), .ansi8): return .white
    case (.ansi(let index), .ansi8): return .ansi(index % 8)
    case (.indexed(let index), _) where index < 16: return Color.ansi(index).downgraded(to: depth)
    case (.indexed, _), (.rgb, _):
      let (r, g, b) = rgbValue
      let ansi = ColorTable.nearest16(r, g, b)
      return Color.ansi(ansi).downgraded(to: depth)
    }
  }

  /// The colour's red, green and blue, using xterm's palette for the indexed ones.
  public var rgbValue: (UInt8, UInt8, UInt8) {
    switch self {
    case .default: (0, 0, 0)
    case .ansi(let index): ColorTable.ansi[Int(index % 16)]
    case .indexed(let index): ColorTable.rgb(ofIndex: index)
    case .rgb(let r, let g, let b): (r, g, b)
    }
  }
}

/// The xterm palette, used to find the nearest colour when downgrading.
enum ColorTable {
  /// xterm's default 16 colours.
  static let ansi: [(UInt8, UInt8, UInt8)] = [
    (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
    (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
    (255, 0, 255), (0, 255, 255), (255, 255, 255),
  ]
  /// The six levels of each channel in the 6×6×6 cube (indices 16–231).
  static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

  static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
    switch index {
    case 0..<16: return ansi[Int(index)]
    case 16..<232:
      let i = Int(index) - 16
      return (UInt8(cubeLevels[i / 36]), UInt8(cubeLevels[i / 6 % 6]), UInt8(cubeLevels[i % 6]))
    default:
      let level = UInt8(8 + 10 * (Int(index) - 232))
      return (level, level, level)
    }
  }

  static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
    let dr = Int(a.0) - Int(b.0)
    let dg = Int(a.1) - Int(b.1)
    let db = Int(a.2) - Int(b.2)
    return dr * dr + dg * dg + db * db
  }

  /// The nearest of the cube and the grey ramp (the 16 ANSI entries vary by terminal, so skip them).
  static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
    func level(_ channel: UInt8) -> Int {
      cubeLevels.indices.min { abs(cubeLevels[$0] - Int(channel)) < abs(cubeLevels[$1] - Int(channel)) }!
    }
    let cube = UInt8(16 + 36 * level(r) + 6 * level(g) + level(b))
    let average = (Int(r) + Int(g) + Int(b)) / 3
    let grey = UInt8(232 + min(23, max(0, (average - 3) / 10)))
    let target = (r, g, b)
    return distance(rgb(ofIndex: cube), target) <= distance(rgb(ofIndex: grey), target) ? cube : grey
  }

  static func nearest16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
    UInt8(ansi.indices.min { distance(ansi[$0], (r, g, b)) < distance(ansi[$1], (r, g, b)) }!)
  }
}

extension String {
  func trimmingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
