"""The self-assessment tables: a cycle, its answers and importances (with the version of each
dimension's answers), and the per-dimension results stored when it is submitted."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.db import Base, Versioned, utcnow


class AssessmentStatus(enum.StrEnum):
    """Where a cycle is: answers can change only while it is in progress."""

    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


class Assessment(Base):
    """One self-assessment cycle of one learner in one course."""

    __tablename__ = "assessments"
    __table_args__ = (
        UniqueConstraint("course_id", "user_id", "cycle", name="uq_assessments_course_user_cycle"),
        Index("ix_assessments_course_status", "course_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    placement_id: Mapped[int | None] = mapped_column(
        ForeignKey("placements.id", ondelete="SET NULL"), index=True
    )
    framework_id: Mapped[str] = mapped_column(String(100))
    framework_version: Mapped[str] = mapped_column(String(50))
    cycle: Mapped[int]
    status: Mapped[str] = mapped_column(String(20), default=AssessmentStatus.IN_PROGRESS.value)
    current_dimension: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column()

    dimension_results: Mapped[list[DimensionResult]] = relationship(
        back_populates="assessment",
        order_by="DimensionResult.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
        lazy="selectin",
    )

    @property
    def is_submitted(self) -> bool:
        """True once the cycle is submitted and its answers are final."""
        return self.status == AssessmentStatus.SUBMITTED


class BehaviourAnswer(Base):
    """How often the learner says they show one behaviour: a value on the pack's scale."""

    __tablename__ = "assessment_answers"
    __table_args__ = (
        UniqueConstraint("assessment_id", "behaviour_id", name="uq_assessment_answers_behaviour"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    behaviour_id: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int]
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


class DimensionImportance(Base):
    """How important the learner says a dimension is to their current role."""

    __tablename__ = "assessment_importances"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "dimension_id", name="uq_assessment_importances_dimension"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    dimension_id: Mapped[str] = mapped_column(String(100))
    importance: Mapped[int]


class DimensionAnswers(Versioned, Base):
    """The version of one dimension's saved answers (ratings and importance together): the page
    carries it, so a save from a tab opened before another tab saved is refused. No row: the
    page was never saved (version 0)."""

    __tablename__ = "assessment_answer_versions"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "dimension_id", name="uq_assessment_answer_versions_dimension"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    dimension_id: Mapped[str] = mapped_column(String(100))
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)


class DimensionResult(Base):
    """A dimension's outcome, stored at submission: ``level_id`` None means below the lowest."""

    __tablename__ = "assessment_dimension_results"
    __table_args__ = (
        UniqueConstraint(
            "assessment_id", "dimension_id", name="uq_assessment_dimension_results_dimension"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    position: Mapped[int]
    dimension_id: Mapped[str] = mapped_column(String(100))
    level_id: Mapped[str | None] = mapped_column(String(100))
    importance: Mapped[int]

    assessment: Mapped[Assessment] = relationship(back_populates="dimension_results")
