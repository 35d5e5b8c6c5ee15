"""A sender posts several learners' scores at once (``GRADES_PARALLEL_POSTS``) once a first score
has gone through: faster against a slow LMS, still one token, each score once, and an LMS that
starts failing mid-batch is rested without losing or repeating the scores already in flight."""

from __future__ import annotations

import time
from collections import Counter

from grade_helpers import (
    accepted,
    add_learners,
    deliveries,
    launch_learner,
    make_sender,
    queue,
    score_posts,
)

from development_plans.completion import CompletionState

LEARNERS = 12
DELAY = 0.3


def _queue_everyone(app, platform, tool) -> None:
    _, placement_id = launch_learner(app, platform, tool)
    for learner in add_learners(app, platform, placement_id, LEARNERS):
        queue(app, learner, placement_id, CompletionState.PLAN_SUBMITTED)


def _each_accepted_once(platform) -> bool:
    per_user = Counter(post["user_id"] for post in accepted(score_posts(platform)))
    return len(per_user) == LEARNERS and set(per_user.values()) == {1}


def test_scores_go_out_in_parallel_with_one_token(app, platform, tool):
    _queue_everyone(app, platform, tool)
    platform.control(delay={"endpoint": "scores", "seconds": DELAY, "times": LEARNERS})
    sender = make_sender(app, parallel_posts=4)

    started = time.monotonic()
    report = sender.send_all_due()
    elapsed = time.monotonic() - started

    assert report.sent == LEARNERS and _each_accepted_once(platform)
    assert elapsed < LEARNERS * DELAY / 2, f"{elapsed:.2f} s: the posts did not overlap"
    assert sender.token_requests == 1 and platform.state_snapshot()["token_requests"] == 1
    assert {row.status for row in deliveries(app)} == {"sent"}


def test_one_post_at_a_time_when_parallel_posts_is_one(app, platform, tool):
    _queue_everyone(app, platform, tool)
    platform.control(delay={"endpoint": "scores", "seconds": DELAY / 3, "times": LEARNERS})
    started = time.monotonic()
    make_sender(app, parallel_posts=1).send_all_due()
    assert time.monotonic() - started >= LEARNERS * DELAY / 3
    assert _each_accepted_once(platform)


def test_a_platform_failing_mid_batch_is_rested_after_the_posts_in_flight(app, platform, tool):
    _queue_everyone(app, platform, tool)
    platform.control(delay={"endpoint": "scores", "seconds": 0.05, "times": 1})
    platform.control(fail={"endpoint": "scores", "statuses": [503, 503, 503]})
    sender = make_sender(app, parallel_posts=4, retry_base_seconds=0.5)

    first = sender.send_due()

    assert first.retrying == 3 and first.sent >= 2 and first.failed == 0
    assert first.sent + first.handed_back == LEARNERS - 3
    assert make_sender(app).send_due().claimed == 0, "every sender leaves the LMS alone"
    sender.run_until_settled(timeout=20)
    posts = score_posts(platform)
    assert [post["status"] for post in posts].count(503) == 3
    assert len(posts) == LEARNERS + 3 and _each_accepted_once(platform)
    assert {row.status for row in deliveries(app)} == {"sent"}
