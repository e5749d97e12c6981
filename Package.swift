// swift-tools-version: 6.1
import PackageDescription

// Layers (DESIGN.md §5): Core is pure; Store adds SQLite; UI draws into buffers;
// Terminal is the only target that touches ncursesw; the CLI wires them together.
// Linux only: no `platforms` claim, since the terminal layer needs glibc (ncursesw through the
// shim, termios, backtrace() from execinfo.h, /proc).
let package = Package(
  name: "Weige",
  products: [
    .executable(name: "weige", targets: ["WeigeCLI"])
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    .package(url: "https://github.com/swiftcsv/SwiftCSV", from: "0.10.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    // Shared rooms' PostgreSQL store (issue 15); written against postgres-nio 1.33.2's API.
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    // `weige intake serve`: vendors' webhooks by POST (issue 16).
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
  ],
  targets: [
    // china-holidays.toml and sla-policy.toml are the sources of ChinaHolidays.swift and
    // ShippedSlaPolicy.swift (scripts/gen_holidays.py, gen_sla.py), not resources.
    // HeapModule: the duty clocks' wake-up moments (DutyClockIndex).
    .target(
      name: "WeigeCore", dependencies: [.product(name: "HeapModule", package: "swift-collections")],
      exclude: ["Time/china-holidays.toml", "Time/sla-policy.toml"]),
    .target(
      name: "WeigeStore",
      dependencies: [
        "WeigeCore", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
        .product(name: "PostgresNIO", package: "postgres-nio"),
      ]
    ),
    .systemLibrary(
      name: "CNcursesw",
      pkgConfig: "ncursesw",
      providers: [.apt(["libncursesw5-dev"])]
    ),
    // libxlsxwriter (Debian's libxlsxwriter-dev) writes the exported workbooks.
    .systemLibrary(
      name: "CXlsxWriter",
      pkgConfig: "xlsxwriter",
      providers: [.apt(["libxlsxwriter-dev"])]
    ),
    // libxml2 (Debian's libxml2-dev): its SAX2 parser streams the imported workbooks' XML.
    .systemLibrary(
      name: "CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    .target(name: "WeigeUI", dependencies: ["TOMLKit"]),
    .target(name: "WeigeTerminal", dependencies: ["WeigeUI", "CNcursesw"]),
    .target(name: "WeigeSearch"),
    .target(name: "WeigeApp", dependencies: ["WeigeCore", "WeigeUI", "WeigeSearch"]),
    // The user's files (calendar.toml, sla.toml, a roster CSV) read into Core's plain values: Core
    // stays free of TOMLKit and SwiftCSV.
    .target(
      name: "WeigeConfig",
      dependencies: ["WeigeCore", "WeigeUI", "TOMLKit", .product(name: "SwiftCSV", package: "SwiftCSV")]),
    // 台账: a community's registers (XLSX through ZIPFoundation and libxml2's SAX2 parser, CSV
    // through a byte-level reader) read, mapped and planned as Core's events, and exported (XLSX
    // through libxlsxwriter); Core stays free of files.
    .target(
      name: "WeigeLedgers",
      dependencies: [
        "WeigeCore", "WeigeConfig", "WeigeUI", "CXlsxWriter", "CLibXML2",
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]),
    // What the CLI's commands and the benchmarks share: errors, the demo writer, JSON, --theme.
    .target(
      name: "WeigeCommandSupport",
      dependencies: [
        "WeigeCore", "WeigeStore", "WeigeUI", "WeigeApp",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // 感知接入: sensors' JSON lines (a file, stdin or vendors' webhooks through Hummingbird) read into
    // Core's sensor watch, meter readings kept in the store's own table.
    .target(
      name: "WeigeIntake",
      dependencies: [
        "WeigeCore", "WeigeStore", "WeigeLedgers", .product(name: "Hummingbird", package: "hummingbird"),
      ]),
    // `weige bench …` and `weige screen-demo`, kept out of the CLI so that it stays wiring.
    .target(
      name: "WeigeBench",
      dependencies: [
        "WeigeCommandSupport", "WeigeCore", "WeigeStore", "WeigeUI", "WeigeTerminal", "WeigeSearch", "WeigeApp",
        "WeigeLedgers", "WeigeIntake", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "WeigeCLI",
      dependencies: [
        "WeigeCommandSupport", "WeigeBench", "WeigeCore", "WeigeStore", "WeigeUI", "WeigeTerminal",
        "WeigeSearch", "WeigeApp", "WeigeConfig", "WeigeLedgers", "WeigeIntake",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // The pinned moment, demo ledgers and child processes that every test target uses.
    .target(name: "WeigeTestSupport", dependencies: ["WeigeCore"], path: "Tests/WeigeTestSupport"),
    .testTarget(name: "WeigeCoreTests", dependencies: ["WeigeCore", "WeigeTestSupport"]),
    // The backends store tests run against (a SQLite file, a database on a real server).
    .target(
      name: "WeigeStoreTestSupport", dependencies: ["WeigeStore", "WeigeTestSupport"],
      path: "Tests/WeigeStoreTestSupport"),
    .testTarget(
      name: "WeigeStoreTests", dependencies: ["WeigeStore", "WeigeCore", "WeigeTestSupport", "WeigeStoreTestSupport"]),
    .testTarget(name: "WeigeUITests", dependencies: ["WeigeUI", "WeigeTerminal"]),
    .testTarget(name: "WeigeSearchTests", dependencies: ["WeigeSearch"]),
    .testTarget(name: "WeigeConfigTests", dependencies: ["WeigeConfig", "WeigeCore", "WeigeTestSupport"]),
    .testTarget(
      name: "WeigeLedgersTests", dependencies: ["WeigeLedgers", "WeigeConfig", "WeigeCore", "WeigeTestSupport"]),
    .testTarget(
      name: "WeigeAppTests",
      dependencies: ["WeigeApp", "WeigeCore", "WeigeUI", "WeigeTerminal", "WeigeStore", "WeigeTestSupport"],
      // Whole screens the golden tests compare with, read beside the test file.
      exclude: ["Goldens"]),
    .testTarget(
      name: "WeigeIntakeTests",
      dependencies: [
        "WeigeIntake", "WeigeStore", "WeigeCore", "WeigeLedgers", "WeigeTestSupport", "WeigeStoreTestSupport",
      ]),
    .testTarget(
      name: "WeigeEndToEndTests", dependencies: ["WeigeCore", "WeigeStore", "WeigeTestSupport", "WeigeStoreTestSupport"]),
  ]
)
