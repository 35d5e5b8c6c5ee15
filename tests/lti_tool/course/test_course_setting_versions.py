"""Course settings from two tabs (or two managers): a target changed since the form was opened is
not overwritten (the target saved now is named, the choice kept), and a resource added or
removed with a double click is added or removed once."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from support.plan_pages import form_fields, text_of

from development_plans.resources.models import CourseResource
from lti_tool.extensions import db

DIMENSION = "leading-with-care"


def test_a_stale_course_target_is_refused_and_the_choice_kept(app, launch):
    carys = launch("carys")
    path = "/plan/course/targets"
    first_tab, second_tab = carys.get(path).text, carys.get(path).text
    assert form_fields(first_tab, "")[f"opened-{DIMENSION}"] == ""

    saved = carys.post(path, {**form_fields(first_tab, ""), f"target-{DIMENSION}": "strong"})
    assert saved.status_code == 303
    stale = carys.post(path, {**form_fields(second_tab, ""), f"target-{DIMENSION}": "exemplary"})

    assert stale.status_code == 400
    text = text_of(stale.text)
    assert "There is a problem" in text and "it is now Strong" in text
    assert 'value="exemplary" selected' in stale.text
    kept = carys.post(path, {**form_fields(stale.text, ""), f"target-{DIMENSION}": "exemplary"})
    assert kept.status_code == 303
    assert 'value="exemplary" selected' in carys.get(path).text
    cleared = carys.post(path, {**form_fields(first_tab, ""), f"target-{DIMENSION}": ""})
    assert cleared.status_code == 400 and "it is now Exemplary" in text_of(cleared.text)


def test_a_resource_added_or_removed_twice_changes_once(app, launch):
    carys = launch("carys")
    page = carys.get("/plan/course/resources").text
    fields = {
        **form_fields(page, ""),
        "title": "Compassionate leadership podcast",
        "url": "https://example.org/podcast",
        "type": "video",
        "dimension_id": DIMENSION,
        "level_id": "strong",
        "estimated_minutes": "30",
        "description": "",
    }
    added = [carys.post("/plan/course/resources", fields) for _ in range(2)]
    assert [r.status_code for r in added] == [303, 303], added[0].text[:1500]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CourseResource)) == 1
    page = carys.get("/plan/course/resources").text
    remove = re.search(r'action="(/plan/course/resources/\d+/remove)"', page).group(1)
    removed = [carys.post(remove, form_fields(page, remove)) for _ in range(2)]
    assert [r.status_code for r in removed] == [303, 303]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(CourseResource)) == 0
