"""SMART goals and their tracking: the rules a goal must meet (with messages that teach what
makes a goal SMART), actions, status changes, dated progress updates and the plan at a glance."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, load_only, selectinload

from development_plans.framework import Framework
from development_plans.models import User, utcnow
from development_plans.plans import (
    Goal,
    GoalAction,
    GoalStatus,
    InvalidChange,
    NotAllowed,
    Plan,
    PlanItem,
    PlanStatus,
    ProgressUpdate,
    focus_behaviours,
    record_event,
    require_editable,
    require_trackable,
)
from development_plans.resources import web_url_problem

__all__ = [
    "ACTION_MAX",
    "HORIZON_MONTHS",
    "LINKS_MAX",
    "GoalInput",
    "PlanAtAGlance",
    "add_action",
    "add_goal",
    "add_months",
    "change_status",
    "glance_for",
    "goal_problems",
    "latest_target_date",
    "plan_at_a_glance",
    "progress_problems",
    "record_progress",
    "set_action_done",
    "update_goal",
]

HORIZON_MONTHS = 18
SPECIFIC_MIN = 15
TEXT_MAX = 1000
LONG_TEXT_MAX = 2000
ACTION_MAX = 300
LINKS_MAX = 5
ACTIONS_MAX = 30


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def latest_target_date(today: date) -> date:
    """The furthest target date a goal may have: 18 months from today."""
    return add_months(today, HORIZON_MONTHS)


@dataclass
class GoalInput:
    """What a learner writes for a goal, before it is checked."""

    specific: str
    measurable: str
    support: str
    behaviour_ids: Sequence[str]
    target_date: date | None
    resource_keys: Sequence[str] = field(default_factory=tuple)

    def cleaned(self) -> GoalInput:
        """The same input with surrounding spaces removed and repeats dropped."""
        return GoalInput(
            specific=self.specific.strip(),
            measurable=self.measurable.strip(),
            support=self.support.strip(),
            behaviour_ids=list(dict.fromkeys(self.behaviour_ids)),
            target_date=self.target_date,
            resource_keys=list(dict.fromkeys(self.resource_keys)),
        )


def _length(problems: dict[str, str], name: str, label: str, text: str, limit: int) -> None:
    if len(text) > limit and name not in problems:
        problems[name] = f"{label} must be {limit} characters or fewer (it is {len(text)})"


def goal_problems(
    data: GoalInput,
    *,
    focus_ids: Collection[str],
    resource_keys: Collection[str],
    today: date,
    unchanged_date: date | None = None,
) -> dict[str, str]:
    """What is wrong with a goal, field by field, in words that say how to make it SMART.
    ``unchanged_date`` is the goal's saved date, accepted as it is even if it has passed."""
    data = data.cleaned()
    problems: dict[str, str] = {}
    if not data.specific:
        problems["specific"] = (
            "Say exactly what you will do: an action someone could watch you take, for example "
            "'Lead the weekly team huddle and ask each person for one idea'"
        )
    elif len(data.specific) < SPECIFIC_MIN:
        problems["specific"] = (
            f"Be more specific (at least {SPECIFIC_MIN} characters): say what you will do, "
            "where and with whom"
        )
    _length(problems, "specific", "What you will do", data.specific, TEXT_MAX)
    if not data.measurable:
        problems["measurable"] = (
            "Say how you will know you have done it: something you can count or show, for "
            "example 'feedback from 3 colleagues' or 'used at 6 huddles'"
        )
    _length(problems, "measurable", "How you will know", data.measurable, TEXT_MAX)
    if not data.support:
        problems["support"] = (
            "Say what support, time or resources make this achievable for you, or write "
            "'none needed'"
        )
    _length(problems, "support", "Support you need", data.support, TEXT_MAX)
    if not data.behaviour_ids:
        problems["behaviour_ids"] = (
            "Select at least one focus behaviour this goal develops, so it is relevant to your plan"
        )
    elif any(b not in focus_ids for b in data.behaviour_ids):
        problems["behaviour_ids"] = "Select focus behaviours from this item's list"
    if any(k not in resource_keys for k in data.resource_keys):
        problems["resource_keys"] = "Select resources from the suggested list"
    latest = latest_target_date(today)
    if data.target_date is None:
        problems["target_date"] = (
            "Enter a target date, so the goal is time-bound, for example "
            f"{add_months(today, 3):%-d %m %Y}"
        )
    elif data.target_date == unchanged_date:
        pass
    elif data.target_date <= today:
        problems["target_date"] = "Target date must be in the future"
    elif data.target_date > latest:
        problems["target_date"] = (
            f"Target date must be within {HORIZON_MONTHS} months, on or before "
            f"{latest:%-d %B %Y}; split a bigger goal into smaller ones"
        )
    return problems


