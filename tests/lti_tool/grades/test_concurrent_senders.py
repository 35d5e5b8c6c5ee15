"""Several senders at once (threads, worker processes, a background thread) never deliver a row
twice, never create two line items, and pick up rows whose sender died."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from grade_helpers import (
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
from support.lti import registered_platform

from development_plans.completion import CompletionState
from lti_tool.extensions import db
from lti_tool.grades.background import BackgroundSender

LEARNERS = 30


def _queue_everyone(app, user_ids: list[int], placement_id: int) -> None:
    for user_id in user_ids:
        queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)


def _assert_each_delivered_once(platform, app, count: int) -> None:
    posts = score_posts(platform)
    per_user = Counter(post["user_id"] for post in posts)
    assert len(per_user) == count and set(per_user.values()) == {1}, per_user
    assert len(accepted(posts)) == count
    assert {row.status for row in deliveries(app)} == {"sent"}


def test_two_sender_threads_deliver_each_score_once(app, platform, tool):
    _, placement_id = launch_learner(app, platform, tool)
    learners = add_learners(app, platform, placement_id, LEARNERS)
    _queue_everyone(app, learners, placement_id)
    platform.control(delay={"endpoint": "scores", "seconds": 0.01, "times": LEARNERS})
    senders = [make_sender(app, batch_size=4) for _ in range(2)]
    reports = {}
    start = threading.Barrier(2)

    def run(sender):
        start.wait()
        reports[sender.sender_id] = sender.run_until_settled(timeout=30)

    threads = [threading.Thread(target=run, args=(sender,)) for sender in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    _assert_each_delivered_once(platform, app, LEARNERS)
    assert all(report.sent > 0 for report in reports.values()), "both senders took part"
    assert sum(report.sent for report in reports.values()) == LEARNERS


def test_two_worker_processes_deliver_each_score_once(app, platform, tool, database_url, tmp_path):
    _, placement_id = launch_learner(app, platform, tool)
    learners = add_learners(app, platform, placement_id, LEARNERS)
    _queue_everyone(app, learners, placement_id)
    platform.control(delay={"endpoint": "scores", "seconds": 0.02, "times": LEARNERS})
    env = {
        **os.environ,
        "FLASK_APP": "lti_tool",
        "DATABASE_URL": database_url,
        "DP_INSTANCE_DIR": str(tmp_path / "worker"),
        "SECRET_KEY": "worker-test",
        "DP_GRADES_BATCH_SIZE": "3",
    }
    flask = Path(sys.executable).parent / "flask"
    workers = [
        subprocess.Popen(
            [str(flask), "grades", "send"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=120) for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    _assert_each_delivered_once(platform, app, LEARNERS)
    sent = [int(out.split("sent ")[1].split(",")[0]) for out, _ in outputs]
    assert sum(sent) == LEARNERS, outputs


def test_rows_claimed_by_a_sender_that_died_are_reclaimed(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    dead = make_sender(app, claim_seconds=0.5)
    assert len(dead.claim()) == 1

    assert sender.send_due().claimed == 0, "a live claim is respected"
    time.sleep(0.6)
    report = sender.send_due()

    assert (report.claimed, report.sent) == (1, 1)
    assert result_for(platform, "demo-learner-asha")["scoreGiven"] == 50
    assert dead.deliver([deliveries(app)[0].id]).sent == 0, "the dead sender's claim is gone"
    assert len(score_posts(platform)) == 1


def test_two_senders_create_one_line_item(app, tool):
    with registered_platform(app, tool, create_default_lineitem=False) as platform:
        _, placement_id = launch_learner(app, platform, tool)
        learners = add_learners(app, platform, placement_id, 8)
        _queue_everyone(app, learners, placement_id)
        platform.control(delay={"endpoint": "lineitems", "seconds": 0.2, "times": 2})
        senders = [make_sender(app, batch_size=1) for _ in range(2)]
        threads = [
            threading.Thread(target=s.run_until_settled, kwargs={"timeout": 30}) for s in senders
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)

        state = platform.state_snapshot()
        assert len(state["line_items"]) == 1
        assert len(state["results"]) == 8
        _assert_each_delivered_once(platform, app, 8)


def test_background_sender_runs_only_when_configured(make_app, monkeypatch, tmp_path):
    from lti_tool.config import Config

    quiet = make_app()
    quiet.test_client().get("/lti/jwks")
    assert "grade_sender" not in quiet.extensions
    monkeypatch.setenv("DP_DEMO_MODE", "1")
    assert Config(INSTANCE_DIR=tmp_path).GRADES_BACKGROUND_SENDER is True
    monkeypatch.setenv("DP_GRADES_BACKGROUND_SENDER", "0")
    assert Config(INSTANCE_DIR=tmp_path).GRADES_BACKGROUND_SENDER is False


def test_background_sender_is_woken_by_a_queued_grade(app, platform, tool):
    user_id, placement_id = launch_learner(app, platform, tool)
    with app.app_context():
        engine = db.engine
    settings = app.extensions["grade_settings"]
    background = BackgroundSender(
        engine, app.extensions["lti_adapter"].store, settings.__class__(poll_seconds=30)
    ).start()
    try:
        time.sleep(0.2)
        queued_at = time.monotonic()
        queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
        wait_for(lambda: result_for(platform, "demo-learner-asha") is not None, timeout=5)
        assert time.monotonic() - queued_at < 5, "sent long before the 30 s poll"
    finally:
        background.stop()
    assert not background.running


def test_background_sender_stops_when_its_app_closes_the_database(app):
    with app.app_context():
        engine = db.engine
    background = BackgroundSender(
        engine, app.extensions["lti_adapter"].store, app.extensions["grade_settings"]
    ).start()
    assert background.running
    engine.dispose()
    wait_for(lambda: not background.running, timeout=5)
