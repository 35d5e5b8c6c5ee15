"""The mail sender that runs inside the web app (on in demo mode): a daemon thread woken through
``wakeup`` as soon as queued mail commits, sweeping every ``MAIL_POLL_SECONDS`` besides."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from lti_tool.mail.sender import MailSender
from lti_tool.mail.settings import MailSettings
from lti_tool.mail.wakeup import MAIL_QUEUED
from lti_tool.outbox.background import BackgroundWorker


class BackgroundMailSender(BackgroundWorker):
    """A daemon thread running a :class:`MailSender` until ``stop``."""

    def __init__(self, engine: Engine, settings: MailSettings) -> None:
        super().__init__(engine, MailSender(engine, settings), MAIL_QUEUED, "mail")
