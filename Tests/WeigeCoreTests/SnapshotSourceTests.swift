import Synchronization
import Testing
import WeigeTestSupport

@testable import WeigeCore

@Suite("A snapshot is read a part or a chunk at a time, never whole")
struct SnapshotSourceTests {
  /// Hands out what is asked for and notes each range.
  final class RecordingSource: SnapshotSource, @unchecked Sendable {
    let bytes: [UInt8]
    let asked = Mutex<[Range<Int>]>([])

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var count: Int { bytes.count }

    func withBytes<Value>(
      in range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws(BinaryDecodingError) -> Value
    ) throws(BinaryDecodingError) -> Value {
      guard range.lowerBound >= 0, range.upperBound <= bytes.count else { throw .truncated(field: "test") }
      asked.withLock { $0.append(range) }
      // A copy of its own, as a store's read is, that is gone after the call.
      let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: max(range.count, 1), alignment: 1)
      defer { piece.deallocate() }
      piece.copyBytes(from: bytes[range])
      return try body(UnsafeRawBufferPointer(rebasing: piece[..<range.count]))
    }
  }

  @Test("tables written in small chunks read back equal, a chunk at a time")
  func chunks() throws {
    let (_, ledger) = try demoEvents(.chunjiang, days: 2)
    let source = RecordingSource(ledger.snapshot(chunkBytes: 1_024))
    let restored = try #require(try Ledger(snapshotFrom: source))
    #expect(restored == ledger)
    let asked = source.asked.withLock { $0 }
    // The households alone are more than ten chunks of about 1 KB; no piece is half the whole.
    #expect(asked.filter { $0.count <= 2_048 }.count > 20)
    #expect(asked.allSatisfy { $0.count < source.count / 2 })
    // The usual chunk size reads back the same state.
    #expect(try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) } == ledger)
  }

  @Test("a snapshot cut short is refused, in whichever part it ends")
  func cutShort() throws {
    let (_, ledger) = try demoEvents(.chunjiang, days: 1)
    let bytes = ledger.snapshot(chunkBytes: 1_024)
    for kept in stride(from: 1, to: bytes.count, by: bytes.count / 7) {
      #expect(throws: BinaryDecodingError.self) {
        _ = try Ledger(snapshotFrom: RecordingSource(Array(bytes.prefix(kept))))
      }
    }
  }
}
