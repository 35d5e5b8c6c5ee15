"""The journey driven by an organisation's own pack: nothing depends on the leadership model's
nine dimensions, four levels or scale, and pack text is always escaped."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from support.assessment_pages import assessment_id_in

from development_plans.framework import load_framework

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SMALL_PACK = FIXTURES / "packs" / "valid" / "small-pack.yaml"
HOSTILE = "<script>alert('pack')</script>"


@pytest.fixture
def pack_dir(tmp_path) -> Path:
    data = yaml.safe_load(SMALL_PACK.read_text())
    data["dimensions"][0]["name"] = f"Listening {HOSTILE} & hearing"
    data["dimensions"][0]["what_it_is"].append(f"Noticing {HOSTILE}")
    data["dimensions"][0]["levels"]["foundation"]["behaviours"][0]["self"] = f"Do I {HOSTILE}?"
    folder = tmp_path / "packs"
    folder.mkdir()
    (folder / "supervision.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    return folder


@pytest.fixture
def app(make_app, pack_dir):
    return make_app(FRAMEWORK_PACKS_DIR=str(pack_dir))


@pytest.fixture
def framework(pack_dir):
    return load_framework(pack_dir / "supervision.yaml")


def assert_escaped(html: str) -> None:
    assert "<script>alert(" not in html
    assert "&lt;script&gt;alert(" in html


def test_a_three_dimension_pack_runs_from_start_to_results(launch, framework):
    asha = launch("asha")
    first = asha.start()
    assessment_id = assessment_id_in(first.url)
    assert "Dimension 1 of 3" in first.text
    assert_escaped(first.text)
    assert "Seldom" in first.text and "Most of the time." in first.text
    assert "Foundation: Paying attention" in first.text

    asha.save_page(assessment_id, 1, {}, importance=1, action="later")
    assert_escaped(asha.get(f"/assessment/{assessment_id}/check").text)

    levels = {"foundation": 3, "developing": 2, "advanced": 1}
    check = asha.answer_all(
        assessment_id,
        framework,
        rating_for=lambda b: levels[b.level_id],
        importance_for=lambda d: 4,
    )
    assert check.url.endswith("/check")
    assert_escaped(check.text)
    results = asha.submit(assessment_id)
    assert results.url.endswith("/results")
    assert_escaped(results.text)
    table = re.search(r'data-testid="profile-table">(.*?)</table>', results.text, re.S).group(1)
    assert table.count("Developing") == 3
    assert "Not yet" in results.text and "Advanced" in results.text  # the chart's scale
    assert "usually or always" in results.text  # the pack's own "shown" ratings, in words
    assert "Exemplary" not in results.text and "Insufficient" not in results.text
    assert "<script>alert(" not in asha.home().text


def test_a_pack_removed_after_starting_gets_a_page_saying_so(launch, pack_dir):
    asha = launch("asha")
    assessment_id = assessment_id_in(asha.start().url)
    (pack_dir / "supervision.yaml").unlink()
    gone = asha.get(f"/assessment/{assessment_id}/dimensions/1")
    assert gone.status_code == 503
    assert "The framework is not available" in gone.text
    assert "test-supervision-skills" in gone.text and "no longer installed" in gone.text


def test_a_chosen_framework_that_is_not_installed_gets_a_page_saying_so(launch, app):
    app.config["FRAMEWORK_ID"] = "missing-pack"
    asha = launch("asha")
    refused = asha.start()
    assert refused.status_code == 503
    assert "The framework is not available" in refused.text
    assert "missing-pack" in refused.text and "is not installed" in refused.text
