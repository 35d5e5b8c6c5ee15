"""The sender that runs inside the web app (on in demo mode), woken through ``wakeup`` as soon as
a queued grade commits, and pruning old sent rows on schedule like any looping sender."""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

from lti_tool.grades.sender import GradeSender
from lti_tool.grades.settings import GradeSettings
from lti_tool.grades.wakeup import on_grades_queued, stop_hearing
from lti_tool.store import SharedStore


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
        on_grades_queued(self.wake)
        event.listen(self.engine, "engine_disposed", self._engine_disposed)
        self._thread.start()
        return self

    def _engine_disposed(self, engine: Engine) -> None:
        stop_hearing(self.wake)
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """Look for due grades now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the grade in hand, then stop."""
        stop_hearing(self.wake)
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if event.contains(self.engine, "engine_disposed", self._engine_disposed):
            event.remove(self.engine, "engine_disposed", self._engine_disposed)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
