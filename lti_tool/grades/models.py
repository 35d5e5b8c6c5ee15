"""Tables behind grade delivery: the line item the tool found or created for a placement, and the
grade outbox that senders deliver to the LMS."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from development_plans.db import Base, utcnow


class DeliveryStatus(enum.StrEnum):
    """Where one outbox row stands."""

    PENDING = "pending"
    SENT = "sent"
    SUPERSEDED = "superseded"
    FAILED = "failed"


class GradeLineItem(Base):
    """The LMS line item the tool found or created for a placement whose launch named none.

    A row without a URL is a creation in progress: ``creating_by`` holds it until
    ``creating_until`` so two senders never create two gradebook columns."""

    __tablename__ = "grade_line_items"

    placement_id: Mapped[int] = mapped_column(
        ForeignKey("placements.id", ondelete="CASCADE"), primary_key=True
    )
    lineitem_url: Mapped[str | None] = mapped_column(Text)
    creating_by: Mapped[str | None] = mapped_column(String(64))
    creating_until: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()


class GradeDelivery(Base):
    """One AGS score waiting for, or done with, delivery to the LMS (the outbox).

    Written in the same transaction as the completion that earned it, already in the LMS's terms
    (``activity_progress``, ``grading_progress``, ``comment``); only the scale waits for the line
    item. A sender claims a row by setting ``claimed_by`` and ``claim_expires``; a claim past its
    expiry belongs to nobody.

    ``ix_grade_outbox_learner`` leads with the placement so that it, not a narrower index, serves
    every "this learner's other rows" probe even before PostgreSQL has statistics."""

    __tablename__ = "grade_outbox"
    __table_args__ = (
        Index("ix_grade_outbox_learner", "placement_id", "user_id", "id"),
        Index("ix_grade_outbox_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    state: Mapped[str] = mapped_column(String(30))
    policy: Mapped[str] = mapped_column(String(40))
    completion_percent: Mapped[int] = mapped_column()
    activity_progress: Mapped[str] = mapped_column(String(20))
    grading_progress: Mapped[str] = mapped_column(String(20))
    comment: Mapped[str] = mapped_column(Text)
    occurred_at: Mapped[datetime] = mapped_column()
    score_timestamp: Mapped[datetime] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default=DeliveryStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claim_expires: Mapped[datetime | None] = mapped_column()
    superseded_by: Mapped[int | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    last_http_status: Mapped[int | None] = mapped_column()
    lineitem_url: Mapped[str | None] = mapped_column(Text)
    score_given: Mapped[float | None] = mapped_column()
    score_maximum: Mapped[float | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()

    @property
    def delivery_status(self) -> DeliveryStatus:
        return DeliveryStatus(self.status)
