"""Rows, assessment results, plans and goals for plan tests, made through the domain's own
functions, and the fixtures the domain tests of plans, goals and resources share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from support.packs import FRAMEWORKS_DIR

from development_plans import assessments
from development_plans.courses import Course, Placement
from development_plans.framework import Framework, available_frameworks
from development_plans.goals import GoalInput, add_goal
from development_plans.people import Enrolment, User
from development_plans.plans import draft_plan, focus_behaviours, prioritised_items

HLM = "nhs-healthcare-leadership-model"


@dataclass(frozen=True)
class Result:
    """One dimension's assessed level and importance, as an assessment reports it."""

    dimension_id: str
    level_id: str | None
    importance: int


def hlm() -> Framework:
    return available_frameworks(FRAMEWORKS_DIR)[HLM]


def results(framework: Framework, **overrides: tuple[str | None, int]) -> list[Result]:
    """Every dimension at Essential with importance 2, except those given as
    ``dimension_id_with_underscores=(level_id, importance)``."""
    out = []
    for dimension in framework.dimensions:
        level, importance = overrides.get(dimension.id.replace("-", "_"), ("essential", 2))
        out.append(Result(dimension.id, level, importance))
    return out


def person(session, name: str, course: Course, role: str = "learner") -> User:
    user = User(issuer="https://lms.example", subject=f"sub-{name}-{course.context_id}", name=name)
    session.add(user)
    session.flush()
    session.add(Enrolment(user_id=user.id, course_id=course.id, tool_role=role))
    session.flush()
    return user


def course(session, context_id: str = "course-1") -> Course:
    row = Course(
        issuer="https://lms.example", client_id="c", deployment_id="1", context_id=context_id
    )
    session.add(row)
    session.flush()
    return row


def assess(
    session,
    framework: Framework,
    user_id: int,
    course_id: int,
    placement_id: int | None = None,
    levels: dict[str, str | None] | None = None,
    importance: dict[str, int] | None = None,
):
    """Submit an assessment answering every behaviour up to the given level per dimension
    (default Essential; None = Insufficient) with the given importance (default 2)."""
    levels, importance = levels or {}, importance or {}
    top = max(option.value for option in framework.scale)
    cycle = assessments.start_or_resume(
        session,
        user_id=user_id,
        course_id=course_id,
        placement_id=placement_id,
        framework=framework,
    )
    for dimension in framework.dimensions:
        reached = levels.get(dimension.id, "essential")
        rank = framework.level(reached or framework.below_lowest.id).rank
        ratings = {
            b.id: top if entry.level.rank <= rank else 0
            for entry in dimension.levels
            for b in entry.behaviours
        }
        assessments.save_dimension_answers(
            session, cycle, framework, dimension.id, ratings, importance.get(dimension.id, 2)
        )
    assessments.submit(session, cycle, framework)
    return cycle


def submit_assessment(app, subject: str, levels: dict[str, str | None], importance=None) -> int:
    """Give ``subject`` a submitted assessment in their course at the given levels per dimension
    (default Essential; None = Insufficient) and importance (default 2); returns its id."""
    from lti_tool.extensions import db

    with app.app_context():
        user = db.session.scalar(select(User).where(User.subject == subject))
        course_id = db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
        placement_id = db.session.scalar(
            select(Placement.id).where(Placement.course_id == course_id).limit(1)
        )
        cycle = assess(db.session, hlm(), user.id, course_id, placement_id, levels, importance)
        db.session.commit()
        return cycle.id


RESOURCES_DIR = Path(__file__).resolve().parents[2] / "content" / "resources"


@pytest.fixture
def db(app):
    """A session on the test database inside an app context, rolled back afterwards."""
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session
        db.session.rollback()


@pytest.fixture
def fw() -> Framework:
    return hlm()


@pytest.fixture
def people(db) -> dict:
    """Two courses: learners Asha and Ben and manager Carys in one, manager Dev in the other."""
    here = course(db, "course-1")
    there = course(db, "course-2")
    return {
        "course": here,
        "other_course": there,
        "asha": person(db, "Asha", here),
        "ben": person(db, "Ben", here),
        "carys": person(db, "Carys", here, "manager"),
        "dev": person(db, "Dev", there, "manager"),
    }


def draft(db, fw: Framework, user: User, course: Course, **levels):
    """Draft ``user``'s plan from assessment 1 at the given levels (see :func:`results`)."""
    return draft_plan(
        db,
        user=user,
        course_id=course.id,
        placement_id=None,
        framework=fw,
        results=results(fw, **levels),
        assessment_id=1,
        cycle=1,
    )


def smart_goal(db, plan, fw: Framework, user: User, item=None):
    """Add a SMART goal due in 90 days to ``item`` (default: the plan's first priority)."""
    today = date.today()
    item = item or prioritised_items(fw, plan)[0]
    return add_goal(
        db,
        plan,
        item,
        GoalInput(
            specific="Lead the weekly huddle and ask each person for one idea",
            measurable="Used at six huddles, with notes",
            support="Half an hour a week with my mentor",
            behaviour_ids=[focus_behaviours(fw, item)[0].id],
            target_date=today + timedelta(days=90),
        ),
        user,
        fw,
        resource_keys=set(),
        today=today,
    )


GOAL_DAY = date(2026, 11, 27)


def smart_input(**overrides) -> GoalInput:
    """A goal that passes every SMART check on :data:`GOAL_DAY` (focus behaviour ``a.1``)."""
    values = {
        "specific": "Lead the weekly huddle and ask each person for one idea",
        "measurable": "Used at six huddles",
        "support": "none needed",
        "behaviour_ids": ["a.1"],
        "target_date": GOAL_DAY + timedelta(days=30),
        **overrides,
    }
    return GoalInput(**values)


def goal_due_in(db, plan, user: User, fw: Framework, days: int = 30, item=None):
    """Add a SMART goal due ``days`` from today to ``item`` (default: the first priority)."""
    item = item or prioritised_items(fw, plan)[0]
    today = date.today()
    return add_goal(
        db,
        plan,
        item,
        smart_input(
            behaviour_ids=[focus_behaviours(fw, item)[0].id], target_date=today + timedelta(days)
        ),
        user,
        fw,
        resource_keys=set(),
        today=today,
    )
