"""Security headers on every response: a Content-Security-Policy without inline script, framing
allowed only to the registered platforms, HSTS over HTTPS, no MIME sniffing, same-origin referrers;
and the NHS.UK stylesheet served without its @font-face rules, which point at assets.nhs.uk (the
npm package ships no font files), so no page asks another host for anything: text is in Arial,
the next font in NHS.UK's stack.

The platforms' origins (of each registration's issuer and OIDC authorization URL, and those its
administrator added with ``flask platform frame-origins``) are read on a connection of their own at
most once per ``ORIGINS_CACHE_SECONDS`` per process, so a platform or origin added with ``flask
platform`` or Dynamic Registration may be framed after that long. See
docs/security.md."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, g, request
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from lti_tool.extensions import db
from lti_tool.lti.models import LtiRegistration

ORIGINS_CACHE_SECONDS = 30
HSTS = "max-age=31536000"
REGISTRATION_ENDPOINT = "lti.register"
NHSUK_STYLESHEET = "nhsuk-frontend.min.css"
THIRD_PARTY_FONT = re.compile(r"@font-face\s*\{[^}]*url\(\s*[\"']?(?:https?:)?//[^}]*\}")
ASSET_MAX_AGE = 86400


def web_origin(url: str | None) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, or None for anything else."""
    try:
        parts = urlsplit(url or "")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}" + (f":{port}" if port else "")


class PlatformOrigins:
    """The registered platforms' web origins, cached per process; a failed read keeps the last
    list and is retried on the next request."""

    def __init__(self, seconds: float = ORIGINS_CACHE_SECONDS) -> None:
        self.seconds = seconds
        self._origins: tuple[str, ...] = ()
        self._read_at: float | None = None
        self._lock = threading.Lock()

    def get(self) -> tuple[str, ...]:
        now = time.monotonic()
        if self._read_at is not None and now - self._read_at < self.seconds:
            return self._origins
        with self._lock:
            if self._read_at is None or now - self._read_at >= self.seconds:
                try:
                    self._origins = self._read()
                    self._read_at = now
                except SQLAlchemyError:
                    return self._origins
        return self._origins

    @staticmethod
    def _read() -> tuple[str, ...]:
        query = select(
            LtiRegistration.issuer, LtiRegistration.auth_login_url, LtiRegistration.frame_origins
        )
        with db.engine.connect() as connection:
            rows = connection.execute(query).all()
        origins = {web_origin(issuer) for issuer, _, _ in rows}
        origins |= {web_origin(login) for _, login, _ in rows}
        origins |= {origin for _, _, added in rows for origin in (added or "").split()}
        return tuple(sorted(origins - {None}))


def allow_form_target(url: str) -> str:
    """Let this page's form post to ``url`` (the LMS's deep-linking return address) and return it:
    the template writes ``action="{{ form_target(return_url) }}"``."""
    if origin := web_origin(url):
        g.setdefault("form_targets", set()).add(origin)
    return url


def content_security_policy(platforms: Iterable[str], form_targets: Iterable[str] = ()) -> str:
    """The policy: everything from the tool itself, forms to the tool and the platforms, framing
    by the platforms only ('none' while there is none)."""
    platforms = sorted(set(platforms))
    form_action = ["'self'", *sorted(set(platforms) | set(form_targets))]
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": " ".join(form_action),
        "frame-ancestors": " ".join(platforms) or "'none'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _framing_platforms() -> list[str]:
    """Registered platforms, plus on the Dynamic Registration page the platform registering (its
    LMS frames the page before any registration exists)."""
    origins = list(current_app.extensions["platform_origins"].get())
    registering = request.endpoint == REGISTRATION_ENDPOINT
    if registering and (origin := web_origin(request.values.get("openid_configuration"))):
        origins.append(origin)
    return origins


def _set_headers(response: Response) -> Response:
    headers = response.headers
    policy = content_security_policy(_framing_platforms(), g.get("form_targets", ()))
    headers.setdefault("Content-Security-Policy", policy)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    return response


@lru_cache(maxsize=4)
def own_fonts_only(path: str, modified_ns: int) -> str:
    """A stylesheet without the @font-face rules that fetch from another host (read once per
    version of the file)."""
    return THIRD_PARTY_FONT.sub("", Path(path).read_text(encoding="utf-8"))


def _nhsuk_stylesheet() -> Response:
    path = Path(current_app.config["NHSUK_ASSETS_DIR"]) / NHSUK_STYLESHEET
    response = current_app.response_class(
        own_fonts_only(str(path), path.stat().st_mtime_ns), mimetype="text/css"
    )
    response.cache_control.public = True
    response.cache_control.max_age = ASSET_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


def init_app(app: Flask) -> None:
    app.extensions["platform_origins"] = PlatformOrigins()
    app.add_url_rule(f"/assets/{NHSUK_STYLESHEET}", "nhsuk_stylesheet", _nhsuk_stylesheet)
    app.jinja_env.globals["form_target"] = allow_form_target
    app.after_request(_set_headers)
