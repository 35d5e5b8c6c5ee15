"""The review workflow: the owner submits a plan, a manager of the course approves it or asks
for changes, and the owner starts working on it. Each step queues the completion grade it
earns, in the same transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from development_plans.completion import CompletionState, record_completion
from development_plans.db import utcnow
from development_plans.goals.models import GoalStatus
from development_plans.people import User
from development_plans.plans.errors import InvalidChange, NotAllowed
from development_plans.plans.history import record_event
from development_plans.plans.models import Plan, PlanStatus
from development_plans.plans.permissions import may_review, require_owner

MESSAGE_MAX = 2000


def submit_for_review(session: Session, plan: Plan, by_user: User) -> None:
    """The owner sends a draft (or a plan with changes requested) to their manager; it needs at
    least one goal that is not dropped."""
    require_owner(plan, by_user)
    if plan.plan_status not in (PlanStatus.DRAFT, PlanStatus.CHANGES_REQUESTED):
        raise NotAllowed(f"This plan is {plan.plan_status.label.lower()}; it cannot be submitted.")
    if not any(g.goal_status != GoalStatus.DROPPED for g in plan.goals):
        raise InvalidChange(
            {"plan": "Add at least one goal to your plan before submitting it for review"}
        )
    plan.status = PlanStatus.SUBMITTED.value
    plan.submitted_at = utcnow()
    record_event(session, plan, by_user, "plan_submitted", "Plan submitted for review.")
    _grade(session, plan, CompletionState.PLAN_SUBMITTED, plan.submitted_at)


def _grade(session: Session, plan: Plan, state: CompletionState, at: datetime) -> None:
    """Queue the completion grade this review step earns, in the same transaction."""
    record_completion(
        session,
        user_id=plan.user_id,
        placement_id=plan.placement_id,
        state=state,
        occurred_at=at,
        cycle=plan.cycle,
    )


def _review(session: Session, plan: Plan, by_user: User, message: str) -> None:
    if plan.closed:
        raise NotAllowed("This is an earlier version of the plan; it cannot be reviewed.")
    if not may_review(session, plan, by_user):
        raise NotAllowed("Only a manager of this learner's course can review their plan.")
    if plan.plan_status != PlanStatus.SUBMITTED:
        raise NotAllowed(f"This plan is {plan.plan_status.label.lower()}, not waiting for review.")
    if len(message) > MESSAGE_MAX:
        raise InvalidChange({"message": f"Message must be {MESSAGE_MAX} characters or fewer"})


def approve(session: Session, plan: Plan, by_user: User, message: str = "") -> None:
    """A manager approves a submitted plan, with an optional message for the learner."""
    message = message.strip()
    _review(session, plan, by_user, message)
    plan.status = PlanStatus.APPROVED.value
    plan.reviewed_at = utcnow()
    plan.reviewed_by_id = by_user.id
    plan.review_message = message or None
    summary = "Plan approved." + (f" Message: {message}" if message else "")
    record_event(session, plan, by_user, "plan_approved", summary)
    _grade(session, plan, CompletionState.PLAN_APPROVED, plan.reviewed_at)


def request_changes(session: Session, plan: Plan, by_user: User, message: str) -> None:
    """A manager sends a submitted plan back, saying what to change (a message is required)."""
    message = message.strip()
    _review(session, plan, by_user, message)
    if not message:
        raise InvalidChange({"message": "Tell the learner what to change in their plan"})
    plan.status = PlanStatus.CHANGES_REQUESTED.value
    plan.reviewed_at = utcnow()
    plan.reviewed_by_id = by_user.id
    plan.review_message = message
    record_event(session, plan, by_user, "changes_requested", f"Changes requested: {message}")
    _grade(session, plan, CompletionState.CHANGES_REQUESTED, plan.reviewed_at)


def activate(session: Session, plan: Plan, by_user: User) -> None:
    """The owner starts working on an approved plan (also done by their first progress)."""
    require_owner(plan, by_user)
    if plan.plan_status != PlanStatus.APPROVED:
        raise NotAllowed("Only an approved plan can be made active.")
    plan.status = PlanStatus.ACTIVE.value
    record_event(session, plan, by_user, "plan_activated", "Plan is now active.")
