"""Which failures are retried, how long senders wait, and what the administrator is told."""

from __future__ import annotations

import json
import os

import pytest
import requests

from lti_tool.config import Config
from lti_tool.grades.line_items import LineItemUnavailable
from lti_tool.grades.problems import backoff_delay, classify, platform_message
from lti_tool.grades.settings import GradeSettings


def refused(status: int, body: object = None, **headers: str) -> requests.HTTPError:
    response = requests.Response()
    response.status_code = status
    response.reason = "Reason"
    response._content = (
        json.dumps(body).encode() if isinstance(body, dict) else (body or "").encode()
    )
    response.headers.update(headers)
    return requests.HTTPError(response=response)


@pytest.mark.parametrize("status", [401, 408, 429, 500, 502, 503, 504])
def test_transient_statuses_are_retried(status):
    problem = classify(refused(status, {"error": "busy"}))
    assert not problem.permanent and problem.http_status == status


@pytest.mark.parametrize("status", [400, 403, 404, 405, 409, 415, 422])
def test_other_client_errors_are_permanent_with_the_platforms_message(status):
    problem = classify(refused(status, {"error": "invalid", "error_description": "bad userId"}))
    assert problem.permanent
    assert problem.message == f"HTTP {status}: bad userId"


def test_timeouts_and_connection_errors_are_retried_for_the_whole_platform():
    for error in (requests.ReadTimeout("slow"), requests.ConnectionError("refused")):
        problem = classify(error)
        assert not problem.permanent and problem.platform_wide


def test_a_401_after_the_token_refresh_does_not_rest_the_platform():
    assert not classify(refused(401)).platform_wide
    assert classify(refused(503)).platform_wide


def test_retry_after_seconds_is_read():
    assert classify(refused(429, {}, **{"Retry-After": "7"})).retry_after == 7


def test_line_item_problems_keep_their_permanence():
    assert classify(LineItemUnavailable("no scope", permanent=True)).permanent
    assert not classify(LineItemUnavailable("busy", permanent=False, retry_after=1)).permanent


def test_an_unexpected_error_is_retried_not_lost():
    problem = classify(KeyError("scoreMaximum"))
    assert not problem.permanent and "KeyError" in problem.message


def test_platform_message_prefers_the_description_then_the_text():
    assert platform_message(refused(400, {"message": "nope"}).response) == "HTTP 400: nope"
    assert platform_message(refused(400, "plain words").response) == "HTTP 400: plain words"
    assert platform_message(refused(502, "").response) == "HTTP 502: Reason"
    assert len(platform_message(refused(400, "x" * 5000).response)) == 500


def test_backoff_doubles_up_to_the_cap_with_jitter():
    lowest = [backoff_delay(n, base=2, cap=60, rand=lambda: 0.0) for n in range(1, 8)]
    highest = [backoff_delay(n, base=2, cap=60, rand=lambda: 1.0) for n in range(1, 8)]
    assert highest == [2, 4, 8, 16, 32, 60, 60]
    assert lowest == [1, 2, 4, 8, 16, 30, 30]


def test_backoff_waits_at_least_the_retry_after_even_beyond_the_cap():
    assert backoff_delay(1, base=2, cap=60, retry_after=120, rand=lambda: 0.5) == 120
    assert backoff_delay(1, base=2, cap=60, retry_after=10**9, rand=lambda: 0.5) == 86400


def test_settings_come_from_the_config_which_reads_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DP_GRADES_BATCH_SIZE", "7")
    monkeypatch.setenv("DP_GRADES_BACKGROUND_SENDER", "yes")
    monkeypatch.setenv("DP_GRADES_SENT_RETENTION_DAYS", "9")
    config = Config(INSTANCE_DIR=tmp_path, GRADES_RETRY_BASE_SECONDS=0.5)
    settings = GradeSettings.from_config(vars(config))
    assert (settings.batch_size, settings.retry_base_seconds) == (7, 0.5)
    assert settings.background_sender is True
    assert settings.sent_retention_days == 9
    assert GradeSettings.from_config({"GRADES_BACKGROUND_SENDER": False}).background_sender is False
    assert GradeSettings.from_config({}) == GradeSettings(), "the environment is not read here"


def test_config_defaults_are_the_settings_defaults(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("DP_GRADES_") or name == "DP_DEMO_MODE":
            monkeypatch.delenv(name)
    assert GradeSettings.from_config(vars(Config(INSTANCE_DIR=tmp_path))) == GradeSettings()
