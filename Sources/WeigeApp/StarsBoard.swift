import WeigeCore
import WeigeUI

/// A tile's stairwells under the 星级 lens: how many were rated, the stars they have and the
/// most they could have. Summed like the other lenses' figures.
public struct StarFigures: Sendable, Equatable {
  public var stairwells = 0
  public var stars = 0
  public var maximum = 0

  public init() {}

  public static func += (lhs: inout Self, rhs: Self) {
    lhs.stairwells += rhs.stairwells
    lhs.stars += rhs.stars
    lhs.maximum += rhs.maximum
  }
}

/// The board on `S` (星级楼道 and 红黑榜): every stairwell under the focus rated for the latest
/// month that has a rating (`rated`), the selected one's rules explained, that month's red and
/// black lists, the latest 先锋, and the volunteers who gave the most hours in it. A wall shows it
/// in its cycle, after the last lens.
///
///     ┌ 星级楼道 · 十一月 (上月) · 江三社区 ─ 满星 12 ┐┌ 红黑榜 · 十一月 (上月) ┐
///     │ 楼道             星级 队伍 走访 工单 公约 ││ 红榜 3幢2单元 楼道整洁…  │
///     │ 长江小区1幢1单元 ★★★☆ ★    ★    ☆    ★  │├ 先锋 · 2026-10 ─────────┤
///     ├ 长江小区1幢1单元 ★★★☆ ───────────────┤│ 先锋楼道 …               │
///     │ ★ 一长二员 一长二员齐全                 │├ 志愿时长 · 十一月 (上月) ┤
///     │ ☆ 工单办结评价 工单 1/3 件办结并评价 …  ││ 姓名 该月 积分            │
///     └──────────────────────────────────────┘└──────────────────────────┘
extension Dashboard {
  /// The month the board, the 星级 lens and a wall's cycle rate (Core's `Ledger.ratedMonth`),
  /// worked out again only when the ledger or the month changes.
  var rated: RatedMonth {
    let current = CivilMonth(inChina: now)
    return ratedMonthCache.value(for: RatedMonthKey(sequence: ledger.lastSequence, current: current)) {
      ledger.ratedMonth(at: now)
    }
  }

  /// The stairwells under the focus, most stars first, then in the tree's order: kept between
  /// events, each event re-rating only the stairwells it touches (`StarBoardCache`).
  public func boardRatings() -> [StairwellStars] {
    starBoard.ratings(
      StarBoardCache.Key(focus: navigation.focus, month: rated.month, rules: starRules), in: ledger)
  }

  /// Under the 星级 lens, each tile's stairwells' stars, in map order (none under another lens).
  func unitStars() -> [StarFigures] {
    cache.value(for: derivedKey) {
      let units = map().units
      var figures = Array(repeating: StarFigures(), count: units.count)
      guard lens == .stars else { return TileStars(figures: figures) }
      let tileOf = stairwellTiles()
      for rating in boardRatings() {
        guard let tile = tileOf[rating.stairwell] else { continue }
        figures[tile].stairwells += 1
        figures[tile].stars += rating.stars
        figures[tile].maximum += rating.maximum
      }
      return TileStars(figures: figures)
    }.figures
  }

  /// Under the 星级 lens, the stairwell under the cursor's stars for the map's status line.
  func starsNote(of place: PlaceID) -> String {
    guard lens == .stars, let rating = boardRatings().first(where: { $0.stairwell == place }) else {
      return ""
    }
    return " · " + language("星级", "stars") + " " + rating.glyphs
  }

  /// The board's selected stairwell.
  public func selectedRating() -> StairwellStars? {
    let ratings = boardRatings()
    return ratings.indices.contains(navigation.detailSelection) ? ratings[navigation.detailSelection] : nil
  }

  func renderStarsBoard(in area: Rect, into buffer: inout Buffer) {
    let side = min(64, max(30, area.width * 38 / 100))
    let columns = Layout.horizontal([.fill(1), .length(side)]).split(area)
    let left = Layout.vertical([.fill(1), .length(starRules.maximum > 0 ? 6 : 2)]).split(columns[0])
    renderRatings(in: left[0], into: &buffer)
    renderExplanation(in: left[1], into: &buffer)
    let right = Layout.vertical([.percentage(40), .percentage(25), .fill(1)]).split(columns[1])
    renderRedBlack(in: right[0], into: &buffer)
    renderVanguards(in: right[1], into: &buffer)
    renderVolunteers(in: right[2], into: &buffer)
  }

