"""The demo LMS's Assignment and Grade Services: line items (list, create, read, replace, delete),
scores (a later one kept over an earlier), and results scaled to the line item's maximum."""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any
from urllib.parse import quote

from flask import request
from werkzeug.wrappers import Response

from demo_lms.claims import (
    SCOPE_LINEITEM,
    SCOPE_LINEITEM_READONLY,
    SCOPE_RESULT_READONLY,
    SCOPE_SCORE,
    line_item_url,
)
from demo_lms.core import Platform, current_platform
from demo_lms.services import (
    ServiceError,
    check_context,
    error_response,
    guard,
    json_body,
    json_response,
    paged,
    service_blueprint,
)
from demo_lms.state import LineItem

LINEITEM = "application/vnd.ims.lis.v2.lineitem+json"
LINEITEM_CONTAINER = "application/vnd.ims.lis.v2.lineitemcontainer+json"
RESULT_CONTAINER = "application/vnd.ims.lis.v2.resultcontainer+json"
SCORE = "application/vnd.ims.lis.v1.score+json"
ACTIVITY_PROGRESS = ("Initialized", "Started", "InProgress", "Submitted", "Completed")
GRADING_PROGRESS = ("FullyGraded", "Pending", "PendingManual", "Failed", "NotReady")

bp = service_blueprint("demo_lms_ags")


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


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
        denied = guard("lineitems", [SCOPE_LINEITEM])
        if denied is not None:
            return denied
        check_context(platform, context_id)
        item = platform.state.create_line_item(**_line_item_fields(platform, json_body(LINEITEM)))
        url = line_item_url(config, item)
        return json_response(item.to_json(url), LINEITEM, 201, {"Location": url})
    denied = guard("lineitems", [SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY])
    if denied is not None:
        return denied
    check_context(platform, context_id)
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
    page, headers = paged(items, config.lineitems_url, filters, None)
    body = [item.to_json(line_item_url(config, item)) for item in page]
    return json_response(body, LINEITEM_CONTAINER, headers=headers)


@bp.route("/api/contexts/<context_id>/lineitems/<item_id>", methods=["GET", "PUT", "DELETE"])
def lineitem(context_id: str, item_id: str) -> Response:
    """AGS line item: read, replace or delete."""
    platform = current_platform()
    read_only = request.method == "GET"
    scopes = [SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY] if read_only else [SCOPE_LINEITEM]
    denied = guard("lineitems", scopes)
    if denied is not None:
        return denied
    check_context(platform, context_id)
    item = _line_item_or_404(platform, item_id)
    url = line_item_url(platform.config, item)
    if request.method == "DELETE":
        platform.state.delete_line_item(item_id)
        return Response(status=204)
    if request.method == "PUT":
        body = json_body(LINEITEM)
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
    body = json_body(SCORE)
    user_id, timestamp = _validate_score(platform, body)
    stored, kept = platform.state.record_score(item_id, user_id, body, timestamp)
    if not stored and kept is not None:
        exc = ServiceError(
            409,
            "conflict",
            f"a later score ({kept.body['timestamp']}) is on record for this user; ignored",
        )
        return error_response(exc), user_id, body
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
        denied = guard("scores", [SCOPE_SCORE])
        if denied is not None:
            response = denied
        else:
            check_context(platform, context_id)
            response, user_id, posted = _score(platform, item_id)
    except ServiceError as exc:
        response = error_response(exc)
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
    denied = guard("results", [SCOPE_RESULT_READONLY])
    if denied is not None:
        return denied
    check_context(platform, context_id)
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
    page, headers = paged(rows, f"{item_url}/results", filters, None)
    body = [_result_json(item, item_url, user, stored.body) for user, stored in page]
    return json_response(body, RESULT_CONTAINER, headers=headers)
