"""What people see: the learner's grade status, the managers' policy page, and the administrators'
``flask grades`` commands."""

from __future__ import annotations

import html
import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from flask import render_template
from grade_helpers import (
    deliveries,
    launch_learner,
    queue,
    result_for,
    score_posts,
    wait_for,
)
from support.lti import Launcher, browser

from development_plans.completion import CompletionState
from lti_tool.grades.models import DeliveryStatus
from lti_tool.grades.status import GradeStatus

ASHA = "demo-learner-asha"


def _signed_in(platform, tool, persona: str) -> Launcher:
    launcher = Launcher(platform, tool)
    assert launcher.launch(persona).status_code == 200
    return launcher


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def _checked(page: str) -> list[str]:
    return re.findall(r'<input[^>]*name="policy"[^>]*value="([^"]+)"[^>]*checked', page)


def test_learner_sees_waiting_then_sent(app, platform, tool, sender):
    asha = _signed_in(platform, tool, "asha")
    user_id, placement_id = launch_learner(app, platform, tool)
    assert _text(asha.session.get(f"{tool.url}/grades/status").text) == ""

    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    waiting = _text(asha.session.get(f"{tool.url}/grades/status").text)
    sender.send_all_due()
    sent = _text(asha.session.get(f"{tool.url}/grades/status").text)

    assert "Your completion grade: 50%" in waiting and "Waiting to be sent" in waiting
    assert "Sent to the LMS at" in sent
    assert re.search(r"Sent to the LMS at \d\d:\d\d\.", sent)


def test_learner_sees_why_a_grade_could_not_be_sent(app, platform, tool, sender):
    asha = _signed_in(platform, tool, "asha")
    user_id, placement_id = launch_learner(app, platform, tool)
    platform.control(set_members=[])
    queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)
    sender.send_all_due()

    page = _text(asha.session.get(f"{tool.url}/grades/status").text)

    assert f"Could not be sent HTTP 400: userId '{ASHA}' is not in this context" in page
    assert "Your work is saved" in page


def test_status_needs_a_launch(app, platform, tool):
    assert browser().get(f"{tool.url}/grades/status").status_code == 401


def test_sent_time_is_shown_in_uk_time(app):
    summer = GradeStatus(
        state=CompletionState.PLAN_APPROVED,
        percent=100,
        delivery=DeliveryStatus.SENT,
        sent_at=datetime(2026, 7, 1, 9, 32, tzinfo=UTC),
    )
    with app.test_request_context("/"):
        page = render_template("grades/_status.html", grade_status=summer)
    assert "Sent to the LMS</strong> at 10:32 on 1 July 2026." in page
    assert "Your completion grade: <strong>100%</strong>" in page


def test_policy_page_is_for_managers_only(app, platform, tool):
    assert browser().get(f"{tool.url}/grades/policy").status_code == 401
    asha = _signed_in(platform, tool, "asha")
    assert asha.session.get(f"{tool.url}/grades/policy").status_code == 403
    assert asha.session.post(f"{tool.url}/grades/policy", data={"policy": "x"}).status_code == 400
    carys = _signed_in(platform, tool, "carys")
    page = carys.session.get(f"{tool.url}/grades/policy")
    assert page.status_code == 200
    assert _checked(page.text) == ["staged"]


def test_changing_the_policy_regrades_learners(app, platform, tool, sender):
    user_id, placement_id = launch_learner(app, platform, tool)
    queue(app, user_id, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    sender.send_all_due()
    carys = _signed_in(platform, tool, "carys")
    form = carys.session.get(f"{tool.url}/grades/policy").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)

    saved = carys.session.post(
        f"{tool.url}/grades/policy",
        data={"csrf_token": token, "policy": "assessment_only", "cycle_rule": "keep_best"},
    )
    sender.send_all_due()

    assert saved.status_code == 200
    assert "Grades for 1 learner(s) will be sent again." in saved.text
    assert _checked(saved.text) == ["assessment_only"]
    assert [p["body"]["scoreGiven"] for p in score_posts(platform, ASHA)] == [50, 100]
    assert result_for(platform, ASHA)["gradingProgress"] == "FullyGraded"
    page = _text(carys.session.get(f"{tool.url}/grades/policy").text)
    assert "Asha Patel Self-assessment submitted 100% Sent at" in page


