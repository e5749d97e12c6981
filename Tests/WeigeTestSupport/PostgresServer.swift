import Foundation
import Synchronization

/// A real PostgreSQL 15 server for the tests of shared rooms: started once per test process on
/// loopback, on a free port, in a throw-away data folder, with password (SCRAM) logins over TCP
/// like a server on another machine; stopped, and its folder removed, when the process exits.
///
/// `initdb` refuses to run as root, so as root the server runs as the `postgres` user (made by
/// Debian's package) through `runuser`; otherwise as the current user.
public final class PostgresServer: Sendable {
  /// The binaries of Debian's `postgresql-15` package (`bin/ensure-deps` installs it).
  public static let binaries = "/usr/lib/postgresql/15/bin"
  public let port: Int
  public let host = "127.0.0.1"
  public let user = "weige"
  /// The folder of the data, the log, the socket and the password file.
  public let folder: String
  /// A `.pgpass` (0600) holding the test user's password: what the store reads, as a person's would.
  public let passwordFile: String
  private let runsAsPostgres: Bool
  private static let databases = Atomic<Int>(0)

  /// The server the tests of this process share, started on first use.
  public static let shared: Result<PostgresServer, any Error> = Result { try PostgresServer() }

  /// The shared server, or the reason it could not start.
  public static func running() throws -> PostgresServer { try shared.get() }

  /// A server of its own, for a test that restarts or stops it; it too stops when the process exits.
  public static func start() throws -> PostgresServer { try PostgresServer() }

  private init() throws {
    runsAsPostgres = geteuid() == 0
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("weige-pg-\(UUID().uuidString)")
    folder = base.path
    try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
    passwordFile = folder + "/pgpass"
    let password = UUID().uuidString
    // The password goes to initdb through a file that only the server's user reads.
    let initialPassword = folder + "/initial-password"
    try Data(password.utf8).write(to: URL(fileURLWithPath: initialPassword))
    port = try Self.freePort()
    // Any host: the tests also reach the server through a second loopback address.
    try Data("*:\(port):*:\(user):\(password)\n".utf8).write(to: URL(fileURLWithPath: passwordFile))
    chmod(passwordFile, 0o600)
    if runsAsPostgres {
      try Self.shell(
        "chown -R postgres:postgres '\(folder)' && chmod 700 '\(folder)' && chown root '\(passwordFile)'")
    }
    try run(
      "initdb -D '\(folder)/data' -U \(user) --pwfile='\(initialPassword)' --auth-local=trust "
        + "--auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync")
    unlink(initialPassword)
    // A certificate nobody signed, for the TLS tests: sslmode=require takes it, verify-full does not.
    try Self.shell(
      "openssl req -new -x509 -days 2 -nodes -subj /CN=weige-test -keyout '\(folder)/server.key' "
        + "-out '\(folder)/server.crt' && chmod 600 '\(folder)/server.key'"
        + (runsAsPostgres ? " && chown postgres '\(folder)/server.key' '\(folder)/server.crt'" : ""))
    // Swift Testing has no hook after the last test: the process's exit stops the server.
    let first = Self.stopAtExit.withLock { servers in
      servers.append((folder, runsAsPostgres))
      return servers.count == 1
    }
    if first {
      atexit {
        for (folder, asPostgres) in PostgresServer.stopAtExit.withLock({ $0 }) {
          let stop =
            "\(PostgresServer.binaries)/pg_ctl -D '\(folder)/data' -m immediate -w stop >/dev/null 2>&1"
          _ = try? PostgresServer.shell(asPostgres ? "runuser -u postgres -- \(stop)" : stop)
          try? FileManager.default.removeItem(atPath: folder)
        }
      }
    }
    try start()
  }

  private static let stopAtExit = Mutex<[(String, Bool)]>([])

  /// A second loopback address the server also listens on: another route to it than the first,
  /// as a desk on another machine would have.
  public static let secondHost = "127.0.0.2"

  /// Runs one of the server's binaries as the server's user.
  private func run(_ command: String) throws {
    let line = "\(Self.binaries)/\(command)"
    try Self.shell(runsAsPostgres ? "runuser -u postgres -- \(line)" : line)
  }

  /// Restarts the server, for the tests of what a follower and a writer do when it goes away.
  public func restart() throws {
    try run("pg_ctl -D '\(folder)/data' -m fast -w -t 30 restart")
  }

  public func stop() throws { try run("pg_ctl -D '\(folder)/data' -m fast -w stop") }

  public func start() throws {
    try run(
      "pg_ctl -D '\(folder)/data' -l '\(folder)/server.log' -w -t 30 start -o "
        + "\"-p \(port) -c listen_addresses='\(host),\(Self.secondHost)' -k '\(folder)' -c max_connections=200 "
        + "-c ssl=on -c ssl_cert_file='\(folder)/server.crt' -c ssl_key_file='\(folder)/server.key'\""
    )
  }

  @discardableResult
  static func shell(_ command: String) throws -> String {
    let (status, output) = try Child.run(["-c", command + " 2>&1"], executable: "/bin/sh")
    guard status == 0 else {
      throw PostgresServerError(command: command, output: output)
    }
    return output
  }

  /// Runs `sql` with psql as the test user on `database`; what it printed (unaligned, no headers).
  @discardableResult
  public func psql(_ sql: String, database: String = "postgres") throws -> String {
    let arguments = [
      "/usr/bin/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", "\(port)", "-U",
      user,
      "-d", database, "-c", sql,
    ]
    let quoted = arguments.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
    let (status, output) = try Child.run(
      ["-c", quoted.joined(separator: " ") + " 2>&1"], executable: "/bin/sh", environment: environment)
    guard status == 0 else { throw PostgresServerError(command: "psql -c \(sql)", output: output) }
    return output
  }

  /// A new, empty database for one test; its `postgres://` URL (no password: that is in `passwordFile`).
  public func newDatabase() throws -> String {
    let name = "weige_test_\(getpid())_\(Self.databases.wrappingAdd(1, ordering: .relaxed).newValue)"
    try psql("CREATE DATABASE \(name)")
    return url(name)
  }

  public func url(_ database: String, host: String? = nil) -> String {
    "postgres://\(user)@\(host ?? self.host):\(port)/\(database)"
  }

  /// The environment a store or a child process needs to log in: this process's, with the
  /// password file.
  public var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["PGPASSFILE"] = passwordFile
    environment.removeValue(forKey: "PGPASSWORD")
    return environment
  }

  /// A port nobody listens on now: the kernel's pick for a socket bound to port 0.
  private static func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socket in
        bind(descriptor, socket, length) == 0 && getsockname(descriptor, socket, &length) == 0
      }
    }
    guard bound else {
      throw PostgresServerError(command: "bind 127.0.0.1:0", output: String(cString: strerror(errno)))
    }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}

public struct PostgresServerError: Error, CustomStringConvertible {
  public var command: String
  public var output: String
  public var description: String { "\(command) failed: \(output)" }
}
