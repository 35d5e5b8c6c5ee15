"""Threads on a plan: a manager's comment opens one, the learner and their managers reply, and
everyone sees it in order. Every comment and reply is also an event in the plan's history."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from development_plans.conversations.models import PlanComment
from development_plans.db import utcnow
from development_plans.goals import Goal
from development_plans.people import User
from development_plans.plans import InvalidChange, NotAllowed, Plan, may_review, record_event

COMMENT_MAX = 2000


@dataclass
class Thread:
    """A comment and its replies, oldest first."""

    opening: PlanComment
    replies: list[PlanComment] = field(default_factory=list)

    @property
    def goal_id(self) -> int | None:
        return self.opening.goal_id

    @property
    def messages(self) -> list[PlanComment]:
        """The comment, then every reply, in the order they were written."""
        return [self.opening, *self.replies]


def _checked_body(body: str, what: str) -> str:
    body = body.strip()
    if not body:
        raise InvalidChange({"body": f"Write a {what}"})
    if len(body) > COMMENT_MAX:
        limit = f"{what.capitalize()} must be {COMMENT_MAX} characters or fewer"
        raise InvalidChange({"body": limit})
    return body


def _written(session: Session, plan: Plan, author: User, body: str, goal_id, thread_id):
    comment = PlanComment(
        plan_id=plan.id,
        goal_id=goal_id,
        thread_id=thread_id,
        author_id=author.id,
        body=body,
        created_at=utcnow(),
    )
    comment.author = author
    session.add(comment)
    return comment


def add_comment(
    session: Session, plan: Plan, author: User, body: str, goal: Goal | None = None
) -> PlanComment:
    """A reviewer comments on a plan (or one of its goals), opening a thread."""
    if not may_review(session, plan, author):
        raise NotAllowed("Only a manager of this learner's course can comment on their plan.")
    if goal is not None and goal.plan_id != plan.id:
        raise NotAllowed("That goal is not in this plan.")
    body = _checked_body(body, "comment")
    comment = _written(session, plan, author, body, goal.id if goal else None, None)
    where = f" on the goal “{goal.specific}”" if goal else ""
    record_event(session, plan, author, "comment_added", f"Comment{where}: {body}", goal)
    session.flush()
    return comment


def may_reply(session: Session, plan: Plan, user: User) -> bool:
    """The plan's owner, and anyone who may review it."""
    return user.id == plan.user_id or may_review(session, plan, user)


def reply(
    session: Session, plan: Plan, opening: PlanComment, author: User, body: str
) -> PlanComment:
    """Reply in the thread ``opening`` started on ``plan``: the learner whose plan it is, or a
    manager who may review it."""
    if opening.plan_id != plan.id or opening.thread_id is not None:
        raise NotAllowed("That comment is not a thread on this plan.")
    if not may_reply(session, plan, author):
        raise NotAllowed("Only the learner and their managers can reply on this plan.")
    body = _checked_body(body, "reply")
    comment = _written(session, plan, author, body, opening.goal_id, opening.id)
    goal = session.get(Goal, opening.goal_id) if opening.goal_id else None
    where = f" on the goal “{goal.specific}”" if goal else ""
    record_event(session, plan, author, "comment_replied", f"Reply{where}: {body}", goal)
    session.flush()
    return comment


def threads_for(session: Session, plan_id: int) -> list[Thread]:
    """A plan's threads, the oldest first, each with its replies in order and every author
    loaded: two statements."""
    comments = session.scalars(
        select(PlanComment)
        .where(PlanComment.plan_id == plan_id)
        .order_by(PlanComment.created_at, PlanComment.id)
        .options(selectinload(PlanComment.author))
    ).all()
    threads = {c.id: Thread(c) for c in comments if c.thread_id is None}
    for comment in comments:
        if comment.thread_id in threads:
            threads[comment.thread_id].replies.append(comment)
    return list(threads.values())
