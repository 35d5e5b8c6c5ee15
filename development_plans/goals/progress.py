"""Tracking a goal: its checklist of actions and dated progress updates with evidence (text and
web links). The first progress on a goal starts work on it."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from development_plans.db import utcnow
from development_plans.goals.models import Goal, GoalAction, ProgressUpdate
from development_plans.goals.smart import (
    HORIZON_MONTHS,
    LONG_TEXT_MAX,
    add_months,
    note_too_long,
)
from development_plans.goals.status import start_work
from development_plans.people import User
from development_plans.plans.errors import InvalidChange, NotAllowed
from development_plans.plans.history import record_event
from development_plans.plans.permissions import require_trackable
from development_plans.resources.links import web_url_problem

ACTION_MAX = 300
ACTIONS_MAX = 30
LINKS_MAX = 5


def add_action(session: Session, goal: Goal, text: str, by_user: User) -> GoalAction:
    """Add a step to a goal's checklist."""
    require_trackable(goal.plan, by_user)
    text = text.strip()
    if not text:
        raise InvalidChange(
            {"text": "Enter the action, for example 'Book a meeting with my mentor'"}
        )
    if len(text) > ACTION_MAX:
        raise InvalidChange({"text": f"Action must be {ACTION_MAX} characters or fewer"})
    if len(goal.actions) >= ACTIONS_MAX:
        raise InvalidChange({"text": f"A goal can have up to {ACTIONS_MAX} actions"})
    action = GoalAction(text=text)
    goal.actions.append(action)
    session.flush()
    record_event(session, goal.plan, by_user, "action_added", f"Action added: {text}", goal)
    return action


def set_action_done(
    session: Session, goal: Goal, action: GoalAction, done: bool, by_user: User
) -> None:
    """Tick an action off (or untick it)."""
    require_trackable(goal.plan, by_user)
    if action.goal_id != goal.id:
        raise NotAllowed("That action belongs to another goal.")
    if action.done == done:
        return
    action.done = done
    action.done_at = utcnow() if done else None
    word = "done" if done else "not done"
    record_event(
        session, goal.plan, by_user, "action_ticked", f"Action marked {word}: {action.text}", goal
    )


def _links(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def progress_problems(
    note: str, evidence_text: str, evidence_links: str, occurred_on: date | None, today: date
) -> dict[str, str]:
    """What is wrong with a progress update, field by field."""
    problems: dict[str, str] = {}
    note, evidence_text = note.strip(), evidence_text.strip()
    if not note:
        problems["note"] = "Describe what you did and what happened"
    note_too_long(problems, "note", "Progress note", note, LONG_TEXT_MAX)
    note_too_long(problems, "evidence_text", "Evidence", evidence_text, LONG_TEXT_MAX)
    links = _links(evidence_links)
    if len(links) > LINKS_MAX:
        problems["evidence_links"] = f"Add up to {LINKS_MAX} links, one per line"
    for number, link in enumerate(links, start=1):
        if problem := web_url_problem(link):
            problems["evidence_links"] = f"Link {number}: {problem}"
            break
    if occurred_on is None:
        problems["occurred_on"] = "Enter the date this happened"
    elif occurred_on > today:
        problems["occurred_on"] = "Date must be today or in the past"
    elif occurred_on < add_months(today, -HORIZON_MONTHS):
        problems["occurred_on"] = f"Date must be within the last {HORIZON_MONTHS} months"
    return problems


def record_progress(
    session: Session,
    goal: Goal,
    by_user: User,
    *,
    note: str,
    occurred_on: date | None,
    today: date,
    evidence_text: str = "",
    evidence_links: str = "",
) -> ProgressUpdate:
    """Add a dated progress update (links one per line, http or https only). A goal not yet
    started moves to in progress, and an approved plan becomes active."""
    require_trackable(goal.plan, by_user)
    problems = progress_problems(note, evidence_text, evidence_links, occurred_on, today)
    if problems:
        raise InvalidChange(problems)
    assert occurred_on is not None
    update = ProgressUpdate(
        author_id=by_user.id,
        occurred_on=occurred_on,
        note=note.strip(),
        evidence_text=evidence_text.strip(),
        evidence_links=_links(evidence_links),
    )
    goal.updates.append(update)
    goal.updated_at = utcnow()
    session.flush()
    record_event(
        session,
        goal.plan,
        by_user,
        "progress_recorded",
        f"Progress recorded for {occurred_on:%-d %B %Y}: {update.note}",
        goal,
    )
    start_work(session, goal, by_user)
    return update
