"""Completion grading in the domain: what each state is worth under each policy, the score body
for any scoreMaximum, and the outbox hook the assessment and plan features call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from development_plans.grading import (
    APPROVAL_ONLY,
    ASSESSMENT_ONLY,
    DEFAULT_POLICY,
    POLICIES,
    SCORE_SCOPE,
    STAGED_FINAL,
    CompletionState,
    choose_policy,
    grade_status_for,
    policy_for,
    queue_completion,
    score_for,
)
from development_plans.grading_models import DeliveryStatus, GradeDelivery
from development_plans.models import Course, Enrolment, Placement, User

ASSESSED = CompletionState.ASSESSMENT_SUBMITTED
SUBMITTED = CompletionState.PLAN_SUBMITTED
CHANGES = CompletionState.CHANGES_REQUESTED
APPROVED = CompletionState.PLAN_APPROVED
AGS_SCOPES = [SCORE_SCOPE, "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"]


@pytest.mark.parametrize(
    ("state", "percent", "activity", "grading"),
    [
        (ASSESSED, 50, "InProgress", "Pending"),
        (SUBMITTED, 80, "Submitted", "Pending"),
        (CHANGES, 50, "InProgress", "Pending"),
        (APPROVED, 100, "Completed", "FullyGraded"),
    ],
)
def test_default_policy(state, percent, activity, grading):
    completion = DEFAULT_POLICY.completion(state)
    assert (completion.percent, completion.activity_progress, completion.grading_progress) == (
        percent,
        activity,
        grading,
    )


def test_every_step_final_marks_partial_scores_fully_graded():
    assert [STAGED_FINAL.completion(s).grading_progress for s in CompletionState] == [
        "FullyGraded"
    ] * 4
    assert STAGED_FINAL.completion(SUBMITTED).activity_progress == "Submitted"


def test_full_marks_at_assessment_is_complete_straight_away():
    for state in CompletionState:
        completion = ASSESSMENT_ONLY.completion(state)
        assert (completion.percent, completion.activity_progress) == (100, "Completed")
        assert completion.grading_progress == "FullyGraded"


def test_approval_only_gives_nothing_until_approval():
    assert [APPROVAL_ONLY.completion(s).percent for s in CompletionState] == [0, 0, 0, 100]


def test_every_policy_covers_every_state():
    assert all(set(policy.percents) == set(CompletionState) for policy in POLICIES.values())


@pytest.mark.parametrize(
    ("state", "maximum", "given"),
    [(ASSESSED, 100, 50), (SUBMITTED, 10, 8), (APPROVED, 20, 20), (SUBMITTED, 7, 5.6)],
)
def test_score_is_scaled_to_the_line_items_maximum(state, maximum, given):
    stamp = datetime(2026, 11, 27, 10, 32, 5, 123456, tzinfo=UTC)
    score = score_for(
        DEFAULT_POLICY.completion(state),
        user_subject="sub-1",
        score_maximum=maximum,
        timestamp=stamp,
    )
    assert score == {
        "userId": "sub-1",
        "scoreGiven": given,
        "scoreMaximum": maximum,
        "activityProgress": DEFAULT_POLICY.completion(state).activity_progress.value,
        "gradingProgress": DEFAULT_POLICY.completion(state).grading_progress.value,
        "timestamp": "2026-11-27T10:32:05.123+00:00",
        "comment": state.label,
    }


def test_a_line_item_without_a_positive_maximum_is_refused():
    with pytest.raises(ValueError, match="scoreMaximum"):
        score_for(
            DEFAULT_POLICY.completion(APPROVED),
            user_subject="s",
            score_maximum=0,
            timestamp=datetime.now(UTC),
        )


@pytest.fixture
def session(app):
    from lti_tool.extensions import db

    with app.app_context():
        yield db.session


def _placement(session, **fields) -> Placement:
    course = Course(issuer="https://lms.example", client_id="c", deployment_id="1", context_id="x")
    session.add(course)
    session.flush()
    placement = Placement(
        course_id=course.id,
        resource_link_id="link",
        **{"lineitem_url": "https://lms.example/li/1", "ags_scopes": AGS_SCOPES, **fields},
    )
    session.add(placement)
    session.flush()
    return placement


def _person(session, placement: Placement, role: str = "learner", subject: str = "s1") -> int:
    user = User(issuer="https://lms.example", subject=subject)
    session.add(user)
    session.flush()
    session.add(Enrolment(user_id=user.id, course_id=placement.course_id, tool_role=role))
    session.flush()
    return user.id


def _rows(session) -> list[GradeDelivery]:
    return list(session.scalars(select(GradeDelivery).order_by(GradeDelivery.id)))


def test_queueing_adds_an_outbox_row_without_committing(session):
    placement = _placement(session)
    learner = _person(session, placement)
    session.commit()
    occurred = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

    queue_completion(
        session, user_id=learner, placement_id=placement.id, state=SUBMITTED, occurred_at=occurred
    )
    (row,) = _rows(session)
    assert (row.state, row.policy, row.completion_percent) == ("plan_submitted", "staged", 80)
    assert (row.activity_progress, row.grading_progress) == ("Submitted", "Pending")
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
    placement = _placement(session, **fields)
    learner = _person(session, placement)
    queue_completion(session, user_id=learner, placement_id=placement.id, state=APPROVED)
    assert _rows(session) == []
    assert grade_status_for(session, learner, placement.id) is None


def test_no_placement_or_no_learner_role_means_nothing_is_queued(session):
    placement = _placement(session)
    manager = _person(session, placement, role="manager")
    stranger = User(issuer="https://lms.example", subject="not-enrolled")
    session.add(stranger)
    session.flush()
    queue_completion(session, user_id=manager, placement_id=placement.id, state=APPROVED)
    queue_completion(session, user_id=stranger.id, placement_id=placement.id, state=APPROVED)
    queue_completion(session, user_id=manager, placement_id=None, state=APPROVED)
    assert _rows(session) == []
    assert grade_status_for(session, manager, None) is None


def test_a_newer_score_supersedes_the_unsent_older_one(session):
    placement = _placement(session)
    learner = _person(session, placement)
    other = _person(session, placement, subject="s2")
    queue_completion(session, user_id=learner, placement_id=placement.id, state=ASSESSED)
    queue_completion(session, user_id=other, placement_id=placement.id, state=ASSESSED)
    queue_completion(session, user_id=learner, placement_id=placement.id, state=SUBMITTED)

    first, others, newest = _rows(session)
    assert (first.status, first.superseded_by) == ("superseded", newest.id)
    assert others.status == newest.status == "pending"


def test_an_older_score_being_sent_is_left_to_its_sender(session):
    placement = _placement(session)
    learner = _person(session, placement)
    queue_completion(session, user_id=learner, placement_id=placement.id, state=ASSESSED)
    (in_flight,) = _rows(session)
    in_flight.claimed_by = "sender-1"
    in_flight.claim_expires = datetime.now(UTC) + timedelta(minutes=1)
    session.flush()

    queue_completion(session, user_id=learner, placement_id=placement.id, state=SUBMITTED)

    assert [row.status for row in _rows(session)] == ["pending", "pending"]


def test_timestamps_move_forward_by_at_least_a_second(session):
    placement = _placement(session)
    learner = _person(session, placement)
    same = datetime(2026, 11, 27, 10, 0, 0, 400000, tzinfo=UTC)
    for state in (ASSESSED, SUBMITTED):
        queue_completion(
            session, user_id=learner, placement_id=placement.id, state=state, occurred_at=same
        )
    queue_completion(
        session,
        user_id=learner,
        placement_id=placement.id,
        state=APPROVED,
        occurred_at=same - timedelta(hours=1),
    )

    stamps = [row.score_timestamp for row in _rows(session)]
    assert stamps == [same, same + timedelta(seconds=1), same + timedelta(seconds=2)]
    assert len({stamp.replace(microsecond=0) for stamp in stamps}) == 3


def test_occurred_at_must_carry_a_time_zone(session):
    placement = _placement(session)
    learner = _person(session, placement)
    with pytest.raises(ValueError, match="timezone"):
        queue_completion(
            session,
            user_id=learner,
            placement_id=placement.id,
            state=ASSESSED,
            occurred_at=datetime(2026, 11, 27, 10, 0),
        )


def test_choosing_a_policy_requeues_each_graded_learner(session):
    placement = _placement(session)
    asha = _person(session, placement, subject="asha")
    ben = _person(session, placement, subject="ben")
    queue_completion(session, user_id=asha, placement_id=placement.id, state=ASSESSED)
    queue_completion(session, user_id=ben, placement_id=placement.id, state=SUBMITTED)
    manager = _person(session, placement, role="manager", subject="carys")

    requeued = choose_policy(
        session, placement_id=placement.id, policy_key="assessment_only", chosen_by_user_id=manager
    )

    assert requeued == 2
    assert policy_for(session, placement.id) is ASSESSMENT_ONLY
    latest = {row.user_id: row for row in _rows(session) if row.status == "pending"}
    assert {u: (r.state, r.completion_percent) for u, r in latest.items()} == {
        asha: ("assessment_submitted", 100),
        ben: ("plan_submitted", 100),
    }
    assert (
        choose_policy(
            session,
            placement_id=placement.id,
            policy_key="assessment_only",
            chosen_by_user_id=manager,
        )
        == 0
    )
    with pytest.raises(ValueError, match="unknown completion policy"):
        choose_policy(
            session, placement_id=placement.id, policy_key="everyone", chosen_by_user_id=None
        )


def test_grade_status_follows_the_newest_row(session):
    placement = _placement(session)
    learner = _person(session, placement)
    queue_completion(session, user_id=learner, placement_id=placement.id, state=SUBMITTED)

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
