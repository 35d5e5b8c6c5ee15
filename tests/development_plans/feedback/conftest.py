"""Fixtures for the 360 feedback domain tests: the migrated test database, a course with a
learner, colleagues and a manager, and the learner's started assessment."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from support.assessment_data import HLM, course, person, rolled_back, started
from support.feedback_data import NOW, enrol

from development_plans.feedback import FeedbackRequest, start_request


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
def people(session: Session) -> dict:
    """asha (the learner), three peers, carys (a manager) in LEAD101; dan, a manager elsewhere."""
    lead = course(session, "LEAD101")
    other = course(session, "OTHER")
    found = {"course": lead, "other_course": other}
    for name in ("asha", "pia", "pete", "paul", "ben"):
        found[name] = person(session, name)
        found[f"{name}_enrolment"] = enrol(session, found[name], lead)
    found["carys"] = person(session, "carys")
    found["carys_enrolment"] = enrol(session, found["carys"], lead, "manager")
    found["dan"] = person(session, "dan")
    found["dan_enrolment"] = enrol(session, found["dan"], other, "manager")
    found["asha"].email = "asha@example.nhs.uk"
    return found


@pytest.fixture
def request_(session: Session, people: dict) -> FeedbackRequest:
    """Asha's open request on her started assessment, closing in two weeks."""
    assessment = started(session, people["asha"], people["course"], HLM)
    return start_request(
        session,
        learner=people["asha"],
        assessment=assessment,
        framework=HLM,
        closes_at=NOW + timedelta(days=14),
        now=NOW,
    )
