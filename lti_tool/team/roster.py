"""Fetch a course's roster from the LMS over Names and Role Provisioning Services and apply it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

import requests
from flask import current_app

from development_plans import team as team_rules
from development_plans.courses import Course
from development_plans.people import MemberFacts
from lti_tool.extensions import db
from lti_tool.lti.quirks import label_for
from lti_tool.lti.roles import tool_role
from lti_tool.lti.services import services_for

ACTIVE = "Active"


def roster_members(listed: Iterable[Mapping[str, Any]]) -> Iterator[MemberFacts]:
    """NRPS members as roster entries; entries without a user id are skipped."""
    for member in listed:
        subject = member.get("user_id")
        if not isinstance(subject, str) or not subject:
            continue
        roles = tuple(r for r in member.get("roles") or () if isinstance(r, str))
        yield MemberFacts(
            subject=subject[:255],
            tool_role=tool_role(roles),
            lti_roles=roles,
            active=member.get("status", ACTIVE) == ACTIVE,
            **{
                name: member[name]
                for name in ("name", "given_name", "family_name", "email")
                if isinstance(member.get(name), str)
            },
        )


class RosterUnavailable(Exception):
    """The LMS offers no roster for this course, or did not answer; the message says which."""


def fetch_roster(course: Course) -> list[MemberFacts]:
    """Every member the LMS lists for the course, all pages followed."""
    if not course.memberships_url:
        raise RosterUnavailable("The LMS does not offer a roster for this course.")
    services = services_for(
        db.session,
        issuer=course.issuer,
        client_id=course.client_id,
        store=current_app.extensions["lti_adapter"].store,
        timeout=current_app.config["TEAM_HTTP_TIMEOUT"],
    )
    if services is None:
        raise RosterUnavailable("This course's LMS registration is no longer active.")
    try:
        listed = roster_members(services.members(course.memberships_url))
        return [replace(m, label=label_for(course.issuer, m.subject)) for m in listed]
    except (requests.RequestException, ValueError) as error:
        raise RosterUnavailable(f"The LMS roster could not be fetched: {error}") from error


def sync_roster(
    course: Course, *, keep_user_ids: Iterable[int] = (), force: bool = False
) -> team_rules.RosterResult | None:
    """Refresh the roster unless it was tried within ``TEAM_SYNC_INTERVAL_SECONDS`` (or forced);
    returns what changed, or None when nothing was fetched. Failures are recorded, then raised."""
    interval = current_app.config["TEAM_SYNC_INTERVAL_SECONDS"]
    if not course.memberships_url:
        return None
    if not force and not team_rules.due_for_sync(db.session, course.id, interval):
        return None
    try:
        members = fetch_roster(course)
    except RosterUnavailable as error:
        db.session.rollback()
        team_rules.record_sync_failure(db.session, course.id, str(error))
        db.session.commit()
        raise
    result = team_rules.apply_roster(db.session, course, members, keep_user_ids=keep_user_ids)
    db.session.commit()
    return result
