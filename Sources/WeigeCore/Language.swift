/// The screen's language: Chinese by default, every label also in English. Core words its
/// refusals and summaries in both, since an operator reads them.
public enum Language: String, CaseIterable, Sendable {
  case zh, en

  /// Picks the label for this language.
  public func callAsFunction(_ chinese: String, _ english: String) -> String {
    self == .zh ? chinese : english
  }
}

/// A term of the field (点单, 特急, 楼道 …): Chinese on screen, English with `--lang en`.
public protocol FieldTerm {
  var chineseName: String { get }
  var englishName: String { get }
}

extension FieldTerm {
  /// The case's own name (`critical`, `dispatched`), unless the term has a better one.
  public var englishName: String { String(describing: self) }

  public func name(_ language: Language) -> String { language(chineseName, englishName) }
}
