"""Claiming and settling outbox rows so several senders never send one row at the same time.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks the rows, then the claim is written in the
same short transaction. SQLite: one conditional ``UPDATE … RETURNING`` claims them atomically.
Either way a claim is ``claimed_by`` plus ``claim_expires``; rows whose sender died are claimed
again once their claim expires. Only a learner's newest row for a placement is ever claimed, and
never while an older one of theirs is still in flight, so an older score never follows a newer.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from development_plans.grading_models import DeliveryStatus, GradeDelivery
from development_plans.models import Course, Placement, utcnow

PENDING = DeliveryStatus.PENDING.value


class RetryRefused(Exception):
    """A delivery that cannot be retried, with the reason for the administrator."""


_NEWER = aliased(GradeDelivery, name="newer")
_OTHER = aliased(GradeDelivery, name="other")
_NEWER_ROW_EXISTS = exists().where(
    _NEWER.user_id == GradeDelivery.user_id,
    _NEWER.placement_id == GradeDelivery.placement_id,
    _NEWER.id > GradeDelivery.id,
)


def _sibling_in_flight(now: datetime):
    return exists().where(
        _OTHER.user_id == GradeDelivery.user_id,
        _OTHER.placement_id == GradeDelivery.placement_id,
        _OTHER.id != GradeDelivery.id,
        _OTHER.status == PENDING,
        _OTHER.claimed_by.is_not(None),
        _OTHER.claim_expires >= now,
    )


def _unclaimed(now: datetime):
    return or_(GradeDelivery.claimed_by.is_(None), GradeDelivery.claim_expires < now)


def _claimable(now: datetime):
    return (
        GradeDelivery.status == PENDING,
        GradeDelivery.next_attempt_at <= now,
        _unclaimed(now),
        ~_NEWER_ROW_EXISTS,
        ~_sibling_in_flight(now),
    )


def supersede_stale(session: Session, now: datetime | None = None) -> int:
    """Mark pending rows that a newer row of the same learner and placement has overtaken (left
    behind by a sender that died mid-delivery) as superseded."""
    now = now or utcnow()
    result = session.execute(
        update(GradeDelivery)
        .where(GradeDelivery.status == PENDING, _unclaimed(now), _NEWER_ROW_EXISTS)
        .values(status=DeliveryStatus.SUPERSEDED.value, claimed_by=None, claim_expires=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def claim_due(
    session: Session, sender_id: str, *, limit: int, ttl: float, now: datetime | None = None
) -> list[int]:
    """Claim up to ``limit`` due rows for ``sender_id`` for ``ttl`` seconds and commit; returns
    their ids, oldest due first."""
    now = now or utcnow()
    expires = now + timedelta(seconds=ttl)
    supersede_stale(session, now)
    due = (
        select(GradeDelivery.id)
        .where(*_claimable(now))
        .order_by(GradeDelivery.next_attempt_at, GradeDelivery.id)
        .limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        ids = list(session.scalars(due.with_for_update(skip_locked=True, of=GradeDelivery)))
        if ids:
            session.execute(
                update(GradeDelivery)
                .where(GradeDelivery.id.in_(ids))
                .values(claimed_by=sender_id, claim_expires=expires)
                .execution_options(synchronize_session=False)
            )
    else:
        ids = list(
            session.scalars(
                update(GradeDelivery)
                .where(GradeDelivery.id.in_(due.scalar_subquery()), *_claimable(now))
                .values(claimed_by=sender_id, claim_expires=expires)
                .returning(GradeDelivery.id)
                .execution_options(synchronize_session=False)
            )
        )
    session.commit()
    return sorted(ids)


def _mine(row_id: int, sender_id: str):
    return (
        GradeDelivery.id == row_id,
        GradeDelivery.claimed_by == sender_id,
        GradeDelivery.status == PENDING,
    )


class ClaimCheck(enum.Enum):
    """What a sender finds when it checks its claim just before sending."""

    HELD = "held"
    LOST = "lost"
    OVERTAKEN = "overtaken"


def renew_claim(
    session: Session, row_id: int, sender_id: str, *, ttl: float, now: datetime | None = None
) -> ClaimCheck:
    """Check this sender still holds a row just before sending it, extending the claim when less
    than half of ``ttl`` is left. A row a newer score has overtaken is marked superseded."""
    now = now or utcnow()
    held = session.execute(
        select(GradeDelivery.claim_expires, _NEWER_ROW_EXISTS).where(*_mine(row_id, sender_id))
    ).first()
    if held is None:
        return ClaimCheck.LOST
    expires, overtaken = held
    if overtaken:
        _settle(session, row_id, sender_id, status=DeliveryStatus.SUPERSEDED)
        return ClaimCheck.OVERTAKEN
    if expires is not None and expires - now >= timedelta(seconds=ttl / 2):
        return ClaimCheck.HELD
    renewed = session.execute(
        update(GradeDelivery)
        .where(*_mine(row_id, sender_id))
        .values(claim_expires=now + timedelta(seconds=ttl))
        .execution_options(synchronize_session=False)
    )
    return ClaimCheck.HELD if renewed.rowcount == 1 else ClaimCheck.LOST


def _settle(session: Session, row_id: int, sender_id: str, **values: object) -> bool:
    status = values.pop("status", None)
    if isinstance(status, DeliveryStatus):
        values["status"] = status.value
    result = session.execute(
        update(GradeDelivery)
        .where(*_mine(row_id, sender_id))
        .values(claimed_by=None, claim_expires=None, **values)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def record_sent(
    session: Session,
    row_id: int,
    sender_id: str,
    *,
    lineitem_url: str,
    score_given: float,
    score_maximum: float,
    http_status: int | None,
    note: str | None = None,
    now: datetime | None = None,
) -> bool:
    """The LMS has the score: settle the row as sent."""
    return _settle(
        session,
        row_id,
        sender_id,
        status=DeliveryStatus.SENT,
        sent_at=now or utcnow(),
        attempts=GradeDelivery.attempts + 1,
        lineitem_url=lineitem_url,
        score_given=score_given,
        score_maximum=score_maximum,
        last_http_status=http_status,
        last_error=note,
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
    if session.scalar(select(_NEWER_ROW_EXISTS).where(GradeDelivery.id == row_id)):
        status = DeliveryStatus.SUPERSEDED
    elif retry_delay is None:
        status = DeliveryStatus.FAILED
    elif attempts >= max_attempts:
        status = DeliveryStatus.FAILED
        message = f"Gave up after {attempts} attempts. Last: {message}"
    else:
        status = DeliveryStatus.PENDING
        retry_at = now + timedelta(seconds=retry_delay(attempts))
    settled = _settle(
        session,
        row_id,
        sender_id,
        status=status,
        attempts=attempts,
        next_attempt_at=retry_at or row.next_attempt_at,
        last_error=message,
        last_http_status=http_status,
    )
    return (status, retry_at) if settled else (None, None)


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
                and_(_unclaimed(now), GradeDelivery.next_attempt_at < until),
            ),
        )
        .values(claimed_by=None, claim_expires=None, next_attempt_at=until)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def next_due(session: Session) -> datetime | None:
    """When the earliest pending row becomes due (claimed rows count from their claim's expiry)."""
    due = session.scalar(
        select(func.min(GradeDelivery.next_attempt_at)).where(
            GradeDelivery.status == PENDING, GradeDelivery.claimed_by.is_(None)
        )
    )
    expiring = session.scalar(
        select(func.min(GradeDelivery.claim_expires)).where(
            GradeDelivery.status == PENDING, GradeDelivery.claimed_by.is_not(None)
        )
    )
    times = [t for t in (due, expiring) if t is not None]
    return min(times) if times else None


def deliveries(session: Session, statuses: Iterable[DeliveryStatus]) -> list[GradeDelivery]:
    """Outbox rows in the given statuses, oldest first."""
    return list(
        session.scalars(
            select(GradeDelivery)
            .where(GradeDelivery.status.in_([s.value for s in statuses]))
            .order_by(GradeDelivery.id)
        )
    )


def retry(session: Session, row_id: int, now: datetime | None = None) -> GradeDelivery:
    """Queue a failed delivery again from scratch (the caller commits); refused unless it is
    the learner's newest score, so an older score is never sent after a newer one."""
    row = session.get(GradeDelivery, row_id)
    if row is None:
        raise RetryRefused(f"There is no grade delivery #{row_id}.")
    if row.status != DeliveryStatus.FAILED.value:
        raise RetryRefused(f"Grade delivery #{row_id} is {row.status}, not failed.")
    if session.scalar(select(_NEWER_ROW_EXISTS).where(GradeDelivery.id == row_id)):
        raise RetryRefused(
            f"Grade delivery #{row_id} is not the learner's newest score; a newer one has been "
            "queued since, and sending this one would overwrite it."
        )
    row.status = PENDING
    row.attempts = 0
    row.next_attempt_at = now or utcnow()
    row.claimed_by = None
    row.claim_expires = None
    session.info["grades_queued"] = True
    return row


def retry_all_failed(session: Session) -> tuple[list[int], list[str]]:
    """Queue every failed delivery that is its learner's newest score again; returns the ids
    queued and the reasons others were not."""
    queued, refused = [], []
    for row in deliveries(session, [DeliveryStatus.FAILED]):
        try:
            queued.append(retry(session, row.id).id)
        except RetryRefused as reason:
            refused.append(str(reason))
    return queued, refused
