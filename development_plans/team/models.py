"""The team's tables: roster syncs, managers' own views of levels and whom they share them with,
the dashboard columns each manager chose; and the indexes the dashboard's queries need on the
tables it reads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
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


class ObservationShare(Base):
    """A manager shares their view of a member's levels with that member, who sees it beside
    their own results; removing the row takes it back."""

    __tablename__ = "team_observation_shares"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    observer_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    shared_at: Mapped[datetime] = mapped_column(default=utcnow)

    observer: Mapped[User] = relationship(foreign_keys=[observer_id])


class DashboardColumns(Base):
    """The dashboard columns a manager chose to see in one course (the member's name always)."""

    __tablename__ = "team_dashboard_columns"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    manager_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    shown: Mapped[list[str]] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


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
