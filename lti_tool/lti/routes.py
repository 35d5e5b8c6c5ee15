"""The endpoints an LMS talks to: OIDC login initiation, launch (also the redirect URI and the deep
linking URL), the launch confirmation of a platform-storage launch (platform_storage.py), the
tool's JWKS, and the new-window resume for browsers that block iframe cookies."""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlencode

from flask import (
    Blueprint,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_wtf import FlaskForm
from flask_wtf.csrf import generate_csrf
from wtforms import HiddenField

from lti_tool.extensions import csrf, db
from lti_tool.lti import keys, platform_storage
from lti_tool.lti.adapter import LtiAdapter, ToolMessageLaunch
from lti_tool.lti.dynamic_registration import (
    ToolUrls,
    fetch_platform_configuration,
    register_with_platform,
    registration_failed,
)
from lti_tool.lti.errors import LaunchRefused, refused
from lti_tool.lti.frame_origins import allowed_frame_origins
from lti_tool.lti.launch_context import record_launch
from lti_tool.security import web_origin
from lti_tool.session_tokens import issue_launch_handle

bp = Blueprint("lti", __name__, url_prefix="/lti")

LOGIN_PARAMS = (
    "iss",
    "login_hint",
    "target_link_uri",
    "lti_message_hint",
    "lti_deployment_id",
    "client_id",
)
HANDOFF_SECONDS = 120


def adapter() -> LtiAdapter:
    return current_app.extensions["lti_adapter"]


def launch_url() -> str:
    return url_for("lti.launch", _external=True)


@bp.route("/login", methods=["GET", "POST"])
@csrf.exempt
def login():
    """OIDC third-party login initiation: check cookies work here, then send the browser to the
    platform's authorization endpoint."""
    params = {k: v for k in LOGIN_PARAMS if (v := request.values.get(k))}
    oidc = adapter().oidc_login(db.session)
    oidc.pass_params_to_launch({"login": params})
    target = platform_storage.storage_target(request.values.get("lti_storage_target"))
    if target and not request.values.get("lti1p3_new_window"):
        page = platform_storage.login_page(
            oidc, adapter().store, launch_url(), target, {**params, "lti_storage_target": target}
        )
        db.session.commit()
        return page
    oidc.enable_check_cookies()
    response = oidc.redirect(launch_url())
    db.session.commit()
    return response


@bp.route("/launch", methods=["GET", "POST"])
@csrf.exempt
def launch():
    """Validate the id_token, record who launched, then redirect (post/redirect/get) so a refresh
    never replays the launch."""
    if request.method != "POST":
        raise refused("method")
    state = request.form.get("state", "")
    login = platform_storage.login_for(adapter().store, state)
    message = adapter().message_launch(db.session, state_via_platform=login is not None)
    try:
        message.validate()
    except LaunchRefused as refusal:
        db.session.rollback()
        if refusal.title == refused("state").title:
            return _state_failure(refusal)
        raise
    if login is not None:
        page = platform_storage.check_page(message, adapter().store, state, login)
        db.session.commit()
        return page
    return _begin_session(message)


@bp.post("/launch/confirm")
@csrf.exempt
def confirm_launch():
    """The platform gave back the launch's state and nonce (platform_storage.py): record the
    launch and carry its session by a single-use handle, not a cookie."""
    message = platform_storage.confirmed_launch(
        adapter(),
        db.session,
        request.form,
        posted_from=request.headers.get("Origin"),
        own_origin=web_origin(request.host_url),
    )
    return _begin_session(message, cookieless=True)


def _begin_session(message: ToolMessageLaunch, cookieless: bool = False):
    """Record who launched and start their session, then redirect (post/redirect/get)."""
    identity = record_launch(db.session, message.context())
    session.clear()
    session.rotate()
    session.update(identity.as_session())
    if message.is_deep_link_launch():
        session["launch_id"] = message.get_launch_id()  # deep linking restores the launch
    session["platform_origins"] = allowed_frame_origins(message.get_tool_conf().registration_row)
    generate_csrf()  # now, in the session written here, so the first page writes no session
    endpoint = "placement.deep_link" if message.is_deep_link_launch() else "home.index"
    if cookieless:
        session.sid = secrets.token_urlsafe(32)
        handle = issue_launch_handle(session.sid, launch_id=message.get_launch_id())
        return redirect(url_for(endpoint, lti_handle=handle), code=303)
    handoff = secrets.token_urlsafe(24)
    adapter().store.set(
        f"handoff:{handoff}",
        {"session": dict(session), "endpoint": endpoint},
        HANDOFF_SECONDS,
    )
    return redirect(url_for(endpoint, handoff=handoff), code=303)  # committed with the session


def _state_failure(refusal: LaunchRefused):
    """No state cookie came back: offer the tool in a new window instead of an error."""
    state = request.form.get("state", "")
    saved = adapter().store.get(f"lti1p3-{state}") if state.startswith("state-") else None
    login = (saved or {}).get("login") if isinstance(saved, dict) else None
    cookie_missing = f"lti1p3-{state}" not in request.cookies
    if login and cookie_missing:
        query = urlencode({**login, "lti1p3_new_window": "1"})
        return render_template(
            "lti/open_in_new_window.html", url=url_for("lti.login") + "?" + query
        ), 400
    raise refusal


@bp.get("/resume/<token>")
def resume(token: str):
    """Finish a launch in a new window when the LMS frame could not keep the tool's cookie."""
    data = adapter().store.pop(f"handoff:{token}")
    db.session.commit()
    if not isinstance(data, dict):
        raise refused("nonce")
    session.clear()
    session.rotate()
    session.update(data["session"])
    return redirect(url_for(data["endpoint"]), code=303)


@bp.get("/jwks")
def jwks():
    grace = timedelta(days=current_app.config["KEY_ROTATION_GRACE_DAYS"])
    response = jsonify(keys.jwks(db.session, grace))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


class RegisterForm(FlaskForm):
    openid_configuration = HiddenField()
    registration_token = HiddenField()


@bp.route("/register", methods=["GET", "POST"])
def register():
    """LTI Dynamic Registration: the LMS opens this page with its configuration URL and a
    one-time token; the administrator confirms and the tool registers itself."""
    mode = current_app.config["DYNAMIC_REGISTRATION"]
    if mode == "off":
        raise registration_failed("Dynamic Registration is switched off for this tool.", status=403)
    form = RegisterForm(request.args) if request.method == "GET" else RegisterForm()
    configuration_url = form.openid_configuration.data or ""
    if not configuration_url:
        raise registration_failed("The LMS did not send its OpenID configuration address.")
    if not form.validate_on_submit():
        platform = fetch_platform_configuration(configuration_url)
        return render_template("lti/register.html", form=form, issuer=platform["issuer"])
    registration = register_with_platform(
        db.session,
        configuration_url=configuration_url,
        registration_token=form.registration_token.data or None,
        urls=ToolUrls(
            login=url_for("lti.login", _external=True),
            launch=launch_url(),
            jwks=url_for("lti.jwks", _external=True),
            logo=url_for("assets", filename="assets/images/nhsuk-icon-180.png", _external=True),
        ),
        activate=mode == "active",
    )
    return render_template("lti/registered.html", registration=registration)
