"""Replies in a thread over real HTTP from the demo platform: the learner replies on their plan and
goal pages, the manager on the member page, and both read each thread in order with author and
time. Nobody else reaches a thread: another learner, a manager of another course, a mentor of
someone else, a visitor without a launch, a reply to a reply, a form without its CSRF token."""

from __future__ import annotations

from markupsafe import escape
from sqlalchemy import func, select
from support.lti import browser, registered_platform
from support.team_data import ASHA, submitted_plan, text_of, user_id

from demo_lms.config import Course
from development_plans.conversations import PlanComment


def _opened_threads(app, launch) -> tuple[int, int, int, int]:
    """Asha's submitted plan with a comment from Carys on it and one on its goal; returns (plan
    id, goal id, the plan thread's id, the goal thread's id)."""
    launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA)
    carys = launch("carys")
    carys.post(f"/team/plans/{plan_id}/comments", {"body": "What does success look like?"})
    carys.post(f"/team/plans/{plan_id}/comments", {"body": "Which day?", "goal_id": str(goal_id)})
    from lti_tool.extensions import db

    with app.app_context():
        on_plan, on_goal = db.session.scalars(select(PlanComment.id).order_by(PlanComment.id))
    return plan_id, goal_id, on_plan, on_goal


def in_order(text: str, *parts: str) -> bool:
    """Each part appears in ``text``, after the one before it."""
    at = 0
    for part in parts:
        at = text.find(part, at)
        if at < 0:
            return False
    return True


def _comments(app) -> int:
    from lti_tool.extensions import db

    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(PlanComment))


def test_the_learner_and_the_manager_reply_and_read_each_thread_in_order(app, launch):
    plan_id, goal_id, on_plan, on_goal = _opened_threads(app, launch)
    asha = launch("asha")
    plan_page = asha.get(f"/plan/{plan_id}")
    text = text_of(plan_page.text)
    assert "What does success look like?" in text and "Which day?" in text
    assert f'action="/conversations/{on_plan}/replies"' in plan_page.text

    goal = f"/plan/goals/{goal_id}"
    replied = asha.post(
        f"/conversations/{on_goal}/replies", {"body": "Mondays, from March"}, csrf_page=goal
    )
    assert replied.headers["Location"].endswith(f"/plan/goals/{goal_id}#thread-{on_goal}")
    goal_text = text_of(asha.follow(replied).text)
    assert "Your reply is saved" in goal_text
    assert in_order(goal_text, "Carys Jones", "Which day?", "You replied", "Mondays, from March")

    on_plan_reply = asha.post(
        f"/conversations/{on_plan}/replies", {"body": "Six huddles with notes"}, csrf_page=goal
    )
    assert on_plan_reply.headers["Location"].endswith(f"/plan/{plan_id}#thread-{on_plan}")

    carys = launch("carys")
    member = f"/team/members/{user_id(app, ASHA)}"
    answer = carys.post(f"/conversations/{on_goal}/replies", {"body": "Mondays are good"})
    assert answer.headers["Location"].endswith(f"{member}#thread-{on_goal}")
    page = text_of(carys.follow(answer).text)
    assert in_order(
        page,
        "Which day?",
        "Asha Patel replied",
        "Mondays, from March",
        "You replied",
        "Mondays are",
    )
    assert in_order(page, "What does success look like?", "Asha Patel replied", "Six huddles")
    home = text_of(asha.get("/").text)
    assert "Mondays are good" in home and "Open your plan to reply" in home
    history = text_of(carys.get(f"/plan/{plan_id}/history").text)
    assert "Reply on the goal" in history and "Reply: Six huddles with notes" in history
    assert _comments(app) == 5


def _refused_page(response, thread_id: int, typed: str, problem: str) -> None:
    """The thread's page again (400): an error summary linking to the reply box, which keeps
    what was typed, and the problem beside it."""
    assert response.status_code == 400, response.text[:2000]
    page = response.text
    summary = page[page.index('data-testid="error-summary"') :]
    assert f'<a href="#reply-{thread_id}">{problem}</a>' in summary[: summary.index("</div>\n")]
    assert "<title>Error: " in page
    box = page[page.index(f'id="reply-{thread_id}"') :]
    assert box[: box.index("</textarea>")].endswith(f">{escape(typed)}")
    assert f'id="reply-{thread_id}-error"' in page and "nhsuk-textarea--error" in page


