import ArgumentParser
import Foundation
import WeigeCore
import WeigeUI

/// A user's mistake, said plainly on stderr with a non-zero exit and no backtrace.
public struct CLIError: Error, CustomStringConvertible {
  public var description: String
  public init(_ description: String) { self.description = description }
}

extension DemoPreset: ExpressibleByArgument {}

/// Creates the folder a default file goes in, owner-only like the store.
public func createPrivateFolder(for file: String) throws {
  try FileManager.default.createDirectory(
    at: URL(fileURLWithPath: file).deletingLastPathComponent(), withIntermediateDirectories: true,
    attributes: [.posixPermissions: 0o700])
}

/// Prints one JSON object, keys sorted so that runs diff cleanly.
public func printJSON(_ value: some Encodable) throws {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
  print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

extension String {
  /// Pads to `columns` terminal columns, counting a Chinese character as two.
  public func padded(to columns: Int) -> String {
    self + String(repeating: " ", count: max(1, columns - TextWidth.of(self)))
  }
}
