"""What the dashboard shows a manager first: plans waiting for review (longest first, overdue
after the course's days), members with overdue goals (most first), both counted in full while
listing a few, in two statements for 10 members as for 1,000; the columns each manager keeps;
and a view shared with the member and taken back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from support.plan_data import course, person
from support.queries import QueryCounter
from support.team_data import add_assessment, add_bulk_members, add_plan

from development_plans import team
from development_plans.db import utcnow
from development_plans.people import Enrolment
from development_plans.plans import NotAllowed, Plan

NOW = utcnow()
TODAY = NOW.date()


def _submitted(db, who, here, fw, days_ago: int, goals=()):
    assessed = add_assessment(db, who, here, fw, levels={fw.dimensions[0].id: "essential"})
    plan = add_plan(db, who, here, fw, "submitted", assessment=assessed, goals=goals)
    plan.submitted_at = NOW - timedelta(days=days_ago)
    db.flush()
    return plan


def test_waiting_plans_and_overdue_goals_come_first(db, fw):
    here, there = course(db, "c1"), course(db, "c2")
    carys = person(db, "Carys", here, "manager")
    mine = team.Team(here.id, carys.id)
    abe, bo, cy, di = (person(db, n, here) for n in ("Abe", "Bo", "Cy", "Di"))
    elsewhere = person(db, "Eve", there)
    _submitted(db, abe, here, fw, days_ago=2)
    late = [("in_progress", TODAY - timedelta(days=1)), ("not_started", TODAY - timedelta(days=5))]
    _submitted(db, bo, here, fw, days_ago=9, goals=late)
    _submitted(db, di, here, fw, days_ago=30)
    db.execute(update(Enrolment).where(Enrolment.user_id == di.id).values(active=False))
    _submitted(db, elsewhere, there, fw, days_ago=20)
    add_plan(db, cy, here, fw, "approved", goals=[("in_progress", TODAY - timedelta(days=3))])

    seen = team.needs_attention(db, mine, fw, NOW, review_days=7)
    assert [(p.name, p.overdue) for p in seen.waiting] == [("Bo", True), ("Abe", False)]
    assert (seen.waiting_total, seen.reviews_overdue, seen.review_days) == (2, 1, 7)
    assert [(m.name, m.goals_overdue) for m in seen.overdue] == [("Bo", 2), ("Cy", 1)]
    assert (seen.overdue_members, seen.goals_overdue) == (2, 3)

    first = team.needs_attention(db, mine, fw, NOW, review_days=1, limit=1)
    assert [p.name for p in first.waiting] == ["Bo"] and first.waiting_total == 2
    assert first.reviews_overdue == 2
    assert [m.name for m in first.overdue] == ["Bo"] and first.overdue_members == 2

    db.execute(update(Plan).where(Plan.user_id == abe.id).values(status="approved"))
    assert [p.name for p in team.needs_attention(db, mine, fw, NOW).waiting] == ["Bo"]
    nobody = team.needs_attention(db, team.Team(there.id, carys.id), fw, NOW)
    assert nobody.waiting_total == 1 and nobody.overdue == []


def test_the_first_section_runs_two_statements_for_10_and_1000_members(db, fw):
    here = course(db, "bulk")
    carys = person(db, "Carys", here, "manager")
    db.commit()
    mine = team.Team(here.id, carys.id)
    counter = QueryCounter(db.get_bind())
    counts = []
    for first, count in ((0, 10), (10, 990)):
        add_bulk_members(db, here, fw, count, first=first)
        db.execute(  # the bulk plans are approved or active: send every other one for review
            update(Plan)
            .where(Plan.course_id == here.id, Plan.id % 2 == 0)
            .values(status="submitted", submitted_at=NOW - timedelta(days=first + 3))
        )
        db.commit()
        with counter:
            seen = team.needs_attention(db, mine, fw, NOW)
        counts.append(counter.count)
        assert seen.waiting_total > 0 and seen.overdue_members > 0
    assert counts == [2, 2], counts
    assert seen.waiting_total == sum(
        1
        for active, status in db.execute(
            select(Enrolment.active, Plan.status).join(Plan, Plan.user_id == Enrolment.user_id)
        )
        if active and status == "submitted"
    )


def test_columns_are_compact_until_the_manager_chooses(db, fw):
    here = course(db, "c1")
    carys, dev = person(db, "Carys", here, "manager"), person(db, "Dev", here, "manager")
    mine, devs = team.Team(here.id, carys.id), team.Team(here.id, dev.id)
    assert team.shown_columns(db, mine, fw) == team.COMPACT
    dimension = fw.dimensions[1].id
    chosen = team.choose_columns(db, mine, fw, ["activity", dimension, "nonsense", "status"])
    assert chosen == ("status", dimension, "activity")
    assert team.shown_columns(db, mine, fw) == chosen
    assert team.shown_columns(db, devs, fw) == team.COMPACT
    assert team.choose_columns(db, mine, fw, []) == ()
    assert team.shown_columns(db, mine, fw) == ()
    assert list(team.column_labels(fw))[:2] == ["status", fw.dimensions[0].id]


def test_a_view_is_shared_with_the_member_and_taken_back(db, fw):
    here = course(db, "c1")
    asha, ben = person(db, "Asha", here), person(db, "Ben", here)
    carys, dev = person(db, "Carys", here, "manager"), person(db, "Dev", here, "manager")
    mine = team.Team(here.id, carys.id)
    dimension = fw.dimensions[0].id
    team.record_observation(db, mine, asha, carys, fw, {dimension: "strong"})
    team.record_observation(db, team.Team(here.id, dev.id), asha, dev, fw, {dimension: "essential"})
    assert team.shared_views(db, here.id, asha.id, fw.id) == []
    with pytest.raises(NotAllowed):
        team.share_view(db, mine, asha, dev)  # Dev's team object is not Carys's
    team.share_view(db, mine, asha, carys)
    team.share_view(db, mine, asha, carys)  # twice is once
    [view] = team.shared_views(db, here.id, asha.id, fw.id)
    assert (view.observer.name, view.levels) == ("Carys", {dimension: "strong"})
    assert team.is_shared(db, here.id, asha.id, carys.id)
    assert team.shared_views(db, here.id, ben.id, fw.id) == []
    team.unshare_view(db, mine, asha, carys)
    assert team.shared_views(db, here.id, asha.id, fw.id) == []
    assert not team.is_shared(db, here.id, asha.id, carys.id)
