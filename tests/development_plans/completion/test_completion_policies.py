"""What each completion state is worth under each policy, and whether it is final."""

from __future__ import annotations

import pytest

from development_plans.completion import (
    APPROVAL_ONLY,
    ASSESSMENT_ONLY,
    DEFAULT_POLICY,
    POLICIES,
    STAGED_FINAL,
    CompletionState,
)

ASSESSED = CompletionState.ASSESSMENT_SUBMITTED
SUBMITTED = CompletionState.PLAN_SUBMITTED
CHANGES = CompletionState.CHANGES_REQUESTED
APPROVED = CompletionState.PLAN_APPROVED


@pytest.mark.parametrize(
    ("state", "percent", "final", "finished"),
    [
        (ASSESSED, 50, False, False),
        (SUBMITTED, 80, False, False),
        (CHANGES, 50, False, False),
        (APPROVED, 100, True, True),
    ],
)
def test_default_policy(state, percent, final, finished):
    completion = DEFAULT_POLICY.completion(state)
    assert (completion.state, completion.percent, completion.final, completion.finished) == (
        state,
        percent,
        final,
        finished,
    )


def test_every_step_final_marks_partial_scores_final():
    assert [STAGED_FINAL.completion(s).final for s in CompletionState] == [True] * 4
    assert not STAGED_FINAL.completion(SUBMITTED).finished


def test_full_marks_at_assessment_is_finished_straight_away():
    for state in CompletionState:
        completion = ASSESSMENT_ONLY.completion(state)
        assert (completion.percent, completion.finished, completion.final) == (100, True, True)


def test_approval_only_gives_nothing_until_approval():
    assert [APPROVAL_ONLY.completion(s).percent for s in CompletionState] == [0, 0, 0, 100]
    assert APPROVAL_ONLY.completion(APPROVED).finished


def test_every_policy_covers_every_state():
    assert all(set(policy.percents) == set(CompletionState) for policy in POLICIES.values())
