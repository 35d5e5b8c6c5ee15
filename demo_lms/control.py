"""Test-only endpoints: knobs and fault injection (`/api/_control`), state dump (`/api/_state`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, request
from werkzeug.wrappers import Response

from demo_lms.claims import line_item_url
from demo_lms.config import Member
from demo_lms.core import Platform, current_platform
from demo_lms.registration import TOOL_CONFIGURATION
from demo_lms.services import json_response
from demo_lms.state import FAULT_ENDPOINTS, Fault

bp = Blueprint("demo_lms_control", __name__)

KNOBS = (
    "reset",
    "fail",
    "delay",
    "token_expires_in",
    "membership_page_size",
    "set_members",
    "members",
    "revoke_tokens",
    "rotate_key",
    "use_registration",
)
MAX_DELAY = 30.0

Operation = Callable[[Platform], object]


def _queue(plans: list[tuple[str, list[Fault]]]) -> Operation:
    def apply(platform: Platform) -> None:
        for endpoint, faults in plans:
            platform.state.add_faults(endpoint, faults)

    return apply


def _specs(value: Any, knob: str) -> list[dict[str, Any]]:
    specs = value if isinstance(value, list) else [value]
    if not specs or not all(isinstance(spec, dict) for spec in specs):
        raise ValueError(f"{knob} must be an object or a list of objects")
    for spec in specs:
        if spec.get("endpoint") not in FAULT_ENDPOINTS:
            raise ValueError(f"{knob}.endpoint must be one of {FAULT_ENDPOINTS}")
    return specs


def _int(value: Any, name: str, minimum: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
        raise ValueError(f"{name} must be an integer of at least {minimum}")
    return value


def _fail(value: Any) -> Operation:
    plans: list[tuple[str, list[Fault]]] = []
    for spec in _specs(value, "fail"):
        statuses = spec.get("statuses")
        if not isinstance(statuses, list) or not statuses:
            raise ValueError("fail.statuses must be a non-empty list of HTTP statuses")
        retry_after = spec.get("retry_after")
        if retry_after is not None:
            _int(retry_after, "fail.retry_after", 0)
        faults = []
        for status in statuses:
            if _int(status, "fail.statuses[]", 100) > 599:
                raise ValueError("fail.statuses[] must be HTTP statuses")
            faults.append(Fault(status=status, retry_after=retry_after))
        plans.append((spec["endpoint"], faults))
    return _queue(plans)


def _delay(value: Any) -> Operation:
    plans: list[tuple[str, list[Fault]]] = []
    for spec in _specs(value, "delay"):
        seconds = spec.get("seconds")
        valid = isinstance(seconds, int | float) and not isinstance(seconds, bool)
        if not valid or not 0 <= seconds <= MAX_DELAY:
            raise ValueError(f"delay.seconds must be a number from 0 to {MAX_DELAY}")
        times = _int(spec.get("times", 1), "delay.times", 1)
        plans.append((spec["endpoint"], [Fault(status=None, delay=float(seconds))] * times))
    return _queue(plans)


def _members(value: Any, *, replace: bool) -> Operation:
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        raise ValueError("members must be a list of member objects")
    members = [Member.from_dict(entry) for entry in value]
    return lambda platform: platform.state.upsert_members(members, replace=replace)


def _flag(value: Any, knob: str, action: Operation) -> Operation:
    if value is not True:
        raise ValueError(f"{knob} must be true")
    return action


def _set(attribute: str, value: Any) -> Operation:
    def apply(platform: Platform) -> None:
        with platform.state.lock:
            setattr(platform.state, attribute, value)

    return apply


def _page_size(value: Any) -> Operation:
    size = None if value is None else _int(value, "membership_page_size", 1)
    return _set("membership_page_size", size)


def _use_registration(value: Any) -> Operation:
    """Launch from now on as the tool registered through Dynamic Registration number ``value``
    (1 is the first), with the client ID and deployment ID the platform gave it."""
    number = _int(value, "use_registration", 1)

    def apply(platform: Platform) -> None:
        registrations = platform.state.tool_registrations
        if number > len(registrations):
            raise ValueError(f"no tool registration number {number}")
        answer = registrations[number - 1]
        platform.use(
            client_id=answer["client_id"],
            deployment_id=answer[TOOL_CONFIGURATION]["deployment_id"],
        )

    return apply


def _parse(knob: str, value: Any) -> Operation:
    parsers: dict[str, Callable[[Any], Operation]] = {
        "reset": lambda v: _flag(v, "reset", lambda p: p.state.reset()),
        "fail": _fail,
        "delay": _delay,
        "token_expires_in": lambda v: _set("token_expires_in", _int(v, "token_expires_in", 1)),
        "membership_page_size": _page_size,
        "set_members": lambda v: _members(v, replace=True),
        "members": lambda v: _members(v, replace=False),
        "revoke_tokens": lambda v: _flag(v, "revoke_tokens", lambda p: p.state.revoke_tokens()),
        "rotate_key": lambda v: _flag(v, "rotate_key", lambda p: p.state.rotate_key()),
        "use_registration": _use_registration,
    }
    return parsers[knob](value)


@bp.post("/api/_control")
def control() -> Response:
    """Apply test knobs atomically: all are validated before any is applied."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not body:
        return json_response({"error": "send a non-empty JSON object of knobs"}, status=400)
    unknown = sorted(set(body) - set(KNOBS))
    if unknown:
        return json_response(
            {"error": f"unknown knobs {unknown}; known: {list(KNOBS)}"}, status=400
        )
    try:
        operations = [_parse(knob, body[knob]) for knob in KNOBS if knob in body]
    except ValueError as exc:
        return json_response({"error": str(exc)}, status=400)
    platform = current_platform()
    with platform.state.lock:
        try:
            for operation in operations:
                operation(platform)
        except ValueError as exc:
            return json_response({"error": str(exc)}, status=400)
    return json_response({"applied": [knob for knob in KNOBS if knob in body], **_knobs(platform)})


