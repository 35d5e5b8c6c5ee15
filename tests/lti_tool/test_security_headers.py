"""Security headers on every kind of page: the Content-Security-Policy (no inline script or style,
framing only by the registered platforms), HSTS over HTTPS only, and the two headers kept from
before; and no page carries inline script or style for the policy to refuse."""

from __future__ import annotations

import re

import pytest
from support.lti import browser, register
from support.plan_pages import launch
from support.team_data import ASHA, submitted_plan, user_id

from demo_lms.config import DemoLmsConfig
from demo_lms.testing import running_platform
from lti_tool.extensions import db
from lti_tool.lti.models import LtiRegistration
from lti_tool.security import content_security_policy, web_origin

__all__ = ["launch"]

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def assert_secured(response, platforms: list[str], where: str) -> None:
    directives = policy(response)
    assert directives == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": " ".join(["'self'", *platforms]),
        "frame-ancestors": " ".join(platforms) or "'none'",
    }, where
    assert response.headers["X-Content-Type-Options"] == "nosniff", where
    assert response.headers["Referrer-Policy"] == "same-origin", where
    assert "Strict-Transport-Security" not in response.headers, where
    if response.headers.get("Content-Type", "").startswith("text/html"):
        assert not INLINE_SCRIPT.search(response.text), f"inline script on {where}"
        assert not INLINE_STYLE.search(response.text), f"inline style on {where}"


def test_every_kind_of_page_has_the_headers(app, platform, tool, launch):
    platforms = [web_origin(platform.issuer)]
    asha = launch("asha")
    plan_id, goal_id = submitted_plan(app, ASHA, submit=False)
    pages = {
        "learner home": asha.get("/"),
        "plan index": asha.get("/plan/"),
        "plan": asha.get(f"/plan/{plan_id}"),
        "goal": asha.get(f"/plan/goals/{goal_id}"),
        "goal form": asha.get(f"/plan/goals/{goal_id}/edit"),
        "plan history": asha.get(f"/plan/{plan_id}/history"),
        "plan PDF": asha.get(f"/plan/{plan_id}/pdf"),
        "plan export": asha.get("/plan/export.json"),
        "manager-only page seen by a learner": asha.get("/team/"),
    }
    results = asha.get("/").text
    assessment_id = re.search(r"/assessment/(\d+)/results", results).group(1)
    pages["results"] = asha.get(f"/assessment/{assessment_id}/results")
    start = asha.post("/assessment/start", page=asha.get("/").text)
    pages["dimension page"] = asha.follow(start)
    carys = launch("carys")
    member = user_id(app, ASHA)
    pages.update(
        {
            "manager home": carys.get("/"),
            "team dashboard": carys.get("/team/"),
            "member page": carys.get(f"/team/members/{member}"),
            "course targets": carys.get("/plan/course/targets"),
        }
    )
    stranger = browser()
    pages.update(
        {
            "not signed in": stranger.get(f"{tool.url}/plan/"),
            "not found": stranger.get(f"{tool.url}/no-such-page"),
            "health": stranger.get(f"{tool.url}/health"),
            "tool keys": stranger.get(f"{tool.url}/lti/jwks"),
            "static file": stranger.get(f"{tool.url}/static/tool.js"),
            "NHS.UK stylesheet": stranger.get(f"{tool.url}/assets/nhsuk-frontend.min.css"),
            "NHS.UK image": stranger.get(f"{tool.url}/assets/assets/images/favicon.svg"),
            "cookie check": stranger.get(
                f"{tool.url}/lti/login",
                params={
                    "iss": platform.issuer,
                    "login_hint": "demo-learner-asha",
                    "target_link_uri": f"{tool.url}/lti/launch",
                    "client_id": platform.client_id,
                },
            ),
        }
    )
    expected = {"not signed in": 401, "not found": 404, "manager-only page seen by a learner": 403}
    for where, response in pages.items():
        assert response.status_code == expected.get(where, 200), (where, response.status_code)
        assert_secured(response, platforms, where)


def test_frame_ancestors_are_exactly_the_registered_platforms(app, platform, tool):
    with app.app_context():
        db.session.add_all(
            [
                LtiRegistration(
                    issuer="https://canvas.example.com",
                    client_id="10000000000001",
                    auth_login_url="https://sso.example.com:8443/api/lti/authorize_redirect",
                    auth_token_url="https://sso.example.com:8443/login/oauth2/token",
                    key_set_url="https://sso.example.com:8443/api/lti/security/jwks",
                ),
                LtiRegistration(
                    issuer="https://moodle.example.ac.uk",
                    client_id="pending-tool-type",
                    auth_login_url="https://moodle.example.ac.uk/mod/lti/auth.php",
                    auth_token_url="https://moodle.example.ac.uk/mod/lti/token.php",
                    key_set_url="https://moodle.example.ac.uk/mod/lti/certs.php",
                    active=False,  # pending Dynamic Registration: its LMS shows why
                ),
            ]
        )
        db.session.commit()
    response = browser().get(f"{tool.url}/health")
    assert policy(response)["frame-ancestors"] == " ".join(
        sorted(
            [
                web_origin(platform.issuer),
                "https://canvas.example.com",
                "https://moodle.example.ac.uk",
                "https://sso.example.com:8443",
            ]
        )
    )


