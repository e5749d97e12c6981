import ArgumentParser

/// `weige bench …`: measured figures beside a reference taken in the same run.
public struct Bench: ParsableCommand {
  public static let configuration = CommandConfiguration(
    abstract: "Benchmarks that print their figures beside a reference measured in the same run.",
    subcommands: [
      BenchStore.self, BenchUI.self, BenchWar.self, BenchOpenProbe.self, BenchRender.self, BenchPalette.self,
      BenchCalendar.self, BenchDuty.self, BenchImport.self, BenchIntake.self, BenchDemo.self,
      BenchStars.self,
    ]
  )

  public init() {}
}
