"""Pruning the grade outbox: delivered rows are kept for ``GRADES_SENT_RETENTION_DAYS`` (30 by
default), then deleted, except each learner's newest row for a placement, which records what the
LMS last received. Run by every looping sender (``sender.GradeSender.prune_if_due``) and by
``flask grades prune``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, or_
from sqlalchemy.orm import Session

from lti_tool.grades.claims import NEWER_ROW_EXISTS
from lti_tool.grades.models import DeliveryStatus, GradeDelivery


def prune_sent_grades(session: Session, older_than: datetime) -> int:
    """Delete rows sent before ``older_than`` and rows superseded (never sent) that were queued
    before it, keeping each learner's newest row; failed and pending rows always stay. Runs in
    the caller's transaction; returns how many rows were deleted."""
    result = session.execute(
        delete(GradeDelivery)
        .where(
            or_(
                and_(
                    GradeDelivery.status == DeliveryStatus.SENT.value,
                    GradeDelivery.sent_at < older_than,
                ),
                and_(
                    GradeDelivery.status == DeliveryStatus.SUPERSEDED.value,
                    GradeDelivery.created_at < older_than,
                ),
            ),
            NEWER_ROW_EXISTS,
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
