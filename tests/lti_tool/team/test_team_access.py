"""Every team route refuses a learner (403), a manager of another course, a mentor of someone
else and a guessed id (404), and an unauthenticated visitor (401), and shows none of them a
learner's name, plan or comments."""

from __future__ import annotations

import pytest
from support.lti import browser, registered_platform
from support.team_data import ASHA, submitted_plan, user_id

from demo_lms.config import Course


@pytest.fixture
def asha_plan(app, launch):
    launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA)
    return user_id(app, ASHA), plan_id, goal_id


def member_routes(asha_id: int, plan_id: int, goal_id: int) -> list[tuple[str, str, dict]]:
    """Routes that name one learner (or their plan): reachable only by their managers."""
    return [
        ("GET", f"/team/members/{asha_id}", {}),
        ("GET", f"/team/members/{asha_id}/observations", {}),
        ("POST", f"/team/members/{asha_id}/observations", {"engaging-the-team": "strong"}),
        ("POST", f"/team/plans/{plan_id}/comments", {"body": "Sneaky"}),
        ("POST", f"/team/plans/{plan_id}/comments", {"body": "Sneaky", "goal_id": goal_id}),
        ("POST", f"/team/plans/{plan_id}/review", {"decision": "approve"}),
        ("POST", f"/team/members/{asha_id}/share", {"share": "1"}),
    ]


COURSE_ROUTES = [
    ("GET", "/team/", {}),
    ("GET", "/team/export.csv", {}),
    ("POST", "/team/roster/sync", {}),
    ("POST", "/team/columns", {"column": "status"}),
]


def call(who, method: str, path: str, data: dict, csrf_page: str = "/"):
    if method == "GET":
        return who.get(path, allow_redirects=False)
    return who.post(path, data, csrf_page=csrf_page)


def assert_untouched(app, plan_id: int) -> None:
    from development_plans.conversations import PlanComment
    from development_plans.plans import Plan
    from development_plans.team import ManagerObservation, ObservationShare
    from lti_tool.extensions import db

    with app.app_context():
        assert db.session.get(Plan, plan_id).status == "submitted"
        assert db.session.query(PlanComment).count() == 0
        assert db.session.query(ManagerObservation).count() == 0
        assert db.session.query(ObservationShare).count() == 0


def test_learners_get_403_everywhere(app, asha_plan, launch):
    asha_id, plan_id, goal_id = asha_plan
    for who in (launch("ben"), launch("asha")):
        for method, path, data in COURSE_ROUTES + member_routes(asha_id, plan_id, goal_id):
            response = call(who, method, path, data, csrf_page=f"/plan/{plan_id}")
            assert response.status_code == 403, (method, path)
            assert "Sneaky" not in response.text and "weekly huddle" not in response.text
    assert_untouched(app, plan_id)


def test_a_manager_of_another_course_reaches_no_one(app, tool, asha_plan, launch):
    asha_id, plan_id, goal_id = asha_plan
    other = Course(id="other-course-202", title="Another course", label="OTHER202")
    with registered_platform(app, tool, course=other) as elsewhere:
        manager = launch("carys", on=elsewhere)
        # That course's own roster has people of the same names: they are other users.
        dashboard = manager.get("/team/")
        assert dashboard.status_code == 200
        assert f"/team/members/{asha_id}" not in dashboard.text
        assert "Submitted for review</strong>" not in dashboard.text
        assert "Submitted for review" not in manager.get("/team/export.csv").text
        for method, path, data in member_routes(asha_id, plan_id, goal_id):
            response = call(manager, method, path, data, csrf_page="/team/")
            assert response.status_code == 404, (method, path)
            assert "Asha" not in response.text and "weekly huddle" not in response.text
    assert_untouched(app, plan_id)


def test_a_mentor_of_someone_else_reaches_only_their_mentee(app, asha_plan, launch):
    asha_id, plan_id, goal_id = asha_plan
    dana = launch("dana")  # mentors Ben only
    assert "Asha" not in dana.get("/team/").text
    assert "Asha" not in dana.get("/team/export.csv").text
    for method, path, data in member_routes(asha_id, plan_id, goal_id):
        response = call(dana, method, path, data, csrf_page="/team/")
        assert response.status_code == 404, (method, path)
        assert "Asha" not in response.text
    assert_untouched(app, plan_id)


def test_guessed_ids_leak_nothing(app, asha_plan, launch):
    asha_id, plan_id, goal_id = asha_plan
    carys = launch("carys")
    carys_id = user_id(app, "demo-manager-carys")
    missing = [
        ("GET", f"/team/members/{asha_id + 1000}", {}),
        ("GET", f"/team/members/{carys_id}", {}),  # a manager is not a team member
        ("GET", f"/team/members/{carys_id}/observations", {}),
        ("POST", f"/team/plans/{plan_id + 1000}/comments", {"body": "x"}),
        ("POST", f"/team/plans/{plan_id}/comments", {"body": "x", "goal_id": goal_id + 1000}),
        ("POST", f"/team/plans/{plan_id + 1000}/review", {"decision": "approve"}),
        ("POST", f"/team/members/{asha_id + 1000}/share", {"share": "1"}),
        ("POST", f"/team/members/{carys_id}/share", {"share": "1"}),
    ]
    for method, path, data in missing:
        response = call(carys, method, path, data, csrf_page="/team/")
        assert response.status_code == 404, (method, path)
    assert_untouched(app, plan_id)


def test_unauthenticated_visitors_get_401(app, tool, asha_plan):
    asha_id, plan_id, goal_id = asha_plan
    stranger = browser()
    for method, path, data in COURSE_ROUTES + member_routes(asha_id, plan_id, goal_id):
        response = stranger.request(method, tool.url + path, data=data, allow_redirects=False)
        assert response.status_code == 401, (method, path)
        assert "Asha" not in response.text
    assert_untouched(app, plan_id)
