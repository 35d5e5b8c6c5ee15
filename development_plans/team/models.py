"""The team's tables: roster syncs, managers' comments on plans, managers' own views of levels;
and the indexes the dashboard's queries need on the tables it reads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.assessments import Assessment, DimensionResult
from development_plans.db import Base, Versioned, utcnow
from development_plans.goals import Goal
from development_plans.people import User


class RosterSync(Base):
    """When a course's roster was last fetched from the LMS, and what happened."""

    __tablename__ = "team_roster_syncs"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    synced_at: Mapped[datetime | None] = mapped_column()
    members_listed: Mapped[int] = mapped_column(default=0)
    error: Mapped[str | None] = mapped_column(Text)


class PlanComment(Base):
    """A manager's comment on a learner's plan, or on one of its goals."""

    __tablename__ = "team_plan_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    goal_id: Mapped[int | None] = mapped_column(
        ForeignKey("plan_goals.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class ManagerObservation(Versioned, Base):
    """A manager's own view of the level a member shows in one dimension."""

    __tablename__ = "team_observations"
    __table_args__ = (
        UniqueConstraint(
            "course_id",
            "member_id",
            "observer_id",
            "framework_id",
            "dimension_id",
            name="uq_team_observations_dimension",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    framework_id: Mapped[str] = mapped_column(String(100))
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    observer: Mapped[User] = relationship(foreign_keys=[observer_id])


# The dashboard's covering indexes on the tables it reads (migration 0008): it reaches them from a
# member by user id or primary key, and each of those reads comes from the index alone.
Index(
    "ix_assessments_member_cycles",
    Assessment.user_id,
    Assessment.course_id,
    Assessment.cycle,
    Assessment.status,
    Assessment.framework_id,
)
Index(
    "ix_assessment_dimension_results_levels",
    DimensionResult.assessment_id,
    DimensionResult.dimension_id,
    DimensionResult.level_id,
)
Index("ix_plan_goals_plan_status", Goal.plan_id, Goal.status, Goal.target_date)
