"""Never lose an answer: a dimension's page carries the version of its saved answers, and a save
from a tab opened before another tab saved that dimension is refused, showing the answers saved
now beside the learner's choices, who can then keep theirs or use the saved ones."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

from sqlalchemy import select
from support.assessment_pages import assessment_id_in
from support.plan_pages import form_fields

from development_plans.assessments import BehaviourAnswer, DimensionAnswers, DimensionImportance
from development_plans.framework import load_framework
from lti_tool.assessment.forms import rating_field_name

REPO_ROOT = Path(__file__).resolve().parents[3]
HLM = load_framework(REPO_ROOT / "content" / "frameworks" / "healthcare-leadership-model.yaml")
FIRST = HLM.dimensions[0]
BEHAVIOURS = FIRST.all_behaviours()


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def _checked(html: str) -> dict[str, str]:
    return dict(
        re.findall(
            r'<input class="nhsuk-radios__input"[^>]*name="([^"]+)"[^>]*value="([^"]*)" checked',
            html,
        )
    )


def _answers(ratings: dict[int, int], importance: int | None = None) -> dict[str, object]:
    """Form fields rating the first dimension's behaviours (by position) and its importance."""
    fields: dict[str, object] = {
        rating_field_name(BEHAVIOURS[i].id): value for i, value in ratings.items()
    }
    if importance is not None:
        fields["importance"] = importance
    return {**fields, "action": "continue"}


def _saved(app, assessment_id: int) -> tuple[dict[str, int], int | None, int]:
    """The first dimension's stored ratings (by behaviour position), importance and version."""
    from lti_tool.extensions import db

    positions = {b.id: i for i, b in enumerate(BEHAVIOURS)}
    with app.app_context():
        ratings = db.session.execute(
            select(BehaviourAnswer.behaviour_id, BehaviourAnswer.rating).where(
                BehaviourAnswer.assessment_id == assessment_id
            )
        )
        importance = db.session.scalar(
            select(DimensionImportance.importance).filter_by(
                assessment_id=assessment_id, dimension_id=FIRST.id
            )
        )
        version = db.session.scalar(
            select(DimensionAnswers.version_id).filter_by(
                assessment_id=assessment_id, dimension_id=FIRST.id
            )
        )
    return (
        {positions[b]: rating for b, rating in ratings if b in positions},
        importance,
        version or 0,
    )


def _two_tabs(asha) -> tuple[int, str, str, str]:
    assessment_id = assessment_id_in(asha.start().url)
    path = f"/assessment/{assessment_id}/dimensions/1"
    return assessment_id, path, asha.get(path).text, asha.get(path).text


def test_a_stale_page_save_is_refused_showing_both_and_losing_nothing(app, launch):
    asha = launch("asha")
    assessment_id, path, first_tab, second_tab = _two_tabs(asha)
    assert form_fields(first_tab, "")["version_id"] == "0"

    saved = asha.post(path, {**form_fields(first_tab, ""), **_answers({0: 3}, 4)})
    assert saved.status_code == 200 and saved.url.endswith("/dimensions/2")
    stale = asha.post(
        path,
        {**form_fields(second_tab, ""), **_answers({0: 1, 1: 2}, 2)},
        allow_redirects=False,
    )

    assert stale.status_code == 400
    text = _text(stale.text)
    assert f"<title>Error: {FIRST.name}" in stale.text
    assert "There is a problem" in text and "saved in another tab or window" in text
    assert 'href="#version"' in stale.text and 'id="version"' in stale.text
    assert "The version saved now" in text
    assert f"{unescape(BEHAVIOURS[0].self_text)} Consistently" in text
    assert f"{unescape(BEHAVIOURS[1].self_text)} Not answered" in text
    assert "Very important" in text
    assert _checked(stale.text) == {  # the learner's choices stay selected
        rating_field_name(BEHAVIOURS[0].id): "1",
        rating_field_name(BEHAVIOURS[1].id): "2",
        "importance": "2",
    }
    assert "Save my answers" in text
    assert f'href="{path}" data-testid="use-saved-version"' in stale.text
    assert form_fields(stale.text, "")["version_id"] == "1"
    assert _saved(app, assessment_id) == ({0: 3}, 4, 1)  # the first tab's answers kept

    kept = asha.post(
        path, {**form_fields(stale.text, ""), **_answers({0: 1, 1: 2}, 2)}, allow_redirects=False
    )
    assert kept.status_code == 303
    assert _saved(app, assessment_id) == ({0: 1, 1: 2}, 2, 2)
    again = asha.post(path, {**form_fields(first_tab, ""), **_answers({0: 0})})
    assert again.status_code == 400  # the first tab is stale now too
    assert _saved(app, assessment_id) == ({0: 1, 1: 2}, 2, 2)


def test_a_save_after_reloading_the_page_goes_through(app, launch):
    asha = launch("asha")
    assessment_id, path, first_tab, _ = _two_tabs(asha)
    asha.post(path, {**form_fields(first_tab, ""), **_answers({0: 3})})
    reloaded = asha.get(path).text
    assert form_fields(reloaded, "")["version_id"] == "1"
    assert _checked(reloaded) == {rating_field_name(BEHAVIOURS[0].id): "3"}

    saved = asha.post(
        path, {**form_fields(reloaded, ""), **_answers({0: 2, 2: 1}, 3)}, allow_redirects=False
    )
    assert saved.status_code == 303
    assert _saved(app, assessment_id) == ({0: 2, 2: 1}, 3, 2)


def test_a_stale_save_that_changes_nothing_saved_is_not_a_conflict(app, launch):
    asha = launch("asha")
    assessment_id, path, first_tab, second_tab = _two_tabs(asha)
    asha.post(path, {**form_fields(first_tab, ""), **_answers({0: 3}, 4)})
    same = asha.post(
        path, {**form_fields(second_tab, ""), **_answers({0: 3}, 4)}, allow_redirects=False
    )
    assert same.status_code == 303
    assert _saved(app, assessment_id) == ({0: 3}, 4, 1)


def test_saves_of_one_page_at_the_same_moment_let_exactly_one_through(app, launch):
    """The same opened page posted from several threads at once (two tabs, a double click
    reaching two workers): one set of answers is kept whole, the others are refused."""
    asha = launch("asha")
    assessment_id, path, page, _ = _two_tabs(asha)
    choices = [({0: 0, 1: 0}, 1), ({0: 1, 1: 1}, 2), ({0: 2, 1: 2}, 3), ({0: 3, 1: 3}, 4)]
    start = threading.Barrier(len(choices))

    def save(choice):
        ratings, importance = choice
        fields = {**form_fields(page, ""), **_answers(ratings, importance)}
        start.wait()
        return asha.post(path, fields, allow_redirects=False).status_code

    with ThreadPoolExecutor(len(choices)) as pool:
        statuses = list(pool.map(save, choices))

    assert sorted(statuses) == [303, 400, 400, 400]
    kept = choices[statuses.index(303)]
    assert _saved(app, assessment_id) == (*kept, 1)
