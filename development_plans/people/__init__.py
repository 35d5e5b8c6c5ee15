"""People: users as an LMS knows them, their enrolments and roles, and the one upsert that
records them (used by the launch and by the roster sync)."""

from development_plans.models import Enrolment, ToolRole, User
from development_plans.people.members import (
    MemberFacts,
    RecordedMember,
    upsert_enrolments,
    upsert_member,
    upsert_users,
)

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