def test_a_new_registration_is_framed_once_the_cached_list_expires(app, platform, tool):
    before = policy(browser().get(f"{tool.url}/health"))["frame-ancestors"]
    assert before == web_origin(platform.issuer)
    with running_platform(lambda issuer: DemoLmsConfig(issuer=issuer, **_tool_urls(tool))) as lms:
        register(app, lms)
        cached = policy(browser().get(f"{tool.url}/health"))["frame-ancestors"]
        assert cached == before, "the list is read at most once per cache period"
        app.extensions["platform_origins"].seconds = 0
        fresh = policy(browser().get(f"{tool.url}/health"))["frame-ancestors"]
    assert fresh == " ".join(sorted([web_origin(platform.issuer), web_origin(lms.issuer)]))


def test_no_registration_means_no_framing(app):
    response = app.test_client().get("/health")
    assert policy(response)["frame-ancestors"] == "'none'"
    assert policy(response)["form-action"] == "'self'"


def test_the_registering_lms_may_frame_the_registration_page(app, platform, tool):
    with running_platform(lambda issuer: DemoLmsConfig(issuer=issuer, **_tool_urls(tool))) as lms:
        configuration = f"{lms.issuer}/.well-known/openid-configuration"
        page = browser().get(
            f"{tool.url}/lti/register", params={"openid_configuration": configuration}
        )
        assert page.status_code == 200, page.text[:800]
        assert policy(page)["frame-ancestors"] == " ".join(
            sorted([web_origin(platform.issuer), web_origin(lms.issuer)])
        )
    elsewhere = browser().get(f"{tool.url}/health", params={"openid_configuration": configuration})
    assert policy(elsewhere)["frame-ancestors"] == web_origin(platform.issuer)


@pytest.mark.parametrize("base_url", ["https://localhost", "http://localhost"])
def test_hsts_only_over_https(app, base_url):
    response = app.test_client().get("/health", base_url=base_url)
    secure = base_url.startswith("https")
    assert ("Strict-Transport-Security" in response.headers) is secure
    if secure:
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Content-Security-Policy" in response.headers


def test_hsts_behind_a_proxy_that_terminated_https(make_app):
    proxied = make_app(TRUSTED_PROXIES=1).test_client()
    over_https = proxied.get("/health", headers={"X-Forwarded-Proto": "https"})
    assert over_https.headers["Strict-Transport-Security"] == "max-age=31536000"
    over_http = proxied.get("/health", headers={"X-Forwarded-Proto": "http"})
    assert "Strict-Transport-Security" not in over_http.headers


def test_the_nhs_stylesheet_fetches_nothing_from_another_host(app):
    css = app.test_client().get("/assets/nhsuk-frontend.min.css")
    assert css.status_code == 200 and css.mimetype == "text/css"
    text = css.get_data(as_text=True)
    assert ".nhsuk-header" in text
    assert "@font-face" not in text and "assets.nhs.uk" not in text
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", text)
    assert css.headers["ETag"]
    again = app.test_client().get(
        "/assets/nhsuk-frontend.min.css", headers={"If-None-Match": css.headers["ETag"]}
    )
    assert again.status_code == 304


def test_a_deep_linking_return_may_post_to_its_own_address_only():
    assert content_security_policy(["https://lms.example"], ["https://other.example"]) == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self' https://lms.example https://other.example; "
        "frame-ancestors https://lms.example"
    )


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://moodle.example.ac.uk/mod/lti/auth.php", "https://moodle.example.ac.uk"),
        ("http://127.0.0.1:5000/demo-lms/auth", "http://127.0.0.1:5000"),
        ("https://LMS.Example:443/x", "https://lms.example:443"),
        ("http://[::1]:8080/auth", "http://[::1]:8080"),
        ("urn:moodle:site", None),
        ("javascript:alert(1)", None),
        ("https://", None),
        ("http://host:99999/", None),
        ("", None),
        (None, None),
    ],
)
def test_web_origin(url, origin):
    assert web_origin(url) == origin


def _tool_urls(tool) -> dict[str, str]:
    return {
        "tool_login_url": f"{tool.url}/lti/login",
        "tool_launch_url": f"{tool.url}/lti/launch",
        "tool_jwks_url": f"{tool.url}/lti/jwks",
    }
