import Foundation
import WeigeCore

/// One line of the intake's JSON lines, as vendors' platforms send it: a camera's report
/// (`device`, `kind`, `time`, optional `place` and `snapshot`) or a meter's reading (`meter`,
/// `time`, `m3`, the cumulative register). Times are ISO 8601 with a zone (`2026-11-30T08:00:00+08:00`).
struct IntakeLine: Decodable {
  var device: String?
  var kind: String?
  /// Parsed apart from the decoder, so that a bad time is named as such.
  var time: String
  /// A place as Weige numbers it (`place-12` or `12`); a camera's mapping places it otherwise.
  var place: String?
  var snapshot: String?
  var meter: String?
  var m3: Double?
}

/// What a line says, once read and checked against the catalogue and the mapping.
enum IntakeItem {
  case camera(CameraReport)
  case reading(MeterReading)
}

/// Why a line was skipped: named with its line number, worded for the operator reading stderr.
public struct IntakeProblem: Error, Sendable, Equatable, CustomStringConvertible, Encodable {
  /// 1-based; nil for a problem of no one line (a device reported once, a request body).
  public var line: Int?
  public var message: String

  public init(line: Int?, _ message: String) {
    self.line = line
    self.message = message
  }

  public var description: String { (line.map { "line \($0): " } ?? "") + message }
}

/// Foundation's JSONDecoder: a well-kept decoder, fast enough (measured by `weige bench intake`)
/// that a hand-written parser would buy nothing the field needs.
struct IntakeDecoder {
  private let decoder = JSONDecoder()
  /// The last time parsed: a feed sends every meter's reading of an hour with the same time, and
  /// parsing it again for each line was a third of the decoding in `weige bench intake`'s profile.
  private var lastTime: (text: String, time: Timestamp)?

  /// The line's fields and its time.
  mutating func decode(_ bytes: Data, line: Int) throws(IntakeProblem) -> (IntakeLine, Timestamp) {
    do {
      let decoded = try decoder.decode(IntakeLine.self, from: bytes)
      if let lastTime, lastTime.text == decoded.time { return (decoded, lastTime.time) }
      guard let date = try? Date(decoded.time, strategy: .iso8601) else {
        throw IntakeProblem(
          line: line, "field \"time\" is not an ISO 8601 time with its zone: \"\(decoded.time)\"")
      }
      let time = Timestamp(date)
      lastTime = (decoded.time, time)
      return (decoded, time)
    } catch let problem as IntakeProblem {
      throw problem
    } catch let DecodingError.keyNotFound(key, _) {
      throw IntakeProblem(line: line, "missing field \"\(key.stringValue)\"")
    } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
      throw IntakeProblem(line: line, "field \"\(Self.path(context))\" has the wrong type")
    } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
      throw IntakeProblem(
        line: line, "field \"\(Self.path(context))\" is not valid: \(context.debugDescription)")
    } catch {
      throw IntakeProblem(line: line, "not a JSON object")
    }
  }

  private static func path(_ context: DecodingError.Context) -> String {
    context.codingPath.map(\.stringValue).joined(separator: ".")
  }
}
