"""People: users as an LMS knows them, their enrolments and roles, and the one upsert that
records them (used by the launch and by the roster sync)."""

from development_plans.people.members import (
    MemberFacts,
    RecordedMember,
    upsert_enrolments,
    upsert_member,
    upsert_users,
)
from development_plans.people.models import Enrolment, ToolRole, User

__all__ = [
    "Enrolment",
    "MemberFacts",
    "RecordedMember",
    "ToolRole",
    "User",
    "upsert_enrolments",
    "upsert_member",
    "upsert_users",
]
