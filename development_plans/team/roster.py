"""Applying the roster the LMS reports for a course: people are added, their names and emails
filled in (never erased), and people no longer listed marked inactive. Nothing is deleted."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from development_plans.models import Course, Enrolment, ToolRole, User, utcnow
from development_plans.team.models import RosterSync

_CHUNK = 500


@dataclass(frozen=True)
class RosterMember:
    """One person the LMS lists in the course; names and email may be missing."""

    subject: str
    tool_role: ToolRole
    lti_roles: tuple[str, ...] = ()
    active: bool = True
    name: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class RosterResult:
    """What a roster sync changed."""

    listed: int
    added: int
    left: int
    returned: int


def _chunks(values: Sequence[str], size: int = _CHUNK) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _listed_users(
    session: Session, course: Course, listed: dict[str, RosterMember], now: datetime
) -> dict[str, User]:
    """The users the roster lists, created when never seen, with names and emails filled in."""
    subjects = sorted(listed)
    users: dict[str, User] = {}
    for chunk in _chunks(subjects):
        users.update(
            (u.subject, u)
            for u in session.scalars(
                select(User).where(User.issuer == course.issuer, User.subject.in_(chunk))
            )
        )
    for subject in subjects:
        member = listed[subject]
        user = users.get(subject)
        if user is None:
            user = users[subject] = User(issuer=course.issuer, subject=subject, last_seen_at=now)
            session.add(user)
        for name in ("name", "given_name", "family_name", "email"):
            value = getattr(member, name)
            if value and getattr(user, name) != value[:255]:
                setattr(user, name, value[:255])
    session.flush()
    return users


def apply_roster(
    session: Session,
    course: Course,
    members: Iterable[RosterMember],
    *,
    keep_user_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> RosterResult:
    """Bring the course's enrolments in line with the LMS's list: add people not seen before,
    fill in names and emails the list has (never erasing any), and mark people the list no
    longer has, or lists as inactive, as inactive. Nothing is deleted."""
    now = now or utcnow()
    listed = {m.subject: m for m in members if m.subject}
    users = _listed_users(session, course, listed, now)
    enrolments = {
        e.user_id: e
        for e in session.scalars(select(Enrolment).where(Enrolment.course_id == course.id))
    }
    added = left = returned = 0
    listed_ids = set()
    for subject in sorted(listed):
        member, user = listed[subject], users[subject]
        listed_ids.add(user.id)
        enrolment = enrolments.get(user.id)
        if enrolment is None:
            session.add(
                Enrolment(
                    user_id=user.id,
                    course_id=course.id,
                    tool_role=member.tool_role.value,
                    lti_roles=list(member.lti_roles),
                    active=member.active,
                    launched=False,
                    created_at=now,
                )
            )
            added += 1
            continue
        if not enrolment.launched:
            enrolment.tool_role = member.tool_role.value
            enrolment.lti_roles = list(member.lti_roles)
        if enrolment.active != member.active:
            left += not member.active
            returned += member.active
            enrolment.active = member.active
    keep = set(keep_user_ids)
    for user_id, enrolment in enrolments.items():
        if user_id not in listed_ids and user_id not in keep and enrolment.active:
            enrolment.active = False
            left += 1
    _record_sync(session, course.id, len(listed), now)
    return RosterResult(listed=len(listed), added=added, left=left, returned=returned)


def _record_sync(session: Session, course_id: int, listed: int, now: datetime) -> None:
    sync = session.get(RosterSync, course_id) or RosterSync(course_id=course_id)
    sync.attempted_at = sync.synced_at = now
    sync.members_listed = listed
    sync.error = None
    session.add(sync)
    session.flush()


def record_sync_failure(
    session: Session, course_id: int, error: str, now: datetime | None = None
) -> None:
    """Remember a failed roster fetch, so the dashboard says so and does not retry at once."""
    sync = session.get(RosterSync, course_id) or RosterSync(course_id=course_id)
    sync.attempted_at = now or utcnow()
    sync.error = error[:2000]
    session.add(sync)
    session.flush()


def due_for_sync(
    session: Session, course_id: int, interval_seconds: int, now: datetime | None = None
) -> bool:
    """True when the course's roster was not fetched (or tried) in the last ``interval_seconds``."""
    attempted = session.scalar(
        select(RosterSync.attempted_at).where(RosterSync.course_id == course_id)
    )
    now = now or utcnow()
    return attempted is None or (now - attempted).total_seconds() >= interval_seconds
