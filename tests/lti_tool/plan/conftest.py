"""Launched browsers for the plan pages, and submitted assessments made through the assessment
domain's own functions (no copies of its tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import pytest
from sqlalchemy import event
from support.lti import Launcher, hidden_inputs
from support.plan_data import hlm, submit_assessment

__all__ = ["hlm", "submit_assessment"]


def text_of(html: str) -> str:
    """The visible text of a page, tags removed and entities decoded, spaces collapsed."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


@dataclass
class Browser:
    """A launched person's browser on the tool."""

    launcher: Launcher
    base: str

    def get(self, path: str, **kwargs):
        return self.launcher.session.get(self.base + path, **kwargs)

    def post(self, path: str, data: dict | None = None, page: str | None = None, **kwargs):
        """POST with the CSRF token taken from ``page`` (or from the plan index)."""
        fields = {"csrf_token": self.csrf_token(page)}
        return self.launcher.session.post(
            self.base + path, data={**fields, **(data or {})}, allow_redirects=False, **kwargs
        )

    def csrf_token(self, page: str | None = None) -> str:
        """This browser's CSRF token, from ``page`` or the first tool page that has a form."""
        for source in (page, *(self.get(p).text for p in ("/", "/plan/course/targets"))):
            token = hidden_inputs(source or "").get("csrf_token")
            if token:
                return token
        raise AssertionError("no page with a CSRF token")

    def follow(self, response):
        assert response.status_code in (302, 303), response.text[:2000]
        return self.get(response.headers["Location"].removeprefix(self.base))


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


def start_plan(browser: Browser, carry_over=()) -> tuple[int, str]:
    """Draft the plan from the latest assessment; returns the plan id and the plan page."""
    start = browser.get("/plan/")
    response = browser.post("/plan/start", {"carry_over": list(carry_over)}, page=start.text)
    page = browser.follow(response)
    assert page.status_code == 200, page.text[:2000]
    plan_id = int(re.search(r"/plan/(\d+)$", response.headers["Location"]).group(1))
    return plan_id, page.text


class QueryCounter:
    """Counts SQL statements the app's engine runs while active."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.count = 0

    def _count(self, *args) -> None:
        self.count += 1

    def __enter__(self):
        self.count = 0
        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)


@pytest.fixture
def queries(app):
    from lti_tool.extensions import db

    with app.app_context():
        engine = db.engine
    return QueryCounter(engine)
