"""Sending the plan notices: each one checks that its recipient has an email address (from
their LMS launch or roster) and has not switched that kind of notice off, renders
``mail/<kind>.txt``/``.html`` and queues it with ``lti_tool.mail.send_later`` in the caller's
transaction. Dedupe keys make every notice once-only, whoever calls twice."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from development_plans.conversations import PlanComment
from development_plans.courses import Course
from development_plans.goals import Goal
from development_plans.notices import (
    DueThreshold,
    NoticeKind,
    goals_due,
    reviewers,
    thread_reviewers,
    wants,
)
from development_plans.people import User
from development_plans.plans import Plan
from lti_tool.mail import MailAddressInvalid, check_address, render_message, send_later
from lti_tool.notices.links import tool_link


def _deliverable(user: User) -> bool:
    try:
        check_address(user.email or "")
    except MailAddressInvalid:
        return False
    return True


def notify(session: Session, user: User, kind: NoticeKind, dedupe_key: str, **context) -> bool:
    """Queue notice ``kind`` for ``user`` unless they have no usable address or switched it
    off; returns whether it was queued (or had been already)."""
    if not _deliverable(user) or not wants(session, user.id, kind):
        return False
    subject, text, html = render_message(
        kind.value,
        recipient_name=user.display_name,
        settings_link=tool_link("notices.settings"),
        **context,
    )
    send_later(
        session,
        to_address=user.email,
        to_name=user.display_name,
        subject=subject,
        text=text,
        html=html,
        purpose=kind.value,
        dedupe_key=dedupe_key,
    )
    return True


def _stamp(plan: Plan, moment) -> str:
    return f"{plan.id}:{int(moment.timestamp()) if moment else 0}"


def _course(session: Session, plan: Plan) -> str:
    course = session.get(Course, plan.course_id)
    return course.display_title if course else "your course"


def plan_submitted(session: Session, plan: Plan) -> None:
    """Everyone who may review ``plan`` hears that it waits for their review."""
    for manager in reviewers(session, plan):
        notify(
            session,
            manager,
            NoticeKind.PLAN_WAITING_REVIEW,
            f"plan-review:{_stamp(plan, plan.submitted_at)}:{manager.id}",
            learner_name=plan.user.display_name,
            course_title=_course(session, plan),
            link=tool_link("team.member", user_id=plan.user_id),
        )


def changes_requested(session: Session, plan: Plan) -> None:
    """The owner hears what their reviewer asked them to change."""
    notify(
        session,
        plan.user,
        NoticeKind.CHANGES_REQUESTED,
        f"plan-changes:{_stamp(plan, plan.reviewed_at)}",
        reviewer_name=plan.reviewed_by.display_name if plan.reviewed_by else "Your manager",
        message=plan.review_message or "",
        course_title=_course(session, plan),
        link=tool_link("plan.show", plan_id=plan.id),
    )


def comment_added(session: Session, plan: Plan, comment: PlanComment, goal: Goal | None) -> None:
    """The owner hears of a comment on their plan or one of its goals."""
    notify(
        session,
        plan.user,
        NoticeKind.COMMENT_ADDED,
        f"plan-comment:{comment.id}",
        author_name=comment.author.display_name,
        body=comment.body,
        goal=goal.specific if goal else None,
        course_title=_course(session, plan),
        link=tool_link("plan.show", plan_id=plan.id),
    )


def reply_added(session: Session, plan: Plan, opening: PlanComment, said: PlanComment) -> None:
    """A reply in a thread: from a manager, the plan's owner hears of it (as of a comment);
    from the owner, every reviewer who wrote in that thread does."""
    goal = session.get(Goal, opening.goal_id) if opening.goal_id else None
    anchor = f"thread-{opening.id}"
    context = dict(
        author_name=said.author.display_name,
        body=said.body,
        goal=goal.specific if goal else None,
        course_title=_course(session, plan),
        reply=True,
    )
    if said.author_id != plan.user_id:
        learner_page = (
            tool_link("goals.goal", goal_id=goal.id, _anchor=anchor)
            if goal
            else tool_link("plan.show", plan_id=plan.id, _anchor=anchor)
        )
        notify(
            session,
            plan.user,
            NoticeKind.COMMENT_ADDED,
            f"plan-comment:{said.id}",
            link=learner_page,
            **context,
        )
        return
    member_page = tool_link("team.member", user_id=plan.user_id, _anchor=anchor)
    for manager in thread_reviewers(session, plan, opening):
        notify(
            session,
            manager,
            NoticeKind.REPLY_ADDED,
            f"plan-reply:{said.id}:{manager.id}",
            link=member_page,
            learner_name=plan.user.display_name,
            **context,
        )


def due_goals(session: Session, today: date) -> int:
    """Queue the notice for every unfinished goal whose target date is a week away or past,
    once per goal, threshold and target date; returns how many were queued (or had been)."""
    told = 0
    for due in goals_due(session, today):
        goal, plan = due.goal, due.goal.plan
        told += notify(
            session,
            plan.user,
            NoticeKind.GOAL_DUE,
            f"goal-due:{goal.id}:{due.threshold.value}:{goal.target_date.isoformat()}",
            goal=goal.specific,
            target_date=f"{goal.target_date.day} {goal.target_date:%B %Y}",
            past=due.threshold == DueThreshold.PAST,
            course_title=_course(session, plan),
            link=tool_link("goals.goal", goal_id=goal.id),
        )
    return told
