"""Completions in AGS terms: the progress pair each completion maps to, and the score body for any
scoreMaximum."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from development_plans.completion import (
    APPROVAL_ONLY,
    ASSESSMENT_ONLY,
    DEFAULT_POLICY,
    STAGED_FINAL,
    CompletionState,
)
from lti_tool.grades.scores import ScoreToSend, progress_for, score_body

ASSESSED = CompletionState.ASSESSMENT_SUBMITTED
SUBMITTED = CompletionState.PLAN_SUBMITTED
CHANGES = CompletionState.CHANGES_REQUESTED
APPROVED = CompletionState.PLAN_APPROVED


@pytest.mark.parametrize(
    ("state", "activity", "grading"),
    [
        (ASSESSED, "InProgress", "Pending"),
        (SUBMITTED, "Submitted", "Pending"),
        (CHANGES, "InProgress", "Pending"),
        (APPROVED, "Completed", "FullyGraded"),
    ],
)
def test_default_policy_progress(state, activity, grading):
    assert progress_for(DEFAULT_POLICY.completion(state)) == (activity, grading)


def test_every_step_final_marks_partial_scores_fully_graded():
    assert [progress_for(STAGED_FINAL.completion(s))[1] for s in CompletionState] == [
        "FullyGraded"
    ] * 4
    assert progress_for(STAGED_FINAL.completion(SUBMITTED))[0] == "Submitted"


def test_full_marks_at_assessment_is_complete_straight_away():
    for state in CompletionState:
        assert progress_for(ASSESSMENT_ONLY.completion(state)) == ("Completed", "FullyGraded")


def test_nothing_yet_is_pending_until_approval():
    assert progress_for(APPROVAL_ONLY.completion(SUBMITTED)) == ("Submitted", "Pending")
    assert progress_for(APPROVAL_ONLY.completion(APPROVED)) == ("Completed", "FullyGraded")


def _score(state: CompletionState) -> ScoreToSend:
    completion = DEFAULT_POLICY.completion(state)
    activity, grading = progress_for(completion)
    return ScoreToSend(
        user_subject="sub-1",
        percent=completion.percent,
        activity_progress=activity.value,
        grading_progress=grading.value,
        comment=state.label,
        timestamp=datetime(2026, 11, 27, 10, 32, 5, 123456, tzinfo=UTC),
    )


@pytest.mark.parametrize(
    ("state", "maximum", "given"),
    [(ASSESSED, 100, 50), (SUBMITTED, 10, 8), (APPROVED, 20, 20), (SUBMITTED, 7, 5.6)],
)
def test_score_is_scaled_to_the_line_items_maximum(state, maximum, given):
    activity, grading = progress_for(DEFAULT_POLICY.completion(state))
    assert score_body(_score(state), score_maximum=maximum) == {
        "userId": "sub-1",
        "scoreGiven": given,
        "scoreMaximum": maximum,
        "activityProgress": activity.value,
        "gradingProgress": grading.value,
        "timestamp": "2026-11-27T10:32:05.123+00:00",
        "comment": state.label,
    }


def test_a_line_item_without_a_positive_maximum_is_refused():
    with pytest.raises(ValueError, match="scoreMaximum"):
        score_body(_score(APPROVED), score_maximum=0)
