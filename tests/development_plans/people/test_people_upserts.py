"""One rule for recording people, used by the launch and the roster sync."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from development_plans.courses import CourseFacts, upsert_course
from development_plans.db import Base
from development_plans.people import Enrolment, MemberFacts, ToolRole, User, upsert_member


@pytest.fixture
def session(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'people.sqlite3'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _course(session) -> int:
    return upsert_course(session, CourseFacts("https://lms", "client", "1", "course-1", "Cohort"))


def test_a_second_launch_updates_names_but_never_erases_them(session):
    course = _course(session)
    first = MemberFacts("s1", ToolRole.LEARNER, name="Asha Patel", email="asha@example.nhs.uk")
    recorded = upsert_member(session, "https://lms", course, first, launched=True)
    again = MemberFacts("s1", ToolRole.LEARNER, name="Asha P. Patel")
    assert upsert_member(session, "https://lms", course, again, launched=True) == recorded
    user = session.scalars(select(User)).one()
    assert (user.name, user.email) == ("Asha P. Patel", "asha@example.nhs.uk")


def test_a_roster_never_overrides_the_roles_a_launch_recorded(session):
    course = _course(session)
    launch = MemberFacts("s1", ToolRole.MANAGER, lti_roles=("Instructor",))
    upsert_member(session, "https://lms", course, launch, launched=True)
    listed = MemberFacts("s1", ToolRole.LEARNER, lti_roles=("Learner",), active=False)
    upsert_member(session, "https://lms", course, listed, launched=False)
    enrolment = session.scalars(select(Enrolment)).one()
    session.refresh(enrolment)
    assert (enrolment.tool_role, enrolment.lti_roles) == ("manager", ["Instructor"])
    assert enrolment.active is False and enrolment.launched is True


def test_a_roster_sets_the_roles_of_people_who_never_launched(session):
    course = _course(session)
    upsert_member(
        session, "https://lms", course, MemberFacts("s2", ToolRole.LEARNER), launched=False
    )
    manager = MemberFacts("s2", ToolRole.MANAGER, lti_roles=("Instructor",))
    upsert_member(session, "https://lms", course, manager, launched=False)
    enrolment = session.scalars(select(Enrolment)).one()
    session.refresh(enrolment)
    assert (enrolment.tool_role, enrolment.launched) == ("manager", False)
