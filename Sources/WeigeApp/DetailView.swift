import WeigeCore
import WeigeUI

extension Dashboard {
  func renderDetail(_ detail: Navigation.Detail, in area: Rect, into buffer: inout Buffer) {
    switch detail {
    case .stairwell(let id): renderStairwell(id, in: area, into: &buffer)
    case .ticket(let id): renderTicket(id, in: area, into: &buffer)
    case .person(let id): renderPerson(id, in: area, into: &buffer)
    case .alert(let id): renderAlert(id, in: area, into: &buffer)
    case .household(let id): renderHousehold(id, in: area, into: &buffer)
    case .war(let id): renderWar(id, in: area, into: &buffer)
    case .duty: renderDuty(in: area, into: &buffer)
    case .handover(let shift): renderHandover(shift, in: area, into: &buffer)
    case .openCalls: renderOpenCalls(in: area, into: &buffer)
    case .stars: renderStarsBoard(in: area, into: &buffer)
    case .openCall(let id): renderOpenCall(id, in: area, into: &buffer)
    }
  }

  /// A stairwell: its team (vacancies and party members marked), its households with their flags
  /// and last visit, its tickets, and what happened there lately. At war, its squad too, and each
  /// household's outcome under the order.
  func renderStairwell(_ id: PlaceID, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let columns = Layout.horizontal([.percentage(40), .fill(1)]).split(area)
    let order = orderWithSquad(at: id)
    let squad = order?.squad(at: id)
    let squadRows = squad.map { $0.members.count + ($0.status == .blocked ? 1 : 0) + 3 } ?? 0
    let left = Layout.vertical([.length(10), .length(squadRows), .fill(1)]).split(columns[0])
    let title = ledger.fieldName(of: id)
    let team = team(of: id)
    let tickets = tickets(at: id)
    let teamFrame = block(l("一长二员", "stairwell team") + " · " + title, focused: true)
    buffer.render(teamFrame, in: left[0])
    let roleName = { (role: RoleDefinition) in l(role.name, role.englishName) }
    let nameWidth = team.map { TextWidth.of(roleName($0.role)) }.max() ?? 0
    var lines: [Line] = team.enumerated().map { index, member in
      let person = ledger.people[member.person]
      let selected = index == navigation.detailSelection
      let name = roleName(member.role)
      return Line(
        [
          Span(
            name + String(repeating: " ", count: nameWidth - TextWidth.of(name) + 1),
            style: theme.style(.muted)),
          Span(
            person?.name ?? member.person.description,
            style: selected ? theme.selectionStyle : theme.style(.text)),
          Span(person?.isPartyMember == true ? " " + l("党员", "party") : "", style: theme.style(.partyRed)),
          Span("  " + mask(person?.phone ?? ""), style: theme.style(.muted)),
        ])
    }
    for role in ledger.catalogue.roles where role.level == .stairwell && role.posts > 0 {
      let held = team.filter { $0.role.id == role.id }.count
      if held < role.posts {
        lines.append(Line(roleName(role) + " " + l("空缺", "vacant"), style: theme.style(.danger)))
      }
    }
    buffer.render(Paragraph(lines), in: teamFrame.inner(left[0]))
    if let order, let squad { renderSquad(squad, of: order, in: left[1], into: &buffer) }

    let ticketFrame = block(l("工单", "tickets"), trailing: "\(tickets.count)")
    buffer.render(ticketFrame, in: left[2])
    let ticketLines = tickets.enumerated().map { index, ticket in
      ticketLine(ticket, selected: index + team.count == navigation.detailSelection)
    }
    buffer.render(Paragraph(ticketLines), in: ticketFrame.inner(left[2]))

    let households = ledger.householdsByStairwell[id, default: []].compactMap { ledger.households[$0] }
    let homeRow = navigation.detailSelection - team.count - tickets.count
    let homesFrame = block(l("住户", "households"), focused: homeRow >= 0, trailing: "\(households.count)")
    buffer.render(homesFrame, in: columns[1])
    let rows = households.map { home in
      let flags = HouseholdFlags.all.filter { home.flags.contains($0.flag) }.map { l($0.chinese, $0.key) }
        .joined(separator: " ")
      var cells = [
        Line(home.room), Line(home.contactName), Line("\(home.residents)"), Line("\(home.aged60Plus)"),
        Line(flags, style: theme.style(home.flags.isDisjoint(with: .needsCare) ? .text : .warn)),
        Line(
          home.lastVisit.map { String($0.chinaDateTime.dropFirst(5).prefix(11)) } ?? l("未走访", "never"),
          style: theme.style(.muted)),
      ]
      if let order {
        let outcome = order.outcome(of: home.id)?.outcome
        cells.append(
          Line(
            outcome?.name(l, task: order.task) ?? l("未报", "—"),
            style: theme.style(outcome == nil ? .muted : outcome == .reached ? .ok : .warn)))
      }
      return Table.Row(cells)
    }
    var headings: [Table.Column] = [
      .init(Line(l("室", "room")), width: .length(5)), .init(Line(l("户主", "contact")), width: .length(8)),
      .init(Line(l("人", "ppl")), width: .length(3)), .init("60+", width: .length(3)),
      .init(Line(l("四必联/四掌握", "flags")), width: .fill(1)),
      .init(Line(l("最近走访", "last visit")), width: .length(11)),
    ]
    if let order { headings.append(.init(Line("\(order.id)"), width: .length(8))) }
    let table = Table(
      columns: headings, rows: rows, selected: homeRow >= 0 ? homeRow : nil, headerStyle: theme.style(.muted),
      selectionStyle: theme.selectionStyle)
    buffer.render(table, in: homesFrame.inner(columns[1]))
  }

