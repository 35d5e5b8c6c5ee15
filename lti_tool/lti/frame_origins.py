"""The web origins that may frame the tool for one registration: its issuer's and its OIDC login
URL's, plus those its LMS administrator adds (``flask platform frame-origins``). Canvas cloud needs
them: its issuer is https://canvas.instructure.com and its login is on sso.canvaslms.com, but
it frames the tool from each institution's own host (https://trust.instructure.com).

An added origin is ``https://host[:port]`` (``http://`` only for localhost and 127.0.0.1, in
development): no path, query, user or wildcard. Wildcards are refused on purpose: a
``https://*.instructure.com`` would let every other Canvas customer frame the tool, and the
frame-resize message needs one exact origin to go to."""

from __future__ import annotations

from urllib.parse import urlsplit

from lti_tool.lti.models import LtiRegistration
from lti_tool.security import web_origin

DEVELOPMENT_HOSTS = ("localhost", "127.0.0.1")


class FrameOriginRefused(ValueError):
    """The text is not an origin an administrator may add; the message says why."""


def frame_origin(text: str) -> str:
    """``text`` as the origin it names (``scheme://host[:port]``, lower case, default port
    dropped), or FrameOriginRefused saying what is wrong with it."""
    text = text.strip()
    if "*" in text:
        raise FrameOriginRefused(
            f"{text!r}: wildcards are not allowed; add each host the LMS frames the tool from."
        )
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError as error:
        raise FrameOriginRefused(f"{text!r} is not a web origin: {error}.") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FrameOriginRefused(
            f"{text!r} is not a web origin: give it as https://host (with :port if not 443)."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment or parts.username:
        raise FrameOriginRefused(
            f"{text!r} has more than an origin: give only https://host[:port], no path."
        )
    if parts.scheme == "http" and parts.hostname not in DEVELOPMENT_HOSTS:
        raise FrameOriginRefused(
            f"{text!r} is not https: only localhost and 127.0.0.1 may use http (development)."
        )
    origin = web_origin(f"{parts.scheme}://{parts.netloc.lower()}")
    default_port = {"http": ":80", "https": ":443"}[parts.scheme]
    return origin.removesuffix(default_port)


def added_frame_origins(registration: LtiRegistration) -> list[str]:
    """The origins the administrator added, in the order added."""
    return (registration.frame_origins or "").split()


def set_frame_origins(registration: LtiRegistration, origins: list[str]) -> None:
    """Keep ``origins`` (each already checked by ``frame_origin``) as the registration's added
    origins, without repeats."""
    registration.frame_origins = " ".join(dict.fromkeys(origins))


def allowed_frame_origins(registration: LtiRegistration) -> list[str]:
    """Every origin that may frame the tool for this registration: issuer, login, then added."""
    own = [web_origin(registration.issuer), web_origin(registration.auth_login_url)]
    return list(dict.fromkeys([o for o in own if o] + added_frame_origins(registration)))
