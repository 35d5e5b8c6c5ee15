"""The team domain without HTTP: who is on a team, applying a roster, dashboard rows, filters,
sorting, paging, the summary threshold, the CSV writer, comments and the manager's own view."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select
from support.plan_data import course, hlm, person

from development_plans import team
from development_plans.models import Enrolment, ToolRole, User, utcnow
from development_plans.plans import InvalidChange, NotAllowed
from development_plans.team import (
    DashboardQuery,
    MemberRow,
    MemberStatus,
    RosterMember,
    csv_safe,
)


@pytest.fixture
def db(app):
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def fw():
    return hlm()


def row(n: int, **changes) -> MemberRow:
    values = {
        "user_id": n,
        "name": f"Member {n}",
        "email": None,
        "launched": True,
        "active": True,
        "status": MemberStatus.NOT_STARTED,
    }
    return MemberRow(**{**values, **changes})


def test_team_is_the_course_learners_or_only_a_mentors_mentees(db):
    here, there = course(db, "c1"), course(db, "c2")
    asha, ben = person(db, "Asha", here), person(db, "Ben", here)
    person(db, "Olu", there)
    carys = person(db, "Carys", here, "manager")
    enrolment = db.scalar(select(Enrolment).where(Enrolment.user_id == carys.id))
    whole = team.team_of(enrolment, mentor_only=False)
    assert {team.team_member(db, whole, u.id) for u in (asha, ben)} == {asha, ben}
    assert team.team_member(db, whole, carys.id) is None
    enrolment.mentee_subjects = [ben.subject]
    mentor = team.team_of(enrolment, mentor_only=True)
    assert team.team_member(db, mentor, asha.id) is None
    assert team.team_member(db, mentor, ben.id) == ben
    enrolment.mentee_subjects = []
    assert team.team_member(db, team.team_of(enrolment, mentor_only=True), ben.id) is None
    assert team.team_counts(db, whole) == (2, 0)


def test_apply_roster_adds_fills_in_and_marks_leavers_inactive(db):
    here = course(db, "c1")
    asha, carys = person(db, "Asha", here), person(db, "Carys", here, "manager")
    asha.email = "asha@example.nhs.uk"
    first = team.apply_roster(
        db,
        here,
        [
            RosterMember(asha.subject, ToolRole.LEARNER),
            RosterMember("new-1", ToolRole.LEARNER, given_name="Nia"),
            RosterMember("new-2", ToolRole.LEARNER, active=False),
            RosterMember("", ToolRole.LEARNER),
        ],
        keep_user_ids=[carys.id],
    )
    assert (first.listed, first.added, first.left, first.returned) == (3, 2, 0, 0)
    assert asha.email == "asha@example.nhs.uk"  # a list without an email erases nothing
    nia = db.scalar(select(User).where(User.subject == "new-1"))
    assert nia.display_name == "Nia"
    second = team.apply_roster(db, here, [RosterMember("new-2", ToolRole.LEARNER)])
    assert (second.added, second.left, second.returned) == (0, 3, 1)
    active = dict(db.execute(select(Enrolment.user_id, Enrolment.active)).all())
    assert active[asha.id] is False and active[nia.id] is False and active[carys.id] is False
    assert db.get(team.RosterSync, here.id).members_listed == 1


def test_sync_is_due_after_the_interval_or_when_never_tried(db):
    here = course(db, "c1")
    assert team.due_for_sync(db, here.id, 300)
    team.record_sync_failure(db, here.id, "LMS down")
    assert not team.due_for_sync(db, here.id, 300)
    assert team.due_for_sync(db, here.id, 300, now=utcnow() + timedelta(seconds=301))


def test_filters_sorts_and_pages(fw):
    dimension = fw.dimensions[0].id
    rows = [
        row(1, name="Cara", status=MemberStatus.SUBMITTED, levels={dimension: "strong"}),
        row(2, name="abe", status=MemberStatus.APPROVED, levels={dimension: "essential"}),
        row(3, name="Bo", active=False),
        row(4, name="Dee", goals_overdue=2),
    ]
    names = lambda q: [r.name for r in team.filter_and_sort(rows, q, fw)]  # noqa: E731
    assert names(DashboardQuery()) == ["abe", "Cara", "Dee"]
    assert names(DashboardQuery(include_left=True, descending=True)) == ["Dee", "Cara", "Bo", "abe"]
    assert names(DashboardQuery(status=MemberStatus.SUBMITTED)) == ["Cara"]
    assert names(DashboardQuery(dimension_id=dimension, level_id="essential")) == ["abe"]
    assert names(DashboardQuery(sort=dimension, descending=True)) == ["Cara", "abe", "Dee"]
    assert names(DashboardQuery(sort="overdue", descending=True))[0] == "Dee"
    assert names(DashboardQuery(sort="activity")) == ["abe", "Cara", "Dee"]  # no activity: last
    page = team.paginate(list(range(5)), 9, 2)
    assert (page.rows, page.number, page.pages, page.total) == ([4], 3, 3, 5)


def test_summary_is_withheld_below_the_minimum_group(fw):
    dimension = fw.dimensions[0]
    assessed = [row(n, levels={dimension.id: "essential"}) for n in range(4)]
    assert not team.team_summary(assessed, fw).shown
    assert not team.team_summary([*assessed, row(9, active=False, levels={"x": "y"})], fw).shown
    summary = team.team_summary([*assessed, row(5, levels={dimension.id: "strong"})], fw)
    assert summary.shown and summary.submitted == 5
    counts = {c.level.id: c.count for c in summary.dimensions[0][1]}
    assert counts["essential"] == 4 and counts["strong"] == 1 and counts["insufficient"] == 0
    assert team.team_summary(assessed, fw, min_group=3).shown


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Asha", "Asha"),
        (None, ""),
        (3, "3"),
    ],
)
def test_csv_cells_never_start_a_formula(value, safe):
    assert csv_safe(value) == safe


def test_dashboard_csv_has_a_header_and_safe_cells(fw):
    text = team.dashboard_csv([row(1, name="=cmd|' /C calc'!A0", email="+x@y")], fw)
    header, line = list(csv.reader(io.StringIO(text)))
    assert header[:3] == ["Name", "Email", "Status"] and len(header) == 9 + len(fw.dimensions)
    assert line[0].startswith("'=") and line[1] == "'+x@y" and line[2] == "Not started"


def test_comments_need_a_reviewer_and_text(db):
    from support.plan_data import results

    from development_plans.plans import draft_plan

    here = course(db, "c1")
    asha, ben = person(db, "Asha", here), person(db, "Ben", here)
    carys = person(db, "Carys", here, "manager")
    plan = draft_plan(
        db, user=asha, course_id=here.id, placement_id=None, framework=hlm(), results=results(hlm())
    )
    with pytest.raises(NotAllowed):
        team.add_comment(db, plan, ben, "Nice")
    with pytest.raises(InvalidChange):
        team.add_comment(db, plan, carys, "   ")
    with pytest.raises(InvalidChange):
        team.add_comment(db, plan, carys, "x" * (team.COMMENT_MAX + 1))
    team.add_comment(db, plan, carys, "Good start")
    assert [c.body for c in team.comments_for(db, plan.id)] == ["Good start"]


def test_observations_are_per_observer_and_validated(db, fw):
    here = course(db, "c1")
    asha, carys = person(db, "Asha", here), person(db, "Carys", here, "manager")
    enrolment = db.scalar(select(Enrolment).where(Enrolment.user_id == carys.id))
    mine = team.team_of(enrolment, mentor_only=False)
    dimension = fw.dimensions[0].id
    with pytest.raises(InvalidChange):
        team.record_observation(db, mine, asha, carys, fw, {dimension: "nope"})
    with pytest.raises(NotAllowed):
        team.record_observation(db, mine, carys, asha, fw, {dimension: "strong"})
    assert team.record_observation(db, mine, asha, carys, fw, {dimension: "strong"}) == 1
    assert team.record_observation(db, mine, asha, carys, fw, {dimension: "strong"}) == 0
    views = team.observations_for(db, here.id, asha.id, fw.id)
    assert [(v.level_id, v.observer.name) for v in views[dimension]] == [("strong", "Carys")]
