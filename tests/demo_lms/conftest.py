"""Fixtures: a demo LMS over real HTTP and a throwaway "tool" that signs client assertions."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from demo_lms import DemoLmsConfig
from demo_lms.claims import SUPPORTED_SCOPES
from demo_lms.testing import RunningPlatform, running_platform

TOOL_LOGIN_URL = "https://tool.example.test/lti/login"
TOOL_LAUNCH_URL = "https://tool.example.test/lti/launch"


@dataclass
class ToolKeys:
    """The fake tool's key pair(s), published by a tiny JWKS server."""

    url: str = ""
    keys: dict[str, rsa.RSAPrivateKey] = field(default_factory=dict)
    fetches: int = 0

    def add(self, kid: str) -> rsa.RSAPrivateKey:
        """Generate and publish a new key."""
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.keys[kid] = key
        return key

    def document(self) -> dict[str, Any]:
        """The JWKS as served."""
        entries = []
        for kid, key in self.keys.items():
            jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
            entries.append({**jwk, "kid": kid, "alg": "RS256", "use": "sig"})
        return {"keys": entries}


@pytest.fixture(scope="session")
def tool_keys() -> Iterator[ToolKeys]:
    """A JWKS server on a free port standing in for the tool's /jwks."""
    keys = ToolKeys()
    keys.add("tool-key-1")

    @Request.application
    def app(request: Request) -> Response:
        keys.fetches += 1
        return Response(json.dumps(keys.document()), mimetype="application/json")

    server = make_server("127.0.0.1", 0, app, threaded=True)
    keys.url = f"http://127.0.0.1:{server.server_port}/jwks"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield keys
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()


def _config_factory(tool_keys: ToolKeys) -> Callable[..., Callable[[str], DemoLmsConfig]]:
    def factory(**overrides: Any) -> Callable[[str], DemoLmsConfig]:
        def build(issuer: str) -> DemoLmsConfig:
            fields: dict[str, Any] = {
                "issuer": issuer,
                "tool_login_url": TOOL_LOGIN_URL,
                "tool_launch_url": TOOL_LAUNCH_URL,
                "tool_jwks_url": tool_keys.url,
            }
            return DemoLmsConfig(**{**fields, **overrides})

        return build

    return factory


@pytest.fixture
def make_config(tool_keys: ToolKeys) -> Callable[..., Callable[[str], DemoLmsConfig]]:
    """Config factory for running_platform (which fills in the issuer), with overrides."""
    return _config_factory(tool_keys)


@pytest.fixture(scope="session")
def shared_platform(tool_keys: ToolKeys) -> Iterator[RunningPlatform]:
    """One default demo LMS over HTTP for the whole session."""
    with running_platform(_config_factory(tool_keys)()) as running:
        yield running


@pytest.fixture
def platform(shared_platform: RunningPlatform) -> RunningPlatform:
    """The shared demo LMS, reset to its starting state for this test."""
    shared_platform.state.reset()
    return shared_platform


@pytest.fixture
def sign_assertion(platform: RunningPlatform, tool_keys: ToolKeys) -> Callable[..., str]:
    """Sign a client assertion as the tool would; keyword claims override (None removes)."""

    def sign(
        *,
        kid: str = "tool-key-1",
        key: rsa.RSAPrivateKey | None = None,
        target: RunningPlatform | None = None,
        **claims: Any,
    ) -> str:
        audience = (target or platform).token_url
        now = int(time.time())
        payload = {
            "iss": platform.client_id,
            "sub": platform.client_id,
            "aud": audience,
            "iat": now - 5,
            "exp": now + 60,
            "jti": str(uuid.uuid4()),
            **claims,
        }
        payload = {name: value for name, value in payload.items() if value is not None}
        signing_key = key or tool_keys.keys[kid]
        return jwt.encode(payload, signing_key, algorithm="RS256", headers={"kid": kid})

    return sign


@pytest.fixture
def request_token(platform: RunningPlatform) -> Callable[..., requests.Response]:
    """POST a client_credentials grant with the given assertion and scopes."""

    def post(
        assertion: str,
        scopes: Any = SUPPORTED_SCOPES,
        *,
        target: RunningPlatform | None = None,
        **form: str,
    ) -> requests.Response:
        data = {
            "grant_type": "client_credentials",
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion,
            "scope": " ".join(sorted(scopes)),
            **form,
        }
        return requests.post((target or platform).token_url, data=data, timeout=10)

    return post


@pytest.fixture
def bearer(
    sign_assertion: Callable[..., str], request_token: Callable[..., requests.Response]
) -> Callable[..., dict[str, str]]:
    """Authorization headers for a fresh access token with the given scopes (default: all)."""

    def get(
        scopes: Any = SUPPORTED_SCOPES, *, target: RunningPlatform | None = None
    ) -> dict[str, str]:
        response = request_token(sign_assertion(target=target), scopes, target=target)
        assert response.status_code == 200, response.text
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    return get


@pytest.fixture
def auth_params(platform: RunningPlatform) -> Callable[..., dict[str, str]]:
    """Valid /auth parameters for a fresh launch, as a tool would send after login initiation."""

    def build(
        persona_id: str = "asha", message_type: str = "LtiResourceLinkRequest"
    ) -> dict[str, str]:
        login = platform.login_initiation_url(persona_id, message_type)
        query = dict(parse_qsl(urlsplit(login).query))
        return {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": query["client_id"],
            "redirect_uri": TOOL_LAUNCH_URL,
            "login_hint": query["login_hint"],
            "lti_message_hint": query["lti_message_hint"],
            "nonce": str(uuid.uuid4()),
            "state": str(uuid.uuid4()),
        }

    return build


def form_fields(html: str) -> dict[str, str]:
    """Hidden input values of an auto-posting form."""
    return {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    }


@pytest.fixture
def launch_id_token(
    platform: RunningPlatform, auth_params: Callable[..., dict[str, str]]
) -> Callable[..., str]:
    """Run the OIDC authorization step for a persona and return the id_token it form-posts."""

    def launch(persona_id: str = "asha", message_type: str = "LtiResourceLinkRequest") -> str:
        response = requests.post(
            platform.auth_url, data=auth_params(persona_id, message_type), timeout=10
        )
        assert response.status_code == 200, response.text
        return form_fields(response.text)["id_token"]

    return launch


@pytest.fixture
def autopost_fields() -> Callable[[str], dict[str, str]]:
    """Parse the hidden fields of an auto-posting form."""
    return form_fields
