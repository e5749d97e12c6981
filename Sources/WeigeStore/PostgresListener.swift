import Foundation
import PostgresNIO
import Synchronization

/// LISTENs for the store's commits on a connection of its own and wakes a waiting follower.
/// A notification carries only the new last sequence (NOTIFY payloads are small and not kept);
/// the follower reads the events themselves from its own position.
final class PostgresListener: Sendable {
  private let connection: PostgresConnection
  private let alive = Atomic<Bool>(true)
  private let notified = DispatchSemaphore(value: 0)

  /// Starts listening; returns once LISTEN took effect, so that no commit after it goes unheard.
  init(connection: PostgresConnection, location: PostgresLocation) throws {
    self.connection = connection
    let ready = DispatchSemaphore(value: 0)
    StoreExecutor.shared.start { [self] in
      do {
        try await connection.listen(on: PostgresSession.channel) { notifications in
          ready.signal()
          for try await _ in notifications { notified.signal() }
        }
      } catch {
        // The connection is gone: the next wait says so, and the follower starts again.
      }
      alive.store(false, ordering: .releasing)
      ready.signal()
      notified.signal()
    }
    if ready.wait(timeout: .now() + 10) == .timedOut || !isAlive {
      stop()
      throw StoreError.server(
        location: location.description, reason: "listening on \(PostgresSession.channel): no answer")
    }
  }

  var isAlive: Bool { alive.load(ordering: .acquiring) && !connection.isClosed }

  /// Returns on the next notification (or the connection's loss), or after `timeout`; the
  /// notifications that came meanwhile are all answered by the one read that follows.
  func wait(timeout: Duration) {
    let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
    _ = notified.wait(timeout: .now() + seconds)
    while notified.wait(timeout: .now()) == .success {}
  }

  /// Closes the connection and waits until it is closed (postgres-nio requires that before a
  /// connection is released).
  func stop() { _ = try? connection.close().wait() }
}
