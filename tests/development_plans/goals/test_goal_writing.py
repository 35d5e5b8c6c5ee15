"""Changing a goal: every changed field is recorded, and the SMART rules still hold."""

from __future__ import annotations

from datetime import date

import pytest
from support.plan_data import goal_due_in
from support.plan_data import smart_input as smart

from development_plans import goals
from development_plans.plans import (
    InvalidChange,
)


def test_goal_changes_are_recorded_field_by_field(db, plan_and_people):
    plan, asha, _, fw = plan_and_people
    goal = goal_due_in(db, plan, asha, fw)
    today = date.today()
    changed = goals.update_goal(
        db,
        goal,
        smart(
            specific="Lead the weekly huddle with a new format",
            behaviour_ids=goal.behaviour_ids,
            target_date=goal.target_date,
        ),
        asha,
        fw,
        resource_keys=set(),
        today=today,
    )
    assert changed == ["specific"]
    with pytest.raises(InvalidChange) as refused:
        goals.update_goal(
            db, goal, smart(behaviour_ids=[]), asha, fw, resource_keys=set(), today=today
        )
    assert "behaviour_ids" in refused.value.problems
