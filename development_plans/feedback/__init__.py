"""360 feedback: the learner's own assessment set beside what their line manager, peers, direct
reports and others see, reported in aggregate and released at a debrief, its gaps ready for
the development plan.

- ``models``: the tables (request, raters, answers, per-dimension importance and comment,
  course settings, debrief notes).
- ``requesting``: open a request, add and remind raters, withdraw links, counts per group,
  close early.
- ``tokens``: the external raters' link tokens, stored only as hashes.
- ``answering``: a rater's questionnaire: save, come back, send; who may still see it.
- ``anonymity``: which groups' answers a report may show (the threshold, folding, leaving out).
- ``report``: the report: levels by the self-assessment's scoring rule, importance, hidden
  strengths and blind spots, comments.
- ``releasing``: who may read and release the report, the debrief notes, the report's loading.
- ``errors``: what is refused, in the person's words.

Plain Python and SQLAlchemy: callers pass a ``Session`` and commit it themselves.
"""

from development_plans.feedback.anonymity import (
    DEFAULT_THRESHOLD,
    MIN_THRESHOLD,
    Grouping,
    LeftOut,
    RaterSheet,
    ShownGroup,
    effective_threshold,
    group_answers,
)
from development_plans.feedback.answering import (
    RaterAnswers,
    load_rater_answers,
    own_answers_visible,
    save_answers,
    send_answers,
    usable,
)
from development_plans.feedback.errors import (
    FeedbackError,
    InvalidRater,
    NotAllowed,
    WindowClosed,
)
from development_plans.feedback.models import (
    DebriefNote,
    FeedbackRequest,
    FeedbackSettings,
    Rater,
    RaterAnswer,
    RaterDimension,
    ReleaseMode,
    RequestState,
)
from development_plans.feedback.releasing import (
    add_notes,
    answered_sheets,
    debrief_notes,
    may_read_report,
    release,
    releases,
    report_for,
)
from development_plans.feedback.report import (
    BLIND_SPOT,
    HIDDEN_STRENGTH,
    FeedbackReport,
    build_report,
    typical_rating,
)
from development_plans.feedback.requesting import (
    GroupCount,
    add_external_rater,
    add_member_rater,
    close_early,
    due_reminders,
    group_counts,
    may_close_early,
    released_on_closing,
    remind,
    request_for_assessment,
    revoke,
    save_settings,
    settings_for,
    start_request,
    state_of,
    threshold_for,
)
from development_plans.feedback.tokens import new_token, token_hash

__all__ = [
    "BLIND_SPOT",
    "DEFAULT_THRESHOLD",
    "HIDDEN_STRENGTH",
    "MIN_THRESHOLD",
    "DebriefNote",
    "FeedbackError",
    "FeedbackReport",
    "FeedbackRequest",
    "FeedbackSettings",
    "GroupCount",
    "Grouping",
    "InvalidRater",
    "LeftOut",
    "NotAllowed",
    "Rater",
    "RaterAnswer",
    "RaterAnswers",
    "RaterDimension",
    "RaterSheet",
    "ReleaseMode",
    "RequestState",
    "ShownGroup",
    "WindowClosed",
    "add_external_rater",
    "add_member_rater",
    "add_notes",
    "answered_sheets",
    "build_report",
    "close_early",
    "debrief_notes",
    "due_reminders",
    "effective_threshold",
    "group_answers",
    "group_counts",
    "load_rater_answers",
    "may_close_early",
    "may_read_report",
    "new_token",
    "own_answers_visible",
    "release",
    "released_on_closing",
    "releases",
    "remind",
    "report_for",
    "request_for_assessment",
    "revoke",
    "save_answers",
    "save_settings",
    "send_answers",
    "settings_for",
    "start_request",
    "state_of",
    "threshold_for",
    "token_hash",
    "typical_rating",
    "usable",
]
