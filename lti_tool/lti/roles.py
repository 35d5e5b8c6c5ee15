"""LTI role URIs to the tool's roles: learners assess and plan; managers review their team."""

from __future__ import annotations

from collections.abc import Iterable

from development_plans.people import ToolRole
from lti_tool.lti.vocabulary import INSTITUTION_ROLE, SYSTEM_ROLE

_MANAGER_ROLES = {"Instructor", "TeachingAssistant", "Mentor", "ContentDeveloper"}
_ADMIN_ROLES = {"Administrator", "SysAdmin"}


def role_names(roles: Iterable[str]) -> set[str]:
    """Short names of context roles, e.g. ``Instructor`` or ``TeachingAssistant`` from
    ``…membership#Instructor`` and ``…membership/Instructor#TeachingAssistant``; institution and
    system roles are prefixed ``institution:``/``system:``."""
    names = set()
    for role in roles:
        if role.startswith(INSTITUTION_ROLE):
            names.add("institution:" + role.rsplit("#", 1)[-1])
        elif role.startswith(SYSTEM_ROLE):
            names.add("system:" + role.rsplit("#", 1)[-1])
        elif "#" in role:
            names.add(role.rsplit("#", 1)[-1])
        else:
            names.add(role)
    return names


def tool_role(roles: Iterable[str]) -> ToolRole:
    """The most capable tool role the LTI roles grant; anyone else is a learner."""
    names = role_names(roles)
    if names & (
        _ADMIN_ROLES | {f"{p}:{r}" for p in ("institution", "system") for r in _ADMIN_ROLES}
    ):
        return ToolRole.ADMINISTRATOR
    if names & _MANAGER_ROLES:
        return ToolRole.MANAGER
    return ToolRole.LEARNER


def may_place_activities(roles: Iterable[str]) -> bool:
    """Instructors and administrators may place the activity in a course (Deep Linking)."""
    names = role_names(roles)
    admins = _ADMIN_ROLES | {f"{p}:{r}" for p in ("institution", "system") for r in _ADMIN_ROLES}
    return bool(names & ({"Instructor"} | admins))


def is_mentor_only(roles: Iterable[str]) -> bool:
    """True when the only managing role is Mentor, so the team is just the mentees."""
    names = role_names(roles)
    return "Mentor" in names and not names & (_MANAGER_ROLES - {"Mentor"} | _ADMIN_ROLES)
