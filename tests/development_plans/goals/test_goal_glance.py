"""The plan at a glance: goals by status, due next and overdue."""

from __future__ import annotations

from datetime import date, timedelta

from support.plan_data import goal_due_in

from development_plans import goals
from development_plans.goals import (
    GoalStatus,
)


def test_plan_at_a_glance_counts_due_next_and_overdue(db, plan_and_people):
    plan, asha, _, fw = plan_and_people
    late = goal_due_in(db, plan, asha, fw)
    soon = goal_due_in(db, plan, asha, fw, days=10)
    later = goal_due_in(db, plan, asha, fw, days=60)
    done = goal_due_in(db, plan, asha, fw, days=5)
    goals.change_status(db, done, GoalStatus.ACHIEVED, asha, reflection="Done")
    late.target_date = date.today() - timedelta(days=1)
    glance = goals.plan_at_a_glance(plan, date.today())
    assert glance.counts[GoalStatus.NOT_STARTED] == 3
    assert glance.counts[GoalStatus.ACHIEVED] == 1
    assert glance.total == 4
    assert glance.overdue == [late]
    assert glance.due_next == [soon, later]
    assert late.overdue(date.today()) and not done.overdue(date.today() + timedelta(days=99))
    db.flush()
    again = goals.glance_for(db, asha.id, plan.course_id, date.today())
    assert again is not None and again.plan.id == plan.id
