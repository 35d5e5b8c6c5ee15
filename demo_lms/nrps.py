"""The demo LMS's Names and Role Provisioning Service: the course's members, filtered by role or
resource link, paged with rel="next"."""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from werkzeug.wrappers import Response

from demo_lms.claims import SCOPE_NRPS
from demo_lms.core import current_platform
from demo_lms.services import (
    ServiceError,
    check_context,
    guard,
    json_response,
    paged,
    service_blueprint,
)

MEMBERSHIP_CONTAINER = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json"

bp = service_blueprint("demo_lms_nrps")


def _role_matcher(role: str | None) -> Callable[[tuple[str, ...]], bool]:
    if role is None:
        return lambda roles: True
    return lambda roles: any(r == role or r.rpartition("#")[2] == role for r in roles)


@bp.get("/api/contexts/<context_id>/memberships")
def memberships(context_id: str) -> Response:
    """NRPS membership container: `role`, `rlid` and `limit` filters, paged with rel="next"."""
    platform = current_platform()
    config = platform.config
    denied = guard("memberships", [SCOPE_NRPS])
    if denied is not None:
        return denied
    check_context(platform, context_id)
    filters: dict[str, str] = {}
    rlid = request.args.get("rlid")
    if rlid is not None:
        if rlid not in platform.state.resource_links:
            raise ServiceError(400, "invalid_request", f"unknown resource link {rlid!r}")
        filters["rlid"] = rlid
    role = request.args.get("role")
    if role is not None:
        filters["role"] = role
    matches = _role_matcher(role)
    with platform.state.lock:
        members = [m for m in platform.state.members.values() if matches(m.roles)]
        page_size = platform.state.membership_page_size
    page, headers = paged(members, config.memberships_url, filters, page_size)
    body = {
        "id": config.memberships_url,
        "context": {
            "id": config.course.id,
            "label": config.course.label,
            "title": config.course.title,
        },
        "members": [member.to_json() for member in page],
    }
    return json_response(body, MEMBERSHIP_CONTAINER, headers=headers)
