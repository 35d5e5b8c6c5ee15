"""Signals that fire after a commit: a transaction says it queued work (``notify``), and every
listener of that signal in this process is called once the transaction commits; a rollback
forgets it. Senders in other processes do not hear it: they poll."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

_signals: list[CommitSignal] = []
_guard = threading.Lock()


class CommitSignal:
    """One named signal, e.g. "a grade was queued"."""

    def __init__(self, key: str) -> None:
        self.key = key
        self._listeners: set[Callable[[], None]] = set()

    def notify(self, session: Session) -> None:
        """Say that ``session``'s transaction queued work: listeners hear it once it commits."""
        session.info[self.key] = True

    def listen(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` (from the committing thread; keep it quick) after every commit that
        notified this signal, until :meth:`stop_hearing`."""
        with _guard:
            if not event.contains(Session, "after_commit", _committed):
                event.listen(Session, "after_commit", _committed)
                event.listen(Session, "after_soft_rollback", _rolled_back)
            if self not in _signals:
                _signals.append(self)
            self._listeners.add(listener)

    def stop_hearing(self, listener: Callable[[], None]) -> None:
        """No longer call ``listener``."""
        with _guard:
            self._listeners.discard(listener)

    def _fire(self) -> None:
        for listener in list(self._listeners):
            listener()


def _committed(session: Session) -> None:
    for signal in list(_signals):
        if session.info.pop(signal.key, False):
            signal._fire()


def _rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    if not previous_transaction.nested:
        for signal in list(_signals):
            session.info.pop(signal.key, None)
