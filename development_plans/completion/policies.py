"""What each step of a learner's journey is worth: the completion states and the policies a course
can choose between. No protocol here: a completion is a state, a percentage and whether it is
final; ``lti_tool.grades`` decides how an LMS hears of it."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class CompletionState(enum.StrEnum):
    """A point in the learner's journey that changes their completion grade."""

    ASSESSMENT_SUBMITTED = "assessment_submitted"
    PLAN_SUBMITTED = "plan_submitted"
    CHANGES_REQUESTED = "changes_requested"
    PLAN_APPROVED = "plan_approved"

    @property
    def label(self) -> str:
        """The state as a learner or teacher would say it."""
        return STATE_LABELS[self]


STATE_LABELS = {
    CompletionState.ASSESSMENT_SUBMITTED: "Self-assessment submitted",
    CompletionState.PLAN_SUBMITTED: "Development plan submitted for review",
    CompletionState.CHANGES_REQUESTED: "Changes requested to the development plan",
    CompletionState.PLAN_APPROVED: "Development plan approved",
}


@dataclass(frozen=True)
class Completion:
    """What one state is worth under one policy: a percentage, and whether it is final (no later
    step is expected to change it)."""

    state: CompletionState
    percent: int
    final: bool

    @property
    def finished(self) -> bool:
        """The learner has done everything the activity asks: full marks, or an approved plan."""
        return _finished(self.state, self.percent)


def _finished(state: CompletionState, percent: int) -> bool:
    return percent >= 100 or state is CompletionState.PLAN_APPROVED


@dataclass(frozen=True)
class CompletionPolicy:
    """How a placement turns completion states into a percentage.

    ``every_step_final`` counts each step as final: Moodle, for one, blanks any score that is
    not, so with it a learner's 50 % shows in the gradebook as soon as they submit."""

    key: str
    title: str
    description: str
    percents: Mapping[CompletionState, int]
    every_step_final: bool = False

    def completion(self, state: CompletionState) -> Completion:
        """The percentage this policy gives ``state``, and whether it is final."""
        percent = self.percents[state]
        return Completion(state, percent, final=self.every_step_final or _finished(state, percent))


def _percents(assessment: int, plan: int, approved: int) -> dict[CompletionState, int]:
    return {
        CompletionState.ASSESSMENT_SUBMITTED: assessment,
        CompletionState.PLAN_SUBMITTED: plan,
        CompletionState.CHANGES_REQUESTED: assessment,
        CompletionState.PLAN_APPROVED: approved,
    }


STAGED = CompletionPolicy(
    key="staged",
    title="In stages: 50 %, 80 %, then 100 %",
    description="50 % when the self-assessment is submitted, 80 % when the plan is submitted "
    "for review, 100 % when it is approved. Until approval the score is marked as pending.",
    percents=_percents(50, 80, 100),
)
STAGED_FINAL = CompletionPolicy(
    key="staged_final",
    title="In stages, each counted straight away",
    description="The same stages, but each score is marked as final so LMSs that hide pending "
    "scores (such as Moodle) show 50 % and 80 % as soon as they are earned.",
    percents=_percents(50, 80, 100),
    every_step_final=True,
)
ASSESSMENT_ONLY = CompletionPolicy(
    key="assessment_only",
    title="100 % when the self-assessment is submitted",
    description="Full marks as soon as the learner submits their self-assessment; the plan and "
    "its approval do not change the grade.",
    percents=_percents(100, 100, 100),
)
APPROVAL_ONLY = CompletionPolicy(
    key="approval_only",
    title="100 % when the plan is approved",
    description="Nothing until a manager approves the development plan, then full marks.",
    percents=_percents(0, 0, 100),
)
POLICIES: dict[str, CompletionPolicy] = {
    policy.key: policy for policy in (STAGED, STAGED_FINAL, ASSESSMENT_ONLY, APPROVAL_ONLY)
}
DEFAULT_POLICY = STAGED