  /// A stairwell's squad under an order: its state (and why it is blocked), who is in it with
  /// their phones masked (a reinforcement marked `+`), and its households by outcome.
  func renderSquad(_ squad: Squad, of order: Mobilization, in area: Rect, into buffer: inout Buffer) {
    let l = language
    let frame = block(
      l("突击小组", "squad") + " · \(order.id) · " + squad.status.name(l)
        + (squad.isShortHanded ? l(" · 缺员", " · short-handed") : ""))
    buffer.render(frame, in: area)
    var lines = squad.members.map { member -> Line in
      let person = ledger.people[member.person]
      let attached = member.attachedAt.map { l(" 增援 ", " joined ") + moment($0) } ?? ""
      return Line([
        Span(
          (member.attachedAt == nil ? "" : "+") + (person?.name ?? member.person.description),
          style: theme.style(.text)),
        Span("  " + mask(person?.phone ?? "") + attached, style: theme.style(.muted)),
      ])
    }
    if let reason = squad.blockedReason {
      lines.append(
        Line(SquadStatus.blocked.name(l) + l("：", ": ") + reason, style: theme.style(.critical).bolded()))
    }
    lines.append(
      Line([reachedSpan(squad.tally, task: order.task), Span("  ")] + outcomeSpans(squad.tally)))
    buffer.render(Paragraph(lines), in: frame.inner(area))
  }

  func renderTicket(_ id: TicketID, in area: Rect, into buffer: inout Buffer) {
    let l = language
    guard let ticket = ledger.tickets[id] else { return }
    let rows = Layout.vertical([.length(8), .fill(1)]).split(area)
    let frame = block(l("工单", "ticket") + " \(ticket.id) · " + ticket.title, focused: true)
    buffer.render(frame, in: rows[0])
    let assignee = ticket.assignee.flatMap { ledger.people[$0]?.name } ?? "—"
    let lines: [Line] =
      [
        Line(
          "\(l("状态", "status")) \(ticket.status.name(l))"
            + (ticket.isEscalated ? l(" · 超时督办", " · escalated") : "")
            + "   \(l("紧急", "urgency")) \(ticket.urgency.name(l))   \(l("类别", "class")) \(ticket.demandClass.name(l))"
        ),
        Line(
          "\(l("来源", "source")) \(ticket.source.name(l))   \(l("地点", "place")) \(ledger.fieldName(of: ticket.place))"
        ),
        Line(
          "\(l("点单", "requested")) \(ticket.requestedAt.chinaDateTime)   \(l("时限", "due")) \(ticket.dueAt.chinaDateTime)   "
            + (ticket.status.isOpen ? "\(l("剩余", "left")) " : "") + timeLeft(ticket),
          style: timeLeftStyle(ticket)),
        Line(
          "\(l("承办", "assignee")) \(assignee)   \(l("评价", "rating")) \(ticket.rating.map { "\($0)★" } ?? "—")"
        ),
      ] + (dutyClockLine(ticket).map { [$0] } ?? [])
    buffer.render(Paragraph(lines), in: frame.inner(rows[0]))
    let timelineFrame = block(l("全程记录", "timeline"), trailing: "\(ticket.timeline.count)")
    buffer.render(timelineFrame, in: rows[1])
    let steps = ticket.timeline.map { step in
      Table.Row([
        Line(step.time.chinaDateTime, style: theme.style(.muted)),
        Line(step.status.name(l), style: theme.style(.accent)),
        Line(step.actor), Line(step.note),
      ])
    }
    buffer.render(
      Table(
        columns: [
          .init(Line(l("时间", "time")), width: .length(19)), .init(Line(l("环节", "step")), width: .length(4)),
          .init(Line(l("经办", "by")), width: .length(8)), .init(Line(l("说明", "note")), width: .fill(1)),
        ], rows: steps, headerStyle: theme.style(.muted)), in: timelineFrame.inner(rows[1]))
  }

