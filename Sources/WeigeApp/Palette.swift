import WeigeCore

/// The command palette's input as a small model (k9s's command buffer): the command chosen so far,
/// the arguments given to it, the text being typed for the next one, and the ranked lines.
public struct Palette: Equatable, Sendable {
  /// An argument already given, with how the command line shows it.
  public struct Choice: Equatable, Sendable {
    public var item: PaletteItem
    public var label: String
  }

  public internal(set) var command: PaletteCommand?
  public internal(set) var arguments: [Choice] = []
  public internal(set) var text = ""
  public internal(set) var rows: [PaletteRow] = []
  public internal(set) var selection = 0
  /// Why the last Enter did nothing: Core's refusal, or what is still missing.
  public internal(set) var error: String?
  /// A new ticket's place is a stairwell: it asks for the room next.
  var asksRoom = false

  /// What the command asks for next; nil at the top level or once every argument is given.
  public var nextArgument: PaletteArgument? {
    guard let command else { return nil }
    let asked = command.arguments(given: arguments.map(\.item), asksRoom: asksRoom)
    return arguments.count < asked.count ? asked[arguments.count] : nil
  }

  var selectedRow: PaletteRow? { rows.indices.contains(selection) ? rows[selection] : nil }
}
