"""Plan notices by email, end to end: the event happens over HTTP from the demo platform, the
notice is delivered to a real SMTP server, and each kind can be switched off on the "Email
notices" page; nobody without an email address gets anything."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update
from support.plan_pages import text_of
from support.team_data import ASHA, BEN, submitted_plan, user_id

from development_plans.db import utcnow
from development_plans.goals import Goal, GoalStatus
from development_plans.notices import NoticeKind
from development_plans.people import User
from lti_tool.extensions import db

CARYS = "carys.jones@example.nhs.uk"
ASHA_MAIL = "asha.patel@example.nhs.uk"
DANA_MAIL = "dana.reyes@example.nhs.uk"


def _switch_off(browser, *kinds: str) -> None:
    page = browser.get("/notices/")
    assert page.status_code == 200, page.text[:2000]
    keep = [kind.value for kind in NoticeKind]
    saved = browser.post(
        "/notices/", {"kinds": [k for k in keep if k not in kinds]}, page=page.text
    )
    assert saved.status_code == 303, saved.text[:2000]


def _submit(app, browser, subject: str) -> int:
    plan_id, _ = submitted_plan(app, subject, submit=False)
    page = browser.get(f"/plan/{plan_id}")
    sent = browser.post(f"/plan/{plan_id}/submit", page=page.text)
    assert sent.status_code == 303, sent.text[:2000]
    return plan_id


def test_managers_hear_when_a_plan_waits_for_their_review(app, launch, delivered):
    asha, ben = launch("asha"), launch("ben")
    launch("carys")
    launch("dana")  # mentors Ben only
    _submit(app, asha, ASHA)
    [told] = delivered()
    assert told.rcpt_tos == (CARYS,)
    assert told.subject == "Asha Patel's development plan is waiting for your review"
    assert f"/team/members/{user_id(app, ASHA)}" in told.links[0]
    assert "Asha Patel" in told.html and "/notices/" in told.text

    _submit(app, ben, BEN)
    recipients = sorted(m.rcpt_tos[0] for m in delivered()[1:])
    assert recipients == [CARYS, DANA_MAIL], "Ben's mentor is told about Ben, not Asha"


def test_a_manager_who_switched_it_off_hears_nothing(app, launch, delivered):
    asha, carys = launch("asha"), launch("carys")
    _switch_off(carys, "plan_waiting_review")
    _submit(app, asha, ASHA)
    assert delivered() == []


def test_learners_hear_of_requested_changes_and_comments(app, launch, delivered):
    asha, carys = launch("asha"), launch("carys")
    plan_id, goal_id = submitted_plan(app, ASHA)
    member = carys.get(f"/team/members/{user_id(app, ASHA)}")
    page = member.text
    carys.post(f"/team/plans/{plan_id}/comments", {"body": "Good <b>start</b> & more"}, page=page)
    carys.post(
        f"/team/plans/{plan_id}/comments", {"body": "Which huddle?", "goal_id": goal_id}, page=page
    )
    carys.post(
        f"/team/plans/{plan_id}/review",
        {"decision": "request_changes", "message": "Add a date for the first huddle"},
        page=page,
    )
    messages = delivered()
    assert [m.rcpt_tos for m in messages] == [(ASHA_MAIL,)] * 3
    general, on_goal, changes = sorted(messages, key=lambda m: m.number)
    assert general.subject == "Carys Jones commented on your development plan"
    assert "Good <b>start</b> & more" in general.text
    assert "Good &lt;b&gt;start&lt;/b&gt; &amp; more" in general.html
    assert 'your goal "Lead the weekly huddle' in on_goal.text
    assert changes.subject == "Changes requested on your development plan"
    assert "Add a date for the first huddle" in changes.text
    assert f"/plan/{plan_id}" in changes.links[0]
    assert asha.get(changes.links[0].removeprefix(asha.base)).status_code == 200


def test_a_learner_who_switched_them_off_hears_nothing(app, launch, delivered):
    asha, carys = launch("asha"), launch("carys")
    _switch_off(asha, "changes_requested", "comment_added")
    plan_id, _ = submitted_plan(app, ASHA)
    _switch_off(carys, "plan_waiting_review")
    page = carys.get(f"/team/members/{user_id(app, ASHA)}").text
    carys.post(f"/team/plans/{plan_id}/comments", {"body": "A good start"}, page=page)
    carys.post(
        f"/team/plans/{plan_id}/review",
        {"decision": "request_changes", "message": "Add a date"},
        page=page,
    )
    assert delivered() == []


def _goals_due_in(app, plan_id: int, goal_id: int, *days_and_status) -> list[int]:
    """The plan's goal due in the first (days, status), and a copy of it for each other."""
    today = utcnow().date()
    with app.app_context():
        first = db.session.get(Goal, goal_id)
        ids = []
        for n, (days, status) in enumerate(days_and_status):
            goal = (
                first
                if n == 0
                else Goal(
                    plan_id=plan_id, item_id=first.item_id, specific=f"Goal {n}", measurable="m"
                )
            )
            goal.target_date = today + timedelta(days=days)
            goal.status = status
            db.session.add(goal)
            db.session.flush()
            ids.append(goal.id)
        db.session.commit()
    return ids


