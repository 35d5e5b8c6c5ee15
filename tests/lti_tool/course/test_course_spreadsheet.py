"""Course staff check a framework spreadsheet: every problem by row and column, or the pack
file it makes, checked again when it is downloaded. Nothing is installed from the page."""

from __future__ import annotations

import json

import yaml
from support.lti import hidden_inputs
from support.packs import SMALL_PACK
from support.plan_pages import text_of
from support.spreadsheets import SPREADSHEETS, sheet_rows, write_csv, write_xlsx

from development_plans.framework import load_framework
from development_plans.framework.spreadsheet_import import framework_from_spreadsheet
from lti_tool.views import installed_frameworks

PAGE = "/plan/course/framework/spreadsheet"
MEDICINES = SPREADSHEETS / "medicines-safety.csv"


def upload(browser, path, page):
    with path.open("rb") as file:
        return browser.post(PAGE, page=page, files={"spreadsheet": (path.name, file)})


def test_a_valid_spreadsheet_gives_its_pack_file(app, launch, tmp_path):
    carys = launch("carys")
    assert f'href="{PAGE}"' in carys.get("/plan/").text
    form = carys.get(PAGE)
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.text
    checked = upload(carys, MEDICINES, form.text)
    assert checked.status_code == 200
    assert "Medicines Safety (spreadsheet test) is ready" in text_of(checked.text)
    assert "Safe, Leading" in text_of(checked.text)

    pack = carys.post(
        f"{PAGE}/pack.yaml", {"pack": hidden_inputs(checked.text)["pack"]}, page=checked.text
    )
    assert pack.status_code == 200
    assert pack.headers["Content-Disposition"] == 'attachment; filename="medicines-safety.yaml"'
    saved = tmp_path / "medicines-safety.yaml"
    saved.write_bytes(pack.content)
    assert load_framework(saved) == framework_from_spreadsheet(MEDICINES)
    with app.app_context():
        assert "medicines-safety" not in installed_frameworks()


def test_every_problem_is_listed_and_nothing_is_kept(launch, tmp_path):
    rows = sheet_rows(load_framework(SMALL_PACK).content)
    rows[0]["Value"] = "Not An Id"
    rows[-1]["Self"] = ""
    sheet = write_xlsx(rows, tmp_path / "ours.xlsx")
    carys = launch("carys")
    form = carys.get(PAGE)
    refused = upload(carys, sheet, form.text)
    assert refused.status_code == 400
    problems = text_of(refused.text)
    assert "The spreadsheet has 2 problems. Nothing has been kept." in problems
    assert "row 2, column C (Value): 'Not An Id' is not a valid id" in problems
    assert f"row {len(rows) + 1}, column J (Self): this required field is missing" in problems
    assert 'data-testid="spreadsheet-pack"' not in refused.text

    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert "must be a CSV or XLSX file" in text_of(upload(carys, text, form.text).text)
    nothing = carys.post(PAGE, page=form.text)
    assert nothing.status_code == 400 and "Select a CSV or XLSX file" in text_of(nothing.text)


def test_a_tampered_pack_is_not_downloaded(launch, tmp_path):
    carys = launch("carys")
    form = carys.get(PAGE)
    data = yaml.safe_load(SMALL_PACK.read_text())
    data["levels"] = []
    tampered = carys.post(f"{PAGE}/pack.yaml", {"pack": json.dumps(data)}, page=form.text)
    assert tampered.status_code == 400
    assert "could not be read back" in text_of(tampered.text)
    garbled = carys.post(f"{PAGE}/pack.yaml", {"pack": "{not json"}, page=form.text)
    assert garbled.status_code == 400


def test_learners_cannot_check_spreadsheets(asha, tmp_path):
    sheet = write_csv(sheet_rows(load_framework(SMALL_PACK).content), tmp_path / "s.csv")
    assert asha.get(PAGE).status_code == 403
    with sheet.open("rb") as file:
        assert asha.post(PAGE, files={"spreadsheet": ("s.csv", file)}).status_code == 403
    assert asha.post(f"{PAGE}/pack.yaml", {"pack": "{}"}).status_code == 403
