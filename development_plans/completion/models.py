"""Tables of the completion concept: each placement's chosen policy, and each learner's current
completion there (what happened, the percentage it earned, whether it is final)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from development_plans.db import Base, utcnow


class PlacementGradingPolicy(Base):
    """The completion policy a course manager chose for one placement (none chosen: the default)."""

    __tablename__ = "placement_grading_policies"

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), primary_key=True
    )
    policy: Mapped[str] = mapped_column(String(40))
    chosen_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearnerCompletion(Base):
    """A learner's newest completion in one placement, under the policy in force when it was
    reached (a policy change re-evaluates it)."""

    __tablename__ = "learner_completions"

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    state: Mapped[str] = mapped_column(String(30))
    policy: Mapped[str] = mapped_column(String(40))
    percent: Mapped[int] = mapped_column()
    final: Mapped[bool] = mapped_column()
    occurred_at: Mapped[datetime] = mapped_column()
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
