"""The named signal from the outbox to in-process senders: heard after a commit that queued a
grade, never after a rollback or a commit that queued none, and no longer once unheard."""

from __future__ import annotations

import pytest
from support.completion_data import enrolled, graded_placement

from development_plans.completion import CompletionState, record_completion
from lti_tool.extensions import db
from lti_tool.grades.wakeup import notify_grades_queued, on_grades_queued, stop_hearing


@pytest.fixture
def heard(app):
    calls: list[str] = []

    def listener() -> None:
        calls.append("woken")

    on_grades_queued(listener)
    with app.app_context():
        yield calls
    stop_hearing(listener)


def test_a_queued_grade_is_heard_once_its_transaction_commits(app, heard):
    placement = graded_placement(db.session)
    learner = enrolled(db.session, placement)
    db.session.commit()
    assert heard == []

    record_completion(
        db.session,
        user_id=learner,
        placement_id=placement.id,
        state=CompletionState.ASSESSMENT_SUBMITTED,
    )
    assert heard == [], "not before the commit"
    db.session.commit()
    assert heard == ["woken"]
    db.session.commit()
    assert heard == ["woken"], "a later commit that queued nothing is not heard"


def test_a_rolled_back_grade_is_never_heard(app, heard):
    placement = graded_placement(db.session)
    learner = enrolled(db.session, placement)
    record_completion(
        db.session,
        user_id=learner,
        placement_id=placement.id,
        state=CompletionState.ASSESSMENT_SUBMITTED,
    )
    db.session.rollback()
    db.session.commit()
    assert heard == []


def test_a_savepoint_rollback_keeps_the_signal(app, heard):
    notify_grades_queued(db.session)
    with db.session.begin_nested() as savepoint:
        savepoint.rollback()
    db.session.commit()
    assert heard == ["woken"]


def test_a_listener_that_stopped_hearing_is_not_called(app, heard):
    others: list[str] = []

    def other() -> None:
        others.append("woken")

    on_grades_queued(other)
    stop_hearing(other)
    notify_grades_queued(db.session)
    db.session.commit()
    assert heard == ["woken"] and others == []