def test_goals_a_week_away_or_past_are_told_once_per_threshold(app, launch, delivered):
    launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA, submit=False)
    _goals_due_in(
        app,
        plan_id,
        goal_id,
        (5, GoalStatus.IN_PROGRESS.value),
        (-1, GoalStatus.NOT_STARTED.value),
        (30, GoalStatus.NOT_STARTED.value),
        (-3, GoalStatus.ACHIEVED.value),
        (2, GoalStatus.DROPPED.value),
    )
    cli = app.test_cli_runner()
    first = cli.invoke(args=["notices", "due-goals"])
    assert first.exit_code == 0 and "Goal notices: 2 due" in first.output
    cli.invoke(args=["notices", "due-goals"])
    messages = delivered()
    assert sorted(m.subject for m in messages) == [
        "A goal is due in a week",
        "A goal's target date has passed",
    ]
    assert all(m.rcpt_tos == (ASHA_MAIL,) for m in messages)
    assert any("Lead the weekly huddle" in m.text for m in messages)

    a_week_on = (utcnow().date() + timedelta(days=7)).isoformat()
    cli.invoke(args=["notices", "due-goals", "--today", a_week_on])
    later = delivered()[2:]
    assert [m.subject for m in later] == ["A goal's target date has passed"], (
        "the goal due in 5 days is now past; the one past already was told; the one due in 30"
        " days is not a week away yet"
    )


def test_goal_notices_switched_off_or_without_an_address_are_not_sent(app, launch, delivered):
    asha = launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA, submit=False)
    _goals_due_in(app, plan_id, goal_id, (3, GoalStatus.NOT_STARTED.value))
    _switch_off(asha, "goal_due")
    app.test_cli_runner().invoke(args=["notices", "due-goals"])
    assert delivered() == []

    _switch_off(asha)  # everything back on, but the LMS no longer gives an address
    with app.app_context():
        db.session.execute(update(User).where(User.subject == ASHA).values(email=None))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["notices", "due-goals"])
    assert "Goal notices: 0 due" in result.output
    assert delivered() == []


def test_the_settings_page_saves_only_the_viewers_own_choices(app, launch, tool):
    asha, carys = launch("asha"), launch("carys")
    page = asha.get("/notices/")
    assert ASHA_MAIL in text_of(page.text)
    assert page.text.count(" checked") == 5
    _switch_off(asha, "goal_due", "comment_added")
    shown = asha.get("/notices/").text
    assert 'value="goal_due" aria-describedby="kind-goal_due-hint">' in shown
    assert shown.count(" checked") == 3
    assert carys.get("/notices/").text.count(" checked") == 5

    forged = asha.launcher.session.post(
        tool.url + "/notices/", data={"kinds": []}, allow_redirects=False
    )
    assert forged.status_code == 400, "no CSRF token, no change"
    assert asha.get("/notices/").text.count(" checked") == 3
    import requests

    assert requests.get(tool.url + "/notices/", timeout=10).status_code == 401
    with app.app_context():
        assert db.session.scalar(select(User.email).where(User.subject == ASHA)) == ASHA_MAIL
