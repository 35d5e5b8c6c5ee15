"""The happy path against a second, independent platform: lti1p3platform (PyPI) with its
Assignment and Grade Services, over real HTTP. The launch carries its AGS claim, the token
endpoint checks the tool's client assertion, and the line item and score endpoints (bearer token
checks included) are lti1p3platform's ``AssignmentsGradesService``; only the in-memory gradebook
behind it and the Flask routing are ours."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Response, request
from grade_helpers import deliveries, make_sender, queue
from lti1p3platform.exceptions import LineItemNotFoundException
from lti1p3platform.lineitem import TLineItem
from lti1p3platform.response import Response as PlatformResponse
from lti1p3platform.score import UpdateScoreStatus
from lti1p3platform.service_connector import AssignmentsGradesService, TPage
from sqlalchemy import select
from support.lti import browser, form_action, hidden_inputs, register
from support.second_platform import (
    COURSE_OFFERING,
    LEARNER,
    FlaskPlatformRequest,
    SecondPlatform,
    SecondPlatformMessageLaunch,
)

from development_plans.completion import CompletionState, choose_policy
from development_plans.courses import Placement
from development_plans.people import User
from lti_tool.extensions import db
from lti_tool.grades.line_items import LINE_ITEM_TAG

LEARNER_ID = "second-platform-learner-7"


class Gradebook:
    """The line items and scores the second platform keeps."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.line_items: dict[str, dict[str, Any]] = {}
        self.scores: list[dict[str, Any]] = []


class SecondPlatformGrades(AssignmentsGradesService):
    """lti1p3platform's AGS endpoints over an in-memory gradebook."""

    def __init__(self, platform: GradingSecondPlatform) -> None:
        super().__init__(
            FlaskPlatformRequest(request), platform.conf(), lineitems_url=platform.lineitems_url
        )
        self.platform = platform
        self.book = platform.gradebook

    def find_lineitems(
        self,
        page: int = 1,
        limit: int | None = None,
        line_item_id: str | None = None,
        resource_link_id: str | None = None,
        resource_id: str | None = None,
        tag: str | None = None,
    ) -> TPage:
        wanted = {"resourceLinkId": resource_link_id, "resourceId": resource_id, "tag": tag}
        with self.book.lock:
            items = [
                item
                for item in self.book.line_items.values()
                if all(value is None or item.get(k) == value for k, value in wanted.items())
            ]
        return {"content": items, "has_next": False, "next": None}

    def find_lineitem(self, line_item_id: str) -> TLineItem:
        with self.book.lock:
            item = self.book.line_items.get(line_item_id)
        if item is None:
            raise LineItemNotFoundException(line_item_id)
        return item  # type: ignore[return-value]

    def create_lineitem(self, creation_data: TLineItem) -> TLineItem:
        with self.book.lock:
            item_id = str(len(self.book.line_items) + 1)
            item = {**creation_data, "id": f"{self.platform.lineitems_url}/{item_id}"}
            self.book.line_items[item_id] = item
        return item  # type: ignore[return-value]

    def update_lineitem(self, update_data: TLineItem) -> TLineItem:
        raise AssertionError("the tool never changes a line item")

    def delete_lineitem(self, line_item_id: str) -> None:
        raise AssertionError("the tool never deletes a line item")

    def update_score(self, line_item_id: str, score: Any) -> UpdateScoreStatus:
        self.find_lineitem(line_item_id)
        with self.book.lock:
            self.book.scores.append({"line_item_id": line_item_id, **score})
        return UpdateScoreStatus.SUCCESS

    def get_results(self, line_item_id: str, page: int = 1, limit=None, user_id=None) -> TPage:
        raise AssertionError("sending grades never reads results")


class GradingSecondPlatform(SecondPlatform):
    """The second platform with Assignment and Grade Services switched on."""

    def __init__(self, tool_url: str) -> None:
        self.gradebook = Gradebook()
        super().__init__(tool_url)
        self.app.add_url_rule("/lineitems", view_func=self._lineitems, methods=["GET", "POST"])
        self.app.add_url_rule("/lineitems/<item_id>", view_func=self._lineitem)
        self.app.add_url_rule(
            "/lineitems/<item_id>/scores", view_func=self._scores, methods=["POST"]
        )

    @property
    def lineitems_url(self) -> str:
        return f"{self.issuer}/lineitems"

    def _authorize(self) -> Response | tuple[str, int]:
        platform_request = FlaskPlatformRequest(request)
        params = platform_request.get_data or platform_request.form_data
        with self._lock:
            pending = self.pending.pop(params.get("lti_message_hint", ""), None)
        if pending is None:
            return "unknown or already used lti_message_hint", 400
        launch = SecondPlatformMessageLaunch(platform_request, self.conf())
        launch.pending = pending
        launch.set_user_data(pending.user_id, pending.roles, full_name=pending.name)
        launch.set_launch_context_claim(
            pending.context_id, [COURSE_OFFERING], context_title=pending.context_title
        )
        launch.set_resource_link_claim(pending.resource_link_id, title="Development plan")
        launch.set_ags(self.lineitems_url, allow_creating_lineitems=True)
        return launch.lti_launch()

    @staticmethod
    def _reply(answer: PlatformResponse, links: dict[str, str] | None = None) -> Response:
        if answer.result is None:
            return Response(status=answer.code)
        return Response(
            json.dumps(answer.result), status=answer.code, mimetype=answer.media_type, headers=links
        )

    def _lineitems(self) -> Response:
        service = SecondPlatformGrades(self)
        if request.method == "POST":
            return self._reply(service.handle_resp(service.handle_create_lineitem))
        answer = service.handle_resp(service.handle_get_lineitems)
        if answer.code != 200:
            return self._reply(answer)
        page = answer.result
        links = {"Link": f'<{page["next"]}>; rel="next"'} if page.get("next") else None
        answer.result = page["content"]
        return self._reply(answer, links)

    def _lineitem(self, item_id: str) -> Response:
        service = SecondPlatformGrades(self)
        return self._reply(service.handle_resp(service.handle_get_lineitem, line_item_id=item_id))

    def _scores(self, item_id: str) -> Response:
        service = SecondPlatformGrades(self)
        return self._reply(service.handle_resp(service.handle_update_score, line_item_id=item_id))


