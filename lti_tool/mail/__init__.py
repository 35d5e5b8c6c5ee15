"""Email through a durable outbox, delivered over SMTP. The whole path:

1. Any part of the tool renders a message (``render_message(purpose, **context)`` from the
   templates in ``templates/mail/``) and calls ``send_later(session, …)``: the row goes into the
   outbox (``models.OutboxMail``) in the same transaction as the change it tells of; a
   ``dedupe_key`` makes a second identical request add nothing. It signals ``wakeup``.
2. When that transaction commits, ``wakeup`` wakes the in-process ``background`` sender
   (``MAIL_BACKGROUND_SENDER``, on in demo mode); worker processes (``flask mail deliver
   --loop``) sweep on ``MAIL_POLL_SECONDS`` instead.
3. A ``sender.MailSender`` claims a batch (``claims``: SKIP LOCKED on PostgreSQL, one atomic
   UPDATE on SQLite) and sends each message over one SMTP connection (``transport``), marking it
   sent right after the server accepted it; 4xx replies and connection failures are retried with
   exponential backoff, 5xx replies fail the message (kept, with the reply, for ``flask mail
   list``). See ``sender`` for the one window in which a message could go twice.
4. ``housekeeping.prune_mail`` deletes sent rows after ``MAIL_SENT_RETENTION_DAYS`` and failed
   ones after ``MAIL_FAILED_RETENTION_DAYS``.
"""

from __future__ import annotations

from flask import Flask

from lti_tool.mail.messages import MailAddressInvalid, check_address, render_message
from lti_tool.mail.outbox import send_later
from lti_tool.mail.settings import MailSettings

__all__ = [
    "MailAddressInvalid",
    "check_address",
    "init_app",
    "render_message",
    "send_later",
]


def init_app(app: Flask) -> None:
    """Settle ``MAIL_ENABLED`` (on exactly when ``MAIL_URL`` is set, unless said otherwise),
    check ``MAIL_URL``, add ``flask mail`` and, with ``MAIL_BACKGROUND_SENDER`` on, start a
    sender thread with the app's first request."""
    if app.config.get("MAIL_ENABLED") is None:
        app.config["MAIL_ENABLED"] = bool(app.config.get("MAIL_URL"))
    settings = MailSettings.from_config(app.config)
    if settings.enabled:
        settings.server()  # a MAIL_URL that cannot work stops the app here, not at first mail
    app.extensions["mail_settings"] = settings
    from lti_tool.mail import runtime

    runtime.init_app(app, settings)
