"""LTI Dynamic Registration, tool side: fetch the platform's OpenID configuration, check it, send
our configuration with the registration token, and record the registration and its deployment.

pylti1p3's DynamicRegistration checks with ``assert`` (a 500) and does not check that the
configuration's issuer matches where it came from, so the flow is driven here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from pylti1p3.dynamic_registration import DynamicRegistration
from sqlalchemy import select
from sqlalchemy.orm import Session

from lti_tool.lti.errors import LaunchRefused
from lti_tool.lti.models import LtiDeployment, LtiRegistration
from lti_tool.lti.vocabulary import PLATFORM_CONFIGURATION, TOOL_CONFIGURATION, TOOL_SCOPES

TIMEOUT = 10


def registration_failed(detail: str, status: int = 400) -> LaunchRefused:
    return LaunchRefused(
        title="The tool could not be registered",
        detail=detail,
        admin_hint="Start the registration again from the LMS. If it keeps failing, register the "
        "platform by hand with `flask platform add` (see the README).",
        status=status,
    )


@dataclass(frozen=True)
class ToolUrls:
    login: str
    launch: str
    jwks: str
    logo: str


class ToolRegistration(DynamicRegistration):
    """Our configuration as the platform receives it."""

    client_name = "Development Planner"
    description = (
        "Self-assessment against the NHS Healthcare Leadership Model and personal development "
        "plans that managers review."
    )

    def __init__(self, urls: ToolUrls) -> None:
        self.urls = urls

    def get_initiate_login_uri(self) -> str:
        return self.urls.login

    def get_jwks_uri(self) -> str:
        return self.urls.jwks

    def get_redirect_uris(self) -> list[str]:
        return [self.urls.launch]

    def get_target_link_uri(self) -> str:
        return self.urls.launch

    def get_domain(self) -> str:
        return urlsplit(self.urls.launch).netloc

    def get_logo_uri(self) -> str:
        return self.urls.logo

    def get_scopes(self) -> list[str]:
        return TOOL_SCOPES

    def get_claims(self) -> list[str]:
        return ["iss", "sub", "name", "given_name", "family_name", "email"]

    def get_messages(self) -> list[dict[str, str]]:
        return [
            {
                "type": "LtiDeepLinkingRequest",
                "target_link_uri": self.urls.launch,
                "label": "Development Planner",
            }
        ]


def _json(response: requests.Response, what: str) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise registration_failed(f"The {what} is not a JSON object.")
    return body


def fetch_platform_configuration(url: str) -> dict[str, Any]:
    """The platform's OpenID configuration, checked: its issuer must be where it was served
    from, and it must name a registration endpoint on the same host."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise registration_failed("The OpenID configuration address is not a web address.")
    try:
        response = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
    except requests.RequestException as error:
        raise registration_failed(
            f"The platform's configuration could not be fetched: {error}"
        ) from error
    if not response.ok:
        raise registration_failed(
            f"The platform's configuration could not be fetched (HTTP {response.status_code})."
        )
    config = _json(response, "platform's OpenID configuration")
    issuer = config.get("issuer")
    if not isinstance(issuer, str) or not url.startswith(issuer.rstrip("/") + "/"):
        raise registration_failed(
            "The configuration's issuer does not match the address it was served from."
        )
    endpoint = config.get("registration_endpoint")
    if not isinstance(endpoint, str) or urlsplit(endpoint).netloc != urlsplit(issuer).netloc:
        raise registration_failed("The configuration names no registration endpoint of its own.")
    for field in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(config.get(field), str):
            raise registration_failed(f"The configuration has no {field}.")
    if not isinstance(config.get(PLATFORM_CONFIGURATION), dict):
        raise registration_failed("The configuration is not an LTI platform configuration.")
    return config


def register_with_platform(
    session: Session,
    *,
    configuration_url: str,
    registration_token: str | None,
    urls: ToolUrls,
    activate: bool,
) -> LtiRegistration:
    """Register with the platform and record the registration (active only if ``activate``)."""
    config = fetch_platform_configuration(configuration_url)
    headers = {"Accept": "application/json"}
    if registration_token:
        headers["Authorization"] = f"Bearer {registration_token}"
    try:
        response = requests.post(
            config["registration_endpoint"],
            json=ToolRegistration(urls).lti_registration_data(),
            headers=headers,
            timeout=TIMEOUT,
        )
    except requests.RequestException as error:
        raise registration_failed(
            f"The platform's registration endpoint failed: {error}"
        ) from error
    if not response.ok:
        raise registration_failed(
            f"The platform refused the registration (HTTP {response.status_code}): "
            f"{response.text[:300]}"
        )
    answer = _json(response, "registration answer")
    client_id = answer.get("client_id")
    tool_config = answer.get(TOOL_CONFIGURATION)
    if not isinstance(client_id, str) or not client_id or not isinstance(tool_config, dict):
        raise registration_failed("The platform's answer has no client ID.")
    row = session.scalar(
        select(LtiRegistration).where(
            LtiRegistration.issuer == config["issuer"], LtiRegistration.client_id == client_id
        )
    )
    if row is None:
        row = LtiRegistration(issuer=config["issuer"], client_id=client_id)
        session.add(row)
    row.name = config.get(PLATFORM_CONFIGURATION, {}).get("product_family_code") or row.name
    row.auth_login_url = config["authorization_endpoint"]
    row.auth_token_url = config["token_endpoint"]
    row.key_set_url = config["jwks_uri"]
    row.auth_audience = config.get("authorization_server")
    row.active = activate
    deployment_id = tool_config.get("deployment_id")
    if isinstance(deployment_id, str) and deployment_id not in {
        d.deployment_id for d in row.deployments
    }:
        row.deployments.append(LtiDeployment(deployment_id=deployment_id, active=True))
    session.commit()
    return row
