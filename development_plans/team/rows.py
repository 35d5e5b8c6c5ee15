"""A member's line on the dashboard, and where they are in their development."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from development_plans.plans import PlanStatus


class MemberStatus(enum.StrEnum):
    """Where a team member is in their development, as their manager sees it."""

    NOT_STARTED = "not_started"
    ASSESSING = "assessing"
    PLAN_DRAFT = "plan_draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"

    @property
    def label(self) -> str:
        """The status in a manager's words."""
        return _MEMBER_LABELS[self]


_MEMBER_LABELS = {
    MemberStatus.NOT_STARTED: "Not started",
    MemberStatus.ASSESSING: "Assessing",
    MemberStatus.PLAN_DRAFT: "Plan draft",
    MemberStatus.SUBMITTED: "Submitted for review",
    MemberStatus.CHANGES_REQUESTED: "Changes requested",
    MemberStatus.APPROVED: "Approved",
}

#: The member's status while their newest plan is current (not overtaken by a new assessment).
STATUS_OF_PLAN = {
    PlanStatus.DRAFT: MemberStatus.PLAN_DRAFT,
    PlanStatus.SUBMITTED: MemberStatus.SUBMITTED,
    PlanStatus.CHANGES_REQUESTED: MemberStatus.CHANGES_REQUESTED,
    PlanStatus.APPROVED: MemberStatus.APPROVED,
    PlanStatus.ACTIVE: MemberStatus.APPROVED,
}


@dataclass(frozen=True)
class MemberRow:
    """One member's line on the dashboard."""

    user_id: int
    name: str
    email: str | None
    launched: bool
    active: bool
    status: MemberStatus
    levels: dict[str, str] = field(default_factory=dict)
    plan_id: int | None = None
    goals_achieved: int = 0
    goals_total: int = 0
    goals_overdue: int = 0
    last_activity: datetime | None = None
