"""A manager's double-clicked comment or decision is recorded once."""

from __future__ import annotations

from sqlalchemy import func, select
from support.plan_pages import form_fields
from support.team_data import submitted_plan, text_of, user_id

from development_plans.plans import PlanEvent
from development_plans.conversations import PlanComment
from lti_tool.extensions import db

ASHA = "demo-learner-asha"


def _count(app, statement) -> int:
    with app.app_context():
        return db.session.scalar(statement)


def test_a_comment_and_an_approval_sent_twice_are_recorded_once(app, launch):
    launch("asha")
    plan_id, _ = submitted_plan(app, ASHA)
    carys = launch("carys")
    member = f"/team/members/{user_id(app, ASHA)}"
    page = carys.get(member).text
    comment = f"/team/plans/{plan_id}/comments"
    fields = {**form_fields(page, comment), "body": "A good start"}
    first, second = (carys.post(comment, fields) for _ in range(2))
    assert (first.status_code, second.status_code) == (303, 303)
    assert first.headers["Location"] == second.headers["Location"]
    assert _count(app, select(func.count()).select_from(PlanComment)) == 1

    review = f"/team/plans/{plan_id}/review"
    fields = {**form_fields(page, review), "decision": "approve", "message": ""}
    first, second = (carys.post(review, fields) for _ in range(2))
    assert (first.status_code, second.status_code) == (303, 303)
    assert "There is a problem" not in text_of(carys.follow(second).text)
    approved = select(func.count()).where(PlanEvent.action == "plan_approved")
    assert _count(app, approved) == 1
