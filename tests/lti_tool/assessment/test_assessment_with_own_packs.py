"""The whole self-assessment with packs that are not the leadership model: a 5-point scale on 3
levels, 2 levels with their own 360 rater groups, and a pack an L&D team imported from a
spreadsheet; and a new version of a pack never changing an earlier assessment's results."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select
from support.assessment_pages import Learner, assessment_id_in
from support.packs import FRAMEWORKS_DIR, SMALL_PACK
from support.plan_pages import Browser, start_plan, text_of
from support.spreadsheets import SPREADSHEETS

from development_plans.assessments import Assessment
from development_plans.framework import Framework, load_framework
from development_plans.framework.spreadsheet_import import import_spreadsheet, pack_yaml
from lti_tool.extensions import db


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    folder = tmp_path / "packs"
    folder.mkdir()
    return folder


@pytest.fixture
def app(make_app, pack_dir):
    return make_app(FRAMEWORK_PACKS_DIR=str(pack_dir))


def profile_levels(page: str) -> list[str]:
    table = re.search(r'data-testid="profile-table">(.*?)</table>', page, re.S).group(1)
    return [text_of(cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.S)]


def assess(learner: Learner, framework: Framework, rating_by_level: dict[str, int]) -> str:
    """Start, answer every page and submit; returns the results page."""
    first = learner.start()
    assessment_id = assessment_id_in(first.url)
    assert f"Dimension 1 of {len(framework.dimensions)}" in first.text
    for option in framework.scale:
        assert option.label in first.text
    check = learner.answer_all(
        assessment_id, framework, rating_for=lambda b: rating_by_level[b.level_id]
    )
    assert check.url.endswith("/check")
    results = learner.submit(assessment_id)
    assert results.status_code == 200 and results.url.endswith("/results")
    return results.text


def test_three_levels_on_a_five_point_scale(launch, app, pack_dir):
    shutil.copy(FRAMEWORKS_DIR / "reflective-practice.yaml", pack_dir)
    framework = load_framework(pack_dir / "reflective-practice.yaml")
    page = assess(launch("asha"), framework, {"starting": 5, "practising": 4, "guiding": 3})
    assert profile_levels(page).count("Practising") == 3
    assert "often or always" in page  # shown from the pack's own rating, not the HLM's 2
    assert "Guiding" in page and "Not yet" in page  # the chart's scale is the pack's
    for hlm_word in ("Essential", "Exemplary", "Insufficient", "Consistently"):
        assert hlm_word not in page


def test_two_levels_on_a_four_point_agreement_scale(launch, app, pack_dir):
    shutil.copy(FRAMEWORKS_DIR / "team-working-360.yaml", pack_dir)
    framework = load_framework(pack_dir / "team-working-360.yaml")
    assert [g["id"] for g in framework.content["rater_groups"]] == [
        "supervisor",
        "teammates",
        "patients",
        "partners",
    ]
    page = assess(launch("asha"), framework, {"team-member": 3, "team-builder": 2})
    assert profile_levels(page).count("Team member") == 3
    assert "tend to agree or agree" in page
    assert "Essential" not in page and "Insufficient" not in page


def test_a_pack_imported_from_a_spreadsheet_runs_end_to_end(launch, app, pack_dir):
    data, problems = import_spreadsheet(SPREADSHEETS / "medicines-safety.csv")
    assert problems == []
    (pack_dir / "medicines.yaml").write_text(pack_yaml(data, "medicines-safety.csv"))
    framework = load_framework(pack_dir / "medicines.yaml")
    asha = launch("asha")
    page = assess(asha, framework, {"safe": 2, "leading": 1})
    assert profile_levels(page).count("Safe") == 2
    assert "You reach a level when you show" in page and "on my own" in page
    plan_id, plan_page = start_plan(Browser(asha.launcher, asha.base))
    assert "Do I help colleagues when a check is interrupted?" in text_of(plan_page)


def _version_two(pack_dir: Path) -> None:
    data = yaml.safe_load(SMALL_PACK.read_text(encoding="utf-8"))
    data["version"] = "0.4"
    data["levels"][1]["name"] = "Growing"
    for dimension in data["dimensions"]:
        developing = dimension["levels"]["developing"]
        developing["title"] = "Rewritten in version 0.4"
        developing["behaviours"] = developing["behaviours"][:1]
        developing["behaviours"][0]["self"] = "Do I do the new version 0.4 thing?"
        dimension["levels"]["advanced"]["behaviours"][0]["self"] = "Do I do version 0.4 more?"
    (pack_dir / "supervision.yaml").write_text(yaml.safe_dump(data, sort_keys=False))


def test_a_new_pack_version_never_changes_an_earlier_result(launch, app, pack_dir):
    shutil.copy(SMALL_PACK, pack_dir / "supervision.yaml")
    v1 = load_framework(pack_dir / "supervision.yaml")
    asha = launch("asha")
    before = assess(asha, v1, {"foundation": 3, "developing": 2, "advanced": 1})
    first_id = assessment_id_in(asha.get("/").text)
    plan_id, _ = start_plan(Browser(asha.launcher, asha.base))

    _version_two(pack_dir)
    after = asha.get(f"/assessment/{first_id}/results")
    assert after.status_code == 200
    assert profile_levels(after.text) == profile_levels(before) != []
    assert "Growing" not in after.text and "Developing" in after.text
    plan = text_of(asha.get(f"/plan/{plan_id}").text)
    assert "Do I notice and name feelings that are not spoken?" in plan
    assert "version 0.4" not in plan

    second = asha.start()
    second_id = assessment_id_in(second.url)
    assert second_id != first_id
    page = asha.get(f"/assessment/{second_id}/dimensions/1").text
    assert "Rewritten in version 0.4" in page and "Growing" in page
    with app.app_context():
        versions = dict(
            db.session.execute(select(Assessment.id, Assessment.framework_version)).all()
        )
    assert versions == {first_id: "0.3", second_id: "0.4"}
