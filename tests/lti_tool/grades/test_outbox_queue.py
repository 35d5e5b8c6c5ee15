"""Each recorded completion becomes an AGS score in the grade outbox, in the same transaction:
only where the LMS offered a score service, superseding the learner's unsent older score, with
timestamps that always move forward; and what the outbox tells the learner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from support.completion_data import enrolled, graded_placement

from development_plans.completion import CompletionState, choose_policy, record_completion
from lti_tool.grades.models import DeliveryStatus, GradeDelivery
from lti_tool.grades.status import grade_status_for

ASSESSED = CompletionState.ASSESSMENT_SUBMITTED
SUBMITTED = CompletionState.PLAN_SUBMITTED
APPROVED = CompletionState.PLAN_APPROVED


@pytest.fixture
def session(app):
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session


def _rows(session) -> list[GradeDelivery]:
    return list(session.scalars(select(GradeDelivery).order_by(GradeDelivery.id)))


def test_queueing_adds_an_outbox_row_without_committing(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    session.commit()
    occurred = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

    record_completion(
        session, user_id=learner, placement_id=placement.id, state=SUBMITTED, occurred_at=occurred
    )
    (row,) = _rows(session)
    assert (row.state, row.policy, row.completion_percent) == ("plan_submitted", "staged", 80)
    assert (row.activity_progress, row.grading_progress) == ("Submitted", "Pending")
    assert row.comment == "Development plan submitted for review"
    assert row.occurred_at == row.score_timestamp == occurred
    assert (row.status, row.attempts) == ("pending", 0)

    session.rollback()
    assert _rows(session) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"ags_scopes": []},
        {"ags_scopes": ["https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"]},
        {"lineitem_url": None, "lineitems_url": None},
    ],
)
def test_no_grade_service_means_nothing_is_queued(session, fields):
    placement = graded_placement(session, **fields)
    learner = enrolled(session, placement)
    record_completion(session, user_id=learner, placement_id=placement.id, state=APPROVED)
    assert _rows(session) == []
    assert grade_status_for(session, learner, placement.id) is None


def test_a_newer_score_supersedes_the_unsent_older_one(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    other = enrolled(session, placement, subject="s2")
    record_completion(session, user_id=learner, placement_id=placement.id, state=ASSESSED)
    record_completion(session, user_id=other, placement_id=placement.id, state=ASSESSED)
    record_completion(session, user_id=learner, placement_id=placement.id, state=SUBMITTED)

    first, others, newest = _rows(session)
    assert (first.status, first.superseded_by) == ("superseded", newest.id)
    assert others.status == newest.status == "pending"


def test_an_older_score_being_sent_is_left_to_its_sender(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    record_completion(session, user_id=learner, placement_id=placement.id, state=ASSESSED)
    (in_flight,) = _rows(session)
    in_flight.claimed_by = "sender-1"
    in_flight.claim_expires = datetime.now(UTC) + timedelta(minutes=1)
    session.flush()

    record_completion(session, user_id=learner, placement_id=placement.id, state=SUBMITTED)

    assert [row.status for row in _rows(session)] == ["pending", "pending"]


def test_timestamps_move_forward_by_at_least_a_second(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    same = datetime(2026, 11, 27, 10, 0, 0, 400000, tzinfo=UTC)
    for state in (ASSESSED, SUBMITTED):
        record_completion(
            session, user_id=learner, placement_id=placement.id, state=state, occurred_at=same
        )
    record_completion(
        session,
        user_id=learner,
        placement_id=placement.id,
        state=APPROVED,
        occurred_at=same - timedelta(hours=1),
    )

    stamps = [row.score_timestamp for row in _rows(session)]
    assert stamps == [same, same + timedelta(seconds=1), same + timedelta(seconds=2)]
    assert len({stamp.replace(microsecond=0) for stamp in stamps}) == 3


def test_choosing_a_policy_requeues_each_graded_learner(session):
    placement = graded_placement(session)
    asha = enrolled(session, placement, subject="asha")
    ben = enrolled(session, placement, subject="ben")
    record_completion(session, user_id=asha, placement_id=placement.id, state=ASSESSED)
    record_completion(session, user_id=ben, placement_id=placement.id, state=SUBMITTED)
    manager = enrolled(session, placement, role="manager", subject="carys")

    requeued = choose_policy(
        session, placement_id=placement.id, policy_key="assessment_only", chosen_by_user_id=manager
    )

    assert requeued == 2
    latest = {row.user_id: row for row in _rows(session) if row.status == "pending"}
    assert {u: (r.state, r.completion_percent, r.policy) for u, r in latest.items()} == {
        asha: ("assessment_submitted", 100, "assessment_only"),
        ben: ("plan_submitted", 100, "assessment_only"),
    }
    assert {(r.activity_progress, r.grading_progress) for r in latest.values()} == {
        ("Completed", "FullyGraded")
    }


def test_grade_status_follows_the_newest_row(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    record_completion(session, user_id=learner, placement_id=placement.id, state=SUBMITTED)

    waiting = grade_status_for(session, learner, placement.id)
    assert (waiting.waiting, waiting.percent, waiting.state) == (True, 80, SUBMITTED)

    (row,) = _rows(session)
    row.status, row.last_error = DeliveryStatus.FAILED.value, "HTTP 400: bad user"
    failed = grade_status_for(session, learner, placement.id)
    assert (failed.failed, failed.problem) == (True, "HTTP 400: bad user")

    row.status, row.sent_at = DeliveryStatus.SENT.value, datetime.now(UTC)
    sent = grade_status_for(session, learner, placement.id)
    assert (sent.sent, sent.sent_at, sent.problem) == (True, row.sent_at, None)
    assert session.scalar(select(func.count()).select_from(GradeDelivery)) == 1
