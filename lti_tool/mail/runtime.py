"""Plugging mail delivery into the app: the ``flask mail`` commands and, with
``MAIL_BACKGROUND_SENDER`` and mail on, a sender thread started with the app's first request (so
CLI commands and migrations never run one, and each forked server worker starts its own)."""

from __future__ import annotations

import threading

from flask import Flask

from lti_tool.extensions import db
from lti_tool.mail.settings import MailSettings


def init_app(app: Flask, settings: MailSettings) -> None:
    from lti_tool.mail.cli import mail

    app.cli.add_command(mail)
    if not (settings.enabled and settings.background_sender):
        return
    starting = threading.Lock()

    @app.before_request
    def start_background_mail_sender() -> None:
        if "mail_sender" in app.extensions:
            return
        with starting:
            if "mail_sender" not in app.extensions:
                from lti_tool.mail.background import BackgroundMailSender

                app.extensions["mail_sender"] = BackgroundMailSender(db.engine, settings).start()
