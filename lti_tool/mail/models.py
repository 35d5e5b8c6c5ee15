"""The mail outbox: one row per message the tool means to send, written in the same transaction as
the change it tells of, delivered by a mail sender (``sender.MailSender``) over SMTP."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from development_plans.db import Base, utcnow


class MailStatus(enum.StrEnum):
    """Where one outbox row stands: waiting (or retrying), delivered, or given up on."""

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class OutboxMail(Base):
    """One email, already rendered: addresses, subject and both bodies are stored as written, and
    encoded only when the message is built for sending (``messages.build_message``).

    ``dedupe_key`` is unique: a second message with the same key is never queued (say
    ``"goal-due:42:week"``). A sender claims a row by setting ``claimed_by`` and
    ``claim_expires``; a claim past its expiry belongs to nobody. ``last_smtp_code`` and
    ``last_error`` keep the mail server's last reply for the operator."""

    __tablename__ = "mail_outbox"
    __table_args__ = (Index("ix_mail_outbox_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    purpose: Mapped[str] = mapped_column(String(60))
    to_address: Mapped[str] = mapped_column(String(320))
    to_name: Mapped[str | None] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(Text)
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(12), default=MailStatus.PENDING.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claim_expires: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    last_smtp_code: Mapped[int | None] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column()
