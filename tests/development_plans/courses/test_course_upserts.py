"""Courses and placements are recorded by conflict-safe upserts that keep what a launch omits."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from development_plans.courses import (
    Course,
    CourseFacts,
    Placement,
    PlacementFacts,
    upsert_course,
    upsert_placement,
)
from development_plans.db import Base


@pytest.fixture
def session(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'courses.sqlite3'}")
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_the_same_context_is_one_course_and_a_missing_title_keeps_the_old_one(session):
    facts = CourseFacts("https://lms", "client", "1", "ctx", title="Leadership", label="LEAD")
    first = upsert_course(session, facts)
    second = upsert_course(session, CourseFacts("https://lms", "client", "1", "ctx"))
    assert first == second
    course = session.scalars(select(Course)).one()
    assert (course.title, course.label) == ("Leadership", "LEAD")
    other = upsert_course(session, CourseFacts("https://lms", "other-client", "1", "ctx"))
    assert other != first


def test_placement_scopes_are_replaced_only_when_the_launch_lists_them(session):
    course = upsert_course(session, CourseFacts("https://lms", "client", "1", "ctx"))
    with_scopes = PlacementFacts("link", title="Plan", ags_scopes=("score",))
    placement = upsert_placement(session, course, with_scopes)
    assert upsert_placement(session, course, PlacementFacts("link")) == placement
    row = session.scalars(select(Placement)).one()
    session.refresh(row)
    assert (row.title, row.ags_scopes) == ("Plan", ["score"])
    upsert_placement(session, course, PlacementFacts("link", ags_scopes=()))
    session.refresh(row)
    assert row.ags_scopes == []
