import Testing
import WeigeConfig
import WeigeCore
import WeigeTestSupport

@Suite("The mobilization task file: a room's own tasks, in its order")
struct TaskCatalogueFileTests {
  static let flood = floodTasksFile

  @Test("the lockdown's four printed as a file read back as they were, in their order; a flood's list read")
  func roundTrip() throws {
    let standard = try TaskCatalogueFile.parse(TaskCatalogueFile.text(of: .standard), file: "tasks.toml")
    #expect(standard == .standard)
    let flood = try TaskCatalogueFile.parse(Self.flood, file: "tasks.toml")
    #expect(flood == floodTasks)
    #expect(flood.tasks[1].doneName == "已转移" && flood.tasks[1].englishDoneName == "moved")
    #expect(try TaskCatalogueFile.parse(TaskCatalogueFile.text(of: flood), file: "again.toml") == flood)
  }

  @Test("a bad file is refused naming the file and the key")
  func refusals() {
    let cases: [(String, String)] = [
      (
        Self.flood.replacingOccurrences(of: "order = [\"check\", \"evacuate\"]\n", with: ""),
        "tasks.toml: order: a list"
      ),
      (
        Self.flood.replacingOccurrences(of: "[\"check\", \"evacuate\"]", with: "[\"check\"]"),
        "tasks.toml: evacuate: a task not named in order"
      ),
      (
        Self.flood.replacingOccurrences(
          of: "[\"check\", \"evacuate\"]", with: "[\"check\", \"evacuate\", \"check\"]"),
        "tasks.toml: order: 'check' is named twice"
      ),
      (
        Self.flood.replacingOccurrences(
          of: "[\"check\", \"evacuate\"]", with: "[\"check\", \"evacuate\", \"feed\"]"),
        "tasks.toml: feed: order names it, so a table [feed] is needed"
      ),
      (
        Self.flood.replacingOccurrences(of: "done = \"已排查\"\n", with: ""),
        "tasks.toml: check.done: a non-empty string"
      ),
      (Self.flood + "\ncolour = \"red\"\n", "tasks.toml: evacuate.colour: unknown key"),
      (
        Self.flood.replacingOccurrences(of: "name = \"转移\"", with: "name = \"排查\""),
        "tasks.toml: (tasks): '排查' names both tasks check and evacuate"
      ),
    ]
    for (text, message) in cases {
      let error = #expect(throws: ConfigFileError.self) {
        try TaskCatalogueFile.parse(text, file: "tasks.toml")
      }
      #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "")")
    }
  }
}
