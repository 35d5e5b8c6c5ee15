"""The ``LaunchContext``: what a validated launch says (who, which course and deployment, which
roles, which placement), read from the id_token's claims once; and ``record_launch``, which
upserts it and returns the ``LaunchIdentity`` the tool's session carries from then on."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from development_plans.courses import CourseFacts, PlacementFacts, upsert_course, upsert_placement
from development_plans.people import MemberFacts, ToolRole, upsert_member
from lti_tool.lti.continuation import continued_course
from lti_tool.lti.quirks import label_for, resolved
from lti_tool.lti.roles import is_mentor_only, tool_role
from lti_tool.lti.vocabulary import (
    AGS_CLAIM,
    CONTEXT_CLAIM,
    DEPLOYMENT_ID_CLAIM,
    NRPS_CLAIM,
    RESOURCE_LINK_CLAIM,
    ROLE_SCOPE_MENTOR_CLAIM,
    ROLES_CLAIM,
)


@dataclass(frozen=True)
class LaunchContext:
    """A validated launch in the tool's words; nothing past the adapter reads claims."""

    issuer: str
    client_id: str
    deployment_id: str
    roles: tuple[str, ...]
    member: MemberFacts
    course: CourseFacts
    placement: PlacementFacts | None

    @property
    def role(self) -> ToolRole:
        return self.member.tool_role

    @classmethod
    def from_claims(cls, body: Mapping[str, Any], client_id: str) -> LaunchContext:
        roles = [r for r in body.get(ROLES_CLAIM) or [] if isinstance(r, str)]
        return cls(
            issuer=body["iss"],
            client_id=client_id,
            deployment_id=body[DEPLOYMENT_ID_CLAIM],
            roles=tuple(roles),
            member=_member(body, roles),
            course=_course(body, client_id),
            placement=_placement(body),
        )


@dataclass(frozen=True)
class LaunchIdentity:
    """What a successful launch established; the only identity pages trust, via the session."""

    user_id: int
    course_id: int
    enrolment_id: int
    placement_id: int | None
    role: ToolRole

    def as_session(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "course_id": self.course_id,
            "enrolment_id": self.enrolment_id,
            "placement_id": self.placement_id,
            "role": self.role.value,
        }


def _text(value: object, limit: int = 255) -> str | None:
    """A claim's text; a value the platform left as an unresolved ``$Substitution`` is none."""
    return resolved(value, limit)


def _member(body: Mapping[str, Any], roles: list[str]) -> MemberFacts:
    mentees_only = is_mentor_only(roles)
    mentees = body.get(ROLE_SCOPE_MENTOR_CLAIM) or []
    return MemberFacts(
        subject=body["sub"],
        tool_role=tool_role(roles),
        lti_roles=tuple(roles),
        name=_text(body.get("name")),
        given_name=_text(body.get("given_name")),
        family_name=_text(body.get("family_name")),
        email=_text(body.get("email")),
        mentees_only=mentees_only,
        mentee_subjects=tuple(m for m in mentees if isinstance(m, str)) if mentees_only else (),
    )


def _course(body: Mapping[str, Any], client_id: str) -> CourseFacts:
    deployment_id = body[DEPLOYMENT_ID_CLAIM]
    context = body.get(CONTEXT_CLAIM) or {}
    nrps = body.get(NRPS_CLAIM) or {}
    return CourseFacts(
        issuer=body["iss"],
        client_id=client_id,
        deployment_id=deployment_id,
        context_id=_text(context.get("id")) or f"deployment:{deployment_id}",
        title=_text(context.get("title")),
        label=_text(context.get("label")),
        memberships_url=_text(nrps.get("context_memberships_url"), 4000),
    )


def _placement(body: Mapping[str, Any]) -> PlacementFacts | None:
    link = body.get(RESOURCE_LINK_CLAIM) or {}
    if not (link_id := _text(link.get("id"))):
        return None
    ags = body.get(AGS_CLAIM) or {}
    scopes = ags.get("scope")
    return PlacementFacts(
        resource_link_id=link_id,
        title=_text(link.get("title")),
        lineitems_url=_text(ags.get("lineitems"), 4000),
        lineitem_url=_text(ags.get("lineitem"), 4000),
        ags_scopes=tuple(s for s in scopes if isinstance(s, str))
        if isinstance(scopes, list)
        else None,
    )


def record_launch(session: Session, launch: LaunchContext) -> LaunchIdentity:
    """Upsert the user, course, enrolment and placement the launch describes: one conflict-safe
    statement each, so a whole class launching at once never collides. A deployment an
    administrator said is continued by another is recorded as that one's (``continuation``)."""
    course, people_issuer = continued_course(session, launch.course)
    course_id = upsert_course(session, course)
    member = replace(launch.member, label=label_for(people_issuer, launch.member.subject))
    recorded = upsert_member(session, people_issuer, course_id, member, launched=True)
    placement = launch.placement
    return LaunchIdentity(
        user_id=recorded.user_id,
        course_id=course_id,
        enrolment_id=recorded.enrolment_id,
        placement_id=upsert_placement(session, course_id, placement) if placement else None,
        role=launch.role,
    )
