"""Pruning the mail outbox. Retention: a sent message is kept ``MAIL_SENT_RETENTION_DAYS`` (14 by
default) after it was sent, long enough to answer "did it go?", then deleted, since it holds
people's names and addresses; a failed one is kept ``MAIL_FAILED_RETENTION_DAYS`` (90) after it
was queued so operators can see and retry it; pending rows always stay. Run by every looping
sender (``sender.MailSender.prune_if_due``), by ``flask mail prune`` and by ``flask
housekeeping``."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, delete, or_
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.mail.models import MailStatus, OutboxMail
from lti_tool.mail.settings import MailSettings


def prune_mail(session: Session, settings: MailSettings, now: datetime | None = None) -> int:
    """Delete rows past their retention, in the caller's transaction; returns how many."""
    now = now or utcnow()
    sent_before = now - timedelta(days=settings.sent_retention_days)
    failed_before = now - timedelta(days=settings.failed_retention_days)
    result = session.execute(
        delete(OutboxMail)
        .where(
            or_(
                and_(OutboxMail.status == MailStatus.SENT.value, OutboxMail.sent_at < sent_before),
                and_(
                    OutboxMail.status == MailStatus.FAILED.value,
                    OutboxMail.created_at < failed_before,
                ),
            )
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
