"""Machine-facing endpoints: JWKS, OAuth2 token, Assignment and Grade Services, NRPS."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

import jwt
from flask import Blueprint, request
from werkzeug.wrappers import Response

from demo_lms.claims import (
    SCOPE_LINEITEM,
    SCOPE_LINEITEM_READONLY,
    SCOPE_NRPS,
    SCOPE_RESULT_READONLY,
    SCOPE_SCORE,
    SUPPORTED_SCOPES,
    line_item_url,
)
from demo_lms.core import Platform, current_platform
from demo_lms.keys import ALGORITHM, KeyLookupError
from demo_lms.state import LineItem

bp = Blueprint("demo_lms_services", __name__)

JSON = "application/json"
LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULT_CONTAINER = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
MEMBERSHIP_CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
ACTIVITY_PROGRESS = ("Initialized", "Started", "InProgress", "Submitted", "Completed")
GRADING_PROGRESS = ("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady")
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


def _error_response(exc: ServiceError, headers: dict[str, str] | None = None) -> Response:
    body = {"error": exc.error, "error_description": exc.description}
    return json_response(body, status=exc.status, headers=headers)


@bp.errorhandler(ServiceError)
def _handle_service_error(exc: ServiceError) -> Response:
    return _error_response(exc)


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
        return _error_response(exc, {"WWW-Authenticate": REALM})
    token = current_platform().state.token(value.strip())
    if token is None:
        exc = ServiceError(401, "invalid_token", "the access token is unknown, expired or revoked")
        challenge = f'{REALM}, error="invalid_token", error_description="{exc.description}"'
        return _error_response(exc, {"WWW-Authenticate": challenge})
    if not token.scopes.intersection(accepted):
        needed = " ".join(accepted)
        exc = ServiceError(403, "insufficient_scope", f"this call needs one of: {needed}")
        challenge = f'{REALM}, error="insufficient_scope", scope="{needed}"'
        return _error_response(exc, {"WWW-Authenticate": challenge})
    return None


def _guard(endpoint: str, accepted: Sequence[str]) -> Response | None:
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


def _check_context(platform: Platform, context_id: str) -> None:
    if context_id != platform.config.course.id:
        raise ServiceError(404, "not_found", f"no context {context_id!r}")


def _positive_int(name: str, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise ServiceError(400, "invalid_request", f"{name} must be a positive integer")
    return int(raw)


def _paged(
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


def _json_body(media_type: str) -> dict[str, Any]:
    if request.mimetype != media_type:
        raise ServiceError(415, "unsupported_media_type", f"Content-Type must be {media_type}")
    try:
        body = json.loads(request.get_data(as_text=True))
    except ValueError as exc:
        raise ServiceError(400, "invalid_request", f"the body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ServiceError(400, "invalid_request", "the body must be a JSON object")
    return body


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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


def _line_item_fields(platform: Platform, body: dict[str, Any]) -> dict[str, Any]:
    label = body.get("label")
    if not isinstance(label, str) or not label.strip():
        raise ServiceError(400, "invalid_request", "label is required")
    maximum = body.get("scoreMaximum")
    if not _number(maximum) or maximum <= 0:
        raise ServiceError(400, "invalid_request", "scoreMaximum must be a number above 0")
    fields: dict[str, Any] = {"label": label, "score_maximum": maximum}
    names = {
        "resourceLinkId": "resource_link_id",
        "resourceId": "resource_id",
        "tag": "tag",
        "startDateTime": "start_date_time",
        "endDateTime": "end_date_time",
    }
    for key, attribute in names.items():
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            raise ServiceError(400, "invalid_request", f"{key} must be a string")
        fields[attribute] = value
    link_id = fields["resource_link_id"]
    if link_id is not None and link_id not in platform.state.resource_links:
        raise ServiceError(400, "invalid_request", f"unknown resourceLinkId {link_id!r}")
    return fields


def _line_item_or_404(platform: Platform, item_id: str) -> LineItem:
    item = platform.state.line_items.get(item_id)
    if item is None:
        raise ServiceError(404, "not_found", f"no line item {item_id!r}")
    return item


@bp.route("/api/contexts/<context_id>/lineitems", methods=["GET", "POST"])
def lineitems(context_id: str) -> Response:
    """AGS line item container: list (filtered, paged) or create."""
    platform = current_platform()
    config = platform.config
    if request.method == "POST":
        denied = _guard("lineitems", [SCOPE_LINEITEM])
        if denied is not None:
            return denied
        _check_context(platform, context_id)
        item = platform.state.create_line_item(**_line_item_fields(platform, _json_body(LINEITEM)))
        url = line_item_url(config, item)
        return json_response(item.to_json(url), LINEITEM, 201, {"Location": url})
    denied = _guard("lineitems", [SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY])
    if denied is not None:
        return denied
    _check_context(platform, context_id)
    filters = {
        name: request.args[name]
        for name in ("resource_link_id", "resource_id", "tag")
        if name in request.args
    }
    with platform.state.lock:
        items = list(platform.state.line_items.values())
    items = [
        item
        for item in items
        if all(getattr(item, name) == value for name, value in filters.items())
    ]
    page, headers = _paged(items, config.lineitems_url, filters, None)
    body = [item.to_json(line_item_url(config, item)) for item in page]
    return json_response(body, LINEITEM_CONTAINER, headers=headers)


@bp.route("/api/contexts/<context_id>/lineitems/<item_id>", methods=["GET", "PUT", "DELETE"])
def lineitem(context_id: str, item_id: str) -> Response:
    """AGS line item: read, replace or delete."""
    platform = current_platform()
    read_only = request.method == "GET"
    scopes = [SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY] if read_only else [SCOPE_LINEITEM]
    denied = _guard("lineitems", scopes)
    if denied is not None:
        return denied
    _check_context(platform, context_id)
    item = _line_item_or_404(platform, item_id)
    url = line_item_url(platform.config, item)
    if request.method == "DELETE":
        platform.state.delete_line_item(item_id)
        return Response(status=204)
    if request.method == "PUT":
        body = _json_body(LINEITEM)
        if body.get("id", url) != url:
            raise ServiceError(400, "invalid_request", "id does not match the line item URL")
        fields = _line_item_fields(platform, body)
        if fields["resource_link_id"] not in (None, item.resource_link_id):
            raise ServiceError(400, "invalid_request", "resourceLinkId cannot be changed")
        fields["resource_link_id"] = item.resource_link_id
        with platform.state.lock:
            for attribute, value in fields.items():
                setattr(item, attribute, value)
    return json_response(item.to_json(url), LINEITEM)


def _parse_timestamp(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ServiceError(400, "invalid_request", "timestamp is required (ISO 8601)")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ServiceError(400, "invalid_request", f"timestamp is not ISO 8601: {value!r}") from exc
    if parsed.tzinfo is None:
        raise ServiceError(400, "invalid_request", "timestamp needs a time zone designator")
    return parsed


def _validate_score(platform: Platform, body: dict[str, Any]) -> tuple[str, datetime]:
    user_id = body.get("userId")
    if not isinstance(user_id, str) or not user_id:
        raise ServiceError(400, "invalid_request", "userId is required")
    if user_id not in platform.state.members:
        raise ServiceError(400, "invalid_request", f"userId {user_id!r} is not in this context")
    timestamp = _parse_timestamp(body.get("timestamp"))
    if body.get("activityProgress") not in ACTIVITY_PROGRESS:
        raise ServiceError(
            400, "invalid_request", f"activityProgress must be one of {ACTIVITY_PROGRESS}"
        )
    if body.get("gradingProgress") not in GRADING_PROGRESS:
        raise ServiceError(
            400, "invalid_request", f"gradingProgress must be one of {GRADING_PROGRESS}"
        )
    given, maximum = body.get("scoreGiven"), body.get("scoreMaximum")
    if given is not None:
        if not _number(given) or given < 0:
            raise ServiceError(400, "invalid_request", "scoreGiven must be a number of at least 0")
        if not _number(maximum) or maximum <= 0:
            raise ServiceError(400, "invalid_request", "scoreMaximum must be a number above 0")
    elif maximum is not None and (not _number(maximum) or maximum <= 0):
        raise ServiceError(400, "invalid_request", "scoreMaximum must be a number above 0")
    comment = body.get("comment")
    if comment is not None and not isinstance(comment, str):
        raise ServiceError(400, "invalid_request", "comment must be a string")
    return user_id, timestamp


def _score(platform: Platform, item_id: str) -> tuple[Response, str | None, dict[str, Any] | None]:
    _line_item_or_404(platform, item_id)
    body = _json_body(SCORE)
    user_id, timestamp = _validate_score(platform, body)
    stored, kept = platform.state.record_score(item_id, user_id, body, timestamp)
    if not stored and kept is not None:
        exc = ServiceError(
            409,
            "conflict",
            f"a later score ({kept.body['timestamp']}) is on record for this user; ignored",
        )
        return _error_response(exc), user_id, body
    return Response(status=204), user_id, body


@bp.post("/api/contexts/<context_id>/lineitems/<item_id>/scores")
def scores(context_id: str, item_id: str) -> Response:
    """AGS score service: record a user's score unless a later one is already on record."""
    platform = current_platform()
    raw = request.get_data(as_text=True)
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    posted = parsed if isinstance(parsed, dict) else None
    user_id = posted.get("userId") if posted else None
    response: Response
    try:
        denied = _guard("scores", [SCOPE_SCORE])
        if denied is not None:
            response = denied
        else:
            _check_context(platform, context_id)
            response, user_id, posted = _score(platform, item_id)
    except ServiceError as exc:
        response = _error_response(exc)
    platform.state.log_score(
        {
            "line_item_id": item_id,
            "user_id": user_id if isinstance(user_id, str) else None,
            "status": response.status_code,
            "body": posted if posted is not None else raw,
        }
    )
    return response


