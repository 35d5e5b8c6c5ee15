"""The kinds of email notice the tool sends about plans, each one a person can switch off."""

from __future__ import annotations

import enum


class NoticeKind(enum.StrEnum):
    """A kind of notice; the value names its mail template too."""

    PLAN_WAITING_REVIEW = "plan_waiting_review"
    CHANGES_REQUESTED = "changes_requested"
    COMMENT_ADDED = "comment_added"
    REPLY_ADDED = "reply_added"
    GOAL_DUE = "goal_due"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def hint(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    NoticeKind.PLAN_WAITING_REVIEW: (
        "A plan is waiting for my review",
        "When someone you manage sends you their development plan.",
    ),
    NoticeKind.CHANGES_REQUESTED: (
        "Changes are requested on my plan",
        "When your manager sends your plan back with what to change.",
    ),
    NoticeKind.COMMENT_ADDED: (
        "A comment arrives on my plan",
        "When your manager comments on your plan or one of its goals, or replies to you there.",
    ),
    NoticeKind.REPLY_ADDED: (
        "Someone I manage replies to my comment",
        "When a learner replies in a conversation on their plan that you took part in.",
    ),
    NoticeKind.GOAL_DUE: (
        "A goal's target date is near or past",
        "A week before a goal's target date, and once it has passed, unless it is finished.",
    ),
}
