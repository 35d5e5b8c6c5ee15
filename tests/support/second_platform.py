"""A second, independent LTI 1.3 platform built on ``lti1p3platform`` (PyPI), served over real HTTP.

It proves the tool works with an LMS implementation other than our own demo_lms: the OIDC
authorization endpoint, the id_tokens, the platform JWKS, the client-credentials token endpoint
and the deep-link return endpoint all run lti1p3platform's code. Flask only routes requests to it.

What is ours, not lti1p3platform's (it has no hook or code for these):

- the Flask request adapter and the launch form rendering (the package ships them for Django and
  FastAPI only; we reuse its ``launch.html`` template);
- the pending-launch bookkeeping behind ``lti_message_hint``;
- the OIDC authorization-request checks the package leaves to the platform
  (``MessageLaunchAbstract.validate_preflight_response`` checks only that nonce, state and
  redirect_uri are present and that client_id matches): redirect_uri must be the registered launch
  URL, response_type/response_mode/scope/prompt as the LTI spec requires, and login_hint and
  lti_message_hint must name the launch this platform started.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, Response, abort, jsonify, redirect, request
from lti1p3platform.exceptions import (
    InvalidKeySetUrl,
    LtiDeepLinkingResponseException,
    LtiException,
    MissingRequiredClaim,
    PreflightRequestValidationException,
    UnsupportedGrantType,
)
from lti1p3platform.framework.templates import template as launch_form_template
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.oidc_login import OIDCLoginAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request, TRequest
from werkzeug.serving import BaseWSGIServer, make_server

MEMBERSHIP = "http://purl.imsglobal.org/vocab/lis/v2/membership#"
LEARNER = MEMBERSHIP + "Learner"
INSTRUCTOR = MEMBERSHIP + "Instructor"
COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"
RESOURCE_LINK = "resource_link"
DEEP_LINK = "deep_link"

TOKEN_ERRORS = (
    MissingRequiredClaim,
    UnsupportedGrantType,
    InvalidKeySetUrl,
    LtiException,
    jwt.PyJWTError,
)
DEEP_LINK_ERRORS = (KeyError, LtiException, LtiDeepLinkingResponseException, jwt.PyJWTError)


@dataclass
class PendingLaunch:
    """A launch the platform started: who, with which roles, and which LTI message."""

    user_id: str
    name: str
    roles: list[str]
    message: str = RESOURCE_LINK
    resource_link_id: str = "second-platform-link-1"
    context_id: str = "second-platform-course-1"
    context_title: str = "Leadership in Practice (second LMS)"


@dataclass
class DeepLinkReturn:
    """A deep-linking response the platform accepted."""

    claims: dict[str, Any]
    content_items: list[dict[str, Any]]


@dataclass
class PlatformLog:
    """What the platform saw, for tests to assert on."""

    auth_requests: list[dict[str, str]] = field(default_factory=list)
    token_requests: int = 0
    client_assertions: list[dict[str, Any]] = field(default_factory=list)
    token_errors: list[str] = field(default_factory=list)
    issued_tokens: list[dict[str, Any]] = field(default_factory=list)
    deep_link_returns: list[DeepLinkReturn] = field(default_factory=list)
    deep_link_errors: list[str] = field(default_factory=list)


class FlaskPlatformRequest(Request):
    """lti1p3platform's request view of the current Flask request."""

    def build_metadata(self, flask_request: Any) -> TRequest:
        return {
            "method": flask_request.method,
            "form_data": flask_request.form.to_dict(),
            "get_data": flask_request.args.to_dict(),
            "headers": flask_request.headers,
            "content_type": flask_request.content_type,
            "path": flask_request.path,
            "json": flask_request.get_json(silent=True),
        }


