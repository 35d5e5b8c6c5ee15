"""A goal's status: dropping needs a reason, achieving a reflection, and progress makes an
approved plan active."""

from __future__ import annotations

from datetime import date

import pytest
from support.plan_data import goal_due_in

from development_plans import goals
from development_plans.goals import (
    GoalStatus,
)
from development_plans.plans import (
    InvalidChange,
    NotAllowed,
    PlanStatus,
    approve,
    submit_for_review,
)


def test_status_rules_and_approved_plans_become_active_with_progress(db, plan_and_people):
    plan, asha, carys, fw = plan_and_people
    goal = goal_due_in(db, plan, asha, fw)
    with pytest.raises(InvalidChange):
        goals.change_status(db, goal, GoalStatus.ACHIEVED, asha)
    with pytest.raises(InvalidChange):
        goals.change_status(db, goal, GoalStatus.DROPPED, asha, reason=" ")
    with pytest.raises(NotAllowed):
        goals.change_status(db, goal, GoalStatus.IN_PROGRESS, carys)
    submit_for_review(db, plan, asha)
    approve(db, plan, carys, "")
    goals.record_progress(
        db, goal, asha, note="First huddle", occurred_on=date.today(), today=date.today()
    )
    assert goal.status == GoalStatus.IN_PROGRESS and plan.status == PlanStatus.ACTIVE
    goals.change_status(db, goal, GoalStatus.ACHIEVED, asha, reflection="It stuck")
    assert goal.achieved_at is not None and goal.reflection == "It stuck"
    goals.change_status(db, goal, GoalStatus.IN_PROGRESS, asha)
    assert goal.achieved_at is None