  /// An open ticket's clocks as the duty desk counts them: 签收 while it waits to be signed for,
  /// 办结, each with its deadline, and how far up the ladder it has gone.
  private func dutyClockLine(_ ticket: Ticket) -> Line? {
    let l = language
    let clocks = Deadline.clocks(of: ticket, calendar: calendar)
    var spans: [Span] = []
    for clock in [clocks.sign, clocks.resolve].compactMap({ $0 }) {
      spans.append(Span(clock.kind.name(l) + " "))
      spans.append(Span(clockWords(clock), style: clockStyle(clock)))
      spans.append(
        Span(l("（至 \(ChinaTime.text(clock.deadline))）", " (by \(ChinaTime.text(clock.deadline)))")))
      // A deadline that leaned on Monday–Friday in a year without a notice says so, as the queue does.
      if clock.usesWeekdayFallback {
        spans.append(Span(l("※按周一至周五计", " ※Mon–Fri assumed"), style: theme.style(.warn)))
      }
      spans.append(Span("   "))
    }
    guard !spans.isEmpty else { return nil }
    spans.append(Span(l("督办 ", "escalated ") + escalationWords(.ticket(ticket.id))))
    return Line(spans)
  }

  func renderPerson(_ id: PersonID, in area: Rect, into buffer: inout Buffer) {
    let l = language
    guard let person = ledger.people[id] else { return }
    let rows = Layout.vertical([.length(4 + person.roles.count), .fill(1)]).split(area)
    let frame = block(l("人员", "person") + " · " + person.name, focused: true)
    buffer.render(frame, in: rows[0])
    var lines = [
      Line(
        "\(person.isPartyMember ? l("党员", "party member") : l("群众", "not a party member"))   \(l("电话", "phone")) \(mask(person.phone))"
      )
    ]
    if let home = person.household.flatMap({ ledger.households[$0] }) {
      lines.append(Line("\(l("住址", "home")) \(ledger.fieldName(of: home.stairwell)) \(home.room)"))
    }
    for assignment in person.roles {
      lines.append(
        Line(
          "\(ledger.catalogue.role(assignment.role)?.name ?? assignment.role) · \(ledger.path(of: assignment.place).map(\.name).joined(separator: " › "))",
          style: theme.style(.accent)))
    }
    buffer.render(Paragraph(lines), in: frame.inner(rows[0]))
    let work = ledger.tickets.values.filter { ticket in
      ticket.assignee == id || ticket.timeline.contains { $0.actor == person.name }
    }.sorted { $0.requestedAt > $1.requestedAt }
    let activity = block(l("近期经办", "recent activity"), trailing: "\(work.count)")
    buffer.render(activity, in: rows[1])
    let items = work.prefix(100).map { ticket in
      Line(
        "\(ticket.requestedAt.chinaDateTime.dropFirst(5).prefix(11))  \(ticket.id) \(ticket.status.name(l))  \(ticket.title)"
      )
    }
    buffer.render(Paragraph(Array(items)), in: activity.inner(rows[1]))
  }