class SecondPlatformConf(LTI1P3PlatformConfAbstract):
    """The platform's one registration of the tool; remembers the tool JWTs it validated."""

    server: SecondPlatform

    def init_platform_config(self, **kwargs: Any) -> None:
        self.server = kwargs["server"]
        self.validated: list[dict[str, Any]] = []
        self.get_registration()
        self.set_accepted_deeplinking_types(["ltiResourceLink"])

    def get_registration_by_params(self, **kwargs: Any) -> Registration:
        server = self.server
        return (
            Registration()
            .set_iss(server.issuer)
            .set_client_id(server.client_id)
            .set_deployment_id(server.deployment_id)
            .set_oidc_login_url(server.tool_login_url)
            .set_launch_url(server.tool_launch_url)
            .set_deeplink_launch_url(server.tool_launch_url)
            .set_tool_key_set_url(server.tool_jwks_url)
            .set_platform_private_key(server.private_key_pem)
            .set_platform_public_key(server.public_key_pem)
        )

    def tool_validate_and_decode(self, jwt_token_string: str) -> dict[str, Any]:
        claims = super().tool_validate_and_decode(jwt_token_string)
        self.validated.append(claims)
        return claims


class SecondPlatformOIDCLogin(OIDCLoginAbstract):
    def set_lti_message_hint(self, **kwargs: Any) -> None:
        self._lti_message_hint = kwargs["hint"]

    def get_redirect(self, url: str) -> Response:
        return redirect(url, code=302)


class SecondPlatformMessageLaunch(LTIAdvantageMessageLaunchAbstract):
    """lti1p3platform's launch, plus the authorization-request checks it leaves to platforms."""

    pending: PendingLaunch

    def prepare_launch(self, preflight_response: dict[str, Any]) -> None:
        expected = {
            "response_type": "id_token",
            "response_mode": "form_post",
            "scope": "openid",
            "prompt": "none",
            "login_hint": self.pending.user_id,
        }
        for name, value in expected.items():
            if preflight_response.get(name) != value:
                raise PreflightRequestValidationException(f"{name} must be {value!r}")
        registration = self._platform_config.get_registration()
        registered = {registration.get_launch_url(), registration.get_deeplink_launch_url()}
        if preflight_response.get("redirect_uri") not in registered:
            raise PreflightRequestValidationException("redirect_uri is not the registered one")

    def render_launch_form(self, launch_data: dict[str, Any], **kwargs: Any) -> Response:
        return Response(launch_form_template.render(launch_data), mimetype="text/html")


