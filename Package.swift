// swift-tools-version: 6.1
import PackageDescription

// Layers (DESIGN.md §5): Core is pure; Store adds SQLite; UI draws into buffers;
// Terminal is the only target that touches ncursesw; the CLI wires them together.
let package = Package(
  name: "Weige",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "weige", targets: ["WeigeCLI"])
  ],
  dependencies: [
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
  ],
  targets: [
    .target(name: "WeigeCore"),
    .target(
      name: "WeigeStore",
      dependencies: [
        "WeigeCore", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    .systemLibrary(
      name: "CNcursesw",
      pkgConfig: "ncursesw",
      providers: [.apt(["libncursesw5-dev"])]
    ),
    .target(name: "WeigeUI", dependencies: ["TOMLKit"]),
    .target(name: "WeigeTerminal", dependencies: ["WeigeUI", "CNcursesw"]),
    .target(name: "WeigeSearch"),
    .target(name: "WeigeApp", dependencies: ["WeigeCore", "WeigeUI", "WeigeSearch"]),
    .executableTarget(
      name: "WeigeCLI",
      dependencies: [
        "WeigeCore", "WeigeStore", "WeigeUI", "WeigeTerminal", "WeigeSearch", "WeigeApp",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "WeigeCoreTests", dependencies: ["WeigeCore"]),
    .testTarget(name: "WeigeStoreTests", dependencies: ["WeigeStore", "WeigeCore"]),
    .testTarget(name: "WeigeUITests", dependencies: ["WeigeUI", "WeigeTerminal"]),
    .testTarget(name: "WeigeSearchTests", dependencies: ["WeigeSearch"]),
    .testTarget(name: "WeigeAppTests", dependencies: ["WeigeApp", "WeigeCore", "WeigeUI"]),
    .testTarget(name: "WeigeEndToEndTests", dependencies: ["WeigeCore"]),
  ]
)
