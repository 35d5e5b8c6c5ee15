"""What a manager should see first on the dashboard: the plans waiting for their review (those
waiting longer than the course allows are overdue) and the members with goals past their target
date. Two statements whatever the team's size, each listing the first few and counting them all
(window functions over the matching members, before the limit)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func
from sqlalchemy.orm import Session

from development_plans.framework import Framework
from development_plans.people import Enrolment
from development_plans.plans import PlanStatus
from development_plans.team.member_facts import MemberFacts
from development_plans.team.membership import Team

#: A plan waiting longer than this for its review is overdue, unless the course says otherwise.
DEFAULT_REVIEW_DAYS = 7


@dataclass(frozen=True)
class WaitingPlan:
    """A member's plan submitted for review."""

    user_id: int
    name: str
    plan_id: int
    submitted_at: datetime | None
    overdue: bool


@dataclass(frozen=True)
class OverdueMember:
    """A member with goals past their target date."""

    user_id: int
    name: str
    goals_overdue: int


@dataclass(frozen=True)
class Attention:
    """The first few of each list, and how many there are in all."""

    waiting: list[WaitingPlan]
    waiting_total: int
    reviews_overdue: int
    review_days: int
    overdue: list[OverdueMember]
    overdue_members: int
    goals_overdue: int


def _waiting(session: Session, facts: MemberFacts, cutoff: datetime, limit: int):
    plan = facts.plan
    late = case((plan.submitted_at < cutoff, 1), else_=0)
    query = (
        facts.members(
            Enrolment.user_id,
            facts.name.label("name"),
            plan.id.label("plan_id"),
            plan.submitted_at,
            late.label("late"),
            func.count().over().label("total"),
            func.sum(late).over().label("late_total"),
            progress=True,
        )
        .where(
            Enrolment.active.is_(True),
            plan.status == PlanStatus.SUBMITTED.value,
            plan.closed_at.is_(None),
        )
        .order_by(plan.submitted_at.asc().nulls_first(), func.lower(facts.name), Enrolment.user_id)
        .limit(limit)
    )
    return session.execute(query).all()


def _overdue(session: Session, facts: MemberFacts, today, limit: int):
    overdue = facts.goals_overdue(today)
    query = (
        facts.members(
            Enrolment.user_id,
            facts.name.label("name"),
            overdue.label("goals_overdue"),
            func.count().over().label("members"),
            func.sum(overdue).over().label("goals"),
            goals=True,
        )
        .where(Enrolment.active.is_(True))
        .having(overdue > 0)
        .order_by(overdue.desc(), func.lower(facts.name), Enrolment.user_id)
        .limit(limit)
    )
    return session.execute(query).all()


def needs_attention(
    session: Session,
    team: Team,
    framework: Framework,
    now: datetime,
    *,
    review_days: int = DEFAULT_REVIEW_DAYS,
    limit: int = 10,
) -> Attention:
    """Active members' plans waiting for review (the longest waiting first; overdue after
    ``review_days``) and members with overdue goals (the most first), ``limit`` of each."""
    facts = MemberFacts(team, framework)
    cutoff = now - timedelta(days=review_days)
    waiting = _waiting(session, facts, cutoff, limit)
    overdue = _overdue(session, facts, now.date(), limit)
    return Attention(
        waiting=[
            WaitingPlan(r.user_id, r.name, r.plan_id, r.submitted_at, bool(r.late)) for r in waiting
        ],
        waiting_total=waiting[0].total if waiting else 0,
        reviews_overdue=int(waiting[0].late_total or 0) if waiting else 0,
        review_days=review_days,
        overdue=[OverdueMember(r.user_id, r.name, r.goals_overdue) for r in overdue],
        overdue_members=overdue[0].members if overdue else 0,
        goals_overdue=int(overdue[0].goals or 0) if overdue else 0,
    )
