"""A large team made with bulk inserts (a handful of statements per table, whatever its size), for
the dashboard's query-count test and its benchmark."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from development_plans.assessments import Assessment, DimensionResult
from development_plans.framework import Framework
from development_plans.models import Course, Enrolment, User, utcnow
from development_plans.plans import Goal, Plan, PlanItem

PLAN_STATUSES = ("draft", "submitted", "changes_requested", "approved", "active")


def _ids(session: Session, model, key_column, keys: list) -> dict:
    found = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        found.update(
            session.execute(select(key_column, model.id).where(key_column.in_(chunk))).all()
        )
    return found


def add_bulk_members(
    session: Session, course: Course, framework: Framework, count: int, first: int = 0
) -> None:
    """Add ``count`` learners to ``course``: a fifth not started, a fifth assessing, the rest
    assessed at varied levels, of whom most have plans in every status with an achieved goal
    and an overdue one. Commits."""
    now = utcnow()
    today = now.date()
    numbers = range(first, first + count)
    subjects = [f"bulk-{course.id}-{n}" for n in numbers]
    session.execute(
        insert(User),
        [
            {
                "issuer": course.issuer,
                "subject": subject,
                "name": f"Member {n:05d}" if n % 7 else None,
                "email": f"member{n}@example.nhs.uk" if n % 11 else None,
                "created_at": now,
                "last_seen_at": now,
            }
            for n, subject in zip(numbers, subjects, strict=True)
        ],
    )
    users = _ids(session, User, User.subject, subjects)
    session.execute(
        insert(Enrolment),
        [
            {
                "user_id": users[subject],
                "course_id": course.id,
                "tool_role": "learner",
                "lti_roles": [],
                "mentee_subjects": [],
                "active": n % 50 != 49,
                "launched": n % 3 != 0,
                "created_at": now,
                "last_launch_at": now - timedelta(hours=n % 500) if n % 3 else None,
            }
            for n, subject in zip(numbers, subjects, strict=True)
        ],
    )
    started = [(n, users[s]) for n, s in zip(numbers, subjects, strict=True) if n % 5]
    session.execute(
        insert(Assessment),
        [
            {
                "user_id": uid,
                "course_id": course.id,
                "framework_id": framework.id,
                "framework_version": framework.version,
                "cycle": 1,
                "status": "in_progress" if n % 5 == 1 else "submitted",
                "current_dimension": 0,
                "started_at": now,
                "updated_at": now,
                "submitted_at": None if n % 5 == 1 else now,
            }
            for n, uid in started
        ],
    )
    assessed = [(n, uid) for n, uid in started if n % 5 != 1]
    assessment_ids = dict(
        session.execute(
            select(Assessment.user_id, Assessment.id).where(
                Assessment.course_id == course.id, Assessment.status == "submitted"
            )
        ).all()
    )
    levels = [None, *framework.level_ids]
    session.execute(
        insert(DimensionResult),
        [
            {
                "assessment_id": assessment_ids[uid],
                "position": position,
                "dimension_id": dimension.id,
                "level_id": levels[(n + position) % len(levels)],
                "importance": 1 + (n + position) % 4,
            }
            for n, uid in assessed
            for position, dimension in enumerate(framework.dimensions)
        ],
    )
    planned = [(n, uid) for n, uid in assessed if n % 5 != 2]
    session.execute(
        insert(Plan),
        [
            {
                "user_id": uid,
                "course_id": course.id,
                "framework_id": framework.id,
                "assessment_id": assessment_ids[uid],
                "cycle": 1,
                "version": 1,
                "status": PLAN_STATUSES[n % len(PLAN_STATUSES)],
                "created_at": now,
                "updated_at": now,
            }
            for n, uid in planned
        ],
    )
    plan_ids = dict(
        session.execute(select(Plan.user_id, Plan.id).where(Plan.course_id == course.id)).all()
    )
    dimension = framework.dimensions[0]
    session.execute(
        insert(PlanItem),
        [
            {
                "plan_id": plan_ids[uid],
                "dimension_id": dimension.id,
                "position": 0,
                "current_level_id": framework.level_ids[0],
                "importance": 3,
                "suggested_target_id": framework.level_ids[1],
                "target_level_id": framework.level_ids[1],
                "included": True,
                "added_by_learner": False,
            }
            for _, uid in planned
        ],
    )
    item_ids = _ids(session, PlanItem, PlanItem.plan_id, [plan_ids[uid] for _, uid in planned])
    session.execute(
        insert(Goal),
        [
            {
                "plan_id": plan_ids[uid],
                "item_id": item_ids[plan_ids[uid]],
                "specific": f"Goal {k} of member {n}",
                "measurable": "Measured",
                "support": "",
                "behaviour_ids": [],
                "resource_keys": [],
                "target_date": today + timedelta(days=30) if k else today - timedelta(days=3),
                "status": ("not_started", "achieved", "in_progress")[k],
                "created_at": now,
                "updated_at": now,
            }
            for n, uid in planned
            for k in range(3)
        ],
    )
    session.commit()