  private func renderRatings(in area: Rect, into buffer: inout Buffer) {
    let l = language
    let ratings = boardRatings()
    let place = navigation.focus.map { ledger.fieldName(of: $0) } ?? l("全域", "everywhere")
    let (full, total) = starBoard.totals
    let mean = ratings.isEmpty ? "—" : meanInTenths(total, over: ratings.count)
    let frame = block(
      l("星级楼道", "star-rated stairwells") + " · " + rated.label(l) + " · " + place, focused: true,
      trailing: l("满星 \(full) · 平均 \(mean)★", "full \(full) · mean \(mean)★"))
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    guard inner.height > 1, !ratings.isEmpty else { return }
    let selection = navigation.detailSelection
    let first = Table.scrollOffset(
      selected: selection, offset: 0, visibleRows: inner.height - 1, rowCount: ratings.count)
    let shown = ratings[first..<min(ratings.count, first + inner.height - 1)]
    let rules = shown.first?.reasons.map(\.rule) ?? []
    let rows = shown.map { rating in
      Table.Row(
        [Line(ledger.fieldName(of: rating.stairwell)), Line(rating.glyphs, style: starStyle(rating))]
          + rating.reasons.map {
            Line($0.earned ? "★" : "☆", style: $0.earned ? theme.style(.ok) : theme.style(.warn))
          },
        style: theme.style(.text))
    }
    let table = Table(
      columns: [
        Table.Column(Line(l("楼道", "stairwell")), width: .fill(1)),
        Table.Column(Line(l("星级", "stars")), width: .length(max(5, starRules.maximum))),
      ]
        + rules.map { Table.Column(Line(shortName($0)), width: .length(TextWidth.of(shortName($0)))) },
      rows: rows, selected: selection - first, headerStyle: theme.style(.muted),
      selectionStyle: theme.selectionStyle)
    buffer.render(table, in: inner)
  }

  /// The selected stairwell's rules: what gave each star, and what cost one.
  private func renderExplanation(in area: Rect, into buffer: inout Buffer) {
    let l = language
    guard let rating = selectedRating() else {
      buffer.render(block(l("说明", "why")), in: area)
      return
    }
    let frame = block(ledger.fieldName(of: rating.stairwell) + " " + rating.glyphs)
    buffer.render(frame, in: area)
    let nameWidth = rating.reasons.map { TextWidth.of($0.rule.name(l)) }.max() ?? 0
    let lines = rating.reasons.map { reason in
      let name = reason.rule.name(l)
      return Line([
        Span(reason.earned ? "★ " : "☆ ", style: reason.earned ? theme.style(.ok) : theme.style(.warn)),
        Span(
          name + String(repeating: " ", count: nameWidth - TextWidth.of(name) + 1), style: theme.style(.muted)
        ),
        Span(reason.text(l), style: theme.style(.text)),
      ])
    }
    buffer.render(Paragraph(lines), in: frame.inner(area))
  }

  private func renderRedBlack(in area: Rect, into buffer: inout Buffer) {
    let l = language
    let entries = honoursInView(ledger.recognition.honours(in: rated.month)).filter {
      $0.honour.kind == .red || $0.honour.kind == .black
    }.sorted { ($0.honour.kind == .red ? 0 : 1, $1.time) < ($1.honour.kind == .red ? 0 : 1, $0.time) }
    let reds = entries.filter { $0.honour.kind == .red }.count
    let frame = monthBlock(
      (l("红黑榜", "red-black list"), l("红黑榜", "red-black")),
      trailing: l("红 \(reds) · 黑 \(entries.count - reds)", "red \(reds) · black \(entries.count - reds)"),
      width: area.width)
    buffer.render(frame, in: area)
    guard !entries.isEmpty else {
      buffer.render(
        Paragraph([Line(l("该月尚无上榜", "nobody listed that month"), style: theme.style(.muted))]),
        in: frame.inner(area))
      return
    }
    buffer.render(Paragraph(honourLines(entries, width: area.width)), in: frame.inner(area))
  }

  /// The 先锋 of the latest month that has any, up to this one: chosen at the start of a month
  /// for the one before.
  private func renderVanguards(in area: Rect, into buffer: inout Buffer) {
    let l = language
    let vanguards = honoursInView(ledger.recognition.honours).filter {
      $0.honour.kind.isVanguard && $0.honour.month <= rated.month
    }
    let latest = vanguards.map(\.honour.month).max()
    let shown = vanguards.filter { $0.honour.month == latest }.sorted {
      ($0.honour.kind.rawValue, $0.time) < ($1.honour.kind.rawValue, $1.time)
    }
    let frame = block(l("先锋", "vanguards") + (latest.map { " · \($0)" } ?? ""), trailing: "\(shown.count)")
    buffer.render(frame, in: area)
    let lines =
      shown.isEmpty
      ? [Line(l("尚未评选先锋", "no vanguards chosen yet"), style: theme.style(.muted))]
      : honourLines(shown, width: area.width)
    buffer.render(Paragraph(lines), in: frame.inner(area))
  }

