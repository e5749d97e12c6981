import Testing
import WeigeCore
import WeigeTestSupport

@Suite("The mobilization tasks as data: a room's own list, kept by an event")
struct TaskCatalogueTests {
  let ground = try! WarGround()

  @Test(
    "a room's list replaces the lockdown's: orders take its tasks, not the old ones; orders issued before keep theirs"
  )
  func roomsOwnTasks() throws {
    var ledger = ground.ledger
    #expect(ledger.taskCatalogue == .standard)
    // An order on the lockdown's list, then the room's own.
    try ledger.execute(ground.order(over: WarGround.unit1, in: ledger), at: pinnedNow, actor: "陈静")
    try ledger.execute(.taskCatalogueDefined(floodTasks), at: pinnedNow.adding(minutes: 1), actor: "陈静")
    #expect(ledger.taskCatalogue == floodTasks)
    #expect(ledger.taskCatalogue.task(named: "排查")?.id == "check")
    #expect(ledger.mobilizations[MobilizationID(1)]?.task.id == "notify")
    // A notify order now is refused in both languages; a check order is issued.
    guard case .mobilizationIssued(var order) = ground.order(2, over: WarGround.westCompound, title: "汛前排查")
    else { return }
    order.deadline = pinnedNow.adding(hours: 2)
    var copy = ledger
    do {
      try copy.execute(.mobilizationIssued(order), at: pinnedNow.adding(minutes: 2), actor: "陈静")
      Issue.record("an order with a task not in the list was accepted")
    } catch {
      #expect(error.english == "the task 'notify' is not in the task catalogue (check, evacuate)")
      #expect(error.chinese == "任务「告知」不在动员任务目录中（排查、转移）")
    }
    #expect(copy == ledger)
    order.task = floodTasks.tasks[0]
    try ledger.execute(.mobilizationIssued(order), at: pinnedNow.adding(minutes: 2), actor: "陈静")
    #expect(ledger.mobilizations[MobilizationID(2)]?.task.doneName == "已排查")
    // Kept in a snapshot, and in the log's bytes.
    let restored = try ledger.snapshot().withUnsafeBytes { try Ledger(snapshot: $0) }
    #expect(restored?.taskCatalogue == floodTasks)
    #expect(restored == ledger)
    let body = EventBody.taskCatalogueDefined(floodTasks)
    let decoded = try body.encoded().withUnsafeBytes { try EventBody.decode(kind: body.kind, payload: $0) }
    #expect(decoded == body)
    #expect(EventKind(name: "task.catalogue-defined") == .taskCatalogueDefined)
    #expect(body.stream == "catalogue")
    #expect(body.summary(in: ledger) == "定义动员任务 2 项：排查、转移")
    #expect(body.summary(in: ledger, language: .en) == "mobilization tasks defined, 2: check, evacuate")
  }

  @Test("refused: an empty list, a word meaning two tasks, an empty name, a control character")
  func refusals() {
    func refused(_ change: (inout TaskCatalogue) -> Void, saying words: String) {
      var catalogue = floodTasks
      change(&catalogue)
      var ledger = ground.ledger
      do {
        try ledger.execute(.taskCatalogueDefined(catalogue), at: pinnedNow, actor: "陈静")
        Issue.record("accepted: \(words)")
      } catch {
        #expect(error.english.contains(words), "\(error.english)")
        #expect(!error.chinese.isEmpty)
      }
      #expect(ledger == ground.ledger)
    }
    refused({ $0.tasks = [] }, saying: "at least one task")
    refused({ $0.tasks[1].name = "排查" }, saying: "'排查' names both tasks check and evacuate")
    refused({ $0.tasks[1].id = "check" }, saying: "the task key check is given twice")
    refused({ $0.tasks[0].doneName = "" }, saying: "Chinese done word of check must not be empty")
    refused({ $0.tasks[0].englishName = "check\u{1b}[2J" }, saying: "control character U+001B")
  }
}
