"""The course settings pages over real HTTP: only managers set the course's targets and
resources, and learners' new plans start from them."""

from __future__ import annotations

from support.lti import registered_platform
from support.plan_data import submit_assessment
from support.plan_pages import start_plan, text_of
from support.team_data import DANA

from demo_lms.config import DEFAULT_PERSONAS

ASHA = "demo-learner-asha"


def test_learners_cannot_change_course_targets_or_resources(app, asha):
    submit_assessment(app, ASHA, {})
    for path in ("/plan/course/targets", "/plan/course/resources"):
        assert asha.get(path).status_code == 403
    assert asha.post("/plan/course/targets", {}).status_code == 403
    assert asha.post("/plan/course/resources/1/remove").status_code == 403


def test_course_targets_and_resources_shape_new_plans(app, launch):
    carys = launch("carys")
    form = carys.get("/plan/course/targets")
    assert form.status_code == 200
    bad = carys.post(
        "/plan/course/targets", {"target-leading-with-care": "insufficient"}, page=form.text
    )
    assert bad.status_code == 400 and "Select one of the levels" in text_of(bad.text)
    saved = carys.post(
        "/plan/course/targets", {"target-leading-with-care": "strong"}, page=form.text
    )
    assert 'value="strong" selected' in carys.follow(saved).text

    resources = carys.get("/plan/course/resources")
    invalid = carys.post(
        "/plan/course/resources",
        {
            "title": "<i>Ward</i> huddle guide",
            "url": "javascript:alert(1)",
            "type": "activity",
            "dimension_id": "leading-with-care",
            "level_id": "strong",
            "estimated_minutes": "ten",
        },
        page=resources.text,
    )
    assert invalid.status_code == 400
    problems = text_of(invalid.text)
    assert "Web address must start with https:// or http://" in problems
    assert "Estimated time must be a whole number of minutes" in problems
    assert 'value="&lt;i&gt;Ward&lt;/i&gt; huddle guide"' in invalid.text
    added = carys.post(
        "/plan/course/resources",
        {
            "title": "Ward huddle guide",
            "url": "https://moodle.example.ac.uk/mod/page/view.php?id=7",
            "type": "activity",
            "dimension_id": "leading-with-care",
            "level_id": "strong",
            "estimated_minutes": "20",
        },
        page=resources.text,
    )
    assert "Ward huddle guide" in carys.follow(added).text

    asha = launch("asha")
    submit_assessment(app, ASHA, {})
    _, page = start_plan(asha)
    text = text_of(page)
    assert "Leading With Care Current level Essential Target level Strong" in text
    assert "Ward huddle guide (opens in a new tab) – Activity, 20 minutes, Your course" in text


def test_a_mentor_cannot_set_the_course_targets(app, tool, launch):
    with registered_platform(app, tool, personas=(*DEFAULT_PERSONAS, DANA)) as mentors:
        dana = launch("dana", on=mentors)
        form = dana.get("/plan/course/targets")
        assert form.status_code == 200
        refused = dana.post(
            "/plan/course/targets", {"target-leading-with-care": "strong"}, page=form.text
        )
        assert refused.status_code == 403
        assert "Only the course's managers can set its targets." in text_of(refused.text)
        assert 'value="strong" selected' not in dana.get("/plan/course/targets").text