def _knobs(platform: Platform) -> dict[str, Any]:
    state = platform.state
    return {
        "kid": state.key.kid,
        "token_expires_in": state.token_expires_in,
        "membership_page_size": state.membership_page_size,
        "pending_faults": {
            endpoint: [{"status": f.status, "delay": f.delay} for f in faults]
            for endpoint, faults in state.faults.items()
            if faults
        },
    }


@bp.get("/api/_state")
def state_dump() -> Response:
    """Everything the platform has received, for assertions in tests."""
    platform = current_platform()
    config = platform.config
    state = platform.state
    with state.lock:
        body = {
            "issuer": config.issuer,
            **_knobs(platform),
            "calls": dict(state.calls),
            "token_requests": state.token_requests,
            "tokens_issued": state.tokens_issued,
            "tool_jwks_fetches": platform.tool_keys.fetches,
            "line_items": [
                item.to_json(line_item_url(config, item)) for item in state.line_items.values()
            ],
            "results": [
                {
                    "line_item": line_item_url(config, state.line_items[line]),
                    "user_id": user,
                    "seq": stored.seq,
                    "score": stored.body,
                }
                for (line, user), stored in sorted(state.results.items())
            ],
            "scores": list(state.score_log),
            "auth_requests": list(state.auth_requests),
            "deep_link_returns": list(state.deep_link_returns),
            "tool_registrations": list(state.tool_registrations),
            "service_log": list(state.service_log),
            "client_id": config.client_id,
            "deployment_id": config.deployment_id,
            "resource_links": [
                {"id": link.id, "title": link.title, "url": link.url, "custom": link.custom}
                for link in state.resource_links.values()
            ],
            "members": [member.to_json() for member in state.members.values()],
        }
    return json_response(body)
