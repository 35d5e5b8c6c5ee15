"""Conversations on a learner's plan: a manager opens a thread with a comment on the plan or one
of its goals, and the learner and their managers reply in it (``threads``); one table
(``models``), a reply pointing at the comment that opened its thread.

Plain Python and SQLAlchemy: callers pass a ``Session`` and commit it.
"""

from development_plans.conversations.models import PlanComment
from development_plans.conversations.threads import (
    COMMENT_MAX,
    Thread,
    add_comment,
    may_reply,
    reply,
    threads_for,
)

__all__ = [
    "COMMENT_MAX",
    "PlanComment",
    "Thread",
    "add_comment",
    "may_reply",
    "reply",
    "threads_for",
]
