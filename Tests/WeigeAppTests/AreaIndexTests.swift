import Testing
import WeigeApp
import WeigeCore
import WeigeTestSupport
import WeigeUI

/// The 春江小区 dashboard fed events one at a time, as the runtime feeds it after each append,
/// keeping the history so that a dashboard can be built afresh from the same events.
private struct LiveDashboard {
  var app: Dashboard
  var recent: [RecordedEvent]

  var ledger: Ledger { app.ledger }

  init() throws {
    let (ledger, events) = try chunjiang()
    recent = Array(events.suffix(20))
    app = dashboard(ledger, width: 200, height: 60, recent: recent)
  }

  /// Validates the event as the store would, then hands it to the dashboard.
  mutating func send(_ body: EventBody, actor: String = "王芳") throws {
    try ledger.validate(body, at: app.now)
    let event = RecordedEvent(
      sequence: ledger.lastSequence + 1, id: .generate(), stream: body.stream, version: 0, time: app.now,
      actor: actor, body: body)
    recent.append(event)
    #expect(app.update(.message(.events([event]))).reaction == .redraw)
  }

  /// The clock moving on.
  mutating func wait(minutes: Int) { _ = app.update(.message(.tick(app.now.adding(minutes: minutes)))) }

  /// A dashboard built from the same ledger, clock, feed and screen, as a restart would build it.
  func afresh() -> Dashboard {
    Dashboard(
      ledger: ledger, now: app.now, theme: .fallback, operatorName: "王芳", screenSize: app.screenSize,
      recent: recent)
  }

  func place(_ path: String) throws -> PlaceID { try #require(ledger.places(named: path).first).id }

  func holder(_ role: RoleID, of stairwell: PlaceID) throws -> PersonID {
    try #require(ledger.holders[RoleAssignment(role: role, place: stairwell)]?.first)
  }

  var nextTicket: TicketID { TicketID((ledger.tickets.keys.max()?.rawValue ?? 1000) + 1) }
}

/// Every area's figures and lists as events left them, against the same counted afresh: each
/// place's own figures recounted from the ledger, summed over `Ledger.subtree`, the open tickets
/// counted from every ticket filed inside, and the open tickets and active alerts filtered from
/// every ticket and alert and sorted.
private func expectCountedAfresh(_ live: LiveDashboard, sourceLocation: SourceLocation = #_sourceLocation) {
  let ledger = live.ledger
  let kept = live.app.index
  for area in [nil] + ledger.subtree(of: nil).map(Optional.some) {
    let places = ledger.subtree(of: area)
    #expect(
      kept.figures(under: area) == recounted(area, in: live), "figures of \(String(describing: area))",
      sourceLocation: sourceLocation)
    let inside = Set(places)
    // Most urgent, then the deadline the countdown shows (the clock that runs out first), then newest.
    func deadline(_ ticket: Ticket) -> Int64 {
      (Deadline.clocks(of: ticket, calendar: .shipped).nearest?.deadline ?? ticket.dueAt).rawValue
    }
    let open = ledger.tickets.values.filter { $0.status.isOpen && inside.contains($0.place) }.sorted {
      ($0.urgency, deadline($1), $0.id.rawValue) > ($1.urgency, deadline($0), $1.id.rawValue)
    }
    #expect(kept.figures(under: area).openTickets == open.count, sourceLocation: sourceLocation)
    #expect(
      kept.openTickets(under: area).map(\.id) == open.map(\.id),
      "open tickets of \(String(describing: area))",
      sourceLocation: sourceLocation)
    let active = ledger.alerts.values.filter { $0.clearedAt == nil && inside.contains($0.place) }.sorted {
      ($0.raisedAt.rawValue, $1.id.rawValue) > ($1.raisedAt.rawValue, $0.id.rawValue)
    }
    #expect(
      kept.activeAlerts(under: area).map(\.id) == active.map(\.id),
      "active alerts of \(String(describing: area))", sourceLocation: sourceLocation)
  }
}

/// The figures of the places under `area`, each recounted from the ledger, summed afresh.
private func recounted(_ area: PlaceID?, in live: LiveDashboard) -> AreaFigures {
  let recount = AreaIndex(live.ledger, now: live.app.now)
  return live.ledger.subtree(of: area).reduce(AreaFigures()) { $0 + recount.ownFigures(of: $1) }
}

/// A tile's figures counted afresh: a place's own tile holds only what was filed at it.
private func recounted(_ unit: MapUnit, in live: LiveDashboard) -> AreaFigures {
  unit.isOwn
    ? AreaIndex(live.ledger, now: live.app.now).ownFigures(of: unit.place) : recounted(unit.place, in: live)
}

