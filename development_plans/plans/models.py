"""The plan's tables: a course's targets, each version of a learner's plan, its items (one per
dimension) and the history of every change. A plan's goals are in
:mod:`development_plans.goals.models`."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.db import Base, Versioned, utcnow
from development_plans.people import User

if TYPE_CHECKING:
    from development_plans.goals.models import Goal


class PlanStatus(enum.StrEnum):
    """Where a plan is in its review: draft → submitted → approved/changes requested → active."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    ACTIVE = "active"

    @property
    def label(self) -> str:
        """The status in a learner's words."""
        return _PLAN_LABELS[self]


_PLAN_LABELS = {
    PlanStatus.DRAFT: "Draft",
    PlanStatus.SUBMITTED: "Submitted for review",
    PlanStatus.APPROVED: "Approved",
    PlanStatus.CHANGES_REQUESTED: "Changes requested",
    PlanStatus.ACTIVE: "Active",
}


class CourseTarget(Versioned, Base):
    """A course's (or one placement's) target level for a dimension, set by its managers."""

    __tablename__ = "plan_course_targets"

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE")
    )
    framework_id: Mapped[str] = mapped_column(String(100))
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str] = mapped_column(String(100))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Plan(Base):
    """One version of a learner's plan in one course; a new assessment cycle starts a new one."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("user_id", "course_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placements.id", ondelete="SET NULL")
    )
    framework_id: Mapped[str] = mapped_column(String(100))
    assessment_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: Set when the targets and gaps come from a 360 feedback report (others' combined view)
    #: rather than from the learner's own assessment.
    feedback_request_id: Mapped[int | None] = mapped_column(Integer)
    cycle: Mapped[int | None] = mapped_column()
    version: Mapped[int] = mapped_column()
    status: Mapped[str] = mapped_column(String(30), default=PlanStatus.DRAFT.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()
    reviewed_at: Mapped[datetime | None] = mapped_column()
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    review_message: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    reviewed_by: Mapped[User | None] = relationship(foreign_keys=[reviewed_by_id])
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanItem.id"
    )
    goals: Mapped[list[Goal]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="Goal.id"
    )

    @property
    def plan_status(self) -> PlanStatus:
        """``status`` as a :class:`PlanStatus`."""
        return PlanStatus(self.status)

    @property
    def closed(self) -> bool:
        """An earlier version, kept readable but no longer changed."""
        return self.closed_at is not None

    def item_for(self, dimension_id: str) -> PlanItem | None:
        """This plan's item for a dimension (included or not)."""
        return next((i for i in self.items if i.dimension_id == dimension_id), None)


class PlanItem(Versioned, Base):
    """One dimension of a plan: current and target level, and whether it is in the plan."""

    __tablename__ = "plan_items"
    __table_args__ = (UniqueConstraint("plan_id", "dimension_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    dimension_id: Mapped[str] = mapped_column(String(100))
    position: Mapped[int] = mapped_column()
    current_level_id: Mapped[str] = mapped_column(String(100))
    importance: Mapped[int] = mapped_column()
    suggested_target_id: Mapped[str] = mapped_column(String(100))
    target_level_id: Mapped[str] = mapped_column(String(100))
    target_reason: Mapped[str | None] = mapped_column(Text)
    included: Mapped[bool] = mapped_column(default=False)
    added_by_learner: Mapped[bool] = mapped_column(default=False)

    plan: Mapped[Plan] = relationship(back_populates="items")
    goals: Mapped[list[Goal]] = relationship(back_populates="item", order_by="Goal.id")

    @property
    def target_lowered(self) -> bool:
        """The learner chose a lower target than suggested (their reason is in target_reason)."""
        return self.target_reason is not None


class PlanEvent(Base):
    """One change to a plan or goal: who, when and what, in words."""

    __tablename__ = "plan_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="SET NULL"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action: Mapped[str] = mapped_column(String(40))
    summary: Mapped[str] = mapped_column(Text)

    actor: Mapped[User | None] = relationship()
