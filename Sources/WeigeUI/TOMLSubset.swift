/// Checks a TOML file's text (a theme, the working-time calendar) against the small part of TOML
/// that Weige's files use, before TOMLKit sees it.
///
/// TOMLKit's parser (toml++) asserts instead of reporting some malformed headers — `[[[`, `[=` —
/// which aborts the process in a debug build and is undefined behaviour in a release one; `try?`
/// cannot catch either. So only text of this shape reaches it:
///
///     # comment
///     name = "dangjian"              key = string | integer | true/false | [array of those]
///     [colors]                       keys bare (a-z 0-9 _ -) or quoted, dotted allowed
///     lens = ["#2e7d32", 240,        arrays may span lines and end in a comma
///             "red"]
///
/// Anything else — inline tables, multi-line strings, floats, dates, `[[arrays of tables]]` — is
/// refused here with its line and column, naming what was expected.
public struct TOMLSubset {
  public struct Failure: Error, Hashable {
    public var line: Int
    public var column: Int
    public var reason: String
  }

  private let scalars: [Unicode.Scalar]
  /// The files, as a refusal names them: "themes", "calendar files".
  private let usage: String
  private var index = 0
  private var line = 1
  private var lineStart = 0

  /// Nil when the text has the shape above; otherwise where and why it does not. `usage` names
  /// the files in a refusal ("inline tables are not used in themes").
  public static func check(_ text: String, usedIn usage: String) -> Failure? {
    var syntax = TOMLSubset(scalars: Array(text.unicodeScalars), usage: usage)
    do {
      try syntax.document()
      return nil
    } catch {
      return error
    }
  }

  private init(scalars: [Unicode.Scalar], usage: String) {
    self.scalars = scalars
    self.usage = usage
  }

  private var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

  private func fail(_ reason: String) -> Failure {
    Failure(line: line, column: index - lineStart + 1, reason: reason)
  }

  private func found() -> String {
    guard let scalar = current else { return "the end of the file" }
    if scalar == "\n" || scalar == "\r" { return "the end of the line" }
    if scalar.value < 0x20 || scalar.value == 0x7f {
      return "control character U+\(String(scalar.value, radix: 16, uppercase: true))"
    }
    return "'\(scalar)'"
  }

  private mutating func document() throws(Failure) {
    while current != nil {
      skipSpaces()
      switch current {
      case nil: return
      case "#", "\n", "\r": break
      case "[":
        index += 1
        if current == "[" { throw fail("[[arrays of tables]] are not used in \(usage)") }
        skipSpaces()
        try key()
        skipSpaces()
        guard current == "]" else { throw fail("expected ']' to close the table name, found \(found())") }
        index += 1
      default:
        try key()
        skipSpaces()
        guard current == "=" else { throw fail("expected '=' after the key, found \(found())") }
        index += 1
        skipSpaces()
        try value()
      }
      skipSpaces()
      try endOfLine()
    }
  }

  /// A comment, then a line break or the end of the file.
  private mutating func endOfLine() throws(Failure) {
    if current == "#" { try comment() }
    switch current {
    case nil: return
    case "\n": break
    case "\r":
      index += 1
      guard current == "\n" else { throw fail("a carriage return must be followed by a line feed") }
    default: throw fail("expected the end of the line or a # comment, found \(found())")
    }
    index += 1
    line += 1
    lineStart = index
  }

  private mutating func comment() throws(Failure) {
    while let scalar = current, scalar != "\n", scalar != "\r" {
      if isControl(scalar) { throw fail("\(found()) in a comment") }
      index += 1
    }
  }

  private mutating func skipSpaces() {
    while current == " " || current == "\t" { index += 1 }
  }

  /// Spaces, comments and line breaks between the items of an array.
  private mutating func skipBlank() throws(Failure) {
    while true {
      skipSpaces()
      guard current == "#" || current == "\n" || current == "\r" else { return }
      try endOfLine()
    }
  }

  private func isControl(_ scalar: Unicode.Scalar) -> Bool {
    (scalar.value < 0x20 && scalar != "\t") || scalar.value == 0x7f
  }

