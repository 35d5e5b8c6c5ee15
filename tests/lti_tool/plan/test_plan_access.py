"""No plan, goal or export is reachable by id by another learner, a manager of another course or
an unauthenticated visitor; managers of the course read but never change a learner's plan; and
each page runs the same number of queries however many goals a plan has."""

from __future__ import annotations

import re

import pytest
from support.lti import browser, registered_platform
from support.plan_data import submit_assessment
from support.plan_pages import add_goal, start_plan, text_of

from demo_lms.config import Course

ASHA = "demo-learner-asha"


@pytest.fixture
def asha_plan(app, asha):
    """Asha's plan with one goal and one action: (plan id, goal id, item id, action id)."""
    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)
    _, saved = add_goal(asha, page)
    goal_id = int(saved.headers["Location"].rsplit("/", 1)[1])
    goal_page = asha.get(f"/plan/goals/{goal_id}").text
    asha.post(f"/plan/goals/{goal_id}/actions", {"text": "Book a room"}, page=goal_page)
    action_id = int(
        re.search(
            rf"/plan/goals/{goal_id}/actions/(\d+)", asha.get(f"/plan/goals/{goal_id}").text
        ).group(1)
    )
    item_id = int(re.search(rf"/plan/{plan_id}/items/(\d+)/goals/new", page).group(1))
    return plan_id, goal_id, item_id, action_id


def reads(plan_id: int, goal_id: int) -> list[str]:
    return [
        f"/plan/{plan_id}",
        f"/plan/{plan_id}/history",
        f"/plan/{plan_id}/pdf",
        f"/plan/goals/{goal_id}",
    ]


def writes(plan_id: int, goal_id: int, item_id: int, action_id: int) -> list[tuple[str, str]]:
    return [
        ("GET", f"/plan/{plan_id}/targets"),
        ("POST", f"/plan/{plan_id}/targets"),
        ("GET", f"/plan/{plan_id}/items/{item_id}/goals/new"),
        ("POST", f"/plan/{plan_id}/items/{item_id}/goals/new"),
        ("POST", f"/plan/{plan_id}/items/{item_id}/include"),
        ("POST", f"/plan/{plan_id}/items/{item_id}/remove"),
        ("POST", f"/plan/{plan_id}/submit"),
        ("POST", f"/plan/{plan_id}/activate"),
        ("GET", f"/plan/goals/{goal_id}/edit"),
        ("POST", f"/plan/goals/{goal_id}/edit"),
        ("POST", f"/plan/goals/{goal_id}/actions"),
        ("POST", f"/plan/goals/{goal_id}/actions/{action_id}"),
        ("GET", f"/plan/goals/{goal_id}/progress"),
        ("POST", f"/plan/goals/{goal_id}/progress"),
        ("GET", f"/plan/goals/{goal_id}/status"),
        ("POST", f"/plan/goals/{goal_id}/status"),
    ]


def call(who, method: str, path: str):
    if method == "GET":
        return who.get(path, allow_redirects=False)
    return who.post(path, {"status": "dropped", "reason": "x", "text": "x", "done": "1"})


def test_another_learner_reaches_nothing_by_id(app, asha_plan, launch):
    ben = launch("ben")
    submit_assessment(app, "demo-learner-ben", {})
    plan_id, goal_id, item_id, action_id = asha_plan
    for path in reads(plan_id, goal_id):
        assert ben.get(path, allow_redirects=False).status_code == 404, path
    for method, path in writes(plan_id, goal_id, item_id, action_id):
        assert call(ben, method, path).status_code == 404, (method, path)
    export = ben.get("/plan/export.json")
    assert export.status_code == 200 and ASHA not in export.text


def test_a_manager_of_another_course_reaches_nothing(app, tool, asha_plan, launch):
    plan_id, goal_id, item_id, action_id = asha_plan
    other = Course(id="other-course-202", title="Another course", label="OTHER202")
    with registered_platform(app, tool, course=other) as elsewhere:
        manager = launch("carys", on=elsewhere)
        assert "Another course" in manager.get("/").text
        for path in reads(plan_id, goal_id):
            assert manager.get(path, allow_redirects=False).status_code == 404, path
        for method, path in writes(plan_id, goal_id, item_id, action_id):
            assert call(manager, method, path).status_code == 404, (method, path)
        assert ASHA not in manager.get("/plan/export.json").text


def test_the_course_manager_reads_but_cannot_change(asha_plan, launch):
    carys = launch("carys")
    plan_id, goal_id, item_id, action_id = asha_plan
    for path in reads(plan_id, goal_id):
        assert carys.get(path, allow_redirects=False).status_code == 200, path
    page = carys.get(f"/plan/{plan_id}").text
    assert "Development plan of Asha" in text_of(page)
    assert "Submit plan for review" not in page and "Add a goal" not in page
    for method, path in writes(plan_id, goal_id, item_id, action_id):
        assert call(carys, method, path).status_code == 403, (method, path)


def test_unauthenticated_visitors_get_401(asha_plan, tool):
    plan_id, goal_id, item_id, action_id = asha_plan
    stranger = browser()
    paths = [*reads(plan_id, goal_id), "/plan/", "/plan/export.json", "/plan/course/targets"]
    for path in paths:
        assert stranger.get(tool.url + path, allow_redirects=False).status_code == 401, path
    for method, path in writes(plan_id, goal_id, item_id, action_id):
        response = stranger.request(method, tool.url + path, allow_redirects=False)
        assert response.status_code in (400, 401), path  # POSTs fail CSRF first


def _page_queries(asha, queries, plan_id: int, goal_id: int) -> dict[str, int]:
    counts = {}
    for name, path in {
        "plan": f"/plan/{plan_id}",
        "goal": f"/plan/goals/{goal_id}",
        "history": f"/plan/{plan_id}/history",
        "pdf": f"/plan/{plan_id}/pdf",
        "home": "/",
        "export": "/plan/export.json",
    }.items():
        with queries:
            assert asha.get(path).status_code == 200
        counts[name] = queries.count
    return counts


def test_query_counts_do_not_grow_with_goals(app, asha, queries):
    submit_assessment(app, ASHA, {})
    plan_id, page = start_plan(asha)

    def goal_with_actions(n: int) -> int:
        _, saved = add_goal(asha, page, specific=f"Goal number {n} for the weekly huddle")
        goal_id = int(saved.headers["Location"].rsplit("/", 1)[1])
        for text in ("Book a room", "Invite the team"):
            asha.post(f"/plan/goals/{goal_id}/actions", {"text": text}, page=page)
        return goal_id

    first = goal_with_actions(0)
    one = _page_queries(asha, queries, plan_id, first)
    for n in range(1, 5):
        goal_with_actions(n)
    five = _page_queries(asha, queries, plan_id, first)
    print("queries per page:", five)
    assert one == five
