"""Drive a platform-storage launch (LTI client-side postMessages) over real HTTP in a browser that
keeps no cookie at all: the test plays the two scripts, the tool's (static/platform-storage.js:
store the state and nonce, read them back, post them) and the platform's storage frame."""

from __future__ import annotations

import html
import re
from http.cookiejar import DefaultCookiePolicy
from urllib.parse import parse_qs, urlsplit

import requests
from support.lti import form_action, hidden_inputs


def cookieless_browser() -> requests.Session:
    """A browser that refuses every cookie, first- or third-party."""
    session = requests.Session()
    session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session


def storage_data(page: str) -> dict[str, str]:
    """The data-* settings the tool's platform-storage page gives its script."""
    match = re.search(r'<div id="platform-storage"([^>]*)>', page)
    assert match, f"no platform-storage page: {page[:1500]}"
    return {k: html.unescape(v) for k, v in re.findall(r'data-([a-z]+)="([^"]*)"', match.group(1))}


class StorageLauncher:
    """One cookieless browser launching the tool from the platform, which keeps the state."""

    def __init__(self, platform, tool):
        self.platform = platform
        self.tool = tool
        self.session = cookieless_browser()
        self.stored: dict[str, str] = {}

    def login(self, persona: str = "asha", **kwargs) -> requests.Response:
        url = self.platform.login_initiation_url(persona, platform_storage=True, **kwargs)
        return self.session.get(url, allow_redirects=False)

    def store_with_platform(self, page: str) -> dict[str, str]:
        """What the tool's script does at login: lti.put_data of the state and nonce."""
        data = storage_data(page)
        assert data["step"] == "login"
        self.stored[f"state-{data['state']}"] = data["state"]
        self.stored[f"nonce-{data['nonce']}"] = data["nonce"]
        return data

    def authenticate(self, login_data: dict[str, str]) -> dict[str, str]:
        """Go on to the platform's authentication request; returns its auto-post fields."""
        response = self.session.get(login_data["next"], allow_redirects=False)
        assert response.status_code == 200, response.text[:1000]
        assert form_action(response.text) == f"{self.tool.url}/lti/launch"
        return hidden_inputs(response.text)

    def post_launch(self, fields: dict[str, str]) -> requests.Response:
        return self.session.post(f"{self.tool.url}/lti/launch", data=fields, allow_redirects=False)

    def read_back(self, check_page: str, origin: str | None = None) -> dict[str, str]:
        """What the tool's script posts after lti.get_data at launch."""
        data = storage_data(check_page)
        assert data["step"] == "launch"
        return {
            "token": data["token"],
            "state": self.stored.get(f"state-{data['state']}", ""),
            "nonce": self.stored.get(f"nonce-{data['nonce']}", ""),
            "origin": origin if origin is not None else data["origin"],
        }

    def confirm(self, fields: dict[str, str], origin: str | None = None) -> requests.Response:
        """Post the confirmation as the tool's page does (its Origin, unless told otherwise)."""
        headers = {"Origin": self.tool.url if origin is None else origin}
        return self.session.post(
            f"{self.tool.url}/lti/launch/confirm",
            data=fields,
            headers={k: v for k, v in headers.items() if v},
            allow_redirects=False,
        )

    def launch_until_check(self, persona: str = "asha", **kwargs) -> requests.Response:
        """Login, storage, authentication and the launch post: the page that reads back."""
        login_page = self.login(persona, **kwargs)
        assert login_page.status_code == 200, login_page.text[:1000]
        fields = self.authenticate(self.store_with_platform(login_page.text))
        check = self.post_launch(fields)
        assert check.status_code == 200, check.text[:2000]
        self.last_launch_fields = fields
        return check

    def launch(self, persona: str = "asha", **kwargs) -> requests.Response:
        """A complete, honest launch; returns the confirmation's redirect (with the handle)."""
        check = self.launch_until_check(persona, **kwargs)
        confirmed = self.confirm(self.read_back(check.text))
        assert confirmed.status_code == 303, confirmed.text[:2000]
        return confirmed


def handle_of(response: requests.Response) -> str:
    return parse_qs(urlsplit(response.headers["Location"]).query)["lti_handle"][0]
