import Foundation

/// Where a shared room's PostgreSQL store is: `postgres://user@host:port/database?sslmode=require`.
///
/// The password never comes from the URL (it would sit in shell history, `ps` and the log): it
/// is read as libpq reads it, from `PGPASSWORD`, else the first matching line of `PGPASSFILE`
/// (default `~/.pgpass`), so that `psql` and Weige share one setup.
public struct PostgresLocation: Equatable, Sendable {
  public var user: String
  public var host: String
  public var port: Int
  public var database: String
  /// TLS is used, and required, when the URL says `sslmode=require` (or `verify-ca`/`verify-full`).
  public var requiresTLS: Bool
  /// Certificate checks for `verify-ca`/`verify-full`; `require` encrypts without checking, as libpq does.
  public var verifiesCertificate: Bool
  /// The URL's `sslmode`, as given (`disable` when none).
  public var sslMode: String

  /// Whether `location` names a PostgreSQL server rather than a SQLite file.
  public static func isPostgres(_ location: String) -> Bool {
    location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
  }

  /// Parses a `postgres://` URL; an error names what is wrong with it.
  public init(url text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
    func refuse(_ reason: String) -> StoreError {
      .unsupported(location: Self.redacted(text), reason: reason)
    }
    guard Self.isPostgres(text), let url = URLComponents(string: text) else {
      throw refuse("not a postgres://user@host:port/database URL")
    }
    if url.password != nil {
      throw refuse("the URL holds a password; put it in ~/.pgpass (or PGPASSFILE, or PGPASSWORD) instead")
    }
    guard let host = url.host, !host.isEmpty else { throw refuse("the URL names no host") }
    self.host = host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host
    port = url.port ?? 5432
    user = url.user ?? environment["PGUSER"] ?? environment["USER"] ?? NSUserName()
    let path = url.path.hasPrefix("/") ? String(url.path.dropFirst()) : url.path
    database = path.isEmpty ? user : path
    guard !database.contains("/") else { throw refuse("the database name '\(database)' holds a /") }
    let mode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? environment["PGSSLMODE"] ?? "disable"
    sslMode = mode
    switch mode {
    case "disable", "allow", "prefer":
      requiresTLS = false
      verifiesCertificate = false
    case "require":
      requiresTLS = true
      verifiesCertificate = false
    case "verify-ca", "verify-full":
      requiresTLS = true
      verifiesCertificate = true
    default:
      throw refuse("sslmode '\(mode)' is not one of disable, prefer, require, verify-ca, verify-full")
    }
    for item in url.queryItems ?? [] where item.name != "sslmode" {
      throw refuse("unknown parameter '\(item.name)' (only sslmode is understood)")
    }
  }

  /// The location for messages and logs: `postgres://user@host:port/database`, never a secret.
  public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }

  /// A URL that opens this location again, TLS included.
  public var url: String { sslMode == "disable" ? description : description + "?sslmode=\(sslMode)" }

  /// The URL as typed, with anything after `user:` up to `@` replaced, for messages about a bad URL.
  static func redacted(_ text: String) -> String {
    guard let at = text.firstIndex(of: "@"), let scheme = text.range(of: "://"),
      let colon = text[scheme.upperBound..<at].firstIndex(of: ":")
    else { return text }
    return String(text[..<colon]) + ":***" + String(text[at...])
  }

  /// The password for this server as libpq finds it: `PGPASSWORD`, else the first line of the
  /// password file whose host, port, database and user match (`*` matches anything). A password
  /// file readable by others is ignored, as libpq does, and named in `notices`.
  public func password(environment: [String: String], notices: inout [String]) -> String? {
    if let password = environment["PGPASSWORD"] { return password }
    let file =
      environment["PGPASSFILE"]
      ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
    var info = stat()
    guard stat(file, &info) == 0 else { return nil }
    if info.st_mode & 0o077 != 0 {
      notices.append("\(file) is readable by other users; its passwords are ignored until it is chmod 600")
      return nil
    }
    guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
      let fields = Self.passwordFileFields(line)
      guard fields.count == 5 else { continue }
      let wanted = [host, String(port), database, user]
      if zip(fields[..<4], wanted).allSatisfy({ $0 == "*" || $0 == $1 }) {
        return fields[4]
      }
    }
    return nil
  }

  /// A `.pgpass` line's five fields: `:` separates them, and `\` escapes a `:` or a `\`.
  static func passwordFileFields(_ line: Substring) -> [String] {
    var fields = [""]
    var escaped = false
    for character in line {
      if escaped {
        fields[fields.count - 1].append(character)
        escaped = false
      } else if character == "\\" {
        escaped = true
      } else if character == ":" {
        fields.append("")
      } else {
        fields[fields.count - 1].append(character)
      }
    }
    return fields
  }
}
