import Testing
import WeigeTerminal
import WeigeUI

/// A stairwell's doorbell log: each key rings or counts, and update hands the bell to the runtime
/// as an effect, as the dashboard does.
private struct Doorbell: App {
  enum Message: Sendable { case visitor(String) }
  enum Effect: Equatable, Sendable { case ring(Int) }

  var presses = 0
  var last = "—"

  mutating func update(_ event: Event<Message>) -> Outcome<Effect> {
    switch event {
    case .message(.visitor(let name)):
      last = name
      return .redraw
    case .input(.key(.character("q"))):
      return .quit
    case .input(.key(.character("b"))):
      presses += 1
      return Outcome(.redraw, effects: [.ring(presses)])
    case .input(.key(.character("x"))):
      return .unchanged
    case .input:
      return .redraw
    }
  }

  func view(into buffer: inout Buffer, area: Rect) {
    buffer.write("门铃 \(presses) 次 · \(last)", x: 0, y: 0)
  }
}

@Suite("The event loop over the test backend")
struct EventLoopTests {
  @Test("each burst of keys is one frame, effects run in order, a posted message is fed, q quits")
  func keysFramesAndQuit() {
    let backend = TestBackend(width: 80, height: 24)
    let loop = EventLoop<Doorbell.Message>()
    var app = Doorbell()
    var rung: [Doorbell.Effect] = []
    backend.feed(.key(.character("b")))
    backend.feed(.key(.character("x")))
    backend.feed(.key(.character("b")), .key(.character("b")))
    backend.feed(.resize(Size(width: 100, height: 30)))
    backend.feed(.key(.control("l")))
    backend.feed(.key(.character("q")), .key(.character("b")))
    loop.post(.visitor("林志"))
    loop.run(&app, on: backend, input: backend) { rung.append($0) }
    // The first frame at once; then the first burst with the posted message; `x` changed nothing,
    // so no frame; two rings in one frame; the resize repaints at the new size, and Ctrl-L again
    // without an update; `q` ends it, and the `b` after it is never fed.
    #expect(
      backend.frames.map { trimmed($0[0]) } == [
        "门铃 0 次 · —", "门铃 1 次 · 林志", "门铃 3 次 · 林志", "门铃 3 次 · 林志", "门铃 3 次 · 林志",
      ])
    #expect(backend.frames.last?.count == 30 && backend.frames.last.map { TextWidth.of($0[0]) } == 100)
    #expect(rung == [.ring(1), .ring(2), .ring(3)])
    #expect(app.presses == 3)
  }

  @Test("a terminal that hangs up ends the loop, as a closed window does")
  func hangUp() {
    let backend = TestBackend(width: 80, height: 24)
    var app = Doorbell()
    backend.closeInput()
    EventLoop<Doorbell.Message>().run(&app, on: backend, input: backend) { _ in }
    #expect(backend.frames.count == 1)
  }
}

/// A row without the blanks after its text.
private func trimmed(_ row: String) -> String { String(row.reversed().drop { $0 == " " }.reversed()) }
