"""Browser-facing pages: course, launches, OIDC authorization, Deep Linking, gradebook, and the
mailbox of what the tool emailed (when the demo runs an SMTP server, see demo_lms/mailbox.py)."""

from __future__ import annotations

import time
from typing import Any

import jwt
from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from demo_lms.claims import (
    DEEP_LINKING_REQUEST,
    DEEP_LINKING_RESPONSE,
    DL,
    LTI,
    RESOURCE_LINK_REQUEST,
    line_item_url,
)
from demo_lms.config import Persona
from demo_lms.core import FORWARDING_FRAME, PARENT_FRAME, Platform, current_platform
from demo_lms.keys import ALGORITHM, KeyLookupError
from demo_lms.mailbox import LINK
from demo_lms.state import LaunchHint

bp = Blueprint("demo_lms", __name__)

JWT_LEEWAY = 5


class DeepLinkError(Exception):
    """A Deep Linking response the platform refuses."""


@bp.app_context_processor
def _inject_platform() -> dict[str, Any]:
    return {"lms": current_platform().config}


def _error(message: str, status: int = 400) -> tuple[str, int]:
    return render_template("demo_lms/error.html", message=message, status=status), status


def _persona_or_404(platform: Platform, persona_id: str) -> Persona:
    persona = platform.config.persona(persona_id)
    if persona is None:
        abort(404)
    return persona


@bp.get("/")
def course() -> str:
    """The course page: personas with Launch buttons, placed activities and manager tools."""
    platform = current_platform()
    return render_template(
        "demo_lms/course.html",
        links=list(platform.state.resource_links.values()),
        lti_msg=request.args.get("lti_msg"),
        lti_errormsg=request.args.get("lti_errormsg"),
        platform_storage=platform.state.platform_storage,
    )


def _start(persona_id: str, message_type: str) -> Response | str:
    platform = current_platform()
    persona = _persona_or_404(platform, persona_id)
    window = request.args.get("target") == "window"
    storage = request.args.get("storage", "platform" if platform.state.platform_storage else "")
    try:
        hint = platform.start_launch(
            persona,
            message_type,
            resource_link_id=request.args.get("link"),
            document_target="window" if window else "iframe",
            platform_storage=storage in ("platform", "frame") and not window,
            storage_frame=FORWARDING_FRAME if storage == "frame" else PARENT_FRAME,
        )
    except KeyError:
        abort(404)
    login_url = platform.login_initiation_url(hint)
    if window:
        return redirect(login_url)
    title = (
        platform.state.resource_links[hint.resource_link_id].title
        if hint.resource_link_id
        else "Place the activity"
    )
    return render_template(
        "demo_lms/launch.html",
        persona=persona,
        title=title,
        login_url=login_url,
        storage_target=hint.storage_target,
        forwarding_frame=FORWARDING_FRAME,
    )


@bp.post("/settings")
def settings() -> Response:
    """The course page's switch: keep the tool's launch state in this platform (LTI platform
    storage), or leave the tool to its cookies."""
    current_platform().state.platform_storage = request.form.get("platform_storage") == "on"
    return redirect(url_for("demo_lms.course"), code=303)


@bp.get("/storage-frame")
def storage_frame() -> str:
    """The launch page's own frame that keeps the tool's values (`?storage=frame`), as Canvas's
    post_message_forwarding frame does."""
    return render_template("demo_lms/storage_frame.html")


@bp.get("/launch/<persona_id>")
def launch(persona_id: str) -> Response | str:
    """A Moodle-like activity page framing the tool's login (`?target=window` redirects;
    `?storage=platform` or `frame` offers platform storage, by this page or a frame of its own)."""
    return _start(persona_id, RESOURCE_LINK_REQUEST)


@bp.get("/deep-link/<persona_id>")
def deep_link(persona_id: str) -> Response | str | tuple[str, int]:
    """Start a Deep Linking launch; only instructors may place activities."""
    persona = _persona_or_404(current_platform(), persona_id)
    if not persona.is_instructor:
        return _error(f"{persona.name} is not allowed to place activities in this course.", 403)
    return _start(persona_id, DEEP_LINKING_REQUEST)


