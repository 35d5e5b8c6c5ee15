"""A machine-readable copy of everything the tool holds about one learner: their assessments,
plans, goals, actions, progress and the history of every change, in every course."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from development_plans.assessments import (
    IMPORTANCE_SCALE,
    Assessment,
    BehaviourAnswer,
    DimensionImportance,
    importance_label,
    level_words,
)
from development_plans.courses import Course
from development_plans.db import utcnow
from development_plans.framework import Framework
from development_plans.goals.models import Goal
from development_plans.people import User
from development_plans.plans.models import Plan, PlanEvent, PlanItem

EXPORT_FORMAT = "development-planner-learner-export/1"


def _when(value: datetime | date | None) -> str | None:
    return None if value is None else value.isoformat()


class _Words:
    """What ids and numbers in the export mean, in the words of the framework they came from
    (None where that framework is no longer installed)."""

    def __init__(self, frameworks: Mapping[str, Framework]) -> None:
        self.frameworks = frameworks

    def rating(self, framework_id: str, value: int | None) -> str | None:
        framework = self.frameworks.get(framework_id)
        labels = {o.value: o.label for o in framework.scale} if framework else {}
        return labels.get(value)

    def behaviour(self, framework_id: str, behaviour_id: str) -> str | None:
        framework = self.frameworks.get(framework_id)
        try:
            return framework.behaviour(behaviour_id).self_text if framework else None
        except KeyError:
            return None

    def level(self, framework_id: str, level_id: str | None) -> str | None:
        framework = self.frameworks.get(framework_id)
        try:
            return level_words(framework, level_id) if framework else None
        except KeyError:
            return None

    def scales(self) -> dict[str, Any]:
        return {
            "importance": [{"value": o.value, "means": o.label} for o in IMPORTANCE_SCALE],
            "ratings": {
                fid: [{"value": o.value, "means": o.label} for o in fw.scale]
                for fid, fw in self.frameworks.items()
            },
        }


def _importance_means(value: int) -> str | None:
    return importance_label(value) if any(o.value == value for o in IMPORTANCE_SCALE) else None


def _assessment(
    row: Assessment, answers: list[BehaviourAnswer], importances, words: _Words
) -> dict[str, Any]:
    fid = row.framework_id
    return {
        "id": row.id,
        "cycle": row.cycle,
        "framework": {"id": row.framework_id, "version": row.framework_version},
        "status": row.status,
        "started_at": _when(row.started_at),
        "submitted_at": _when(row.submitted_at),
        "answers": [
            {
                "behaviour_id": a.behaviour_id,
                "behaviour": words.behaviour(fid, a.behaviour_id),
                "rating": a.rating,
                "rating_means": words.rating(fid, a.rating),
                "answered_at": _when(a.answered_at),
            }
            for a in answers
        ],
        "importance": {i.dimension_id: i.importance for i in importances},
        "importance_means": {i.dimension_id: _importance_means(i.importance) for i in importances},
        "results": [
            {
                "dimension_id": r.dimension_id,
                "level_id": r.level_id,
                "level": words.level(fid, r.level_id),
                "importance": r.importance,
                "importance_means": _importance_means(r.importance),
            }
            for r in row.dimension_results
        ],
    }


def _item(item: PlanItem, fid: str, words: _Words) -> dict[str, Any]:
    return {
        "dimension_id": item.dimension_id,
        "in_plan": item.included,
        "added_by_learner": item.added_by_learner,
        "current_level_id": item.current_level_id,
        "current_level": words.level(fid, item.current_level_id),
        "importance": item.importance,
        "importance_means": _importance_means(item.importance),
        "suggested_target_level_id": item.suggested_target_id,
        "target_level_id": item.target_level_id,
        "target_level": words.level(fid, item.target_level_id),
        "reason_for_lower_target": item.target_reason,
    }


def _goal(goal: Goal, fid: str, words: _Words) -> dict[str, Any]:
    return {
        "id": goal.id,
        "dimension_id": goal.item.dimension_id,
        "specific": goal.specific,
        "measurable": goal.measurable,
        "support": goal.support,
        "focus_behaviour_ids": goal.behaviour_ids,
        "focus_behaviours": [words.behaviour(fid, b) for b in goal.behaviour_ids],
        "resource_keys": goal.resource_keys,
        "target_date": _when(goal.target_date),
        "status": goal.status,
        "dropped_reason": goal.dropped_reason,
        "reflection": goal.reflection,
        "carried_over_from_goal_id": goal.carried_from_id,
        "created_at": _when(goal.created_at),
        "achieved_at": _when(goal.achieved_at),
        "actions": [
            {"text": a.text, "done": a.done, "done_at": _when(a.done_at)} for a in goal.actions
        ],
        "progress": [
            {
                "date": _when(u.occurred_on),
                "note": u.note,
                "evidence_text": u.evidence_text,
                "evidence_links": u.evidence_links,
                "recorded_at": _when(u.created_at),
            }
            for u in reversed(goal.updates)
        ],
    }


def _plan(
    plan: Plan, events: list[PlanEvent], names: dict[int, str], words: _Words
) -> dict[str, Any]:
    return {
        "id": plan.id,
        "version": plan.version,
        "framework_id": plan.framework_id,
        "assessment_id": plan.assessment_id,
        "cycle": plan.cycle,
        "status": plan.status,
        "created_at": _when(plan.created_at),
        "submitted_at": _when(plan.submitted_at),
        "reviewed_at": _when(plan.reviewed_at),
        "review_message": plan.review_message,
        "closed_at": _when(plan.closed_at),
        "items": [_item(i, plan.framework_id, words) for i in plan.items],
        "goals": [_goal(g, plan.framework_id, words) for g in plan.goals],
        "history": [
            {
                "at": _when(e.at),
                "by": names.get(e.actor_id or 0, "Someone no longer in the tool"),
                "action": e.action,
                "goal_id": e.goal_id,
                "summary": e.summary,
            }
            for e in events
        ],
    }


def _assessments_of(session: Session, user: User) -> tuple[list[Assessment], dict, dict]:
    """The learner's assessments with their answers and importances by assessment id."""
    assessments = list(
        session.scalars(
            select(Assessment)
            .where(Assessment.user_id == user.id)
            .order_by(Assessment.course_id, Assessment.cycle)
        )
    )
    ids = [a.id for a in assessments]
    answers: dict[int, list[BehaviourAnswer]] = defaultdict(list)
    importances: dict[int, list[DimensionImportance]] = defaultdict(list)
    if ids:
        for answer in session.scalars(
            select(BehaviourAnswer)
            .where(BehaviourAnswer.assessment_id.in_(ids))
            .order_by(BehaviourAnswer.id)
        ):
            answers[answer.assessment_id].append(answer)
        for importance in session.scalars(
            select(DimensionImportance).where(DimensionImportance.assessment_id.in_(ids))
        ):
            importances[importance.assessment_id].append(importance)
    return assessments, answers, importances


