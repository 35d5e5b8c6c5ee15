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
    cycle_rule: Mapped[str] = mapped_column(
        String(30), default="keep_best", server_default="keep_best"
    )
    chosen_by_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearnerCompletion(Base):
    """The completion the gradebook holds for a learner in one placement: the cycle the
    placement's cycle rule chose (see ``CycleCompletion``), under the policy in force when it was
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
    cycle: Mapped[int | None] = mapped_column()


class CycleCompletion(Base):
    """A learner's newest completion within one cycle (one self-assessment and its plan) in one
    placement; the gradebook's grade is chosen from these by the placement's cycle rule."""

    __tablename__ = "learner_cycle_completions"

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    cycle: Mapped[int] = mapped_column(primary_key=True)
    state: Mapped[str] = mapped_column(String(30))
    percent: Mapped[int] = mapped_column()
    final: Mapped[bool] = mapped_column()
    occurred_at: Mapped[datetime] = mapped_column()
