"""Who a notice about a plan goes to: the people who may review it (the course's managers, and
a mentor for their own mentees), those of them who took part in a thread, and goals whose target
date is near or past."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from development_plans.conversations.models import PlanComment
from development_plans.goals.models import Goal, GoalStatus
from development_plans.people import Enrolment, ToolRole, User
from development_plans.plans.models import Plan

WEEK = timedelta(days=7)


def reviewers(session: Session, plan: Plan) -> list[User]:
    """Everyone who may review ``plan`` (see ``plans.permissions.may_review``), by name."""
    enrolments = session.scalars(
        select(Enrolment)
        .where(
            Enrolment.course_id == plan.course_id,
            Enrolment.active.is_(True),
            Enrolment.tool_role.in_([ToolRole.MANAGER.value, ToolRole.ADMINISTRATOR.value]),
            Enrolment.user_id != plan.user_id,
        )
        .options(joinedload(Enrolment.user))
    ).all()
    subject = plan.user.subject
    people = [
        e.user for e in enrolments if not e.mentees_only or subject in (e.mentee_subjects or [])
    ]
    return sorted(people, key=lambda u: (u.display_name, u.id))


def thread_reviewers(session: Session, plan: Plan, opening: PlanComment) -> list[User]:
    """The reviewers of ``plan`` who wrote in the thread ``opening`` started (its comment or a
    reply), by name; someone who no longer may review the plan is left out."""
    authors = set(
        session.scalars(
            select(PlanComment.author_id).where(
                (PlanComment.id == opening.id) | (PlanComment.thread_id == opening.id)
            )
        )
    )
    return [user for user in reviewers(session, plan) if user.id in authors]


class DueThreshold(enum.StrEnum):
    """How near a goal's target date is, for its one notice at each threshold."""

    WEEK_AWAY = "week"
    PAST = "past"


@dataclass(frozen=True)
class DueGoal:
    goal: Goal
    threshold: DueThreshold


def goals_due(session: Session, today: date) -> list[DueGoal]:
    """Unfinished goals of current plans (not earlier versions) whose target date is within a
    week (``WEEK_AWAY``) or has passed (``PAST``), with their plan and owner loaded."""
    goals = session.scalars(
        select(Goal)
        .join(Plan, Plan.id == Goal.plan_id)
        .where(
            Plan.closed_at.is_(None),
            Goal.status.in_([GoalStatus.NOT_STARTED.value, GoalStatus.IN_PROGRESS.value]),
            Goal.target_date <= today + WEEK,
        )
        .order_by(Goal.target_date, Goal.id)
        .options(joinedload(Goal.plan).joinedload(Plan.user))
    ).all()
    return [
        DueGoal(goal, DueThreshold.PAST if goal.target_date < today else DueThreshold.WEEK_AWAY)
        for goal in goals
    ]
