"""An accessible, server-rendered SVG bar chart of a learner's profile.

One horizontal bar per dimension, its length set by the level reached (rank 0 = below the
lowest level). The previous cycle, when given, is drawn as a thinner hatched, outlined bar
under each current bar, with a legend. Every bar ends with its level name written as text,
so nothing depends on colour alone, and the ``<desc>`` repeats all the data in words.

The chart is a picture of data that must also be available as a table: the template
renders an HTML ``<table>`` from :func:`profile_table_rows` next to (or instead of) the
SVG. No scripts, fonts, stylesheets or other external resources are referenced.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = [
    "CURRENT_COLOUR",
    "PREVIOUS_COLOUR",
    "ChartRow",
    "ProfileTableRow",
    "change_text",
    "profile_chart_svg",
    "profile_table_rows",
]

#: NHS blue: 6.7:1 against white.
CURRENT_COLOUR = "#005eb8"
#: NHS dark grey: 6.2:1 against white.
PREVIOUS_COLOUR = "#4c6272"
#: NHS text colour: 14.7:1 against white.
TEXT_COLOUR = "#212b32"
#: Light grid lines; decorative only (the level names carry the meaning).
GRID_COLOUR = "#d8dde0"

DEFAULT_PREVIOUS_LABEL = "Previous assessment"

_FONT = "Frutiger W01, Arial, Helvetica, sans-serif"
_FONT_SIZE = 14
_TICK_FONT_SIZE = 12
_CHAR_WIDTH = 0.6  # rough average glyph width, as a fraction of the font size
_NAME_CHARS = 26  # wrap dimension names at about this many characters per line
_LINE_HEIGHT = 17
_CURRENT_HEIGHT = 20
_PREVIOUS_HEIGHT = 10
_PAD = 12
_ROW_GAP = 14
_ID_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# Characters XML 1.0 does not allow at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class ChartRow:
    """One dimension of the profile: its name and the ranks now and last cycle."""

    name: str
    current_rank: int
    previous_rank: int | None = None


@dataclass(frozen=True)
class ProfileTableRow:
    """One row of the data table that accompanies the chart."""

    name: str
    current_level: str
    previous_level: str | None
    change: int | None
    change_text: str | None


def _text(value: str) -> str:
    """Escape text for use in XML content or a double- or single-quoted attribute."""
    return escape(_NOT_XML.sub("", value), quote=True)


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _text_width(text: str, font_size: int) -> float:
    return len(text) * font_size * _CHAR_WIDTH


def _wrap(name: str, width: int = _NAME_CHARS) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in name.split():
        while len(word) > width:  # a single very long word: break it
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not line:
            line = word
        elif len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def _check(dimensions: Sequence[ChartRow], level_names: Sequence[str]) -> int:
    if len(level_names) < 2:
        raise ValueError("level_names needs the below-lowest name and at least one level")
    top = len(level_names) - 1
    for row in dimensions:
        for rank in (row.current_rank, row.previous_rank):
            if rank is not None and not 0 <= rank <= top:
                raise ValueError(f"rank {rank} for {row.name!r} is outside 0..{top}")
    return top


def change_text(change: int | None) -> str | None:
    """Words for a change in level between cycles, e.g. "Up 1 level" or "No change"."""
    if change is None:
        return None
    if change == 0:
        return "No change"
    noun = "level" if abs(change) == 1 else "levels"
    return f"{'Up' if change > 0 else 'Down'} {abs(change)} {noun}"


def profile_table_rows(
    dimensions: Sequence[ChartRow], level_names: Sequence[str]
) -> list[ProfileTableRow]:
    """The chart's data as table rows (level names, change), for the template's table."""
    _check(dimensions, level_names)
    rows = []
    for row in dimensions:
        previous = row.previous_rank
        change = None if previous is None else row.current_rank - previous
        rows.append(
            ProfileTableRow(
                name=row.name,
                current_level=level_names[row.current_rank],
                previous_level=None if previous is None else level_names[previous],
                change=change,
                change_text=change_text(change),
            )
        )
    return rows


def _description(
    dimensions: Sequence[ChartRow], level_names: Sequence[str], previous_label: str | None
) -> str:
    count = len(dimensions)
    noun = "dimension" if count == 1 else "dimensions"
    parts = [
        f"Bar chart of the level reached in {count} {noun}, on a scale from "
        f"{level_names[0]} to {level_names[-1]}."
    ]
    for row in dimensions:
        part = f"{row.name}: {level_names[row.current_rank]}"
        if row.previous_rank is not None:
            part += f" ({previous_label}: {level_names[row.previous_rank]})"
        parts.append(part + ".")
    return " ".join(parts)


def profile_chart_svg(
    dimensions: Sequence[ChartRow],
    level_names: Sequence[str],
    title: str,
    previous_label: str | None = None,
    current_label: str = "This assessment",
    *,
    id_prefix: str = "profile-chart",
    font: str = _FONT,
) -> str:
    """Render the profile as an accessible horizontal bar chart; returns an SVG string. ``font``
    is a CSS font-family list (the PDF passes its own, so the whole document uses one font)."""
    top = _check(dimensions, level_names)
    if not _ID_PATTERN.match(id_prefix):
        raise ValueError("id_prefix must be a letter followed by letters, digits, - or _")
    overlay = any(row.previous_rank is not None for row in dimensions)
    previous_label = previous_label or DEFAULT_PREVIOUS_LABEL
    title_id, desc_id, hatch_id = (f"{id_prefix}-{part}" for part in ("title", "desc", "hatch"))
    layout = _layout(dimensions, level_names, top, hatch_id)
    width = layout.width
    y = float(_PAD)
    legend: list[str] = []
    if overlay:
        legend, legend_right = _legend(layout, y, current_label, previous_label)
        width = max(width, legend_right)
        y += 18 + _PAD
    plot_top = y
    rows: list[str] = []
    for row in dimensions:
        parts, row_height = _row(layout, row, y, overlay, level_names)
        rows.extend(parts)
        y += row_height + _ROW_GAP
    plot_bottom = y - _ROW_GAP + 6 if dimensions else y
    height = plot_bottom + _TICK_FONT_SIZE + 6 + _PAD
    description = _description(dimensions, level_names, previous_label)
    return "".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="profile-chart" role="img" '
            f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {_num(width)} {_num(height)}" '
            f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{_text(font)}" '
            f'font-size="{_FONT_SIZE}" fill="{TEXT_COLOUR}">',
            f'<title id="{title_id}">{_text(title)}</title>',
            f'<desc id="{desc_id}">{_text(description)}</desc>',
            _hatch_pattern(hatch_id) if overlay else "",
            *_grid_lines(layout, top, plot_top, plot_bottom),
            *legend,
            *rows,
            *_ticks(layout, level_names, plot_bottom),
            "</svg>",
        ]
    )


@dataclass(frozen=True)
class _Layout:
    """Horizontal layout: name column | one band per rank (0..top) | room for the end label."""

    plot_left: float
    band: float
    width: float
    hatch_id: str

    def bar_end(self, rank: int) -> float:
        """Where a bar for ``rank`` ends: at the far side of that rank's band."""
        return self.plot_left + self.band * (rank + 1)


