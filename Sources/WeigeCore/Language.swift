/// The screen's language: Chinese by default, every label also in English. Core words its
/// refusals and summaries in both, since an operator reads them.
public enum Language: String, CaseIterable, Sendable {
  case zh, en

  /// Picks the label for this language.
  public func callAsFunction(_ chinese: String, _ english: String) -> String {
    self == .zh ? chinese : english
  }
}
