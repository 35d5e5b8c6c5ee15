"""The tool against a second, independent LTI 1.3 platform: lti1p3platform from PyPI (not our
demo_lms), over real HTTP, for resource-link launches, deep linking and client-credentials
access tokens."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from sqlalchemy import select
from support.lti import browser, form_action, hidden_inputs, register
from support.second_platform import (
    DEEP_LINK,
    INSTRUCTOR,
    LEARNER,
    RESOURCE_LINK,
    SecondPlatform,
    new_key_pair,
)

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
DL_CLAIM = "https://purl.imsglobal.org/spec/lti-dl/claim/"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"


@pytest.fixture
def second_platform(app, tool) -> Iterator[SecondPlatform]:
    with SecondPlatform(tool.url) as platform:
        register(app, platform, deployments=(platform.deployment_id,))
        yield platform


def query(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


def authorize(
    platform: SecondPlatform,
    tool,
    session: requests.Session,
    user_id: str,
    name: str,
    roles: list[str],
    message: str = RESOURCE_LINK,
) -> tuple[str, dict[str, str]]:
    """A browser starting a launch at the second platform, through the tool's OIDC login
    initiation, up to the platform's auto-post form; returns its action and fields."""
    start = session.get(platform.start_launch(user_id, name, roles, message), allow_redirects=False)
    assert start.status_code == 302, start.text[:500]
    initiation = start.headers["Location"]
    assert initiation.startswith(f"{tool.url}/lti/login?")
    assert query(initiation) | {"lti_message_hint": "…"} == {
        "iss": platform.issuer,
        "client_id": "second-platform-client",
        "lti_deployment_id": "deploy-1",
        "login_hint": user_id,
        "target_link_uri": f"{tool.url}/lti/launch",
        "lti_message_hint": "…",
    }

    login = session.get(initiation + "&lti1p3_new_window=1", allow_redirects=False)
    assert login.status_code == 302, login.text[:500]
    authorization = login.headers["Location"]
    assert authorization.startswith(platform.auth_url + "?")

    form_page = session.get(authorization, allow_redirects=False)
    assert form_page.status_code == 200, form_page.text[:500]
    action, fields = form_action(form_page.text), hidden_inputs(form_page.text)
    assert action == f"{tool.url}/lti/launch"
    assert set(fields) == {"id_token", "state"}
    header = jwt.get_unverified_header(fields["id_token"])
    assert header["kid"] == platform.conf().get_jwks()["keys"][0]["kid"]
    return action, fields


def launch(
    platform: SecondPlatform,
    tool,
    session: requests.Session,
    user_id: str,
    name: str,
    roles: list[str],
    message: str = RESOURCE_LINK,
) -> requests.Response:
    """A complete launch from the second platform; returns the tool's 303 answer."""
    action, fields = authorize(platform, tool, session, user_id, name, roles, message)
    answer = session.post(action, data=fields, allow_redirects=False)
    assert answer.status_code == 303, answer.text[:1000]
    return answer


def by_testid(page: str, name: str) -> str:
    match = re.search(rf'data-testid="{name}">([^<]*)<', page)
    assert match, f'no data-testid="{name}" in {page[:800]}'
    return match.group(1).strip()


@pytest.mark.parametrize(
    ("user_id", "name", "roles", "role"),
    [
        ("sp-learner-1", "Grace Hopper", [LEARNER], "learner"),
        ("sp-teacher-1", "Alan Turing", [INSTRUCTOR], "manager"),
    ],
)
def test_resource_link_launch_lands_on_home(
    app, tool, second_platform, user_id: str, name: str, roles: list[str], role: str
) -> None:
    from development_plans.courses import Course
    from development_plans.people import User
    from lti_tool.extensions import db

    session = browser()
    answer = launch(second_platform, tool, session, user_id, name, roles)
    assert urlsplit(answer.headers["Location"]).path == "/"
    assert "handoff" in query(answer.headers["Location"])

    home = session.get(tool.url + answer.headers["Location"])
    assert home.status_code == 200, home.text[:800]
    assert urlsplit(home.url).path == "/"
    assert by_testid(home.text, "name") == name
    assert by_testid(home.text, "role") == role
    assert by_testid(home.text, "course") == "Leadership in Practice (second LMS)"

    with app.app_context():
        course = db.session.scalar(select(Course))
        user = db.session.scalar(select(User))
        assert (course.issuer, course.client_id, course.deployment_id, course.context_id) == (
            second_platform.issuer,
            "second-platform-client",
            "deploy-1",
            "second-platform-course-1",
        )
        assert (user.issuer, user.subject) == (second_platform.issuer, user_id)

    [auth_request] = second_platform.log.auth_requests
    assert auth_request["redirect_uri"] == f"{tool.url}/lti/launch"
    assert auth_request["client_id"] == "second-platform-client"


def test_launch_with_a_forged_id_token_is_refused(app, tool, second_platform) -> None:
    """The tool checks the second platform's signature: the same claims signed with another key
    (but the platform's kid) are refused."""
    session = browser()
    action, fields = authorize(
        second_platform, tool, session, "sp-learner-2", "Mary Seacole", [LEARNER]
    )
    claims = jwt.decode(fields["id_token"], options={"verify_signature": False})
    forged_key, _ = new_key_pair()
    forged = jwt.encode(
        claims, forged_key, "RS256", headers=jwt.get_unverified_header(fields["id_token"])
    )
    response = session.post(action, data={**fields, "id_token": forged}, allow_redirects=False)
    assert response.status_code == 400
    assert "The launch&#39;s signature or timing is not valid" in response.text
    assert "Welcome" not in response.text


