"""The plan pages over real HTTP: drafting from an assessment, targets, items, review states,
versions, PDF, JSON export and the home section. The goal pages are in tests/lti_tool/goals."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select, update
from support.plan_data import hlm, submit_assessment
from support.plan_pages import add_goal, start_plan, text_of

from development_plans.db import utcnow
from development_plans.goals import Goal
from development_plans.plans import Plan, PlanEvent

ASHA = "demo-learner-asha"
TODAY = utcnow().date()


def test_without_an_assessment_the_learner_is_told_to_do_it_first(asha):
    page = asha.get("/plan/")
    assert page.status_code == 200
    assert "Complete and submit your self-assessment first" in text_of(page.text)
    home = asha.get("/")
    assert "drafted from your submitted self-assessment" in text_of(home.text)


def test_plan_is_drafted_in_priority_order_with_focus_pitfalls_and_resources(app, asha):
    fw = hlm()
    submit_assessment(
        app,
        ASHA,
        {"engaging-the-team": None, "holding-to-account": "exemplary"},
        importance={"engaging-the-team": 4, "leading-with-care": 4, "sharing-the-vision": 1},
    )
    assert "Start your development plan" in asha.get("/").text
    plan_id, page = start_plan(asha)
    text = text_of(page)
    headings = re.findall(r'id="item-\d+-heading">([^<]+)<', page)
    assert [h.split(". ", 1)[1] for h in headings[:2]] == ["Engaging The Team", "Leading With Care"]
    assert headings[-1].endswith("Sharing The Vision")
    assert len(headings) == 8
    team = fw.dimension("engaging-the-team")
    for behaviour in team.behaviours_at("essential"):
        assert behaviour.self_text in text
    assert team.what_it_is_not[0] in text
    assert "Edward Jenner Programme" in text
    assert "Holding To Account: Exemplary (target Exemplary)" in text
    assert f"/plan/{plan_id}/pdf" in page


def test_item_with_no_matching_resource_says_so(make_app, tmp_path, launch):
    empty = tmp_path / "no-resources"
    empty.mkdir()
    app = make_app(RESOURCE_CATALOGUE_DIR=str(empty))
    from support.lti import registered_platform
    from support.servers import LiveServer

    with LiveServer(app, public_host="localhost") as tool, registered_platform(app, tool) as lms:
        from support.lti import Launcher

        launcher = Launcher(lms, tool)
        launcher.launch("asha")
        submit_assessment(app, ASHA, {})
        from support.plan_pages import Browser

        _, page = start_plan(Browser(launcher, tool.url))
    assert "There are no suggested resources for Inspiring Shared Purpose at Proficient yet" in (
        text_of(page)
    )


def test_targets_raise_freely_and_lower_only_with_a_reason(app, asha):
    submit_assessment(app, ASHA, {"engaging-the-team": "exemplary"})
    plan_id, _ = start_plan(asha)
    form = asha.get(f"/plan/{plan_id}/targets")
    assert form.status_code == 200
    lowered = asha.post(
        f"/plan/{plan_id}/targets", {"target-leading-with-care": "essential"}, page=form.text
    )
    assert lowered.status_code == 400
    assert "Explain why you are choosing a lower target" in text_of(lowered.text)
    assert 'value="essential" checked' in lowered.text
    raised = asha.post(
        f"/plan/{plan_id}/targets",
        {
            "target-leading-with-care": "essential",
            "reason-leading-with-care-essential": "New in post & <consolidating>",
            "target-sharing-the-vision": "strong",
        },
        page=form.text,
    )
    page = asha.follow(raised)
    assert "because: New in post &amp; &lt;consolidating&gt;" in page.text
    assert "Your targets are saved." in page.text


def test_learner_adds_and_removes_items(app, asha):
    submit_assessment(app, ASHA, {"engaging-the-team": "exemplary"})
    plan_id, page = start_plan(asha)
    include = re.search(rf"/plan/{plan_id}/items/(\d+)/include", page).group(0)
    page = asha.follow(asha.post(include, page=page)).text
    assert "Add Engaging The Team to the plan" not in page
    assert "You are already at this level; your goals consolidate it." in page
    remove = re.search(rf"/plan/{plan_id}/items/(\d+)/remove", page).group(0)
    page = asha.follow(asha.post(remove, page=page)).text
    assert "Add Inspiring Shared Purpose to the plan" in page


def test_submit_for_review_then_goals_are_locked_until_the_manager_answers(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)
    empty = asha.post(f"/plan/{plan_id}/submit", page=page)
    assert "Add at least one goal" in text_of(asha.follow(empty).text)
    _, saved = add_goal(asha, page)
    page = asha.get(f"/plan/{plan_id}").text
    submitted = asha.follow(asha.post(f"/plan/{plan_id}/submit", page=page))
    assert "Submitted for review" in submitted.text
    assert "Submit plan for review" not in submitted.text
    goal_id = saved.headers["Location"].rsplit("/", 1)[1]
    locked = asha.get(f"/plan/goals/{goal_id}/edit")
    assert locked.status_code == 403
    assert "with your manager for review" in text_of(locked.text)
    assert asha.get(f"/plan/goals/{goal_id}/progress").status_code == 200
    home = text_of(asha.get("/").text)
    assert "Plan version 1: Submitted for review" in home


def test_new_assessment_starts_a_new_version_carrying_chosen_goals(app, asha):
    submit_assessment(app, ASHA, {})
    first_id, page = start_plan(asha)
    add_goal(asha, page)
    add_goal(asha, page, specific="Shadow the ward manager for a full shift")
    submit_assessment(app, ASHA, {"inspiring-shared-purpose": "proficient"})
    start = asha.get("/plan/")
    assert "This will be version 2 of your plan" in text_of(start.text)
    goal_ids = re.findall(r'name="carry_over" type="checkbox" value="(\d+)"', start.text)
    assert len(goal_ids) == 2
    second_id, page = start_plan(asha, carry_over=goal_ids[:1])
    assert second_id != first_id
    assert "Lead the weekly huddle" in page
    assert "Shadow the ward manager" not in page
    old = asha.get(f"/plan/{first_id}")
    assert old.status_code == 200
    assert "This is an earlier version of the plan" in old.text
    assert "Shadow the ward manager" in old.text
    assert asha.get("/plan/").headers.get("Location", "").endswith(f"/plan/{second_id}") or (
        f"/plan/{second_id}" in asha.get("/plan/").url
    )


def test_pdf_has_the_chart_priorities_goals_and_attribution(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)
    add_goal(asha, page, specific="Lead the weekly huddle & report <ideas>")
    response = asha.get(f"/plan/{plan_id}/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = re.sub(r"\s+", " ", text)
    assert "Lead the weekly huddle & report <ideas>" in flat
    assert "Healthcare Leadership Model is © NHS Leadership Academy" in flat
    assert "Profile" in flat and "Priorities" in flat and "Inspiring Shared Purpose" in flat


def test_json_export_holds_assessments_plans_goals_and_history(app, asha, launch):
    submit_assessment(app, ASHA, {})
    _, page = start_plan(asha)
    add_goal(asha, page)
    ben = launch("ben")
    submit_assessment(app, "demo-learner-ben", {})
    start_plan(ben)
    response = asha.get("/plan/export.json")
    assert response.status_code == 200
    data = json.loads(response.text)
    assert data["person"]["lms_user_id"] == ASHA
    (course,) = data["courses"]
    assert course["assessments"][0]["status"] == "submitted"
    assert len(course["assessments"][0]["results"]) == 9
    (plan,) = course["plans"]
    assert plan["goals"][0]["specific"].startswith("Lead the weekly huddle")
    assert [e["action"] for e in plan["history"]] == ["plan_drafted", "goal_added"]
    assert "demo-learner-ben" not in response.text


def test_home_shows_goals_by_status_due_next_and_overdue(app, asha):
    from lti_tool.extensions import db

    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)
    add_goal(asha, page, specific="Lead the weekly huddle for the next month")
    add_goal(asha, page, specific="Ask three colleagues for feedback on my huddles")
    with app.app_context():
        first = db.session.scalar(select(Goal).where(Goal.plan_id == plan_id).order_by(Goal.id))
        db.session.execute(
            update(Goal).where(Goal.id == first.id).values(target_date=TODAY - timedelta(days=3))
        )
        db.session.commit()
    home = asha.get("/")
    text = text_of(home.text)
    assert "Not started 2" in text
    assert "1 overdue goal" in text and "Lead the weekly huddle for the next month" in text
    assert "Due next" in text and "Ask three colleagues" in text
    assert f"/plan/{plan_id}" in home.text


def test_history_row_is_written_for_every_change(app, asha):
    from lti_tool.extensions import db

    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)
    add_goal(asha, page)
    with app.app_context():
        rows = db.session.scalars(select(PlanEvent).where(PlanEvent.plan_id == plan_id)).all()
        assert [r.action for r in rows] == ["plan_drafted", "goal_added"]
        assert db.session.get(Plan, plan_id).status == "draft"
