"""A sender running inside the web app (on in demo mode): a daemon thread that sleeps until its
signal fires or its poll interval passes, and stops when asked or when the app's engine is
disposed (the app is shutting its database down)."""

from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy import event
from sqlalchemy.engine import Engine

from lti_tool.outbox.signals import CommitSignal


class LoopingSender(Protocol):
    sender_id: str

    def run(self, stop: threading.Event, wake: threading.Event) -> None: ...


class BackgroundWorker:
    """A daemon thread running ``sender`` until :meth:`stop`, woken by ``signal``."""

    def __init__(self, engine: Engine, sender: LoopingSender, signal: CommitSignal, kind: str):
        self.engine = engine
        self.sender = sender
        self.signal = signal
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(
            target=sender.run,
            args=(self._stop, self._wake),
            name=f"{kind}-{sender.sender_id}",
            daemon=True,
        )

    def start(self):
        """Start sending in the background."""
        self.signal.listen(self.wake)
        event.listen(self.engine, "engine_disposed", self._engine_disposed)
        self._thread.start()
        return self

    def _engine_disposed(self, engine: Engine) -> None:
        self.signal.stop_hearing(self.wake)
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """Look for due work now rather than at the next poll."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the item in hand, then stop."""
        self.signal.stop_hearing(self.wake)
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
        if event.contains(self.engine, "engine_disposed", self._engine_disposed):
            event.remove(self.engine, "engine_disposed", self._engine_disposed)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()
