"""The dashboard's CSV: a header, one line per row, and no cell a spreadsheet would run."""

from __future__ import annotations

import csv
import io

import pytest

from development_plans import team
from development_plans.team import MemberRow, MemberStatus, csv_safe


def row(n: int, **changes) -> MemberRow:
    values = {
        "user_id": n,
        "name": f"Member {n}",
        "email": None,
        "launched": True,
        "active": True,
        "status": MemberStatus.NOT_STARTED,
    }
    return MemberRow(**{**values, **changes})


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Asha", "Asha"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cells_never_start_a_formula(value, safe):
    assert csv_safe(value) == safe


def test_dashboard_csv_has_a_header_and_safe_cells(fw):
    text = "".join(team.dashboard_csv([row(1, name="=cmd|' /C calc'!A0", email="+x@y")], fw))
    header, line = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Name", "Email", "Status"] and len(header) == 9 + len(fw.dimensions)
    assert line[0].startswith("'=") and line[1] == "'+x@y" and line[2] == "Not started"
