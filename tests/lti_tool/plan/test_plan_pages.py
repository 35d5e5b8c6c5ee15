"""The plan pages over real HTTP: drafting from an assessment, targets, items, SMART goals with
their validation, tracking, review states, versions, PDF, JSON export and the home section."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

from pypdf import PdfReader
from sqlalchemy import select, update
from support.plan_data import hlm, submit_assessment
from support.plan_pages import add_goal, date_fields, start_plan, text_of

from development_plans.goals import add_months
from development_plans.models import utcnow
from development_plans.plans import Goal, Plan, PlanEvent

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


def test_smart_goal_errors_teach_and_keep_what_was_typed(app, asha):
    submit_assessment(app, ASHA, {})
    _, plan_page = start_plan(asha)
    form, response = add_goal(
        asha,
        plan_page,
        specific="<script>alert('x')</script> lead",
        measurable="",
        support="",
        behaviour_ids=[],
        **date_fields("target_date", TODAY - timedelta(days=1)),
    )
    assert response.status_code == 400
    text = text_of(response.text)
    assert "There is a problem" in text
    assert "Say how you will know you have done it" in text
    assert "Say what support, time or resources make this achievable" in text
    assert "Select at least one focus behaviour" in text
    assert "Target date must be in the future" in text
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; lead" in response.text
    yesterday = TODAY - timedelta(days=1)
    assert f'name="target_date-day" type="text" inputmode="numeric" value="{yesterday.day}"' in (
        response.text
    )
    assert response.text.startswith("<!DOCTYPE html>") or "<title>Error:" in response.text

    _, far = add_goal(asha, plan_page, **date_fields("target_date", add_months(TODAY, 19)))
    assert far.status_code == 400
    assert "Target date must be within 18 months" in text_of(far.text)

    _, unreal = add_goal(asha, plan_page, **{"target_date-day": "31", "target_date-month": "2"})
    assert "Target date must be a real date" in text_of(unreal.text)

    _, long = add_goal(asha, plan_page, specific="x" * 1001)
    assert "What you will do must be 1000 characters or fewer (it is 1001)" in text_of(long.text)

    _, vague = add_goal(asha, plan_page, specific="Be better")
    assert "Be more specific" in text_of(vague.text)

    _, forged = add_goal(asha, plan_page, behaviour_ids=["leading-with-care.exemplary.1"])
    assert "Select focus behaviours from this item's list" in text_of(forged.text)

    _, saved = add_goal(asha, plan_page)
    assert saved.status_code == 303
    goal_page = asha.follow(saved)
    assert "Lead the weekly huddle and ask each person for one idea" in goal_page.text
    assert "Your goal is saved." in goal_page.text


def test_tracking_a_goal_actions_progress_status_and_history(app, asha):
    submit_assessment(app, ASHA, {})
    plan_id, plan_page = start_plan(asha)
    _, saved = add_goal(asha, plan_page)
    goal_url = saved.headers["Location"].removeprefix(asha.base)
    goal_id = int(goal_url.rsplit("/", 1)[1])
    goal_page = asha.get(goal_url).text

    empty = asha.post(f"/plan/goals/{goal_id}/actions", {"text": " "}, page=goal_page)
    assert empty.status_code == 400 and "Enter the action" in text_of(empty.text)
    added = asha.post(
        f"/plan/goals/{goal_id}/actions", {"text": "Book <b>room</b>"}, page=goal_page
    )
    page = asha.follow(added)
    assert "To do: Book &lt;b&gt;room&lt;/b&gt;" in page.text
    action_id = re.search(rf"/plan/goals/{goal_id}/actions/(\d+)", page.text).group(1)
    page = asha.follow(
        asha.post(f"/plan/goals/{goal_id}/actions/{action_id}", {"done": "1"}, page=page.text)
    )
    assert "Done: Book" in text_of(page.text)

    progress = asha.get(f"/plan/goals/{goal_id}/progress")
    bad = asha.post(
        f"/plan/goals/{goal_id}/progress",
        {
            **date_fields("occurred_on", TODAY + timedelta(days=2)),
            "note": "Ran the first huddle",
            "evidence_links": "https://example.nhs.uk/notes\njavascript:alert(1)",
        },
        page=progress.text,
    )
    assert bad.status_code == 400
    bad_text = text_of(bad.text)
    assert "Link 2: Web address must start with https:// or http://" in bad_text
    assert "Date must be today or in the past" in bad_text
    assert "Ran the first huddle" in bad.text  # kept
    good = asha.post(
        f"/plan/goals/{goal_id}/progress",
        {
            **date_fields("occurred_on", TODAY),
            "note": "Ran the first huddle",
            "evidence_text": "Two ideas from the team",
            "evidence_links": "https://example.nhs.uk/notes",
        },
        page=progress.text,
    )
    page = asha.follow(good)
    assert (
        "Ran the first huddle" in page.text and 'href="https://example.nhs.uk/notes"' in page.text
    )
    assert "In progress" in page.text

    status_form = asha.get(f"/plan/goals/{goal_id}/status")
    no_reflection = asha.post(
        f"/plan/goals/{goal_id}/status", {"status": "achieved"}, page=status_form.text
    )
    assert no_reflection.status_code == 400
    assert "Reflect on what you did" in text_of(no_reflection.text)
    no_reason = asha.post(
        f"/plan/goals/{goal_id}/status", {"status": "dropped"}, page=status_form.text
    )
    assert "Say why you are dropping this goal" in text_of(no_reason.text)
    unknown = asha.post(f"/plan/goals/{goal_id}/status", {"status": "won"}, page=status_form.text)
    assert "Select the goal's status" in text_of(unknown.text)
    done = asha.post(
        f"/plan/goals/{goal_id}/status",
        {"status": "achieved", "reflection": "The team now brings ideas unprompted"},
        page=status_form.text,
    )
    page = asha.follow(done)
    assert "Achieved" in page.text and "The team now brings ideas unprompted" in page.text

    history = text_of(asha.get(f"/plan/{plan_id}/history").text)
    for expected in (
        "Plan version 1 drafted",
        "Goal added for",
        "Action added: Book <b>room</b>",
        "Action marked done",
        "Progress recorded for",
        "Status changed to Achieved. Reflection: The team now brings ideas unprompted",
    ):
        assert expected in history
    assert "Asha" in history


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
            "reason-leading-with-care": "New in post & <consolidating>",
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
