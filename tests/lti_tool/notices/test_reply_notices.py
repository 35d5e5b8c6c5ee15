"""Replies in a conversation tell the other side by email, delivered to a real SMTP server: a
manager's reply tells the learner (as a comment does), a learner's reply tells the managers who
wrote in that thread and no other; each can be switched off on the "Email notices" page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from support.lti import registered_platform
from support.team_data import ASHA, DANA, submitted_plan, user_id

from demo_lms.config import DEFAULT_PERSONAS, INSTRUCTOR, Persona
from development_plans.conversations import PlanComment
from development_plans.notices import NoticeKind
from lti_tool.extensions import db

CARYS = "carys.jones@example.nhs.uk"
ASHA_MAIL = "asha.patel@example.nhs.uk"
EMRYS = Persona(
    "emrys", "demo-manager-emrys", "Emrys", "Hughes", "emrys@example.nhs.uk", (INSTRUCTOR,)
)


@pytest.fixture
def platform(app, tool, platform_key_path):
    """The notices platform with a second manager, Emrys, who never writes in Asha's threads."""
    with registered_platform(
        app, tool, key_path=platform_key_path, personas=(*DEFAULT_PERSONAS, DANA, EMRYS)
    ) as running:
        yield running


def _switch_off(browser, kind: str) -> None:
    page = browser.get("/notices/")
    keep = [k.value for k in NoticeKind if k.value != kind]
    assert browser.post("/notices/", {"kinds": keep}, page=page.text).status_code == 303


def _threads(app, launch) -> tuple[int, int, int, int]:
    """Asha's plan with Carys's comment on it and on its goal: (plan, goal, both thread ids)."""
    launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA)
    carys, emrys = launch("carys"), launch("emrys")  # Emrys manages the course too
    launch("dana")  # mentors Ben only
    _switch_off(carys, "plan_waiting_review")
    _switch_off(emrys, "plan_waiting_review")
    page = carys.get(f"/team/members/{user_id(app, ASHA)}").text
    carys.post(f"/team/plans/{plan_id}/comments", {"body": "Which day?"}, page=page)
    carys.post(
        f"/team/plans/{plan_id}/comments", {"body": "Which ward?", "goal_id": goal_id}, page=page
    )
    with app.app_context():
        on_plan, on_goal = db.session.scalars(select(PlanComment.id).order_by(PlanComment.id))
    return plan_id, goal_id, on_plan, on_goal


def test_a_managers_reply_tells_the_learner_and_a_learners_reply_the_managers_in_it(
    app, launch, delivered
):
    plan_id, goal_id, on_plan, on_goal = _threads(app, launch)
    comments = len(delivered())
    assert comments == 2

    asha = launch("asha")
    goal_page = asha.get(f"/plan/goals/{goal_id}").text
    asha.post(f"/conversations/{on_goal}/replies", {"body": "Ward <7> & 8"}, page=goal_page)
    [to_carys] = delivered()[comments:]
    assert to_carys.rcpt_tos == (CARYS,), "Emrys and Dana took no part in the thread"
    assert to_carys.subject == "Asha Patel replied on their development plan"
    assert 'their goal "Lead the weekly huddle' in to_carys.text
    assert "Ward <7> & 8" in to_carys.text
    assert "Ward &lt;7&gt; &amp; 8" in to_carys.html
    assert to_carys.links[0].endswith(f"/team/members/{user_id(app, ASHA)}#thread-{on_goal}")

    carys = launch("carys")
    carys.post(f"/conversations/{on_goal}/replies", {"body": "Ward 8 then"})
    [to_asha] = delivered()[comments + 1 :]
    assert to_asha.rcpt_tos == (ASHA_MAIL,)
    assert to_asha.subject == "Carys Jones replied on your development plan"
    assert "Carys Jones replied to you on your goal" in to_asha.text
    assert to_asha.links[0].endswith(f"/plan/goals/{goal_id}#thread-{on_goal}")
    assert asha.get(to_asha.links[0].removeprefix(asha.base)).status_code == 200

    emrys = launch("emrys")
    emrys.post(f"/conversations/{on_plan}/replies", {"body": "Tuesdays suit the ward"})
    asha.post(f"/conversations/{on_plan}/replies", {"body": "Tuesday it is"}, page=goal_page)
    told = delivered()[comments + 2 :]
    assert [m.rcpt_tos for m in told] == [(ASHA_MAIL,), (CARYS,), ("emrys@example.nhs.uk",)]
    assert told[0].links[0].endswith(f"/plan/{plan_id}#thread-{on_plan}")


def test_replies_switched_off_are_not_sent(app, launch, delivered):
    _plan_id, _goal_id, on_plan, on_goal = _threads(app, launch)
    comments = len(delivered())
    asha, carys = launch("asha"), launch("carys")
    _switch_off(asha, "comment_added")
    _switch_off(carys, "reply_added")
    assert carys.post(f"/conversations/{on_goal}/replies", {"body": "Ward 8"}).status_code == 303
    replied = asha.post(f"/conversations/{on_plan}/replies", {"body": "Tuesday"})
    assert replied.status_code == 303
    assert delivered()[comments:] == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PlanComment)) == 4