def _result_json(
    item: LineItem, item_url: str, user_id: str, score: dict[str, Any]
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "id": f"{item_url}/results/{quote(user_id, safe='')}",
        "scoreOf": item_url,
        "userId": user_id,
    }
    given, maximum = score.get("scoreGiven"), score.get("scoreMaximum")
    if given is not None and maximum:
        result["resultScore"] = given * item.score_maximum / maximum
        result["resultMaximum"] = item.score_maximum
    if score.get("comment") is not None:
        result["comment"] = score["comment"]
    return result


@bp.get("/api/contexts/<context_id>/lineitems/<item_id>/results")
def results(context_id: str, item_id: str) -> Response:
    """AGS result service: latest results of a line item, scaled to its scoreMaximum, paged."""
    platform = current_platform()
    denied = _guard("results", [SCOPE_RESULT_READONLY])
    if denied is not None:
        return denied
    _check_context(platform, context_id)
    item = _line_item_or_404(platform, item_id)
    item_url = line_item_url(platform.config, item)
    user_filter = request.args.get("user_id")
    with platform.state.lock:
        rows = sorted(
            (user, stored)
            for (line, user), stored in platform.state.results.items()
            if line == item_id and (user_filter is None or user == user_filter)
        )
    filters = {"user_id": user_filter} if user_filter is not None else {}
    page, headers = _paged(rows, f"{item_url}/results", filters, None)
    body = [_result_json(item, item_url, user, stored.body) for user, stored in page]
    return json_response(body, RESULT_CONTAINER, headers=headers)


