"""Recording a course and a placement from a launch: conflict-safe upserts, so the first
launches of a whole class into a new course make exactly one course and one placement."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Insert, func
from sqlalchemy.orm import Session

from development_plans.courses.models import Course, Placement
from development_plans.db import dialect_of, execute_upsert, upsert, utcnow


@dataclass(frozen=True)
class CourseFacts:
    issuer: str
    client_id: str
    deployment_id: str
    context_id: str
    title: str | None = None
    label: str | None = None
    memberships_url: str | None = None


@dataclass(frozen=True)
class PlacementFacts:
    resource_link_id: str
    title: str | None = None
    lineitems_url: str | None = None
    lineitem_url: str | None = None
    ags_scopes: tuple[str, ...] | None = None


def _keep_unless_given(model, *names: str) -> dict:
    """On conflict, a value this launch sent replaces the stored one; a missing one keeps it."""
    return {n: (lambda new, n=n: func.coalesce(new[n], getattr(model, n))) for n in names}


@cache
def _course_upsert(dialect: str) -> Insert:
    statement = upsert(
        dialect,
        Course,
        conflict=("issuer", "client_id", "deployment_id", "context_id"),
        update=_keep_unless_given(Course, "title", "label", "memberships_url"),
    )
    return statement.returning(Course.id)


@cache
def _placement_upsert(dialect: str, replace_scopes: bool) -> Insert:
    update = _keep_unless_given(Placement, "title", "lineitems_url", "lineitem_url")
    if replace_scopes:
        update["ags_scopes"] = lambda new: new.ags_scopes
    conflict = ("course_id", "resource_link_id")
    return upsert(dialect, Placement, conflict=conflict, update=update).returning(Placement.id)


def upsert_course(session: Session, facts: CourseFacts) -> int:
    """The course's id, created on its first launch; title, label and roster URL kept current."""
    row = {**facts.__dict__, "created_at": utcnow()}
    return execute_upsert(session, _course_upsert(dialect_of(session)), [row]).scalar_one()


def upsert_placement(session: Session, course_id: int, facts: PlacementFacts) -> int:
    """The placement's id, created on its first launch; its title and grade endpoints kept
    current (scopes replaced when the launch lists them)."""
    row = {
        "course_id": course_id,
        "resource_link_id": facts.resource_link_id,
        "title": facts.title,
        "lineitems_url": facts.lineitems_url,
        "lineitem_url": facts.lineitem_url,
        "ags_scopes": list(facts.ags_scopes or ()),
        "created_at": utcnow(),
    }
    statement = _placement_upsert(dialect_of(session), facts.ags_scopes is not None)
    return execute_upsert(session, statement, [row]).scalar_one()
