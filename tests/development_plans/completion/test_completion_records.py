"""Recording learners' completions in the caller's transaction, announcing them to listeners, and
re-evaluating them when a placement's policy changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from support.completion_data import enrolled, graded_placement

from development_plans.completion import (
    ASSESSMENT_ONLY,
    CompletionRecorded,
    CompletionState,
    LearnerCompletion,
    choose_policy,
    on_completion_recorded,
    policy_for,
    record_completion,
)
from development_plans.people import User

ASSESSED = CompletionState.ASSESSMENT_SUBMITTED
SUBMITTED = CompletionState.PLAN_SUBMITTED
APPROVED = CompletionState.PLAN_APPROVED

heard: list[CompletionRecorded] = []


def _hear(session, recorded: CompletionRecorded) -> None:
    heard.append(recorded)


@pytest.fixture
def session(app):
    from lti_tool.extensions import db

    on_completion_recorded(_hear)
    heard.clear()
    with app.app_context():
        yield db.session


def _completions(session) -> list[LearnerCompletion]:
    return list(session.scalars(select(LearnerCompletion).order_by(LearnerCompletion.user_id)))


def test_recording_a_completion_without_committing(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    session.commit()
    occurred = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)

    record_completion(
        session, user_id=learner, placement_id=placement.id, state=SUBMITTED, occurred_at=occurred
    )

    (row,) = _completions(session)
    assert (row.state, row.policy, row.percent) == ("plan_submitted", "staged", 80)
    assert row.final is False
    assert row.occurred_at == occurred
    (event,) = heard
    assert (event.user_id, event.placement_id, event.policy) == (learner, placement.id, "staged")
    assert (event.completion.state, event.completion.percent) == (SUBMITTED, 80)
    assert event.occurred_at == occurred
    session.rollback()
    assert _completions(session) == []


def test_a_newer_step_replaces_the_learners_completion(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    record_completion(session, user_id=learner, placement_id=placement.id, state=SUBMITTED)
    record_completion(session, user_id=learner, placement_id=placement.id, state=APPROVED)

    (row,) = _completions(session)
    assert (row.state, row.percent, row.final) == ("plan_approved", 100, True)
    assert [event.completion.state for event in heard] == [SUBMITTED, APPROVED]


def test_no_placement_or_no_learner_role_means_nothing_is_recorded(session):
    placement = graded_placement(session)
    manager = enrolled(session, placement, role="manager")
    stranger = User(issuer="https://lms.example", subject="not-enrolled")
    session.add(stranger)
    session.flush()
    record_completion(session, user_id=manager, placement_id=placement.id, state=APPROVED)
    record_completion(session, user_id=stranger.id, placement_id=placement.id, state=APPROVED)
    record_completion(session, user_id=manager, placement_id=None, state=APPROVED)
    record_completion(session, user_id=manager, placement_id=placement.id + 1, state=APPROVED)
    assert _completions(session) == []
    assert heard == []


def test_occurred_at_must_carry_a_time_zone(session):
    placement = graded_placement(session)
    learner = enrolled(session, placement)
    with pytest.raises(ValueError, match="timezone"):
        record_completion(
            session,
            user_id=learner,
            placement_id=placement.id,
            state=ASSESSED,
            occurred_at=datetime(2026, 11, 27, 10, 0),
        )


def test_choosing_a_policy_re_evaluates_each_learner(session):
    placement = graded_placement(session)
    asha = enrolled(session, placement, subject="asha")
    ben = enrolled(session, placement, subject="ben")
    record_completion(session, user_id=asha, placement_id=placement.id, state=ASSESSED)
    record_completion(session, user_id=ben, placement_id=placement.id, state=SUBMITTED)
    manager = enrolled(session, placement, role="manager", subject="carys")
    heard.clear()

    requeued = choose_policy(
        session, placement_id=placement.id, policy_key="assessment_only", chosen_by_user_id=manager
    )

    assert requeued == 2
    assert policy_for(session, placement.id) is ASSESSMENT_ONLY
    assert {r.user_id: (r.state, r.percent, r.policy) for r in _completions(session)} == {
        asha: ("assessment_submitted", 100, "assessment_only"),
        ben: ("plan_submitted", 100, "assessment_only"),
    }
    assert sorted((e.user_id, e.completion.percent) for e in heard) == [(asha, 100), (ben, 100)]
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
