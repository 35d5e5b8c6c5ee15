"""Drive LTI 1.3 launches over real HTTP, the way a browser between an LMS and the tool would."""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from urllib.parse import parse_qs, urlencode, urlsplit

import requests
from requests.cookies import RequestsCookieJar

from demo_lms.config import DemoLmsConfig
from demo_lms.testing import running_platform


class LocalCookieJar(RequestsCookieJar):
    """Sends Secure cookies back to http://localhost and 127.0.0.1, as Chromium does (requests
    itself would only send them over https)."""

    def set_cookie(self, cookie, *args, **kwargs):
        if cookie.domain in ("localhost.local", "127.0.0.1"):
            cookie.secure = False
        return super().set_cookie(cookie, *args, **kwargs)


def browser() -> requests.Session:
    session = requests.Session()
    session.cookies = LocalCookieJar()
    return session


def register(app, platform, deployments=("1",)) -> None:
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment, LtiRegistration

    with app.app_context():
        registration = LtiRegistration(
            issuer=platform.issuer,
            client_id=platform.client_id,
            auth_login_url=platform.auth_url,
            auth_token_url=platform.token_url,
            key_set_url=platform.jwks_url,
        )
        registration.deployments = [LtiDeployment(deployment_id=d) for d in deployments]
        db.session.add(registration)
        db.session.commit()


@contextmanager
def registered_platform(app, tool, **config):
    settings = {
        "tool_login_url": f"{tool.url}/lti/login",
        "tool_launch_url": f"{tool.url}/lti/launch",
        "tool_jwks_url": f"{tool.url}/lti/jwks",
        "enable_control": True,
        **config,
    }
    with running_platform(lambda issuer: DemoLmsConfig(issuer=issuer, **settings)) as platform:
        register(app, platform)
        yield platform


def row_counts(app) -> dict[str, int]:
    """Rows per table a launch may write: a refused launch must leave every count unchanged."""
    from sqlalchemy import func, select

    from development_plans.courses import Course, Placement
    from development_plans.people import Enrolment, User
    from lti_tool.extensions import db
    from lti_tool.lti.models import LtiDeployment
    from lti_tool.sessions import WebSession

    with app.app_context():
        return {
            model.__tablename__: db.session.scalar(select(func.count()).select_from(model))
            for model in (User, Course, Enrolment, Placement, WebSession, LtiDeployment)
        }


def hidden_inputs(page: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name:
            fields[html.unescape(name.group(1))] = html.unescape(value.group(1) if value else "")
    return fields


def form_action(page: str) -> str:
    match = re.search(r'<form[^>]*action="([^"]*)"', page)
    assert match, f"no form in page: {page[:500]}"
    return html.unescape(match.group(1))


class Launcher:
    """One browser launching the tool from the platform."""

    def __init__(self, platform, tool, session: requests.Session | None = None):
        self.platform = platform
        self.tool = tool
        self.session = session or browser()

    def login(self, persona: str = "asha", message_type: str | None = None, **extra) -> dict:
        """OIDC login initiation (as if the cookie check passed); returns the auth request
        parameters the tool sent to the platform (state, nonce, …)."""
        kwargs = {"message_type": message_type} if message_type else {}
        url = self.platform.login_initiation_url(persona, **kwargs)
        parts = urlsplit(url)
        params = {k: v[0] for k, v in parse_qs(parts.query).items()}
        params.update(lti1p3_new_window="1", **extra)
        response = self.session.get(
            f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(params)}",
            allow_redirects=False,
        )
        assert response.status_code == 302, response.text[:1000]
        location = response.headers["Location"]
        self.auth_location = location
        return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}

    def authenticate(self) -> tuple[str, dict[str, str]]:
        """Follow the tool's redirect to the platform; returns the auto-post form it answers."""
        response = self.session.get(self.auth_location, allow_redirects=False)
        assert response.status_code == 200, response.text[:1000]
        return form_action(response.text), hidden_inputs(response.text)

    def post_launch(self, id_token: str, state: str, follow: bool = True) -> requests.Response:
        return self.session.post(
            f"{self.tool.url}/lti/launch",
            data={"id_token": id_token, "state": state},
            allow_redirects=follow,
        )

    def launch(self, persona: str = "asha", message_type: str | None = None) -> requests.Response:
        """A complete, honest launch; returns the page the browser lands on."""
        self.login(persona, message_type)
        action, fields = self.authenticate()
        assert action == f"{self.tool.url}/lti/launch"
        return self.session.post(action, data=fields)
