"""Fixtures for the self-assessment domain tests, on the migrated test database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from support.assessment_data import course, person, rolled_back

from development_plans.courses import Course
from development_plans.people import User


@pytest.fixture(scope="module")
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with rolled_back(engine) as session:
        yield session


@pytest.fixture
def asha(session: Session) -> User:
    return person(session, "asha")


@pytest.fixture
def ben(session: Session) -> User:
    return person(session, "ben")


@pytest.fixture
def lead101(session: Session) -> Course:
    return course(session, "LEAD101")
