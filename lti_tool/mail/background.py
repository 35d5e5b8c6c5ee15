"""The mail sender that runs inside the web app (on in demo mode): a daemon thread woken through
``wakeup`` as soon as queued mail commits, sweeping every ``MAIL_POLL_SECONDS`` besides."""

from __future__ import annotations

import threading

from sqlalchemy import event
from sqlalchemy.engine import Engine

from lti_tool.mail.sender import MailSender
from lti_tool.mail.settings import MailSettings
from lti_tool.mail.wakeup import on_mail_queued, stop_hearing


class BackgroundMailSender:
    """A daemon thread running a :class:`MailSender` until :meth:`stop`, or until the app's
    engine is disposed."""

    def __init__(self, engine: Engine, settings: MailSettings) -> None:
        self.engine = engine
        self.sender = MailSender(engine, settings)
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread = threading.Thread(
            target=self.sender.run,
            args=(self._stop, self._wake),
            name=f"mail-{self.sender.sender_id}",
            daemon=True,
        )

    def start(self) -> BackgroundMailSender:
        on_mail_queued(self.wake)
        event.listen(self.engine, "engine_disposed", self._engine_disposed)
        self._thread.start()
        return self

    def _engine_disposed(self, engine: Engine) -> None:
        stop_hearing(self.wake)
        self._stop.set()
        self._wake.set()

    def wake(self) -> None:
        """Look for due mail now rather than at the next sweep."""
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        """Finish the message in hand, then stop."""
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
