"""A real SMTP server for the tests (aiosmtpd on a free port, see demo_lms/mailbox.py) that
records what it received and can be told to refuse (421, 450, 550…) or be stopped and started
again on the same port."""

from __future__ import annotations

import threading

from demo_lms.mailbox import Mailbox, ReceivedMail, RecordingHandler

__all__ = ["FaultySmtpHandler", "ReceivedMail", "TestSmtpServer"]


class FaultySmtpHandler(RecordingHandler):
    """Answers ``reply`` at ``stage`` for the next ``times`` messages (None: until told)."""

    def __init__(self) -> None:
        super().__init__()
        self.reply: str | None = None
        self.stage = "DATA"
        self.times: int | None = None
        self.refused = 0
        self._guard = threading.Lock()

    def refusal(self, stage: str) -> str | None:
        with self._guard:
            if self.reply is None or stage != self.stage:
                return None
            reply = self.reply
            self.refused += 1
            if self.times is not None:
                self.times -= 1
                if self.times <= 0:
                    self.reply = None
            return reply


class TestSmtpServer(Mailbox):
    """The suite's SMTP server; ``refuse("550 5.1.1 No such user", times=1)`` and ``accept()``
    change its answers."""

    __test__ = False  # not a test class, whatever pytest thinks of the name

    def __init__(self, **options) -> None:
        super().__init__(FaultySmtpHandler(), **options)

    def refuse(self, reply: str, *, stage: str = "DATA", times: int | None = None) -> None:
        with self.handler._guard:
            self.handler.reply, self.handler.stage, self.handler.times = reply, stage, times

    def accept(self) -> None:
        with self.handler._guard:
            self.handler.reply = None

    @property
    def refused(self) -> int:
        return self.handler.refused

    def to(self, address: str) -> list[ReceivedMail]:
        """Messages whose envelope went to ``address``."""
        return [m for m in self.messages if address in m.rcpt_tos]
