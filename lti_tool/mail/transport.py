"""Talking to the SMTP server with ``smtplib``, and what its answers mean for a message.

TLS: ``smtps://`` opens TLS from the first byte, ``?starttls=1`` upgrades a plain connection
before logging in; both verify the server's certificate with the system's trust store. The login
is sent only over such a connection or to a local relay; the password never appears in a log,
an error or the outbox (errors keep only the server's reply).

Replies: a 5xx to a message (sender, recipient or data refused) is permanent: the message fails,
the reply kept. A 4xx, a dropped or refused connection and a timeout are temporary: the message
is retried with backoff. Problems with the connection itself (connect, greeting, TLS, login, a
421 "closing") concern every message, so the sender rests the server rather than try the rest
of its batch against it."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from functools import cache

from lti_tool.mail.settings import SmtpServer

MESSAGE_LIMIT = 500


@dataclass(frozen=True)
class MailProblem:
    """Why an attempt failed: ``permanent`` problems are not retried; ``server_wide`` ones stop
    the batch (the other messages wait out the same backoff)."""

    message: str
    permanent: bool
    smtp_code: int | None = None
    server_wide: bool = False


def connect(server: SmtpServer, timeout: float) -> smtplib.SMTP:
    """An open, greeted, (if asked) encrypted and logged-in SMTP connection."""
    if server.implicit_tls:
        connection = smtplib.SMTP_SSL(
            server.host, server.port, timeout=timeout, context=_tls_context()
        )
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=timeout)
    try:
        connection.ehlo()
        if server.starttls:
            connection.starttls(context=_tls_context())
            connection.ehlo()
        if server.username:
            _login(connection, server.username, server.password or "")
    except BaseException:
        close(connection)
        raise
    return connection


@cache
def _tls_context() -> ssl.SSLContext:
    """The system's trust store, loaded once (it takes tens of milliseconds)."""
    return ssl.create_default_context()


def _login(connection: smtplib.SMTP, username: str, password: str) -> None:
    """Log in once, with the best mechanism the server offers (``smtplib``'s own ``login``
    tries the next one after a refusal, which some servers answer by hanging up)."""
    if not connection.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("The mail server offers no login (AUTH).")
    offered = connection.esmtp_features["auth"].upper().split()
    mechanism = next((m for m in ("CRAM-MD5", "PLAIN", "LOGIN") if m in offered), None)
    if mechanism is None:
        raise smtplib.SMTPNotSupportedError(f"No login mechanism in common ({' '.join(offered)}).")
    connection.user, connection.password = username, password
    handler = getattr(connection, "auth_" + mechanism.lower().replace("-", "_"))
    connection.auth(mechanism, handler)


def close(connection: smtplib.SMTP | None) -> None:
    """Say goodbye politely; a connection already gone is fine."""
    if connection is None:
        return
    try:
        connection.quit()
    except (smtplib.SMTPException, OSError):
        connection.close()


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return f"SMTP {code}: {' '.join(str(text).split())}"[:MESSAGE_LIMIT]


_CONNECTION_STAGE = (
    smtplib.SMTPConnectError,
    smtplib.SMTPHeloError,
    smtplib.SMTPAuthenticationError,
    smtplib.SMTPNotSupportedError,
)


def classify(error: BaseException) -> MailProblem:
    """Turn whatever sending raised into a temporary or permanent problem."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(error.recipients.values()), (0, b"recipient refused"))
        return MailProblem(_reply(code, text), permanent=500 <= code < 600, smtp_code=code)
    if isinstance(error, _CONNECTION_STAGE):
        code = getattr(error, "smtp_code", None)
        text = getattr(error, "smtp_error", str(error))
        message = _reply(code, text) if code else f"SMTP: {error}"[:MESSAGE_LIMIT]
        return MailProblem(message, permanent=False, smtp_code=code, server_wide=True)
    if isinstance(error, smtplib.SMTPResponseException):
        code = error.smtp_code
        return MailProblem(
            _reply(code, error.smtp_error),
            permanent=500 <= code < 600,
            smtp_code=code,
            server_wide=code == 421,
        )
    if isinstance(error, smtplib.SMTPServerDisconnected | OSError | smtplib.SMTPException):
        kind = error.__class__.__name__
        return MailProblem(
            f"Could not reach the mail server ({kind}: {error})"[:MESSAGE_LIMIT],
            permanent=False,
            server_wide=True,
        )
    return MailProblem(f"{error.__class__.__name__}: {error}"[:MESSAGE_LIMIT], permanent=True)
