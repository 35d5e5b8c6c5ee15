"""Settling claimed outbox rows once the LMS has answered: sent (in bulk), failed, retried later,
or left alone while an LMS that is failing as a whole rests. Only rows this sender still holds
are settled."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, bindparam, or_, select, update
from sqlalchemy.orm import Session

from development_plans.courses import Course, Placement
from development_plans.db import utcnow
from lti_tool.grades.claims import NEWER_ROW_EXISTS, PENDING, mine, unclaimed
from lti_tool.grades.models import DeliveryStatus, GradeDelivery


@dataclass(frozen=True)
class SentScore:
    """A score the LMS accepted (or already had, ``http_status`` 409 with a ``note``)."""

    row_id: int
    lineitem_url: str
    score_given: float
    score_maximum: float
    http_status: int | None = None
    note: str | None = None


_outbox = GradeDelivery.__table__
_SETTLE_SENT = (
    update(_outbox)
    .where(
        _outbox.c.id == bindparam("row_id"),
        _outbox.c.claimed_by == bindparam("sender_id"),
        _outbox.c.status == PENDING,
    )
    .values(
        status=DeliveryStatus.SENT.value,
        sent_at=bindparam("settled_at"),
        attempts=_outbox.c.attempts + 1,
        lineitem_url=bindparam("url"),
        score_given=bindparam("given"),
        score_maximum=bindparam("maximum"),
        last_http_status=bindparam("http_status"),
        last_error=bindparam("note"),
        claimed_by=None,
        claim_expires=None,
    )
)


def record_sent(
    session: Session, sender_id: str, sent: Sequence[SentScore], now: datetime | None = None
) -> None:
    """The LMS has these scores: settle their rows as sent, in one statement."""
    if not sent:
        return
    sent_at = now or utcnow()
    session.connection().execute(
        _SETTLE_SENT,
        [
            {
                "row_id": score.row_id,
                "sender_id": sender_id,
                "settled_at": sent_at,
                "url": score.lineitem_url,
                "given": score.score_given,
                "maximum": score.score_maximum,
                "http_status": score.http_status,
                "note": score.note,
            }
            for score in sent
        ],
    )


def record_failure(
    session: Session,
    row_id: int,
    sender_id: str,
    *,
    message: str,
    http_status: int | None,
    retry_delay: Callable[[int], float] | None,
    max_attempts: int,
    now: datetime | None = None,
) -> tuple[DeliveryStatus | None, datetime | None]:
    """Settle a failed attempt: permanent when ``retry_delay`` is None or attempts are used up,
    superseded when a newer score has arrived meanwhile, else pending until the delay (given the
    attempts made so far) has passed. Returns the new status and retry time; the status is None
    if this sender no longer held the row."""
    now = now or utcnow()
    row = session.get(GradeDelivery, row_id)
    if row is None or row.claimed_by != sender_id or row.status != PENDING:
        return None, None
    attempts = row.attempts + 1
    retry_at = None
    if session.scalar(select(NEWER_ROW_EXISTS).where(GradeDelivery.id == row_id)):
        status = DeliveryStatus.SUPERSEDED
    elif retry_delay is None:
        status = DeliveryStatus.FAILED
    elif attempts >= max_attempts:
        status = DeliveryStatus.FAILED
        message = f"Gave up after {attempts} attempts. Last: {message}"
    else:
        status = DeliveryStatus.PENDING
        retry_at = now + timedelta(seconds=retry_delay(attempts))
    settled = session.execute(
        update(GradeDelivery)
        .where(*mine(sender_id, row_id))
        .values(
            status=status.value,
            attempts=attempts,
            next_attempt_at=retry_at or row.next_attempt_at,
            last_error=message,
            last_http_status=http_status,
            claimed_by=None,
            claim_expires=None,
        )
        .execution_options(synchronize_session=False)
    )
    return (status, retry_at) if settled.rowcount == 1 else (None, None)


def rest_platform(
    session: Session,
    *,
    issuer: str,
    client_id: str,
    sender_id: str,
    until: datetime,
    now: datetime | None = None,
) -> int:
    """Leave an LMS that is failing as a whole alone until ``until``: its pending rows (this
    sender's claims included, others' live claims excepted) wait until then, for every sender.
    No attempt is counted. Returns how many rows now wait."""
    now = now or utcnow()
    placements = (
        select(Placement.id)
        .join(Course, Course.id == Placement.course_id)
        .where(Course.issuer == issuer, Course.client_id == client_id)
    )
    result = session.execute(
        update(GradeDelivery)
        .where(
            GradeDelivery.status == PENDING,
            GradeDelivery.placement_id.in_(placements),
            or_(
                GradeDelivery.claimed_by == sender_id,
                and_(unclaimed(now), GradeDelivery.next_attempt_at < until),
            ),
        )
        .values(claimed_by=None, claim_expires=None, next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
