"""The plan at a glance, for the home page: goals by status, what is due next, what is overdue."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, load_only, selectinload

from development_plans.goals.models import Goal, GoalStatus
from development_plans.plans.models import Plan


@dataclass(frozen=True)
class PlanAtAGlance:
    """The home page's summary of a plan: goals by status, what is due next, what is overdue."""

    plan: Plan
    counts: dict[GoalStatus, int]
    due_next: list[Goal]
    overdue: list[Goal]

    @property
    def total(self) -> int:
        """How many goals the plan has."""
        return sum(self.counts.values())


def plan_at_a_glance(plan: Plan, today: date, due_next_count: int = 3) -> PlanAtAGlance:
    """Summarise a loaded plan for the home page."""
    counts = Counter(g.goal_status for g in plan.goals)
    open_goals = sorted(
        (g for g in plan.goals if not g.goal_status.finished), key=lambda g: (g.target_date, g.id)
    )
    return PlanAtAGlance(
        plan=plan,
        counts={status: counts.get(status, 0) for status in GoalStatus},
        due_next=[g for g in open_goals if g.target_date >= today][:due_next_count],
        overdue=[g for g in open_goals if g.target_date < today],
    )


#: The newest plan of a learner in a course with what the home page shows, built once (its
#: loader options cost ~0.1 ms of CPU to construct on every home page).
_NEWEST_PLAN = (
    select(Plan)
    .where(Plan.user_id == bindparam("user_id"), Plan.course_id == bindparam("course_id"))
    .order_by(Plan.version.desc())
    .limit(1)
    .options(
        load_only(
            Plan.id,
            Plan.version,
            Plan.status,
            Plan.assessment_id,
            Plan.review_message,
            Plan.reviewed_by_id,
            Plan.closed_at,
        ),
        selectinload(Plan.goals),
        selectinload(Plan.reviewed_by),
    )
)


def glance_for(session: Session, user_id: int, course_id: int, today: date) -> PlanAtAGlance | None:
    """The learner's current plan at a glance, or None before their first plan: one query, two
    when it has goals, loading only what the home page shows."""
    plan = session.scalar(_NEWEST_PLAN, {"user_id": user_id, "course_id": course_id})
    return None if plan is None else plan_at_a_glance(plan, today)