def test_a_refused_reply_comes_back_with_the_text_kept_and_an_error_summary(app, launch):
    plan_id, goal_id, on_plan, on_goal = _opened_threads(app, launch)
    asha = launch("asha")
    mine = f"/plan/{plan_id}"
    too_long = "Mondays & <Tuesdays> " * 100
    _refused_page(
        asha.post(f"/conversations/{on_plan}/replies", {"body": "   "}, csrf_page=mine),
        on_plan,
        "   ",
        "Write a reply",
    )
    refused_on_goal = asha.post(
        f"/conversations/{on_goal}/replies", {"body": too_long}, csrf_page=mine
    )
    _refused_page(refused_on_goal, on_goal, too_long, "Reply must be 2000 characters or fewer")
    assert "Which day?" in text_of(refused_on_goal.text), "the goal page, with its thread"

    carys = launch("carys")
    refused = carys.post(f"/conversations/{on_goal}/replies", {"body": too_long})
    _refused_page(refused, on_goal, too_long, "Reply must be 2000 characters or fewer")
    assert "Asha Patel" in text_of(refused.text) and "Comment on the plan" in refused.text
    assert _comments(app) == 2, "nothing refused is saved"


def test_no_one_else_replies_in_a_thread(app, tool, launch):
    plan_id, goal_id, on_plan, on_goal = _opened_threads(app, launch)
    ben = launch("ben")
    for thread in (on_plan, on_goal):
        refused = ben.post(f"/conversations/{thread}/replies", {"body": "Sneaky"}, csrf_page="/")
        assert refused.status_code == 404
    dana = launch("dana")  # mentors Ben only
    assert dana.post(f"/conversations/{on_plan}/replies", {"body": "Sneaky"}).status_code == 404
    other = Course(id="other-course-202", title="Another course", label="OTHER202")
    with registered_platform(app, tool, course=other) as elsewhere:
        manager = launch("carys", on=elsewhere)
        assert (
            manager.post(f"/conversations/{on_plan}/replies", {"body": "Sneaky"}).status_code == 404
        )
        learner = launch("asha", on=elsewhere)  # Asha in another course: not her plan there
        refused = learner.post(f"/conversations/{on_plan}/replies", {"body": "x"}, csrf_page="/")
        assert refused.status_code == 404

    asha = launch("asha")
    mine = f"/plan/{plan_id}"
    answered = asha.post(
        f"/conversations/{on_plan}/replies", {"body": "Six huddles"}, csrf_page=mine
    )
    assert answered.status_code == 303
    from lti_tool.extensions import db

    with app.app_context():
        reply_id = db.session.scalar(select(func.max(PlanComment.id)))
    nested = asha.post(f"/conversations/{reply_id}/replies", {"body": "Nested"}, csrf_page=mine)
    assert nested.status_code == 404
    guessed = asha.post(f"/conversations/{reply_id + 1000}/replies", {"body": "x"}, csrf_page=mine)
    assert guessed.status_code == 404
    no_token = asha.launcher.session.post(
        f"{tool.url}/conversations/{on_plan}/replies", data={"body": "Forged"}
    )
    assert no_token.status_code == 400
    stranger = browser()
    visitor = stranger.post(f"{tool.url}/conversations/{on_plan}/replies", data={"body": "x"})
    assert visitor.status_code == 401
    assert _comments(app) == 3
    page = text_of(launch("carys").get(f"/team/members/{user_id(app, ASHA)}").text)
    assert "Sneaky" not in page and "Forged" not in page and "Nested" not in page


def test_the_learner_sees_the_managers_view_once_shared(app, launch):
    plan_id, _goal_id, _on_plan, _on_goal = _opened_threads(app, launch)
    carys = launch("carys")
    asha_id = user_id(app, ASHA)
    carys.post(f"/team/members/{asha_id}/observations", {"engaging-the-team": "proficient"})
    asha = launch("asha")
    from development_plans.assessments import latest_submitted
    from lti_tool.extensions import db

    with app.app_context():
        assessment_id = latest_submitted(db.session, asha_id, _course_id(app)).id
    results = f"/assessment/{assessment_id}/results"
    assert "Carys Jones's view" not in text_of(asha.get(results).text)

    shared = carys.post(f"/team/members/{asha_id}/share", {"share": "1"})
    member_page = text_of(carys.follow(shared).text)
    assert "Asha Patel now sees your view" in member_page
    assert "Stop sharing my view with Asha Patel" in member_page
    seen = text_of(asha.get(results).text)
    assert in_order(seen, "Your level beside Carys Jones's view", "Engaging The Team", "Proficient")

    taken_back = carys.post(f"/team/members/{asha_id}/share", {"share": "0"})
    assert "Asha Patel no longer sees your view" in text_of(carys.follow(taken_back).text)
    assert "Carys Jones's view" not in text_of(asha.get(results).text)
    learner_try = asha.post(f"/team/members/{asha_id}/share", {"share": "1"}, csrf_page=results)
    assert learner_try.status_code == 403


def _course_id(app) -> int:
    from development_plans.courses import Course as CourseRow
    from lti_tool.extensions import db

    with app.app_context():
        return db.session.scalar(select(CourseRow.id).order_by(CourseRow.id).limit(1))
