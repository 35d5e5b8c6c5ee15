"""Completions in AGS terms: the progress pair a completion maps to, the score body sent to a line
item, and whether a placement's launch offered a score service at all."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from development_plans.completion import Completion, CompletionState
from development_plans.courses import Placement
from lti_tool.lti.vocabulary import SCORE_SCOPE


class ActivityProgress(enum.StrEnum):
    """AGS ``activityProgress``: how far the learner is through the activity."""

    IN_PROGRESS = "InProgress"
    SUBMITTED = "Submitted"
    COMPLETED = "Completed"


class GradingProgress(enum.StrEnum):
    """AGS ``gradingProgress``: whether the score is final."""

    PENDING = "Pending"
    FULLY_GRADED = "FullyGraded"


STATE_ACTIVITY = {
    CompletionState.ASSESSMENT_SUBMITTED: ActivityProgress.IN_PROGRESS,
    CompletionState.PLAN_SUBMITTED: ActivityProgress.SUBMITTED,
    CompletionState.CHANGES_REQUESTED: ActivityProgress.IN_PROGRESS,
    CompletionState.PLAN_APPROVED: ActivityProgress.COMPLETED,
}


@dataclass(frozen=True)
class ScoreToSend:
    """An AGS score before its line item is known: everything but the scale."""

    user_subject: str
    percent: int
    activity_progress: str
    grading_progress: str
    comment: str
    timestamp: datetime


def progress_for(completion: Completion) -> tuple[ActivityProgress, GradingProgress]:
    """The ``activityProgress`` and ``gradingProgress`` that tell an LMS about ``completion``."""
    if completion.finished:
        return ActivityProgress.COMPLETED, GradingProgress.FULLY_GRADED
    grading = GradingProgress.FULLY_GRADED if completion.final else GradingProgress.PENDING
    return STATE_ACTIVITY[completion.state], grading


def score_body(score: ScoreToSend, *, score_maximum: float) -> dict[str, Any]:
    """The AGS score body, scaled to the line item's ``scoreMaximum``."""
    if score_maximum <= 0:
        raise ValueError("a line item's scoreMaximum must be above 0")
    return {
        "userId": score.user_subject,
        "scoreGiven": round(score.percent * score_maximum / 100, 4),
        "scoreMaximum": score_maximum,
        "activityProgress": score.activity_progress,
        "gradingProgress": score.grading_progress,
        "timestamp": score.timestamp.isoformat(timespec="milliseconds"),
        "comment": score.comment,
    }


def has_grade_service(placement: Placement) -> bool:
    """Whether the LMS offered a score service and somewhere to post to for this placement."""
    return SCORE_SCOPE in (placement.ags_scopes or []) and bool(
        placement.lineitem_url or placement.lineitems_url
    )
