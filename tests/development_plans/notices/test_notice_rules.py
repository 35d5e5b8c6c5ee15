"""The notice rules: every kind is on until switched off (and saving twice is safe), a plan's
reviewers are its course's managers (a mentor only for their mentees), and goals are due a week
ahead or once past, unless finished or in an earlier plan."""

from __future__ import annotations

from datetime import date, timedelta

from support.plan_data import draft, goal_due_in, person

from development_plans.db import utcnow
from development_plans.goals import GoalStatus
from development_plans.notices import (
    DueThreshold,
    NoticeKind,
    goals_due,
    preferences,
    reviewers,
    save_preferences,
    wants,
)
from development_plans.people import Enrolment


def test_every_notice_is_on_until_switched_off(db, people):
    asha, ben = people["asha"], people["ben"]
    assert set(preferences(db, asha.id).values()) == {True}
    save_preferences(db, asha.id, {NoticeKind.GOAL_DUE: False})
    save_preferences(db, asha.id, {NoticeKind.GOAL_DUE: False, NoticeKind.COMMENT_ADDED: True})
    assert not wants(db, asha.id, NoticeKind.GOAL_DUE)
    assert wants(db, asha.id, NoticeKind.COMMENT_ADDED)
    assert wants(db, ben.id, NoticeKind.GOAL_DUE), "one person's choice is theirs alone"
    save_preferences(db, asha.id, {NoticeKind.GOAL_DUE: True})
    assert wants(db, asha.id, NoticeKind.GOAL_DUE)


def test_reviewers_are_the_courses_managers_and_mentors_of_the_learner(db, people, fw):
    here = people["course"]
    plan = draft(db, fw, people["asha"], here)
    mentor = person(db, "Mo", here, "manager")
    mentor_of_ben = person(db, "Mia", here, "manager")
    left = person(db, "Lee", here, "manager")
    for user, mentees in ((mentor, [people["asha"].subject]), (mentor_of_ben, ["someone-else"])):
        enrolment = db.query(Enrolment).filter_by(user_id=user.id).one()
        enrolment.mentees_only, enrolment.mentee_subjects = True, mentees
    db.query(Enrolment).filter_by(user_id=left.id).one().active = False
    db.flush()
    assert [u.name for u in reviewers(db, plan)] == ["Carys", "Mo"]
    assert "Dev" not in [u.name for u in reviewers(db, plan)], "another course's manager"


def test_goals_are_due_a_week_ahead_or_once_past_unless_finished(db, people, fw):
    asha = people["asha"]
    plan = draft(db, fw, asha, people["course"])
    soon, past, later, done = (goal_due_in(db, plan, asha, fw, days) for days in (7, 1, 30, 2))
    done.status = GoalStatus.ACHIEVED.value
    today = date.today()
    past.target_date = today - timedelta(days=1)
    db.flush()
    due = {d.goal.id: d.threshold for d in goals_due(db, today)}
    assert due == {soon.id: DueThreshold.WEEK_AWAY, past.id: DueThreshold.PAST}
    plan.closed_at = utcnow()
    db.flush()
    assert goals_due(db, today) == [], "an earlier version of the plan is not followed up"
