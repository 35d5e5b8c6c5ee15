"""LTI 1.3 claim names and the id_token payloads the platform issues."""

from __future__ import annotations

import time
import uuid
from typing import Any

from demo_lms.config import MENTOR, DemoLmsConfig, Persona
from demo_lms.flavours import adjust_claims
from demo_lms.state import LineItem, PlacedLink

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_ENDPOINT = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_SERVICE = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

RESOURCE_LINK_REQUEST = "LtiResourceLinkRequest"
DEEP_LINKING_REQUEST = "LtiDeepLinkingRequest"
DEEP_LINKING_RESPONSE = "LtiDeepLinkingResponse"
MESSAGE_TYPES = (RESOURCE_LINK_REQUEST, DEEP_LINKING_REQUEST)

SCOPE_LINEITEM = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
SCOPE_LINEITEM_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly"
SCOPE_RESULT_READONLY = "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly"
SCOPE_SCORE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
SCOPE_NRPS = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
AGS_SCOPES = (SCOPE_LINEITEM, SCOPE_LINEITEM_READONLY, SCOPE_RESULT_READONLY, SCOPE_SCORE)
SUPPORTED_SCOPES = frozenset((*AGS_SCOPES, SCOPE_NRPS))

PLATFORM_VERSION = "1.0.0"
COURSE_OFFERING = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"
ID_TOKEN_LIFETIME = 300


def platform_guid(config: DemoLmsConfig) -> str:
    """A stable instance GUID derived from the issuer."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, config.issuer))


def id_token_claims(
    config: DemoLmsConfig,
    persona: Persona,
    nonce: str,
    *,
    message_type: str = RESOURCE_LINK_REQUEST,
    link: PlacedLink | None = None,
    line_item_url: str | None = None,
    document_target: str = "iframe",
    deep_link_data: str | None = None,
    now: float | None = None,
) -> dict[str, Any]:
    """The id_token claims /auth issues for a persona launching `link` (or deep linking)."""
    if message_type not in MESSAGE_TYPES:
        raise ValueError(f"message_type must be one of {MESSAGE_TYPES}")
    issued_at = int(time.time() if now is None else now)
    ags: dict[str, Any] = {"scope": list(AGS_SCOPES), "lineitems": config.lineitems_url}
    if line_item_url is not None:
        ags["lineitem"] = line_item_url
    claims: dict[str, Any] = {
        "iss": config.issuer,
        "aud": config.client_id,
        "azp": config.client_id,
        "sub": persona.sub,
        "exp": issued_at + ID_TOKEN_LIFETIME,
        "iat": issued_at,
        "nonce": nonce,
        "name": persona.name,
        "given_name": persona.given_name,
        "family_name": persona.family_name,
        "email": persona.email,
        "locale": "en-GB",
        LTI + "message_type": message_type,
        LTI + "version": "1.3.0",
        LTI + "deployment_id": config.deployment_id,
        LTI + "target_link_uri": (link.url if link and link.url else config.tool_launch_url),
        LTI + "roles": list(persona.roles),
        LTI + "context": {
            "id": config.course.id,
            "label": config.course.label,
            "title": config.course.title,
            "type": [COURSE_OFFERING],
        },
        LTI + "tool_platform": {
            "guid": platform_guid(config),
            "name": config.platform_name,
            "product_family_code": "demo-lms",
            "version": PLATFORM_VERSION,
        },
        LTI + "launch_presentation": {
            "document_target": document_target,
            "return_url": f"{config.issuer}/",
            "locale": "en-GB",
        },
        LTI + "custom": dict(link.custom) if link else {},
        AGS_ENDPOINT: ags,
        NRPS_SERVICE: {
            "context_memberships_url": config.memberships_url,
            "service_versions": ["2.0"],
        },
    }
    if MENTOR in persona.roles:
        claims[LTI + "role_scope_mentor"] = list(persona.mentees)
    if message_type == RESOURCE_LINK_REQUEST:
        if link is None:
            raise ValueError("a resource link launch needs a link")
        resource_link: dict[str, Any] = {"id": link.id, "title": link.title}
        if link.text:
            resource_link["description"] = link.text
        claims[LTI + "resource_link"] = resource_link
    else:
        claims[DL + "deep_linking_settings"] = {
            "deep_link_return_url": config.deep_link_return_url,
            "accept_types": ["ltiResourceLink"],
            "accept_presentation_document_targets": ["iframe", "window"],
            "accept_multiple": False,
            "auto_create": True,
            "title": config.resource_link.title,
            "data": deep_link_data or "",
        }
    adjust_claims(config.flavour, config.share_personal_data, claims)
    return claims


def line_item_url(config: DemoLmsConfig, item: LineItem) -> str:
    """The absolute URL (and AGS id) of a line item."""
    return f"{config.lineitems_url}/{item.id}"
