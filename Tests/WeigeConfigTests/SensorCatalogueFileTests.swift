import Testing
import WeigeConfig
import WeigeCore

@Suite("The sensor catalogue file: a room's own kinds, codes and aliases")
struct SensorCatalogueFileTests {
  @Test("the built-in catalogue printed as a file reads back as it was; an alias and a name added")
  func roundTrip() throws {
    let text = SensorCatalogueFile.text(of: .field)
    #expect(
      try SensorCatalogueFile.parse(text, file: "sensors.toml").kinds.count
        == SensorCatalogue.field.kinds.count)
    // The file lists kinds by code; the catalogue's kinds are the same ones.
    let read = try SensorCatalogueFile.parse(text, file: "sensors.toml")
    for kind in SensorCatalogue.field.kinds { #expect(read.kind(named: kind.code) == kind) }
    let edited = try SensorCatalogueFile.parse(
      text.replacingOccurrences(
        of: "name = \"高空抛物\"\nenglish = \"thrown object\"\naliases = []",
        with: "name = \"高空坠物\"\nenglish = \"falling object\"\naliases = [\"HK-GKPW\"]"),
      file: "sensors.toml")
    let kind = try #require(edited.kind(named: "HK-GKPW"))
    #expect(kind.alert == .thrownObject && kind.name == "高空坠物" && kind.englishName == "falling object")
    #expect(edited.kind(named: "高空坠物") == kind)
  }

  @Test("a bad file is refused naming the file and the key")
  func refusals() {
    let good =
      "alert = \"thrown-object\"\nsource = \"camera\"\nname = \"高空抛物\"\nenglish = \"thrown object\"\n"
    let cases: [(String, String)] = [
      (
        "[a]\n" + good + "group_minutes = 2000\n",
        "sensors.toml: a.group_minutes: 2000 is not a whole number from 0 to 1440"
      ),
      ("[a]\n" + good, "sensors.toml: a.group_minutes: (missing) is not"),
      ("[a]\n" + good + "group_minutes = 5\ncolour = \"red\"\n", "sensors.toml: a.colour: unknown key"),
      (
        "[a]\n" + good.replacingOccurrences(of: "thrown-object", with: "smoke") + "group_minutes = 5\n",
        "sensors.toml: a.alert: 'smoke' is not one of"
      ),
      ("[a]\n" + good + "group_minutes = 5\naliases = \"x\"\n", "sensors.toml: a.aliases: must be a list"),
      (
        "[a]\n" + good + "group_minutes = 5\n[b]\n" + good + "group_minutes = 5\n",
        "sensors.toml: (catalogue): '高空抛物' names both a and b"
      ),
      ("a = 1\n", "sensors.toml: a: must be a table"),
    ]
    for (text, message) in cases {
      let error = #expect(throws: ConfigFileError.self) {
        try SensorCatalogueFile.parse(text, file: "sensors.toml")
      }
      #expect(error?.description.hasPrefix(message) == true, "\(error?.description ?? "")")
    }
  }
}
