"""Helpers for test suites: serve the demo LMS on a free port and craft launches against it."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import jwt
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask
from werkzeug.exceptions import NotFound
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import BaseWSGIServer, make_server

from demo_lms.app import create_demo_lms
from demo_lms.claims import RESOURCE_LINK_REQUEST
from demo_lms.config import DemoLmsConfig
from demo_lms.core import Platform
from demo_lms.keys import SigningKey
from demo_lms.state import PlatformState

ConfigSource = DemoLmsConfig | Callable[[str], DemoLmsConfig]
SigningKeyLike = SigningKey | rsa.RSAPrivateKey | bytes | str
POLL_INTERVAL = 0.05


def _key_object(key: SigningKeyLike) -> Any:
    if isinstance(key, SigningKey):
        return key.private_key
    if isinstance(key, str) and key.startswith("-----BEGIN"):
        return serialization.load_pem_private_key(key.encode("ascii"), password=None)
    if isinstance(key, bytes) and key.startswith(b"-----BEGIN"):
        return serialization.load_pem_private_key(key, password=None)
    return key


class RunningPlatform:
    """A demo LMS served over real HTTP, with shortcuts for tests."""

    def __init__(self, app: Flask, server: BaseWSGIServer) -> None:
        self.app = app
        self.server = server
        self._platform: Platform = app.extensions["demo_lms"]

    @property
    def config(self) -> DemoLmsConfig:
        """The platform's current configuration (see :meth:`use`)."""
        return self._platform.config

    def use(self, **changes: Any) -> DemoLmsConfig:
        """Carry on with settings changed, e.g. ``client_id`` and ``deployment_id`` to launch as
        another tool type or institution of the same issuer, or ``flavour``."""
        return self._platform.use(**changes)

    @property
    def url(self) -> str:
        """Base URL of the platform (the issuer; includes any mount path)."""
        return self.config.issuer

    @property
    def issuer(self) -> str:
        """The `iss` of every id_token."""
        return self.config.issuer

    @property
    def client_id(self) -> str:
        """The tool's client_id at this platform."""
        return self.config.client_id

    @property
    def deployment_id(self) -> str:
        """The deployment id of the tool in this platform."""
        return self.config.deployment_id

    @property
    def jwks_url(self) -> str:
        """The platform's public key set."""
        return self.config.jwks_url

    @property
    def auth_url(self) -> str:
        """OIDC authorization endpoint."""
        return self.config.auth_url

    @property
    def token_url(self) -> str:
        """OAuth2 token endpoint (also the expected client assertion audience)."""
        return self.config.token_url

    @property
    def lineitems_url(self) -> str:
        """AGS line item container of the course."""
        return self.config.lineitems_url

    @property
    def memberships_url(self) -> str:
        """NRPS membership container of the course."""
        return self.config.memberships_url

    @property
    def deep_link_return_url(self) -> str:
        """Where Deep Linking responses are posted."""
        return self.config.deep_link_return_url

    @property
    def state(self) -> PlatformState:
        """The platform's in-memory store (live, shared with the server thread)."""
        return self._platform.state

    @property
    def private_key_pem(self) -> str:
        """The current platform signing key as PKCS#8 PEM."""
        return self.state.key.private_pem.decode("ascii")

    @property
    def public_jwk(self) -> dict[str, str]:
        """The current platform public key as a JWK."""
        return self.state.key.public_jwk

    @property
    def kid(self) -> str:
        """The kid of the current platform signing key."""
        return self.state.key.kid

    def control(self, **knobs: Any) -> dict[str, Any]:
        """POST knobs to `/api/_control` (e.g. `fail={"endpoint": "scores", "statuses": [500]}`)."""
        response = requests.post(f"{self.url}/api/_control", json=knobs, timeout=10)
        if response.status_code != 200:
            raise ValueError(f"control refused: {response.status_code} {response.text}")
        return response.json()

    def state_snapshot(self) -> dict[str, Any]:
        """GET `/api/_state`: everything the platform has received, as JSON."""
        response = requests.get(f"{self.url}/api/_state", timeout=10)
        response.raise_for_status()
        return response.json()

    def sign_id_token(
        self,
        claims: dict[str, Any],
        headers: dict[str, Any] | None = None,
        key: SigningKeyLike | None = None,
        algorithm: str = "RS256",
    ) -> str:
        """Sign `claims` (platform key by default); header kid is the platform's unless overridden.

        A header value of None removes that header; `algorithm="none"` yields an unsigned token.
        """
        merged = {"kid": self.kid, **(headers or {})}
        header = {name: value for name, value in merged.items() if value is not None}
        if algorithm == "none":
            signing_key = None
        else:
            signing_key = _key_object(self.state.key if key is None else key)
        return jwt.encode(claims, signing_key, algorithm=algorithm, headers=header)

    def id_token_claims_for(
        self,
        persona_id: str,
        nonce: str,
        message_type: str = RESOURCE_LINK_REQUEST,
        *,
        resource_link_id: str | None = None,
        document_target: str = "iframe",
    ) -> dict[str, Any]:
        """The exact claims /auth would issue now for this persona's launch."""
        return self._platform.claims_for(
            persona_id,
            nonce,
            message_type,
            resource_link_id=resource_link_id,
            document_target=document_target,
        )

    def login_initiation_url(
        self,
        persona_id: str,
        message_type: str = RESOURCE_LINK_REQUEST,
        *,
        resource_link_id: str | None = None,
        document_target: str = "iframe",
        platform_storage: bool = False,
    ) -> str:
        """The tool's OIDC login URL for a fresh launch, as the launch page's iframe would use
        (naming the launch page as storage frame with `platform_storage`)."""
        platform = self._platform
        hint = platform.start_launch(
            platform.persona(persona_id),
            message_type,
            resource_link_id=resource_link_id,
            document_target=document_target,
            platform_storage=platform_storage,
        )
        return platform.login_initiation_url(hint)

    def launch_page_url(self, persona_id: str, *, window: bool = False) -> str:
        """The course's Launch button URL for a persona (`window` for a top-level launch)."""
        return f"{self.url}/launch/{persona_id}" + ("?target=window" if window else "")


def _base_url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


@contextmanager
def running_platform(
    config: ConfigSource, *, host: str = "127.0.0.1", mount: str = ""
) -> Iterator[RunningPlatform]:
    """Serve the demo LMS on a free port of `host` in a daemon thread; stop it on exit.

    The port is bound first; then `config.issuer` is replaced by the bound URL (+ `mount`) and
    `enable_control` is switched on. `config` may also be a callable taking that URL.
    """
    if mount and (not mount.startswith("/") or mount.endswith("/")):
        raise ValueError("mount must start with '/' and not end with '/'")
    server = make_server(host, 0, NotFound(), threaded=True)
    try:
        issuer = _base_url(host, server.server_port) + mount
        built = config(issuer) if callable(config) else config
        app = create_demo_lms(dataclasses.replace(built, issuer=issuer, enable_control=True))
        server.app = DispatcherMiddleware(NotFound(), {mount: app}) if mount else app
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": POLL_INTERVAL},
            name="demo-lms",
            daemon=True,
        )
        thread.start()
        try:
            yield RunningPlatform(app, server)
        finally:
            server.shutdown()
            thread.join(timeout=5)
    finally:
        server.server_close()
