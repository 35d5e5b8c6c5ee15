"""Rows and assessment results for plan tests, made through the domain's own functions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from support.packs import FRAMEWORKS_DIR

from development_plans import assessments
from development_plans.framework import Framework, available_frameworks
from development_plans.models import Course, Enrolment, Placement, User

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


def submit_assessment(app, subject: str, levels: dict[str, str | None], importance=None) -> int:
    """Give ``subject`` a submitted assessment in their course at the given levels per dimension
    (default Essential; None = Insufficient) and importance (default 2); returns its id."""
    from lti_tool.extensions import db

    framework = hlm()
    importance = importance or {}
    top = max(option.value for option in framework.scale)
    with app.app_context():
        user = db.session.scalar(select(User).where(User.subject == subject))
        course_id = db.session.scalar(select(Course.id).order_by(Course.id).limit(1))
        placement_id = db.session.scalar(
            select(Placement.id).where(Placement.course_id == course_id).limit(1)
        )
        cycle = assessments.start_or_resume(
            db.session,
            user_id=user.id,
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
                db.session,
                cycle,
                framework,
                dimension.id,
                ratings,
                importance.get(dimension.id, 2),
            )
        assessments.submit(db.session, cycle, framework)
        db.session.commit()
        return cycle.id
