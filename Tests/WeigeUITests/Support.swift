import Foundation
import WeigeUI

/// Draws through a renderer into a test backend and returns the screen as text rows.
func screen(_ width: Int, _ height: Int, _ draw: (inout Buffer, Rect) -> Void) -> [String] {
  let backend = TestBackend(width: width, height: height)
  Renderer(backend: backend, minimumSize: Size(width: 0, height: 0)).draw(draw)
  return backend.lines
}

/// Draws one widget filling the whole screen.
func screen(_ width: Int, _ height: Int, _ widget: some Widget) -> [String] {
  screen(width, height) { buffer, area in buffer.render(widget, in: area) }
}

/// The repository's `themes/` folder.
let shippedThemes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().appendingPathComponent("themes").path
