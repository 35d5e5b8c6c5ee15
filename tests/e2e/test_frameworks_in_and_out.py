"""In the demo LMS, in Chromium: a manager checks a framework spreadsheet (its problems listed by
row and column, then the pack it makes) and finds the Moodle competency download; every page
passes axe's WCAG 2.x A/AA checks, error states included."""

from __future__ import annotations

from support.e2e import assert_accessible, launch_in_iframe, navigate
from support.packs import SMALL_PACK
from support.spreadsheets import SPREADSHEETS, sheet_rows, write_xlsx

from development_plans.framework import load_framework


def test_manager_checks_a_spreadsheet_and_finds_the_moodle_export(page, demo_site, tmp_path):
    rows = sheet_rows(load_framework(SMALL_PACK).content)
    rows[-1]["Observer"] = ""
    broken = write_xlsx(rows, tmp_path / "ours.xlsx")

    frame = launch_in_iframe(page, demo_site, "carys")
    frame.goto(f"{demo_site.tool_url}/plan/")
    download = frame.get_by_test_id("moodle-competencies")
    assert download.get_attribute("href").endswith("/moodle-competencies.csv")
    assert_accessible(frame, "manager plans page")
    navigate(frame, frame.get_by_role("link", name="Check a framework spreadsheet"))
    assert_accessible(frame, "spreadsheet page")

    frame.set_input_files("#spreadsheet", str(broken))
    navigate(frame, frame.get_by_test_id("check-spreadsheet"))
    problems = frame.get_by_test_id("spreadsheet-problems").inner_text()
    assert f"row {len(rows) + 1}, column K (Observer): this required field is missing" in problems
    assert_accessible(frame, "spreadsheet page with problems")

    frame.set_input_files("#spreadsheet", str(SPREADSHEETS / "medicines-safety.csv"))
    navigate(frame, frame.get_by_test_id("check-spreadsheet"))
    ready = frame.get_by_test_id("spreadsheet-pack").inner_text()
    assert "Medicines Safety (spreadsheet test) is ready" in ready
    assert_accessible(frame, "spreadsheet page with its pack")
    with page.expect_download() as caught:
        frame.get_by_test_id("download-pack").click()
    assert caught.value.suggested_filename == "medicines-safety.yaml"
