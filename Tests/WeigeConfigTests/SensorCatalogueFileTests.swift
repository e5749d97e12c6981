import Testing
import WeigeConfig
import WeigeCore
import WeigeTestSupport

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
        of:
          "name = \"高空抛物\"\nenglish = \"thrown object\"\nurgency = \"urgent\"\nclass = \"nuisance\"\naliases = []",
        with:
          "name = \"高空坠物\"\nenglish = \"falling object\"\nurgency = \"urgent\"\nclass = \"nuisance\"\naliases = [\"HK-GKPW\"]"
      ),
      file: "sensors.toml")
    let kind = try #require(edited.kind(named: "HK-GKPW"))
    #expect(kind.alert == .thrownObject && kind.name == "高空坠物" && kind.englishName == "falling object")
    #expect(edited.kind(named: "高空坠物") == kind)
  }

  @Test("a room defines an alert of its own (电动车入梯) and changes how urgent one of Weige's is")
  func alertsOfTheRoom() throws {
    let text =
      ebikeInLiftTable + """

        [rubbish-dropped]
        alert = "rubbish-dropped"
        source = "camera"
        name = "垃圾落地"
        english = "rubbish dropped"
        urgency = "urgent"
        group_minutes = 60

        """
    let catalogue = try SensorCatalogueFile.parse(text, file: "sensors.toml")
    let ebike = try #require(catalogue.kind(named: "HK-DDCRT"))
    #expect(
      ebike.alert
        == AlertKind(
          code: "ebike-in-lift", chineseName: "电动车入梯", englishName: "e-bike in lift", urgency: .critical,
          demandClass: .urgentAid))
    // Weige's own keeps its code, names and class; only what the file says changes.
    let rubbish = try #require(catalogue.kind(named: "垃圾落地")).alert
    #expect(rubbish.isSame(as: .rubbishDropped) && rubbish != .rubbishDropped)
    #expect(rubbish.urgency == .urgent && rubbish.chineseName == "垃圾落地" && rubbish.demandClass == .nuisance)
    // Printed, it reads back as it was.
    #expect(
      try SensorCatalogueFile.parse(SensorCatalogueFile.text(of: catalogue), file: "again.toml") == catalogue)
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
        "sensors.toml: a.urgency: 'smoke' is not one of Weige's alerts (low-water-use, thrown-object,"
      ),
      (
        "[a]\n" + good + "group_minutes = 5\nurgency = \"soon\"\n",
        "sensors.toml: a.urgency: 'soon' is not one of normal, urgent, critical"
      ),
      (
        "[a]\n" + good.replacingOccurrences(of: "thrown-object", with: "smoke")
          + "group_minutes = 5\nurgency = \"urgent\"\nclass = \"nuisance\"\n",
        "sensors.toml: (catalogue): a: the alert name '高空抛物' is thrown-object's"
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
