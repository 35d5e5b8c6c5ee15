"""The team pages over real HTTP from the demo platform: the dashboard and its filters, a
member's results and plan, comments, the review decision, the manager's own view and the CSV."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select
from support.team_data import ASHA, BEN, submitted_plan, text_of, user_id

from development_plans.plans import PlanEvent


def test_dashboard_lists_the_course_learners_with_their_status(app, launch):
    launch("asha")
    submitted_plan(app, ASHA)
    carys = launch("carys")
    page = carys.get("/team/")
    assert page.status_code == 200, page.text[:2000]
    text = text_of(page.text)
    assert "Asha Patel" in text and "Ben Okafor" in text
    assert "Carys" not in text.split("Members", 1)[1].split("Development Planner")[0]
    assert "Submitted for review" in text and "Not started" in text
    assert "Not opened the tool yet" in text  # Ben is on the roster but never launched
    assert "Insufficient" in text  # Asha's level in Engaging the team, in words
    assert "summary is shown when at least 5 people" in text


def test_levels_below_essential_are_explained_kindly_not_a_bare_red_tag(app, launch):
    launch("asha")
    submitted_plan(app, ASHA)  # Asha is below Essential in Engaging the team
    carys = launch("carys")
    kindly = "Insufficient – not yet consistently at Essential"
    shown = carys.post("/team/columns", {"column": ["status", "engaging-the-team"]})
    assert shown.status_code == 303
    dashboard = carys.get("/team/").text
    hidden = '<span class="nhsuk-u-visually-hidden"> – not yet consistently at Essential</span>'
    assert hidden in dashboard, "in the compact table, for screen readers"
    assert "Insufficient means not yet consistently at Essential" in text_of(dashboard)
    assert ">Insufficient (not yet consistently at Essential)</option>" in dashboard
    member = carys.get(f"/team/members/{user_id(app, ASHA)}")
    assert f"Engaging The Team {kindly}" in text_of(member.text)
    for page in (dashboard, member.text):
        assert "nhsuk-tag--red" not in page
        assert 'nhsuk-tag--grey">Insufficient</strong>' in page


def test_a_mentor_sees_only_their_mentees(app, launch):
    launch("asha")
    launch("ben")
    dana = launch("dana")
    text = text_of(dana.get("/team/").text)
    assert "Ben Okafor" in text and "Asha Patel" not in text
    assert dana.get(f"/team/members/{user_id(app, ASHA)}").status_code == 404
    assert dana.get(f"/team/members/{user_id(app, BEN)}").status_code == 200


def test_review_loop_comments_request_changes_then_approve(app, launch):
    asha = launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA)
    carys = launch("carys")
    member = f"/team/members/{user_id(app, ASHA)}"
    page = text_of(carys.get(member).text)
    assert "Send your decision" in page and "Lead the weekly huddle" in page

    empty = carys.post(f"/team/plans/{plan_id}/comments", {"body": "  "})
    assert empty.status_code == 400 and "Write a comment" in text_of(empty.text)
    saved = carys.post(f"/team/plans/{plan_id}/comments", {"body": "A good start"})
    assert "A good start" in text_of(carys.follow(saved).text)
    on_goal = carys.post(
        f"/team/plans/{plan_id}/comments", {"body": "Which huddle?", "goal_id": str(goal_id)}
    )
    assert on_goal.status_code == 303

    no_message = carys.post(f"/team/plans/{plan_id}/review", {"decision": "request_changes"})
    assert no_message.status_code == 400
    assert "Tell the learner what to change" in text_of(no_message.text)
    sent = carys.post(
        f"/team/plans/{plan_id}/review",
        {"decision": "request_changes", "message": "Add a date for the first huddle"},
    )
    assert "Changes requested" in text_of(carys.follow(sent).text)

    home = text_of(asha.get("/").text)
    assert "Add a date for the first huddle" in home and "A good start" in home
    resubmitted = asha.post(f"/plan/{plan_id}/submit", csrf_page=f"/plan/{plan_id}")
    assert resubmitted.status_code in (302, 303)

    approved = carys.post(f"/team/plans/{plan_id}/review", {"decision": "approve"})
    assert "The plan is approved" in text_of(carys.follow(approved).text)
    from lti_tool.extensions import db

    with app.app_context():
        actions = db.session.scalars(
            select(PlanEvent.action).where(PlanEvent.plan_id == plan_id).order_by(PlanEvent.id)
        ).all()
    assert actions[-5:] == [
        "comment_added",
        "comment_added",
        "changes_requested",
        "plan_submitted",
        "plan_approved",
    ]
    history = text_of(carys.get(f"/plan/{plan_id}/history").text)
    assert "Comment on the goal" in history and "Plan approved." in history


def test_the_managers_view_is_shown_beside_the_self_assessment(app, launch):
    launch("asha")
    submitted_plan(app, ASHA, submit=False)
    carys = launch("carys")
    asha_id = user_id(app, ASHA)
    form = carys.get(f"/team/members/{asha_id}/observations")
    assert form.status_code == 200
    assert "Do they ask for feedback from their team on things that are working well" in text_of(
        form.text
    )
    nothing = carys.post(f"/team/members/{asha_id}/observations", {})
    assert nothing.status_code == 400
    bad = carys.post(f"/team/members/{asha_id}/observations", {"engaging-the-team": "nope"})
    assert bad.status_code == 400 and "Select one of the levels" in text_of(bad.text)
    saved = carys.post(f"/team/members/{asha_id}/observations", {"engaging-the-team": "proficient"})
    page = text_of(carys.follow(saved).text)
    kindly = "Insufficient – not yet consistently at Essential"
    assert f"Engaging The Team {kindly} Proficient you" in page


def test_csv_export_neutralises_formulas(app, launch, platform):
    platform.control(
        members=[{"user_id": "evil-1", "name": '=HYPERLINK("http://x")', "email": "@x"}]
    )
    carys = launch("carys")
    assert carys.get("/team/").status_code == 200  # opening the dashboard syncs the roster
    response = carys.get("/team/export.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.text)))
    names = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("http://x")' in names and "Asha Patel" in names
    assert any(row[1] == "'@x" for row in rows)
