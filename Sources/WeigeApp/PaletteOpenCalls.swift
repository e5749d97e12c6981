import WeigeCore
import WeigeSearch

/// 揭榜 from the palette (`call post`, `call claim` …): the items and units an argument offers,
/// and the event a command appends. Core's validation refuses what the board does not allow.
extension PaletteContext {
  /// The items `action` accepts, in the board's order (overdue first), each as
  /// `J7 车棚电线改造 长江小区 待揭榜 区住建局`; with nothing typed the item on screen first. An
  /// item named by its number comes first even in another state, so that choosing it says why it
  /// cannot be.
  func callRows(_ text: String, for action: OpenCallAction) -> [PaletteRow] {
    let board = ledger.openCalls
    let accepted = Set(action.allowedStates)
    let calls = board.ordered(at: now)
    let lines = calls.map { callLine($0, board) }
    let query = PaletteQuery(text)
    var rows: [PaletteRow]
    if query.isEmpty {
      let inView = calls.indices.filter { calls[$0].id == callInView && accepted.contains(calls[$0].status) }
      rows = (inView + calls.indices.filter { accepted.contains(calls[$0].status) && !inView.contains($0) })
        .map {
          PaletteRow(item: .openCall(calls[$0].id), text: lines[$0], positions: [], score: 0)
        }
    } else {
      rows = PaletteIndex(lines).search(query, limit: lines.count).matches.filter {
        accepted.contains(calls[$0.candidate].status)
      }.map {
        PaletteRow(
          item: .openCall(calls[$0.candidate].id), text: lines[$0.candidate], positions: $0.positions,
          score: $0.score)
      }
    }
    if let typed = OpenCallID(typed: FreeText.trimmed(text)),
      let index = calls.firstIndex(where: { $0.id == typed })
    {
      rows =
        [PaletteRow(item: .openCall(typed), text: lines[index], positions: [], score: .max)]
        + rows.filter { $0.item != .openCall(typed) }
    }
    return Array(rows.prefix(PaletteCatalog.shownLimit))
  }

  /// How an item reads in the palette: number, title, place, state, taker.
  private func callLine(_ call: OpenCall, _ board: OpenCallBoard) -> String {
    let taker = call.unit.flatMap { board.units[$0]?.name }
    return
      "\(call.id) \(call.posting.title) \(ledger.fieldName(of: call.posting.place)) \(call.status.chineseName)"
      + (taker.map { " " + $0 } ?? "")
  }

  /// The three lists, and the registered units by name and kind.
  func callChoices(for argument: PaletteArgument) -> [(item: PaletteItem, text: String)] {
    switch argument {
    case .callList:
      CallList.allCases.map { (.choice($0.englishName), "\($0.englishName) \($0.chineseName)") }
    case .unit:
      ledger.openCalls.units.values.map { (.unit($0.id), "\($0.name) \($0.kind.name) \($0.id)") }
    case .request:
      // Only those awaiting the community, the oldest first: `D3 阳台防水维修 春江小区2幢1单元 301室（入户走访）`.
      ledger.openCalls.pendingRequests.map {
        (.request($0.id), "\($0.id) \($0.request.wish) " + $0.request.requesterName(in: ledger, .zh))
      }
    case .requestChannel:
      RequestChannel.allCases.map { (.choice($0.englishName), "\($0.englishName) \($0.chineseName)") }
    default: []
    }
  }

  /// The event a 揭榜 command appends; nil for any other command. A by-when or a count of
  /// person-times that cannot be read is refused with the forms it takes.
  func callEvent(for command: PaletteCommand, _ values: [PaletteItem]) throws(DomainError) -> EventBody? {
    func text(_ position: Int) -> String {
      if case .text(let words)? = values.dropFirst(position).first { words } else { "" }
    }
    switch (command, values.first, values.dropFirst().first) {
    case (.callPost, .choice(let key)?, .place(let place)?):
      guard let list = CallList(named: key) else { return nil }
      let dueBy = Deadline.order(issuedAt: now, try DeadlineSpec(parsing: text(4)))
      return .openCallPosted(
        OpenCallPosting(
          id: ledger.openCalls.nextCallID, list: list, title: text(2), place: place, need: text(3),
          dueBy: dueBy))
    case (.callClaim, .openCall(let id)?, .unit(let unit)?):
      return .openCallClaimed(id, unit: unit)
    case (.callProgress, .openCall(let id)?, _):
      return .openCallProgressed(id, note: text(1), personTimes: try served(text(2)))
    case (.callDone, .openCall(let id)?, _):
      return .openCallCompleted(id, note: text(1), personTimes: try served(text(2)))
    case (.callRate, .openCall(let id)?, .choice(let score)?):
      return .openCallRated(id, score: Int(score) ?? 0, comment: "")
    case (.callWithdraw, .openCall(let id)?, _):
      return .openCallWithdrawn(id, reason: text(1))
    case (.callRequest, .household(let id)?, .choice(let channel)?):
      guard let channel = RequestChannel(named: channel), let home = ledger.households[id] else { return nil }
      return .openCallRequested(
        ResidentRequest(
          id: ledger.openCalls.nextRequestID, requester: .household(id), channel: channel,
          place: home.stairwell,
          wish: text(2)))
    case (.callDispatch, .request(let id)?, .choice(let key)?):
      // Its title and place are the request's: what the resident asked for, where.
      guard let list = CallList(named: key) else { return nil }
      let asked = try ledger.openCalls.requirePending(id).request
      return .openCallPosted(
        OpenCallPosting(
          id: ledger.openCalls.nextCallID, list: list, title: asked.wish, place: asked.place, need: text(2),
          dueBy: Deadline.order(issuedAt: now, try DeadlineSpec(parsing: text(3))), request: id))
    case (.callDecline, .request(let id)?, _):
      return .openCallRequestDeclined(id, reason: text(1))
    case (.callRelease, .openCall(let id)?, _):
      // 退榜 is the taker's: the operator records it for the unit that holds the item.
      let call = try ledger.openCalls.require(id, for: .release)
      guard let unit = call.unit else { return nil }
      return .openCallReleased(id, unit: unit, reason: text(1))
    default:
      return nil
    }
  }

  /// Person-times as typed (`6`, `6人次`); Core checks the range.
  private func served(_ text: String) throws(DomainError) -> Int {
    let digits = text.hasSuffix("人次") ? String(text.dropLast(2)) : text
    guard let count = Int(FreeText.trimmed(digits)) else {
      throw DomainError(
        "'\(text)' 不是服务人次：写一个整数，如 6（没有则写 0）",
        english: "'\(text)' is not a count of person-times: write a whole number, e.g. 6 (0 for none)")
    }
    return count
  }
}