/// The live dashboard's screen, colours included, against a dashboard built afresh: under every
/// lens, at a screen where each stairwell has a tile and at one where a tile stands for a grid,
/// on the community and on the street and district above it.
private func expectSameScreen(_ live: LiveDashboard, sourceLocation: SourceLocation = #_sourceLocation) {
  for size in [Size(width: 200, height: 60), Size(width: 60, height: 16)] {
    for climbs in 0...2 {
      for lens in "12345" {
        let keys =
          lookingAtEverything(live.app) + Array(repeating: Key.escape, count: climbs) + [.character(lens)]
        let context = "at \(size.width)×\(size.height), \(climbs) up, lens \(lens)"
        let app = prepared(live.app, at: size, after: keys)
        let tiles = app.unitFigures()
        let units = app.map().units
        let tile = units.indices.first { tiles[$0] != recounted(units[$0], in: live) }
        #expect(tile == nil, "first tile off \(context)", sourceLocation: sourceLocation)
        let kept = screen(of: app)
        let fresh = screen(of: prepared(live.afresh(), at: size, after: keys))
        #expect(kept.lines == fresh.lines, "\(context)", sourceLocation: sourceLocation)
        let cell = kept.cells.indices.first { kept.cells[$0] != fresh.cells[$0] }
        #expect(cell == nil, "first cell off, row by row, \(context)", sourceLocation: sourceLocation)
      }
    }
  }
}

/// Keys that put the selection on every open ticket and active alert, the map pane back in
/// focus, and the bell acknowledged (Space): new critical arrivals are marked until looked at and
/// ring until heard, and a dashboard built afresh has none, so both are brought to the state
/// where nothing is new.
private func lookingAtEverything(_ app: Dashboard) -> [Key] {
  [.tab] + Array(repeating: .down, count: app.openTickets().count) + [.tab, .tab]
    + Array(repeating: .down, count: app.activeAlerts().count) + [.tab, .character(" ")]
}

/// The dashboard resized, after keys.
private func prepared(_ app: Dashboard, at size: Size, after keys: [Key]) -> Dashboard {
  var app = app
  _ = app.update(.input(.resize(size)))
  for key in keys { _ = app.update(.input(.key(key))) }
  return app
}

/// The screen, colours included, through the renderer the terminal uses.
private func screen(of app: Dashboard) -> Buffer {
  let backend = TestBackend(width: app.screenSize.width, height: app.screenSize.height)
  Renderer(backend: backend).draw { app.view(into: &$0, area: $1) }
  return backend.buffer
}

@Suite("Figures kept event by event equal figures counted afresh")
struct AreaIndexTests {
  @Test("a ticket's whole life, a deadline passing, visits, care flags, the team, alerts, a new stairwell")
  func everyKindOfEvent() throws {
    var live = try LiveDashboard()
    let stairwell = try live.place("春江小区/5幢/2单元")
    let grid = try live.place("春江小区微网格")
    let head = try live.holder("head", of: stairwell)
    let homes = live.ledger.householdsByStairwell[stairwell, default: []]
    func send(_ bodies: EventBody..., sourceLocation: SourceLocation = #_sourceLocation) throws {
      for body in bodies {
        try live.send(body)
        expectCountedAfresh(live, sourceLocation: sourceLocation)
      }
    }

    // 点单 at a stairwell, and at the grid above it: that one counts for the grid and above (the
    // header, a grid's tile), and on a stairwell-level map for the grid's own tile.
    let leak = live.nextTicket
    try send(
      .ticketRequested(
        ticketRequest(leak, "楼道水管漏水", .critical, at: stairwell, due: live.app.now.adding(minutes: 30))))
    try send(
      .ticketRequested(
        ticketRequest(live.nextTicket, "小区路灯不亮", .urgent, at: grid, due: live.app.now.adding(hours: 24))))
    try send(
      .ticketDispatched(leak, assignee: head), .ticketReturned(leak, reason: "需物业配合"),
      .ticketDispatched(leak, assignee: head), .ticketAccepted(leak))
    // The deadline passes with the ticket still open: overdue, then 超时督办.
    live.wait(minutes: 31)
    expectCountedAfresh(live)
    #expect(live.app.index.figures(under: stairwell).overdueTickets == 1)
    try send(
      .ticketEscalated(leak), .ticketResolved(leak, note: "已更换阀门"),
      .ticketRated(leak, score: 5, comment: "满意"),
      .ticketReopened(leak, reason: "又漏了"))

    // 走访 and 四必联: a visit, a household flagged living alone, another's flags cleared.
    try send(
      .visitRecorded(homes[0], visitor: head, note: "入户走访"),
      .householdFlagsChanged(homes[1], flags: [.elderlyLivingAlone], tags: []),
      .householdFlagsChanged(homes[2], flags: [], tags: []))

    // The head stands down (a vacancy); a party member takes the post.
    let newcomer = PersonID((live.ledger.people.keys.max()?.rawValue ?? 0) + 1)
    try send(
      .roleVacated(head, RoleAssignment(role: "head", place: stairwell), reason: "搬离本楼"),
      .personRegistered(
        Person(id: newcomer, name: "周敏", household: homes[3], phone: "13800001234", isPartyMember: true)),
      .roleAssigned(newcomer, RoleAssignment(role: "head", place: stairwell)))

    // Two alerts raised, one cleared.
    let firstAlert = AlertID((live.ledger.alerts.keys.max()?.rawValue ?? 0) + 1)
    let other = try live.place("春江小区/13幢/1单元")
    try send(
      .alertRaised(
        AlertRaise(id: firstAlert, kind: .blockedFireLane, place: stairwell, household: nil, text: "消防通道堆物")),
      .alertRaised(
        AlertRaise(
          id: AlertID(firstAlert.rawValue + 1), kind: .thrownObject, place: other, household: nil,
          text: "高空抛物")),
      .alertCleared(firstAlert, note: "已清理"))

    // A stairwell added to 13幢, and a household registered in it.
    let building = try live.place("春江小区/13幢")
    let added = PlaceID((live.ledger.places.keys.max()?.rawValue ?? 0) + 1)
    let home = HouseholdID((live.ledger.households.keys.max()?.rawValue ?? 0) + 1)
    try send(
      .placeAdded(Place(id: added, parent: building, level: .stairwell, name: "3单元")),
      .householdRegistered(
        Household(
          id: home, stairwell: added, room: "101", residents: 2, aged60Plus: 2, contactName: "陈阿姨",
          contactPhone: "13900005678", flags: [.emptyNestElderly])))
    expectSameScreen(live)

    // Past midnight: today's figures start again.
    live.wait(minutes: 4 * 60)
    expectCountedAfresh(live)
    expectSameScreen(live)
  }

