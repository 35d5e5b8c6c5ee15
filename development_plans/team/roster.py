"""Applying the roster the LMS reports for a course: people are added, their names and emails
filled in (never erased), and people no longer listed marked inactive. Nothing is deleted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from development_plans.courses import Course
from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from development_plans.people import Enrolment, MemberFacts, upsert_enrolments, upsert_users
from development_plans.team.models import RosterSync


@dataclass(frozen=True)
class RosterResult:
    """What a roster sync changed."""

    listed: int
    added: int
    left: int
    returned: int


def apply_roster(
    session: Session,
    course: Course,
    members: Iterable[MemberFacts],
    *,
    keep_user_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> RosterResult:
    """Bring the course's enrolments in line with the LMS's list: add people not seen before,
    fill in names and emails the list has (never erasing any), and mark people the list no
    longer has, or lists as inactive, as inactive. Nothing is deleted. People are written with
    the same conflict-safe upserts as a launch (``people``), so a sync racing a launch is safe."""
    now = now or utcnow()
    session.flush()
    listed = {m.subject: m for m in members if m.subject}
    before = dict(
        session.execute(
            select(Enrolment.user_id, Enrolment.active).where(Enrolment.course_id == course.id)
        ).all()
    )
    facts = list(listed.values())
    user_ids = upsert_users(session, course.issuer, facts, now=now, seen=False)
    upsert_enrolments(session, course.id, facts, user_ids, now=now, launched=False)
    added = sum(1 for s in listed if user_ids[s] not in before)
    left = sum(1 for s, m in listed.items() if before.get(user_ids[s]) and not m.active)
    returned = sum(1 for s, m in listed.items() if before.get(user_ids[s]) is False and m.active)
    keep = set(keep_user_ids) | set(user_ids.values())
    unlisted = [user_id for user_id, active in before.items() if active and user_id not in keep]
    if unlisted:
        session.execute(
            update(Enrolment)
            .where(Enrolment.course_id == course.id, Enrolment.user_id.in_(unlisted))
            .values(active=False)
            .execution_options(synchronize_session=False)
        )
    _record_sync(session, course.id, len(listed), now)
    session.expire_all()
    left += len(unlisted)
    return RosterResult(listed=len(listed), added=added, left=left, returned=returned)


def _record_sync(session: Session, course_id: int, listed: int, now: datetime) -> None:
    row = {
        "course_id": course_id,
        "attempted_at": now,
        "synced_at": now,
        "members_listed": listed,
        "error": None,
    }
    update_all = {name: (lambda new, name=name: new[name]) for name in row if name != "course_id"}
    statement = upsert(dialect_of(session), RosterSync, conflict=("course_id",), update=update_all)
    execute_upsert(session, statement, [row])


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
