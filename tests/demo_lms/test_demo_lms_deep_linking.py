"""Deep Linking: the platform verifies the tool's response and places what it returned."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from html import unescape
from typing import Any

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from demo_lms.testing import RunningPlatform

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
ITEM = {
    "type": "ltiResourceLink",
    "title": "Team leadership plan",
    "url": "https://tool.example.test/lti/launch?plan=team",
    "custom": {"framework": "nhs-leadership"},
    "lineItem": {"scoreMaximum": 5, "label": "Team plan", "tag": "team-plan"},
}


@pytest.fixture
def deep_link_data(
    platform: RunningPlatform, launch_id_token: Callable[..., str]
) -> dict[str, Any]:
    """Settings of a manager's deep-linking launch, as the tool received them."""
    token = launch_id_token("carys", "LtiDeepLinkingRequest")
    claims = jwt.decode(token, options={"verify_signature": False})
    return claims[DL + "deep_linking_settings"]


@pytest.fixture
def respond(
    platform: RunningPlatform, tool_keys: Any, deep_link_data: dict[str, Any]
) -> Callable[..., requests.Response]:
    """Post a Deep Linking response signed by the tool; keyword claims override (None removes)."""

    def post(
        items: list[dict[str, Any]] | None = None,
        key: rsa.RSAPrivateKey | None = None,
        **overrides: Any,
    ) -> requests.Response:
        now = int(time.time())
        claims = {
            "iss": platform.client_id,
            "aud": platform.issuer,
            "iat": now,
            "exp": now + 300,
            "nonce": str(uuid.uuid4()),
            LTI + "message_type": "LtiDeepLinkingResponse",
            LTI + "version": "1.3.0",
            LTI + "deployment_id": platform.deployment_id,
            DL + "data": deep_link_data["data"],
            DL + "content_items": [ITEM] if items is None else items,
            DL + "msg": "Placed <your> plan",
            **overrides,
        }
        claims = {name: value for name, value in claims.items() if value is not None}
        signing_key = key or tool_keys.keys["tool-key-1"]
        token = jwt.encode(claims, signing_key, algorithm="RS256", headers={"kid": "tool-key-1"})
        return requests.post(
            deep_link_data["deep_link_return_url"], data={"JWT": token}, timeout=10
        )

    return post


def test_response_places_the_link_and_its_line_item(
    platform: RunningPlatform, respond: Callable[..., requests.Response]
) -> None:
    response = respond()

    assert response.status_code == 200, response.text
    assert "Team leadership plan" in response.text
    assert "Placed &lt;your&gt; plan" in response.text
    state = platform.state_snapshot()
    (placed,) = state["deep_link_returns"][0]["placed"]
    assert state["deep_link_returns"][0]["persona_id"] == "carys"
    assert placed["resource_link_id"] == "demo-placed-1"
    item = next(i for i in state["line_items"] if i.get("tag") == "team-plan")
    assert item["resourceLinkId"] == "demo-placed-1"
    assert item["scoreMaximum"] == 5
    assert placed["line_item"] == item["id"]

    claims = platform.id_token_claims_for("asha", "n", resource_link_id="demo-placed-1")
    assert claims[LTI + "resource_link"]["id"] == "demo-placed-1"
    assert claims[LTI + "custom"] == {"framework": "nhs-leadership"}
    assert claims[LTI + "target_link_uri"] == ITEM["url"]
    assert claims[AGS]["lineitem"] == item["id"]
    course = requests.get(f"{platform.url}/", timeout=10).text
    assert "Team leadership plan" in course
    assert "link=demo-placed-1" in course


def test_empty_response_places_nothing(
    platform: RunningPlatform, respond: Callable[..., requests.Response]
) -> None:
    response = respond(items=[])

    assert response.status_code == 200
    assert "Nothing was placed" in response.text
    assert list(platform.state.resource_links) == ["demo-resource-1"]


@pytest.mark.parametrize(
    ("overrides", "complaint"),
    [
        ({"aud": "https://other-platform.example.test"}, "audience"),
        ({"iss": "someone-else"}, "issuer"),
        ({"nonce": None}, "nonce"),
        ({LTI + "message_type": "LtiResourceLinkRequest"}, "message_type"),
        ({LTI + "deployment_id": "99"}, "deployment_id"),
        ({DL + "data": "forged"}, "data"),
        ({"items": [ITEM, ITEM]}, "at most one"),
        ({"items": [{**ITEM, "type": "html"}]}, "not accepted"),
        ({"items": [{**ITEM, "lineItem": {"scoreMaximum": 0}}]}, "scoremaximum"),
    ],
)
def test_bad_responses_are_refused(
    platform: RunningPlatform,
    respond: Callable[..., requests.Response],
    overrides: dict[str, Any],
    complaint: str,
) -> None:
    response = respond(**overrides)

    assert response.status_code == 400
    assert complaint in unescape(response.text).lower()
    assert list(platform.state.resource_links) == ["demo-resource-1"]


def test_reused_nonce_is_refused(
    platform: RunningPlatform, respond: Callable[..., requests.Response]
) -> None:
    first = respond(items=[], nonce="same-nonce")
    second = respond(items=[], nonce="same-nonce")

    assert first.status_code == 200
    assert second.status_code == 400
    assert "nonce has already been used" in second.text


def test_response_signed_by_another_key_is_refused(
    platform: RunningPlatform, respond: Callable[..., requests.Response]
) -> None:
    response = respond(key=rsa.generate_private_key(public_exponent=65537, key_size=2048))

    assert response.status_code == 400
    assert "signature" in response.text.lower()


def test_library_style_response_with_nulls_and_audience_list(
    platform: RunningPlatform, respond: Callable[..., requests.Response]
) -> None:
    item = {"type": "ltiResourceLink", "title": None, "url": None, "lineItem": {"scoreMaximum": 1}}

    response = respond(items=[item], aud=[platform.issuer])

    assert response.status_code == 200, response.text
    link = platform.state.resource_links["demo-placed-1"]
    assert (link.title, link.url, link.custom) == ("My development plan", None, {})
    claims = platform.id_token_claims_for("ben", "n", resource_link_id="demo-placed-1")
    assert claims[LTI + "target_link_uri"] == "https://tool.example.test/lti/launch"
