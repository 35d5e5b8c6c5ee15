"""Team data for tests: members with a chosen assessment, plan and goals for the dashboard's
domain tests, a learner with a plan submitted for review, and a large team made with bulk inserts
(a handful of statements per table, whatever its size) for the query-count tests and the
benchmark."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from html import unescape

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from support.plan_data import hlm, submit_assessment

from demo_lms.config import MENTOR, Persona
from development_plans import plans as plan_rules
from development_plans.assessments import Assessment, DimensionResult, latest_submitted
from development_plans.courses import Course
from development_plans.db import utcnow
from development_plans.framework import Framework
from development_plans.goals import Goal, GoalInput, add_goal
from development_plans.people import Enrolment, User
from development_plans.plans import Plan, PlanItem

ASHA = "demo-learner-asha"
BEN = "demo-learner-ben"
DANA = Persona(
    id="dana",
    sub="demo-mentor-dana",
    given_name="Dana",
    family_name="Reyes",
    email="dana.reyes@example.nhs.uk",
    roles=(MENTOR,),
    mentees=(BEN,),
)
PLAN_STATUSES = ("draft", "submitted", "changes_requested", "approved", "active")


def text_of(html: str) -> str:
    """The visible text of a page, tags removed and entities decoded, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def user_id(app, subject: str) -> int:
    from lti_tool.extensions import db

    with app.app_context():
        return db.session.scalar(select(User.id).where(User.subject == subject))


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


def add_assessment(
    session: Session,
    user: User,
    course: Course,
    framework: Framework,
    *,
    levels: dict[str, str | None] | None = None,
    submitted: bool = True,
    cycle: int = 1,
    at: datetime | None = None,
    framework_id: str | None = None,
) -> Assessment:
    """A self-assessment of ``user`` in ``course``, submitted with a result per entry of
    ``levels`` (dimension id → level id, None for below the lowest) unless ``submitted`` is
    false; ``at`` is when it was last changed."""
    at = at or utcnow()
    assessment = Assessment(
        user_id=user.id,
        course_id=course.id,
        framework_id=framework_id or framework.id,
        framework_version=framework.version,
        cycle=cycle,
        status="submitted" if submitted else "in_progress",
        started_at=at,
        updated_at=at,
        submitted_at=at if submitted else None,
    )
    session.add(assessment)
    session.flush()
    for position, (dimension_id, level_id) in enumerate((levels or {}).items()):
        session.add(
            DimensionResult(
                assessment_id=assessment.id,
                position=position,
                dimension_id=dimension_id,
                level_id=level_id,
                importance=2,
            )
        )
    session.flush()
    return assessment


def add_plan(
    session: Session,
    user: User,
    course: Course,
    framework: Framework,
    status: str,
    *,
    assessment: Assessment | None = None,
    version: int = 1,
    goals: Iterable[tuple[str, date]] = (),
    at: datetime | None = None,
) -> Plan:
    """A plan of ``user`` in ``course`` in ``status``, drafted from ``assessment`` (if any), with
    one item and a goal per (goal status, target date) in ``goals``."""
    at = at or utcnow()
    plan = Plan(
        user_id=user.id,
        course_id=course.id,
        framework_id=framework.id,
        assessment_id=assessment.id if assessment else None,
        cycle=assessment.cycle if assessment else None,
        version=version,
        status=status,
        created_at=at,
        updated_at=at,
    )
    session.add(plan)
    session.flush()
    item = PlanItem(
        plan_id=plan.id,
        dimension_id=framework.dimensions[0].id,
        position=0,
        current_level_id=framework.level_ids[0],
        importance=2,
        suggested_target_id=framework.level_ids[1],
        target_level_id=framework.level_ids[1],
        included=True,
    )
    session.add(item)
    session.flush()
    for n, (goal_status, target_date) in enumerate(goals):
        session.add(
            Goal(
                plan_id=plan.id,
                item_id=item.id,
                specific=f"Goal {n}",
                measurable="Measured",
                target_date=target_date,
                status=goal_status,
                created_at=at,
                updated_at=at,
            )
        )
    session.flush()
    return plan


def submitted_plan(app, subject: str, submit: bool = True) -> tuple[int, int]:
    """Give ``subject`` an assessment and a plan with one goal, submitted for review unless
    ``submit`` is false; returns (plan id, goal id)."""
    from lti_tool.extensions import db

    submit_assessment(app, subject, {"engaging-the-team": None})
    framework = hlm()
    with app.app_context():
        user = db.session.scalar(select(User).where(User.subject == subject))
        course_id = db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
        assessment = latest_submitted(db.session, user.id, course_id)
        plan = plan_rules.draft_plan(
            db.session,
            user=user,
            course_id=course_id,
            placement_id=None,
            framework=framework,
            results=assessment.dimension_results,
            assessment_id=assessment.id,
            cycle=assessment.cycle,
        )
        item = next(i for i in plan.items if i.included)
        behaviour = plan_rules.focus_behaviours(framework, item)[0]
        goal = add_goal(
            db.session,
            plan,
            item,
            GoalInput(
                specific="Lead the weekly huddle and ask everyone for one idea",
                measurable="Six huddles with notes",
                support="Time with my mentor",
                behaviour_ids=[behaviour.id],
                target_date=utcnow().date() + timedelta(days=60),
            ),
            user,
            framework,
            resource_keys=(),
            today=utcnow().date(),
        )
        if submit:
            plan_rules.submit_for_review(db.session, plan, user)
        db.session.commit()
        return plan.id, goal.id
