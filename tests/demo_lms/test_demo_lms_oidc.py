"""OIDC launch flow of the demo LMS: JWKS, /auth validation and the id_token it issues."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jwt
import pytest
import requests

from demo_lms import INSTRUCTOR, LEARNER, MENTOR, Persona
from demo_lms.testing import RunningPlatform, running_platform

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL_SETTINGS = "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings"


def verify(platform: RunningPlatform, id_token: str) -> dict[str, Any]:
    """Verify an id_token the way a tool does: key from the JWKS by kid, RS256, aud, iss."""
    jwks = requests.get(platform.jwks_url, timeout=10).json()
    kid = jwt.get_unverified_header(id_token)["kid"]
    key = jwt.PyJWKSet.from_dict(jwks)[kid].key
    return jwt.decode(
        id_token, key, algorithms=["RS256"], audience=platform.client_id, issuer=platform.issuer
    )


def test_jwks_publishes_one_rs256_signing_key(platform: RunningPlatform) -> None:
    response = requests.get(platform.jwks_url, timeout=10)

    assert response.status_code == 200
    (key,) = response.json()["keys"]
    assert key["kty"] == "RSA"
    assert key["alg"] == "RS256"
    assert key["use"] == "sig"
    assert key["kid"] == platform.kid
    assert "d" not in key


def test_auth_form_posts_a_verifiable_resource_link_id_token(
    platform: RunningPlatform,
    auth_params: Callable[..., dict[str, str]],
    autopost_fields: Callable[[str], dict[str, str]],
) -> None:
    params = auth_params("asha")

    response = requests.post(platform.auth_url, data=params, timeout=10)

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert '<form method="post" action="https://tool.example.test/lti/launch">' in response.text
    assert "<noscript><button" in response.text
    fields = autopost_fields(response.text)
    assert fields["state"] == params["state"]
    claims = verify(platform, fields["id_token"])
    assert claims["sub"] == "demo-learner-asha"
    assert claims["aud"] == platform.client_id
    assert claims["azp"] == platform.client_id
    assert claims["nonce"] == params["nonce"]
    assert claims["exp"] - claims["iat"] == 300
    assert claims["name"] == "Asha Patel"
    assert claims["email"] == "asha.patel@example.nhs.uk"
    assert claims[LTI + "message_type"] == "LtiResourceLinkRequest"
    assert claims[LTI + "version"] == "1.3.0"
    assert claims[LTI + "deployment_id"] == "1"
    assert claims[LTI + "target_link_uri"] == "https://tool.example.test/lti/launch"
    assert claims[LTI + "resource_link"] == {
        "id": "demo-resource-1",
        "title": "My development plan",
    }
    assert claims[LTI + "roles"] == [LEARNER]
    assert claims[LTI + "context"]["id"] == "demo-course-101"
    assert claims[LTI + "context"]["type"] == [
        "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"
    ]
    assert claims[LTI + "tool_platform"]["product_family_code"] == "demo-lms"
    assert claims[LTI + "launch_presentation"]["document_target"] == "iframe"
    assert claims[LTI + "launch_presentation"]["return_url"] == f"{platform.url}/"
    assert claims[LTI + "custom"] == {}
    assert claims[AGS]["lineitems"] == platform.lineitems_url
    assert claims[AGS]["lineitem"] == f"{platform.lineitems_url}/1"
    assert len(claims[AGS]["scope"]) == 4
    assert claims[NRPS] == {
        "context_memberships_url": platform.memberships_url,
        "service_versions": ["2.0"],
    }
    assert LTI + "role_scope_mentor" not in claims


def test_id_token_claims_for_matches_what_auth_issues(
    platform: RunningPlatform, launch_id_token: Callable[..., str]
) -> None:
    issued = verify(platform, launch_id_token("carys"))

    predicted = platform.id_token_claims_for("carys", issued["nonce"])

    assert {k: v for k, v in predicted.items() if k not in ("iat", "exp")} == {
        k: v for k, v in issued.items() if k not in ("iat", "exp")
    }
    assert issued[LTI + "roles"] == [INSTRUCTOR]


def test_no_lineitem_claim_without_a_default_line_item(make_config: Any) -> None:
    with running_platform(make_config(create_default_lineitem=False)) as platform:
        claims = platform.id_token_claims_for("asha", "n")

    assert "lineitem" not in claims[AGS]
    assert claims[AGS]["lineitems"] == platform.lineitems_url


def test_mentor_persona_gets_role_scope_mentor(make_config: Any) -> None:
    mentor = Persona(
        id="dev",
        sub="demo-mentor-dev",
        given_name="Dev",
        family_name="Shah",
        email="dev.shah@example.nhs.uk",
        roles=(MENTOR,),
        mentees=("demo-learner-asha",),
    )
    with running_platform(make_config(personas=(mentor,))) as platform:
        claims = platform.id_token_claims_for("dev", "n")

    assert claims[LTI + "role_scope_mentor"] == ["demo-learner-asha"]


@pytest.mark.parametrize(
    ("name", "value", "complaint"),
    [
        ("redirect_uri", "https://evil.example.test/launch", "redirect_uri"),
        ("client_id", "someone-else", "Unknown client_id"),
        ("scope", "openid profile", "scope"),
        ("response_type", "code", "response_type"),
        ("response_mode", "query", "response_mode"),
        ("prompt", "login", "prompt"),
        ("nonce", "", "nonce"),
        ("login_hint", "demo-learner-ben", "does not match"),
        ("login_hint", "nobody", "not a known user"),
        ("lti_message_hint", "forged", "lti_message_hint"),
    ],
)
def test_auth_refuses_bad_requests(
    platform: RunningPlatform,
    auth_params: Callable[..., dict[str, str]],
    name: str,
    value: str,
    complaint: str,
) -> None:
    params = {**auth_params("asha"), name: value}

    response = requests.get(platform.auth_url, params=params, timeout=10)

    assert response.status_code == 400
    assert complaint in unescape(response.text)
    assert 'name="id_token"' not in response.text


def test_launch_page_frames_the_login_initiation(platform: RunningPlatform) -> None:
    response = requests.get(platform.launch_page_url("ben"), timeout=10)

    assert response.status_code == 200
    iframe = re.search(r"<iframe [^>]*>", response.text)
    assert iframe is not None
    assert 'title="My development plan (external tool)"' in iframe.group(0)
    assert 'width="100%"' in iframe.group(0)
    src = unescape(re.search(r'src="([^"]+)"', iframe.group(0)).group(1))
    assert src.startswith("https://tool.example.test/lti/login?")
    query = dict(parse_qsl(urlsplit(src).query))
    assert query["iss"] == platform.issuer
    assert query["login_hint"] == "demo-learner-ben"
    assert query["target_link_uri"] == "https://tool.example.test/lti/launch"
    assert query["client_id"] == "demo-client"
    assert query["lti_deployment_id"] == "1"
    hint = platform.state.hint(query["lti_message_hint"])
    assert hint is not None
    assert (hint.persona_id, hint.document_target) == ("ben", "iframe")


def test_window_launch_redirects_top_level(platform: RunningPlatform) -> None:
    response = requests.get(
        platform.launch_page_url("asha", window=True), allow_redirects=False, timeout=10
    )

    assert response.status_code == 302
    query = dict(parse_qsl(urlsplit(response.headers["Location"]).query))
    assert platform.state.hint(query["lti_message_hint"]).document_target == "window"


def test_deep_linking_launch_is_for_managers_only(
    platform: RunningPlatform, launch_id_token: Callable[..., str]
) -> None:
    assert requests.get(f"{platform.url}/deep-link/asha", timeout=10).status_code == 403
    assert requests.get(f"{platform.url}/deep-link/carys", timeout=10).status_code == 200

    claims = verify(platform, launch_id_token("carys", "LtiDeepLinkingRequest"))

    assert claims[LTI + "message_type"] == "LtiDeepLinkingRequest"
    assert LTI + "resource_link" not in claims
    settings = claims[DL_SETTINGS]
    assert settings["deep_link_return_url"] == platform.deep_link_return_url
    assert settings["accept_types"] == ["ltiResourceLink"]
    assert settings["accept_presentation_document_targets"] == ["iframe", "window"]
    assert settings["accept_multiple"] is False
    assert settings["auto_create"] is True
    assert settings["data"]


def test_unknown_persona_is_404(platform: RunningPlatform) -> None:
    assert requests.get(f"{platform.url}/launch/nobody", timeout=10).status_code == 404


def test_course_page_lists_personas_and_links_under_the_mount(make_config: Any) -> None:
    with running_platform(make_config(), mount="/demo-lms") as platform:
        response = requests.get(f"{platform.url}/", timeout=10)

    assert platform.url.endswith("/demo-lms")
    assert response.status_code == 200
    for name in ("Asha Patel", "Ben Okafor", "Carys Jones", "Leadership development 2026"):
        assert name in response.text
    assert 'href="/demo-lms/launch/asha?link=demo-resource-1"' in response.text
    assert 'href="/demo-lms/gradebook"' in response.text
    assert 'href="/demo-lms/deep-link/carys"' in response.text
    assert "/deep-link/asha" not in response.text
    assert "Launch in a new window" in response.text


def test_pages_escape_everything(make_config: Any) -> None:
    hostile = Persona(
        id="eve",
        sub="demo-eve",
        given_name="<script>alert(1)</script>",
        family_name="O'Neil",
        email="eve@example.test",
        roles=(LEARNER,),
    )
    with running_platform(make_config(personas=(hostile,))) as platform:
        course = requests.get(f"{platform.url}/", params={"lti_errormsg": "<b>x</b>"}, timeout=10)
        launch = requests.get(platform.launch_page_url("eve"), timeout=10)

    for page in (course.text, launch.text):
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;x&lt;/b&gt;" in course.text


def test_expired_message_hint_is_refused(
    platform: RunningPlatform, auth_params: Callable[..., dict[str, str]]
) -> None:
    params = auth_params("asha")
    hint = platform.state.hints[params["lti_message_hint"]]
    platform.state.hints[params["lti_message_hint"]] = type(hint)(
        **{**hint.__dict__, "expires_at": time.time() - 1}
    )

    response = requests.post(platform.auth_url, data=params, timeout=10)

    assert response.status_code == 400
