"""Fixtures for the team and conversation pages: launched browsers (posting with their CSRF
token), the demo platform with a mentor persona besides the default ones, and a SQL statement
counter."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from support.lti import Launcher, hidden_inputs, registered_platform
from support.queries import QueryCounter
from support.team_data import DANA

from demo_lms.config import DEFAULT_PERSONAS


@dataclass
class Browser:
    """A launched person's browser on the tool."""

    launcher: Launcher
    base: str

    def get(self, path: str, **kwargs):
        return self.launcher.session.get(self.base + path, **kwargs)

    def post(self, path: str, data: dict | None = None, csrf_page: str = "/team/", **kwargs):
        """POST with this browser's CSRF token, taken from the page at ``csrf_page``."""
        fields = {"csrf_token": hidden_inputs(self.get(csrf_page).text).get("csrf_token", "")}
        return self.launcher.session.post(
            self.base + path, data={**fields, **(data or {})}, allow_redirects=False, **kwargs
        )

    def follow(self, response):
        assert response.status_code in (302, 303), response.text[:2000]
        return self.get(response.headers["Location"].removeprefix(self.base))


@pytest.fixture
def platform(app, tool, platform_key_path):
    """The demo platform with a mentor (Dana, mentoring Ben) besides the default personas."""
    with registered_platform(
        app, tool, key_path=platform_key_path, personas=(*DEFAULT_PERSONAS, DANA)
    ) as running:
        yield running


@pytest.fixture
def launch(platform, tool):
    def run(persona: str, on=None) -> Browser:
        launcher = Launcher(on or platform, tool)
        landed = launcher.launch(persona)
        assert landed.status_code == 200, landed.text[:2000]
        return Browser(launcher, tool.url)

    return run


@pytest.fixture
def queries(app):
    from lti_tool.extensions import db

    with app.app_context():
        engine = db.engine
    return QueryCounter(engine)
