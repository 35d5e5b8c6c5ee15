"""Regression tests for the LTI hardening list in ../shared/GUIDE.md: each fails without its fix."""

from __future__ import annotations

from sqlalchemy import func, select
from support.lti import Launcher, browser

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"


def set_cookie_headers(response) -> list[str]:
    return response.raw.headers.getlist("Set-Cookie")


def test_one_issuer_with_many_client_ids(app, platform, tool):
    """Moodle gives one client_id per tool type: both registrations of one issuer launch."""
    from development_plans.courses import Course
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment, LtiRegistration

    with app.app_context():
        original = db.session.scalar(select(LtiRegistration))
        second = LtiRegistration(
            issuer=original.issuer,
            client_id="second-tool-type",
            auth_login_url=original.auth_login_url,
            auth_token_url=original.auth_token_url,
            key_set_url=original.key_set_url,
        )
        second.deployments = [LtiDeployment(deployment_id="1")]
        db.session.add(second)
        db.session.commit()
    assert Launcher(platform, tool).launch().status_code == 200
    launcher = Launcher(platform, tool)
    auth = launcher.login(client_id="second-tool-type")
    assert auth["client_id"] == "second-tool-type"
    claims = platform.id_token_claims_for("asha", nonce=auth["nonce"])
    claims.update(aud="second-tool-type", azp="second-tool-type")
    response = launcher.post_launch(platform.sign_id_token(claims), auth["state"])
    assert response.status_code == 200, response.text[:800]
    with app.app_context():
        client_ids = set(db.session.scalars(select(Course.client_id)))
    assert client_ids == {platform.client_id, "second-tool-type"}


def test_audience_list_with_azp_is_accepted(app, platform, tool):
    """The library compares only aud[0]; we accept our client_id anywhere in aud when azp
    names it."""
    launcher = Launcher(platform, tool)
    auth = launcher.login()
    claims = platform.id_token_claims_for("asha", nonce=auth["nonce"])
    claims.update(aud=["someone-else", platform.client_id], azp=platform.client_id)
    response = launcher.post_launch(platform.sign_id_token(claims), auth["state"])
    assert response.status_code == 200, response.text[:500]


def test_launch_redirects_so_refresh_does_not_replay(app, platform, tool):
    launcher = Launcher(platform, tool)
    launcher.login()
    action, fields = launcher.authenticate()
    response = launcher.session.post(action, data=fields, allow_redirects=False)
    assert response.status_code == 303
    home = launcher.session.get(tool.url + response.headers["Location"])
    again = launcher.session.get(home.url)
    assert again.status_code == 200 and "Asha Patel" in again.text


def test_platform_key_rotation_refetches_jwks_once(app, platform, tool):
    assert Launcher(platform, tool).launch().status_code == 200
    platform.control(rotate_key=True)
    response = Launcher(platform, tool).launch("ben")
    assert response.status_code == 200, response.text[:800]
    assert "Ben Okafor" in response.text


def test_restored_launch_uses_our_connector_for_nrps(app, platform, tool):
    """Deep linking is the launch the tool restores (to answer the LMS)."""
    from lti_tool.extensions import db

    launcher = Launcher(platform, tool)
    assert launcher.launch("carys", "LtiDeepLinkingRequest").status_code == 200
    with app.app_context():
        from lti_tool.sessions import WebSession

        launch_id = db.session.scalar(select(WebSession.data)).get("launch_id")
        with app.test_request_context("/"):
            message = app.extensions["lti_adapter"].restore_launch(db.session, launch_id)
            members = message.get_nrps().get_members()
    assert {m["user_id"] for m in members} >= {"demo-learner-asha", "demo-learner-ben"}


def test_a_resource_launch_keeps_no_launch_data_to_restore(app, platform, tool):
    from lti_tool.extensions import db
    from lti_tool.sessions import WebSession
    from lti_tool.store import SharedValue

    assert Launcher(platform, tool).launch("asha").status_code == 200
    with app.app_context():
        assert "launch_id" not in db.session.scalar(select(WebSession.data))
        keys = db.session.scalars(select(SharedValue.key)).all()
    assert not [k for k in keys if k.startswith("lti1p3-launch-")]
    assert not [k for k in keys if k.endswith("-id-token-hash")]


