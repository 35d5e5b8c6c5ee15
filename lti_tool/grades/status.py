"""What the outbox says about grades: a learner's newest grade and whether the LMS has it, each
learner's newest row for a placement, and rows by status for administrators."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session

from development_plans.completion import CompletionState
from lti_tool.grades.models import DeliveryStatus, GradeDelivery


@dataclass(frozen=True)
class GradeStatus:
    """What a learner is told about their completion grade in the LMS."""

    state: CompletionState
    percent: int
    delivery: DeliveryStatus
    sent_at: datetime | None = None
    problem: str | None = None

    @property
    def sent(self) -> bool:
        return self.delivery is DeliveryStatus.SENT

    @property
    def waiting(self) -> bool:
        return self.delivery is DeliveryStatus.PENDING

    @property
    def failed(self) -> bool:
        return self.delivery is DeliveryStatus.FAILED


_NEWEST_DELIVERY = (  # built once: every learner's home page asks
    select(GradeDelivery)
    .where(
        GradeDelivery.user_id == bindparam("user_id"),
        GradeDelivery.placement_id == bindparam("placement_id"),
    )
    .order_by(GradeDelivery.id.desc())
    .limit(1)
)


def grade_status_for(
    session: Session, user_id: int, placement_id: int | None
) -> GradeStatus | None:
    """The learner's newest completion grade for a placement and whether the LMS has it; None
    when nothing has been queued (including when the LMS offers no grade service)."""
    if placement_id is None:
        return None
    row = session.scalars(
        _NEWEST_DELIVERY, {"user_id": user_id, "placement_id": placement_id}
    ).first()
    if row is None:
        return None
    return GradeStatus(
        state=CompletionState(row.state),
        percent=row.completion_percent,
        delivery=row.delivery_status,
        sent_at=row.sent_at,
        problem=row.last_error if row.delivery_status is DeliveryStatus.FAILED else None,
    )


def latest_deliveries(session: Session, placement_id: int) -> list[GradeDelivery]:
    """Each learner's newest outbox row for a placement."""
    newest = (
        select(func.max(GradeDelivery.id))
        .where(GradeDelivery.placement_id == placement_id)
        .group_by(GradeDelivery.user_id)
    )
    return list(
        session.scalars(
            select(GradeDelivery)
            .where(GradeDelivery.id.in_(newest))
            .order_by(GradeDelivery.user_id)
        )
    )


def deliveries(session: Session, statuses: Iterable[DeliveryStatus]) -> list[GradeDelivery]:
    """Outbox rows in the given statuses, oldest first."""
    return list(
        session.scalars(
            select(GradeDelivery)
            .where(GradeDelivery.status.in_([s.value for s in statuses]))
            .order_by(GradeDelivery.id)
        )
    )
