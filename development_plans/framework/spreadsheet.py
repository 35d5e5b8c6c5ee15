"""Reading a framework spreadsheet (CSV or XLSX) into rows of text, keyed by column name, each
remembering its row number and column letter so a problem can be shown where it is.

openpyxl is imported only when an XLSX file is read: the web app never needs it otherwise.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Every column the layout knows, as written in the header row (case does not matter).
COLUMNS = (
    "Row type",
    "Field",
    "Value",
    "ID",
    "Name",
    "Description",
    "Dimension",
    "Level",
    "Title",
    "Self",
    "Observer",
    "What it is",
    "What it is not",
    "Identifiable",
)
SPREADSHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Row:
    """One row of the sheet: its number (as the spreadsheet shows it) and its cells."""

    number: int
    cells: dict[str, str]
    letters: dict[str, str]

    def get(self, column: str) -> str:
        """The cell's text, stripped; "" when empty or when the sheet has no such column."""
        return self.cells.get(column, "")

    def where(self, column: str) -> str:
        """``row 7, column J (Self)``: the cell as the person who wrote the sheet finds it."""
        letter = self.letters.get(column)
        return f"row {self.number}, column {letter} ({column})" if letter else f"row {self.number}"


def read_sheet(path: Path, problems: list[str]) -> list[Row]:
    """The sheet's rows below the header, blank rows left out; problems (an unreadable file, an
    unknown or repeated column, no Row type column) are added to ``problems``."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            grid = _csv_grid(path)
        elif suffix == ".xlsx":
            grid = _xlsx_grid(path)
        else:
            problems.append(
                f"(file): unsupported file type {suffix or '(none)'!r}; use .csv or .xlsx"
            )
            return []
    except (OSError, UnicodeDecodeError, ValueError, KeyError) as exc:
        problems.append(f"(file): cannot be read as {suffix[1:].upper()} ({exc})")
        return []
    if not grid:
        problems.append("(file): is empty; the first row must name the columns")
        return []
    letters = _header(grid[0], problems)
    if problems:
        return []
    rows = []
    for number, values in enumerate(grid[1:], start=2):
        cells = {
            name: values[index].strip()
            for name, index in letters.items()
            if index < len(values) and values[index].strip()
        }
        if cells:
            rows.append(Row(number, cells, {n: _letter(i) for n, i in letters.items()}))
    return rows


def _header(header: list[str], problems: list[str]) -> dict[str, int]:
    known = {name.lower(): name for name in COLUMNS}
    found: dict[str, int] = {}
    for index, text in enumerate(header):
        label = " ".join(text.split())
        if not label:
            continue
        name = known.get(label.lower())
        if name is None:
            problems.append(
                f"row 1, column {_letter(index)}: unknown column {label!r}"
                f" (the columns are: {', '.join(COLUMNS)})"
            )
        elif name in found:
            problems.append(
                f"row 1, column {_letter(index)}: column {name!r} is also column"
                f" {_letter(found[name])}"
            )
        else:
            found[name] = index
    if "Row type" not in found and not problems:
        problems.append("row 1: the Row type column is missing")
    return found


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _csv_grid(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text))]


def _xlsx_grid(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook  # only the importer needs it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile) as exc:
        raise ValueError(f"not an XLSX workbook: {exc}") from exc
    try:
        sheet = workbook.worksheets[0]
        return [[_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
