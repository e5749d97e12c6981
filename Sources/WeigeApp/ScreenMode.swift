import WeigeCore

/// Peace or war where the operator is looking (平时/战时, DESIGN.md §2): the header says which, so
/// nobody reads a mobilization's screen as a normal day's, nor a drill (演练) as the real thing.
public enum ScreenMode: Hashable, Sendable {
  case peace
  /// A mobilization order holds the place in focus.
  case war
  /// Only drill orders hold it: an exercise, never counted in peace-time figures.
  case drill

  /// The header's word for it.
  public func name(_ language: Language) -> String {
    switch self {
    case .peace: language("平时", "peace")
    case .war: language("战时", "war")
    case .drill: language("演练", "drill")
    }
  }
}
