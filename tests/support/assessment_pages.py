"""Drive the self-assessment pages over real HTTP, as a launched browser would."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import requests
from flask import session
from flask_wtf.csrf import generate_csrf
from support.lti import Launcher, hidden_inputs

from development_plans.framework import Framework
from lti_tool.assessment.forms import rating_field_name

ASSESSMENT_URL = re.compile(r"/assessment/(\d+)/")


class Learner:
    """One person's browser, launched into the tool from the test platform."""

    def __init__(self, launcher: Launcher, landed: requests.Response) -> None:
        self.launcher = launcher
        self.http = launcher.session
        self.base = launcher.tool.url
        self.landed = landed

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base + path, **kwargs)

    def post(self, path: str, data: Mapping[str, object], **kwargs) -> requests.Response:
        return self.http.post(self.base + path, data=data, **kwargs)

    def home(self) -> requests.Response:
        return self.get("/")

    def csrf(self, page: str | None = None) -> str:
        return hidden_inputs(page if page is not None else self.home().text)["csrf_token"]

    def csrf_for_session(self, app) -> str:
        """A valid CSRF token for this browser's session, for people whose pages have no form."""
        sid = self.http.cookies.get("dp_session")
        with app.test_request_context(headers={"Cookie": f"dp_session={sid}"}):
            token = generate_csrf()
            app.session_interface.save_session(app, session, app.response_class())
        return token

    def start(self) -> requests.Response:
        """Press the start (or start a new) button on the home page."""
        return self.post("/assessment/start", {"csrf_token": self.csrf()})

    def save_page(
        self,
        assessment_id: int,
        number: int,
        ratings: Mapping[str, int],
        importance: int | None = None,
        action: str = "continue",
        query: str = "",
        **kwargs,
    ) -> requests.Response:
        """Answer some questions on a dimension page and press one of its buttons."""
        path = f"/assessment/{assessment_id}/dimensions/{number}{query}"
        data: dict[str, object] = {
            rating_field_name(behaviour_id): value for behaviour_id, value in ratings.items()
        }
        if importance is not None:
            data["importance"] = importance
        data["csrf_token"] = self.csrf(self.get(path).text)
        data["action"] = action
        return self.post(path, data, **kwargs)

    def answer_all(
        self,
        assessment_id: int,
        framework: Framework,
        rating_for: Callable = lambda behaviour: 3,
        importance_for: Callable = lambda dimension: 3,
    ) -> requests.Response:
        """Answer every page in turn with Save and continue; returns the last response."""
        response = None
        for number, dimension in enumerate(framework.dimensions, start=1):
            response = self.save_page(
                assessment_id,
                number,
                {b.id: rating_for(b) for b in dimension.all_behaviours()},
                importance_for(dimension),
            )
            assert response.status_code == 200, response.text[:2000]
        return response

    def submit(self, assessment_id: int) -> requests.Response:
        check = self.get(f"/assessment/{assessment_id}/check")
        return self.post(
            f"/assessment/{assessment_id}/submit", {"csrf_token": self.csrf(check.text)}
        )


def assessment_id_in(url: str) -> int:
    match = ASSESSMENT_URL.search(url)
    assert match, f"no assessment id in {url}"
    return int(match.group(1))
