"""LTI Dynamic Registration, platform side: the OpenID configuration, the registration endpoint,
and an administrator page that opens a tool's registration URL as Moodle does."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, jsonify, render_template, request

from demo_lms.core import add_query, current_platform

bp = Blueprint("demo_lms_registration", __name__)

TOOL_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-tool-configuration"
PLATFORM_CONFIGURATION = "https://purl.imsglobal.org/spec/lti-platform-configuration"
REQUIRED = ("initiate_login_uri", "redirect_uris", "jwks_uri", "client_name", TOOL_CONFIGURATION)


def openid_configuration_url() -> str:
    return f"{current_platform().config.issuer}/.well-known/openid-configuration"


@bp.get("/.well-known/openid-configuration")
def openid_configuration():
    """The platform's OpenID configuration (LTI Dynamic Registration §3.4)."""
    config = current_platform().config
    return jsonify(
        {
            "issuer": config.issuer,
            "authorization_endpoint": config.auth_url,
            "token_endpoint": config.token_url,
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            "token_endpoint_auth_signing_alg_values_supported": ["RS256"],
            "jwks_uri": config.jwks_url,
            "registration_endpoint": f"{config.issuer}/register",
            "scopes_supported": [
                "openid",
                "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
                "https://purl.imsglobal.org/spec/lti-ags/scope/score",
                "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
                "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
            ],
            "response_types_supported": ["id_token"],
            "subject_types_supported": ["public", "pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "claims_supported": ["sub", "iss", "name", "given_name", "family_name", "email"],
            PLATFORM_CONFIGURATION: {
                "product_family_code": "demo-lms",
                "version": "1.0",
                "messages_supported": [
                    {"type": "LtiResourceLinkRequest"},
                    {"type": "LtiDeepLinkingRequest"},
                ],
            },
        }
    )


def _registration_problem(body: Any) -> str | None:
    if not isinstance(body, dict):
        return "the registration must be a JSON object"
    missing = [field for field in REQUIRED if not body.get(field)]
    if missing:
        return "missing " + ", ".join(missing)
    if "id_token" not in body.get("response_types", []):
        return "response_types must include id_token"
    domain = body[TOOL_CONFIGURATION].get("domain")
    if domain and urlsplit(body["initiate_login_uri"]).netloc != domain:
        return "initiate_login_uri is not on the tool's domain"
    return None


@bp.post("/register")
def register():
    """Accept a tool's registration with a one-time registration token; answer with its client
    ID and deployment ID."""
    platform = current_platform()
    state = platform.state
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    with state.lock:
        if token not in state.registration_tokens:
            return jsonify({"error": "invalid_token"}), 401
        state.registration_tokens.discard(token)
    body = request.get_json(silent=True)
    if problem := _registration_problem(body):
        return jsonify({"error": "invalid_client_metadata", "error_description": problem}), 400
    with state.lock:
        number = len(state.tool_registrations) + 1
        answer = {
            **body,
            "client_id": f"dynamic-client-{number}",
            TOOL_CONFIGURATION: {
                **body[TOOL_CONFIGURATION],
                "deployment_id": f"dynamic-deployment-{number}",
            },
        }
        state.tool_registrations.append(answer)
    return jsonify(answer), 200


@bp.get("/register-tool")
def register_tool():
    """The administrator's page: open the tool's registration URL with a fresh token."""
    platform = current_platform()
    tool_url = request.args.get("url", "")
    frame_url = None
    if tool_url.startswith(("http://", "https://")):
        token = secrets.token_urlsafe(24)
        with platform.state.lock:
            platform.state.registration_tokens.add(token)
        frame_url = add_query(
            tool_url,
            {"openid_configuration": openid_configuration_url(), "registration_token": token},
        )
    return render_template("demo_lms/register_tool.html", tool_url=tool_url, frame_url=frame_url)