def test_policy_form_rejects_an_unknown_policy(app, platform, tool):
    carys = _signed_in(platform, tool, "carys")
    form = carys.session.get(f"{tool.url}/grades/policy").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    response = carys.session.post(
        f"{tool.url}/grades/policy", data={"csrf_token": token, "policy": "everyone_passes"}
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.text
    assert _checked(response.text) == []


def test_cli_lists_failures_with_reasons_and_retries_them(app, platform, tool):
    user_id, placement_id = launch_learner(app, platform, tool)
    members = platform.state_snapshot()["members"]
    platform.control(set_members=[m for m in members if m["user_id"] != ASHA])
    queue(app, user_id, placement_id, CompletionState.PLAN_SUBMITTED)
    cli = app.test_cli_runner()

    pending = cli.invoke(args=["grades", "list", "--pending"])
    sent = cli.invoke(args=["grades", "send"])
    failed = cli.invoke(args=["grades", "list", "--failed"])
    platform.control(members=members)
    (row,) = deliveries(app)
    retried = cli.invoke(args=["grades", "retry", str(row.id)])
    again = cli.invoke(args=["grades", "send", "--once"])

    assert f"#{row.id}  pending  Asha Patel ({ASHA})" in pending.output
    assert "Development plan submitted for review: 80 %" in pending.output
    assert "sent 0" in sent.output and "failed 1" in sent.output
    assert f"reason: HTTP 400: userId '{ASHA}' is not in this context" in failed.output
    assert retried.exit_code == 0 and f"Queued delivery #{row.id} again." in retried.output
    assert "sent 1" in again.output
    assert result_for(platform, ASHA)["scoreGiven"] == 80
    assert "No pending or failed grade deliveries." in cli.invoke(args=["grades", "list"]).output


def test_cli_retry_all_failed_and_refusals(app, platform, tool):
    asha, placement_id = launch_learner(app, platform, tool, "asha")
    ben, _ = launch_learner(app, platform, tool, "ben")
    platform.control(set_members=[])
    queue(app, asha, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    queue(app, ben, placement_id, CompletionState.ASSESSMENT_SUBMITTED)
    cli = app.test_cli_runner()
    cli.invoke(args=["grades", "send"])
    first_failed = deliveries(app)[0]

    missing = cli.invoke(args=["grades", "retry", "999"])
    both = cli.invoke(args=["grades", "retry", str(first_failed.id), "--all-failed"])
    retried = cli.invoke(args=["grades", "retry", "--all-failed"])

    assert missing.exit_code == 1 and "There is no grade delivery #999." in missing.output
    assert both.exit_code == 2 and "Give one delivery ID or --all-failed." in both.output
    assert "Queued 2 failed deliveries again." in retried.output
    assert {row.status for row in deliveries(app)} == {"pending"}
    not_failed = cli.invoke(args=["grades", "retry", str(first_failed.id)])
    assert not_failed.exit_code == 1 and "is pending, not failed" in not_failed.output


def test_cli_worker_loop_sends_until_stopped(app, platform, tool, database_url, tmp_path):
    user_id, placement_id = launch_learner(app, platform, tool)
    env = {
        **os.environ,
        "FLASK_APP": "lti_tool",
        "DATABASE_URL": database_url,
        "DP_INSTANCE_DIR": str(tmp_path / "worker"),
        "SECRET_KEY": "worker-test",
        "DP_GRADES_POLL_SECONDS": "0.1",
    }
    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "flask"), "grades", "send", "--loop"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        queue(app, user_id, placement_id, CompletionState.PLAN_APPROVED)
        wait_for(lambda: result_for(platform, ASHA) is not None, timeout=60)
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=30)

    assert worker.returncode == 0, err
    assert "running" in out and "Grade sender stopped." in out
    assert result_for(platform, ASHA)["scoreGiven"] == 100
