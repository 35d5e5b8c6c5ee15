"""The dashboard as a CSV spreadsheet, every cell made safe from formula injection."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from development_plans.framework import Framework
from development_plans.team.rows import MemberRow

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """A cell spreadsheets will not run as a formula: text starting = + - @ tab or CR gets '."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _line(cells: Iterable[object]) -> str:
    out = io.StringIO()
    csv.writer(out).writerow([csv_safe(c) for c in cells])
    return out.getvalue()


def dashboard_csv(rows: Iterable[MemberRow], framework: Framework) -> Iterator[str]:
    """The dashboard as CSV, a line at a time (so a large team streams), every cell safe."""
    header = ["Name", "Email", "Status", "Launched", "Active"]
    header += [d.name for d in framework.dimensions]
    header += ["Goals achieved", "Goals", "Overdue goals", "Last activity (UTC)"]
    yield _line(header)
    for r in rows:
        cells: list[object] = [
            r.name,
            r.email,
            r.status.label,
            "yes" if r.launched else "no",
            "yes" if r.active else "no",
        ]
        cells += [
            framework.level(r.levels[d.id]).name if d.id in r.levels else ""
            for d in framework.dimensions
        ]
        cells += [
            r.goals_achieved,
            r.goals_total,
            r.goals_overdue,
            r.last_activity.strftime("%Y-%m-%d %H:%M") if r.last_activity else "",
        ]
        yield _line(cells)
