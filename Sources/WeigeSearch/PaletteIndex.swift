import Foundation

// The palette's candidates, stored for scanning: every text's UTF-16 units in one flat buffer, a
// 64-bit prefilter mask and a shared-prefix length per candidate, so a keystroke over a million
// candidates reads a few flat arrays and allocates nothing per candidate.

/// An immutable, thread-safe index over candidate texts (places, households, people, tickets,
/// commands). Candidates are known by their position in the list the index was built from.
public struct PaletteIndex: Sendable {
  /// UTF-16 units of all candidates, back to back.
  let units: [UInt16]
  /// `units[starts[i] ..< starts[i + 1]]` is candidate i.
  let starts: [UInt32]
  /// Candidate i has bit b when some unit of it can match a query character with prefilter bit b
  /// (`UnitTable.maskBit`); a query needing a bit the candidate lacks cannot match.
  let masks: [UInt64]
  /// How many leading units candidate i shares with candidate i - 1 (at most 255). Lists from
  /// a place tree repeat long prefixes (长江小区 3幢2单元 301室, … 302室), and a scan resumes the
  /// next candidate's alignment where the previous one's was after that prefix.
  let sharedPrefix: [UInt8]

  /// Decodes the pinyin table and builds the per-character tables now (a few milliseconds, once
  /// per process), so the first build or keystroke does not pay for them.
  public static func loadTables() { _ = UnitTable.shared }

  /// The number of candidates.
  public var count: Int { masks.count }

  /// Builds the index, splitting the work across the available cores.
  public init(_ texts: [String]) {
    let pieces = Self.pieceCount(for: texts.count)
    let size = (texts.count + pieces - 1) / max(pieces, 1)
    let parts = Self.parallelMap(pieces) { piece in
      Part(texts[min(piece * size, texts.count)..<min((piece + 1) * size, texts.count)])
    }
    var units: [UInt16] = []
    var starts: [UInt32] = []
    var masks: [UInt64] = []
    var sharedPrefix: [UInt8] = []
    sharedPrefix.reserveCapacity(texts.count)
    units.reserveCapacity(parts.reduce(0) { $0 + $1.units.count })
    starts.reserveCapacity(texts.count + 1)
    masks.reserveCapacity(texts.count)
    for part in parts {
      let offset = UInt32(units.count)
      units.append(contentsOf: part.units)
      starts.append(contentsOf: part.starts.dropLast().lazy.map { $0 + offset })
      masks.append(contentsOf: part.masks)
      sharedPrefix.append(contentsOf: part.sharedPrefix)
    }
    starts.append(UInt32(units.count))
    self.units = units
    self.starts = starts
    self.masks = masks
    self.sharedPrefix = sharedPrefix
  }

  /// One core's share of the build.
  private struct Part: Sendable {
    var units: [UInt16] = []
    var starts: [UInt32] = [0]
    var masks: [UInt64] = []
    var sharedPrefix: [UInt8] = []

    init(_ texts: ArraySlice<String>) {
      let table = UnitTable.shared
      starts.reserveCapacity(texts.count + 1)
      masks.reserveCapacity(texts.count)
      units.reserveCapacity(texts.count * 16)
      sharedPrefix.reserveCapacity(texts.count)
      var previous = 0
      for text in texts {
        let start = units.count
        PaletteIndex.appendUTF16(of: text, to: &units)
        var mask: UInt64 = 0
        for unit in units[start...] { mask |= table.unitMask[Int(unit)] }
        var shared = 0
        while shared < 255 && previous + shared < start && start + shared < units.count
          && units[previous + shared] == units[start + shared]
        {
          shared += 1
        }
        sharedPrefix.append(UInt8(shared))
        masks.append(mask)
        starts.append(UInt32(units.count))
        previous = start
      }
    }
  }

  /// Appends the UTF-16 form of `text`, decoded from its UTF-8 bytes: about twice as fast as
  /// iterating `String.UTF16View`, which the index build for a million names spends most of its
  /// time in otherwise.
  private static func appendUTF16(of text: String, to units: inout [UInt16]) {
    var text = text
    text.withUTF8 { bytes in
      var i = 0
      while i < bytes.count {
        let lead = UInt32(bytes[i])
        if lead < 0x80 {
          units.append(UInt16(lead))
          i += 1
        } else if lead < 0xE0 {
          units.append(UInt16((lead & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)))
          i += 2
        } else if lead < 0xF0 {
          units.append(
            UInt16((lead & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)))
          i += 3
        } else {
          let scalar =
            (lead & 0x07) << 18 | UInt32(bytes[i + 1] & 0x3F) << 12 | UInt32(bytes[i + 2] & 0x3F) << 6
            | UInt32(bytes[i + 3] & 0x3F)
          units.append(UInt16(0xD800 + ((scalar - 0x1_0000) >> 10)))
          units.append(UInt16(0xDC00 + ((scalar - 0x1_0000) & 0x3FF)))
          i += 4
        }
      }
    }
  }

  /// Two pieces per core keeps both cores busy when one piece is slower; small inputs stay on one
  /// thread, where starting threads would cost more than it saves.
  static func pieceCount(for candidates: Int) -> Int {
    candidates < 20_000 ? 1 : 2 * ProcessInfo.processInfo.activeProcessorCount
  }

  /// Runs `work` for 0..<count on all cores and returns the results in order.
  static func parallelMap<T: Sendable>(_ count: Int, _ work: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return count == 1 ? [work(0)] : [] }
    let slots = ResultSlots<T>(count)
    DispatchQueue.concurrentPerform(iterations: count) { piece in slots.store(work(piece), at: piece) }
    return slots.values
  }
}

/// Per-piece results written by concurrent workers, each to its own slot.
private final class ResultSlots<T>: @unchecked Sendable {
  private let slots: UnsafeMutableBufferPointer<T?>

  init(_ count: Int) {
    slots = .allocate(capacity: count)
    slots.initialize(repeating: nil)
  }

  deinit {
    slots.deinitialize()
    slots.deallocate()
  }

  func store(_ value: T, at slot: Int) { slots[slot] = value }

  var values: [T] { slots.map { $0! } }
}