@pytest.fixture
def second_platform(app, tool) -> Iterator[GradingSecondPlatform]:
    with GradingSecondPlatform(tool.url) as platform:
        register(app, platform, deployments=(platform.deployment_id,))
        yield platform


def _launch(platform: GradingSecondPlatform, tool) -> None:
    session = browser()
    start = session.get(
        platform.start_launch(LEARNER_ID, "Dana Smith", [LEARNER]), allow_redirects=False
    )
    login = session.get(start.headers["Location"] + "&lti1p3_new_window=1", allow_redirects=False)
    form = session.get(login.headers["Location"])
    assert form.status_code == 200, form.text[:500]
    landed = session.post(form_action(form.text), data=hidden_inputs(form.text))
    assert landed.status_code == 200 and "Dana Smith" in landed.text, landed.text[:500]


def test_completion_reaches_lti1p3platforms_gradebook(app, tool, second_platform):
    _launch(second_platform, tool)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.subject == LEARNER_ID))
        placement = db.session.scalar(select(Placement))
        placement_id = placement.id
        assert placement.lineitem_url is None
        assert placement.lineitems_url == second_platform.lineitems_url
    sender = make_sender(app)

    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    sender.send_all_due()
    queue(app, user_id, placement_id, CompletionState.PLAN_APPROVED)
    sender.send_all_due()

    (item,) = second_platform.gradebook.line_items.values()
    assert (item["tag"], item["resourceLinkId"]) == (LINE_ITEM_TAG, "second-platform-link-1")
    scores = second_platform.gradebook.scores
    assert [(s["line_item_id"], s["userId"], s["scoreGiven"]) for s in scores] == [
        ("1", LEARNER_ID, 50),
        ("1", LEARNER_ID, 100),
    ]
    assert scores[-1]["gradingProgress"] == "FullyGraded"
    assert second_platform.log.token_requests == 1
    assert {row.status for row in deliveries(app)} == {"sent"}


@pytest.mark.parametrize("rule", ["keep_best", "latest_completed"])
def test_a_second_cycle_never_lowers_lti1p3platforms_gradebook(app, tool, second_platform, rule):
    _launch(second_platform, tool)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.subject == LEARNER_ID))
        placement_id = db.session.scalar(select(Placement.id))
        choose_policy(
            db.session,
            placement_id=placement_id,
            policy_key="staged",
            chosen_by_user_id=None,
            cycle_rule=rule,
        )
        db.session.commit()
    sender = make_sender(app)
    steps = [
        (1, CompletionState.ASSESSMENT_SUBMITTED),
        (1, CompletionState.PLAN_SUBMITTED),
        (1, CompletionState.PLAN_APPROVED),
        (2, CompletionState.ASSESSMENT_SUBMITTED),
        (2, CompletionState.PLAN_SUBMITTED),
        (2, CompletionState.CHANGES_REQUESTED),
        (2, CompletionState.PLAN_SUBMITTED),
    ]
    for cycle, state in steps:
        queue(app, user_id, placement_id, state, cycle=cycle)
        sender.send_all_due()

    scores = second_platform.gradebook.scores
    assert [(s["scoreGiven"], s["gradingProgress"]) for s in scores] == [
        (50, "Pending"),
        (80, "Pending"),
        (100, "FullyGraded"),
    ]

    queue(app, user_id, placement_id, CompletionState.PLAN_APPROVED, cycle=2)
    sender.send_all_due()
    after = second_platform.gradebook.scores[3:]
    if rule == "latest_completed":
        assert [(s["scoreGiven"], s["activityProgress"]) for s in after] == [(100, "Completed")]
        assert after[0]["timestamp"] > scores[2]["timestamp"]
    else:
        assert after == []
