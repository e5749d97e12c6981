import CNcursesw
import WeigeUI

/// Turns what `get_wch` returns into keys: a character, or a curses key code.
public enum KeyDecoder {
  /// A character read in raw mode. Control bytes become named keys: with `raw()` and `nonl()`,
  /// Enter arrives as CR (13), Backspace as DEL (127) or BS (8), Ctrl-C as 3.
  public static func key(character value: UInt32) -> Key {
    switch value {
    case 13, 10: return .enter
    case 9: return .tab
    case 27: return .escape
    case 127, 8: return .backspace
    case 0: return .control(" ")
    case 1...26: return .control(Character(Unicode.Scalar(UInt8(96 + value))))
    case 28...31: return .control(Character(Unicode.Scalar(UInt8(64 + value))))
    default:
      guard let scalar = Unicode.Scalar(value) else { return .unknown(Int(value)) }
      return .character(Character(scalar))
    }
  }

  /// A curses key code (`KEY_*`); nil for KEY_RESIZE and KEY_MOUSE, which are not keys.
  public static func key(code: Int32) -> Key? {
    switch code {
    case KEY_UP: return .up
    case KEY_DOWN: return .down
    case KEY_LEFT: return .left
    case KEY_RIGHT: return .right
    case KEY_HOME: return .home
    case KEY_END: return .end
    case KEY_PPAGE: return .pageUp
    case KEY_NPAGE: return .pageDown
    case KEY_IC: return .insert
    case KEY_DC: return .delete
    case KEY_BACKSPACE: return .backspace
    case KEY_ENTER: return .enter
    case KEY_BTAB: return .backTab
    case (KEY_F0 + 1)...(KEY_F0 + 24): return .function(Int(code - KEY_F0))
    case KEY_RESIZE, KEY_MOUSE: return nil
    default: return .unknown(Int(code))
    }
  }
}