  /// A ticket as a detail lists it: number, state, time left or how it closed, matter.
  func ticketLine(_ ticket: Ticket, selected: Bool) -> Line {
    Line([
      Span("\(ticket.id) ", style: selected ? theme.selectionStyle : theme.style(.accent)),
      Span(ticket.status.name(language) + " ", style: theme.style(ticket.status.isOpen ? .warn : .ok)),
      Span(timeLeft(ticket) + " ", style: timeLeftStyle(ticket)),
      Span(ticket.title, style: theme.style(.text)),
    ])
  }

  /// An alert: what, where (the household too), when, its text and state, and its history; the
  /// footer shows the keys that act on it.
  func renderAlert(_ id: AlertID, in area: Rect, into buffer: inout Buffer) {
    let l = language
    guard let alert = ledger.alerts[id] else { return }
    var lines = [
      Line([
        Span(l("类型 ", "kind "), style: theme.style(.muted)),
        Span(alert.kind.name(l), style: alertStyle(alert.kind)),
        Span(l("   状态 ", "   state "), style: theme.style(.muted)),
        Span(alertState(alert), style: theme.style(alert.clearedAt == nil ? .warn : .ok)),
      ]),
      Line(l("地点 ", "place ") + ledger.path(of: alert.place).map(\.name).joined(separator: " › ")),
    ]
    if let home = alert.household.flatMap({ ledger.households[$0] }) {
      lines.append(
        Line(
          l("住户 ", "household ") + home.room + l("室", "") + "  " + home.contactName + "  "
            + mask(home.contactPhone)))
    }
    lines.append(Line(l("时间 ", "raised ") + moment(alert.raisedAt)))
    lines.append(Line(l("内容 ", "text ") + alert.text))
    lines += sensorLines(alert)
    if let ticket = alert.ticket.flatMap({ ledger.tickets[$0] }) {
      lines.append(
        Line(
          l("工单 ", "ticket ") + "\(ticket.id) " + ticket.status.name(l) + " " + timeLeft(ticket),
          style: timeLeftStyle(ticket)))
    }
    let rows = Layout.vertical([.length(lines.count + 2), .fill(1)]).split(area)
    let frame = block(l("告警", "alert") + " · " + alert.label(in: ledger, language), focused: true)
    buffer.render(frame, in: rows[0])
    buffer.render(Paragraph(lines), in: frame.inner(rows[0]))
    let historyFrame = block(l("经过", "history"), trailing: "\(alert.history.count)")
    buffer.render(historyFrame, in: rows[1])
    let steps = alert.history.map { step in
      Table.Row([
        Line(moment(step.time), style: theme.style(.muted)),
        Line(step.kind.name(l), style: theme.style(.accent)),
        Line(step.actor), Line(step.note),
      ])
    }
    buffer.render(
      Table(
        columns: [
          .init(Line(l("时间", "time")), width: .length(11)), .init(Line(l("环节", "step")), width: .length(12)),
          .init(Line(l("经办", "by")), width: .length(8)), .init(Line(l("说明", "note")), width: .fill(1)),
        ], rows: steps, headerStyle: theme.style(.muted)), in: historyFrame.inner(rows[1]))
  }

  /// Where an alert stands: cleared, turned into a ticket, acknowledged, or waiting for the desk.
  func alertState(_ alert: Alert) -> String {
    let l = language
    if alert.clearedAt != nil { return l("已解除", "cleared") }
    if let ticket = alert.ticket { return l("已转工单 ", "ticket ") + ticket.description }
    if let at = alert.acknowledgedAt {
      return l("已确认", "acknowledged") + " " + (alert.acknowledgedBy ?? "") + " " + moment(at)
    }
    return l("待确认", "not acknowledged")
  }

