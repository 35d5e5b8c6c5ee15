"""Who may read, change and review a plan, and who manages a whole course."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.people import Enrolment, ToolRole, User
from development_plans.plans.errors import NotAllowed
from development_plans.plans.models import Plan, PlanStatus


def manages_course(session: Session, user: User, course_id: int) -> bool:
    """True when ``user`` manages the whole course (a mentor manages only their mentees)."""
    row = session.execute(
        select(Enrolment.tool_role, Enrolment.mentees_only).where(
            Enrolment.user_id == user.id,
            Enrolment.course_id == course_id,
            Enrolment.active.is_(True),
        )
    ).first()
    return row is not None and ToolRole(row.tool_role).manages and not row.mentees_only


def may_review(session: Session, plan: Plan, user: User) -> bool:
    """A manager of the plan's course (a mentor only for their mentees), never its owner."""
    if user.id == plan.user_id:
        return False
    enrolment = session.scalar(
        select(Enrolment).where(
            Enrolment.user_id == user.id,
            Enrolment.course_id == plan.course_id,
            Enrolment.active.is_(True),
        )
    )
    if enrolment is None or not enrolment.role.manages:
        return False
    if enrolment.mentees_only:
        return plan.user.subject in (enrolment.mentee_subjects or [])
    return True


def may_view(session: Session, plan: Plan, user: User) -> bool:
    """The owner, or someone who may review it."""
    return user.id == plan.user_id or may_review(session, plan, user)


def may_edit(plan: Plan, user: User) -> bool:
    """The owner may change targets, items and goals unless it is closed or under review."""
    return user.id == plan.user_id and not plan.closed and plan.plan_status != PlanStatus.SUBMITTED


def require_owner(plan: Plan, user: User) -> None:
    """Raise :class:`NotAllowed` unless ``user`` owns this plan and it is not an earlier version."""
    if user.id != plan.user_id:
        raise NotAllowed("Only the plan's owner can change it.")
    if plan.closed:
        raise NotAllowed("This is an earlier version of your plan; it can be read but not changed.")


def require_editable(plan: Plan, user: User) -> None:
    """Raise :class:`NotAllowed` unless ``user`` may change this plan's targets, items or goals."""
    require_owner(plan, user)
    if plan.plan_status == PlanStatus.SUBMITTED:
        raise NotAllowed(
            "Your plan is with your manager for review. You can record progress, but wait for "
            "their response before changing targets or goals."
        )


def require_trackable(plan: Plan, user: User) -> None:
    """Raise :class:`NotAllowed` unless ``user`` may record progress on this plan's goals."""
    require_owner(plan, user)
