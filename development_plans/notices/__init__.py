"""Email notices about plans, as the domain sees them: the kinds (``kinds``), each person's
choice to switch any of them off (``models``, ``preferences``), and who a notice is for
(``audience``: a plan's reviewers, those in a thread, goals whose target date is near or past).
Sending them is the tool's job (``lti_tool.notices``, through ``lti_tool.mail``)."""

from development_plans.notices.audience import (
    DueGoal,
    DueThreshold,
    goals_due,
    reviewers,
    thread_reviewers,
)
from development_plans.notices.kinds import NoticeKind
from development_plans.notices.models import NoticePreference
from development_plans.notices.preferences import preferences, save_preferences, wants

__all__ = [
    "DueGoal",
    "DueThreshold",
    "NoticeKind",
    "NoticePreference",
    "goals_due",
    "preferences",
    "reviewers",
    "save_preferences",
    "thread_reviewers",
    "wants",
]
