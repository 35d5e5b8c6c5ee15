"""Rows and assessment results for plan tests, made through the domain's own functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from development_plans.framework import Framework, available_frameworks
from development_plans.models import Course, Enrolment, User

HLM = "nhs-healthcare-leadership-model"


@dataclass(frozen=True)
class Result:
    """One dimension's assessed level and importance, as an assessment reports it."""

    dimension_id: str
    level_id: str | None
    importance: int


def hlm() -> Framework:
    return available_frameworks()[HLM]


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


def in_months(today: date, months: int) -> date:
    from development_plans.goals import add_months

    return add_months(today, months)