def _auth_problem(platform: Platform, params: dict[str, str]) -> str | None:
    config = platform.config
    expected = {
        "scope": "openid",
        "response_type": "id_token",
        "response_mode": "form_post",
        "prompt": "none",
    }
    for name, value in expected.items():
        if params.get(name) != value:
            return f"{name} must be {value!r}, got {params.get(name)!r}."
    if params.get("client_id") != config.client_id:
        return f"Unknown client_id {params.get('client_id')!r}."
    if params.get("redirect_uri") != config.tool_launch_url:
        return (
            f"redirect_uri {params.get('redirect_uri')!r} is not the registered launch URL "
            f"{config.tool_launch_url!r}."
        )
    if not params.get("nonce"):
        return "nonce is required."
    if config.persona_by_sub(params.get("login_hint", "")) is None:
        return f"login_hint {params.get('login_hint')!r} is not a known user."
    return None


def _authorized_hint(platform: Platform, params: dict[str, str]) -> LaunchHint | str:
    problem = _auth_problem(platform, params)
    if problem is not None:
        return problem
    hint = platform.state.hint(params.get("lti_message_hint", ""))
    if hint is None:
        return "lti_message_hint is missing, unknown or expired."
    if platform.persona(hint.persona_id).sub != params["login_hint"]:
        return "login_hint does not match the user in lti_message_hint."
    return hint


@bp.route("/auth", methods=["GET", "POST"])
def auth() -> tuple[str, int, dict[str, str]] | tuple[str, int]:
    """OIDC authorization endpoint: validate the tool's request and form-post a signed id_token."""
    platform = current_platform()
    params = {key: request.values.get(key, "") for key in request.values}
    hint = _authorized_hint(platform, params)
    problem = hint if isinstance(hint, str) else None
    platform.state.log_auth_request(
        {
            "at": time.time(),
            "nonce": params.get("nonce"),
            "state": params.get("state"),
            "login_hint": params.get("login_hint"),
            "accepted": problem is None,
            "problem": problem,
        }
    )
    if isinstance(hint, str):
        return _error(f"The authentication request was refused: {hint}")
    id_token = platform.state.key.sign(platform.claims_for_hint(hint, params["nonce"]))
    body = render_template(
        "demo_lms/autopost.html",
        action=platform.config.tool_launch_url,
        id_token=id_token,
        state=params.get("state"),
        storage_target=hint.storage_target,
    )
    return body, 200, {"Cache-Control": "no-store"}


def _verify_deep_link_response(platform: Platform, token: str) -> dict[str, Any]:
    config = platform.config
    try:
        key = platform.tool_keys.key_for(token)
        claims = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=config.issuer,
            issuer=config.client_id,
            leeway=JWT_LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "nonce"]},
        )
    except (KeyLookupError, jwt.PyJWTError) as exc:
        raise DeepLinkError(f"the response JWT is not valid: {exc}") from exc
    if claims.get(LTI + "message_type") != DEEP_LINKING_RESPONSE:
        raise DeepLinkError(f"message_type must be {DEEP_LINKING_RESPONSE}.")
    if claims.get(LTI + "version") != "1.3.0":
        raise DeepLinkError("version must be 1.3.0.")
    if claims.get(LTI + "deployment_id") != config.deployment_id:
        raise DeepLinkError("deployment_id does not match this deployment.")
    if not platform.state.use_deep_link_nonce(str(claims["nonce"])):
        raise DeepLinkError("nonce has already been used.")
    return claims


