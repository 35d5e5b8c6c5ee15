"""Changes the self-assessment refuses, each saying why in the learner's words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MissingItem:
    """An unanswered question: a behaviour's rating, or (``behaviour_id`` None) the importance."""

    dimension_id: str
    dimension_number: int
    behaviour_id: str | None
    question: str


class AssessmentError(Exception):
    """A change the assessment cannot accept; ``str(error)`` says why, in the learner's words."""


class AssessmentClosed(AssessmentError):
    """The assessment has been submitted, so its answers are final."""

    def __init__(self) -> None:
        super().__init__(
            "This self-assessment has been submitted, so its answers can no longer be changed."
        )


class InvalidAnswer(AssessmentError):
    """An answer names a behaviour, dimension or value the framework does not have."""


class FrameworkUnavailable(AssessmentError):
    """The framework pack an assessment was made with is not installed."""


class IncompleteAssessment(AssessmentError):
    """Submission refused because some questions are unanswered; ``missing`` lists them."""

    def __init__(self, missing: Sequence[MissingItem]) -> None:
        self.missing = list(missing)
        count = len(self.missing)
        noun = "question is" if count == 1 else "questions are"
        super().__init__(
            f"This self-assessment cannot be submitted yet: {count} {noun} not answered."
        )
