"""Framework spreadsheets for tests: a pack written out in the documented column layout, as CSV
or XLSX, the way an L&D team would fill it in."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from development_plans.framework.spreadsheet import COLUMNS

SPREADSHEETS = Path(__file__).resolve().parents[1] / "fixtures" / "spreadsheets"


def sheet_rows(pack: dict[str, Any]) -> list[dict[str, str]]:
    """The pack's data as spreadsheet rows (column name to text), in the documented layout."""
    rows: list[dict[str, str]] = []
    for field, value in (
        ("id", pack["id"]),
        ("version", pack["version"]),
        ("title", pack["title"]),
        ("attribution", pack["attribution"]),
        ("licence", pack["licence"]),
        ("source name", pack["source"]["name"]),
        ("source publisher", pack["source"]["publisher"]),
        ("source url", pack["source"]["url"]),
        ("shown from", pack.get("shown_from", "")),
    ):
        if value:
            rows.append({"Row type": "framework", "Field": field, "Value": value})
    for option in pack["scale"]:
        rows.append(
            {
                "Row type": "scale",
                "ID": option["id"],
                "Name": option["label"],
                "Value": str(option["value"]),
                "Description": option.get("description", ""),
            }
        )
    for kind, levels in (("level", pack["levels"]), ("below lowest", [pack["below_lowest"]])):
        for level in levels:
            rows.append(
                {
                    "Row type": kind,
                    "ID": level["id"],
                    "Name": level["name"],
                    "Description": level.get("description", ""),
                }
            )
    for dimension in pack["dimensions"]:
        rows.append(
            {
                "Row type": "dimension",
                "ID": dimension["id"],
                "Name": dimension["name"],
                "Description": dimension["why_it_is_important"],
                "What it is": "\n".join(dimension["what_it_is"]),
                "What it is not": "\n".join(dimension["what_it_is_not"]),
            }
        )
    for dimension in pack["dimensions"]:
        for level_id, entry in dimension["levels"].items():
            for n, behaviour in enumerate(entry["behaviours"]):
                rows.append(
                    {
                        "Row type": "behaviour",
                        "Dimension": dimension["id"],
                        "Level": level_id,
                        "Title": entry["title"] if n == 0 else "",
                        "ID": behaviour["id"],
                        "Self": behaviour["self"],
                        "Observer": behaviour["observer"],
                    }
                )
    for group in pack.get("rater_groups", []):
        rows.append(
            {
                "Row type": "rater group",
                "ID": group["id"],
                "Name": group["name"],
                "Description": group.get("description", ""),
                "Identifiable": {True: "yes", False: "no", None: ""}[group.get("identifiable")],
            }
        )
    return rows


def write_csv(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(rows: list[dict[str, str]], path: Path) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    for row in rows:
        values: list[Any] = [row.get(column, "") or None for column in COLUMNS]
        if row.get("Value", "").lstrip("-").isdigit():
            values[COLUMNS.index("Value")] = int(row["Value"])  # a number cell, as Excel keeps it
        sheet.append(values)
    workbook.save(path)
    return path
