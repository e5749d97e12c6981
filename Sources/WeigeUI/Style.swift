/// How a cell looks. A `nil` colour means "keep what is underneath" when one style is patched over
/// another, so text drawn on a filled panel keeps the panel's background.
public struct Style: Hashable, Sendable {
  public var foreground: Color?
  public var background: Color?
  public var bold = false
  public var dim = false
  public var underline = false
  public var reverse = false

  public init(
    foreground: Color? = nil, background: Color? = nil, bold: Bool = false, dim: Bool = false,
    underline: Bool = false, reverse: Bool = false
  ) {
    self.foreground = foreground
    self.background = background
    self.bold = bold
    self.dim = dim
    self.underline = underline
    self.reverse = reverse
  }

  public static let plain = Style()

  /// `other` drawn over this style: its colours win where set, modifiers add up.
  public func patched(with other: Style) -> Style {
    Style(
      foreground: other.foreground ?? foreground, background: other.background ?? background,
      bold: bold || other.bold, dim: dim || other.dim, underline: underline || other.underline,
      reverse: reverse || other.reverse)
  }

  public func foreground(_ color: Color) -> Style { with { $0.foreground = color } }
  public func background(_ color: Color) -> Style { with { $0.background = color } }
  public func bolded() -> Style { with { $0.bold = true } }
  public func dimmed() -> Style { with { $0.dim = true } }
  public func reversed() -> Style { with { $0.reverse = true } }

  private func with(_ change: (inout Style) -> Void) -> Style {
    var copy = self
    change(&copy)
    return copy
  }
}
