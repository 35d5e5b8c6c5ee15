"""OAuth2 client_credentials token endpoint of the demo LMS."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from demo_lms.claims import SCOPE_NRPS, SCOPE_SCORE
from demo_lms.testing import RunningPlatform


def test_valid_assertion_gets_a_bearer_token(
    platform: RunningPlatform,
    sign_assertion: Callable[..., str],
    request_token: Callable[..., requests.Response],
) -> None:
    response = request_token(sign_assertion(), [SCOPE_SCORE, SCOPE_NRPS, "https://example/other"])

    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"].split() == sorted([SCOPE_NRPS, SCOPE_SCORE])
    assert body["access_token"]
    assert platform.state.token(body["access_token"]) is not None


def test_issuer_is_accepted_as_audience(
    platform: RunningPlatform,
    sign_assertion: Callable[..., str],
    request_token: Callable[..., requests.Response],
) -> None:
    response = request_token(sign_assertion(aud=[platform.issuer]))

    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("claims", "complaint"),
    [
        ({"aud": "https://elsewhere.example.test/token"}, "audience"),
        ({"iss": "someone-else"}, "issuer"),
        ({"aud": None}, "aud"),
        ({"sub": "someone-else"}, "sub"),
        ({"exp": int(time.time()) - 60}, "expired"),
        ({"iat": int(time.time()) + 600}, "iat"),
        ({"jti": None}, "jti"),
        ({"jti": ""}, "jti"),
        ({"exp": None}, "exp"),
    ],
)
def test_bad_claims_are_invalid_client(
    sign_assertion: Callable[..., str],
    request_token: Callable[..., requests.Response],
    claims: dict[str, Any],
    complaint: str,
) -> None:
    response = request_token(sign_assertion(**claims))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client"
    assert complaint in response.json()["error_description"].lower()


def test_bad_signature_is_refused(
    sign_assertion: Callable[..., str], request_token: Callable[..., requests.Response]
) -> None:
    impostor = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    response = request_token(sign_assertion(key=impostor))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client"
    assert "signature" in response.json()["error_description"].lower()


def test_reused_jti_is_refused(
    sign_assertion: Callable[..., str], request_token: Callable[..., requests.Response]
) -> None:
    assertion = sign_assertion()

    first = request_token(assertion)
    second = request_token(assertion)

    assert first.status_code == 200
    assert second.status_code == 400
    assert "already been used" in second.json()["error_description"]


def test_unknown_kid_refetches_the_tool_jwks_once(
    platform: RunningPlatform,
    tool_keys: Any,
    sign_assertion: Callable[..., str],
    request_token: Callable[..., requests.Response],
) -> None:
    assert request_token(sign_assertion()).status_code == 200
    fetches = tool_keys.fetches
    tool_keys.add("tool-key-rotated")
    try:
        rotated = request_token(sign_assertion(kid="tool-key-rotated"))
        cached = request_token(sign_assertion(kid="tool-key-rotated"))
        unknown = request_token(sign_assertion(kid="no-such-kid", key=tool_keys.keys["tool-key-1"]))
    finally:
        del tool_keys.keys["tool-key-rotated"]

    assert rotated.status_code == 200
    assert cached.status_code == 200
    assert unknown.status_code == 400
    assert "no key with kid" in unknown.json()["error_description"]
    assert tool_keys.fetches == fetches + 2


@pytest.mark.parametrize(
    ("form", "error"),
    [
        ({"grant_type": "authorization_code"}, "unsupported_grant_type"),
        ({"client_assertion_type": "urn:other"}, "invalid_client"),
        ({"client_assertion": ""}, "invalid_request"),
        ({"scope": "https://example/unsupported"}, "invalid_scope"),
    ],
)
def test_malformed_requests_get_rfc6749_errors(
    sign_assertion: Callable[..., str],
    request_token: Callable[..., requests.Response],
    form: dict[str, str],
    error: str,
) -> None:
    response = request_token(sign_assertion(), **form)

    assert response.status_code == 400
    assert response.json()["error"] == error


def test_unsigned_assertion_is_refused(
    platform: RunningPlatform, request_token: Callable[..., requests.Response]
) -> None:
    unsigned = platform.sign_id_token(
        {"iss": platform.client_id, "sub": platform.client_id, "aud": platform.token_url},
        algorithm="none",
    )

    response = request_token(unsigned)

    assert response.status_code == 400
    assert "alg must be RS256" in response.json()["error_description"]
