"""Rows for the self-assessment domain tests, made through the domain's own functions, on a
session whose work is always rolled back."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from support.packs import HLM_PACK, SMALL_PACK

from development_plans.assessments import Assessment, save_dimension_answers, start_or_resume
from development_plans.courses import Course
from development_plans.framework import Framework, load_framework
from development_plans.people import User

HLM = load_framework(HLM_PACK)
SMALL = load_framework(SMALL_PACK)
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A session whose work is never committed: each test leaves the database as it found it."""
    with engine.connect() as connection:
        transaction = connection.begin()
        session = Session(bind=connection)
        try:
            yield session
        finally:
            session.close()
            transaction.rollback()


def person(session: Session, subject: str) -> User:
    user = User(issuer="https://lms.example", subject=subject, name=subject.title())
    session.add(user)
    session.flush()
    return user


def course(session: Session, context_id: str) -> Course:
    row = Course(
        issuer="https://lms.example", client_id="c", deployment_id="1", context_id=context_id
    )
    session.add(row)
    session.flush()
    return row


def started(
    session: Session, user: User, where: Course, framework: Framework = SMALL, now=T0
) -> Assessment:
    return start_or_resume(
        session,
        user_id=user.id,
        course_id=where.id,
        placement_id=None,
        framework=framework,
        now=now,
    )


def answer_everything(
    session: Session,
    assessment: Assessment,
    framework: Framework,
    rating_for=lambda behaviour: 3,
    importance_for=lambda dimension: 3,
) -> None:
    for dimension in framework.dimensions:
        save_dimension_answers(
            session,
            assessment,
            framework,
            dimension.id,
            {b.id: rating_for(b) for b in dimension.all_behaviours()},
            importance_for(dimension),
        )
