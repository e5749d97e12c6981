import Testing
import WeigeTerminal
import WeigeUI

@Suite("Key decoding")
struct KeyDecoderTests {
  @Test func controlBytesBecomeNamedKeys() {
    #expect(KeyDecoder.key(character: 13) == .enter)
    #expect(KeyDecoder.key(character: 27) == .escape)
    #expect(KeyDecoder.key(character: 127) == .backspace)
    #expect(KeyDecoder.key(character: 3) == .control("c"))
    #expect(KeyDecoder.key(character: 16) == .control("p"))
  }

  @Test func textIncludingChineseIsText() {
    #expect(KeyDecoder.key(character: 0x71) == .character("q"))
    #expect(KeyDecoder.key(character: 0x697C) == .character("楼"))
  }

  @Test func curseKeyCodes() {
    #expect(KeyDecoder.key(code: 0o403) == .up)
    #expect(KeyDecoder.key(code: 0o410 + 5) == .function(5))
    #expect(KeyDecoder.key(code: 0o541) == .backTab)
    #expect(KeyDecoder.key(code: 0o632) == nil)  // KEY_RESIZE is an event, not a key.
  }
}

/// Curses keeps one global screen, so these run one at a time.
@Suite("ncursesw backend, headless", .serialized)
struct NcursesDiffTests {
  /// A full 200×60 frame, then the same frame with one tile changed.
  @Test func oneChangedCellWritesOneCellNotAFrame() throws {
    let size = Size(width: 200, height: 60)
    let backend = try NcursesBackend.headless(size: size)
    defer { backend.end() }
    #expect(backend.size == size)
    let renderer = Renderer(backend: backend)
    var lens = 0.1
    let view = { (buffer: inout Buffer, area: Rect) in
      for y in 0..<area.height {
        buffer.write(String(repeating: "江三社区楼道", count: 16), x: 0, y: y, style: Style(foreground: .yellow))
        for x in 100..<200 { buffer.put("■", x: x, y: y, style: Style(foreground: .green)) }
      }
      buffer.put("■", x: 150, y: 30, style: Style(foreground: lens > 0.5 ? .red : .green))
    }
    var before = backend.bytesWritten
    renderer.draw(view)
    let full = backend.bytesWritten - before
    #expect(renderer.lastChangeCount == 60 * (50 + 100))  // 50 wide glyphs and 100 tiles a row.

    lens = 0.9
    before = backend.bytesWritten
    renderer.draw(view)
    let one = backend.bytesWritten - before
    #expect(renderer.lastChangeCount == 1)
    #expect(one > 0)
    #expect(one * 100 <= full)  // The bound: a one-tile change costs at most 1 % of a frame.

    before = backend.bytesWritten
    renderer.draw(view)
    #expect(renderer.lastChangeCount == 0)
    #expect(backend.bytesWritten - before < 16)  // Nothing changed: at most a cursor move.
  }
}
