"""The gradebook ends up right when the LMS is slow, down, throttling or refusing: retries with
backoff, permanent failures kept with the LMS's message, one token refresh per expiry or 401, and
an older score never sent after a newer one."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

from grade_helpers import (
    FAST_RETRIES,
    accepted,
    add_learners,
    deliveries,
    launch_learner,
    make_sender,
    queue,
    result_for,
    score_posts,
    wait_for,
)
from werkzeug.serving import make_server

from development_plans.completion import CompletionState
from lti_tool.extensions import db

ASHA = "demo-learner-asha"


def test_three_server_errors_then_exactly_the_final_score_arrives(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    platform.control(fail={"endpoint": "scores", "statuses": [500, 500, 500]})
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)

    sender.run_until_settled(timeout=10)

    posts = score_posts(platform, ASHA)
    assert [post["status"] for post in posts] == [500, 500, 500, 204]
    assert {post["body"]["scoreGiven"] for post in posts} == {80}
    assert result_for(platform, ASHA)["scoreGiven"] == 80
    first, final = deliveries(app)
    assert first.status == "superseded" and first.attempts == 0
    assert final.status == "sent" and final.attempts == 4


def test_retries_wait_for_the_platforms_retry_after(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    platform.control(fail={"endpoint": "scores", "statuses": [429], "retry_after": 1})
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)

    sender.run_until_settled(timeout=10)

    refused, delivered = score_posts(platform, ASHA)
    assert (refused["status"], delivered["status"]) == (429, 204)
    assert delivered["received_at"] - refused["received_at"] >= 1.0


def test_a_refusal_is_permanent_and_keeps_the_platforms_message(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    members = [m for m in platform.state_snapshot()["members"] if m["user_id"] != ASHA]
    platform.control(set_members=members)
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)

    report = sender.run_until_settled(timeout=5)

    assert report.failed == 1
    assert [post["status"] for post in score_posts(platform, ASHA)] == [400]
    (row,) = deliveries(app)
    assert row.status == "failed" and row.last_http_status == 400
    assert row.last_error == f"HTTP 400: userId '{ASHA}' is not in this context"


def test_a_failing_platform_is_rested_not_hammered(app, platform, tool):
    _, placement_id = launch_learner(app, platform, tool)
    learners = add_learners(app, platform, placement_id, 10)
    for learner in learners:
        queue(app, learner, placement_id, CompletionState.PLAN_SUBMITTED)
    platform.control(fail={"endpoint": "scores", "statuses": [503, 503]})
    sender = make_sender(app, retry_base_seconds=1)

    first = sender.send_due()
    assert (first.retrying, first.handed_back) == (1, 9)
    assert len(score_posts(platform)) == 1
    assert make_sender(app).send_due().claimed == 0, "every sender leaves the LMS alone"
    sender.run_until_settled(timeout=20)

    posts = score_posts(platform)
    assert [post["status"] for post in posts].count(503) == 2
    assert len(accepted(posts)) == 10 and len(posts) == 12
    assert {row.attempts for row in deliveries(app)} <= {1, 2, 3}


def test_platform_down_while_the_tool_restarts(make_app, app, platform, tool):
    user_id, placement_id = launch_learner(app, platform, tool)
    port = platform.server.server_port
    platform.server.shutdown()
    queue(app, user_id, placement_id, CompletionState.PLAN_APPROVED)
    make_sender(app, retry_base_seconds=0.5).send_all_due()
    (row,) = deliveries(app)
    assert row.status == "pending" and row.attempts == 1
    assert "Could not connect to the LMS" in row.last_error
    with app.app_context():
        db.engine.dispose()

    restarted = make_app(GRADES_BACKGROUND_SENDER=True, **FAST_RETRIES)
    back_up = make_server("127.0.0.1", port, platform.app, threaded=True)
    threading.Thread(target=back_up.serve_forever, kwargs={"poll_interval": 0.05}).start()
    try:
        assert restarted.test_client().get("/lti/jwks").status_code == 200
        background = restarted.extensions["grade_sender"]
        wait_for(lambda: result_for(platform, ASHA) is not None)
        background.stop()
        assert result_for(platform, ASHA)["scoreGiven"] == 100
        assert len(accepted(score_posts(platform, ASHA))) == 1
    finally:
        restarted.extensions["grade_sender"].stop()
        back_up.shutdown()
    (row,) = deliveries(restarted)
    assert row.status == "sent" and row.attempts == 2


def test_a_platform_that_does_not_answer_in_time_is_retried(app, platform, tool):
    user_id, placement_id = launch_learner(app, platform, tool)
    platform.control(delay={"endpoint": "scores", "seconds": 1, "times": 1})
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    sender = make_sender(app, http_timeout=0.3, retry_base_seconds=1)

    first = sender.send_all_due()
    (row,) = deliveries(app)
    sender.run_until_settled(timeout=10)

    assert first.retrying == 1 and "did not answer in time" in row.last_error
    assert result_for(platform, ASHA)["scoreGiven"] == 50
    (sent,) = deliveries(app)
    assert sent.status == "sent" and sent.attempts == 2


def _engine(app):
    with app.app_context():
        return db.engine


def test_token_expiry_costs_exactly_one_new_token(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    platform.control(token_expires_in=62)
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    sender.send_all_due()
    queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)
    sender.send_all_due()
    assert platform.state_snapshot()["token_requests"] == 1

    time.sleep(2.1)
    queue(app, user_id, placement_id, CompletionState.PLAN_APPROVED)
    sender.send_all_due()

    state = platform.state_snapshot()
    assert state["token_requests"] == 2
    assert [post["status"] for post in score_posts(platform, ASHA)] == [204, 204, 204]


def test_a_401_refreshes_the_token_exactly_once(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    sender.send_all_due()
    platform.control(revoke_tokens=True)

    queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)
    report = sender.send_all_due()

    assert report.sent == 1
    assert platform.state_snapshot()["token_requests"] == 2
    assert [post["status"] for post in score_posts(platform, ASHA)] == [204, 401, 204]


def test_two_events_in_quick_succession_the_final_score_wins(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)
    queue(app, user_id, placement_id, CompletionState.PLAN_APPROVED)

    sender.send_all_due()

    (post,) = score_posts(platform, ASHA)
    assert post["body"]["scoreGiven"] == 100
    first, final = deliveries(app)
    assert (first.status, first.superseded_by) == ("superseded", final.id)
    assert final.score_timestamp - first.score_timestamp >= timedelta(seconds=1)


def test_an_older_score_in_flight_is_never_sent_after_a_newer_one(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)
    slow = make_sender(app)
    claimed = slow.claim()
    queue(app, user_id, placement_id, CompletionState.PLAN_APPROVED)

    assert sender.send_due().claimed == 0, "the newer score waits while the older is in flight"
    assert slow.deliver(claimed).superseded == 1
    assert sender.send_all_due().sent == 1

    assert [p["body"]["scoreGiven"] for p in score_posts(platform, ASHA)] == [100]
    first, final = deliveries(app)
    assert (claimed, first.status, final.status) == ([first.id], "superseded", "sent")


def test_a_later_score_already_in_the_lms_settles_the_row(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    later = datetime.now(UTC) + timedelta(hours=1)
    platform.state.record_score("1", ASHA, {"scoreGiven": 7, "timestamp": later.isoformat()}, later)
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)

    report = sender.send_all_due()

    assert (report.sent, report.retrying, report.failed) == (1, 0, 0)
    assert [post["status"] for post in score_posts(platform, ASHA)] == [409]
    (row,) = deliveries(app)
    assert row.status == "sent" and row.last_http_status == 409
    assert row.last_error.startswith("The LMS already had this score or a later one. HTTP 409:")
