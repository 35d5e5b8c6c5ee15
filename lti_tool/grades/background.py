"""The sender that runs inside the web app (on in demo mode), woken as soon as a grade is queued."""

from __future__ import annotations

import threading
import weakref

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from lti_tool.grades.sender import GradeSender
from lti_tool.grades.settings import GradeSettings
from lti_tool.store import SharedStore

_wake_events: weakref.WeakSet[threading.Event] = weakref.WeakSet()
_listening = False


def _wake_senders(session: Session) -> None:
    if session.info.pop("grades_queued", False):
        for wake in list(_wake_events):
            wake.set()


def _forget_queued(session: Session, previous_transaction: object) -> None:
    session.info.pop("grades_queued", None)


def listen_for_queued_grades() -> None:
    """Wake in-process senders whenever a transaction that queued a grade commits."""
    global _listening
    if not _listening:
        event.listen(Session, "after_commit", _wake_senders)
        event.listen(Session, "after_soft_rollback", _forget_queued)
        _listening = True


class BackgroundSender:
    """A daemon thread running a :class:`GradeSender` until :meth:`stop`, or until the app's
    engine is disposed (the app is shutting its database down)."""

    def __init__(self, engine: Engine, store: SharedStore, settings: GradeSettings) -> None:
        self.engine = engine
        self.sender = GradeSender(engine, store, settings)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(
            target=self.sender.run,
            args=(self._stop, self._wake),
            name=f"grades-{self.sender.sender_id}",
            daemon=True,
        )

    def start(self) -> BackgroundSender:
        """Start sending in the background."""
        _wake_events.add(self._wake)
        event.listen(self.engine, "engine_disposed", self._engine_disposed)
        self._thread.start()
        return self

    def _engine_disposed(self, engine: Engine) -> None:
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """Look for due grades now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the grade in hand, then stop."""
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        _wake_events.discard(self._wake)
        if event.contains(self.engine, "engine_disposed", self._engine_disposed):
            event.remove(self.engine, "engine_disposed", self._engine_disposed)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
