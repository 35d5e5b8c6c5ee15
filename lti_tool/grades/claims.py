"""Claiming outbox rows so several senders never send one row at the same time.

PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks a batch of rows, then the claim is written
in the same short transaction. SQLite: one conditional ``UPDATE … RETURNING`` claims them
atomically. Either way a claim is ``claimed_by`` plus ``claim_expires``; rows whose sender died
are claimed again once their claim expires. Only a learner's newest row for a placement is ever
claimed, and never while an older one of theirs is still in flight, so an older score never
follows a newer. Just before sending, :func:`hold` checks and renews a whole batch at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from development_plans.courses import Course, Placement
from development_plans.db import utcnow
from development_plans.people import User
from lti_tool.grades.line_items import PlacementGrading
from lti_tool.grades.models import DeliveryStatus, GradeDelivery
from lti_tool.grades.scores import ScoreToSend
from lti_tool.lti.services import granted_ags_scopes

PENDING = DeliveryStatus.PENDING.value

_NEWER = aliased(GradeDelivery, name="newer")
_OTHER = aliased(GradeDelivery, name="other")
NEWER_ROW_EXISTS = exists().where(
    _NEWER.placement_id == GradeDelivery.placement_id,
    _NEWER.user_id == GradeDelivery.user_id,
    _NEWER.id > GradeDelivery.id,
)


def _older_in_flight(now: datetime):
    """An older row of the same learner and placement is being sent. Only asked of a learner's
    newest row, so "older" is every other row; and only pending rows ever hold a claim (every
    settlement clears it), so the learner index alone answers it, statistics or not."""
    return exists().where(
        _OTHER.placement_id == GradeDelivery.placement_id,
        _OTHER.user_id == GradeDelivery.user_id,
        _OTHER.id < GradeDelivery.id,
        _OTHER.claimed_by.is_not(None),
        _OTHER.claim_expires >= now,
    )


def unclaimed(now: datetime):
    """Rows nobody holds: never claimed, handed back, or their claim has expired."""
    return or_(GradeDelivery.claimed_by.is_(None), GradeDelivery.claim_expires < now)


def _claimable(now: datetime):
    return (
        GradeDelivery.status == PENDING,
        GradeDelivery.next_attempt_at <= now,
        unclaimed(now),
        ~NEWER_ROW_EXISTS,
        ~_older_in_flight(now),
    )


def supersede_stale(session: Session, now: datetime | None = None) -> int:
    """Mark pending rows that a newer row of the same learner and placement has overtaken (left
    behind by a sender that died mid-delivery) as superseded."""
    now = now or utcnow()
    result = session.execute(
        update(GradeDelivery)
        .where(GradeDelivery.status == PENDING, unclaimed(now), NEWER_ROW_EXISTS)
        .values(status=DeliveryStatus.SUPERSEDED.value, claimed_by=None, claim_expires=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def claim_due(
    session: Session, sender_id: str, *, limit: int, ttl: float, now: datetime | None = None
) -> list[int]:
    """Claim up to ``limit`` due rows for ``sender_id`` for ``ttl`` seconds and commit; returns
    their ids, oldest first."""
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


def mine(sender_id: str, *row_ids: int):
    """Conditions for rows still pending and claimed by ``sender_id``."""
    return (
        GradeDelivery.id.in_(row_ids),
        GradeDelivery.claimed_by == sender_id,
        GradeDelivery.status == PENDING,
    )


@dataclass(frozen=True)
class ClaimedGrade:
    """Everything needed to deliver one claimed row, read before any HTTP call."""

    row_id: int
    issuer: str
    client_id: str
    placement: PlacementGrading
    score: ScoreToSend

    @property
    def platform(self) -> tuple[str, str]:
        """The LMS registration the score goes to: (issuer, client ID)."""
        return self.issuer, self.client_id


@dataclass
class Held:
    """What :func:`hold` found: rows still held (oldest first), and how many were not."""

    grades: list[ClaimedGrade] = field(default_factory=list)
    overtaken: int = 0
    lost: int = 0


def _held_rows(session: Session, row_ids: list[int]):
    return session.execute(
        select(
            GradeDelivery.id,
            User.subject,
            Course.issuer,
            Course.client_id,
            Placement,
            GradeDelivery.completion_percent,
            GradeDelivery.activity_progress,
            GradeDelivery.grading_progress,
            GradeDelivery.comment,
            GradeDelivery.score_timestamp,
        )
        .join(User, User.id == GradeDelivery.user_id)
        .join(Placement, Placement.id == GradeDelivery.placement_id)
        .join(Course, Course.id == Placement.course_id)
        .where(GradeDelivery.id.in_(row_ids))
        .order_by(GradeDelivery.id)
    ).all()


def _claimed_grade(row) -> ClaimedGrade:
    placement = row.Placement
    return ClaimedGrade(
        row_id=row.id,
        issuer=row.issuer,
        client_id=row.client_id,
        placement=PlacementGrading(
            placement_id=placement.id,
            resource_link_id=placement.resource_link_id,
            title=placement.title,
            lineitem_url=placement.lineitem_url,
            lineitems_url=placement.lineitems_url,
            scopes=granted_ags_scopes(placement.ags_scopes or []),
        ),
        score=ScoreToSend(
            user_subject=row.subject,
            percent=row.completion_percent,
            activity_progress=row.activity_progress,
            grading_progress=row.grading_progress,
            comment=row.comment,
            timestamp=row.score_timestamp,
        ),
    )


def hold(
    session: Session,
    sender_id: str,
    row_ids: list[int],
    *,
    ttl: float,
    now: datetime | None = None,
) -> Held:
    """Just before sending: which of ``row_ids`` this sender still holds, with their claims
    renewed for ``ttl`` seconds (atomically, so a row is never both renewed here and claimed by
    another sender). Rows a newer score has overtaken are marked superseded; rows another sender
    took, or that were handed back, are left alone. Runs in the caller's transaction."""
    if not row_ids:
        return Held()
    now = now or utcnow()
    overtaken = session.scalars(
        update(GradeDelivery)
        .where(*mine(sender_id, *row_ids), NEWER_ROW_EXISTS)
        .values(status=DeliveryStatus.SUPERSEDED.value, claimed_by=None, claim_expires=None)
        .returning(GradeDelivery.id)
        .execution_options(synchronize_session=False)
    ).all()
    renewed = session.scalars(
        update(GradeDelivery)
        .where(*mine(sender_id, *row_ids))
        .values(claim_expires=now + timedelta(seconds=ttl))
        .returning(GradeDelivery.id)
        .execution_options(synchronize_session=False)
    ).all()
    grades = [_claimed_grade(row) for row in _held_rows(session, list(renewed))] if renewed else []
    return Held(
        grades=grades,
        overtaken=len(overtaken),
        lost=len(row_ids) - len(overtaken) - len(renewed),
    )


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
