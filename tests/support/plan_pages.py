"""Helpers for the plan pages over HTTP: a launched browser that posts with its CSRF token,
drafting a plan, writing a goal, and the fixtures the plan, goal and course page tests share:
a persona launched into a browser and a counter of the SQL a page runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape

import pytest
from support.lti import Launcher, hidden_inputs
from support.queries import QueryCounter

from development_plans.db import utcnow
from development_plans.goals import add_months

IN_3_MONTHS = add_months(utcnow().date(), 3)


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
        for source in (page, *(self.get(p).text for p in ("/", "/plan/", "/plan/course/targets"))):
            token = hidden_inputs(source or "").get("csrf_token")
            if token:
                return token
        raise AssertionError("no page with a CSRF token")

    def follow(self, response):
        assert response.status_code in (302, 303), response.text[:2000]
        return self.get(response.headers["Location"].removeprefix(self.base))


def start_plan(browser: Browser, carry_over=()) -> tuple[int, str]:
    """Draft the plan from the latest assessment; returns the plan id and the plan page."""
    start = browser.get("/plan/")
    response = browser.post("/plan/start", {"carry_over": list(carry_over)}, page=start.text)
    page = browser.follow(response)
    assert page.status_code == 200, page.text[:2000]
    plan_id = int(re.search(r"/plan/(\d+)$", response.headers["Location"]).group(1))
    return plan_id, page.text


def date_fields(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def goal_fields(item_behaviour: str, **overrides) -> dict:
    fields = {
        "specific": "Lead the weekly huddle and ask each person for one idea",
        "measurable": "Used at six huddles, with notes of the ideas",
        "support": "Thirty minutes a month with my mentor",
        "behaviour_ids": [item_behaviour],
        **date_fields("target_date", IN_3_MONTHS),
    }
    fields.update(overrides)
    return fields


def first_item(page: str) -> tuple[int, int]:
    """(plan id, item id) of the first 'Add a goal' link on the plan page."""
    plan_id, item_id = re.search(r"/plan/(\d+)/items/(\d+)/goals/new", page).groups()
    return int(plan_id), int(item_id)


def add_goal(browser, plan_page: str, **overrides):
    plan_id, item_id = first_item(plan_page)
    form = browser.get(f"/plan/{plan_id}/items/{item_id}/goals/new")
    behaviour = re.search(r'name="behaviour_ids" type="checkbox" value="([^"]+)"', form.text)
    response = browser.post(
        f"/plan/{plan_id}/items/{item_id}/goals/new",
        goal_fields(behaviour.group(1), **overrides),
        page=form.text,
    )
    return form, response


@pytest.fixture
def launch(platform, tool):
    """Launch a demo persona (``on`` another platform if given) into a browser on the tool."""

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
    """A counter of the SQL statements the app runs."""
    from lti_tool.extensions import db

    with app.app_context():
        engine = db.engine
    return QueryCounter(engine)


def form_fields(page: str, action: str) -> dict[str, str]:
    """The hidden fields (CSRF, one-time token, version) of the form on ``page`` posting to
    ``action``."""
    for form in re.findall(r"<form\b.*?</form>", page, flags=re.S):
        target = re.search(r'action="([^"]*)"', form)
        if target is None or unescape(target.group(1)).split("#")[0] == action:
            return {
                unescape(name): unescape(value)
                for name, value in re.findall(
                    r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form
                )
            }
    raise AssertionError(f"no form posting to {action}")
