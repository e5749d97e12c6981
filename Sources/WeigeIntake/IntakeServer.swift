import Foundation
import Hummingbird
import WeigeCore

/// The intake behind the webhook server: requests are taken one at a time, since each decision
/// folds into the state the next one is taken on.
public actor IntakeDesk {
  private let intake: SensorIntake

  public init(_ intake: sending SensorIntake) { self.intake = intake }

  /// Takes a request's lines; answers what they did and which were skipped, with their line numbers.
  func take(_ body: Data) throws -> IntakeAnswer {
    var problems: [IntakeProblem] = []
    intake.onProblem = { problems.append($0) }
    defer { intake.onProblem = { _ in } }
    let before = intake.report
    try intake.take(lines: body)
    try intake.flush()
    let after = intake.report
    return IntakeAnswer(
      lines: after.lines - before.lines, skipped: after.skipped - before.skipped,
      raised: after.raised - before.raised,
      cleared: after.cleared - before.cleared, problems: problems)
  }

  func sweep() throws { try intake.sweep() }
}

/// A request's answer, as JSON.
struct IntakeAnswer: Encodable {
  var lines: Int
  var skipped: Int
  var raised: Int
  var cleared: Int
  var problems: [IntakeProblem]
}

/// `weige intake serve`: vendors' platforms POST the intake's JSON lines to `/intake` with the
/// shared secret in `X-Weige-Secret`. Plain HTTP on loopback: TLS and the outside world are a
/// reverse proxy's job (README, "Sensor intake").
public enum IntakeServer {
  public static let secretHeader = "X-Weige-Secret"
  /// A request body larger than this is refused (413): a vendor batching a day of a district's
  /// meters sends several requests.
  public static let bodyLimit = 16 << 20
  /// How often quiet meters are looked for between requests.
  public static let sweepInterval = Duration.seconds(60)

  public static func run(
    host: String, port: Int, secret: String, desk: IntakeDesk, announce: @escaping @Sendable (String) -> Void
  ) async throws {
    let header = secretHeader.lowercased()
    let router = Router()
    router.post("intake") { request, _ -> Response in
      guard let given = request.headers.first(where: { $0.name.canonicalName == header })?.value,
        IntakeServer.sameSecret(given, secret)
      else {
        return IntakeServer.answer(.unauthorized, ["error": "missing or wrong \(IntakeServer.secretHeader)"])
      }
      var request = request
      let buffer = try await request.collectBody(upTo: IntakeServer.bodyLimit)
      let taken = try await desk.take(Data(buffer.readableBytesView))
      return IntakeServer.answer(.ok, taken)
    }
    let app = Application(
      router: router, configuration: .init(address: .hostname(host, port: port), serverName: "weige-intake"),
      onServerRunning: { _ in announce("listening on http://\(host):\(port)/intake") })
    try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { try await app.runService() }
      group.addTask {
        while !Task.isCancelled {
          try await Task.sleep(for: IntakeServer.sweepInterval)
          try await desk.sweep()
        }
      }
      // The server ends on SIGINT or SIGTERM; the sweeper with it.
      try await group.next()
      group.cancelAll()
    }
  }

  /// Compares in time independent of where the first difference is.
  static func sameSecret(_ given: String, _ secret: String) -> Bool {
    let a = Array(given.utf8)
    let b = Array(secret.utf8)
    var difference = UInt8(a.count == b.count ? 0 : 1)
    for index in 0..<max(a.count, b.count) {
      difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
    }
    return difference == 0
  }

  private static func answer(_ status: HTTPResponse.Status, _ value: some Encodable) -> Response {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let body = (try? encoder.encode(value)) ?? Data("{}".utf8)
    return Response(
      status: status, headers: [.contentType: "application/json"],
      body: ResponseBody(byteBuffer: ByteBuffer(bytes: body + Data("\n".utf8))))
  }
}
