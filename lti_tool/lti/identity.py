"""Record who launched, from which course and with which roles (an upsert on every launch)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.models import Course, Enrolment, Placement, ToolRole, User, utcnow
from lti_tool.lti.roles import is_mentor_only, tool_role

CLAIM = "https://purl.imsglobal.org/spec/lti/claim/"
AGS_CLAIM = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS_CLAIM = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"


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
    return value[:limit] if isinstance(value, str) and value else None


def record_launch(session: Session, body: Mapping[str, Any], client_id: str) -> LaunchIdentity:
    """Upsert the user, course, enrolment and placement a validated launch describes."""
    issuer = body["iss"]
    deployment_id = body[CLAIM + "deployment_id"]
    roles = [r for r in body.get(CLAIM + "roles", []) if isinstance(r, str)]
    context = body.get(CLAIM + "context") or {}
    now = utcnow()

    user = session.scalar(select(User).where(User.issuer == issuer, User.subject == body["sub"]))
    if user is None:
        user = User(issuer=issuer, subject=body["sub"])
        session.add(user)
    for field in ("name", "given_name", "family_name", "email"):
        if value := _text(body.get(field)):
            setattr(user, field, value)
    user.last_seen_at = now

    context_id = _text(context.get("id")) or f"deployment:{deployment_id}"
    course = session.scalar(
        select(Course).where(
            Course.issuer == issuer,
            Course.client_id == client_id,
            Course.deployment_id == deployment_id,
            Course.context_id == context_id,
        )
    )
    if course is None:
        course = Course(
            issuer=issuer, client_id=client_id, deployment_id=deployment_id, context_id=context_id
        )
        session.add(course)
    course.title = _text(context.get("title")) or course.title
    course.label = _text(context.get("label")) or course.label
    nrps = body.get(NRPS_CLAIM) or {}
    if url := _text(nrps.get("context_memberships_url"), 4000):
        course.memberships_url = url
    session.flush()

    enrolment = session.scalar(
        select(Enrolment).where(Enrolment.user_id == user.id, Enrolment.course_id == course.id)
    )
    if enrolment is None:
        enrolment = Enrolment(user_id=user.id, course_id=course.id)
        session.add(enrolment)
    role = tool_role(roles)
    enrolment.tool_role = role.value
    enrolment.lti_roles = roles
    mentees = body.get(CLAIM + "role_scope_mentor") or []
    enrolment.mentees_only = is_mentor_only(roles)
    enrolment.mentee_subjects = (
        [m for m in mentees if isinstance(m, str)] if enrolment.mentees_only else []
    )
    enrolment.active = True
    enrolment.launched = True
    enrolment.last_launch_at = now

    placement = None
    link = body.get(CLAIM + "resource_link") or {}
    if link_id := _text(link.get("id")):
        placement = session.scalar(
            select(Placement).where(
                Placement.course_id == course.id, Placement.resource_link_id == link_id
            )
        )
        if placement is None:
            placement = Placement(course_id=course.id, resource_link_id=link_id)
            session.add(placement)
        placement.title = _text(link.get("title")) or placement.title
        ags = body.get(AGS_CLAIM) or {}
        placement.lineitems_url = _text(ags.get("lineitems"), 4000) or placement.lineitems_url
        placement.lineitem_url = _text(ags.get("lineitem"), 4000) or placement.lineitem_url
        scopes = ags.get("scope")
        if isinstance(scopes, list):
            placement.ags_scopes = [s for s in scopes if isinstance(s, str)]
    session.flush()
    return LaunchIdentity(
        user_id=user.id,
        course_id=course.id,
        enrolment_id=enrolment.id,
        placement_id=placement.id if placement else None,
        role=role,
    )
