import ArgumentParser
import Foundation
import WeigeCore
import WeigeStore

/// `weige ticket …`: the four-order ticket flow from the command line.
struct TicketCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ticket", abstract: "File a ticket (点单).", subcommands: [NewTicket.self])
}

extension Urgency: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = Self.allCases.first(where: { "\($0)" == argument || $0.chineseName == argument }) else {
      return nil
    }
    self = value
  }
}

extension DemandClass: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = Self.allCases.first(where: { $0.key == argument || $0.chineseName == argument }) else {
      return nil
    }
    self = value
  }
}

extension TicketSource: ExpressibleByArgument {
  public init?(argument: String) {
    guard let value = Self.allCases.first(where: { "\($0)" == argument || $0.chineseName == argument }) else {
      return nil
    }
    self = value
  }
}

/// `weige ticket new`: 点单 — a resident's request, with its SLA set by urgency.
struct NewTicket: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "new", abstract: "File a new ticket (点单).")

  @OptionGroup var store: StoreOptions

  @Option(help: "The place, by name or path: 长江小区/3幢/2单元.")
  var place: String

  @Option(help: "What the resident needs.")
  var title: String

  @Option(name: .customLong("class"), help: "development, urgent-aid or nuisance (发展难事/扶弱济贫急事/影响和谐烦事).")
  var demandClass: DemandClass = .nuisance

  @Option(help: "normal, urgent or critical (一般/急/特急).")
  var urgency: Urgency = .normal

  @Option(help: "hotline, wechatGroup, walkIn, patrol or sensor.")
  var source: TicketSource = .hotline

  @Option(help: "The room of a household in that stairwell, e.g. 302.")
  var room: String?

  func run() throws {
    let target = try store.openExisting()
    // Ticket numbers are the next free one; a writer that took it first makes this a version
    // conflict on the ticket's stream, and the number is chosen again.
    for _ in 0..<5 {
      let ledger = try target.openLedger()
      let placeID = try resolvePlace(place, in: ledger)
      var household: HouseholdID?
      if let room {
        household = ledger.householdsByStairwell[placeID, default: []].first {
          ledger.households[$0]?.room == room
        }
        guard household != nil else { throw CLIError("there is no room \(room) in \(place)") }
      }
      let now = Timestamp.now
      let id = TicketID((ledger.tickets.keys.last?.rawValue ?? 1000) + 1)
      let body = EventBody.ticketRequested(
        TicketRequest(
          id: id, title: title, demandClass: demandClass, urgency: urgency, source: source, place: placeID,
          household: household, dueAt: now.adding(hours: urgency.slaHours)))
      try ledger.validate(body, at: now)
      do {
        try target.append(
          [NewEvent(time: now, actor: store.actor, body: body)], expectedVersions: [body.stream: 0])
        print("点单 \(id) \(urgency.chineseName) \(title)")
        return
      } catch StoreError.versionConflict {
        continue
      }
    }
    throw CLIError("could not number the ticket: other operators kept taking the next number; try again")
  }
}
