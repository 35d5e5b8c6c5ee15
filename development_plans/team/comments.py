"""Managers' comments on a learner's plan or on one of its goals; each is also an event in the
plan's history."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from development_plans.db import utcnow
from development_plans.goals import Goal
from development_plans.people import User
from development_plans.plans import InvalidChange, NotAllowed, Plan, may_review, record_event
from development_plans.team.models import PlanComment

COMMENT_MAX = 2000


def add_comment(
    session: Session, plan: Plan, author: User, body: str, goal: Goal | None = None
) -> PlanComment:
    """A reviewer comments on a plan (or one of its goals); the comment is in the plan's history."""
    if not may_review(session, plan, author):
        raise NotAllowed("Only a manager of this learner's course can comment on their plan.")
    if goal is not None and goal.plan_id != plan.id:
        raise NotAllowed("That goal is not in this plan.")
    body = body.strip()
    if not body:
        raise InvalidChange({"body": "Write a comment"})
    if len(body) > COMMENT_MAX:
        raise InvalidChange({"body": f"Comment must be {COMMENT_MAX} characters or fewer"})
    comment = PlanComment(
        plan_id=plan.id,
        goal_id=goal.id if goal else None,
        author_id=author.id,
        body=body,
        created_at=utcnow(),
    )
    comment.author = author
    session.add(comment)
    where = f" on the goal “{goal.specific}”" if goal else ""
    record_event(session, plan, author, "comment_added", f"Comment{where}: {body}", goal)
    session.flush()
    return comment


def comments_for(session: Session, plan_id: int) -> list[PlanComment]:
    """A plan's comments, oldest first, with their authors."""
    return list(
        session.scalars(
            select(PlanComment)
            .where(PlanComment.plan_id == plan_id)
            .order_by(PlanComment.created_at, PlanComment.id)
            .options(selectinload(PlanComment.author))
        )
    )
