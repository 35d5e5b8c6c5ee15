"""One way to record a person in a course, used by both the launch and the roster sync: a
conflict-safe upsert of the user and their enrolment, so a class launching at once into a course
the tool has never seen makes exactly one row each, and no write ever fails on a duplicate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from sqlalchemy import Insert, case, func, select
from sqlalchemy.orm import Session

from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from development_plans.people.models import Enrolment, ToolRole, User

PERSONAL_FIELDS = ("name", "given_name", "family_name", "email")


@dataclass(frozen=True)
class MemberFacts:
    """What an LMS says about one person in one course; missing personal fields are None."""

    subject: str
    tool_role: ToolRole
    lti_roles: tuple[str, ...] = ()
    active: bool = True
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None
    mentees_only: bool = False
    mentee_subjects: tuple[str, ...] = field(default=())
    label: str | None = None


@dataclass(frozen=True)
class RecordedMember:
    user_id: int
    enrolment_id: int


def _text(value: str | None) -> str | None:
    return value[:255] if value else None


@cache
def _users_upsert(dialect: str, seen: bool) -> Insert:
    update = {
        f: (lambda new, f=f: func.coalesce(new[f], getattr(User, f))) for f in PERSONAL_FIELDS
    }
    update["label"] = lambda new: func.coalesce(User.label, new.label)
    if seen:
        update["last_seen_at"] = lambda new: new.last_seen_at
    statement = upsert(dialect, User, conflict=("issuer", "subject"), update=update)
    return statement.returning(User.subject, User.id)


@cache
def _enrolments_upsert(dialect: str, launched: bool) -> Insert:
    if launched:
        update = {
            name: (lambda new, name=name: new[name])
            for name in ("tool_role", "lti_roles", "mentees_only", "mentee_subjects")
        }
        update.update(active=True, launched=True, last_launch_at=lambda new: new.last_launch_at)
    else:
        update = {
            name: (
                lambda new, name=name: case(
                    (Enrolment.launched, getattr(Enrolment, name)), else_=new[name]
                )
            )
            for name in ("tool_role", "lti_roles")
        }
        update["active"] = lambda new: new.active
    statement = upsert(dialect, Enrolment, conflict=("user_id", "course_id"), update=update)
    return statement.returning(Enrolment.user_id, Enrolment.id)


def upsert_users(
    session: Session, issuer: str, members: Sequence[MemberFacts], *, now: datetime, seen: bool
) -> dict[str, int]:
    """Users by subject, created when new; a name or email the LMS sends replaces the stored
    one, a missing one never erases it; a label, once given, never changes. ``seen`` (a launch)
    also stamps ``last_seen_at``."""
    if not members:
        return {}
    members = sorted(members, key=lambda m: m.subject)  # one lock order for concurrent syncs
    rows = [
        {
            "issuer": issuer,
            "subject": m.subject,
            **{f: _text(getattr(m, f)) for f in PERSONAL_FIELDS},
            "label": m.label,
            "created_at": now,
            "last_seen_at": now,
        }
        for m in members
    ]
    statement = _users_upsert(dialect_of(session), seen)
    found = execute_upsert(session, statement, rows).all()
    return dict(found)


def upsert_enrolments(
    session: Session,
    course_id: int,
    members: Sequence[MemberFacts],
    user_ids: dict[str, int],
    *,
    now: datetime,
    launched: bool,
) -> dict[int, int]:
    """Enrolments by user id. A launch (``launched``) is the truth about the person's roles and
    makes them active; a roster sync sets the roles only of people who have never launched (their
    own launch knows better) and follows the roster's active flag."""
    if not members:
        return {}
    members = sorted(members, key=lambda m: user_ids[m.subject])
    rows = [
        {
            "user_id": user_ids[m.subject],
            "course_id": course_id,
            "tool_role": m.tool_role.value,
            "lti_roles": list(m.lti_roles),
            "mentees_only": m.mentees_only,
            "mentee_subjects": list(m.mentee_subjects),
            "active": m.active,
            "launched": launched,
            "created_at": now,
            "last_launch_at": now if launched else None,
        }
        for m in members
    ]
    statement = _enrolments_upsert(dialect_of(session), launched)
    found = execute_upsert(session, statement, rows).all()
    return dict(found)


def upsert_member(
    session: Session,
    issuer: str,
    course_id: int,
    member: MemberFacts,
    *,
    launched: bool,
    now: datetime | None = None,
) -> RecordedMember:
    """Record one person in one course (see :func:`upsert_users`, :func:`upsert_enrolments`)."""
    now = now or utcnow()
    user_ids = upsert_users(session, issuer, [member], now=now, seen=launched)
    enrolment_ids = upsert_enrolments(
        session, course_id, [member], user_ids, now=now, launched=launched
    )
    user_id = user_ids[member.subject]
    return RecordedMember(user_id=user_id, enrolment_id=enrolment_ids[user_id])


def enrolment_of(session: Session, user_id: int, course_id: int) -> Enrolment | None:
    return session.scalar(
        select(Enrolment).where(Enrolment.user_id == user_id, Enrolment.course_id == course_id)
    )
