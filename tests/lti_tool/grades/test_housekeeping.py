"""Delivered grade rows are pruned after their retention, by every looping sender on schedule and
by ``flask grades prune``; each learner's newest row, and failed and pending rows, always stay."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest
from grade_helpers import make_sender, wait_for
from sqlalchemy import select, update
from support.completion_data import enrolled, graded_placement

from development_plans.completion import CompletionState, record_completion
from development_plans.db import utcnow
from lti_tool.extensions import db
from lti_tool.grades.background import BackgroundSender
from lti_tool.grades.housekeeping import prune_sent_grades
from lti_tool.grades.models import GradeDelivery

STATES = list(CompletionState)[:3]


def _journey(session, placement, subject: str) -> list[int]:
    """Three scores for one learner, oldest first; returns their row ids."""
    learner = enrolled(session, placement, subject=subject)
    for state in STATES:
        record_completion(session, user_id=learner, placement_id=placement.id, state=state)
    rows = session.scalars(
        select(GradeDelivery.id).where(GradeDelivery.user_id == learner).order_by(GradeDelivery.id)
    )
    return list(rows)


def _age(session, row_id: int, status: str, days: float) -> None:
    then = utcnow() - timedelta(days=days)
    session.execute(
        update(GradeDelivery)
        .where(GradeDelivery.id == row_id)
        .values(status=status, sent_at=then if status == "sent" else None, created_at=then)
    )


@pytest.fixture
def rows(app) -> dict[str, int]:
    """Two learners' journeys (a and b, three scores each): every row but each newest is done,
    in different ways and at different ages. Returns the row ids by name."""
    with app.app_context():
        session = db.session
        placement = graded_placement(session)
        a_old, a_mid, a_new = _journey(session, placement, "a")
        b_old, b_mid, b_new = _journey(session, placement, "b")
        _age(session, a_old, "sent", 40)
        _age(session, a_mid, "superseded", 40)
        _age(session, a_new, "sent", 40)
        _age(session, b_old, "failed", 40)
        _age(session, b_mid, "sent", 5)
        session.commit()
    return dict(a_old=a_old, a_mid=a_mid, a_new=a_new, b_old=b_old, b_mid=b_mid, b_new=b_new)


def _left(app, rows: dict[str, int]) -> set[str]:
    with app.app_context():
        ids = set(db.session.scalars(select(GradeDelivery.id)))
    return {name for name, row_id in rows.items() if row_id in ids}


def test_prune_keeps_newest_failed_pending_and_recent_rows(app, rows):
    with app.app_context():
        pruned = prune_sent_grades(db.session, older_than=utcnow() - timedelta(days=30))
        db.session.commit()
    assert pruned == 2
    assert _left(app, rows) == {"a_new", "b_old", "b_mid", "b_new"}


def test_a_shorter_retention_takes_recent_sent_rows_too(app, rows):
    with app.app_context():
        assert prune_sent_grades(db.session, older_than=utcnow() - timedelta(days=1)) == 3
        db.session.commit()
    assert _left(app, rows) == {"a_new", "b_old", "b_new"}


def test_prune_runs_in_the_callers_transaction(app, rows):
    with app.app_context():
        assert prune_sent_grades(db.session, older_than=utcnow()) == 3
        db.session.rollback()
    assert _left(app, rows) == set(rows)


def test_cli_prunes_with_the_configured_retention_or_the_one_given(app, rows):
    cli = app.test_cli_runner()
    default = cli.invoke(args=["grades", "prune"])
    shorter = cli.invoke(args=["grades", "prune", "--older-than-days", "1"])
    assert default.exit_code == 0, default.output
    assert "Pruned 2 delivered grade rows older than 30 days." in default.output
    assert "Pruned 1 delivered grade rows older than 1 days." in shorter.output
    assert _left(app, rows) == {"a_new", "b_old", "b_new"}


def test_cli_retention_comes_from_the_config(make_app, rows):
    configured = make_app(GRADES_SENT_RETENTION_DAYS=1)
    output = configured.test_cli_runner().invoke(args=["grades", "prune"]).output
    assert "Pruned 3 delivered grade rows older than 1 days." in output


def test_a_sender_prunes_once_per_interval(app, rows):
    sender = make_sender(app)
    assert sender.prune_if_due() == 2
    with app.app_context():
        _age(db.session, rows["b_mid"], "sent", 40)
        db.session.commit()
    assert sender.prune_if_due() == 0, "the interval (an hour by default) has not passed"
    assert make_sender(app, prune_interval_seconds=0).prune_if_due() == 1
    assert _left(app, rows) == {"a_new", "b_old", "b_new"}


def test_the_background_sender_prunes_on_schedule(app, rows):
    with app.app_context():
        engine = db.engine
    settings = dataclasses.replace(
        app.extensions["grade_settings"], poll_seconds=0.05, prune_interval_seconds=0.05
    )
    background = BackgroundSender(engine, app.extensions["lti_adapter"].store, settings).start()
    try:
        wait_for(lambda: _left(app, rows) == {"a_new", "b_old", "b_mid", "b_new"})
        with app.app_context():
            _age(db.session, rows["b_mid"], "sent", 40)
            db.session.commit()
        wait_for(lambda: _left(app, rows) == {"a_new", "b_old", "b_new"})
    finally:
        background.stop()
