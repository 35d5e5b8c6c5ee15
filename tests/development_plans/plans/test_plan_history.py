"""Every change to a plan is kept: who, when and what."""

from __future__ import annotations

from sqlalchemy import select
from support.plan_data import draft, smart_goal

from development_plans.plans import (
    PlanEvent,
)


def test_every_change_keeps_who_when_and_what(db, fw, people):
    asha = people["asha"]
    plan = draft(db, fw, asha, people["course"])
    goal = smart_goal(db, plan, fw, asha)
    events = db.scalars(select(PlanEvent).where(PlanEvent.plan_id == plan.id)).all()
    assert [e.action for e in events] == ["plan_drafted", "goal_added"]
    assert all(e.actor_id == asha.id and e.at is not None for e in events)
    assert events[1].goal_id == goal.id and "Lead the weekly huddle" in events[1].summary