def _content_items(claims: dict[str, Any]) -> list[dict[str, Any]]:
    items = claims.get(DL + "content_items", [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DeepLinkError("content_items must be a list of objects.")
    if len(items) > 1:
        raise DeepLinkError("accept_multiple is false: return at most one content item.")
    for item in items:
        if item.get("type") != "ltiResourceLink":
            raise DeepLinkError(f"content item type {item.get('type')!r} is not accepted.")
        for field in ("title", "url", "text"):
            if item.get(field) is not None and not isinstance(item[field], str):
                raise DeepLinkError(f"content item {field} must be a string.")
        custom = item.get("custom") or {}
        if not isinstance(custom, dict) or not all(isinstance(v, str) for v in custom.values()):
            raise DeepLinkError("custom must be an object of string values.")
        line_item = item.get("lineItem")
        if line_item is not None:
            if not isinstance(line_item, dict):
                raise DeepLinkError("lineItem must be an object.")
            maximum = line_item.get("scoreMaximum")
            if not isinstance(maximum, int | float) or isinstance(maximum, bool) or maximum <= 0:
                raise DeepLinkError("lineItem.scoreMaximum must be a positive number.")
            for field in ("label", "resourceId", "tag"):
                if line_item.get(field) is not None and not isinstance(line_item[field], str):
                    raise DeepLinkError(f"lineItem.{field} must be a string.")
    return items


def _place(platform: Platform, item: dict[str, Any]) -> dict[str, Any]:
    state = platform.state
    link = state.place_link(
        title=str(item.get("title") or platform.config.resource_link.title),
        url=item.get("url"),
        custom=dict(item.get("custom") or {}),
        text=item.get("text"),
    )
    placed: dict[str, Any] = {"resource_link_id": link.id, "title": link.title, "item": item}
    line_item = item.get("lineItem")
    if line_item is not None:
        created = state.create_line_item(
            label=str(line_item.get("label") or link.title),
            score_maximum=line_item["scoreMaximum"],
            resource_link_id=link.id,
            resource_id=line_item.get("resourceId"),
            tag=line_item.get("tag"),
        )
        placed["line_item"] = line_item_url(platform.config, created)
    return placed


@bp.post("/deep-link/return")
def deep_link_return() -> str | tuple[str, int]:
    """Receive the tool's Deep Linking response, verify it and place what it returned."""
    platform = current_platform()
    token = request.form.get("JWT", "")
    if not token:
        return _error("The Deep Linking response has no JWT form field.")
    try:
        claims = _verify_deep_link_response(platform, token)
        hint = platform.state.deep_link_hint(str(claims.get(DL + "data", "")))
        if hint is None:
            raise DeepLinkError("data does not match a deep-linking request from this platform.")
        items = _content_items(claims)
    except DeepLinkError as exc:
        platform.state.log_deep_link_return(
            {"at": time.time(), "accepted": False, "problem": str(exc)}
        )
        return _error(f"The Deep Linking response was refused: {exc}")
    placed = [_place(platform, item) for item in items]
    record = {
        "at": time.time(),
        "accepted": True,
        "persona_id": hint.persona_id,
        "placed": placed,
        "msg": claims.get(DL + "msg"),
        "errormsg": claims.get(DL + "errormsg"),
        "log": claims.get(DL + "log"),
        "errorlog": claims.get(DL + "errorlog"),
    }
    platform.state.log_deep_link_return(record)
    return render_template("demo_lms/deep_link_result.html", record=record)


@bp.get("/gradebook")
def gradebook() -> str:
    """Line items against roster members: the latest score and how many score POSTs arrived."""
    platform = current_platform()
    state = platform.state
    with state.lock:
        items = list(state.line_items.values())
        members = list(state.members.values())
        results = dict(state.results)
        posts: dict[tuple[str, str], int] = {}
        for entry in state.score_log:
            key = (entry.get("line_item_id"), entry.get("user_id"))
            posts[key] = posts.get(key, 0) + 1
    known = {m.user_id for m in members}
    extra = sorted({user for (_, user) in results if user not in known})
    rows = [(m.user_id, m.name or m.user_id) for m in members] + [(u, u) for u in extra]
    return render_template(
        "demo_lms/gradebook.html",
        items=items,
        rows=rows,
        results=results,
        posts=posts,
    )


def _with_links(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, is a web address) so the page can link the addresses."""
    pieces, at = [], 0
    for found in LINK.finditer(text):
        pieces += [(text[at : found.start()], False), (found.group(), True)]
        at = found.end()
    return [*pieces, (text[at:], False)]


@bp.get("/mailbox")
def mailbox() -> str:
    """Every email the tool sent through the demo's SMTP server, newest first."""
    box = current_app.extensions.get("demo_mailbox")
    messages = list(reversed(box.messages)) if box else []
    return render_template("demo_lms/mailbox.html", box=box, messages=messages)


@bp.get("/mailbox/<int:number>")
def mail_message(number: int) -> str:
    """One email: envelope, headers and its plain-text body with clickable links."""
    box = current_app.extensions.get("demo_mailbox")
    found = next((m for m in (box.messages if box else []) if m.number == number), None)
    if found is None:
        abort(404)
    return render_template("demo_lms/mail_message.html", mail=found, pieces=_with_links(found.text))