def _role_matcher(role: str | None) -> Callable[[tuple[str, ...]], bool]:
    if role is None:
        return lambda roles: True
    return lambda roles: any(r == role or r.rpartition("#")[2] == role for r in roles)


@bp.get("/api/contexts/<context_id>/memberships")
def memberships(context_id: str) -> Response:
    """NRPS membership container: `role`, `rlid` and `limit` filters, paged with rel="next"."""
    platform = current_platform()
    config = platform.config
    denied = _guard("memberships", [SCOPE_NRPS])
    if denied is not None:
        return denied
    _check_context(platform, context_id)
    filters: dict[str, str] = {}
    rlid = request.args.get("rlid")
    if rlid is not None:
        if rlid not in platform.state.resource_links:
            raise ServiceError(400, "invalid_request", f"unknown resource link {rlid!r}")
        filters["rlid"] = rlid
    role = request.args.get("role")
    if role is not None:
        filters["role"] = role
    matches = _role_matcher(role)
    with platform.state.lock:
        members = [m for m in platform.state.members.values() if matches(m.roles)]
        page_size = platform.state.membership_page_size
    page, headers = _paged(members, config.memberships_url, filters, page_size)
    body = {
        "id": config.memberships_url,
        "context": {
            "id": config.course.id,
            "label": config.course.label,
            "title": config.course.title,
        },
        "members": [member.to_json() for member in page],
    }
    return json_response(body, MEMBERSHIP_CONTAINER, headers=headers)
