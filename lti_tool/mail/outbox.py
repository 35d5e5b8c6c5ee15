"""Putting mail in the outbox, in the caller's transaction, and administrators' retries.

``send_later`` is the one way any part of the tool sends email: the row is written with the
change it tells of (so a rolled-back change sends nothing, and a committed one is never lost),
and the mail senders are woken once that transaction commits (``wakeup``)."""

from __future__ import annotations

import logging
from datetime import datetime

from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.db import dialect_of, upsert, utcnow
from lti_tool.mail.messages import check_address, one_line
from lti_tool.mail.models import MailStatus, OutboxMail
from lti_tool.mail.wakeup import notify_mail_queued

log = logging.getLogger(__name__)
PENDING = MailStatus.PENDING.value


class RetryRefused(Exception):
    """A message that cannot be queued again, with the reason for the administrator."""


def mail_enabled() -> bool:
    """Whether this app sends mail (``MAIL_ENABLED``); outside an app, yes."""
    return not has_app_context() or bool(current_app.config.get("MAIL_ENABLED"))


def send_later(
    session: Session,
    *,
    to_address: str,
    to_name: str | None,
    subject: str,
    text: str,
    html: str | None = None,
    purpose: str,
    dedupe_key: str | None = None,
) -> None:
    """Queue one email in ``session``'s transaction (the caller commits).

    ``dedupe_key`` makes it idempotent and conflict-safe: once a message with that key was
    queued, another with the same key adds nothing, even from a concurrent transaction. With
    ``MAIL_ENABLED`` off nothing is queued. Raises ``MailAddressInvalid`` for an address that
    is not one mailbox (check user-typed addresses with ``check_address`` first)."""
    address = check_address(to_address)
    if not mail_enabled():
        log.debug("Mail is off (MAIL_ENABLED); not queueing %s mail", purpose)
        return
    now = utcnow()
    row = {
        "dedupe_key": dedupe_key,
        "purpose": purpose,
        "to_address": address,
        "to_name": one_line(to_name)[:255] or None,
        "subject": one_line(subject),
        "body_text": text,
        "body_html": html,
        "created_at": now,
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
    }
    statement = upsert(dialect_of(session), OutboxMail, conflict=["dedupe_key"])
    added = session.connection().execute(statement.returning(OutboxMail.id), row).first()
    if added is not None:  # not already queued under this dedupe_key
        notify_mail_queued(session)


def retry(session: Session, row_id: int, now: datetime | None = None) -> OutboxMail:
    """Queue a failed message again from scratch (the caller commits)."""
    row = session.get(OutboxMail, row_id)
    if row is None:
        raise RetryRefused(f"There is no mail #{row_id}.")
    if row.status != MailStatus.FAILED.value:
        raise RetryRefused(f"Mail #{row_id} is {row.status}, not failed.")
    row.status = PENDING
    row.attempts = 0
    row.next_attempt_at = now or utcnow()
    row.claimed_by = None
    row.claim_expires = None
    notify_mail_queued(session)
    return row


def retry_all_failed(session: Session) -> list[int]:
    """Queue every failed message again; returns their ids."""
    ids = list(
        session.scalars(select(OutboxMail.id).where(OutboxMail.status == MailStatus.FAILED.value))
    )
    for row_id in ids:
        retry(session, row_id)
    return ids
