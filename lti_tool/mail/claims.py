"""Claiming outbox rows so that two senders never send one message.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks a batch, and the claim is written in the
same short transaction, so concurrent senders take disjoint batches without waiting on each
other. SQLite: one conditional ``UPDATE … RETURNING`` claims them atomically (SQLite has one
writer at a time, so two senders cannot both see a row as free). A claim is ``claimed_by`` plus
``claim_expires``; rows whose sender died are claimed again once the claim expires. A sender
renews its claims (:func:`renew`) while it works through a long batch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.mail.models import MailStatus, OutboxMail

PENDING = MailStatus.PENDING.value


@dataclass(frozen=True)
class MailToSend:
    """One claimed message, read before any connection to the mail server is made."""

    row_id: int
    created_at: datetime
    to_address: str
    to_name: str | None
    subject: str
    text: str
    html: str | None
    attempts: int


def unclaimed(now: datetime):
    """Rows nobody holds: never claimed, handed back, or their claim has expired."""
    return or_(OutboxMail.claimed_by.is_(None), OutboxMail.claim_expires < now)


def _claimable(now: datetime):
    return OutboxMail.status == PENDING, OutboxMail.next_attempt_at <= now, unclaimed(now)


def claim_due(
    session: Session, sender_id: str, *, limit: int, ttl: float, now: datetime | None = None
) -> list[int]:
    """Claim up to ``limit`` due rows for ``sender_id`` for ``ttl`` seconds and commit; returns
    their ids, oldest first."""
    now = now or utcnow()
    expires = now + timedelta(seconds=ttl)
    due = (
        select(OutboxMail.id)
        .where(*_claimable(now))
        .order_by(OutboxMail.next_attempt_at, OutboxMail.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(due.with_for_update(skip_locked=True)))
        if ids:
            session.execute(
                update(OutboxMail)
                .where(OutboxMail.id.in_(ids))
                .values(claimed_by=sender_id, claim_expires=expires)
                .execution_options(synchronize_session=False)
            )
    else:
        ids = list(
            session.scalars(
                update(OutboxMail)
                .where(OutboxMail.id.in_(due.scalar_subquery()), *_claimable(now))
                .values(claimed_by=sender_id, claim_expires=expires)
                .returning(OutboxMail.id)
                .execution_options(synchronize_session=False)
            )
        )
    session.commit()
    return sorted(ids)


def mine(sender_id: str, *row_ids: int):
    """Conditions for rows still pending and claimed by ``sender_id``."""
    return (
        OutboxMail.id.in_(row_ids),
        OutboxMail.claimed_by == sender_id,
        OutboxMail.status == PENDING,
    )


def renew(
    session: Session, sender_id: str, row_ids: list[int], *, ttl: float, now: datetime | None = None
) -> set[int]:
    """Extend this sender's claims on ``row_ids`` by ``ttl`` seconds and commit; returns the
    rows it still holds (atomically: a row is never both renewed here and claimed elsewhere)."""
    if not row_ids:
        return set()
    now = now or utcnow()
    held = session.scalars(
        update(OutboxMail)
        .where(*mine(sender_id, *row_ids), OutboxMail.claim_expires >= now)
        .values(claim_expires=now + timedelta(seconds=ttl))
        .returning(OutboxMail.id)
        .execution_options(synchronize_session=False)
    ).all()
    session.commit()
    return set(held)


def load(session: Session, row_ids: list[int]) -> list[MailToSend]:
    """The messages behind ``row_ids``, oldest first."""
    rows = session.scalars(
        select(OutboxMail).where(OutboxMail.id.in_(row_ids)).order_by(OutboxMail.id)
    ).all()
    return [
        MailToSend(
            row_id=row.id,
            created_at=row.created_at,
            to_address=row.to_address,
            to_name=row.to_name,
            subject=row.subject,
            text=row.body_text,
            html=row.body_html,
            attempts=row.attempts,
        )
        for row in rows
    ]


def next_due(session: Session) -> datetime | None:
    """When the earliest pending row becomes due (claimed rows count from their claim's expiry)."""
    due = session.scalar(
        select(func.min(OutboxMail.next_attempt_at)).where(
            OutboxMail.status == PENDING, OutboxMail.claimed_by.is_(None)
        )
    )
    expiring = session.scalar(
        select(func.min(OutboxMail.claim_expires)).where(
            OutboxMail.status == PENDING, OutboxMail.claimed_by.is_not(None)
        )
    )
    times = [t for t in (due, expiring) if t is not None]
    return min(times) if times else None
