"""The schema's foundation: the declarative ``Base`` every concept's tables use, UTC timestamps,
and conflict-safe upserts on SQLite and PostgreSQL.

``development_plans`` owns the schema without knowing about Flask; ``lti_tool`` hands ``Base`` to
Flask-SQLAlchemy and adds its LTI-specific tables to the same metadata.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CursorResult, DateTime, Insert, MetaData, TypeDecorator, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, registry
from sqlalchemy.orm.attributes import set_committed_value

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, for every timestamp the tool writes."""
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every database (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given; use development_plans.db.utcnow()")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    registry = registry(
        metadata=MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UtcDateTime()},
    )


def upsert(
    dialect: str,
    model: type[Base],
    *,
    conflict: Sequence[str],
    update: Mapping[str, Any] | None = None,
) -> Insert:
    """``INSERT … ON CONFLICT (conflict) DO UPDATE SET update`` (or ``DO NOTHING``) for the
    ``dialect`` ("postgresql" or "sqlite"), so two requests writing one row at once never
    collide. ``update`` maps column names to values or to functions of ``excluded`` (the row
    this insert proposed).
    Run it with :func:`execute_upsert`, which passes the rows as parameters: that keeps the
    compiled statement cached and batches many rows into few round trips."""
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(model)
    if update:
        values = {k: (v(insert.excluded) if callable(v) else v) for k, v in update.items()}
        return insert.on_conflict_do_update(index_elements=list(conflict), set_=values)
    return insert.on_conflict_do_nothing(index_elements=list(conflict))


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def execute_upsert(
    session: Session, statement: Insert, rows: Sequence[Mapping[str, Any]]
) -> CursorResult:
    """Run an :func:`upsert` on the session's connection, in its transaction, without the ORM's
    bulk machinery (the rows are plain values; nothing is loaded into the session)."""
    return session.connection().execute(statement, list(rows))


class Versioned:
    """A row people change through a form: ``version_id`` counts the saves made through forms,
    the form carries the version it was opened at, and :func:`save_version` refuses a save
    from an older one (two tabs, or a colleague, saved in between)."""

    version_id: Mapped[int] = mapped_column(default=1, server_default="1")


class EditConflict(Exception):
    """A save from a form opened at an older version than the one now saved; ``row`` is the
    saved row (read again), for the page to show beside what the person typed."""

    def __init__(self, row: Versioned, opened_at: int) -> None:
        super().__init__(
            "This was changed and saved (in another tab or by someone else) after you opened it."
        )
        self.row = row
        self.opened_at = opened_at


def save_version(session: Session, row: Versioned, opened_at: int | None) -> None:
    """Claim the next version of ``row`` for a save from a form opened at ``opened_at`` (None:
    the version loaded), with one compare-and-set ``UPDATE … SET version_id = v + 1 WHERE id =
    :id AND version_id = v``, so of two saves from one version only the first lands. Raises
    :class:`EditConflict` (with the row read again) when it was saved since."""
    model = type(row)
    expected = row.version_id if opened_at is None else opened_at
    claimed = 0
    if expected == row.version_id:
        claimed = session.execute(
            update(model)
            .where(model.id == row.id, model.version_id == expected)
            .values(version_id=expected + 1)
            .execution_options(synchronize_session=False)
        ).rowcount
    if claimed != 1:
        session.refresh(row)
        raise EditConflict(row, expected)
    set_committed_value(row, "version_id", expected + 1)
