"""The Flask application factory of the demo LMS."""

from __future__ import annotations

from flask import Flask

from demo_lms import control, pages, registration, services
from demo_lms.config import DemoLmsConfig
from demo_lms.core import Platform
from demo_lms.mailbox import Mailbox


def create_demo_lms(config: DemoLmsConfig, mailbox: Mailbox | None = None) -> Flask:
    """Build the demo LMS app; `/api/_control` and `/api/_state` exist only if `enable_control`;
    the Mailbox page lists what ``mailbox`` (an SMTP server the tool sends to) received."""
    app = Flask(__name__)
    app.extensions["demo_lms"] = Platform(config)
    app.extensions["demo_mailbox"] = mailbox
    app.register_blueprint(pages.bp)
    app.register_blueprint(services.bp)
    app.register_blueprint(registration.bp)
    if config.enable_control:
        app.register_blueprint(control.bp)
    return app
