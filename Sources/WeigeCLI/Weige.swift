import ArgumentParser

/// The `weige` command: the dashboard by default, tools as subcommands.
@main
struct Weige: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "weige",
    abstract: "微格 — a terminal command room for community micro-grid governance.",
    subcommands: [
      Bench.self
    ]
  )
}

/// `weige bench …`: measured figures beside a reference taken in the same run.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Benchmarks that print their figures beside a reference measured in the same run.",
    subcommands: []
  )
}
