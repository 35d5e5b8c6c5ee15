"""The 360 feedback tables: a learner's request, its raters (course members or people invited by
email, who reach it through a link whose token is kept only as a hash), what each rater
answered, the course's feedback settings and the notes of the debrief."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from development_plans.db import Base, utcnow
from development_plans.people import User


class RequestState(enum.StrEnum):
    """Open for answers, closed (no more answers, the report waits for the debrief), released."""

    OPEN = "open"
    CLOSED = "closed"
    RELEASED = "released"


class ReleaseMode(enum.StrEnum):
    """Who lets the learner read the report: the manager at the debrief, or the closing itself."""

    AT_DEBRIEF = "at_debrief"
    ON_CLOSING = "on_closing"


class FeedbackSettings(Base):
    """A course's 360 settings: the smallest group shown, and how reports are released."""

    __tablename__ = "feedback_settings"

    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    min_group_size: Mapped[int] = mapped_column(default=3)
    release_mode: Mapped[str] = mapped_column(String(20), default=ReleaseMode.AT_DEBRIEF.value)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FeedbackRequest(Base):
    """One learner's request for 360 feedback on one assessment, open until ``closes_at``."""

    __tablename__ = "feedback_requests"
    __table_args__ = (
        UniqueConstraint("assessment_id", name="uq_feedback_requests_assessment"),
        Index("ix_feedback_requests_course_learner", "course_id", "learner_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"))
    framework_id: Mapped[str] = mapped_column(String(100))
    framework_version: Mapped[str] = mapped_column(String(50))
    closes_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(20), default=RequestState.OPEN.value)
    release_mode: Mapped[str] = mapped_column(String(20), default=ReleaseMode.AT_DEBRIEF.value)
    facilitator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column()
    released_at: Mapped[datetime | None] = mapped_column()
    released_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(default=1)

    learner: Mapped[User] = relationship(foreign_keys=[learner_id])
    facilitator: Mapped[User | None] = relationship(foreign_keys=[facilitator_id])
    released_by: Mapped[User | None] = relationship(foreign_keys=[released_by_id])
    raters: Mapped[list[Rater]] = relationship(
        back_populates="request", order_by="Rater.id", cascade="all, delete-orphan"
    )
    notes: Mapped[list[DebriefNote]] = relationship(
        back_populates="request", order_by="DebriefNote.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}


class Rater(Base):
    """One person asked for feedback: a course member (``user_id``) or someone invited by email,
    who answers through a link. Only the sha256 of the link's token is kept."""

    __tablename__ = "feedback_raters"
    __table_args__ = (
        UniqueConstraint("request_id", "user_id", name="uq_feedback_raters_request_user"),
        UniqueConstraint("request_id", "email", name="uq_feedback_raters_request_email"),
        UniqueConstraint("token_hash", name="uq_feedback_raters_token_hash"),
        Index("ix_feedback_raters_user", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("feedback_requests.id", ondelete="CASCADE"))
    group_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    email: Mapped[str | None] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(255))
    token_hash: Mapped[str | None] = mapped_column(String(64))
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column()
    answered_at: Mapped[datetime | None] = mapped_column()
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[FeedbackRequest] = relationship(back_populates="raters")
    user: Mapped[User | None] = relationship()

    @property
    def external(self) -> bool:
        """True for someone invited by email rather than picked from the course."""
        return self.user_id is None


class RaterAnswer(Base):
    """How often a rater sees one behaviour: a value on the pack's scale, or None for
    "I have not seen this"."""

    __tablename__ = "feedback_answers"
    __table_args__ = (
        UniqueConstraint("rater_id", "behaviour_id", name="uq_feedback_answers_behaviour"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("feedback_raters.id", ondelete="CASCADE"))
    behaviour_id: Mapped[str] = mapped_column(String(200))
    rating: Mapped[int | None] = mapped_column()


class RaterDimension(Base):
    """A rater's view of one dimension as a whole: how important it is to the person's role,
    and an optional comment, shown verbatim (without a name) only for groups shown."""

    __tablename__ = "feedback_dimensions"
    __table_args__ = (
        UniqueConstraint("rater_id", "dimension_id", name="uq_feedback_dimensions_dimension"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rater_id: Mapped[int] = mapped_column(ForeignKey("feedback_raters.id", ondelete="CASCADE"))
    dimension_id: Mapped[str] = mapped_column(String(100))
    importance: Mapped[int | None] = mapped_column()
    comment: Mapped[str | None] = mapped_column(Text)


class DebriefNote(Base):
    """A note written by the person who released the report at the debrief; it can become a goal
    in the learner's plan."""

    __tablename__ = "feedback_debrief_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_requests.id", ondelete="CASCADE"), index=True
    )
    dimension_id: Mapped[str | None] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    goal_id: Mapped[int | None] = mapped_column()

    request: Mapped[FeedbackRequest] = relationship(back_populates="notes")
