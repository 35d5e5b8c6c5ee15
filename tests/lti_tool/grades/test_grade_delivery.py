"""Completion grades reach the demo platform's gradebook over real HTTP: each state, and each way
of finding the line item."""

from __future__ import annotations

from datetime import datetime

import pytest
from grade_helpers import (
    accepted,
    deliveries,
    launch_learner,
    queue,
    result_for,
    score_posts,
)
from support.lti import registered_platform

from development_plans.completion import CompletionState
from lti_tool.grades.line_items import LINE_ITEM_RESOURCE_ID, LINE_ITEM_TAG

ASHA = "demo-learner-asha"
BEN = "demo-learner-ben"


@pytest.mark.parametrize(
    ("state", "score", "activity", "grading"),
    [
        (CompletionState.ASSESSMENT_SUBMITTED, 50, "InProgress", "Pending"),
        (CompletionState.PLAN_SUBMITTED, 80, "Submitted", "Pending"),
        (CompletionState.CHANGES_REQUESTED, 50, "InProgress", "Pending"),
        (CompletionState.PLAN_APPROVED, 100, "Completed", "FullyGraded"),
    ],
)
def test_each_state_reaches_the_gradebook(
    app, platform, tool, sender, state, score, activity, grading
):
    user_id, placement_id = launch_learner(app, platform, tool)
    queue(app, user_id, placement_id, state)

    report = sender.send_all_due()

    assert (report.claimed, report.sent) == (1, 1)
    received = result_for(platform, ASHA)
    assert received["scoreGiven"] == score and received["scoreMaximum"] == 100
    assert (received["activityProgress"], received["gradingProgress"]) == (activity, grading)
    assert received["userId"] == ASHA and received["comment"] == state.label
    (row,) = deliveries(app)
    assert datetime.fromisoformat(received["timestamp"]) == row.score_timestamp.replace(
        microsecond=row.score_timestamp.microsecond // 1000 * 1000
    )
    assert row.status == "sent" and row.sent_at is not None and row.attempts == 1


def test_a_learners_journey_arrives_in_order(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    for state in (
        CompletionState.ASSESSMENT_SUBMITTED,
        CompletionState.PLAN_SUBMITTED,
        CompletionState.PLAN_APPROVED,
    ):
        queue(app, user_id, placement_id, state)
        sender.send_all_due()

    posts = accepted(score_posts(platform, ASHA))
    assert [post["body"]["scoreGiven"] for post in posts] == [50, 80, 100]
    stamps = [datetime.fromisoformat(post["body"]["timestamp"]) for post in posts]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert result_for(platform, ASHA)["gradingProgress"] == "FullyGraded"


def test_line_item_from_the_launch_with_its_score_maximum(app, tool, sender):
    with registered_platform(app, tool, default_lineitem_score_maximum=10) as platform:
        user_id, placement_id = launch_learner(app, platform, tool)
        queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
        sender.send_all_due()
        queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)
        sender.send_all_due()

        state = platform.state_snapshot()
        (line_item,) = state["line_items"]
        assert line_item["scoreMaximum"] == 10
        posts = accepted(score_posts(platform, ASHA))
        assert [(p["line_item_id"], p["body"]["scoreGiven"]) for p in posts] == [
            ("1", 5.0),
            ("1", 8.0),
        ]
        assert {p["body"]["scoreMaximum"] for p in posts} == {10}
        assert {row.lineitem_url for row in deliveries(app)} == {line_item["id"]}


def test_line_item_found_by_resource_link_and_tag(app, tool, sender):
    with registered_platform(app, tool, create_default_lineitem=False) as platform:
        user_id, placement_id = launch_learner(app, platform, tool)
        link = platform.config.resource_link.id
        platform.state.create_line_item(
            label="Teacher's own column", score_maximum=5, resource_link_id=link, tag="other"
        )
        ours = platform.state.create_line_item(
            label="Development plan",
            score_maximum=20,
            resource_link_id=link,
            resource_id=LINE_ITEM_RESOURCE_ID,
            tag=LINE_ITEM_TAG,
        )
        queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)

        sender.send_all_due()

        (post,) = score_posts(platform, ASHA)
        assert post["status"] == 204 and post["line_item_id"] == ours.id
        assert (post["body"]["scoreGiven"], post["body"]["scoreMaximum"]) == (10.0, 20)
        assert len(platform.state_snapshot()["line_items"]) == 2


def test_line_item_created_once_for_the_resource_link(app, tool, sender):
    with registered_platform(app, tool, create_default_lineitem=False) as platform:
        asha, placement_id = launch_learner(app, platform, tool, "asha")
        ben, _ = launch_learner(app, platform, tool, "ben")
        queue(app, asha, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
        queue(app, ben, placement_id, CompletionState.PLAN_SUBMITTED)
        sender.send_all_due()
        queue(app, asha, placement_id, CompletionState.PLAN_APPROVED)
        sender.send_all_due()

        state = platform.state_snapshot()
        (created,) = state["line_items"]
        assert created["tag"] == LINE_ITEM_TAG
        assert created["resourceLinkId"] == platform.config.resource_link.id
        assert created["resourceId"] == LINE_ITEM_RESOURCE_ID
        assert created["label"] == platform.config.resource_link.title
        results = {r["user_id"]: r["score"]["scoreGiven"] for r in state["results"]}
        assert results == {ASHA: 100, BEN: 80}
        assert all(r["line_item"] == created["id"] for r in state["results"])
