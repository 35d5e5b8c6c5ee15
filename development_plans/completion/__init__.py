"""Completion: what each step of a learner's journey is worth, and each learner's completion.

The domain decides *what* happened (a state, a percentage, final or not); it knows no protocol.
``policies`` holds the states and policies, ``models`` the tables, ``progress`` the rules that
record completions and choose a placement's policy, and ``events`` how a recorded completion is
announced, in the same transaction, to ``lti_tool.grades`` (which tells the LMS gradebook).
"""

from development_plans.completion.events import (
    CompletionRecorded,
    completion_recorded,
    on_completion_recorded,
)
from development_plans.completion.models import (
    CycleCompletion,
    LearnerCompletion,
    PlacementGradingPolicy,
)
from development_plans.completion.policies import (
    APPROVAL_ONLY,
    ASSESSMENT_ONLY,
    DEFAULT_CYCLE_RULE,
    DEFAULT_POLICY,
    POLICIES,
    STAGED,
    STAGED_FINAL,
    Completion,
    CompletionPolicy,
    CompletionState,
    CycleResult,
    CycleRule,
    held_cycle,
)
from development_plans.completion.progress import (
    choose_policy,
    cycle_rule_for,
    learner_completions,
    policy_for,
    record_completion,
)

__all__ = [
    "APPROVAL_ONLY",
    "ASSESSMENT_ONLY",
    "DEFAULT_CYCLE_RULE",
    "DEFAULT_POLICY",
    "POLICIES",
    "STAGED",
    "STAGED_FINAL",
    "Completion",
    "CompletionPolicy",
    "CompletionRecorded",
    "CompletionState",
    "CycleCompletion",
    "CycleResult",
    "CycleRule",
    "LearnerCompletion",
    "PlacementGradingPolicy",
    "choose_policy",
    "completion_recorded",
    "cycle_rule_for",
    "held_cycle",
    "learner_completions",
    "on_completion_recorded",
    "policy_for",
    "record_completion",
]