  /// A household: its contact (phone masked, unless this screen's reveal is in the log), people,
  /// flags and tags, last visit, who saw its numbers whole and when, and its tickets.
  func renderHousehold(_ id: HouseholdID, in area: Rect, into buffer: inout Buffer) {
    let l = language
    guard let home = ledger.households[id] else { return }
    let flags = HouseholdFlags.all.filter { home.flags.contains($0.flag) }.map { l($0.chinese, $0.key) }
    let whole = reveals.shown == id
    let phone =
      whole
      ? Span(home.contactPhone + l("（完整号码，已记入日志）", " (whole, logged)"), style: theme.style(.warn))
      : Span(mask(home.contactPhone))
    // The ID number only when a register gave one, masked as the phone is.
    let idNumber =
      home.contactIDNumber.isEmpty
      ? []
      : [
        Span(l("   身份证 ", "   ID ")),
        Span(
          whole ? home.contactIDNumber : ResidentNumbers.maskedID(home.contactIDNumber),
          style: whole ? theme.style(.warn) : theme.style(.text)),
      ]
    let lines = [
      Line(
        [
          Span(
            "\(l("户主", "contact")) \(home.contactName.isEmpty ? "—" : home.contactName)   \(l("电话", "phone")) "
          ),
          phone,
        ] + idNumber),
      Line(
        l(
          "人口 \(home.residents) 人   60岁以上 \(home.aged60Plus) 人",
          "residents \(home.residents)   aged 60+ \(home.aged60Plus)")),
      Line([
        Span(l("四必联/四掌握 ", "flags "), style: theme.style(.muted)),
        Span(
          flags.isEmpty ? "—" : flags.joined(separator: " "),
          style: theme.style(home.flags.isDisjoint(with: .needsCare) ? .text : .warn)),
        Span(l("   标签 ", "   tags "), style: theme.style(.muted)),
        Span(home.tags.isEmpty ? "—" : home.tags.joined(separator: " ")),
      ]),
      // The ledger keeps a household's last visit only, not every one: say so.
      Line(
        l("最近走访 ", "last visit ")
          + (home.lastVisit.map { moment($0) + l("（台账只记最近一次）", " (only the last is kept)") }
            ?? l("未走访", "never")),
        style: theme.style(.muted)),
      revealLine(of: id),
    ]
    let rows = Layout.vertical([.length(lines.count + 2), .fill(1)]).split(area)
    let title =
      l("住户", "household") + " · " + ledger.fieldName(of: home.stairwell) + " " + home.room + l("室", "")
    let frame = block(title, focused: true)
    buffer.render(frame, in: rows[0])
    buffer.render(Paragraph(lines), in: frame.inner(rows[0]))
    let tickets = tickets(of: id)
    let ticketFrame = block(l("工单", "tickets"), trailing: "\(tickets.count)")
    buffer.render(ticketFrame, in: rows[1])
    let items = tickets.enumerated().map { index, ticket in
      ticketLine(ticket, selected: index == navigation.detailSelection)
    }
    buffer.render(Paragraph(items), in: ticketFrame.inner(rows[1]))
  }

  /// Who saw the household's numbers whole and when, the latest two, as the log holds them; `v`
  /// when nobody has.
  func revealLine(of id: HouseholdID) -> Line {
    let l = language
    let label = l("查看号码 ", "numbers seen ")
    guard let entries = reveals.entries[id] else {
      return Line(label + l("读取中…", "reading…"), style: theme.style(.muted))
    }
    guard !entries.isEmpty else {
      return Line(
        label + l("无（v 查看，须写明原因）", "never (v to see them, with a reason)"), style: theme.style(.muted))
    }
    let latest = entries.prefix(2).map { entry in
      let purpose = entry.purpose == "screen" ? l("屏幕", "screen") : entry.purpose
      return "\(entry.actor) \(moment(entry.time))（\(purpose)）\(l("：", ": "))\(entry.reason)"
    }
    let more = entries.count > 2 ? l("，共 \(entries.count) 次", ", \(entries.count) in all") : ""
    return Line(label + latest.joined(separator: l("；", "; ")) + more, style: theme.style(.muted))
  }

  /// A moment as the desk reads it: today's as the time, an earlier day's with its date (11-20 18:05).
  func moment(_ time: Timestamp) -> String {
    let text = time.chinaDateTime
    return time.startOfDayInChina == now.startOfDayInChina
      ? String(text.dropFirst(11).prefix(5)) : String(text.dropFirst(5).prefix(11))
  }

  /// Residents' phone numbers are masked on screen (DESIGN.md §8): 138****5678.
  func mask(_ phone: String) -> String { ResidentNumbers.maskedPhone(phone) }
}
