import WeigeCore
import WeigeUI

/// What the sensor intake adds to the alerts pane and the alert detail: how many reports an alert
/// grouped, the device and its snapshot, and a silence holding it back (静默).
extension Dashboard {
  /// After an alert's kind in the pane (a narrow pane cuts the text, not these): `×5` for grouped
  /// reports, `静默` while silenced.
  func sensorMarks(_ alert: Alert) -> [Span] {
    var spans: [Span] = []
    if let count = ledger.sensors.triggers[alert.id]?.count, count > 1 {
      spans.append(Span(" ×\(count)", style: theme.style(.accent).bolded()))
    }
    if ledger.sensors.silence(of: alert, at: now, in: ledger) != nil {
      spans.append(Span(language(" 静默", " silenced"), style: theme.style(.muted)))
    }
    return spans
  }

  /// The alert detail's lines for a sensor's alert: device and reports, snapshot, silence.
  func sensorLines(_ alert: Alert) -> [Line] {
    let l = language
    guard let reports = ledger.sensors.triggers[alert.id] else { return [] }
    // A kind the room's catalogue names otherwise than the alert (高空坠物 for 高空抛物) says so.
    let kind = ledger.sensors.catalogue.kind(for: alert.kind).flatMap {
      l($0.name, $0.englishName) == alert.kind.name(l) ? nil : l($0.name, $0.englishName) + " · "
    }
    var lines = [
      Line(
        (kind ?? "") + l("设备 ", "device ") + reports.device
          + l(" · 上报 \(reports.count) 次", " · \(reports.count) reports")
          + (reports.count > 1 ? l("（末次 ", " (last ") + moment(reports.last) + l("）", ")") : ""))
    ]
    if !reports.snapshot.isEmpty { lines.append(Line(l("抓拍 ", "snapshot ") + reports.snapshot)) }
    if let silence = ledger.sensors.silence(of: alert, at: now, in: ledger) {
      lines.append(
        Line(
          l("静默 至 ", "silenced until ") + moment(silence.until) + " · " + silence.actor + l("：", ": ")
            + silence.reason, style: theme.style(.muted)))
    }
    return lines
  }
}
