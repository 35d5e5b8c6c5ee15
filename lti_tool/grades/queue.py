"""Putting scores in the grade outbox: the listener that turns each recorded completion into an
AGS score row, in the same transaction, and administrators' retries of failed rows."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from development_plans.completion import CompletionRecorded, on_completion_recorded
from development_plans.courses import Placement
from development_plans.db import utcnow
from lti_tool.grades.claims import NEWER_ROW_EXISTS
from lti_tool.grades.models import DeliveryStatus, GradeDelivery
from lti_tool.grades.scores import has_grade_service, progress_for
from lti_tool.grades.status import deliveries
from lti_tool.grades.wakeup import notify_grades_queued

TIMESTAMP_STEP = timedelta(seconds=1)
PENDING = DeliveryStatus.PENDING.value


class RetryRefused(Exception):
    """A delivery that cannot be retried, with the reason for the administrator."""


def listen_for_completions() -> None:
    """Queue a score for every completion the domain records (see ``completion.events``)."""
    on_completion_recorded(queue_score)


def queue_score(session: Session, recorded: CompletionRecorded) -> GradeDelivery | None:
    """Add the AGS score for a recorded completion to the outbox, in the caller's transaction.

    Nothing is queued when the LMS offered no grade service for the placement. Older unsent
    scores for the same learner and placement are superseded, and the score's timestamp is kept
    at least a second after the previous one so the LMS never takes the newer for an older."""
    placement = session.get(Placement, recorded.placement_id)
    if placement is None or not has_grade_service(placement):
        return None
    user_id, placement_id = recorded.user_id, recorded.placement_id
    previous = session.scalar(
        select(func.max(GradeDelivery.score_timestamp)).where(
            GradeDelivery.user_id == user_id, GradeDelivery.placement_id == placement_id
        )
    )
    occurred = recorded.occurred_at
    activity, grading = progress_for(recorded.completion)
    now = utcnow()
    row = GradeDelivery(
        user_id=user_id,
        placement_id=placement_id,
        state=recorded.completion.state.value,
        policy=recorded.policy,
        completion_percent=recorded.completion.percent,
        activity_progress=activity.value,
        grading_progress=grading.value,
        comment=recorded.completion.state.label,
        occurred_at=occurred,
        score_timestamp=occurred if previous is None else max(occurred, previous + TIMESTAMP_STEP),
        created_at=now,
        next_attempt_at=now,
        status=PENDING,
    )
    session.add(row)
    session.flush()
    _supersede_older(session, row, now)
    notify_grades_queued(session)
    return row


def _supersede_older(session: Session, row: GradeDelivery, now: datetime) -> None:
    session.execute(
        update(GradeDelivery)
        .where(
            GradeDelivery.user_id == row.user_id,
            GradeDelivery.placement_id == row.placement_id,
            GradeDelivery.id < row.id,
            GradeDelivery.status == PENDING,
            or_(GradeDelivery.claimed_by.is_(None), GradeDelivery.claim_expires < now),
        )
        .values(
            status=DeliveryStatus.SUPERSEDED.value,
            superseded_by=row.id,
            claimed_by=None,
            claim_expires=None,
        )
        .execution_options(synchronize_session=False)
    )


def retry(session: Session, row_id: int, now: datetime | None = None) -> GradeDelivery:
    """Queue a failed delivery again from scratch (the caller commits); refused unless it is
    the learner's newest score, so an older score is never sent after a newer one."""
    row = session.get(GradeDelivery, row_id)
    if row is None:
        raise RetryRefused(f"There is no grade delivery #{row_id}.")
    if row.status != DeliveryStatus.FAILED.value:
        raise RetryRefused(f"Grade delivery #{row_id} is {row.status}, not failed.")
    if session.scalar(select(NEWER_ROW_EXISTS).where(GradeDelivery.id == row_id)):
        raise RetryRefused(
            f"Grade delivery #{row_id} is not the learner's newest score; a newer one has been "
            "queued since, and sending this one would overwrite it."
        )
    row.status = PENDING
    row.attempts = 0
    row.next_attempt_at = now or utcnow()
    row.claimed_by = None
    row.claim_expires = None
    notify_grades_queued(session)
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