def test_access_tokens_are_cached_per_issuer_client_and_scopes(app, platform, tool):
    from pylti1p3.registration import Registration

    from lti_tool.lti.connector import connector_class

    with app.app_context():
        from lti_tool.extensions import db
        from lti_tool.lti.tool_config import DatabaseToolConf

        registration = DatabaseToolConf(db.session).find_registration_by_params(
            platform.issuer, platform.client_id
        )
        store = app.extensions["lti_adapter"].store
        first = connector_class(store)(registration)
        second = connector_class(store)(registration)
        scope = ["https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"]
        token = first.get_access_token(scope)
        assert second.get_access_token(scope) == token
        other = Registration().set_issuer(platform.issuer).set_client_id("other-client")
        assert connector_class(store)(other)._scope_key(scope) != first._scope_key(scope)
    assert platform.state.token_requests == 1


def test_cookie_check_page_is_ours(app, platform, tool):
    response = browser().get(
        f"{tool.url}/lti/login",
        params={
            "iss": platform.issuer,
            "login_hint": "demo-learner-asha",
            "target_link_uri": f"{tool.url}/lti/launch",
            "client_id": platform.client_id,
        },
    )
    assert response.status_code == 200
    assert "Open in a new window" in response.text
    assert 'id="cookie-check"' in response.text and "/static/tool.js" in response.text
    assert "lti1p3_new_window" in response.text
    script = browser().get(f"{tool.url}/static/tool.js").text
    assert "SameSite=None; Secure; Partitioned" in script


def test_every_cookie_is_cross_site_ready(app, platform, tool):
    launcher = Launcher(platform, tool)
    launcher.login()
    action, fields = launcher.authenticate()
    launch = launcher.session.post(action, data=fields, allow_redirects=False)
    cookies = [*set_cookie_headers(launch)]
    login = launcher.session.get(
        f"{tool.url}/lti/login",
        params={
            "iss": platform.issuer,
            "login_hint": "demo-learner-asha",
            "target_link_uri": f"{tool.url}/lti/launch",
            "lti1p3_new_window": "1",
            "client_id": platform.client_id,
        },
        allow_redirects=False,
    )
    cookies += set_cookie_headers(login)
    names = {c.split("=", 1)[0] for c in cookies}
    assert "dp_session" in names and any(n.startswith("lti1p3-state-") for n in names)
    for cookie in cookies:
        lowered = cookie.lower()
        assert "samesite=none" in lowered and "secure" in lowered and "partitioned" in lowered


def test_unknown_registration_at_login_is_a_clear_4xx(app, platform, tool):
    response = browser().get(
        f"{tool.url}/lti/login",
        params={"iss": "https://unknown.example", "login_hint": "x", "lti1p3_new_window": "1"},
    )
    assert response.status_code == 403
    assert "not registered" in response.text and "flask platform add" in response.text


def test_csrf_is_enforced_outside_lti_endpoints(app, platform, tool):
    launcher = Launcher(platform, tool)
    assert launcher.launch("carys").status_code == 200
    response = launcher.session.post(f"{tool.url}/placement/deep-link", data={"title": "x"})
    assert response.status_code == 400
    assert "form has expired" in response.text


def test_unknown_deployment_recorded_once(app, platform, tool):
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment

    for _ in range(2):
        launcher = Launcher(platform, tool)
        auth = launcher.login()
        claims = platform.id_token_claims_for("asha", nonce=auth["nonce"])
        claims[CLAIM + "deployment_id"] = "77"
        assert (
            launcher.post_launch(platform.sign_id_token(claims), auth["state"]).status_code == 403
        )
    with app.app_context():
        assert (
            db.session.scalar(select(func.count()).where(LtiDeployment.deployment_id == "77")) == 1
        )


def test_frame_without_session_cookie_resumes_once_in_a_new_window(app, platform, tool):
    import re

    launcher = Launcher(platform, tool)
    launcher.login()
    action, fields = launcher.authenticate()
    location = launcher.session.post(action, data=fields, allow_redirects=False).headers["Location"]
    frame_without_cookies = browser()
    page = frame_without_cookies.get(tool.url + location)
    assert page.status_code == 200 and "Open in a new window" in page.text
    token = re.search(r'/lti/resume/([^"]+)"', page.text).group(1)
    window = browser()
    home = window.get(f"{tool.url}/lti/resume/{token}")
    assert home.status_code == 200 and "Asha Patel" in home.text
    assert browser().get(f"{tool.url}/lti/resume/{token}").status_code == 400


def test_handoff_is_spent_when_the_session_cookie_works(app, platform, tool):
    launcher = Launcher(platform, tool)
    home = launcher.launch()
    token = home.url.split("handoff=", 1)[1]
    assert browser().get(f"{tool.url}/lti/resume/{token}").status_code == 400
