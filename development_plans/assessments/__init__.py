"""Self-assessments: a learner rates every behaviour of a framework, one dimension at a time.

An :class:`Assessment` is one *cycle* for one learner in one course. While it is in progress
the learner saves answers page by page (partial pages allowed) and can leave and come back;
:func:`submit` checks nothing is left unanswered, scores every dimension with the rule in
:mod:`~development_plans.assessments.scoring`, stores the results and closes the cycle for good.
A new cycle can be started afterwards, and earlier cycles stay readable.

- ``models``: the tables (cycle, answers, importances, dimension results).
- ``framework_choice``: which pack a new or existing assessment uses.
- ``finding``: a learner's assessments in a course.
- ``answering``: start or resume, save a page, where the learner is, what is unanswered.
- ``importance``: the "how important is this to your role?" question and its scale.
- ``levels``: level names as people read them (the level below the lowest explained kindly).
- ``submitting``: close the cycle, store each dimension's level, queue its completion.
- ``results``: a submitted cycle explained, compared with the previous one, prioritised.
- ``scoring``: the documented rule from ratings to a level (pure, framework-agnostic).
- ``profile_chart``: the accessible SVG chart and table of a profile.
- ``errors``: what the assessment refuses, in the learner's words.

Plain Python and SQLAlchemy only: callers pass a ``Session`` and commit it themselves, so a
submission and whatever else must happen with it (a grade, say) share one transaction.
"""

from development_plans.assessments.answering import (
    AnswerSheet,
    answers_version,
    load_answers,
    move_to,
    save_dimension_answers,
    start_or_resume,
    unanswered,
)
from development_plans.assessments.errors import (
    AssessmentClosed,
    AssessmentError,
    FrameworkUnavailable,
    IncompleteAssessment,
    InvalidAnswer,
    MissingItem,
)
from development_plans.assessments.finding import (
    current_assessment,
    history,
    latest_submitted,
    owned_assessment,
    previous_submitted,
)
from development_plans.assessments.framework_choice import (
    DEFAULT_FRAMEWORK_ID,
    framework_for_placement,
    framework_of,
)
from development_plans.assessments.importance import (
    IMPORTANCE_SCALE,
    ImportanceOption,
    importance_label,
    importance_question,
)
from development_plans.assessments.levels import (
    is_top_level,
    level_meaning,
    level_words,
    scoring_rule,
)
from development_plans.assessments.models import (
    Assessment,
    AssessmentStatus,
    BehaviourAnswer,
    DimensionAnswers,
    DimensionImportance,
    DimensionResult,
)
from development_plans.assessments.results import (
    AssessmentResults,
    DimensionOutcome,
    results_for,
)
from development_plans.assessments.submitting import submit

__all__ = [
    "DEFAULT_FRAMEWORK_ID",
    "IMPORTANCE_SCALE",
    "AnswerSheet",
    "Assessment",
    "AssessmentClosed",
    "AssessmentError",
    "AssessmentResults",
    "AssessmentStatus",
    "BehaviourAnswer",
    "DimensionAnswers",
    "DimensionImportance",
    "DimensionOutcome",
    "DimensionResult",
    "FrameworkUnavailable",
    "ImportanceOption",
    "IncompleteAssessment",
    "InvalidAnswer",
    "MissingItem",
    "current_assessment",
    "framework_for_placement",
    "framework_of",
    "history",
    "importance_label",
    "importance_question",
    "is_top_level",
    "latest_submitted",
    "level_meaning",
    "level_words",
    "scoring_rule",
    "answers_version",
    "load_answers",
    "move_to",
    "owned_assessment",
    "previous_submitted",
    "results_for",
    "save_dimension_answers",
    "start_or_resume",
    "submit",
    "unanswered",
]