  /// Volunteers under the focus, most hours in the rated month first, with their points left.
  private func renderVolunteers(in area: Rect, into buffer: inout Buffer) {
    let l = language
    let month = rated.month
    typealias Volunteer = (person: PersonID, minutes: Int, balance: Int)
    func ranksAbove(_ a: Volunteer, _ b: Volunteer) -> Bool {
      (a.minutes, a.balance, b.person) > (b.minutes, b.balance, a.person)
    }
    // Only as many as the pane can show are kept in order, the rest counted: a city's accounts
    // are hundreds of thousands, and sorting them all each frame cost the board milliseconds.
    var count = 0
    var volunteers: [Volunteer] = []
    for (person, account) in ledger.recognition.accounts where isInView(person) {
      let minutes = account.minutes(in: month)
      guard minutes > 0 else { continue }
      count += 1
      let volunteer = (person, minutes, account.balance)
      guard volunteers.count < area.height || ranksAbove(volunteer, volunteers[volunteers.count - 1]) else {
        continue
      }
      volunteers.insert(
        volunteer, at: volunteers.firstIndex { ranksAbove(volunteer, $0) } ?? volunteers.endIndex)
      if volunteers.count > area.height { volunteers.removeLast() }
    }
    let frame = monthBlock(
      (l("志愿时长", "volunteer hours"), l("志愿时长", "hours")), trailing: "\(count)", width: area.width)
    buffer.render(frame, in: area)
    let inner = frame.inner(area)
    guard inner.height > 1 else { return }
    let rows = volunteers.prefix(inner.height - 1).map { volunteer in
      Table.Row(
        [
          Line(ledger.people[volunteer.person]?.name ?? volunteer.person.description),
          Line(VolunteerHours.duration(volunteer.minutes, l), alignment: .right),
          Line(grouped(volunteer.balance), alignment: .right),
        ], style: theme.style(.text))
    }
    let table = Table(
      columns: [
        Table.Column(Line(l("姓名", "name")), width: .fill(1)),
        Table.Column(Line(l("该月", "month")), width: .length(10), alignment: .right),
        Table.Column(Line(l("积分余额", "points")), width: .length(8), alignment: .right),
      ], rows: Array(rows), headerStyle: theme.style(.muted))
    buffer.render(table, in: inner)
  }

  /// A side pane's frame, saying which month it shows: its name and the month in full where they
  /// fit beside its figures (`红黑榜 · 十一月 (上月)`), else this or last month (`红黑榜 · 上月`),
  /// and where even that does not fit, without the figures (the month matters more).
  private func monthBlock(_ names: (long: String, short: String), trailing: String, width: Int) -> Block {
    // As `Block` lays its titles out: the trailing one takes its width and four, at most half.
    let slot = min(TextWidth.of(trailing) + 4, (width - 2) / 2)
    func fits(_ title: String, beside slot: Int) -> Bool { TextWidth.of(title) + 5 <= width - 2 - slot }
    let full = names.long + " · " + rated.label(language)
    if fits(full, beside: slot) { return block(full, trailing: trailing) }
    let short = names.short + " · " + rated.relative(language)
    return fits(short, beside: slot) ? block(short, trailing: trailing) : block(short)
  }

  /// A pane this narrow gives an entry's reason a line of its own.
  static let honourOneLineColumns = 48

  /// `红榜 长江小区3幢2单元 楼道整洁无堆物`: the kind in its colour, who, why; in a narrow pane the
  /// reason goes on the next line, indented, so that it is read rather than cut.
  private func honourLines(_ records: [HonourRecord], width: Int) -> [Line] {
    let l = language
    return records.flatMap { record in
      let kind = record.honour.kind
      let style: Style =
        switch kind {
        case .red, .vanguardStairwell, .vanguardPerson: theme.style(.partyRed).bolded()
        case .black: theme.style(.warn).reversed()
        }
      let who = [
        Span(kind.name(l), style: style), Span(" " + ledger.honourSubjectName(record.honour.subject)),
      ]
      let why = Span(record.honour.reason, style: theme.style(.muted))
      return width >= Self.honourOneLineColumns
        ? [Line(who + [Span(" "), why])] : [Line(who), Line([Span("  "), why])]
    }
  }

  /// Honours naming a stairwell or a person under the focus.
  private func honoursInView(_ records: [HonourRecord]) -> [HonourRecord] {
    records.filter { record in
      switch record.honour.subject {
      case .stairwell(let id): navigation.focus.map { ledger.contains($0, id) } ?? true
      case .person(let id): isInView(id)
      }
    }
  }

  /// Whether a person holds a post under the focus (everyone, with no focus).
  private func isInView(_ person: PersonID) -> Bool {
    guard let focus = navigation.focus else { return true }
    return ledger.people[person]?.roles.contains { ledger.contains(focus, $0.place) } ?? false
  }

  /// A rule's column head: two characters or a short word.
  private func shortName(_ rule: StarRule) -> String {
    switch rule {
    case .team: language("队伍", "team")
    case .visits: language("走访", "visit")
    case .tickets: language("工单", "tkts")
    case .convention: language("公约", "conv")
    }
  }

  /// Full stars in the ok colour, none in the warning colour.
  private func starStyle(_ rating: StairwellStars) -> Style {
    rating.stars == rating.maximum
      ? theme.style(.ok).bolded() : rating.stars == 0 ? theme.style(.warn) : theme.style(.accent)
  }

}

/// What the rated month depends on: whether the month under way has a visit yet.
struct RatedMonthKey: Equatable {
  var sequence: Int64
  var current: CivilMonth
}

/// A typed wrapper, so the cache keeps the tiles' stars apart from other arrays.
struct TileStars { var figures: [StarFigures] }