  @Test("overdue on the map is the duty clocks' word: a 签收 run out counts before the 办结 deadline")
  func overdueByTheDutyClocks() throws {
    var live = try LiveDashboard()
    let stairwell = try live.place("春江小区/5幢/2单元")
    let head = try live.holder("head", of: stairwell)
    let id = live.nextTicket
    let (terms, due) = Deadline.opening(
      at: live.app.now, .nuisance, .normal, policy: .shipped, calendar: live.app.index.clocks.calendar)
    var request = ticketRequest(id, "楼道灯不亮", .normal, at: stairwell, due: due)
    request.terms = terms
    try live.send(.ticketRequested(request))
    try live.send(.ticketDispatched(id, assignee: head))
    let sign = try #require(live.app.index.clocks.clocks(of: id).sign)
    live.wait(minutes: Int((sign.deadline.rawValue - live.app.now.rawValue) / 60_000) - 1)
    let before = live.app.index.figures(under: stairwell).overdueTickets
    live.wait(minutes: 2)
    #expect(live.app.now < due)
    #expect(live.app.index.figures(under: stairwell).overdueTickets == before + 1)
    expectCountedAfresh(live)
    try live.send(.ticketAccepted(id))
    #expect(live.app.index.figures(under: stairwell).overdueTickets == before)
    expectCountedAfresh(live)
  }

  @Test("a month turning over with no event between: the visits lens starts again on screen")
  func monthTurnsOver() throws {
    var live = try LiveDashboard()
    // Drawn once before, so the tiles' figures are in the cache (a copy of the dashboard shares it).
    _ = screen(of: prepared(live.app, at: live.app.screenSize, after: [.character("3")]))
    live.wait(minutes: 10 * 24 * 60)
    #expect(live.app.index.figures(under: nil).visitedThisMonth == 0)
    expectSameScreen(live)
  }

  @Test("a safety officer added to every stairwell team: every team counts a vacant post")
  func catalogueChanges() throws {
    var live = try LiveDashboard()
    var roles = RoleCatalogue.stairwellTeam.roles
    roles.insert(RoleDefinition(id: "safety", name: "安全员", englishName: "safety officer"), at: 3)
    try live.send(.catalogueDefined(RoleCatalogue(roles: roles)))
    #expect(live.app.index.figures(under: nil).teamPosts == 4 * 26)
    expectCountedAfresh(live)
    expectSameScreen(live)
  }

  @Test("the small screen of these tests stands a tile for each grid")
  func smallScreenAggregates() throws {
    let app = prepared(try LiveDashboard().app, at: Size(width: 60, height: 16), after: [])
    #expect(app.map().unitLevel == .grid)
  }

  @Test("three hundred simulated events, with the clock moving on past midnight between them")
  func simulatedStream() throws {
    var live = try LiveDashboard()
    var simulator = Simulator(seed: 11)
    for step in 1...300 {
      if step.isMultiple(of: 10) { live.wait(minutes: 7) }
      let proposal = simulator.next(in: live.ledger, at: live.app.now)
      let (body, actor) = try #require(proposal)
      guard (try? live.ledger.validate(body, at: live.app.now)) != nil else { continue }
      try live.send(body, actor: actor)
      expectCountedAfresh(live)
    }
    expectSameScreen(live)
  }
}

private func ticketRequest(
  _ id: TicketID, _ title: String, _ urgency: Urgency, at place: PlaceID, due: Timestamp
)
  -> TicketRequest
{
  TicketRequest(
    id: id, title: title, demandClass: .nuisance, urgency: urgency, source: .hotline, place: place,
    household: nil,
    dueAt: due)
}
