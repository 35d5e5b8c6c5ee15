"""Applying the LMS's roster: people added, names filled in and never erased, leavers marked
inactive; and when the roster is due for another fetch."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from support.plan_data import course, person

from development_plans import team
from development_plans.db import utcnow
from development_plans.people import Enrolment, MemberFacts, ToolRole, User


def test_apply_roster_adds_fills_in_and_marks_leavers_inactive(db):
    here = course(db, "c1")
    asha, carys = person(db, "Asha", here), person(db, "Carys", here, "manager")
    asha.email = "asha@example.nhs.uk"
    first = team.apply_roster(
        db,
        here,
        [
            MemberFacts(asha.subject, ToolRole.LEARNER),
            MemberFacts("new-1", ToolRole.LEARNER, given_name="Nia"),
            MemberFacts("new-2", ToolRole.LEARNER, active=False),
            MemberFacts("", ToolRole.LEARNER),
        ],
        keep_user_ids=[carys.id],
    )
    assert (first.listed, first.added, first.left, first.returned) == (3, 2, 0, 0)
    assert asha.email == "asha@example.nhs.uk"  # a list without an email erases nothing
    nia = db.scalar(select(User).where(User.subject == "new-1"))
    assert nia.display_name == "Nia"
    second = team.apply_roster(db, here, [MemberFacts("new-2", ToolRole.LEARNER)])
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
