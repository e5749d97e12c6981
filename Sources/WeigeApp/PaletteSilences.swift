import WeigeCore
import WeigeSearch

/// 静默 and 解除静默 from the palette, on an alert: what a silence may cover and the events the
/// two commands append, which Core validates as it does `weige intake silence` and `unsilence`.
extension PaletteContext {
  /// What a silence of `alert` may cover: the device that reported it, then its kind at its place
  /// and at each place above up to its compound (a kind silenced over a whole compound).
  func silenceScopeRows(_ text: String, of alert: AlertID) -> [PaletteRow] {
    guard let alert = ledger.alerts[alert] else { return [] }
    var scopes: [(item: PaletteItem, text: String)] = []
    if let device = ledger.sensors.triggers[alert.id]?.device {
      scopes.append((.choice(device), SilenceScope.device(device).name(in: ledger, language)))
    }
    for place in ledger.path(of: alert.place).reversed() where place.level >= .compound {
      scopes.append(
        (.place(place.id), SilenceScope.kind(alert.kind, place: place.id).name(in: ledger, language)))
    }
    let query = PaletteQuery(text)
    guard !query.isEmpty else {
      return scopes.map { PaletteRow(item: $0.item, text: $0.text, positions: [], score: 0) }
    }
    return PaletteIndex(scopes.map(\.text)).search(query, limit: scopes.count).matches.map {
      PaletteRow(
        item: scopes[$0.candidate].item, text: scopes[$0.candidate].text, positions: $0.positions,
        score: $0.score)
    }
  }

  /// The events `silence` or `unsilence` append; nil for any other command. A span that cannot be
  /// read, or an alert no silence holds back, is refused in the operator's words.
  func silenceEvents(for command: PaletteCommand, _ values: [PaletteItem]) throws(DomainError) -> [EventBody]?
  {
    func text(_ position: Int) -> String {
      if case .text(let words)? = values.dropFirst(position).first { words } else { "" }
    }
    guard case .alert(let id)? = values.first, let alert = ledger.alerts[id] else { return nil }
    switch (command, values.dropFirst().first) {
    case (.silence, .choice(let device)?):
      return [
        .alertSilenced(AlertSilence(scope: .device(device), until: try until(text(2)), reason: text(3)))
      ]
    case (.silence, .place(let place)?):
      let scope = SilenceScope.kind(alert.kind, place: place)
      return [.alertSilenced(AlertSilence(scope: scope, until: try until(text(2)), reason: text(3)))]
    case (.unsilence, _):
      // Every silence holding it back is lifted: the operator asked for this alert to call again.
      var scopes: [SilenceScope] = []
      for silence in ledger.sensors.silences(of: alert, at: now, in: ledger)
      where !scopes.contains(silence.scope) {
        scopes.append(silence.scope)
      }
      guard !scopes.isEmpty else {
        let name = alert.label(in: ledger, .zh)
        throw DomainError("\(name) 未被静默", english: "\(alert.label(in: ledger, .en)) is not silenced")
      }
      return scopes.map { .silenceLifted($0, reason: text(1)) }
    default:
      return nil
    }
  }

  /// A silence's end as typed: a span from now (2h, 1d) or a time (18:00, 2026-12-01 08:00).
  private func until(_ text: String) throws(DomainError) -> Timestamp {
    Deadline.order(issuedAt: now, try DeadlineSpec(parsing: text))
  }
}
