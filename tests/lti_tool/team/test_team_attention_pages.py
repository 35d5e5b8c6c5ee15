"""The dashboard over real HTTP: it opens with the plans waiting for the manager's review and the
overdue work, the home page's button goes straight there, and the table shows the compact
columns until the manager chooses others, which are kept for their next launch (a plain form,
with its CSRF token; nothing but the dashboard's own query survives the redirect)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from support.team_data import ASHA, submitted_plan, text_of

from development_plans.db import utcnow
from development_plans.goals import Goal
from development_plans.plans import Plan


def header_of(page: str) -> str:
    """The visible text of the members table's header row."""
    return text_of(page.split('data-testid="team-table"', 1)[1].split("</thead>", 1)[0])


def test_the_dashboard_opens_with_what_waits_for_review_and_what_is_overdue(app, launch):
    launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA)
    carys = launch("carys")
    home = carys.get("/")
    assert 'href="/team/#waiting"' in home.text and "Review the plan waiting for you" in text_of(
        home.text
    )
    page = text_of(carys.get("/team/").text)
    assert page.index("Waiting for your review (1)") < page.index("Members")
    assert "Asha Patel submitted" in page and "Review overdue" not in page
    assert "Nothing is overdue" in page

    from lti_tool.extensions import db

    with app.app_context():
        db.session.execute(
            update(Plan).where(Plan.id == plan_id).values(submitted_at=utcnow() - timedelta(days=8))
        )
        db.session.execute(
            update(Goal)
            .where(Goal.id == goal_id)
            .values(target_date=utcnow().date() - timedelta(days=1))
        )
        db.session.commit()
    page = text_of(carys.get("/team/").text)
    assert "Review overdue" in page
    assert "1 review is overdue: the plan has waited more than 7 days" in page
    assert "1 goal is past its target date, for 1 member: Asha Patel 1 overdue" in page

    approved = carys.post(f"/team/plans/{plan_id}/review", {"decision": "approve"})
    assert approved.status_code == 303
    page = text_of(carys.get("/team/").text)
    assert "Waiting for your review (0)" in page and "No plans are waiting" in page


def test_columns_are_compact_until_chosen_and_kept_for_the_manager(app, launch):
    launch("asha")
    submitted_plan(app, ASHA)
    carys = launch("carys")
    compact = header_of(carys.get("/team/").text)
    assert "Plan status" in compact and "Last activity" in compact
    assert "Engaging The Team" not in compact

    chosen = carys.post(
        "/team/columns",
        {
            "column": ["engaging-the-team", "status", "made-up"],
            "query": "sort=status&order=desc&next=https://elsewhere.example/",
        },
    )
    assert chosen.status_code == 303
    assert chosen.headers["Location"].endswith("/team/?sort=status&order=desc#members")
    header = header_of(carys.follow(chosen).text)
    assert "Plan status" in header and "Engaging The Team" in header
    assert "Last activity" not in header and "Goals achieved" not in header

    again = launch("carys")  # a new launch, a new session: the choice is kept
    assert "Engaging The Team" in header_of(again.get("/team/").text)
    assert "Engaging The Team" not in header_of(launch("dana").get("/team/").text)
    forged = again.launcher.session.post(
        f"{again.base}/team/columns", data={"column": "goals"}, allow_redirects=False
    )
    assert forged.status_code == 400
    assert "Engaging The Team" in header_of(again.get("/team/").text)
