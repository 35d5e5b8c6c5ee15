"""The goal tables: a SMART goal for one plan item, its checklist of actions and its dated
progress updates. The plan and its items are in :mod:`development_plans.plans.models`."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.db import Base, Versioned, utcnow

if TYPE_CHECKING:
    from development_plans.plans.models import Plan, PlanItem


class GoalStatus(enum.StrEnum):
    """A goal's progress."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    ACHIEVED = "achieved"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        """The status in a learner's words."""
        return self.value.replace("_", " ").capitalize()

    @property
    def finished(self) -> bool:
        """Achieved and dropped goals need no more work (and are not carried over)."""
        return self in (GoalStatus.ACHIEVED, GoalStatus.DROPPED)


class Goal(Versioned, Base):
    """A SMART goal for one plan item."""

    __tablename__ = "plan_goals"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("plan_items.id", ondelete="CASCADE"), index=True
    )
    specific: Mapped[str] = mapped_column(Text)
    measurable: Mapped[str] = mapped_column(Text)
    support: Mapped[str] = mapped_column(Text, default="")
    behaviour_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    resource_keys: Mapped[list[str]] = mapped_column(JSON, default=list)
    target_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(20), default=GoalStatus.NOT_STARTED.value)
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    reflection: Mapped[str | None] = mapped_column(Text)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    achieved_at: Mapped[datetime | None] = mapped_column()

    plan: Mapped[Plan] = relationship(back_populates="goals")
    item: Mapped[PlanItem] = relationship(back_populates="goals")
    actions: Mapped[list[GoalAction]] = relationship(
        back_populates="goal", cascade="all, delete-orphan", order_by="GoalAction.id"
    )
    updates: Mapped[list[ProgressUpdate]] = relationship(
        back_populates="goal",
        cascade="all, delete-orphan",
        order_by="(ProgressUpdate.occurred_on.desc(), ProgressUpdate.id.desc())",
    )

    @property
    def goal_status(self) -> GoalStatus:
        """``status`` as a :class:`GoalStatus`."""
        return GoalStatus(self.status)

    def overdue(self, today: date) -> bool:
        """Past its target date and not finished."""
        return not self.goal_status.finished and self.target_date < today


class GoalAction(Base):
    """One step towards a goal, ticked off when done."""

    __tablename__ = "plan_goal_actions"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(300))
    done: Mapped[bool] = mapped_column(default=False)
    done_at: Mapped[datetime | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="actions")


class ProgressUpdate(Base):
    """A dated note of progress on a goal, with optional evidence (text and links)."""

    __tablename__ = "plan_progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    goal_id: Mapped[int] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    evidence_text: Mapped[str] = mapped_column(Text, default="")
    evidence_links: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    goal: Mapped[Goal] = relationship(back_populates="updates")
