"""Writing a goal: adding a SMART goal to an item of the plan and changing it, every change kept
in the plan's history with its old and new values."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy.orm import Session

from development_plans.db import save_version, utcnow
from development_plans.framework import Framework
from development_plans.goals.models import Goal, GoalStatus
from development_plans.goals.smart import GoalInput, goal_problems
from development_plans.people import User
from development_plans.plans.errors import InvalidChange, NotAllowed
from development_plans.plans.gaps import focus_behaviours
from development_plans.plans.history import record_event
from development_plans.plans.models import Plan, PlanItem
from development_plans.plans.permissions import require_editable


def _checked(
    plan: Plan,
    item: PlanItem,
    data: GoalInput,
    framework: Framework,
    resource_keys: Collection[str],
    today: date,
    unchanged: date | None,
) -> GoalInput:
    if item.plan_id != plan.id:
        raise NotAllowed("That item belongs to another plan.")
    focus = {b.id for b in focus_behaviours(framework, item)}
    problems = goal_problems(
        data, focus_ids=focus, resource_keys=resource_keys, today=today, unchanged_date=unchanged
    )
    if problems:
        raise InvalidChange(problems)
    return data.cleaned()


def add_goal(
    session: Session,
    plan: Plan,
    item: PlanItem,
    data: GoalInput,
    by_user: User,
    framework: Framework,
    *,
    resource_keys: Collection[str],
    today: date,
) -> Goal:
    """Add a SMART goal to an item in the plan; raises ``InvalidChange`` naming each field."""
    require_editable(plan, by_user)
    if not item.included:
        raise NotAllowed("Add this dimension to your plan before writing goals for it.")
    data = _checked(plan, item, data, framework, resource_keys, today, None)
    assert data.target_date is not None
    goal = Goal(
        plan=plan,
        item=item,
        specific=data.specific,
        measurable=data.measurable,
        support=data.support,
        behaviour_ids=list(data.behaviour_ids),
        resource_keys=list(data.resource_keys),
        target_date=data.target_date,
        status=GoalStatus.NOT_STARTED.value,
    )
    session.add(goal)
    session.flush()
    name = framework.dimension(item.dimension_id).name
    record_event(
        session,
        plan,
        by_user,
        "goal_added",
        f"Goal added for {name}: {data.specific} (target date {data.target_date:%-d %B %Y}).",
        goal,
    )
    return goal


_FIELD_NAMES = {
    "specific": "what you will do",
    "measurable": "how you will know",
    "support": "support needed",
    "behaviour_ids": "focus behaviours",
    "resource_keys": "linked resources",
    "target_date": "target date",
}


def _value(source: Goal | GoalInput, name: str) -> object:
    value = getattr(source, name)
    return list(value) if isinstance(value, list | tuple) else value


def update_goal(
    session: Session,
    goal: Goal,
    data: GoalInput,
    by_user: User,
    framework: Framework,
    *,
    resource_keys: Collection[str],
    today: date,
    opened_at: int | None = None,
) -> list[str]:
    """Change a goal's SMART fields from a form opened at version ``opened_at``; returns the
    names of the fields that changed (all recorded in the history with their old and new
    values). Raises ``EditConflict`` when the goal was saved since and this would change it."""
    plan = goal.plan
    require_editable(plan, by_user)
    data = _checked(plan, goal.item, data, framework, resource_keys, today, goal.target_date)
    changed = [name for name in _FIELD_NAMES if _value(goal, name) != _value(data, name)]
    if changed:
        save_version(session, goal, opened_at)
    changes: list[str] = []
    for name in changed:
        old, new = _value(goal, name), _value(data, name)
        changes.append(name)
        setattr(goal, name, new)
        if name == "target_date":
            detail = f"from {old:%-d %B %Y} to {new:%-d %B %Y}"
        elif isinstance(new, list):
            detail = f"from {', '.join(old) or 'none'} to {', '.join(new) or 'none'}"
        else:
            detail = f"from “{old}” to “{new}”"
        record_event(
            session, plan, by_user, "goal_changed", f"Changed {_FIELD_NAMES[name]} {detail}.", goal
        )
    if changes:
        goal.updated_at = utcnow()
    return changes
