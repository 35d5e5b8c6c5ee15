"""Grade delivery against the demo platform over real HTTP, with retries fast enough for tests."""

from __future__ import annotations

import pytest
from grade_helpers import FAST_RETRIES, make_sender


@pytest.fixture
def app(make_app):
    """The tool with fast retries; the background sender stays off unless a test starts one."""
    return make_app(**FAST_RETRIES)


@pytest.fixture
def sender(app):
    return make_sender(app)
