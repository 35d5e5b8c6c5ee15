"""`flask content export-moodle` and `flask content import-spreadsheet`: a pack out to Moodle's
competency import, and an organisation's spreadsheet in as a pack, all or nothing."""

from __future__ import annotations

import csv
import io

from support.packs import FRAMEWORKS_DIR, SMALL_PACK
from support.spreadsheets import SPREADSHEETS, sheet_rows, write_csv

from development_plans.framework import load_framework
from development_plans.framework.moodle_csv import MOODLE_HEADER, moodle_competency_csv
from development_plans.framework.moodle_csv_reading import read_moodle_csv


def test_export_moodle_writes_an_installed_pack_or_a_pack_file(app, tmp_path):
    runner = app.test_cli_runner()
    shown = runner.invoke(args=["content", "export-moodle", "reflective-practice"])
    assert shown.exit_code == 0, shown.output
    expected = moodle_competency_csv(load_framework(FRAMEWORKS_DIR / "reflective-practice.yaml"))
    assert shown.stdout_bytes.decode("utf-8") == expected
    assert next(csv.reader(io.StringIO(shown.stdout))) == list(MOODLE_HEADER)

    target = tmp_path / "small.csv"
    written = runner.invoke(
        args=["content", "export-moodle", str(SMALL_PACK), "--output", str(target)]
    )
    assert written.exit_code == 0, written.output
    tree = read_moodle_csv(target.read_text(encoding="utf-8"))
    assert tree.id_number == "test-supervision-skills-0.3"

    missing = runner.invoke(args=["content", "export-moodle", "no-such-pack"])
    assert missing.exit_code == 1
    assert "'no-such-pack' is neither a pack file nor an installed pack" in missing.output
    assert "nhs-healthcare-leadership-model" in missing.output


def test_import_spreadsheet_writes_a_valid_pack(app, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    target = folder / "medicines.yaml"
    result = app.test_cli_runner().invoke(
        args=[
            "content",
            "import-spreadsheet",
            str(SPREADSHEETS / "medicines-safety.csv"),
            "--output",
            str(target),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Medicines Safety (spreadsheet test) version 2025.1" in result.output
    framework = load_framework(target)
    assert (framework.id, len(framework.all_behaviours())) == ("medicines-safety", 8)
    assert [p.name for p in folder.iterdir()] == ["medicines.yaml"]


def test_import_spreadsheet_with_problems_writes_nothing(app, tmp_path):
    folder = tmp_path / "packs"
    folder.mkdir()
    rows = sheet_rows(load_framework(SMALL_PACK).content)
    rows[0]["Value"] = "Not An Id"
    rows[-1]["Observer"] = ""
    sheet = write_csv(rows, folder / "sheet.csv")
    target = folder / "pack.yaml"
    target.write_text("the earlier pack\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        args=["content", "import-spreadsheet", str(sheet), "--output", str(target)]
    )
    assert result.exit_code == 1
    assert f"{sheet}: row 2, column C (Value): 'Not An Id' is not a valid id" in result.stderr
    assert f"row {len(rows) + 1}, column K (Observer): this required field is missing" in (
        result.stderr
    )
    assert "2 problem(s); nothing was written." in result.stderr
    assert target.read_text(encoding="utf-8") == "the earlier pack\n"
    assert sorted(p.name for p in folder.iterdir()) == ["pack.yaml", "sheet.csv"]
