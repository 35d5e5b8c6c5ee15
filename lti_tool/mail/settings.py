"""Mail settings, read from the app config (``MAIL_*`` on ``lti_tool.config.Config``, each set by
a ``DP_MAIL_*`` environment variable, ``MAIL_URL`` by ``DP_MAIL_URL``).

``MAIL_URL`` names the SMTP server: ``smtp://user:password@host:587?starttls=1`` (STARTTLS),
``smtps://user:password@host:465`` (TLS from the first byte) or ``smtp://host:25`` (no TLS, no
login: a local relay). A login without TLS is refused except to this machine. User and
password are URL-encoded. The password is never logged or shown: :class:`SmtpServer`'s ``repr``
and :meth:`SmtpServer.safe_url` leave it out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TRUE = {"1", "true", "yes", "on"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


class MailUrlInvalid(ValueError):
    """``MAIL_URL`` cannot be understood; the message says why (without the password)."""


@dataclass(frozen=True)
class SmtpServer:
    """Where and how to send: host, port, TLS mode and the login, if any."""

    host: str
    port: int
    implicit_tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = field(default=None, repr=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpServer:
        """Parse ``smtp://`` or ``smtps://`` URLs (see the module's docstring)."""
        parts = urlsplit(url.strip())
        if parts.scheme not in DEFAULT_PORTS:
            raise MailUrlInvalid("MAIL_URL must start with smtp:// or smtps://.")
        if not parts.hostname:
            raise MailUrlInvalid("MAIL_URL names no host.")
        try:
            port = parts.port or DEFAULT_PORTS[parts.scheme]
        except ValueError as error:
            raise MailUrlInvalid("MAIL_URL has a port that is not a number.") from error
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        starttls = query.get("starttls", "0").strip().lower() in TRUE
        encrypted = starttls or parts.scheme == "smtps"
        if parts.username and not encrypted and parts.hostname not in LOCAL_HOSTS:
            raise MailUrlInvalid("MAIL_URL logs in without TLS: use smtps:// or add ?starttls=1.")
        return cls(
            host=parts.hostname,
            port=port,
            implicit_tls=parts.scheme == "smtps",
            starttls=starttls,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
        )

    def safe_url(self) -> str:
        """The URL without the password, for logs and the CLI."""
        scheme = "smtps" if self.implicit_tls else "smtp"
        login = f"{self.username}:***@" if self.username else ""
        tail = "?starttls=1" if self.starttls else ""
        return f"{scheme}://{login}{self.host}:{self.port}{tail}"


@dataclass(frozen=True)
class MailSettings:
    """How senders reach the server, claim, retry and prune; defaults match ``Config``'s."""

    url: str = ""
    sender: str = "Development Planner <no-reply@localhost>"
    enabled: bool = False
    background_sender: bool = False
    batch_size: int = 50
    claim_seconds: float = 120.0
    timeout: float = 10.0
    retry_base_seconds: float = 30.0
    retry_cap_seconds: float = 3600.0
    max_attempts: int = 30
    poll_seconds: float = 5.0
    sent_retention_days: float = 14.0
    failed_retention_days: float = 90.0
    prune_interval_seconds: float = 3600.0

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        """Each ``MAIL_<NAME>`` that ``config`` has (``MAIL_FROM`` for ``sender``); the default
        for the others."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            key = "MAIL_FROM" if item.name == "sender" else f"MAIL_{item.name.upper()}"
            raw = config.get(key)
            if raw is not None:
                values[item.name] = _convert(raw, type(getattr(cls, item.name)))
        return cls(**values)

    def server(self) -> SmtpServer:
        """The SMTP server ``url`` names (raises :class:`MailUrlInvalid`)."""
        if not self.url:
            raise MailUrlInvalid("MAIL_URL is not set.")
        return SmtpServer.from_url(self.url)

    def __repr__(self) -> str:  # the URL may carry the password
        return f"MailSettings(enabled={self.enabled}, sender={self.sender!r})"


def _convert(raw: Any, kind: type) -> Any:
    if kind is bool and isinstance(raw, str):
        return raw.strip().lower() in TRUE
    return kind(raw)
