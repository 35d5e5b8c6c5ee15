"""LTI Dynamic Registration against the demo platform over HTTP."""

from __future__ import annotations

import html
import re

from flask import Flask, jsonify
from sqlalchemy import select
from support.lti import Launcher, browser, hidden_inputs
from support.servers import LiveServer


def frame_url(platform, tool) -> str:
    page = browser().get(
        f"{platform.url}/register-tool", params={"url": f"{tool.url}/lti/register"}
    )
    assert page.status_code == 200
    return html.unescape(re.search(r'<iframe[^>]*src="([^"]+)"', page.text).group(1))


def register(platform, tool, session=None):
    session = session or browser()
    page = session.get(frame_url(platform, tool))
    assert page.status_code == 200, page.text[:800]
    assert platform.issuer in page.text
    return session, session.post(f"{tool.url}/lti/register", data=hidden_inputs(page.text))


def registration_rows(app):
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiRegistration

    with app.app_context():
        return [
            (r.client_id, r.active, [d.deployment_id for d in r.deployments], r.key_set_url)
            for r in db.session.scalars(
                select(LtiRegistration).where(LtiRegistration.client_id.like("dynamic-%"))
            )
        ]


def test_registration_is_recorded_pending_until_approved(app, platform, tool):
    _, done = register(platform, tool)
    assert done.status_code == 200, done.text[:800]
    assert "Waiting for approval" in done.text and "data-lti-close" in done.text
    script = browser().get(f"{tool.url}/static/tool.js").text
    assert "org.imsglobal.lti.close" in script and "[data-lti-close]" in script
    assert registration_rows(app) == [
        ("dynamic-client-1", False, ["dynamic-deployment-1"], platform.jwks_url)
    ]
    sent = platform.state_snapshot()["tool_registrations"][0]
    assert sent["redirect_uris"] == [f"{tool.url}/lti/launch"]
    assert sent["initiate_login_uri"] == f"{tool.url}/lti/login"
    assert sent["jwks_uri"] == f"{tool.url}/lti/jwks"
    assert "https://purl.imsglobal.org/spec/lti-ags/scope/score" in sent["scope"]

    launcher = Launcher(platform, tool)
    pending = launcher.session.get(
        f"{tool.url}/lti/login",
        params={
            "iss": platform.issuer,
            "login_hint": "demo-learner-asha",
            "client_id": "dynamic-client-1",
            "lti1p3_new_window": "1",
        },
        allow_redirects=False,
    )
    assert pending.status_code == 403 and "waiting for approval" in pending.text
    result = app.test_cli_runner().invoke(
        args=[
            "platform",
            "activate",
            "--issuer",
            platform.issuer,
            "--client-id",
            "dynamic-client-1",
        ]
    )
    assert result.exit_code == 0 and "is active" in result.output
    auth = launcher.login(client_id="dynamic-client-1")
    assert auth["client_id"] == "dynamic-client-1"


def test_active_mode_registers_ready_to_launch(make_app, platform_key_path):
    from support.lti import registered_platform

    app = make_app(DYNAMIC_REGISTRATION="active")
    with (
        LiveServer(app, public_host="localhost") as tool,
        registered_platform(app, tool, key_path=platform_key_path) as platform,
    ):
        _, done = register(platform, tool)
        assert "Launches from this LMS work now" in done.text
        assert registration_rows(app)[0][1] is True


def test_a_registration_token_works_once(app, platform, tool):
    url = frame_url(platform, tool)
    session = browser()
    page = session.get(url)
    fields = hidden_inputs(page.text)
    assert session.post(f"{tool.url}/lti/register", data=fields).status_code == 200
    again = session.post(f"{tool.url}/lti/register", data=fields)
    assert again.status_code == 400
    assert "refused the registration (HTTP 401)" in again.text
    assert len(registration_rows(app)) == 1


def test_configuration_whose_issuer_does_not_match_is_refused(app, tool):
    fake = Flask("fake-platform")

    @fake.get("/.well-known/openid-configuration")
    def configuration():
        return jsonify(
            {
                "issuer": "https://moodle.example.nhs.uk",
                "registration_endpoint": "https://moodle.example.nhs.uk/register",
                "authorization_endpoint": "https://moodle.example.nhs.uk/auth",
                "token_endpoint": "https://moodle.example.nhs.uk/token",
                "jwks_uri": "https://moodle.example.nhs.uk/jwks",
                "https://purl.imsglobal.org/spec/lti-platform-configuration": {},
            }
        )

    with LiveServer(fake) as server:
        page = browser().get(
            f"{tool.url}/lti/register",
            params={
                "openid_configuration": f"{server.url}/.well-known/openid-configuration",
                "registration_token": "t",
            },
        )
    assert page.status_code == 400
    assert "issuer does not match" in page.text
    assert registration_rows(app) == []


def test_missing_or_bad_configuration_address(app, tool):
    assert browser().get(f"{tool.url}/lti/register").status_code == 400
    page = browser().get(
        f"{tool.url}/lti/register", params={"openid_configuration": "file:///etc/passwd"}
    )
    assert page.status_code == 400 and "not a web address" in page.text


def test_dynamic_registration_can_be_switched_off(make_app, platform_key_path):
    app = make_app(DYNAMIC_REGISTRATION="off")
    with LiveServer(app, public_host="localhost") as tool:
        page = browser().get(
            f"{tool.url}/lti/register", params={"openid_configuration": "https://x/y"}
        )
    assert page.status_code == 403 and "switched off" in page.text
