"""The history of a plan: a row for every change to it or its goals, and reading it back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from development_plans.people import User
from development_plans.plans.models import Plan, PlanEvent

if TYPE_CHECKING:
    from development_plans.goals.models import Goal


def record_event(
    session: Session,
    plan: Plan,
    actor: User | None,
    action: str,
    summary: str,
    goal: Goal | None = None,
) -> PlanEvent:
    """Keep a history row for a change to ``plan`` (or one of its goals) and touch the plan."""
    now = utcnow()
    event = PlanEvent(
        plan_id=plan.id,
        goal_id=goal.id if goal is not None else None,
        actor_id=actor.id if actor is not None else None,
        at=now,
        action=action,
        summary=summary,
    )
    plan.updated_at = now
    session.add(event)
    return event


def plan_history(session: Session, plan: Plan) -> tuple[list[PlanEvent], dict[int, User]]:
    """Every change to ``plan``, newest first, and the people who made them by id (the owner
    always among them), in at most two queries."""
    events = list(
        session.scalars(
            select(PlanEvent)
            .where(PlanEvent.plan_id == plan.id)
            .order_by(PlanEvent.at.desc(), PlanEvent.id.desc())
        )
    )
    people = {plan.user_id: plan.user}
    ids = {e.actor_id for e in events if e.actor_id is not None} - set(people)
    if ids:
        people.update({u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))})
    return events, people
