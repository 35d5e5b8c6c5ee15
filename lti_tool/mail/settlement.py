"""Recording what happened to each claimed message, each in its own short transaction: sent,
retrying after a backoff, failed, or handed back untouched when the server is resting. Every
update is conditional on the sender still holding the row's claim."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from development_plans.db import utcnow
from lti_tool.mail.claims import mine
from lti_tool.mail.models import MailStatus, OutboxMail
from lti_tool.mail.settings import MailSettings
from lti_tool.mail.transport import MailProblem


def backoff_delay(
    attempt: int, *, base: float, cap: float, rand: Callable[[], float] = random.random
) -> float:
    """Seconds before attempt ``attempt + 1``: exponential from ``base``, capped, with "equal
    jitter" (half fixed, half random) so senders that failed together do not retry together."""
    ceiling = min(cap, base * 2 ** max(attempt - 1, 0))
    return ceiling / 2 + rand() * ceiling / 2


def mark_sent(session: Session, sender_id: str, row_id: int) -> bool:
    """The server accepted the message: record it at once and commit (see ``sender`` on the
    window between the two)."""
    result = session.execute(
        update(OutboxMail)
        .where(*mine(sender_id, row_id))
        .values(
            status=MailStatus.SENT.value,
            sent_at=utcnow(),
            attempts=OutboxMail.attempts + 1,
            claimed_by=None,
            claim_expires=None,
            last_error=None,
            last_smtp_code=None,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(result.rowcount)


def mark_problem(
    session: Session,
    sender_id: str,
    row_id: int,
    attempts_before: int,
    problem: MailProblem,
    settings: MailSettings,
    rand: Callable[[], float] = random.random,
) -> str:
    """Record a failed attempt: failed for good when ``problem`` is permanent or the attempts run
    out, else pending again after a backoff. Returns the row's new status."""
    attempts = attempts_before + 1
    values: dict = {
        "attempts": attempts,
        "last_error": problem.message,
        "last_smtp_code": problem.smtp_code,
        "claimed_by": None,
        "claim_expires": None,
    }
    if problem.permanent or attempts >= settings.max_attempts:
        values["status"] = MailStatus.FAILED.value
    else:
        delay = backoff_delay(
            attempts, base=settings.retry_base_seconds, cap=settings.retry_cap_seconds, rand=rand
        )
        values["next_attempt_at"] = utcnow() + timedelta(seconds=delay)
    session.execute(
        update(OutboxMail)
        .where(*mine(sender_id, row_id))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return values.get("status", MailStatus.PENDING.value)


def hand_back(session: Session, sender_id: str, row_ids: list[int], delay: float) -> int:
    """Release claims on messages never tried (the server is resting), due again in ``delay``
    seconds; their attempts are not counted."""
    if not row_ids:
        return 0
    result = session.execute(
        update(OutboxMail)
        .where(*mine(sender_id, *row_ids))
        .values(
            claimed_by=None,
            claim_expires=None,
            next_attempt_at=utcnow() + timedelta(seconds=delay),
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return result.rowcount