  private static func isBareKey(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
    default: false
    }
  }

  /// One or more key parts joined by dots.
  private mutating func key() throws(Failure) {
    while true {
      switch current {
      case "\"": try basicString()
      case "'": try literalString()
      case let scalar? where Self.isBareKey(scalar):
        while let next = current, Self.isBareKey(next) { index += 1 }
      default: throw fail("expected a key (letters, digits, _ or -, or a quoted name), found \(found())")
      }
      skipSpaces()
      guard current == "." else { return }
      index += 1
      skipSpaces()
    }
  }

  private mutating func value() throws(Failure) {
    switch current {
    case "\"": try basicString()
    case "'": try literalString()
    case "[": try array()
    case "t", "f": try boolean()
    case let scalar? where scalar == "+" || scalar == "-" || ("0"..."9").contains(scalar): try integer()
    case "{": throw fail("inline tables are not used in \(usage)")
    default: throw fail("expected a value (a \"string\", a whole number or a [list]), found \(found())")
    }
  }

  private mutating func array() throws(Failure) {
    index += 1
    try skipBlank()
    while current != "]" {
      try value()
      try skipBlank()
      if current == "," {
        index += 1
        try skipBlank()
      } else if current != "]" {
        throw fail("expected ',' or ']' in the list, found \(found())")
      }
    }
    index += 1
  }

  private mutating func boolean() throws(Failure) {
    for word in ["true", "false"] {
      let end = index + word.unicodeScalars.count
      if end <= scalars.count && scalars[index..<end].elementsEqual(word.unicodeScalars) {
        index = end
        return
      }
    }
    throw fail("expected a value (a \"string\", a whole number or a [list]), found \(found())")
  }

  /// A decimal whole number: no leading zero, an underscore only between digits.
  private mutating func integer() throws(Failure) {
    if current == "+" || current == "-" { index += 1 }
    let first = index
    let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
    while let scalar = current, digits.contains(scalar) || (scalar == "_" && index > first) {
      index += 1
    }
    guard index > first, digits.contains(scalars[index - 1]) else {
      throw fail("expected a digit, found \(found())")
    }
    if scalars[first] == "0" && index - first > 1 { throw fail("a number must not start with 0") }
    if zip(scalars[first..<index], scalars[(first + 1)..<index]).contains(where: { $0 == "_" && $1 == "_" }) {
      throw fail("'_' must sit between digits")
    }
    if let scalar = current, scalar == "-" || scalar == ":" {
      throw fail("dates and times are written in quotes in \(usage) (\"2026-01-01\"), found \(found())")
    }
    if let scalar = current, Self.isBareKey(scalar) || scalar == "." {
      throw fail("only whole numbers are used in \(usage), found \(found())")
    }
  }

  private mutating func basicString() throws(Failure) {
    index += 1
    if current == "\"" && index + 1 < scalars.count && scalars[index + 1] == "\"" {
      throw fail("multi-line strings are not used in \(usage)")
    }
    while let scalar = current, scalar != "\"" {
      if scalar == "\n" || scalar == "\r" { throw fail("the string is not closed on its line (missing \")") }
      if isControl(scalar) { throw fail("\(found()) in a string") }
      index += 1
      if scalar == "\\" { try escape() }
    }
    guard current != nil else { throw fail("the string is not closed (missing \")") }
    index += 1
  }

  private mutating func escape() throws(Failure) {
    let digits: Int
    switch current {
    case "b", "t", "n", "f", "r", "\"", "\\":
      index += 1
      return
    case "u": digits = 4
    case "U": digits = 8
    default: throw fail("unknown escape \\\(current.map(String.init) ?? "")")
    }
    index += 1
    var value: UInt32 = 0
    for _ in 0..<digits {
      guard let scalar = current, let digit = Int(String(scalar), radix: 16) else {
        throw fail("\\u needs \(digits) hexadecimal digits")
      }
      value = value &* 16 &+ UInt32(digit)
      index += 1
    }
    if Unicode.Scalar(value) == nil { throw fail("\\u escape is not a Unicode scalar value") }
  }

  private mutating func literalString() throws(Failure) {
    index += 1
    if current == "'" && index + 1 < scalars.count && scalars[index + 1] == "'" {
      throw fail("multi-line strings are not used in \(usage)")
    }
    while let scalar = current, scalar != "'" {
      if scalar == "\n" || scalar == "\r" { throw fail("the string is not closed on its line (missing ')") }
      if isControl(scalar) { throw fail("\(found()) in a string") }
      index += 1
    }
    guard current != nil else { throw fail("the string is not closed (missing ')") }
    index += 1
  }
}
