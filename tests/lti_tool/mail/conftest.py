"""Mail tests: a real SMTP server per test, and an app whose MAIL_URL points at it."""

from __future__ import annotations

import pytest
from support.smtp import TestSmtpServer


@pytest.fixture
def smtp():
    with TestSmtpServer() as server:
        yield server


@pytest.fixture
def mail_app(make_app, smtp):
    return make_app(
        MAIL_URL=smtp.url,
        MAIL_FROM="Development Planner <planner@tool.example>",
        MAIL_RETRY_BASE_SECONDS=0.2,
        MAIL_RETRY_CAP_SECONDS=0.4,
        MAIL_TIMEOUT=5,
    )
