"""What each step of a learner's journey is worth: the completion states and the policies a course
can choose between. No protocol here: a completion is a state, a percentage and whether it is
final; ``lti_tool.grades`` decides how an LMS hears of it."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
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


class CycleRule(enum.StrEnum):
    """Which cycle's completion the gradebook holds once a learner starts another cycle (a new
    self-assessment). Under either rule a cycle in progress never lowers a grade already held."""

    KEEP_BEST = "keep_best"
    LATEST_COMPLETED = "latest_completed"

    @property
    def title(self) -> str:
        return _CYCLE_RULE_TEXT[self][0]

    @property
    def description(self) -> str:
        return _CYCLE_RULE_TEXT[self][1]


_CYCLE_RULE_TEXT = {
    CycleRule.KEEP_BEST: (
        "Keep the best cycle's grade",
        "The gradebook keeps the highest grade any cycle has earned. A new cycle replaces it "
        "only when it earns more.",
    ),
    CycleRule.LATEST_COMPLETED: (
        "Grade the latest cycle once it is complete",
        "The grade earned stays while a new cycle is in progress; when the new cycle is "
        "complete (its plan approved, or full marks), its grade replaces the earlier one.",
    ),
}
DEFAULT_CYCLE_RULE = CycleRule.KEEP_BEST


@dataclass(frozen=True)
class CycleResult:
    """Where one cycle got to: its number and its newest completion."""

    cycle: int
    completion: Completion


def held_cycle(results: Sequence[CycleResult], rule: CycleRule) -> CycleResult:
    """The cycle whose completion the gradebook holds, of a learner's ``results`` (at least one).

    ``KEEP_BEST``: the highest grade of any cycle (the earlier cycle on a tie, so an equal grade
    is not sent again). ``LATEST_COMPLETED``: the latest complete cycle, unless a cycle begun
    after it has earned more; with no complete cycle yet, the highest grade (the later on a tie).
    Either way a grade held is only replaced by a higher one until a newer cycle is complete."""
    if not results:
        raise ValueError("a learner with no cycle has no grade")
    ordered = sorted(results, key=lambda result: result.cycle)
    if rule is CycleRule.KEEP_BEST:
        return max(ordered, key=lambda r: (r.completion.percent, r.completion.finished, -r.cycle))
    complete = [result for result in ordered if result.completion.finished]
    if not complete:
        return max(ordered, key=lambda r: (r.completion.percent, r.cycle))
    latest_complete = complete[-1]
    begun_after = [result for result in ordered if result.cycle > latest_complete.cycle]
    return max(
        [latest_complete, *begun_after],
        key=lambda r: (r.completion.percent, r is latest_complete),
    )
