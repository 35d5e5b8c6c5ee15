"""The dashboard's columns: which a manager may show besides the member's name, the compact set
shown until they choose, and their choice, kept per manager and course."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from development_plans.db import dialect_of, execute_upsert, upsert, utcnow
from development_plans.framework import Framework
from development_plans.team.membership import Team
from development_plans.team.models import DashboardColumns

#: The columns besides the levels, in the table's order around them (levels come after status).
BEFORE_LEVELS = ("status",)
AFTER_LEVELS = ("goals", "overdue", "activity")
#: What a manager sees until they choose: narrow enough for a 900 px LMS frame.
COMPACT = ("status", "goals", "overdue", "activity")


_LABELS = {
    "status": "Plan status",
    "goals": "Goals achieved",
    "overdue": "Overdue goals",
    "activity": "Last activity",
}


def column_labels(framework: Framework) -> dict[str, str]:
    """Every column a manager may show, key → heading, in the table's order."""
    return {
        key: _LABELS.get(key) or framework.dimension(key).name for key in column_keys(framework)
    }


def column_keys(framework: Framework) -> tuple[str, ...]:
    """Every column a manager may show, in the table's order: status, a level per dimension
    (by dimension id), goals, overdue goals and last activity."""
    return (*BEFORE_LEVELS, *(d.id for d in framework.dimensions), *AFTER_LEVELS)


def shown_columns(session: Session, team: Team, framework: Framework) -> tuple[str, ...]:
    """The columns this manager chose (those still in the framework), else the compact set."""
    row = session.get(DashboardColumns, (team.course_id, team.manager_id))
    if row is None:
        return COMPACT
    chosen = set(row.shown)
    return tuple(key for key in column_keys(framework) if key in chosen)


def choose_columns(
    session: Session, team: Team, framework: Framework, shown: Iterable[str]
) -> tuple[str, ...]:
    """Keep the columns the manager wants to see (unknown keys ignored); returns them in order."""
    wanted = set(shown)
    keys = tuple(key for key in column_keys(framework) if key in wanted)
    row = {
        "course_id": team.course_id,
        "manager_id": team.manager_id,
        "shown": list(keys),
        "updated_at": utcnow(),
    }
    statement = upsert(
        dialect_of(session),
        DashboardColumns,
        conflict=("course_id", "manager_id"),
        update={"shown": lambda new: new.shown, "updated_at": lambda new: new.updated_at},
    )
    execute_upsert(session, statement, [row])
    session.expire_all()
    return keys