def test_deep_linking_returns_a_resource_link_with_a_line_item(app, tool, second_platform) -> None:
    session = browser()
    teacher = ("sp-teacher-2", "Florence Nightingale", [INSTRUCTOR])
    answer = launch(second_platform, tool, session, *teacher, message=DEEP_LINK)
    assert urlsplit(answer.headers["Location"]).path == "/placement/deep-link"

    page = session.get(tool.url + answer.headers["Location"])
    assert page.status_code == 200, page.text[:800]
    assert "<h1>Add Development Planner to your course</h1>" in page.text
    fields = hidden_inputs(page.text)
    assert fields["csrf_token"]
    assert fields["title"] == "My development plan"

    title = "Leadership plan (second LMS)"
    returned = session.post(page.url, data={"csrf_token": fields["csrf_token"], "title": title})
    assert returned.status_code == 200, returned.text[:800]
    action, form = form_action(returned.text), hidden_inputs(returned.text)
    assert action == second_platform.deep_link_return_url
    assert re.search(r'<form id="deep-link-return"[^>]* data-auto-submit>', returned.text)
    assert "/static/tool.js" in returned.text  # submits every form[data-auto-submit]

    received = session.post(action, data=form)
    assert received.status_code == 200, received.text[:500]
    assert received.text == "Received 1 content item(s)"
    assert second_platform.log.deep_link_errors == []
    [accepted] = second_platform.log.deep_link_returns
    [item] = accepted.content_items
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == f"{tool.url}/lti/launch"
    assert item["title"] == title
    assert item["lineItem"]["scoreMaximum"] == 100
    assert item["lineItem"]["label"] == title

    claims = accepted.claims
    assert claims[CLAIM + "message_type"] == "LtiDeepLinkingResponse"
    assert claims["iss"] == "second-platform-client"
    assert claims["aud"] in (second_platform.issuer, [second_platform.issuer])
    assert claims[CLAIM + "deployment_id"] == "deploy-1"
    assert claims[DL_CLAIM + "content_items"] == accepted.content_items
    assert DL_CLAIM + "data" not in claims, "no data was sent, so none is returned (not null)"


def test_deep_link_return_refuses_a_response_not_signed_by_the_tool(
    app, tool, second_platform
) -> None:
    """The platform's deep-link validation is real: a response signed with another key under
    the tool's kid is refused."""
    tool_kid = requests.get(f"{tool.url}/lti/jwks", timeout=5).json()["keys"][0]["kid"]
    forged_key, _ = new_key_pair()
    forged = jwt.encode(
        {
            "iss": "second-platform-client",
            "aud": second_platform.issuer,
            "iat": int(time.time()),
            "exp": int(time.time()) + 60,
            "nonce": uuid.uuid4().hex,
            CLAIM + "message_type": "LtiDeepLinkingResponse",
            CLAIM + "version": "1.3.0",
            CLAIM + "deployment_id": "deploy-1",
            DL_CLAIM + "content_items": [{"type": "ltiResourceLink", "url": "https://evil"}],
        },
        forged_key,
        "RS256",
        headers={"kid": tool_kid},
    )
    response = requests.post(second_platform.deep_link_return_url, data={"JWT": forged}, timeout=5)
    assert response.status_code == 400
    assert second_platform.log.deep_link_returns == []
    assert second_platform.log.deep_link_errors


def test_access_token_from_the_second_platform_is_fetched_once_and_cached(
    app, tool, second_platform
) -> None:
    from lti_tool.extensions import db
    from lti_tool.lti.connector import connector_class
    from lti_tool.lti.tool_config import DatabaseToolConf

    with app.app_context():
        registration = DatabaseToolConf(db.session).find_registration_by_params(
            second_platform.issuer, "second-platform-client"
        )
        assert registration is not None
        store = app.extensions["lti_adapter"].store
        token = connector_class(store)(registration).get_access_token([SCORE_SCOPE])
        again = connector_class(store)(registration).get_access_token([SCORE_SCOPE])
        tool_kid = registration.get_kid()

    assert again == token
    log = second_platform.log
    assert log.token_requests == 1
    assert log.token_errors == []
    [assertion] = log.client_assertions
    assert assertion["iss"] == assertion["sub"] == "second-platform-client"
    assert assertion["aud"] == second_platform.token_url
    assert assertion["exp"] > time.time()
    assert assertion["jti"]
    tool_kids = {k["kid"] for k in requests.get(f"{tool.url}/lti/jwks", timeout=5).json()["keys"]}
    assert tool_kid in tool_kids
    [issued] = log.issued_tokens
    assert issued["access_token"] == token
    assert issued["scope"] == SCORE_SCOPE
    assert issued["expires_in"] == 3600
    assert second_platform.conf().validate_token(token, allowed_scopes=[SCORE_SCOPE])


def test_token_endpoint_refuses_an_assertion_not_signed_by_the_tool(
    app, tool, second_platform
) -> None:
    """The platform checks the client assertion against the tool's JWKS: one signed with another
    key under the tool's kid gets no token."""
    tool_kid = requests.get(f"{tool.url}/lti/jwks", timeout=5).json()["keys"][0]["kid"]
    forged_key, _ = new_key_pair()
    now = int(time.time())
    assertion = jwt.encode(
        {
            "iss": "second-platform-client",
            "sub": "second-platform-client",
            "aud": second_platform.token_url,
            "iat": now,
            "exp": now + 60,
            "jti": uuid.uuid4().hex,
        },
        forged_key,
        "RS256",
        headers={"kid": tool_kid},
    )
    response = requests.post(
        second_platform.token_url,
        data={
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
            "scope": SCORE_SCOPE,
        },
        timeout=5,
    )
    assert response.status_code == 400
    assert "access_token" not in response.json()
    assert second_platform.log.issued_tokens == []
    assert second_platform.log.token_errors