def _plans_of(session: Session, user: User) -> list[Plan]:
    return list(
        session.scalars(
            select(Plan)
            .where(Plan.user_id == user.id)
            .order_by(Plan.course_id, Plan.version)
            .options(
                selectinload(Plan.items),
                selectinload(Plan.goals).selectinload(Goal.item),
                selectinload(Plan.goals).selectinload(Goal.actions),
                selectinload(Plan.goals).selectinload(Goal.updates),
            )
        )
    )


def _history_of(
    session: Session, plans: list[Plan]
) -> tuple[dict[int, list[PlanEvent]], dict[int, str]]:
    """Each plan's events, oldest first, and the names of the people who made them."""
    events: dict[int, list[PlanEvent]] = defaultdict(list)
    if plans:
        for event in session.scalars(
            select(PlanEvent)
            .where(PlanEvent.plan_id.in_([p.id for p in plans]))
            .order_by(PlanEvent.at, PlanEvent.id)
        ):
            events[event.plan_id].append(event)
    actor_ids = {e.actor_id for rows in events.values() for e in rows if e.actor_id}
    names = {
        u.id: u.display_name
        for u in (session.scalars(select(User).where(User.id.in_(actor_ids))) if actor_ids else [])
    }
    return events, names


def learner_export(
    session: Session, user: User, frameworks: Mapping[str, Framework] | None = None
) -> dict[str, Any]:
    """All of one learner's data, grouped by course, in a fixed number of queries; with the
    installed ``frameworks`` each rating, level and behaviour id has its words beside it."""
    words = _Words(frameworks or {})
    assessments, answers, importances = _assessments_of(session, user)
    plans = _plans_of(session, user)
    events, names = _history_of(session, plans)
    course_ids = sorted({a.course_id for a in assessments} | {p.course_id for p in plans})
    courses = (
        {c.id: c for c in session.scalars(select(Course).where(Course.id.in_(course_ids)))}
        if course_ids
        else {}
    )
    return {
        "format": EXPORT_FORMAT,
        "exported_at": _when(utcnow()),
        "scales": words.scales(),
        "person": {
            "name": user.display_name,
            "email": user.email,
            "lms": user.issuer,
            "lms_user_id": user.subject,
        },
        "courses": [
            {
                "title": courses[cid].display_title,
                "lms_context_id": courses[cid].context_id,
                "assessments": [
                    _assessment(a, answers[a.id], importances[a.id], words)
                    for a in assessments
                    if a.course_id == cid
                ],
                "plans": [
                    _plan(p, events[p.id], names, words) for p in plans if p.course_id == cid
                ],
            }
            for cid in course_ids
        ],
    }
