"""Machine-facing endpoints: what every service shares (its errors as JSON, the bearer-token and
fault-injection guard, paging, JSON bodies) and the platform's JWKS and OAuth2 token endpoints.
Assignment and Grade Services are in ``demo_lms/ags.py``, NRPS in ``demo_lms/nrps.py``."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import jwt
from flask import Blueprint, request
from werkzeug.wrappers import Response

from demo_lms.claims import SUPPORTED_SCOPES
from demo_lms.core import Platform, current_platform
from demo_lms.keys import ALGORITHM, KeyLookupError

JSON = "application/json"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
REALM = 'Bearer realm="Demo LMS"'
ASSERTION_LEEWAY = 5


class ServiceError(Exception):
    """A request the service refuses, with its HTTP status."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


def json_response(
    body: Any, media_type: str = JSON, status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A JSON response with an explicit media type."""
    return Response(json.dumps(body), status=status, mimetype=media_type, headers=headers)


def error_response(exc: ServiceError, headers: dict[str, str] | None = None) -> Response:
    """The JSON body of a refusal, with its status."""
    body = {"error": exc.error, "error_description": exc.description}
    return json_response(body, status=exc.status, headers=headers)


def _handle_service_error(exc: ServiceError) -> Response:
    return error_response(exc)


def service_blueprint(name: str) -> Blueprint:
    """A blueprint of machine-facing endpoints, whose ServiceErrors are answered as JSON."""
    blueprint = Blueprint(name, __name__)
    blueprint.register_error_handler(ServiceError, _handle_service_error)
    return blueprint


bp = service_blueprint("demo_lms_services")


def _injected(endpoint: str) -> Response | None:
    """Count the call and play the next injected fault for `endpoint`, if one is queued."""
    state = current_platform().state
    state.count_call(endpoint)
    fault = state.take_fault(endpoint)
    if fault is None:
        return None
    if fault.delay:
        time.sleep(fault.delay)
    if fault.status is None:
        return None
    headers = {} if fault.retry_after is None else {"Retry-After": str(fault.retry_after)}
    body = {"error": "injected_fault", "error_description": f"injected {endpoint} failure"}
    return json_response(body, status=fault.status, headers=headers)


def _require_scope(accepted: Sequence[str]) -> Response | None:
    """401 unless a valid bearer token is presented, 403 unless it has one of `accepted`."""
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        exc = ServiceError(401, "invalid_request", "a bearer access token is required")
        return error_response(exc, {"WWW-Authenticate": REALM})
    token = current_platform().state.token(value.strip())
    if token is None:
        exc = ServiceError(401, "invalid_token", "the access token is unknown, expired or revoked")
        challenge = f'{REALM}, error="invalid_token", error_description="{exc.description}"'
        return error_response(exc, {"WWW-Authenticate": challenge})
    if not token.scopes.intersection(accepted):
        needed = " ".join(accepted)
        exc = ServiceError(403, "insufficient_scope", f"this call needs one of: {needed}")
        challenge = f'{REALM}, error="insufficient_scope", scope="{needed}"'
        return error_response(exc, {"WWW-Authenticate": challenge})
    return None


def guard(endpoint: str, accepted: Sequence[str]) -> Response | None:
    """Play any injected fault, check the bearer token's scopes, and log the call; the refusal
    to return, if any."""
    refused = _injected(endpoint) or _require_scope(accepted)
    header = request.headers.get("Authorization", "")
    token = current_platform().state.token(header.partition(" ")[2].strip())
    current_platform().state.log_service_call(
        {
            "endpoint": endpoint,
            "method": request.method,
            "url": request.url,
            "bearer": header.partition(" ")[0].lower() == "bearer",
            "token_scopes": sorted(token.scopes) if token else None,
            "accepted_scopes": sorted(accepted),
            "status": refused.status_code if refused is not None else None,
        }
    )
    return refused


def check_context(platform: Platform, context_id: str) -> None:
    """404 unless ``context_id`` is the course's."""
    if context_id != platform.config.course.id:
        raise ServiceError(404, "not_found", f"no context {context_id!r}")


def _positive_int(name: str, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ServiceError(400, "invalid_request", f"{name} must be a positive integer")
    return int(raw)


def paged(
    rows: list[Any], base_url: str, filters: dict[str, str], page_size: int | None
) -> tuple[list[Any], dict[str, str]]:
    """Slice `rows` by the `limit`/`page` query parameters; returns the page and a Link header."""
    limit = _positive_int("limit", None)
    sizes = [size for size in (limit, page_size) if size is not None]
    size = min(sizes) if sizes else max(len(rows), 1)
    page = _positive_int("page", 1) or 1
    start = (page - 1) * size
    headers: dict[str, str] = {}
    if start + size < len(rows):
        query = {**filters, "page": str(page + 1)}
        if limit is not None:
            query["limit"] = str(limit)
        headers["Link"] = f'<{base_url}?{urlencode(query)}>; rel="next"'
    return rows[start : start + size], headers


def json_body(media_type: str) -> dict[str, Any]:
    """The request's JSON object body, refused unless of ``media_type``."""
    if request.mimetype != media_type:
        raise ServiceError(415, "unsupported_media_type", f"Content-Type must be {media_type}")
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError as exc:
        raise ServiceError(400, "invalid_request", f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ServiceError(400, "invalid_request", "the body must be a JSON object")
    return body


@bp.get("/jwks")
def jwks() -> Response:
    """The platform's public key set (only the current key)."""
    fault = _injected("jwks")
    if fault is not None:
        return fault
    key = current_platform().state.key
    return json_response({"keys": [key.public_jwk]}, headers={"Cache-Control": "no-cache"})


def _verify_client_assertion(platform: Platform, assertion: str) -> dict[str, Any]:
    config = platform.config
    try:
        key = platform.tool_keys.key_for(assertion)
        claims = jwt.decode(
            assertion,
            key,
            algorithms=[ALGORITHM],
            audience=[config.token_url, config.issuer],
            issuer=config.client_id,
            leeway=ASSERTION_LEEWAY,
            options={"require": ["iss", "sub", "aud", "exp", "iat", "jti"]},
        )
    except (KeyLookupError, jwt.PyJWTError) as exc:
        raise ServiceError(400, "invalid_client", f"client assertion rejected: {exc}") from exc
    if claims["sub"] != config.client_id:
        raise ServiceError(400, "invalid_client", "client assertion sub must be the client_id")
    jti = claims["jti"]
    if not isinstance(jti, str) or not jti:
        raise ServiceError(400, "invalid_client", "client assertion jti must be a non-empty string")
    if not platform.state.use_jti(jti, float(claims["exp"])):
        raise ServiceError(400, "invalid_client", "client assertion jti has already been used")
    return {
        **{name: claims.get(name) for name in ("iss", "sub", "aud")},
        "kid": jwt.get_unverified_header(assertion).get("kid"),
    }


@bp.post("/token")
def token() -> Response:
    """OAuth2 client_credentials grant authenticated by a JWT signed with the tool's key."""
    fault = _injected("token")
    if fault is not None:
        return fault
    platform = current_platform()
    with platform.state.lock:
        platform.state.token_requests += 1
    form = request.form
    if form.get("grant_type") != "client_credentials":
        raise ServiceError(400, "unsupported_grant_type", "grant_type must be client_credentials")
    if form.get("client_assertion_type") != JWT_BEARER:
        raise ServiceError(400, "invalid_client", f"client_assertion_type must be {JWT_BEARER}")
    if not form.get("client_assertion"):
        raise ServiceError(400, "invalid_request", "client_assertion is required")
    assertion = _verify_client_assertion(platform, form["client_assertion"])
    granted = frozenset(form.get("scope", "").split()) & SUPPORTED_SCOPES
    platform.state.log_service_call(
        {
            "endpoint": "token",
            "requested_scopes": sorted(form.get("scope", "").split()),
            "granted_scopes": sorted(granted),
            "assertion": assertion,
        }
    )
    if not granted:
        raise ServiceError(400, "invalid_scope", "none of the requested scopes is supported")
    value, lifetime = platform.state.issue_token(granted)
    body = {
        "access_token": value,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": " ".join(sorted(granted)),
    }
    return json_response(body, headers={"Cache-Control": "no-store", "Pragma": "no-cache"})
