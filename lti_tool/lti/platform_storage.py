"""Launches whose state the platform keeps, not a cookie: 1EdTech's "LTI OIDC Login with LTI Client
Side postMessages" with "postMessage Platform Storage" (Canvas, Brightspace, Blackboard Learn,
Sakai), for browsers that refuse every cookie in the LMS frame.

1. Login: the login request names a storage frame (``lti_storage_target``). The tool records the
   login on the server (state, nonce, the platform's OIDC origin, the frame) and renders a page
   whose script (static/platform-storage.js) asks ``lti.capabilities`` and stores the state and
   nonce with the platform (``lti.put_data``, only to the platform's OIDC origin), then goes on to
   the authentication request. Without an answer it falls back to today's cookie login.
2. Launch: the id_token is validated on the server as always (signature, nonce once, deployment,
   message), its nonce must be the login's, and nothing is recorded yet: the tool renders a page
   that reads the state and nonce back from the platform (``lti.get_data``) and posts them, with
   the origin that answered, to ``/lti/launch/confirm``, bound to this launch by a random token
   that works once, for ``CONFIRM_SECONDS``.
3. Confirm: the values must be the ones stored at login and the answer must come from the
   platform's origin; only then is the launch recorded and a session made, which the browser
   carries by a single-use launch handle and page tokens (lti_tool/session_tokens.py).

Launches without ``lti_storage_target`` (Moodle 4.5 today) take the cookie path, unchanged."""

from __future__ import annotations

import re
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlencode, urlsplit

from flask import render_template, url_for
from pylti1p3.exception import LtiException
from sqlalchemy.orm import Session

from lti_tool.lti.errors import refused
from lti_tool.security import web_origin
from lti_tool.store import SharedStore

if TYPE_CHECKING:
    from lti_tool.lti.adapter import LtiAdapter, ToolMessageLaunch, ToolOIDCLogin

STORAGE_TARGET_PARAM = "lti_storage_target"
FRAME_NAME = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
STATE_MARK = "ps-"  # state-ps-…: only such a state is looked up, so cookie launches cost nothing
LOGIN_PREFIX = "platform-storage-login:"
CONFIRM_PREFIX = "platform-storage-confirm:"
LOGIN_SECONDS = 300
CONFIRM_SECONDS = 120
NO_STORE = {"Cache-Control": "no-store"}


def storage_target(value: str | None) -> str | None:
    """The platform's storage frame named in a login request (``_parent`` or a frame name)."""
    return value if value and FRAME_NAME.match(value) else None


def login_page(
    oidc: ToolOIDCLogin, store: SharedStore, launch_url: str, target: str, params: Mapping
):
    """Record the login and render the page that stores its state with the platform."""
    auth_url = oidc.authentication_url(launch_url, STATE_MARK)
    query = parse_qs(urlsplit(auth_url).query)
    state, nonce = query["state"][0], query["nonce"][0]
    origin = web_origin(oidc.registration_auth_url())
    if origin is None:
        raise refused("login_params", "the platform's OIDC authorization URL is not http(s)")
    store.set(
        LOGIN_PREFIX + state,
        {"nonce": nonce, "origin": origin, "target": target},
        LOGIN_SECONDS,
    )
    cookie_login = {k: v for k, v in params.items() if k != STORAGE_TARGET_PARAM}
    data = {
        "step": "login",
        "origin": origin,
        "target": target,
        "state": state,
        "nonce": nonce,
        "next": auth_url,
        "fallback": url_for("lti.login") + "?" + urlencode(cookie_login),
    }
    return render_template("lti/platform_storage.html", data=data), 200, NO_STORE


def login_for(store: SharedStore, state: str) -> dict | None:
    """The platform-storage login this state belongs to, if it was one."""
    if not state.startswith("state-" + STATE_MARK) or len(state) > 64:
        return None
    found = store.get(LOGIN_PREFIX + state)
    return found if isinstance(found, dict) else None


def check_page(message: ToolMessageLaunch, store: SharedStore, state: str, login: dict):
    """After the server-side validation: read the state back from the platform in the browser
    before anything is recorded."""
    if message.get_launch_data().get("nonce") != login["nonce"]:
        raise refused("state", "the id_token's nonce is not the one this login sent")
    token = secrets.token_urlsafe(32)
    store.set(
        CONFIRM_PREFIX + token,
        {"launch_id": message.get_launch_id(), "state": state, **login},
        CONFIRM_SECONDS,
    )
    data = {
        "step": "launch",
        "origin": login["origin"],
        "target": login["target"],
        "state": state,
        "nonce": login["nonce"],
        "confirm": url_for("lti.confirm_launch"),
        "token": token,
    }
    return render_template("lti/platform_storage.html", data=data), 200, NO_STORE


def confirmed_launch(
    adapter: LtiAdapter,
    session: Session,
    form: Mapping[str, str],
    *,
    posted_from: str | None,
    own_origin: str | None,
) -> ToolMessageLaunch:
    """The launch a confirmation names, once its values came back from the platform and were
    posted by the tool's own page (the browser's ``Origin``: no other site can post one for a
    launch it ran itself); the confirmation is spent (committed) whatever the outcome."""
    token = form.get("token", "")
    pending = adapter.store.pop(CONFIRM_PREFIX + token) if 0 < len(token) <= 64 else None
    session.commit()
    if not isinstance(pending, dict):
        raise refused("nonce", "the launch confirmation is unknown, used or expired")
    if posted_from != own_origin:
        raise refused("confirm_origin", origin=posted_from or "(no Origin header)")
    answered_by = form.get("origin", "")
    if not answered_by:
        raise refused("state", "the LMS did not answer when asked for the launch's state")
    if answered_by != pending["origin"]:
        raise refused("storage_origin", origin=answered_by)
    if form.get("state") != pending["state"] or form.get("nonce") != pending["nonce"]:
        raise refused("state", "the platform did not return this launch's state and nonce")
    try:
        return adapter.restore_launch(session, pending["launch_id"])
    except LtiException as error:
        raise refused("nonce", "the launch has expired") from error
