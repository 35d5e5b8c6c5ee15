"""The demo LMS's platform side of LTI platform storage, switchable: off by default, on for the
whole course by its setting or for one launch by `?storage=`; the login names the storage frame
and the launch page answers the tool's postMessages from its own static script."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import requests

from demo_lms.testing import RunningPlatform


def login_query(launch_page: str) -> dict[str, str]:
    src = re.search(r'<iframe class="activity"[^>]* src="([^"]*)"', launch_page)
    assert src, launch_page[:1000]
    return dict(parse_qsl(urlsplit(unescape(src.group(1))).query))


def test_no_storage_target_by_default(platform: RunningPlatform) -> None:
    page = requests.get(platform.launch_page_url("asha"), timeout=10).text
    assert "lti_storage_target" not in login_query(page)
    assert "platform-storage.js" not in page


def test_one_launch_offers_the_launch_page_as_storage(platform: RunningPlatform) -> None:
    page = requests.get(platform.launch_page_url("asha") + "?storage=platform", timeout=10).text
    assert login_query(page)["lti_storage_target"] == "_parent"
    assert re.search(r'<script src="/static/platform-storage.js"></script>', page)


def test_one_launch_offers_a_named_storage_frame(platform: RunningPlatform) -> None:
    page = requests.get(platform.launch_page_url("asha") + "?storage=frame", timeout=10).text
    assert login_query(page)["lti_storage_target"] == "post_message_forwarding"
    frame = re.search(r'<iframe name="post_message_forwarding" src="([^"]*)"', page)
    assert frame
    inner = requests.get(platform.url + frame.group(1), timeout=10)
    assert inner.status_code == 200 and "platform-storage.js" in inner.text


def test_course_setting_switches_every_launch(platform: RunningPlatform) -> None:
    switched = requests.post(
        f"{platform.url}/settings",
        data={"platform_storage": "on"},
        allow_redirects=False,
        timeout=10,
    )
    assert switched.status_code == 303
    course = requests.get(f"{platform.url}/", timeout=10).text
    assert re.search(r'name="platform_storage" checked', course)
    page = requests.get(platform.launch_page_url("ben"), timeout=10).text
    assert login_query(page)["lti_storage_target"] == "_parent"
    requests.post(f"{platform.url}/settings", data={}, timeout=10)
    page = requests.get(platform.launch_page_url("ben"), timeout=10).text
    assert "lti_storage_target" not in login_query(page)


def test_the_launch_post_names_the_storage_frame(platform: RunningPlatform, autopost_fields):
    login = platform.login_initiation_url("asha", platform_storage=True)
    query = dict(parse_qsl(urlsplit(login).query))
    params = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
        "client_id": query["client_id"],
        "redirect_uri": platform.config.tool_launch_url,
        "login_hint": query["login_hint"],
        "lti_message_hint": query["lti_message_hint"],
        "state": "state-1",
        "nonce": "nonce-1",
    }
    response = requests.post(platform.auth_url, data=params, timeout=10)
    assert response.status_code == 200
    assert autopost_fields(response.text)["lti_storage_target"] == "_parent"
