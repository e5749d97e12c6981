import Foundation
import ZIPFoundation

/// A part of a ZIP archive inflated on a thread of its own, its chunks handed in order to the
/// thread that parses them. Inflating a 75 MB sheet and checking its CRC-32 (ZIPFoundation's, in
/// Swift) takes about a quarter of the time libxml2 takes to parse it; on two cores the two now
/// overlap instead of taking turns. At most `capacity` chunks wait, so the part is never whole in
/// memory.
final class InflatedPart: @unchecked Sendable {
  private static let capacity = 16
  private static let chunkSize = 1 << 16

  private let condition = NSCondition()
  private var chunks: [Data] = []
  private var finished = false
  private var failure: (any Error)?
  // The archive and its entry are touched by the inflating thread only, and the reading thread
  // waits for that thread to finish before it returns (`forEachChunk`), so nobody shares them.
  private let archive: Archive
  private let entry: Entry

  init(_ entry: Entry, of archive: Archive) {
    self.archive = archive
    self.entry = entry
  }

  /// Hands `body` each inflated chunk in order, while the next are inflated on another thread;
  /// rethrows what inflating threw (a CRC mismatch, a broken deflate stream) once every chunk
  /// inflated before it was handed over.
  func forEachChunk(_ body: (Data) -> Void) throws {
    let inflater = Thread { [self] in inflate() }
    inflater.stackSize = 1 << 20
    inflater.start()
    while let chunk = next() { body(chunk) }
    condition.lock()
    defer { condition.unlock() }
    if let failure { throw failure }
  }

  private func inflate() {
    do {
      let checksum = try archive.extract(entry, bufferSize: Self.chunkSize, skipCRC32: false) { chunk in
        condition.lock()
        while chunks.count >= Self.capacity { condition.wait() }
        chunks.append(chunk)
        condition.signal()
        condition.unlock()
      }
      // ZIPFoundation returns the CRC-32 of what it inflated and leaves comparing it to us.
      if checksum != entry.checksum { throw DamagedPart(stored: entry.checksum, inflated: checksum) }
    } catch {
      condition.lock()
      failure = error
      condition.unlock()
    }
    condition.lock()
    finished = true
    condition.signal()
    condition.unlock()
  }

  /// The next chunk, waiting for it; nil once the inflater has finished and every chunk is taken.
  private func next() -> Data? {
    condition.lock()
    defer { condition.unlock() }
    while chunks.isEmpty && !finished { condition.wait() }
    guard !chunks.isEmpty else { return nil }
    let chunk = chunks.removeFirst()
    condition.signal()
    return chunk
  }
}

/// A part whose inflated bytes do not have the CRC-32 the archive stores for them: the file was
/// damaged after it was written (a truncated download, a bad disk), and what it says is not read.
struct DamagedPart: Error, CustomStringConvertible {
  let stored: UInt32
  let inflated: UInt32

  var description: String {
    "its CRC-32 is \(String(inflated, radix: 16)) where the archive says \(String(stored, radix: 16)): the file is damaged"
  }
}
