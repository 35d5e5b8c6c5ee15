"""Sessions without a cookie, for launches whose state the platform kept (see
lti_tool/lti/platform_storage.py): the browser in a frame that refuses every third-party cookie
carries the server-side session in the page addresses instead.

- The launch ends with a redirect carrying a launch handle (``?lti_handle=``): random, single use,
  valid for ``LAUNCH_HANDLE_SECONDS``, naming one server-side session. The first request spends it
  and is redirected at once to the same page with a page token, so the handle never stays in an
  address the page shows, links or sends on.
- Every page reached that way carries a fresh page token (``?pt=``) in each of the tool's own links
  and form actions (``url_for``; ``carried_args`` for a query built by hand, ``page_token_field``
  in a GET form); a page token names the session for ``PAGE_TOKEN_SECONDS``.
- The session is the same server-side row as with a cookie, so a new launch, an expired session
  or a cleared one ends every token with it. Pages carried this way are ``no-store``, and the
  ``same-origin`` referrer policy keeps tokens from other sites.

When the session cookie does come back (the partitioned-cookie path), the cookie wins and nothing
here is used."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, Request, current_app, g, redirect, request, session, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response

from lti_tool.extensions import db
from lti_tool.sessions import DatabaseSessionInterface, ServerSession
from lti_tool.store import SharedStore

HANDLE_ARG = "lti_handle"
PAGE_ARG = "pt"
HANDLE_PREFIX = "launch-handle:"
PAGE_PREFIX = "page-token:"
MAX_TOKEN_LENGTH = 64
UNCARRIED_ENDPOINTS = frozenset({"static", "assets", "nhsuk_stylesheet", "health.health"})


def _store() -> SharedStore:
    return current_app.extensions["lti_adapter"].store


def issue_launch_handle(sid: str, **binding: Any) -> str:
    """A single-use handle for the session ``sid`` a launch has just established."""
    handle = secrets.token_urlsafe(32)
    _store().set(
        HANDLE_PREFIX + handle,
        {"sid": sid, **binding},
        current_app.config["LAUNCH_HANDLE_SECONDS"],
    )
    return handle


def _carried_session_id(request: Request) -> tuple[str, str] | None:
    """(how, session id) named by the request's handle (spent now) or page token."""
    handle = request.args.get(HANDLE_ARG, "")
    if handle and len(handle) <= MAX_TOKEN_LENGTH:
        found = _store().pop(HANDLE_PREFIX + handle)
        db.session.commit()  # spent even if the page that follows writes nothing
        return ("handle", found["sid"]) if isinstance(found, dict) else None
    token = request.args.get(PAGE_ARG, "")
    if token and len(token) <= MAX_TOKEN_LENGTH:
        found = _store().get(PAGE_PREFIX + token)
        return ("token", found["sid"]) if isinstance(found, dict) else None
    return None


class TokenSessionInterface(DatabaseSessionInterface):
    """The server-side session by its cookie, else by the launch handle or page token."""

    def open_session(self, app: Flask, request: Request) -> ServerSession:
        opened = super().open_session(app, request)
        if opened:
            if handle := request.args.get(HANDLE_ARG):  # the cookie came back: spend it unused
                _store().delete(HANDLE_PREFIX + handle[:MAX_TOKEN_LENGTH])
                db.session.commit()
            return opened
        carried = _carried_session_id(request)
        loaded = self.load(carried[1]) if carried else None
        if carried is None or loaded is None:
            return opened
        g.session_carried_by = carried[0]
        return loaded


def page_token() -> str | None:
    """This page's token for the session, made on first use; None on the cookie path."""
    if "session_carried_by" not in g or not session.sid:
        return None
    if "page_token" not in g:
        g.page_token = secrets.token_urlsafe(32)
        _store().set(
            PAGE_PREFIX + g.page_token,
            {"sid": session.sid},
            current_app.config["PAGE_TOKEN_SECONDS"],
        )
    return g.page_token


def carried_args() -> dict[str, str]:
    """The page token as query arguments, for an address built without ``url_for`` (a query
    string of its own); empty on the cookie path."""
    token = page_token()
    return {PAGE_ARG: token} if token else {}


def page_token_field() -> Markup:
    """The page token as a hidden field, for GET forms (a browser drops their action's query)."""
    token = page_token()
    if not token:
        return Markup("")
    return Markup('<input type="hidden" name="{}" value="{}">').format(PAGE_ARG, token)


def _carry_token(endpoint: str, values: dict[str, Any]) -> None:
    if endpoint in UNCARRIED_ENDPOINTS or endpoint.startswith("lti."):
        return
    if PAGE_ARG not in values and HANDLE_ARG not in values and (token := page_token()):
        values[PAGE_ARG] = token


def _leave_handle_address() -> Response | None:
    """The handle was spent: show the page at an address with a page token instead."""
    carried = g.get("session_carried_by")
    if carried != "handle" or request.method != "GET" or request.endpoint is None:
        return None
    args = {k: v for k, v in request.args.items() if k not in (HANDLE_ARG, PAGE_ARG)}
    return redirect(url_for(request.endpoint, **(request.view_args or {}), **args), code=303)


def _keep_tokens_private(response: Response) -> Response:
    if "session_carried_by" in g:
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "same-origin"
    if "page_token" in g:
        db.session.commit()  # the token must outlive a page that writes nothing else
    return response


def init_app(app: Flask) -> None:
    app.session_interface = TokenSessionInterface()
    app.jinja_env.globals["page_token_field"] = page_token_field
    app.url_defaults(_carry_token)
    app.before_request(_leave_handle_address)
    app.after_request(_keep_tokens_private)
