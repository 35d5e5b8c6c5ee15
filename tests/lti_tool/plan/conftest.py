"""Fixtures for the plan pages: launched browsers and a SQL statement counter."""

from __future__ import annotations

import pytest
from support.lti import Launcher
from support.plan_pages import Browser
from support.queries import QueryCounter


@pytest.fixture
def launch(platform, tool):
    def run(persona: str, on=None) -> Browser:
        launcher = Launcher(on or platform, tool)
        landed = launcher.launch(persona)
        assert landed.status_code == 200, landed.text[:2000]
        return Browser(launcher, tool.url)

    return run


@pytest.fixture
def asha(app, launch) -> Browser:
    return launch("asha")


@pytest.fixture
def queries(app):
    from lti_tool.extensions import db

    with app.app_context():
        engine = db.engine
    return QueryCounter(engine)