def _layout(
    dimensions: Sequence[ChartRow], level_names: Sequence[str], top: int, hatch_id: str
) -> _Layout:
    longest_name = max((len(line) for row in dimensions for line in _wrap(row.name)), default=0)
    name_width = max(120.0, _text_width("x" * longest_name, _FONT_SIZE)) + _PAD
    band = max(80.0, max(_text_width(name, _TICK_FONT_SIZE) for name in level_names) + _PAD)
    plot_left = _PAD + name_width
    plot_right = plot_left + band * (top + 1)
    width = plot_right + max(_text_width(name, _FONT_SIZE) for name in level_names) + 3 * _PAD
    return _Layout(plot_left=plot_left, band=band, width=width, hatch_id=hatch_id)


def _legend(
    layout: _Layout, y: float, current_label: str, previous_label: str
) -> tuple[list[str], float]:
    """A swatch and words for each series; returns the parts and where the legend ends."""
    out: list[str] = []
    x = layout.plot_left
    for series, label in (("current", current_label), ("previous", previous_label)):
        if series == "current":
            swatch = (
                f'<rect x="{_num(x)}" y="{_num(y + 2)}" width="24" height="14" '
                f'fill="{CURRENT_COLOUR}"/>'
            )
        else:
            swatch = (
                f'<rect x="{_num(x)}" y="{_num(y + 5)}" width="24" height="8" '
                f'fill="url(#{layout.hatch_id})" stroke="{PREVIOUS_COLOUR}" stroke-width="1.5"/>'
            )
        out.append(f'<g class="legend-item legend-{series}">{swatch}')
        out.append(f'<text x="{_num(x + 32)}" y="{_num(y + 14)}">{_text(label)}</text></g>')
        x += 32 + _text_width(label, _FONT_SIZE) + 2 * _PAD
    return out, x


