import WeigeCore
import WeigeUI

extension Dashboard {
  /// The palette at its largest: 20 ranked lines under its two rows (fewer than a search keeps,
  /// `PaletteCatalog.shownLimit`, so it scrolls), and 100 columns, room to spare for any line it
  /// offers (a command with its arguments and summary, a ticket with matter, place and state)
  /// while a wall screen's map stays in view around it.
  static let paletteSize = Size(width: 100, height: 24)

  /// The palette over the screen:
  ///
  ///     ┏  命令  ━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
  ///     ┃: dispatch › #1051 › linzhi▏                ┃   chosen so far, then what is typed
  ///     ┃  人员：姓名或拼音                          ┃   what is asked for, or Core's refusal
  ///     ┃› 人员 林志 长江小区 3幢2单元               ┃   ranked lines, matches highlighted
  ///     ┃  人员 李智 …                               ┃
  ///     ┗━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┛
  func renderPalette(_ input: Palette, in area: Rect, into buffer: inout Buffer) {
    let size = Size(
      width: min(area.width - 2, Self.paletteSize.width),
      height: min(area.height - 2, Self.paletteSize.height))
    let modal = Modal(
      title: Line(" " + language("命令", "command") + " ", style: theme.style(.title)), size: size,
      style: theme.style(.text), borderStyle: theme.style(.accent))
    buffer.render(modal, in: area)
    let inner = modal.inner(in: area)
    guard inner.height > 3 else { return }
    var x = inner.x + buffer.write(": ", x: inner.x, y: inner.y, style: theme.style(.accent))
    let chosen = (input.command.map { [$0.name] } ?? []) + input.arguments.map(\.label)
    for word in chosen {
      x += buffer.write(
        word + " › ", x: x, y: inner.y, style: theme.style(.accent).bolded(), maxWidth: inner.right - x)
    }
    x += buffer.write(input.text, x: x, y: inner.y, style: theme.style(.text), maxWidth: inner.right - x)
    buffer.write("▏", x: x, y: inner.y, style: theme.style(.accent), maxWidth: inner.right - x)
    let hint: (String, StyleRole)
    if let error = input.error {
      hint = (error, .danger)
    } else if palette.catalog == nil {
      hint = (language("正在建立索引…", "indexing…"), .muted)
    } else if let argument = input.nextArgument {
      hint = (argument.prompt(language), .muted)
    } else if input.command != nil {
      hint = (language("Enter 执行 · Esc 关闭", "Enter runs · Esc closes"), .muted)
    } else if let first = input.rows.first, first.isWeak {
      hint = (
        language(
          "没有确切匹配：以下是近似结果（≈），请核对后再按 Enter",
          "no close match: the lines marked ≈ are guesses; check before Enter"),
        .warn
      )
    } else {
      hint = (
        language(
          "命令、地点、户、人员、工单：中文、拼音或首字母 · Tab 补全 · Enter 执行",
          "commands, places, households, people, tickets: Chinese, pinyin or initials · Tab completes"),
        .muted
      )
    }
    buffer.write(
      hint.0, x: inner.x + 2, y: inner.y + 1, style: theme.style(hint.1), maxWidth: inner.width - 2)
    let lines = input.rows.map { row in
      Line(
        [Span(kindLabel(row.item) + " ", style: theme.style(.muted))] + highlighted(row)
          + (row.isWeak ? [Span(language("  ≈ 近似", "  ≈ guess"), style: theme.style(.muted))] : []))
    }
    buffer.render(
      ListView(
        lines, selected: input.rows.isEmpty ? nil : input.selection, selectionStyle: theme.selectionStyle),
      in: Rect(x: inner.x, y: inner.y + 2, width: inner.width, height: inner.height - 2))
  }

  /// A line's text with its matched characters in the accent colour; positions count UTF-16
  /// units, so a character is matched when any of its units is.
  func highlighted(_ row: PaletteRow) -> [Span] {
    var spans: [Span] = []
    var offset = 0
    var matched = Set(row.positions)
    for character in row.text {
      let units = character.utf16.count
      let isMatched = (offset..<offset + units).contains { matched.remove($0) != nil }
      let style = isMatched ? theme.style(.accent).bolded() : theme.style(.text)
      if let last = spans.last, last.style == style {
        spans[spans.count - 1].content.append(character)
      } else {
        spans.append(Span(String(character), style: style))
      }
      offset += units
    }
    return spans
  }

  /// The kind of a line, four columns wide in either language so the texts line up.
  func kindLabel(_ item: PaletteItem) -> String {
    switch item {
    case .command: language("命令", "cmd ")
    case .place: language("地点", "plc ")
    case .household: language("住户", "hh  ")
    case .person: language("人员", "ppl ")
    case .ticket: language("工单", "tkt ")
    case .alert: language("告警", "alrt")
    case .order: language("动员", "ordr")
    case .openCall: language("榜单", "call")
    case .unit: language("单位", "unit")
    case .request: language("点单", "req ")
    case .honour: language("上榜", "hon ")
    case .choice, .text: language("选项", "opt ")
    }
  }
}
