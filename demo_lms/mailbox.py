"""A real SMTP server in this process (aiosmtpd), keeping every message it receives in memory:
the demo's mailbox (`./dev demo` points the tool's MAIL_URL at it; the LMS's "Mailbox" page lists
what arrived) and the base of the test suite's SMTP server (tests/support/smtp.py).

Not production code: it accepts mail for anyone and keeps it only until the process ends."""

from __future__ import annotations

import re
import socket
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s<>\"']+")
MAX_MESSAGES = 500


@dataclass(frozen=True)
class ReceivedMail:
    """One message as the server received it: the envelope and the parsed message."""

    number: int
    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    received_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def to(self) -> str:
        return str(self.message["To"] or "")

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "")

    def _part(self, subtype: str) -> str | None:
        part = self.message.get_body(preferencelist=(subtype,))
        return None if part is None else part.get_content().replace("\r\n", "\n")

    @property
    def text(self) -> str:
        return self._part("plain") or ""

    @property
    def html(self) -> str | None:
        return self._part("html")

    @property
    def links(self) -> list[str]:
        """Every web address in the plain-text body, in order."""
        return LINK.findall(self.text)


class RecordingHandler:
    """aiosmtpd handler that keeps the last ``keep`` messages it accepts, numbered from 1;
    subclasses may answer otherwise."""

    def __init__(self, keep: int = MAX_MESSAGES) -> None:
        self.received: list[ReceivedMail] = []
        self.keep = keep
        self.count = 0
        self.lock = threading.Lock()

    def refusal(self, stage: str) -> str | None:
        """An SMTP reply refusing the ``stage`` ("RCPT" or "DATA"), or None to go on."""
        return None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if refused := self.refusal("RCPT"):
            return refused
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if refused := self.refusal("DATA"):
            return refused
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        with self.lock:
            self.count += 1
            self.received.append(
                ReceivedMail(
                    number=self.count,
                    mail_from=envelope.mail_from,
                    rcpt_tos=tuple(envelope.rcpt_tos),
                    message=message,
                )
            )
            del self.received[: -self.keep]
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """An SMTP server on 127.0.0.1:``port`` (a free one by default) that can be stopped and
    started again on the same port."""

    def __init__(
        self, handler: RecordingHandler | None = None, port: int | None = None, **options
    ) -> None:
        self.handler = handler or RecordingHandler()
        self.port = port or free_port()
        self.options = options  # for aiosmtpd's Controller, e.g. an authenticator
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        """The tool's MAIL_URL for this server."""
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> Mailbox:
        if self._controller is None:
            self._controller = Controller(
                self.handler, hostname="127.0.0.1", port=self.port, **self.options
            )
            self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[ReceivedMail]:
        """What arrived, oldest first."""
        with self.handler.lock:
            return list(self.handler.received)

    def __enter__(self) -> Mailbox:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
