"""Bring your own framework: a spreadsheet in the documented layout becomes a pack, checked as a
pack file is, every problem told by row and column, and nothing kept when anything is wrong."""

from __future__ import annotations

import pytest
import yaml
from support.packs import FRAMEWORKS_DIR, SMALL_PACK
from support.spreadsheets import SPREADSHEETS, sheet_rows, write_csv, write_xlsx

from development_plans.framework import ContentError, load_framework
from development_plans.framework.spreadsheet_import import (
    framework_from_spreadsheet,
    import_spreadsheet,
    pack_yaml,
)

MEDICINES = SPREADSHEETS / "medicines-safety.csv"
PACKS = sorted(FRAMEWORKS_DIR.glob("*.yaml")) + [SMALL_PACK]


def test_the_documented_layout_imports_into_a_valid_pack() -> None:
    framework = framework_from_spreadsheet(MEDICINES)
    assert (framework.id, framework.version) == ("medicines-safety", "2025.1")
    assert [o.label for o in framework.scale] == ["Not yet", "With help", "On my own"]
    assert framework.scale[2].description == "Without prompting, every time."
    assert framework.shown_at_least == 2
    assert framework.level_ids == ("safe", "leading") and framework.below_lowest.id == "learning"
    checking = framework.dimension("checking")
    assert checking.what_it_is == (
        "Checking the right medicine, dose, route and time",
        "Checking allergies",
    )
    assert checking.level("leading").title == "Building safe checks"
    assert [b.id for b in checking.all_behaviours()] == [
        "checking.safe.1",
        "checking.safe.2",
        "checking.leading.1",
        "checking.leading.2",
    ]
    assert framework.dimension("reporting").what_it_is_not == ()


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
@pytest.mark.parametrize("pack", PACKS, ids=lambda p: p.stem)
def test_every_pack_survives_a_trip_through_a_spreadsheet(tmp_path, pack, writer) -> None:
    content = load_framework(pack).content
    sheet = writer(sheet_rows(content), tmp_path / f"sheet.{writer.__name__[6:]}")
    data, problems = import_spreadsheet(sheet)
    assert problems == []
    assert data == {k: v for k, v in content.items() if k != "corrections"}


def test_the_yaml_written_is_the_same_pack(tmp_path) -> None:
    data, _ = import_spreadsheet(MEDICINES)
    path = tmp_path / "medicines.yaml"
    path.write_text(pack_yaml(data, MEDICINES.name), encoding="utf-8")
    assert load_framework(path) == framework_from_spreadsheet(MEDICINES)
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["version"] == "2025.1"


def _broken(tmp_path, change) -> list[str]:
    rows = sheet_rows(load_framework(SMALL_PACK).content)
    change(rows)
    _, problems = import_spreadsheet(write_csv(rows, tmp_path / "broken.csv"))
    return problems


def _row(rows: list[dict[str, str]], **cells: str) -> dict[str, str]:
    return next(row for row in rows if cells.items() <= row.items())


def _number(rows: list[dict[str, str]], **cells: str) -> int:
    """The sheet row number (the header is row 1) of the row with these cells."""
    return rows.index(_row(rows, **cells)) + 2


def test_sheet_problems_are_told_by_row_and_column(tmp_path) -> None:
    rows = sheet_rows(load_framework(SMALL_PACK).content)
    scale = _number(rows, ID="usually")
    moved = _number(rows, ID="listening.developing.1")
    retitled = _number(rows, ID="listening.foundation.2")
    titled = _number(rows, ID="listening.foundation.1")

    def change(rows: list[dict[str, str]]) -> None:
        _row(rows, ID="usually")["Value"] = "three"
        _row(rows, ID="listening.developing.1")["Dimension"] = "hearing"
        _row(rows, ID="listening.foundation.2")["Title"] = "Something else"
        rows.append({"Row type": "colleague", "ID": "x"})
        rows.append({"Row type": "rater group", "ID": "peers", "Name": "P", "Identifiable": "?"})

    end = len(rows) + 2
    assert _broken(tmp_path, change) == [
        f"row {scale}, column C (Value): should be a whole number but is 'three'",
        f"row {end}, column A (Row type): unknown Row type 'colleague' (use one of: framework,"
        " scale, level, below lowest, dimension, behaviour, rater group)",
        f"row {end + 1}, column N (Identifiable): should be yes or no but is '?'",
        f"row {retitled}, column I (Title): 'Something else' differs from this level's title"
        f" 'Paying attention' at row {titled}, column I (Title)",
        f"row {moved}, column G (Dimension): 'hearing' is not the ID of a dimension row"
        " (dimensions: listening, giving-feedback, planning-together)",
    ]


def test_pack_problems_are_told_by_the_cell_they_came_from(tmp_path) -> None:
    def change(rows: list[dict[str, str]]) -> None:
        rows.remove(_row(rows, Field="id"))
        _row(rows, Field="source url")["Value"] = "example.org"
        _row(rows, ID="giving-feedback")["Name"] = ""
        _row(rows, ID="listening.foundation.2")["Self"] = ""
        moved = _row(rows, ID="listening.developing.2")
        moved["Level"], moved["ID"] = "expert", ""
        _row(rows, ID="planning-together.advanced.2")["ID"] = "planning-together.advanced.1"

    rows = sheet_rows(load_framework(SMALL_PACK).content)
    rows.remove(_row(rows, Field="id"))
    url, name = _number(rows, Field="source url"), _number(rows, ID="giving-feedback")
    self_text = _number(rows, ID="listening.foundation.2")
    moved = _number(rows, ID="listening.developing.2")
    again = _number(rows, ID="planning-together.advanced.2")
    first = _number(rows, ID="planning-together.advanced.1")
    assert _broken(tmp_path, change) == [
        "the framework row with Field 'id': this required field is missing",
        f"row {moved}, column I (Title): this required field is missing",
        f"row {self_text}, column J (Self): this required field is missing",
        f"row {name}, column E (Name): this required field is missing",
        f"row {url}, column C (Value): 'example.org' is not a web address (it should start"
        " with https://)",
        f"row {moved}, column H (Level): 'expert' is not one of the pack's levels (foundation,"
        " developing, advanced)",
        f"row {again}, column D (ID): duplicate behaviour id 'planning-together.advanced.1'"
        f" (first used at row {first}, column A (Row type))",
    ]


def test_unknown_columns_and_unreadable_files_are_refused(tmp_path) -> None:
    odd = tmp_path / "odd.csv"
    odd.write_text("Row type,Behavior,Row type\nframework,x,y\n", encoding="utf-8")
    assert import_spreadsheet(odd) == (
        None,
        [
            "row 1, column B: unknown column 'Behavior' (the columns are: Row type, Field,"
            " Value, ID, Name, Description, Dimension, Level, Title, Self, Observer, What it is,"
            " What it is not, Identifiable)",
            "row 1, column C: column 'Row type' is also column A",
        ],
    )
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook", encoding="utf-8")
    (_, problems) = import_spreadsheet(fake)
    assert problems[0].startswith("(file): cannot be read as XLSX (not an XLSX workbook")
    with pytest.raises(ContentError, match="unsupported file type '.ods'"):
        framework_from_spreadsheet(tmp_path / "sheet.ods")
