"""Continuations: an administrator's statement that a new registration or deployment continues an
old one, so a course reached through a second tool type (Moodle Dynamic Registration replacing a
manual registration, a re-registered site) keeps its people and their work.

Per the LTI spec, courses are keyed by deployment and context (issuer, client ID, deployment ID,
context ID) and people by issuer and ``sub``. Continuing deployment OLD in NEW moves every course
of OLD to NEW's key (so roster and grade calls use NEW's registration), and, when the issuer
changes, moves OLD's people of those courses to NEW's issuer under the same ``sub``. A course or
person NEW had already created in the meantime is merged away when it holds no work (only
enrolments, placements and bookkeeping), or, with ``set_aside``, kept under a marked key. Later
launches from OLD are looked up as NEW's. Continuing NEW back in OLD undoes it (except that merged
empty rows are not brought back, and set-aside rows stay set aside)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import String, Table, UniqueConstraint, delete, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from development_plans.courses import Course, CourseFacts, Placement
from development_plans.db import Base, utcnow
from development_plans.people import Enrolment, User
from lti_tool.lti.models import LtiDeployment, LtiRegistration

#: Tables that record only that someone launched or that the LMS was asked something: rows here
#: are not anybody's work, so a course or person holding nothing else can be merged away.
BOOKKEEPING = frozenset({"enrolments", "placements", "team_roster_syncs", "grade_line_items"})


class LtiContinuation(Base):
    """Deployment ``from_*`` is continued by deployment ``to_*`` (never a chain: continuing into
    a deployment that was itself continued re-points the older statements)."""

    __tablename__ = "lti_continuations"
    __table_args__ = (
        UniqueConstraint(
            "from_issuer", "from_client_id", "from_deployment_id", name="uq_lti_continuations_from"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    from_issuer: Mapped[str] = mapped_column(String(255))
    from_client_id: Mapped[str] = mapped_column(String(255))
    from_deployment_id: Mapped[str] = mapped_column(String(255))
    to_issuer: Mapped[str] = mapped_column(String(255))
    to_client_id: Mapped[str] = mapped_column(String(255))
    to_deployment_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def old(self) -> DeploymentKey:
        return DeploymentKey(self.from_issuer, self.from_client_id, self.from_deployment_id)

    @property
    def new(self) -> DeploymentKey:
        return DeploymentKey(self.to_issuer, self.to_client_id, self.to_deployment_id)


@dataclass(frozen=True)
class DeploymentKey:
    issuer: str
    client_id: str
    deployment_id: str

    def __str__(self) -> str:
        return f"{self.issuer} client {self.client_id} deployment {self.deployment_id}"


class ContinuationRefused(Exception):
    """The continuation cannot be made as asked; the message says why and what to do."""


@dataclass
class ContinuationReport:
    courses_moved: int = 0
    people_moved: int = 0
    merged: list[str] = field(default_factory=list)
    set_aside: list[str] = field(default_factory=list)
    reversed_previous: bool = False


def continued_as(session: Session, key: DeploymentKey) -> DeploymentKey:
    """The deployment whose courses a launch from ``key`` belongs to (``key`` itself unless an
    administrator said another deployment continues it)."""
    row = session.scalar(
        select(LtiContinuation).where(
            LtiContinuation.from_issuer == key.issuer,
            LtiContinuation.from_client_id == key.client_id,
            LtiContinuation.from_deployment_id == key.deployment_id,
        )
    )
    return row.new if row else key


def continued_course(session: Session, facts: CourseFacts) -> tuple[CourseFacts, str]:
    """The course facts of a launch keyed as its continuing deployment, and the issuer its
    people are recorded under. A launch through an old deployment keeps the course's roster
    URL (the continuing registration's token would not open the old one)."""
    key = DeploymentKey(facts.issuer, facts.client_id, facts.deployment_id)
    target = continued_as(session, key)
    if target == key:
        return facts, facts.issuer
    moved = CourseFacts(
        issuer=target.issuer,
        client_id=target.client_id,
        deployment_id=target.deployment_id,
        context_id=facts.context_id,
        title=facts.title,
        label=facts.label,
    )
    return moved, target.issuer


def continuations(session: Session) -> list[LtiContinuation]:
    return list(session.scalars(select(LtiContinuation).order_by(LtiContinuation.id)))


def continue_deployment(
    session: Session, old: DeploymentKey, new: DeploymentKey, *, set_aside: bool = False
) -> ContinuationReport:
    """Say that ``new`` continues ``old`` and move ``old``'s courses (and, across issuers, their
    people) to it. Nothing is changed when it is refused. The caller commits."""
    if old == new:
        raise ContinuationRefused("A deployment cannot continue itself.")
    _require_registered(session, new)
    report = ContinuationReport()
    onward = session.scalar(
        select(LtiContinuation).where(
            LtiContinuation.from_issuer == new.issuer,
            LtiContinuation.from_client_id == new.client_id,
            LtiContinuation.from_deployment_id == new.deployment_id,
        )
    )
    if onward is not None and onward.new != old:
        raise ContinuationRefused(
            f"{new} is itself continued by {onward.new}; continue {old} in that one instead."
        )
    courses = list(session.scalars(select(Course).where(*_course_key(old)).order_by(Course.id)))
    _clear_the_way(session, courses, new, set_aside, report)
    if old.issuer != new.issuer:
        _move_people(session, [c.id for c in courses], old.issuer, new.issuer, set_aside, report)
    for course in courses:
        course.issuer, course.client_id = new.issuer, new.client_id
        course.deployment_id = new.deployment_id
        report.courses_moved += 1
    report.reversed_previous = onward is not None
    session.flush()
    _record(session, old, new)
    return report


def _require_registered(session: Session, key: DeploymentKey) -> None:
    registration = session.scalar(
        select(LtiRegistration).where(
            LtiRegistration.issuer == key.issuer, LtiRegistration.client_id == key.client_id
        )
    )
    if registration is None:
        raise ContinuationRefused(
            f"No registration has issuer {key.issuer} and client ID {key.client_id}: register it "
            "first (`flask platform add`, or Dynamic Registration)."
        )
    if not any(d.deployment_id == key.deployment_id for d in registration.deployments):
        registration.deployments.append(LtiDeployment(deployment_id=key.deployment_id))


def _course_key(key: DeploymentKey):
    return (
        Course.issuer == key.issuer,
        Course.client_id == key.client_id,
        Course.deployment_id == key.deployment_id,
    )


def _referring(table_name: str) -> list[tuple[Table, str]]:
    """Every (table, column) whose foreign key points at ``table_name``."""
    return [
        (table, key.parent.name)
        for table in Base.metadata.sorted_tables
        for key in table.foreign_keys
        if key.column.table.name == table_name and table.name != table_name
    ]


def _work_rows(session: Session, refs: list[tuple[Table, str]], ids: list[int]) -> int:
    if not ids:
        return 0
    return sum(
        session.scalar(select(func.count()).select_from(table).where(table.c[col].in_(ids))) or 0
        for table, col in refs
        if table.name not in BOOKKEEPING
    )


def _delete_referring(session: Session, refs: list[tuple[Table, str]], ids: list[int]) -> None:
    for table, col in refs:
        session.execute(delete(table).where(table.c[col].in_(ids)))


def _clear_the_way(
    session: Session,
    courses: list[Course],
    new: DeploymentKey,
    set_aside: bool,
    report: ContinuationReport,
) -> None:
    """A course ``new`` already made for one of these contexts is merged away if it holds no
    work, set aside if asked, else the continuation is refused."""
    contexts = [c.context_id for c in courses]
    taken = session.scalars(
        select(Course).where(*_course_key(new), Course.context_id.in_(contexts))
    ).all()
    blocked = []
    for course in taken:
        placements = list(
            session.scalars(select(Placement.id).where(Placement.course_id == course.id))
        )
        work = _work_rows(session, _referring("courses"), [course.id]) + _work_rows(
            session, _referring("placements"), placements
        )
        if work and not set_aside:
            blocked.append(f"{course.display_title} ({course.context_id}): {work} rows of work")
        elif work:
            course.context_id = f"{course.context_id} (set aside {course.id})"[:255]
            report.set_aside.append(f"course {course.display_title} (id {course.id})")
        else:
            if placements:
                _delete_referring(session, _referring("placements"), placements)
            _delete_referring(session, _referring("courses"), [course.id])
            session.delete(course)
            report.merged.append(f"course {course.display_title} (id {course.id})")
    if blocked:
        raise ContinuationRefused(
            f"{new} already has courses with work in them for these contexts: "
            + "; ".join(blocked)
            + ". Pass --set-aside to keep them aside under a marked key, or ask their people first."
        )
    session.flush()


def _move_people(
    session: Session,
    course_ids: list[int],
    old_issuer: str,
    new_issuer: str,
    set_aside: bool,
    report: ContinuationReport,
) -> None:
    """Across issuers the ``sub`` stays the key: each person of the moved courses moves to the
    new issuer, replacing an empty record the new issuer had made for the same ``sub``."""
    people = session.scalars(
        select(User)
        .join(Enrolment, Enrolment.user_id == User.id)
        .where(User.issuer == old_issuer, Enrolment.course_id.in_(course_ids or [-1]))
        .distinct()
    ).all()
    subjects = {p.subject: p for p in people}
    existing = session.scalars(
        select(User).where(User.issuer == new_issuer, User.subject.in_(list(subjects) or [""]))
    ).all()
    refs = _referring("users")
    blocked = []
    for person in existing:
        work = _work_rows(session, refs, [person.id])
        if work and not set_aside:
            blocked.append(f"user id {person.id}: {work} rows of work")
        elif work:
            person.subject = f"{person.subject} (set aside {person.id})"[:255]
            report.set_aside.append(f"person id {person.id}")
        else:
            _delete_referring(session, refs, [person.id])
            session.delete(person)
            report.merged.append(f"person id {person.id}")
    if blocked:
        raise ContinuationRefused(
            f"Issuer {new_issuer} already has people with work under the same sub: "
            + "; ".join(blocked)
            + ". Pass --set-aside to keep them aside under a marked subject."
        )
    session.flush()
    for person in people:
        person.issuer = new_issuer
        report.people_moved += 1


def _record(session: Session, old: DeploymentKey, new: DeploymentKey) -> None:
    """Store OLD → NEW, re-pointing statements that led into OLD so none forms a chain."""
    session.execute(
        update(LtiContinuation)
        .where(
            LtiContinuation.to_issuer == old.issuer,
            LtiContinuation.to_client_id == old.client_id,
            LtiContinuation.to_deployment_id == old.deployment_id,
        )
        .values(
            to_issuer=new.issuer, to_client_id=new.client_id, to_deployment_id=new.deployment_id
        )
    )
    session.execute(
        delete(LtiContinuation).where(
            LtiContinuation.from_issuer == new.issuer,
            LtiContinuation.from_client_id == new.client_id,
            LtiContinuation.from_deployment_id == new.deployment_id,
        )
    )
    session.execute(
        delete(LtiContinuation).where(
            LtiContinuation.from_issuer == old.issuer,
            LtiContinuation.from_client_id == old.client_id,
            LtiContinuation.from_deployment_id == old.deployment_id,
        )
    )
    session.add(
        LtiContinuation(
            from_issuer=old.issuer,
            from_client_id=old.client_id,
            from_deployment_id=old.deployment_id,
            to_issuer=new.issuer,
            to_client_id=new.client_id,
            to_deployment_id=new.deployment_id,
        )
    )
    session.flush()
