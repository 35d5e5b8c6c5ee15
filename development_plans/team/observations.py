"""A manager's own view of the level a member shows in each dimension, kept beside the member's
self-assessment, and shared with the member when the manager chooses (``share_view``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, selectinload

from development_plans.db import (
    EditConflict,
    dialect_of,
    execute_upsert,
    save_version,
    upsert,
    utcnow,
)
from development_plans.framework import Framework
from development_plans.people import User
from development_plans.plans import InvalidChange, NotAllowed
from development_plans.team.membership import Team
from development_plans.team.models import ManagerObservation, ObservationShare


def record_observation(
    session: Session,
    team: Team,
    member: User,
    observer: User,
    framework: Framework,
    levels: dict[str, str],
    opened_at: Mapping[str, int] | None = None,
) -> int:
    """Keep the observer's view of the member's level per dimension (ids from ``framework``);
    returns how many dimensions changed. Dimensions left out keep their earlier view.

    ``opened_at`` maps a dimension to the version of the view the form showed (0: none yet); a
    view saved since (in another tab) is not overwritten: ``InvalidChange`` names the level
    saved now for each such dimension, and nothing is kept."""
    _check(team, member, observer, framework, levels)
    existing = {
        o.dimension_id: o
        for o in session.scalars(
            select(ManagerObservation).where(
                ManagerObservation.course_id == team.course_id,
                ManagerObservation.member_id == member.id,
                ManagerObservation.observer_id == observer.id,
                ManagerObservation.framework_id == framework.id,
            )
        )
    }
    now = utcnow()
    changed = 0
    stale: dict[str, str] = {}
    for dimension_id, level_id in levels.items():
        row = existing.get(dimension_id)
        if row is not None and row.level_id == level_id:
            continue
        if row is None:
            saved = _first_view(session, team, member, observer, framework, dimension_id, level_id)
            if saved is not None and saved.level_id != level_id:
                stale[dimension_id] = _stale_view(framework, saved)
            changed += saved is None
            continue
        try:
            save_version(session, row, _opened(opened_at, dimension_id))
        except EditConflict:
            stale[dimension_id] = _stale_view(framework, row)
            continue
        row.level_id = level_id
        row.updated_at = now
        changed += 1
    if stale:
        raise InvalidChange(stale)
    session.flush()
    return changed


def _first_view(
    session: Session,
    team: Team,
    member: User,
    observer: User,
    framework: Framework,
    dimension_id: str,
    level_id: str,
) -> ManagerObservation | None:
    """Insert the observer's first view of a dimension (version 1) unless one was saved at the
    same moment (another tab): then nothing is written and that view, saved now, is returned."""
    keys = {
        "course_id": team.course_id,
        "member_id": member.id,
        "observer_id": observer.id,
        "framework_id": framework.id,
        "dimension_id": dimension_id,
    }
    statement = upsert(dialect_of(session), ManagerObservation, conflict=list(keys))
    row = {**keys, "level_id": level_id, "updated_at": utcnow(), "version_id": 1}
    inserted = session.execute(statement.returning(ManagerObservation.id), row).scalar()
    if inserted is not None:
        return None
    return session.scalars(
        select(ManagerObservation).where(
            *(getattr(ManagerObservation, name) == value for name, value in keys.items())
        )
    ).one()


def _check(
    team: Team, member: User, observer: User, framework: Framework, levels: dict[str, str]
) -> None:
    if observer.id != team.manager_id or member.id == observer.id:
        raise NotAllowed("Only the member's manager can record a view of their levels.")
    problems = {
        dimension_id: "Select one of the levels"
        for dimension_id, level_id in levels.items()
        if dimension_id not in {d.id for d in framework.dimensions}
        or level_id not in {framework.below_lowest.id, *framework.level_ids}
    }
    if problems:
        raise InvalidChange(problems)


def _opened(opened_at: Mapping[str, int] | None, dimension_id: str) -> int | None:
    """The version the form showed (None: not said, so the one loaded); 0, no view then, can
    never match a saved one."""
    if opened_at is None or dimension_id not in opened_at:
        return None
    return opened_at[dimension_id] or -1


def _stale_view(framework: Framework, saved: ManagerObservation) -> str:
    return (
        "You saved a view of this dimension in another tab or window after opening this page: "
        f"it is now {framework.level(saved.level_id).name}. Your choice is kept below: save "
        "again to keep yours."
    )


def observations_for(
    session: Session, course_id: int, member_id: int, framework_id: str
) -> dict[str, list[ManagerObservation]]:
    """Every manager's view of the member, by dimension id, with the observers loaded."""
    by_dimension: dict[str, list[ManagerObservation]] = defaultdict(list)
    for row in session.scalars(
        select(ManagerObservation)
        .where(
            ManagerObservation.course_id == course_id,
            ManagerObservation.member_id == member_id,
            ManagerObservation.framework_id == framework_id,
        )
        .order_by(ManagerObservation.updated_at)
        .options(selectinload(ManagerObservation.observer))
    ):
        by_dimension[row.dimension_id].append(row)
    return dict(by_dimension)


def _require_manager(team: Team, member: User, observer: User) -> None:
    if observer.id != team.manager_id or member.id == observer.id:
        raise NotAllowed("Only the member's manager can share their view of them.")


def share_view(session: Session, team: Team, member: User, observer: User) -> None:
    """Let the member see the observer's view of their levels (again, if taken back)."""
    _require_manager(team, member, observer)
    row = {
        "course_id": team.course_id,
        "member_id": member.id,
        "observer_id": observer.id,
        "shared_at": utcnow(),
    }
    keys = ("course_id", "member_id", "observer_id")
    statement = upsert(dialect_of(session), ObservationShare, conflict=keys)
    execute_upsert(session, statement, [row])


def unshare_view(session: Session, team: Team, member: User, observer: User) -> None:
    """Take the observer's view back: the member no longer sees it."""
    _require_manager(team, member, observer)
    session.execute(
        delete(ObservationShare).where(
            ObservationShare.course_id == team.course_id,
            ObservationShare.member_id == member.id,
            ObservationShare.observer_id == observer.id,
        )
    )


def is_shared(session: Session, course_id: int, member_id: int, observer_id: int) -> bool:
    """The observer shares their view of the member in this course."""
    return session.get(ObservationShare, (course_id, member_id, observer_id)) is not None


@dataclass(frozen=True)
class SharedView:
    """One manager's view of the member's levels, which they chose to share with the member."""

    observer: User
    shared_at: datetime
    levels: dict[str, str]


def shared_views(
    session: Session, course_id: int, member_id: int, framework_id: str
) -> list[SharedView]:
    """The views of the member that their managers share with them, in the order they were
    shared: two statements."""
    shares = session.scalars(
        select(ObservationShare)
        .where(ObservationShare.course_id == course_id, ObservationShare.member_id == member_id)
        .order_by(ObservationShare.shared_at)
        .options(selectinload(ObservationShare.observer))
    ).all()
    if not shares:
        return []
    observed = observations_for(session, course_id, member_id, framework_id)
    return [
        SharedView(
            share.observer,
            share.shared_at,
            {
                dimension_id: row.level_id
                for dimension_id, rows in observed.items()
                for row in rows
                if row.observer_id == share.observer_id
            },
        )
        for share in shares
    ]