def _checked(
    plan: Plan,
    item: PlanItem,
    data: GoalInput,
    framework: Framework,
    resource_keys,
    today,
    unchanged,
) -> GoalInput:
    if item.plan_id != plan.id:
        raise NotAllowed("That item belongs to another plan.")
    focus = {b.id for b in focus_behaviours(framework, item)}
    problems = goal_problems(
        data, focus_ids=focus, resource_keys=resource_keys, today=today, unchanged_date=unchanged
    )
    if problems:
        raise InvalidChange(problems)
    return data.cleaned()


def add_goal(
    session: Session,
    plan: Plan,
    item: PlanItem,
    data: GoalInput,
    by_user: User,
    framework: Framework,
    *,
    resource_keys: Collection[str],
    today: date,
) -> Goal:
    """Add a SMART goal to an item in the plan; raises ``InvalidChange`` naming each field."""
    require_editable(plan, by_user)
    if not item.included:
        raise NotAllowed("Add this dimension to your plan before writing goals for it.")
    data = _checked(plan, item, data, framework, resource_keys, today, None)
    assert data.target_date is not None
    goal = Goal(
        plan=plan,
        item=item,
        specific=data.specific,
        measurable=data.measurable,
        support=data.support,
        behaviour_ids=list(data.behaviour_ids),
        resource_keys=list(data.resource_keys),
        target_date=data.target_date,
        status=GoalStatus.NOT_STARTED.value,
    )
    session.add(goal)
    session.flush()
    name = framework.dimension(item.dimension_id).name
    record_event(
        session,
        plan,
        by_user,
        "goal_added",
        f"Goal added for {name}: {data.specific} (target date {data.target_date:%-d %B %Y}).",
        goal,
    )
    return goal


_FIELD_NAMES = {
    "specific": "what you will do",
    "measurable": "how you will know",
    "support": "support needed",
    "behaviour_ids": "focus behaviours",
    "resource_keys": "linked resources",
    "target_date": "target date",
}


def update_goal(
    session: Session,
    goal: Goal,
    data: GoalInput,
    by_user: User,
    framework: Framework,
    *,
    resource_keys: Collection[str],
    today: date,
) -> list[str]:
    """Change a goal's SMART fields; returns the names of the fields that changed (all recorded
    in the history with their old and new values)."""
    plan = goal.plan
    require_editable(plan, by_user)
    data = _checked(plan, goal.item, data, framework, resource_keys, today, goal.target_date)
    changes: list[str] = []
    for name in _FIELD_NAMES:
        old, new = getattr(goal, name), getattr(data, name)
        if isinstance(old, list):
            new = list(new)
        if old == new:
            continue
        changes.append(name)
        setattr(goal, name, new)
        if name == "target_date":
            detail = f"from {old:%-d %B %Y} to {new:%-d %B %Y}"
        elif isinstance(new, list):
            detail = f"from {', '.join(old) or 'none'} to {', '.join(new) or 'none'}"
        else:
            detail = f"from “{old}” to “{new}”"
        record_event(
            session, plan, by_user, "goal_changed", f"Changed {_FIELD_NAMES[name]} {detail}.", goal
        )
    if changes:
        goal.updated_at = utcnow()
    return changes


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


def _start_work(session: Session, goal: Goal, by_user: User) -> None:
    plan = goal.plan
    if goal.goal_status == GoalStatus.NOT_STARTED:
        goal.status = GoalStatus.IN_PROGRESS.value
        record_event(session, plan, by_user, "goal_status", "Status changed to In progress.", goal)
    if plan.plan_status == PlanStatus.APPROVED:
        plan.status = PlanStatus.ACTIVE.value
        record_event(session, plan, by_user, "plan_activated", "Plan is now active.")


def change_status(
    session: Session,
    goal: Goal,
    status: GoalStatus,
    by_user: User,
    *,
    reason: str = "",
    reflection: str = "",
) -> None:
    """Move a goal to another status: dropping needs a reason, achieving needs a reflection."""
    plan = goal.plan
    require_trackable(plan, by_user)
    reason, reflection = reason.strip(), reflection.strip()
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
    if problems:
        raise InvalidChange(problems)
    if status == goal.goal_status and status not in (GoalStatus.ACHIEVED, GoalStatus.DROPPED):
        return
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
        _start_work(session, goal, by_user)


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
    _length(problems, "note", "Progress note", note, LONG_TEXT_MAX)
    _length(problems, "evidence_text", "Evidence", evidence_text, LONG_TEXT_MAX)
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
    _start_work(session, goal, by_user)
    return update


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


def glance_for(session: Session, user_id: int, course_id: int, today: date) -> PlanAtAGlance | None:
    """The learner's current plan at a glance, or None before their first plan: one query, two
    when it has goals, loading only what the home page shows."""
    plan = session.scalar(
        select(Plan)
        .where(Plan.user_id == user_id, Plan.course_id == course_id)
        .order_by(Plan.version.desc())
        .limit(1)
        .options(
            load_only(
                Plan.id,
                Plan.version,
                Plan.status,
                Plan.review_message,
                Plan.reviewed_by_id,
                Plan.closed_at,
            ),
            selectinload(Plan.goals),
            selectinload(Plan.reviewed_by),
        )
    )
    return None if plan is None else plan_at_a_glance(plan, today)
