"""Notice tests: the tool with mail on, pointing at a real SMTP server started by the test, the
demo platform with a mentor besides the default personas, and launched browsers."""

from __future__ import annotations

import pytest
from support.lti import registered_platform
from support.plan_pages import launch
from support.smtp import TestSmtpServer
from support.team_data import DANA

from demo_lms.config import DEFAULT_PERSONAS
from lti_tool.extensions import db
from lti_tool.mail.sender import MailSender

__all__ = ["launch"]


@pytest.fixture
def smtp():
    with TestSmtpServer() as server:
        yield server


@pytest.fixture
def app(make_app, smtp):
    return make_app(MAIL_URL=smtp.url, MAIL_FROM="Development Planner <planner@tool.example>")


@pytest.fixture
def platform(app, tool, platform_key_path):
    with registered_platform(
        app, tool, key_path=platform_key_path, personas=(*DEFAULT_PERSONAS, DANA)
    ) as running:
        yield running


@pytest.fixture
def delivered(app, smtp):
    """Send everything queued; returns what the SMTP server has received so far."""

    def run():
        with app.app_context():
            MailSender(db.engine, app.extensions["mail_settings"]).send_all_due()
        return smtp.messages

    return run
