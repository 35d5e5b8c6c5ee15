"""The roster from the demo platform over real HTTP (paged, members without names or emails,
members who left), syncing at most every few minutes unless asked, and a dashboard that runs the
same number of SQL statements for 10 members as for 1,000, whatever it filters, sorts and pages."""

from __future__ import annotations

import re

from sqlalchemy import select
from support.plan_data import hlm
from support.team_data import ASHA, add_bulk_members, submitted_plan, text_of

from development_plans.courses import Course
from development_plans.people import Enrolment, User
from development_plans.team import RosterSync

CARYS = {
    "user_id": "demo-manager-carys",
    "roles": ["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"],
}


def enrolments(app) -> dict[str, tuple[bool, bool, str | None, str | None, str]]:
    """subject → (active, launched, name, email, tool role) for the course."""
    from lti_tool.extensions import db

    with app.app_context():
        rows = db.session.execute(
            select(User.subject, Enrolment.active, Enrolment.launched, User.name, User.email)
            .add_columns(Enrolment.tool_role)
            .join(Enrolment, Enrolment.user_id == User.id)
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def test_roster_sync_follows_pages_and_keeps_people_who_left(app, launch, platform):
    launch("asha")
    submitted_plan(app, ASHA)
    carys = launch("carys")
    carys.get("/team/")  # the first sync, with the platform's default roster
    roster = [
        CARYS,
        *({"user_id": f"anon-{n}"} for n in range(6)),
        {"user_id": "named", "given_name": "Nia", "family_name": "Shah", "email": "nia@x.uk"},
        {"user_id": "paused", "name": "Paul Paused", "status": "Inactive"},
        {"user_id": "ta", "name": "Tam", "roles": ["TeachingAssistant"]},
    ]
    platform.control(membership_page_size=3, set_members=roster)
    before = platform.state_snapshot()["calls"].get("memberships", 0)
    synced = carys.follow(carys.post("/team/roster/sync"))
    assert "Roster updated: 10 people listed, 9 new, 3 no longer active" in text_of(synced.text)
    assert platform.state_snapshot()["calls"]["memberships"] - before == 4  # 10 members, 3 a page

    people = enrolments(app)
    assert people["anon-0"] == (True, False, None, None, "learner")
    assert people["named"][:4] == (True, False, None, "nia@x.uk")
    assert people["paused"][0] is False
    assert people["ta"][4] == "manager"
    assert people[ASHA][:2] == (False, True)  # left the course: inactive, data kept
    assert people["demo-learner-ben"][0] is False
    assert people["demo-manager-carys"][0] is True

    page = text_of(carys.get("/team/").text)
    assert "Nia Shah" in page and "Asha Patel" not in page
    assert re.search(r"Person [0-9A-F]{4}-[0-9A-F]{4}", page) and "anon-0" not in page  # no sub
    assert "3 people have left the course; their data is kept" in page
    assert "Tam" not in page  # teaching assistants manage; they are not team members
    with_left = text_of(carys.get("/team/?left=1").text)
    assert "Asha Patel" in with_left and "Submitted for review" in with_left

    platform.control(members=[{"user_id": ASHA}])
    back = carys.follow(carys.post("/team/roster/sync"))
    assert "Asha Patel" in text_of(back.text)


def test_dashboard_syncs_at_most_every_few_minutes_and_survives_failures(app, launch, platform):
    carys = launch("carys")
    calls = lambda: platform.state_snapshot()["calls"].get("memberships", 0)  # noqa: E731
    carys.get("/team/")
    first = calls()
    assert first >= 1
    carys.get("/team/")
    assert calls() == first  # opened again within the interval: no fetch
    platform.control(fail={"endpoint": "memberships", "statuses": [503]})
    failed = carys.follow(carys.post("/team/roster/sync"))
    assert "The LMS roster could not be fetched" in text_of(failed.text)
    assert "Asha Patel" in text_of(failed.text)  # the team as last known
    from lti_tool.extensions import db

    with app.app_context():
        sync = db.session.scalars(select(RosterSync)).one()
        assert sync.error and sync.synced_at is not None


def test_the_dashboard_runs_the_same_queries_for_10_and_1000_members(app, launch, queries):
    carys = launch("carys")
    assert carys.get("/team/").status_code == 200  # first open syncs the roster
    from lti_tool.extensions import db

    framework = hlm()
    with app.app_context():
        course = db.session.scalars(select(Course)).one()
        add_bulk_members(db.session, course, framework, 10)
    with queries:
        small = carys.get("/team/?sort=activity&order=desc")
    assert "12 members" in text_of(small.text)  # 10 + Asha and Ben from the roster
    few = queries.count
    with app.app_context():
        course = db.session.scalars(select(Course)).one()
        add_bulk_members(db.session, course, framework, 990, first=10)
    with queries:
        large = carys.get("/team/?sort=activity&order=desc")
    assert "982 members, page 1 of 20" in text_of(large.text)  # 20 of them have left
    assert queries.count == few, (few, queries.count)
    with queries:
        assert carys.get("/team/export.csv?left=1").text.count("\n") == 1002 + 1
    assert queries.count <= few


FILTERED_PAGES = [
    "/team/?status=approved&sort=goals",
    "/team/?status=assessing&left=1&sort=status&order=desc&page=2",
    "/team/?dimension=engaging-the-team&level=insufficient&sort=leading-with-care",
    "/team/?dimension=engaging-the-team&level=essential&sort=activity&order=desc&page=99",
    "/team/?sort=overdue&order=desc&page=3",
    "/team/export.csv?status=plan_draft&sort=name&order=desc",
]


def test_filtered_sorted_and_paged_dashboards_run_the_same_queries_at_any_size(
    app, launch, queries
):
    carys = launch("carys")
    assert carys.get("/team/").status_code == 200
    from lti_tool.extensions import db

    framework = hlm()
    counts = {}
    for first, count in ((0, 10), (10, 990)):
        with app.app_context():
            course = db.session.scalars(select(Course)).one()
            add_bulk_members(db.session, course, framework, count, first=first)
        for path in FILTERED_PAGES:
            with queries:
                response = carys.get(path)
            assert response.status_code == 200, (path, response.text[:2000])
            counts.setdefault(path, []).append(queries.count)
    assert all(small == large for small, large in counts.values()), counts