def new_key_pair() -> tuple[str, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private_pem, public_pem


class SecondPlatform:
    """lti1p3platform served at http://127.0.0.1:PORT (the issuer), with the tool registered.

    Use as a context manager; ``issuer``, ``client_id``, ``auth_url``, ``token_url`` and
    ``jwks_url`` are what ``support.lti.register`` needs."""

    def __init__(
        self,
        tool_url: str,
        client_id: str = "second-platform-client",
        deployment_id: str = "deploy-1",
    ) -> None:
        self.tool_login_url = f"{tool_url}/lti/login"
        self.tool_launch_url = f"{tool_url}/lti/launch"
        self.tool_jwks_url = f"{tool_url}/lti/jwks"
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.private_key_pem, self.public_key_pem = new_key_pair()
        self.log = PlatformLog()
        self.pending: dict[str, PendingLaunch] = {}
        self._lock = threading.Lock()
        self.app = self._build_app()
        self.server: BaseWSGIServer | None = None
        self.thread: threading.Thread | None = None

    # -- serving -----------------------------------------------------------------------------

    def __enter__(self) -> SecondPlatform:
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.server is not None and self.thread is not None
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    @property
    def issuer(self) -> str:
        assert self.server is not None, "the platform is not running"
        return f"http://127.0.0.1:{self.server.server_port}"

    @property
    def auth_url(self) -> str:
        return f"{self.issuer}/authorize"

    @property
    def token_url(self) -> str:
        return f"{self.issuer}/token"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/jwks"

    @property
    def deep_link_return_url(self) -> str:
        return f"{self.issuer}/deep-link-return"

    def conf(self) -> SecondPlatformConf:
        """A fresh lti1p3platform configuration (it keeps per-JWT state, so one per request)."""
        return SecondPlatformConf(server=self)

    def start_launch(
        self, user_id: str, name: str, roles: list[str], message: str = RESOURCE_LINK
    ) -> str:
        """Record a launch for this user; returns the platform URL a browser opens to start it
        (it redirects to the tool's OIDC login initiation)."""
        hint = secrets.token_urlsafe(16)
        with self._lock:
            self.pending[hint] = PendingLaunch(user_id, name, roles, message)
        return f"{self.issuer}/start/{hint}"

    # -- the platform's HTTP endpoints -----------------------------------------------------

    def _build_app(self) -> Flask:
        app = Flask(__name__)
        app.add_url_rule("/jwks", view_func=self._jwks)
        app.add_url_rule("/start/<hint>", view_func=self._start)
        app.add_url_rule("/authorize", view_func=self._authorize, methods=["GET", "POST"])
        app.add_url_rule("/token", view_func=self._token, methods=["POST"])
        app.add_url_rule("/deep-link-return", view_func=self._deep_link_return, methods=["POST"])
        return app

    def _jwks(self) -> Response:
        return jsonify(self.conf().get_jwks())

    def _start(self, hint: str) -> Response:
        pending = self.pending.get(hint) or abort(404)
        login = SecondPlatformOIDCLogin(FlaskPlatformRequest(request), self.conf())
        login.set_lti_message_hint(hint=hint)
        if pending.message == DEEP_LINK:
            login.set_deeplinking_launch_url()
        return login.initiate_login(pending.user_id)

    def _authorize(self) -> Response | tuple[str, int]:
        platform_request = FlaskPlatformRequest(request)
        params = platform_request.get_data or platform_request.form_data
        self.log.auth_requests.append(dict(params))
        with self._lock:
            pending = self.pending.pop(params.get("lti_message_hint", ""), None)
        if pending is None:
            return "unknown or already used lti_message_hint", 400
        launch = SecondPlatformMessageLaunch(platform_request, self.conf())
        launch.pending = pending
        launch.set_user_data(pending.user_id, pending.roles, full_name=pending.name)
        launch.set_launch_context_claim(
            pending.context_id,
            [COURSE_OFFERING],
            context_title=pending.context_title,
        )
        if pending.message == DEEP_LINK:
            launch.set_dl(
                self.deep_link_return_url,
                title="Add an activity",
                accept_types={"ltiResourceLink"},
            )
        else:
            launch.set_resource_link_claim(pending.resource_link_id, title="Development plan")
        try:
            return launch.lti_launch()
        except PreflightRequestValidationException as error:
            reason = str(error) or "nonce, state or redirect_uri missing, or another client_id"
            return f"invalid authorization request: {reason}", 400

    def _token(self) -> Response | tuple[Response, int]:
        with self._lock:
            self.log.token_requests += 1
        conf = self.conf()
        try:
            token = conf.get_access_token(request.form.to_dict())
        except TOKEN_ERRORS as error:
            self.log.token_errors.append(f"{type(error).__name__}: {error}")
            return jsonify(error="invalid_client", error_description=str(error)), 400
        self.log.client_assertions.extend(conf.validated)
        self.log.issued_tokens.append(dict(token))
        return jsonify(token)

    def _deep_link_return(self) -> str | tuple[str, int]:
        conf = self.conf()
        try:
            items = conf.validate_deeplinking_resp(request.form.to_dict())
        except DEEP_LINK_ERRORS as error:
            self.log.deep_link_errors.append(f"{type(error).__name__}: {error}")
            return f"deep linking response refused: {error}", 400
        self.log.deep_link_returns.append(DeepLinkReturn(conf.validated[-1], items))
        return f"Received {len(items)} content item(s)"
