import WeigeCore

/// How a register's cells are read: yes/no marks, counts, phone and ID numbers. Each returns the
/// value, or why the text is not one (said after the header and the text: `联系电话 "1381234"
/// is not a phone number`).
enum CellValue {
  /// 是/否 as registers mark them: 是 √ ✓ ● Y 1 有 TRUE for yes; blank, 否 × N 0 无 FALSE for no;
  /// a party-membership column also takes 中共党员/预备党员 and 群众.
  static func yesNo(_ text: String) -> Result<Bool, CellProblem> {
    // Most cells are blank, 是 or 否: answered without lowercasing.
    if text.isEmpty || text == "否" { return .success(false) }
    if text == "是" { return .success(true) }
    return switch text.lowercased() {
    case "", "否", "无", "×", "x", "n", "no", "0", "false", "不是", "群众", "非党员", "-", "—", "/": .success(false)
    case "是", "有", "√", "✓", "✔", "●", "y", "yes", "1", "true", "中共党员", "党员", "预备党员", "共产党员":
      .success(true)
    default: .failure(CellProblem("is not yes or no (是/否)"))
    }
  }

  /// A count of people: a whole number, 0 or more (`3`, `3人`).
  static func count(_ text: String) -> Result<Int?, CellProblem> {
    guard !text.isEmpty else { return .success(nil) }
    let digits = text.hasSuffix("人") ? String(text.dropLast()) : text
    guard let value = Int(digits), value >= 0 else {
      return .failure(CellProblem("is not a count of people"))
    }
    return .success(value)
  }

  /// A phone number by its pattern: a mobile (11 digits from 13–19), or a landline with its area
  /// code (0571-87654321) or without it (7 or 8 digits from 2–9: a short number from 1 is a
  /// mobile cut short), spaces and dashes allowed. The number is
  /// kept as digits, a landline's area code joined by a dash.
  static func phone(_ text: String) -> Result<String, CellProblem> {
    guard !text.isEmpty else { return .success("") }
    let isDigit = { (byte: UInt8) in (48...57).contains(byte) }
    // Most are digits alone, kept without breaking the text into characters.
    let compact = text.utf8.allSatisfy(isDigit) ? text : text.filter { $0 != " " && $0 != "-" && $0 != "—" }
    let bare = compact.hasPrefix("+86") ? String(compact.dropFirst(3)) : compact
    guard bare.utf8.allSatisfy(isDigit) else {
      return .failure(CellProblem("is not a phone number"))
    }
    let digits = Array(bare.utf8)
    if digits.count == 11, digits[0] == UInt8(ascii: "1"),
      (UInt8(ascii: "3")...UInt8(ascii: "9")).contains(digits[1])
    {
      return .success(bare)
    }
    if digits.first == UInt8(ascii: "0"), (10...12).contains(digits.count) {
      // A three-digit area code (010, 020–029) or a four-digit one.
      let areaLength = digits[1] == UInt8(ascii: "1") || digits[1] == UInt8(ascii: "2") ? 3 : 4
      return .success(String(bare.prefix(areaLength)) + "-" + String(bare.dropFirst(areaLength)))
    }
    if (7...8).contains(digits.count), digits[0] >= UInt8(ascii: "2") { return .success(bare) }
    return .failure(CellProblem("is not a phone number"))
  }

  /// A resident identity number, checked by Core's rule (`ResidentNumbers.idNumberProblem`).
  static func idNumber(_ text: String) -> Result<String, CellProblem> {
    guard !text.isEmpty else { return .success("") }
    if let problem = ResidentNumbers.idNumberProblem(text) { return .failure(CellProblem(problem)) }
    return .success(text.uppercased())
  }
}

/// Why a cell's text is not what its column holds.
struct CellProblem: Error {
  var reason: String
  init(_ reason: String) { self.reason = reason }
}
