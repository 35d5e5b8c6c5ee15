"""Control knobs, key handling and the guard around the test-only endpoints."""

from __future__ import annotations

import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests

from demo_lms import DemoLmsConfig, create_demo_lms
from demo_lms.__main__ import config_from_args
from demo_lms.claims import SCOPE_NRPS
from demo_lms.testing import RunningPlatform

Bearer = Callable[..., dict[str, str]]


def config(**overrides: Any) -> DemoLmsConfig:
    return DemoLmsConfig(
        **{
            "issuer": "http://lms.example.test",
            "tool_login_url": "https://tool.example.test/login",
            "tool_launch_url": "https://tool.example.test/launch",
            "tool_jwks_url": "https://tool.example.test/jwks",
            **overrides,
        }
    )


def test_control_endpoints_exist_only_when_enabled() -> None:
    closed = create_demo_lms(config()).test_client()
    opened = create_demo_lms(config(enable_control=True)).test_client()

    assert closed.post("/api/_control", json={"reset": True}).status_code == 404
    assert closed.get("/api/_state").status_code == 404
    assert opened.post("/api/_control", json={"reset": True}).status_code == 200
    assert opened.get("/api/_state").status_code == 200


def test_rotate_key_publishes_only_the_new_key(
    platform: RunningPlatform, launch_id_token: Callable[..., str]
) -> None:
    old_kid = platform.kid

    reply = platform.control(rotate_key=True)
    keys = requests.get(platform.jwks_url, timeout=10).json()["keys"]
    token = launch_id_token("asha")

    assert reply["kid"] != old_kid
    assert [key["kid"] for key in keys] == [reply["kid"]]
    assert jwt.get_unverified_header(token)["kid"] == reply["kid"]
    public = jwt.PyJWK(keys[0]).key
    jwt.decode(token, public, algorithms=["RS256"], audience=platform.client_id)
    platform.control(reset=True)
    assert platform.kid == old_kid


def test_reset_restores_the_starting_state(platform: RunningPlatform, bearer: Bearer) -> None:
    headers = bearer()
    platform.control(
        membership_page_size=1,
        token_expires_in=5,
        fail={"endpoint": "jwks", "statuses": [500]},
        set_members=[{"user_id": "x"}],
    )

    reply = platform.control(reset=True)
    members = requests.get(platform.memberships_url, headers=bearer([SCOPE_NRPS]), timeout=10)

    assert reply["pending_faults"] == {}
    assert reply["membership_page_size"] == 100
    assert reply["token_expires_in"] == 3600
    assert requests.get(platform.lineitems_url, headers=headers, timeout=10).status_code == 401
    assert len(members.json()["members"]) == 3
    assert requests.get(platform.jwks_url, timeout=10).status_code == 200


@pytest.mark.parametrize(
    "knobs",
    [
        {"no_such_knob": 1},
        {"fail": {"endpoint": "nowhere", "statuses": [500]}},
        {"fail": {"endpoint": "scores", "statuses": []}},
        {"fail": {"endpoint": "scores", "statuses": [999]}},
        {"token_expires_in": 0},
        {"membership_page_size": "3"},
        {"members": [{"user_id": "x", "status": "Gone"}]},
        {"members": [{"user_id": "x", "colour": "blue"}]},
        {"members": [{"user_id": 7}]},
        {"members": [{"user_id": "x", "roles": "Learner"}]},
        {"rotate_key": False},
        {"token_expires_in": 5, "delay": {"endpoint": "token", "seconds": 99}},
    ],
)
def test_invalid_knobs_are_refused_and_nothing_is_applied(
    platform: RunningPlatform, knobs: dict[str, Any]
) -> None:
    response = requests.post(f"{platform.url}/api/_control", json=knobs, timeout=10)

    assert response.status_code == 400
    assert "error" in response.json()
    assert platform.state.token_expires_in == 3600


def test_jwks_faults_and_delays(platform: RunningPlatform) -> None:
    platform.control(
        fail={"endpoint": "jwks", "statuses": [503]},
        delay={"endpoint": "jwks", "seconds": 0.2, "times": 1},
    )

    first = requests.get(platform.jwks_url, timeout=10)
    started = time.monotonic()
    second = requests.get(platform.jwks_url, timeout=10)
    elapsed = time.monotonic() - started
    third = requests.get(platform.jwks_url, timeout=10)

    assert first.status_code == 503
    assert second.status_code == 200
    assert elapsed >= 0.2
    assert third.status_code == 200
    assert platform.state_snapshot()["calls"]["jwks"] == 3


def test_key_is_persisted_with_private_permissions(tmp_path: Path) -> None:
    key_path = tmp_path / "keys" / "platform.pem"

    first = create_demo_lms(config(key_path=key_path))
    second = create_demo_lms(config(key_path=key_path))

    assert stat.S_IMODE(key_path.stat().st_mode) == 0o600
    assert key_path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----")
    kids = {app.extensions["demo_lms"].state.key.kid for app in (first, second)}
    assert len(kids) == 1


def test_sign_id_token_crafts_hostile_tokens(platform: RunningPlatform) -> None:
    claims = platform.id_token_claims_for("asha", "nonce-1")

    signed = platform.sign_id_token(claims)
    no_kid = platform.sign_id_token(claims, headers={"kid": None})
    other_kid = platform.sign_id_token(claims, headers={"kid": "someone-else"})
    unsigned = platform.sign_id_token(claims, algorithm="none")

    public = jwt.PyJWK(platform.public_jwk).key
    assert jwt.decode(signed, public, algorithms=["RS256"], audience="demo-client") == claims
    assert "kid" not in jwt.get_unverified_header(no_kid)
    assert jwt.get_unverified_header(other_kid)["kid"] == "someone-else"
    assert jwt.get_unverified_header(unsigned)["alg"] == "none"
    pem_signed = platform.sign_id_token(claims, key=platform.private_key_pem)
    assert jwt.decode(pem_signed, public, algorithms=["RS256"], audience="demo-client") == claims


def test_config_rejects_nonsense() -> None:
    with pytest.raises(ValueError, match="issuer"):
        config(issuer="lms.example.test")
    with pytest.raises(ValueError, match="slash"):
        config(issuer="http://lms.example.test/")
    with pytest.raises(ValueError, match="unique"):
        base = config()
        config(personas=base.personas + base.personas[:1])


def test_command_line_builds_a_demo_config(tmp_path: Path) -> None:
    parsed, host, port = config_from_args(
        [
            "--port",
            "5099",
            "--tool-login-url",
            "http://127.0.0.1:5000/lti/login",
            "--tool-launch-url",
            "http://127.0.0.1:5000/lti/launch",
            "--tool-jwks-url",
            "http://127.0.0.1:5000/lti/jwks",
            "--key-path",
            str(tmp_path / "key.pem"),
        ]
    )

    assert (host, port) == ("127.0.0.1", 5099)
    assert parsed.issuer == "http://127.0.0.1:5099"
    assert parsed.enable_control is True
    assert parsed.key_path == tmp_path / "key.pem"
