"""Waking mail senders in this process the moment a queued message commits.

Who signals: :func:`notify_mail_queued`, called by ``outbox.send_later`` and ``outbox.retry``
inside the caller's transaction. Who listens: ``background.BackgroundMailSender``, through
:func:`on_mail_queued` / :func:`stop_hearing`. Listeners are called only after that transaction
commits; a rollback forgets the signal. Senders in other processes do not hear it: they poll
(``MAIL_POLL_SECONDS``), and every sender sweeps for due rows on that interval anyway.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

QUEUED = "dp_mail_queued"
_listeners: set[Callable[[], None]] = set()
_guard = threading.Lock()


def notify_mail_queued(session: Session) -> None:
    """Say that ``session``'s transaction queued mail: listeners hear it once it commits."""
    session.info[QUEUED] = True


def on_mail_queued(listener: Callable[[], None]) -> None:
    """Call ``listener()`` (from the committing thread; keep it quick) after every commit that
    queued mail, until :func:`stop_hearing`."""
    with _guard:
        if not event.contains(Session, "after_commit", _committed):
            event.listen(Session, "after_commit", _committed)
            event.listen(Session, "after_soft_rollback", _rolled_back)
        _listeners.add(listener)


def stop_hearing(listener: Callable[[], None]) -> None:
    """No longer call ``listener``."""
    with _guard:
        _listeners.discard(listener)


def _committed(session: Session) -> None:
    if session.info.pop(QUEUED, False):
        for listener in list(_listeners):
            listener()


def _rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(QUEUED, None)
