import WeigeCore

/// The handover brief in words, as text or Markdown: what `weige duty handover` prints and the
/// duty desk's screen shows.
public struct HandoverText {
  let brief: HandoverBrief
  let ledger: Ledger
  let language: Language
  let markdown: Bool

  public init(brief: HandoverBrief, ledger: Ledger, language: Language, markdown: Bool) {
    self.brief = brief
    self.ledger = ledger
    self.language = language
    self.markdown = markdown
  }

  public var lines: [String] {
    let l = language
    var lines: [String] = []
    func heading(_ text: String) { lines.append(markdown ? "\n## " + text : text) }
    func item(_ text: String) { lines.append((markdown ? "- " : "  ") + text) }
    let who =
      brief.roster.map {
        l("（值班 \($0.operatorName)，带班 \($0.leader)）", " (on duty \($0.operatorName), leader \($0.leader))")
      } ?? l("（排班表中无人）", " (no one rostered)")
    lines.append(
      (markdown ? "# " : "") + l("交接班简报 ", "Handover brief ") + brief.shift.name(l) + " " + brief.shift.hours
        + who)
    let ended = brief.end >= brief.shift.end
    lines.append(
      l("时段 ", "window ") + ChinaTime.text(brief.start) + " — " + ChinaTime.text(brief.end)
        + (ended ? "" : l("（未结束）", " (not over)")))
    func ticket(_ t: Ticket) -> String {
      "\(t.id) \(t.urgency.name(l)) \(t.title) · \(ledger.fieldName(of: t.place))"
    }
    heading(l("本班工单", "Tickets this shift"))
    lines.append(
      (markdown ? "" : "  ")
        + l(
          "新开 \(brief.opened.count)  办结 \(brief.resolved.count)  退单 \(brief.returned.count)  督办 \(brief.escalated.count)",
          "opened \(brief.opened.count)  resolved \(brief.resolved.count)  returned \(brief.returned.count)  escalated \(brief.escalated.count)"
        ))
    for t in brief.opened { item(l("新开 ", "opened ") + ticket(t)) }
    for t in brief.resolved { item(l("办结 ", "resolved ") + ticket(t)) }
    for t in brief.returned { item(l("退单 ", "returned ") + ticket(t)) }
    for step in brief.escalated {
      let subject: String
      switch step.subject {
      case .ticket(let id): subject = id.description
      case .alert(let id):
        subject =
          ledger.alerts[id].map { "\($0.kind.name(l)) \(ledger.fieldName(of: $0.place))" } ?? id.description
      }
      item(step.record.time.chinaClock + " " + subject + " " + step.record.text(l))
    }
    heading(l("仍未办结 \(brief.open.count)", "Still open \(brief.open.count)"))
    for open in brief.open {
      var text = ticket(open.ticket) + " · " + (open.owner ?? l("未派单", "no one"))
      if let clock = open.clock {
        let phase = clock.phase(at: brief.end)
        text += " · " + clock.kind.name(l) + l("时限 ", " due ") + ChinaTime.text(clock.deadline)
        if phase != .running {
          text += l("（\(phase == .overdue ? "超时" : "预警")）", " (\(phase == .overdue ? "overdue" : "warning"))")
        }
        if clock.stepsTaken > 0 {
          text += l(" 已督办 \(clock.stepsTaken) 步", " \(clock.stepsTaken) steps escalated")
        }
      }
      item(text + " → " + open.next.name(l))
    }
    heading(l("告警", "Alerts"))
    lines.append(
      (markdown ? "" : "  ")
        + l(
          "新 \(brief.alertsRaised.count)  解除 \(brief.alertsCleared.count)",
          "raised \(brief.alertsRaised.count)  cleared \(brief.alertsCleared.count)"))
    for alert in brief.alertsRaised {
      item(
        l("告警 ", "raised ")
          + "\(alert.raisedAt.chinaClock) \(alert.kind.name(l)) \(ledger.fieldName(of: alert.place))")
    }
    for alert in brief.alertsCleared {
      item(l("解除 ", "cleared ") + "\(alert.kind.name(l)) \(ledger.fieldName(of: alert.place))")
    }
    heading(l("动员令", "Mobilization orders"))
    lines.append(
      (markdown ? "" : "  ")
        + l(
          "下达 \(brief.ordersOpened.count)  结束 \(brief.ordersClosed.count)",
          "issued \(brief.ordersOpened.count)  closed \(brief.ordersClosed.count)"))
    for order in brief.ordersOpened { item(l("下达 ", "issued ") + "\(order.id) \(order.title)") }
    for order in brief.ordersClosed { item(l("结束 ", "closed ") + "\(order.id) \(order.title)") }
    heading(l("交班说明", "Notes"))
    if brief.handover.notes.isEmpty { item(l("无", "none")) }
    for note in brief.handover.notes { item("\(note.time.chinaClock) \(note.actor)：\(note.text)") }
    heading(l("接班签收", "Signed"))
    if let by = brief.handover.signedBy, let at = brief.handover.signedAt {
      item(l("\(by) 于 \(ChinaTime.text(at)) 签收", "by \(by) at \(ChinaTime.text(at))"))
    } else {
      item(l("未签收", "not signed"))
    }
    return lines
  }
}
