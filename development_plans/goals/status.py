"""A goal's status: starting work on it (which also makes an approved plan active), dropping it
with a reason, or achieving it with a reflection."""

from __future__ import annotations

from sqlalchemy.orm import Session

from development_plans.db import save_version, utcnow
from development_plans.goals.models import Goal, GoalStatus
from development_plans.goals.smart import LONG_TEXT_MAX
from development_plans.people import User
from development_plans.plans.errors import InvalidChange
from development_plans.plans.history import record_event
from development_plans.plans.models import PlanStatus
from development_plans.plans.permissions import require_trackable


def start_work(session: Session, goal: Goal, by_user: User) -> None:
    """A goal not yet started moves to in progress, and an approved plan becomes active."""
    plan = goal.plan
    if goal.goal_status == GoalStatus.NOT_STARTED:
        goal.status = GoalStatus.IN_PROGRESS.value
        record_event(session, plan, by_user, "goal_status", "Status changed to In progress.", goal)
    if plan.plan_status == PlanStatus.APPROVED:
        plan.status = PlanStatus.ACTIVE.value
        record_event(session, plan, by_user, "plan_activated", "Plan is now active.")


def _status_problems(status: GoalStatus, reason: str, reflection: str) -> dict[str, str]:
    problems: dict[str, str] = {}
    if status == GoalStatus.DROPPED and not reason:
        problems["reason"] = "Say why you are dropping this goal; it stays in your plan's history"
    if status == GoalStatus.ACHIEVED and not reflection:
        problems["reflection"] = (
            "Reflect on what you did, what changed for you or others, and what you will do next"
        )
    if len(reason) > LONG_TEXT_MAX:
        problems["reason"] = f"Reason must be {LONG_TEXT_MAX} characters or fewer"
    if len(reflection) > LONG_TEXT_MAX:
        problems["reflection"] = f"Reflection must be {LONG_TEXT_MAX} characters or fewer"
    return problems


def change_status(
    session: Session,
    goal: Goal,
    status: GoalStatus,
    by_user: User,
    *,
    reason: str = "",
    reflection: str = "",
    opened_at: int | None = None,
) -> None:
    """Move a goal to another status: dropping needs a reason, achieving needs a reflection.
    Raises ``EditConflict`` when the goal was saved since version ``opened_at`` (the form's)."""
    plan = goal.plan
    require_trackable(plan, by_user)
    reason, reflection = reason.strip(), reflection.strip()
    if problems := _status_problems(status, reason, reflection):
        raise InvalidChange(problems)
    if status == goal.goal_status and status not in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
        return
    if (status, reason or None, reflection or None) == (
        goal.goal_status,
        goal.dropped_reason,
        goal.reflection,
    ):
        return
    save_version(session, goal, opened_at)
    goal.status = status.value
    goal.updated_at = utcnow()
    goal.dropped_reason = reason if status == GoalStatus.DROPPED else None
    goal.reflection = reflection if status == GoalStatus.ACHIEVED else goal.reflection
    goal.achieved_at = utcnow() if status == GoalStatus.ACHIEVED else None
    summary = f"Status changed to {status.label}."
    if reason:
        summary += f" Reason: {reason}"
    if status == GoalStatus.ACHIEVED:
        summary += f" Reflection: {reflection}"
    record_event(session, plan, by_user, "goal_status", summary, goal)
    if status == GoalStatus.IN_PROGRESS and plan.plan_status == PlanStatus.APPROVED:
        start_work(session, goal, by_user)