def _row(
    layout: _Layout, row: ChartRow, y: float, overlay: bool, level_names: Sequence[str]
) -> tuple[list[str], float]:
    """One dimension: its wrapped name, its bar and level name, and the previous cycle's bar
    under it when there is one. Returns the parts and the row's height."""
    plot_left = layout.plot_left
    lines = _wrap(row.name)
    bar_block = _CURRENT_HEIGHT + (4 + _PREVIOUS_HEIGHT if overlay else 0)
    height = max(bar_block, len(lines) * _LINE_HEIGHT)
    first_baseline = y + (height - len(lines) * _LINE_HEIGHT) / 2 + _LINE_HEIGHT - 4
    spans = "".join(
        f'<tspan x="{_num(plot_left - _PAD)}" y="{_num(first_baseline + i * _LINE_HEIGHT)}">'
        f"{_text(line)}</tspan>"
        for i, line in enumerate(lines)
    )
    bar_y = y + (height - bar_block) / 2
    end = layout.bar_end(row.current_rank)
    out = [
        '<g class="row">',
        f'<text class="dimension-name" text-anchor="end">{spans}</text>',
        f'<rect class="bar-current" x="{_num(plot_left)}" y="{_num(bar_y)}" '
        f'width="{_num(end - plot_left)}" height="{_CURRENT_HEIGHT}" fill="{CURRENT_COLOUR}"/>',
        f'<text class="bar-label" x="{_num(end + 6)}" y="{_num(bar_y + 15)}" '
        f'font-weight="bold">{_text(level_names[row.current_rank])}</text>',
    ]
    if row.previous_rank is not None:
        prev_y = bar_y + _CURRENT_HEIGHT + 4
        prev_end = layout.bar_end(row.previous_rank)
        out.append(
            f'<rect class="bar-previous" x="{_num(plot_left)}" y="{_num(prev_y)}" '
            f'width="{_num(prev_end - plot_left)}" height="{_PREVIOUS_HEIGHT}" '
            f'fill="url(#{layout.hatch_id})" stroke="{PREVIOUS_COLOUR}" stroke-width="1.5"/>'
        )
        out.append(
            f'<text class="bar-label-previous" x="{_num(prev_end + 6)}" '
            f'y="{_num(prev_y + 9)}" font-size="{_TICK_FONT_SIZE}" '
            f'fill="{PREVIOUS_COLOUR}">{_text(level_names[row.previous_rank])}</text>'
        )
    out.append("</g>")
    return out, height


def _grid_lines(layout: _Layout, top: int, plot_top: float, plot_bottom: float) -> list[str]:
    """A light line at each band boundary (decorative: the level names carry the meaning)."""
    return [
        f'<line x1="{_num(layout.plot_left + layout.band * i)}" y1="{_num(plot_top - 4)}" '
        f'x2="{_num(layout.plot_left + layout.band * i)}" y2="{_num(plot_bottom)}" '
        f'stroke="{GRID_COLOUR}"/>'
        for i in range(top + 2)
    ]


def _ticks(layout: _Layout, level_names: Sequence[str], plot_bottom: float) -> list[str]:
    """Each level name centred in its band, below the plot."""
    return [
        f'<text class="tick" x="{_num(layout.plot_left + layout.band * (i + 0.5))}" '
        f'y="{_num(plot_bottom + _TICK_FONT_SIZE + 6)}" text-anchor="middle" '
        f'font-size="{_TICK_FONT_SIZE}">{_text(name)}</text>'
        for i, name in enumerate(level_names)
    ]


def _hatch_pattern(hatch_id: str) -> str:
    """The hatching that fills the previous cycle's bars."""
    return (
        f'<defs><pattern id="{hatch_id}" width="6" height="6" '
        f'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{PREVIOUS_COLOUR}" stroke-width="2"/>'
        f"</pattern></defs>"
    )
